package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/robertkrimen/otto"
)

// errTimeout marks a call stopped by the JSVM timeout.
var errTimeout = errors.New("timeout")

// haltToken is what the interrupt func panics with to stop the VM.
type haltToken struct{}

// runOnCopy evaluates src on a fresh vm.Copy() with Tyk's timeout: after
// `timeout` a func that panics is sent on vm.Interrupt (otto polls it between
// statements). Like Tyk, the copy is what makes each call start from the
// loaded state: nothing survives between calls.
func runOnCopy(base *otto.Otto, src string, timeout time.Duration) (string, error) {
	vm := base.Copy()
	vm.Interrupt = make(chan func(), 1) // buffered: the sender never blocks
	type result struct {
		value otto.Value
		err   error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if caught := recover(); caught != nil {
				if _, ok := caught.(haltToken); ok {
					done <- result{err: errTimeout}
					return
				}
				done <- result{err: fmt.Errorf("panic in otto: %v", caught)}
			}
		}()
		v, err := vm.Run(src)
		done <- result{value: v, err: err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case res := <-done:
		if res.err != nil {
			return "", res.err
		}
		// Tyk: returnRaw.ToString(); undefined becomes "undefined", which then
		// fails to decode as JSON.
		s, _ := res.value.ToString()
		return s, nil
	case <-timer.C:
		vm.Interrupt <- func() { panic(haltToken{}) }
		// Tyk answers at once and lets the goroutine die on its own; wait a
		// little so a stopped call does not overlap the next one.
		select {
		case <-done:
		case <-time.After(2 * time.Second):
		}
		return "", errTimeout
	}
}

// decodeReturn decodes the returned string like the gateway (encoding/json
// into VMReturnObject). Anything that does not decode is Tyk's 500.
func decodeReturn(s string) (*VMReturnObject, error) {
	var ret VMReturnObject
	if err := json.Unmarshal([]byte(s), &ret); err != nil {
		return nil, err
	}
	return &ret, nil
}

// callError renders an outcome error in the words Tyk logs.
func callError(err error, timeout time.Duration) string {
	if err == errTimeout {
		return fmt.Sprintf("JS middleware timed out after %v", timeout)
	}
	return "Failed to run JS middleware: " + err.Error()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + fmt.Sprintf("… (%d bytes)", len(s))
}
