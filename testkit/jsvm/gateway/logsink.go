package gateway

import (
	"fmt"
	"os"
	"sync"
)

// LogSink collects what the JS (and the gateway around it) logs during one
// call. Every line also goes to stderr, prefixed, unless Quiet (bench mode).
type LogSink struct {
	mu    sync.Mutex
	lines []string
	Quiet bool
}

func (s *LogSink) Add(kind, msg string) {
	line := "jsvm " + kind + ": " + msg
	s.mu.Lock()
	s.lines = append(s.lines, line)
	s.mu.Unlock()
	if !s.Quiet {
		fmt.Fprintln(os.Stderr, line)
	}
}

// Take returns the lines logged since the last Take, never nil.
func (s *LogSink) Take() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.lines
	s.lines = nil
	if out == nil {
		out = []string{}
	}
	return out
}
