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
// Modes and protocol as the otto harness (test/jsvm/gateway): -serve
// (default), -bench, and -lint (compile, replay and check each named handler
// is exported with a DoProcessRequest). -file takes `name1,name2=path` to
// export those handler names from that file, as a bundle manifest naming
// them does; a bare path is loaded unwrapped. -bench rivals export all of
// their hooks from each of their files.
//
// Build (test/jsvm/harness-binary.ts does this into dist/goja-harness/):
//
//	cd test/goja/harness && CGO_ENABLED=0 go build -o goja-harness .
package main

import (
	"os"

	gw "sw-edge-trace/jsvm-gateway"
)

const program = "goja-harness"

func main() {
	o := gw.ParseFlags(program)
	switch {
	case o.Lint:
		os.Exit(runLint(o, append(append([]string{}, o.Files...), o.Args...)))
	case o.Bench:
		os.Exit(gw.Bench(o, func(files, hooks []string, sink *gw.LogSink) (gw.Engine, gw.Dispatch, error) {
			loaded := make([]middlewareFile, len(files))
			for i, f := range files {
				loaded[i] = middlewareFile{path: f, names: hooks}
			}
			e, err := newReplayEngine(o.TykJS, loaded, sink)
			if err != nil {
				return nil, nil, err
			}
			return e, e.dispatch, nil
		}))
	default:
		sink := &gw.LogSink{}
		e, err := newReplayEngine(o.TykJS, parseFileArgs(o.Files), sink)
		var engine gw.Engine
		dispatch := func(hook string) string { return hook }
		if e != nil {
			engine, dispatch = e, e.dispatch
		}
		os.Exit(gw.Serve(o, engine, err, sink, dispatch))
	}
}
