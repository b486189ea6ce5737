package main

import (
	"fmt"
	"io/ioutil"
	"path/filepath"
	"strings"

	"github.com/robertkrimen/otto"
	gw "sw-edge-trace/jsvm-gateway"
	// Tyk imports otto/underscore for its side effect: `_` exists in every VM.
	_ "github.com/robertkrimen/otto/underscore"
)

// A file that fails to load: -bench stops at it; -serve logs it
// and loads the rest, as the gateway does (the API keeps serving, and a call
// to a hook that never got defined fails: ReferenceError → 500).
type onLoadError int

const (
	stopAtLoadError onLoadError = iota
	logLoadError
)

// newVM builds the per-API VM like Tyk's JSVM.Init + LoadJSPaths:
// otto.New() (underscore registered by the import), the TykJS core, the
// Go-side globals, then each middleware file in order.
func newVM(tykjsPath string, files []string, sink *gw.LogSink, onError onLoadError) (*otto.Otto, error) {
	vm, err := newCoreVM(tykjsPath, sink)
	if err != nil {
		return nil, err
	}
	for _, path := range files {
		if err := loadFile(vm, path); err != nil {
			if onError == stopAtLoadError {
				return nil, err
			}
			sink.Add("error", err.Error())
		}
	}
	return vm, nil
}

// newCoreVM is the VM before any middleware file: underscore, the TykJS
// core, then the Go-side globals (Tyk's JSVM.Init order).
func newCoreVM(tykjsPath string, sink *gw.LogSink) (*otto.Otto, error) {
	vm := otto.New()
	core, err := ioutil.ReadFile(tykjsPath)
	if err != nil {
		return nil, fmt.Errorf("Could not load TykJS: %v", err)
	}
	if _, err := vm.Run(string(core)); err != nil {
		return nil, fmt.Errorf("Could not load TykJS (%s): %v", tykjsPath, err)
	}
	installGlobals(vm, sink)
	return vm, nil
}

func loadFile(vm *otto.Otto, path string) error {
	// Tyk skips (with an error log) a path whose extension does not contain ".js".
	if !strings.Contains(filepath.Ext(path), ".js") {
		return fmt.Errorf("Unsupported extension '%s' (%s)", filepath.Ext(path), path)
	}
	src, err := ioutil.ReadFile(path)
	if err != nil {
		return fmt.Errorf("Failed to open JS middleware file %s: %v", path, err)
	}
	// Run with a filename so errors carry positions in that file.
	script, err := vm.Compile(path, string(src))
	if err != nil {
		return fmt.Errorf("Failed to load JS middleware %s: %v", path, err)
	}
	if _, err := vm.Run(script); err != nil {
		return fmt.Errorf("Failed to load JS middleware %s: %v", path, err)
	}
	return nil
}

// installGlobals sets Tyk's Go-side globals that matter without a gateway
// (gateway/mw_js_plugin.go LoadTykJSApi): log, rawlog, b64enc, b64dec,
// rawb64enc, rawb64dec. TykMakeHttpRequest, TykGetKeyData, TykSetKeyData and
// TykBatchRequest need a gateway; here they log and return undefined, which
// is what Tyk returns when they fail.
func installGlobals(vm *otto.Otto, sink *gw.LogSink) {
	set := func(name string, fn func(call otto.FunctionCall) otto.Value) {
		if err := vm.Set(name, fn); err != nil {
			gw.Fatal(program, 3, "cannot set %s: %v", name, err)
		}
	}
	str := func(s string) otto.Value {
		v, err := otto.ToValue(s)
		if err != nil {
			return otto.Value{}
		}
		return v
	}
	for name, fn := range gw.StringGlobals(sink) {
		set(name, func(call otto.FunctionCall) otto.Value {
			if out, ok := fn(call.Argument(0).String()); ok {
				return str(out)
			}
			return otto.Value{}
		})
	}
	for _, name := range gw.GatewayCalls {
		set(name, func(otto.FunctionCall) otto.Value {
			sink.Add("error", name+" is not available in the otto harness")
			return otto.Value{}
		})
	}
	if _, err := vm.Run(`function TykJsResponse(response, session_meta) {
	return JSON.stringify({Response: response, SessionMeta: session_meta})
}`); err != nil {
		gw.Fatal(program, 3, "cannot define TykJsResponse: %v", err)
	}
	// otto's console writes to stdout, which is this harness's protocol
	// channel; route it to the log sink instead (a deviation from Tyk, where
	// console output goes to the gateway's stdout).
	console, err := vm.Object("console")
	if err == nil {
		for _, name := range []string{"log", "info", "debug", "warn", "error"} {
			n := name
			_ = console.Set(n, func(call otto.FunctionCall) otto.Value {
				parts := make([]string, 0, len(call.ArgumentList))
				for _, a := range call.ArgumentList {
					parts = append(parts, a.String())
				}
				sink.Add("console."+n, strings.Join(parts, " "))
				return otto.Value{}
			})
		}
	}
}
