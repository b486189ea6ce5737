// The real-otto harness: Tyk's JSVM call path over the otto release Tyk 5.8 LTS pins.
module sw-edge-trace/otto-harness

go 1.22

// -seed must seed otto's Math.random (math/rand's global source) on any toolchain: Go 1.24+
// ignores rand.Seed unless randseednop=0, and the same-seed id test depends on it.
godebug randseednop=0

require (
	github.com/robertkrimen/otto v0.5.1
	sw-edge-trace/jsvm-gateway v0.0.0
)

require (
	golang.org/x/text v0.4.0 // indirect
	gopkg.in/sourcemap.v1 v1.0.5 // indirect
)

// The gateway's side of the call path, shared with the goja harness (testkit/jsvm/goja).
replace sw-edge-trace/jsvm-gateway => ../gateway
