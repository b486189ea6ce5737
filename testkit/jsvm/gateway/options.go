package gateway

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"time"
)

type fileList []string

func (f *fileList) String() string     { return strings.Join(*f, ",") }
func (f *fileList) Set(v string) error { *f = append(*f, v); return nil }

// Options are the flags both harnesses take, so one Node client drives either.
type Options struct {
	Program   string
	Files     []string
	TykJS     string
	Seed      int64
	Timeout   time.Duration
	Serve     bool
	Lint      bool
	Bench     bool
	Hooks     string
	BodyBytes int
	Iters     int
	Warmup    int
	Headers   string
	Spec      string
	URL       string
	Method    string
	GCMode    string
	Variants  []string
	Args      []string
}

// ParseFlags reads the command line and seeds math/rand, the source of
// Math.random in both engines (goja.New() defaults to rand.Float64).
func ParseFlags(program string) Options {
	o := Options{Program: program}
	var files, variants fileList
	var timeoutMs int
	var seed int64
	flag.Var(&files, "file", "middleware file to load after the TykJS core (repeatable, loaded in order); goja: `name1,name2=path` exports those handler names as the manifest would")
	flag.StringVar(&o.TykJS, "tykjs", "", "path to the TykJS core stand-in (default: tykjs/tykjs.js under the working directory or next to the repo of the binary)")
	flag.Int64Var(&seed, "seed", 0, "seed Go's math/rand (Math.random's source); default: seeded from the current second, like Tyk")
	flag.IntVar(&timeoutMs, "timeout-ms", 5000, "JSVM timeout per call in ms (Tyk: jsvm_timeout seconds, default 5)")
	flag.BoolVar(&o.Serve, "serve", false, "serve JSON lines on stdin (the default mode)")
	flag.BoolVar(&o.Lint, "lint", false, "lint the files given as arguments (and -file)")
	flag.BoolVar(&o.Bench, "bench", false, "benchmark the hooks named by -hooks")
	flag.StringVar(&o.Hooks, "hooks", "swEdgePre,swEdgePost", "bench: global hook names, run in order like pre then post")
	flag.IntVar(&o.BodyBytes, "body-bytes", 0, "bench: request body size in bytes")
	flag.IntVar(&o.Iters, "iterations", 50, "bench: measured iterations")
	flag.IntVar(&o.Warmup, "warmup", 5, "bench: unmeasured iterations first")
	flag.StringVar(&o.Headers, "headers", "", "bench: extra request headers as JSON {name:[values]}")
	flag.StringVar(&o.Spec, "spec", "", "bench: spec JSON {APIID, OrgID, config_data}")
	flag.StringVar(&o.URL, "url", "/inference/predict", "bench: request URI")
	flag.StringVar(&o.Method, "method", "POST", "bench: request method")
	flag.Var(&variants, "variant", "bench: a rival as name|hook1,hook2|file1,file2 (repeatable; rivals run in turns each iteration); without it, -hooks over the -file set")
	flag.StringVar(&o.GCMode, "gc", "between", "bench: \"between\" = collector off during a request, a timed full collection after it; \"go\" = Go's default pacing inside the timing")
	flag.Parse()
	o.Files, o.Variants, o.Args = files, variants, flag.Args()

	o.Timeout = time.Duration(timeoutMs) * time.Millisecond
	if timeoutMs <= 0 {
		// Tyk: jsvm_timeout ≤ 0 means the default of 5 s.
		o.Timeout = 5 * time.Second
	}
	seeded := false
	flag.Visit(func(f *flag.Flag) { seeded = seeded || f.Name == "seed" })
	if seeded {
		o.Seed = seed
	} else {
		// Tyk ≤ 5.14 (Go ≤ 1.23) reseeds the shared source from the current
		// second, so gateways started in the same second share a sequence.
		o.Seed = time.Now().Unix()
	}
	rand.Seed(o.Seed)

	modes := 0
	for _, m := range []bool{o.Serve, o.Lint, o.Bench} {
		if m {
			modes++
		}
	}
	if modes > 1 {
		Fatal(program, 2, "choose one of -serve, -lint, -bench")
	}
	if o.TykJS == "" {
		o.TykJS = findTykJS()
	}
	return o
}

// Fatal prints a harness error and exits.
func Fatal(program string, code int, format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, program+": "+format+"\n", args...)
	os.Exit(code)
}

// findTykJS looks for tykjs/tykjs.js under the working directory, then in the
// repository that holds the binary (dist/<engine>-harness/<engine>-harness).
func findTykJS() string {
	candidates := []string{filepath.Join("tykjs", "tykjs.js")}
	if exe, err := os.Executable(); err == nil {
		candidates = append(candidates, filepath.Join(filepath.Dir(exe), "..", "..", "tykjs", "tykjs.js"))
	}
	for _, c := range candidates {
		if _, err := os.Stat(c); err == nil {
			return c
		}
	}
	return candidates[0]
}
