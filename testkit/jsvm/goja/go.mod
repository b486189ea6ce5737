// The goja harness: Tyk 5.15's `javascript` driver call path over the goja commit Tyk 5.15 pins.
module sw-edge-trace/goja-harness

go 1.22

// -seed must seed goja's Math.random (goja.New() uses math/rand's global source) on any toolchain:
// Go 1.24+ ignores rand.Seed unless randseednop=0.
godebug randseednop=0

require (
	github.com/dop251/goja v0.0.0-20241024094426-79f3a7efcdbd
	sw-edge-trace/jsvm-gateway v0.0.0
)

require (
	github.com/dlclark/regexp2 v1.11.4 // indirect
	github.com/go-sourcemap/sourcemap v2.1.3+incompatible // indirect
	github.com/google/pprof v0.0.0-20230207041349-798e818bf904 // indirect
	golang.org/x/text v0.3.8 // indirect
)

// The gateway's side of the call path, shared with the otto harness (testkit/jsvm/otto).
replace sw-edge-trace/jsvm-gateway => ../gateway
