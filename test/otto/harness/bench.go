package main

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"
)

type benchOutput struct {
	Hooks         []string            `json:"hooks"`
	BodyBytes     int                 `json:"bodyBytes"`
	Iterations    int                 `json:"iterations"`
	Warmup        int                 `json:"warmup"`
	GCMode        string              `json:"gcMode"`
	SamplesNs     []int64             `json:"samplesNs"`
	GCSamplesNs   []int64             `json:"gcSamplesNs"`
	HookSamplesNs [][]int64           `json:"hookSamplesNs"`
	FinalHeaders  map[string][]string `json:"finalHeaders"`
	BodyUnchanged bool                `json:"bodyUnchanged"`
}

// benchBody is deterministic, binary (not UTF-8) like an uploaded image, and
// drawn from its own source so Math.random's shared source is untouched.
func benchBody(n int) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewSource(42))
	r.Read(b)
	return b
}

// runBench times whole requests: for each hook in order, what Tyk's
// DynamicMiddleware does per call (marshal the request with the body pasted
// in, vm.Copy(), run with the timeout armed, decode the return, apply it),
// feeding each hook the request the previous one produced. See -gc for how
// garbage collection is accounted.
func runBench(o options) int {
	hooks := strings.Split(o.hooks, ",")
	sink := &logSink{quiet: true}
	base, err := newBaseVM(o.tykjs, o.files, sink)
	if err != nil {
		fmt.Fprintln(os.Stderr, "otto-harness -bench: "+err.Error())
		return 1
	}
	headers := map[string][]string{
		"Content-Type": {"multipart/form-data; boundary=----sw-edge-bench"},
		"User-Agent":   {"otto-harness-bench"},
	}
	if o.headers != "" {
		if err := json.Unmarshal([]byte(o.headers), &headers); err != nil {
			fmt.Fprintln(os.Stderr, "otto-harness -bench: -headers: "+err.Error())
			return 2
		}
	}
	spec := specInput{APIID: "bench-api", OrgID: "bench-org", ConfigData: map[string]interface{}{}}
	if o.spec != "" {
		if err := json.Unmarshal([]byte(o.spec), &spec); err != nil {
			fmt.Fprintln(os.Stderr, "otto-harness -bench: -spec: "+err.Error())
			return 2
		}
	}
	specStr, err := specJSON(spec)
	if err != nil {
		fmt.Fprintln(os.Stderr, "otto-harness -bench: "+err.Error())
		return 2
	}
	body := benchBody(o.bodyBytes)
	headers["Content-Length"] = []string{fmt.Sprint(len(body))}

	switch o.gcMode {
	case "between":
		// The harness heap is a few MB, so Go's pacer would collect inside
		// almost every other hook, far more often than in a gateway with a
		// large live heap whose collector runs beside the requests. Here the
		// collector is off while a request runs and a full collection runs
		// after it, timed on its own (gcSamplesNs).
		debug.SetGCPercent(-1)
		runtime.GC()
	case "go":
		// Go's default pacing; collections land inside the timed requests.
	default:
		fmt.Fprintln(os.Stderr, "otto-harness -bench: -gc must be \"between\" or \"go\"")
		return 2
	}
	out := benchOutput{Hooks: hooks, BodyBytes: len(body), Iterations: o.iters, Warmup: o.warmup, GCMode: o.gcMode, GCSamplesNs: []int64{},
		SamplesNs: make([]int64, 0, o.iters), HookSamplesNs: make([][]int64, len(hooks))}
	for i := 0; i < o.warmup+o.iters; i++ {
		req, err := newIncoming(o.method, o.url, "", headers, body)
		if err != nil {
			fmt.Fprintln(os.Stderr, "otto-harness -bench: "+err.Error())
			return 2
		}
		perHook := make([]int64, len(hooks))
		start := time.Now()
		for h, hook := range hooks {
			t0 := time.Now()
			reqJSON, err := json.Marshal(req.miniRequest())
			if err != nil {
				fmt.Fprintln(os.Stderr, "otto-harness -bench: "+err.Error())
				return 1
			}
			retStr, err := runOnCopy(base, expression(hook, string(reqJSON), emptySessionJSON, specStr), o.timeout)
			if err != nil {
				fmt.Fprintf(os.Stderr, "otto-harness -bench: %s: %s\n", hook, callError(err, o.timeout))
				return 1
			}
			ret, err := decodeReturn(retStr)
			if err != nil {
				fmt.Fprintf(os.Stderr, "otto-harness -bench: %s: bad return: %v: %s\n", hook, err, truncate(retStr, 200))
				return 1
			}
			req.apply(ret)
			perHook[h] = time.Since(t0).Nanoseconds()
		}
		total := time.Since(start).Nanoseconds()
		var gcNs int64
		if o.gcMode == "between" {
			g0 := time.Now()
			runtime.GC()
			gcNs = time.Since(g0).Nanoseconds()
		}
		if i >= o.warmup {
			out.SamplesNs = append(out.SamplesNs, total)
			if o.gcMode == "between" {
				out.GCSamplesNs = append(out.GCSamplesNs, gcNs)
			}
			for h := range hooks {
				out.HookSamplesNs[h] = append(out.HookSamplesNs[h], perHook[h])
			}
		}
		if i == o.warmup+o.iters-1 {
			out.FinalHeaders = req.header
			out.BodyUnchanged = string(req.body) == string(body)
		}
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(out); err != nil {
		return 1
	}
	return 0
}
