package main

import (
	"errors"

	"github.com/dop251/goja"
	gw "sw-edge-trace/jsvm-gateway"
)

// registerAPI sets the Go-side globals of Tyk's goja driver that matter
// without a gateway: log, rawlog, b64enc, b64dec, rawb64enc, rawb64dec (same
// semantics as otto's). TykMakeHttpRequest, TykGetKeyData, TykSetKeyData and
// TykBatchRequest need a gateway: they log and return undefined, as Tyk does
// when they fail; the TykStorage* calls need Redis and throw, as Tyk's do on
// a storage failure. goja has no `console`, and Tyk adds none.
func registerAPI(vm *goja.Runtime, sink *gw.LogSink) {
	set := func(name string, fn func(goja.FunctionCall) goja.Value) {
		if err := vm.Set(name, fn); err != nil {
			gw.Fatal(program, 3, "cannot set %s: %v", name, err)
		}
	}
	for name, fn := range gw.StringGlobals(sink) {
		set(name, func(call goja.FunctionCall) goja.Value {
			if out, ok := fn(call.Argument(0).String()); ok {
				return vm.ToValue(out)
			}
			return goja.Undefined()
		})
	}
	for _, name := range gw.GatewayCalls {
		set(name, func(goja.FunctionCall) goja.Value {
			sink.Add("error", name+" is not available in the goja harness")
			return goja.Undefined()
		})
	}
	for _, name := range []string{"TykStorageGet", "TykStorageSet", "TykStorageSetNX", "TykStorageDel", "TykStorageTTL", "TykStorageIncr"} {
		n := name
		set(n, func(goja.FunctionCall) goja.Value {
			panic(vm.NewGoError(errors.New(n + ": no Redis in the goja harness")))
		})
	}
}
