package gateway

import "os"

// Harness is what one engine brings; Main does the rest, so both harnesses
// take the same flags and modes.
type Harness struct {
	Program string
	// Lint checks the files (the -file values and the arguments).
	Lint func(o Options, files []string) int
	// BenchLoad builds each -bench rival's engine over its files.
	BenchLoad func(o Options, files, hooks []string, sink *LogSink) (Engine, Dispatch, error)
	// Load builds the engine -serve calls. A nil engine with an error means
	// the JSVM itself is unusable; files that fail to load are only logged.
	Load func(o Options, sink *LogSink) (Engine, Dispatch, error)
}

// Main parses the flags and runs the chosen mode; it never returns.
func Main(h Harness) {
	o := ParseFlags(h.Program)
	switch {
	case o.Lint:
		os.Exit(h.Lint(o, append(append([]string{}, o.Files...), o.Args...)))
	case o.Bench:
		os.Exit(Bench(o, func(files, hooks []string, sink *LogSink) (Engine, Dispatch, error) {
			return h.BenchLoad(o, files, hooks, sink)
		}))
	default:
		sink := &LogSink{}
		engine, dispatch, err := h.Load(o, sink)
		if dispatch == nil {
			dispatch = func(hook string) string { return hook }
		}
		os.Exit(Serve(o, engine, err, sink, dispatch))
	}
}
