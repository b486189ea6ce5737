// Command otto-harness runs Tyk JSVM middleware in real otto the way the Tyk
// gateway does (gateway/mw_js_plugin.go, released Tyk ≤ 5.14 with driver "otto").
//
// Modes:
//
//	-serve (default)  JSON lines on stdin → one JSON outcome per line on stdout
//	-lint  file.js…   parse + compile every regex the way otto does + load in a VM
//	-bench            time pre+post per request with the body pasted in as Tyk does
//
// Build as a Go module pinned to otto v0.5.1, the release Tyk 5.8 LTS embeds
// (testkit/jsvm/harness-binary.ts does this into dist/otto-harness/otto-harness):
//
//	cd testkit/jsvm/otto && CGO_ENABLED=0 go build -o otto-harness .
//
// Loading, as Tyk's JSVM.Init then LoadJSPaths: otto.New() (underscore is
// registered by the import, so `_` exists), the TykJS core (-tykjs), the
// Go-side globals (log, rawlog, b64enc, b64dec, rawb64enc, rawb64dec; log
// lines go to stderr as "jsvm log: …"), then every -file in order.
// -seed N seeds math/rand, otto's Math.random source.
//
// -serve and -bench speak the protocol in testkit/jsvm/gateway (serve.go), shared
// with the goja harness, so one Node client drives either engine.
package main

import gw "sw-edge-trace/jsvm-gateway"

const program = "otto-harness"

func main() {
	gw.Main(gw.Harness{
		Program: program,
		Lint:    runLint,
		BenchLoad: func(o gw.Options, files, _ []string, sink *gw.LogSink) (gw.Engine, gw.Dispatch, error) {
			base, err := newVM(o.TykJS, files, sink, stopAtLoadError)
			if err != nil {
				return nil, nil, err
			}
			return copyEngine{base}, sameName, nil
		},
		Load: func(o gw.Options, sink *gw.LogSink) (gw.Engine, gw.Dispatch, error) {
			base, err := newVM(o.TykJS, o.Files, sink, logLoadError)
			if base == nil {
				return nil, sameName, err
			}
			return copyEngine{base}, sameName, err
		},
	})
}

// sameName: otto calls the manifest's name, a global of the API's VM.
func sameName(hook string) string { return hook }
