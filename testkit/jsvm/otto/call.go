package main

import (
	"fmt"
	"time"

	"github.com/robertkrimen/otto"
	gw "sw-edge-trace/jsvm-gateway"
)

// haltToken is what the interrupt func panics with to stop the VM.
type haltToken struct{}

// copyEngine is Tyk's otto driver: the API's VM, loaded once, copied per call.
type copyEngine struct{ base *otto.Otto }

// Run evaluates src on a fresh vm.Copy() with Tyk's timeout: after
// `timeout` a func that panics is sent on vm.Interrupt (otto polls it between
// statements). Like Tyk, the copy is what makes each call start from the
// loaded state: nothing survives between calls.
func (e copyEngine) Run(src string, timeout time.Duration) (string, error) {
	vm := e.base.Copy()
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
					done <- result{err: gw.ErrTimeout}
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
		return "", gw.ErrTimeout
	}
}
