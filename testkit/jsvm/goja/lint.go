package main

import (
	"fmt"
	"os"

	gw "sw-edge-trace/jsvm-gateway"
)

// runLint is the load gate for the javascript driver: every file compiles,
// the programs replay on a fresh runtime with no Go API (as each call does)
// without throwing, and every named handler ends up exported under its alias
// with a DoProcessRequest function. goja's regexes (regexp2 behind RE2) take
// lookaround, so there is no regex check as in otto's lint.
func runLint(o gw.Options, args []string) int {
	files := parseFileArgs(args)
	if len(files) == 0 {
		fmt.Fprintln(os.Stderr, program+" -lint: no files given")
		return 2
	}
	sink := &gw.LogSink{Quiet: true}
	e, err := newReplayEngine(o.TykJS, files, sink)
	problems := sink.Take()
	if err != nil {
		problems = append(problems, err.Error())
	} else {
		vm := e.newRuntime(sink)
		problems = append(problems, sink.Take()...)
		for _, f := range files {
			for _, n := range f.names {
				alias := handlerAlias(f.path, n)
				if v, _ := vm.RunString("typeof " + alias + " !== 'undefined' && typeof " + alias + ".DoProcessRequest"); v == nil || v.String() != "function" {
					problems = append(problems, fmt.Sprintf("%s: handler %s is not exported with a DoProcessRequest (every call to it would be a 500)", f.path, n))
				}
			}
		}
	}
	for _, p := range problems {
		fmt.Println(p)
	}
	if len(problems) > 0 {
		fmt.Printf("goja-lint: %d problem(s) in %d file(s)\n", len(problems), len(files))
		return 1
	}
	fmt.Printf("goja-lint OK: %d file(s) compile, replay and export their handlers in goja\n", len(files))
	return 0
}
