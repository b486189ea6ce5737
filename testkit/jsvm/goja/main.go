// Command goja-harness runs Tyk JSVM middleware in goja the way Tyk 5.15's
// `javascript` driver does (gateway/mw_js_plugin_goja.go, 5.15 release
// candidates): nothing persists between calls. Each call builds a fresh
// goja.New() runtime, stubs log/rawlog as no-ops, replays every compiled
// program (the TykJS core, the TykJsResponse helper, then each middleware
// file wrapped in an IIFE that copies only the manifest's handler names onto
// globalThis under per-(file, name) aliases), registers the Go API (log,
// b64enc, …) and only then evaluates `<alias>.DoProcessRequest(…)`.
//
// So, unlike otto: a file's top-level code runs on every call, with no Go API
// yet (reading b64enc there is a ReferenceError and the handler is never
// exported); its top-level vars are local to its wrapper; there is no `_`
// (underscore) and no `console`.
//
// Modes and protocol as the otto harness (testkit/jsvm/gateway): -serve
// (default), -bench, and -lint (compile, replay and check each named handler
// is exported with a DoProcessRequest). -file takes `name1,name2=path` to
// export those handler names from that file, as a bundle manifest naming
// them does; a bare path is loaded unwrapped. -bench rivals export all of
// their hooks from each of their files.
//
// Build (testkit/jsvm/harness-binary.ts does this into dist/goja-harness/):
//
//	cd testkit/jsvm/goja && CGO_ENABLED=0 go build -o goja-harness .
package main

import gw "sw-edge-trace/jsvm-gateway"

const program = "goja-harness"

func main() {
	gw.Main(gw.Harness{
		Program: program,
		Lint:    runLint,
		BenchLoad: func(o gw.Options, files, hooks []string, sink *gw.LogSink) (gw.Engine, gw.Dispatch, error) {
			loaded := make([]middlewareFile, len(files))
			for i, f := range files {
				loaded[i] = middlewareFile{path: f, names: hooks}
			}
			return load(o.TykJS, loaded, sink)
		},
		Load: func(o gw.Options, sink *gw.LogSink) (gw.Engine, gw.Dispatch, error) {
			return load(o.TykJS, parseFileArgs(o.Files), sink)
		},
	})
}

func load(tykjs string, files []middlewareFile, sink *gw.LogSink) (gw.Engine, gw.Dispatch, error) {
	e, err := newReplayEngine(tykjs, files, sink)
	if err != nil {
		return nil, nil, err
	}
	return e, e.dispatch, nil
}
