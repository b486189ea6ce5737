package gateway

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

// variantResult is one rival's samples. Rivals run in random order within each
// iteration (paired samples), so load from other processes hits all alike.
type variantResult struct {
	Name          string              `json:"name"`
	Hooks         []string            `json:"hooks"`
	Files         []string            `json:"files"`
	SamplesNs     []int64             `json:"samplesNs"`
	HookSamplesNs [][]int64           `json:"hookSamplesNs"`
	GCSamplesNs   []int64             `json:"gcSamplesNs"`
	FinalHeaders  map[string][]string `json:"finalHeaders"`
	BodyUnchanged bool                `json:"bodyUnchanged"`
}

type benchOutput struct {
	BodyBytes  int    `json:"bodyBytes"`
	Iterations int    `json:"iterations"`
	Warmup     int    `json:"warmup"`
	GCMode     string `json:"gcMode"`
	// The first variant's fields, for the single-variant form (-hooks/-file).
	variantResult
	Variants []variantResult `json:"variants"`
}

type benchVariant struct {
	name     string
	hooks    []string
	files    []string
	engine   Engine
	dispatch Dispatch
}

// Loader builds one rival's engine over its files. A bench rival's files
// export every one of its hooks (goja: each file's wrapper exposes those
// names it defines, as a manifest naming them all would).
type Loader func(files, hooks []string, sink *LogSink) (Engine, Dispatch, error)

// parseVariant reads "name|hook1,hook2|file1,file2".
func parseVariant(s string) (benchVariant, error) {
	parts := strings.Split(s, "|")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return benchVariant{}, fmt.Errorf("-variant %q: want name|hook1,hook2|file1,file2", s)
	}
	v := benchVariant{name: parts[0], hooks: strings.Split(parts[1], ",")}
	if parts[2] != "" {
		v.files = strings.Split(parts[2], ",")
	}
	return v, nil
}

// benchBody is deterministic, binary (not UTF-8) like an uploaded image, and
// drawn from its own source so Math.random's shared source is untouched.
func benchBody(n int) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewSource(42))
	r.Read(b)
	return b
}

// oneRequest does, for each hook in order, what Tyk's DynamicMiddleware does
// per call: marshal the request with the body pasted in, run it on the
// engine's per-call state (otto: vm.Copy(); goja: a fresh runtime) with
// the timeout armed, decode the return, apply it; each hook sees the request
// the previous one produced.
func oneRequest(o Options, v benchVariant, headers map[string][]string, body []byte, specStr string) (*Incoming, []int64, error) {
	req, err := NewIncoming(o.Method, o.URL, "", headers, body)
	if err != nil {
		return nil, nil, err
	}
	perHook := make([]int64, len(v.hooks))
	for h, hook := range v.hooks {
		t0 := time.Now()
		reqJSON, err := json.Marshal(req.MiniRequest())
		if err != nil {
			return nil, nil, err
		}
		retStr, err := v.engine.Run(Expression(v.dispatch(hook), string(reqJSON), EmptySessionJSON, specStr), o.Timeout)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %s", hook, CallError(err, o.Timeout))
		}
		ret, err := DecodeReturn(retStr)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: bad return: %v: %s", hook, err, Truncate(retStr, 200))
		}
		req.Apply(ret)
		perHook[h] = time.Since(t0).Nanoseconds()
	}
	return req, perHook, nil
}

// Bench times whole requests through each rival's hooks and prints one JSON
// object (benchOutput).
func Bench(o Options, load Loader) int {
	fail := func(code int, format string, args ...interface{}) int {
		fmt.Fprintf(os.Stderr, o.Program+" -bench: "+format+"\n", args...)
		return code
	}
	var variants []benchVariant
	for _, s := range o.Variants {
		v, err := parseVariant(s)
		if err != nil {
			return fail(2, "%v", err)
		}
		variants = append(variants, v)
	}
	if len(variants) == 0 {
		variants = []benchVariant{{name: "default", hooks: strings.Split(o.Hooks, ","), files: o.Files}}
	}
	sink := &LogSink{Quiet: true}
	for i := range variants {
		engine, dispatch, err := load(variants[i].files, variants[i].hooks, sink)
		if err != nil {
			return fail(1, "%s: %v", variants[i].name, err)
		}
		variants[i].engine, variants[i].dispatch = engine, dispatch
	}
	headers := map[string][]string{
		"Content-Type": {"multipart/form-data; boundary=----sw-edge-bench"},
		"User-Agent":   {"otto-harness-bench"},
	}
	if o.Headers != "" {
		if err := json.Unmarshal([]byte(o.Headers), &headers); err != nil {
			return fail(2, "-headers: %v", err)
		}
	}
	spec := SpecInput{APIID: "bench-api", OrgID: "bench-org", ConfigData: map[string]interface{}{}}
	if o.Spec != "" {
		if err := json.Unmarshal([]byte(o.Spec), &spec); err != nil {
			return fail(2, "-spec: %v", err)
		}
	}
	specStr, err := SpecJSON(spec)
	if err != nil {
		return fail(2, "%v", err)
	}
	body := benchBody(o.BodyBytes)
	headers["Content-Length"] = []string{fmt.Sprint(len(body))}

	switch o.GCMode {
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
		return fail(2, "-gc must be \"between\" or \"go\"")
	}

	results := make([]variantResult, len(variants))
	for i, v := range variants {
		results[i] = variantResult{Name: v.name, Hooks: v.hooks, Files: v.files, SamplesNs: []int64{}, GCSamplesNs: []int64{},
			HookSamplesNs: make([][]int64, len(v.hooks))}
		for h := range v.hooks {
			results[i].HookSamplesNs[h] = []int64{}
		}
	}
	// Rivals run in a fresh random order every iteration (from a source of
	// their own, not Math.random's): a fixed rotation would make each rival
	// always follow the same one, e.g. always run after the stock path's
	// big allocations.
	order := rand.New(rand.NewSource(7))
	for it := 0; it < o.Warmup+o.Iters; it++ {
		for _, i := range order.Perm(len(variants)) {
			start := time.Now()
			req, perHook, err := oneRequest(o, variants[i], headers, body, specStr)
			total := time.Since(start).Nanoseconds()
			if err != nil {
				return fail(1, "%s: %v", variants[i].name, err)
			}
			var gcNs int64
			if o.GCMode == "between" {
				g0 := time.Now()
				runtime.GC()
				gcNs = time.Since(g0).Nanoseconds()
			}
			r := &results[i]
			if it >= o.Warmup {
				r.SamplesNs = append(r.SamplesNs, total)
				if o.GCMode == "between" {
					r.GCSamplesNs = append(r.GCSamplesNs, gcNs)
				}
				for h := range perHook {
					r.HookSamplesNs[h] = append(r.HookSamplesNs[h], perHook[h])
				}
			}
			if it == o.Warmup+o.Iters-1 {
				r.FinalHeaders = req.Header
				r.BodyUnchanged = string(req.Body) == string(body)
			}
		}
	}
	out := benchOutput{BodyBytes: len(body), Iterations: o.Iters, Warmup: o.Warmup, GCMode: o.GCMode,
		variantResult: results[0], Variants: results}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		return 1
	}
	return 0
}
