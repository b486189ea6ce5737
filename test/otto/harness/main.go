// Command otto-harness runs Tyk JSVM middleware in real otto the way the Tyk
// gateway does (gateway/mw_js_plugin.go, released Tyk ≤ 5.14 with driver "otto").
//
// Modes:
//
//	-serve (default)  JSON lines on stdin → one JSON outcome per line on stdout
//	-lint  file.js…   parse + compile every regex the way otto does + load in a VM
//	-bench            time pre+post per request with the body pasted in as Tyk does
//
// Build as a Go module pinned to otto v0.5.1, the release Tyk 5.8 LTS embeds (test/otto/harness-binary.ts does
// this into dist/otto-harness/otto-harness):
//
//	cd test/otto/harness && CGO_ENABLED=0 go build -o otto-harness .
//
// Loading, as Tyk's JSVM.Init then LoadJSPaths: otto.New() (underscore is
// registered by the import, so `_` exists), the TykJS core (-tykjs), the
// Go-side globals (log, rawlog, b64enc, b64dec, rawb64enc, rawb64dec; log
// lines go to stderr as "jsvm log: …"), then every -file in order.
// -seed N seeds math/rand, otto's Math.random source.
//
// -serve reads one JSON object per line:
//
//	{"hook":"swEdgePre","request":{"method":"POST","url":"/inference/predict?x=1",
//	 "headers":{"Sw8":["…"]},"bodyB64":"…"},"session":{…},"spec":{"APIID":"…","OrgID":"…","config_data":{…}},
//	 "timeoutMs":5000}
//	{"hook":"swEdgePre","rawArgs":"<JS source of the three arguments>"}
//
// and writes one line per call:
//
//	{"ok":true,"headers":{…},"bodyB64":"…","bodyUnchanged":true,"url":"…","returned":{…},"logs":[…],"durationNs":N}
//	{"ok":false,"error":"…","status":500,"logs":[…]}   (Tyk answers 500, request not proxied)
//	{"ok":false,"error":"bad input line: …","logs":[…]} (the line itself was malformed)
//
// Optional in a success: "urlError" (returned URL did not parse: Tyk goes on
// with the headers unapplied) and "override" (ReturnOverrides: the request
// is answered, not proxied).
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"time"
)

type fileList []string

func (f *fileList) String() string     { return strings.Join(*f, ",") }
func (f *fileList) Set(v string) error { *f = append(*f, v); return nil }

type options struct {
	files     fileList
	tykjs     string
	seed      int64
	seeded    bool
	timeout   time.Duration
	serve     bool
	lint      bool
	bench     bool
	hooks     string
	bodyBytes int
	iters     int
	warmup    int
	headers   string
	spec      string
	url       string
	method    string
	gcMode    string
	variants  fileList
}

func main() {
	var o options
	var timeoutMs int
	var seed int64
	flag.Var(&o.files, "file", "middleware file to load after the TykJS core (repeatable, loaded in order)")
	flag.StringVar(&o.tykjs, "tykjs", "", "path to the TykJS core stand-in (default: tykjs/tykjs.js under the working directory or next to the repo of the binary)")
	flag.Int64Var(&seed, "seed", 0, "seed Go's math/rand (otto's Math.random source); default: seeded from the current second, like Tyk")
	flag.IntVar(&timeoutMs, "timeout-ms", 5000, "JSVM timeout per call in ms (Tyk: jsvm_timeout seconds, default 5)")
	flag.BoolVar(&o.serve, "serve", false, "serve JSON lines on stdin (the default mode)")
	flag.BoolVar(&o.lint, "lint", false, "lint the files given as arguments (and -file)")
	flag.BoolVar(&o.bench, "bench", false, "benchmark the hooks named by -hooks")
	flag.StringVar(&o.hooks, "hooks", "swEdgePre,swEdgePost", "bench: global hook names, run in order like pre then post")
	flag.IntVar(&o.bodyBytes, "body-bytes", 0, "bench: request body size in bytes")
	flag.IntVar(&o.iters, "iterations", 50, "bench: measured iterations")
	flag.IntVar(&o.warmup, "warmup", 5, "bench: unmeasured iterations first")
	flag.StringVar(&o.headers, "headers", "", "bench: extra request headers as JSON {name:[values]}")
	flag.StringVar(&o.spec, "spec", "", "bench: spec JSON {APIID, OrgID, config_data}")
	flag.StringVar(&o.url, "url", "/inference/predict", "bench: request URI")
	flag.StringVar(&o.method, "method", "POST", "bench: request method")
	flag.Var(&o.variants, "variant", "bench: a rival as name|hook1,hook2|file1,file2 (repeatable; rivals run in turns each iteration); without it, -hooks over the -file set")
	flag.StringVar(&o.gcMode, "gc", "between", "bench: \"between\" = collector off during a request, a timed full collection after it; \"go\" = Go's default pacing inside the timing")
	flag.Parse()

	o.timeout = time.Duration(timeoutMs) * time.Millisecond
	if timeoutMs <= 0 {
		// Tyk: jsvm_timeout ≤ 0 means the default of 5 s.
		o.timeout = 5 * time.Second
	}
	flag.Visit(func(f *flag.Flag) {
		if f.Name == "seed" {
			o.seeded = true
		}
	})
	if o.seeded {
		o.seed = seed
	} else {
		// Tyk ≤ 5.14 (Go ≤ 1.23) reseeds the shared source from the current
		// second, so gateways started in the same second share a sequence.
		o.seed = time.Now().Unix()
	}
	rand.Seed(o.seed)

	modes := 0
	for _, m := range []bool{o.serve, o.lint, o.bench} {
		if m {
			modes++
		}
	}
	if modes > 1 {
		fatal(2, "choose one of -serve, -lint, -bench")
	}
	if o.tykjs == "" {
		o.tykjs = findTykJS()
	}

	switch {
	case o.lint:
		files := append([]string{}, o.files...)
		files = append(files, flag.Args()...)
		os.Exit(runLint(o, files))
	case o.bench:
		os.Exit(runBench(o))
	default:
		os.Exit(runServe(o))
	}
}

func fatal(code int, format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "otto-harness: "+format+"\n", args...)
	os.Exit(code)
}
