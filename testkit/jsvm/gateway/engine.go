package gateway

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Engine is one JS engine as the gateway drives it: evaluate the call
// expression (the arguments pasted in) on state where the middleware files
// are loaded, with the JSVM timeout armed, and return the value as a string
// (Tyk: returnRaw.String(); undefined is "undefined", which then fails to
// decode). How that state is made per call is the engine's business: otto
// copies the API's VM, goja replays every program on a fresh runtime.
type Engine interface {
	Run(src string, timeout time.Duration) (string, error)
}

// Dispatch maps the hook name a caller asks for (the manifest's `name`) to
// the global the gateway calls: the name itself under otto, a per-(file,
// name) alias under goja.
type Dispatch func(hook string) string

// ErrTimeout marks a call stopped by the JSVM timeout.
var ErrTimeout = errors.New("timeout")

// DecodeReturn decodes the returned string like the gateway (encoding/json
// into VMReturnObject). Anything that does not decode is Tyk's 500.
func DecodeReturn(s string) (*VMReturnObject, error) {
	var ret VMReturnObject
	if err := json.Unmarshal([]byte(s), &ret); err != nil {
		return nil, err
	}
	return &ret, nil
}

// CallError renders an outcome error in the words Tyk logs.
func CallError(err error, timeout time.Duration) string {
	if err == ErrTimeout {
		return fmt.Sprintf("JS middleware timed out after %v", timeout)
	}
	return "Failed to run JS middleware: " + err.Error()
}

// Truncate keeps error messages about huge return values readable.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + fmt.Sprintf("… (%d bytes)", len(s))
}
