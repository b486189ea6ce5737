package main

import (
	"errors"
	"fmt"
	"io/ioutil"
	"path/filepath"
	"strings"
	"time"

	"github.com/dop251/goja"
	gw "sw-edge-trace/jsvm-gateway"
)

// replayEngine is Tyk's goja driver: programs compiled once at load, replayed
// on a fresh runtime for every call.
type replayEngine struct {
	programs []*goja.Program
	aliases  map[string]string // manifest name → alias of the file that defines it
	sink     *gw.LogSink
	// candidates: every alias a name was exported under, in load order.
	candidates map[string][]string
}

const tykJsResponse = `function TykJsResponse(response, session_meta) {
	return JSON.stringify({Response: response, SessionMeta: session_meta})
}`

// newReplayEngine loads like the driver's Init then the api loader: the TykJS
// core, the TykJsResponse helper, then each middleware file wrapped with its
// manifest names. A file that does not open or compile is logged and left out
// (the API still loads; its hooks then fail per call). Only a core that does
// not compile is an error: the JSVM is not initialised at all.
func newReplayEngine(tykjsPath string, files []middlewareFile, sink *gw.LogSink) (*replayEngine, error) {
	e := &replayEngine{aliases: map[string]string{}, candidates: map[string][]string{}, sink: sink}
	core, err := ioutil.ReadFile(tykjsPath)
	if err != nil {
		return nil, fmt.Errorf("Could not compile TykJS: %v", err)
	}
	for _, support := range []struct{ name, src string }{{"coreJS", string(core)}, {"TykJsResponse", tykJsResponse}} {
		p, err := goja.Compile(support.name, support.src, false)
		if err != nil {
			return nil, fmt.Errorf("Could not compile %s (%s): %v", support.name, tykjsPath, err)
		}
		e.programs = append(e.programs, p)
	}
	for _, f := range files {
		if err := e.load(f); err != nil {
			sink.Add("error", err.Error())
		}
	}
	e.resolveAliases()
	return e, nil
}

// resolveAliases picks, for each name, the alias the gateway would call. A
// manifest names each (file, name) once; only bench rivals export every hook
// from every file, and then one replay, once, shows which file defines it.
func (e *replayEngine) resolveAliases() {
	var probe *goja.Runtime
	for name, aliases := range e.candidates {
		e.aliases[name] = aliases[0]
		if len(aliases) < 2 {
			continue
		}
		if probe == nil {
			probe = e.newRuntime(&gw.LogSink{Quiet: true})
		}
		for _, alias := range aliases {
			if v, err := probe.RunString("typeof " + alias); err == nil && v.String() != "undefined" {
				e.aliases[name] = alias
				break
			}
		}
	}
}

func (e *replayEngine) load(f middlewareFile) error {
	if !strings.Contains(filepath.Ext(f.path), ".js") {
		return fmt.Errorf("Unsupported extension '%s' (%s)", filepath.Ext(f.path), f.path)
	}
	src, err := ioutil.ReadFile(f.path)
	if err != nil {
		return fmt.Errorf("Failed to open JS middleware file %s: %v", f.path, err)
	}
	p, err := goja.Compile(f.path, wrapped(f, string(src)), false)
	if err != nil {
		return fmt.Errorf("Failed to compile JS middleware %s: %v", f.path, err)
	}
	e.programs = append(e.programs, p)
	for _, n := range f.names {
		e.candidates[n] = append(e.candidates[n], handlerAlias(f.path, n))
	}
	return nil
}

// dispatch is the global the gateway calls for a manifest name: its alias
// when a wrapped file exports it, else the name (an unwrapped file's global).
func (e *replayEngine) dispatch(hook string) string {
	if alias, ok := e.aliases[hook]; ok {
		return alias
	}
	return hook
}

// newRuntime: log and rawlog are no-ops while the programs replay, a program
// that throws is logged and the rest still run, then the Go API replaces
// the no-ops. Every call pays all of this.
func (e *replayEngine) newRuntime(sink *gw.LogSink) *goja.Runtime {
	vm := goja.New()
	nop := func(goja.FunctionCall) goja.Value { return goja.Undefined() }
	_ = vm.Set("log", nop)
	_ = vm.Set("rawlog", nop)
	for _, p := range e.programs {
		if _, err := vm.RunProgram(p); err != nil {
			sink.Add("error", "Failed to replay JS program: "+err.Error())
		}
	}
	registerAPI(vm, sink)
	return vm
}

// Run evaluates src on a fresh runtime; after `timeout` the runtime is
// interrupted (goja checks between instructions).
func (e *replayEngine) Run(src string, timeout time.Duration) (string, error) {
	vm := e.newRuntime(e.sink)
	timer := time.AfterFunc(timeout, func() { vm.Interrupt("timeout") })
	defer timer.Stop()
	v, err := vm.RunString(src)
	if err != nil {
		var interrupted *goja.InterruptedError
		if errors.As(err, &interrupted) {
			return "", gw.ErrTimeout
		}
		return "", err
	}
	return v.String(), nil
}
