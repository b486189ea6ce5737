package main

import (
	"encoding/base64"
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
	set("log", func(call goja.FunctionCall) goja.Value {
		sink.Add("log", call.Argument(0).String())
		return goja.Undefined()
	})
	set("rawlog", func(call goja.FunctionCall) goja.Value {
		sink.Add("rawlog", call.Argument(0).String())
		return goja.Undefined()
	})
	set("b64dec", func(call goja.FunctionCall) goja.Value {
		in := call.Argument(0).String()
		out, err := base64.StdEncoding.DecodeString(in)
		if err != nil {
			if out, err = base64.RawStdEncoding.DecodeString(in); err != nil {
				sink.Add("error", "Failed to base64 decode: "+err.Error())
				return goja.Undefined()
			}
		}
		return vm.ToValue(string(out))
	})
	set("b64enc", func(call goja.FunctionCall) goja.Value {
		return vm.ToValue(base64.StdEncoding.EncodeToString([]byte(call.Argument(0).String())))
	})
	set("rawb64dec", func(call goja.FunctionCall) goja.Value {
		out, err := base64.RawStdEncoding.DecodeString(call.Argument(0).String())
		if err != nil {
			sink.Add("error", "Failed to base64 decode: "+err.Error())
			return goja.Undefined()
		}
		return vm.ToValue(string(out))
	})
	set("rawb64enc", func(call goja.FunctionCall) goja.Value {
		return vm.ToValue(base64.RawStdEncoding.EncodeToString([]byte(call.Argument(0).String())))
	})
	for _, name := range []string{"TykMakeHttpRequest", "TykGetKeyData", "TykSetKeyData", "TykBatchRequest"} {
		n := name
		set(n, func(goja.FunctionCall) goja.Value {
			sink.Add("error", n+" is not available in the goja harness")
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
