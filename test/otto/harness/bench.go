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

	"github.com/robertkrimen/otto"
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
	name  string
	hooks []string
	files []string
	base  *otto.Otto
}

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
// per call: marshal the request with the body pasted in, vm.Copy(), run with
// the timeout armed, decode the return, apply it; each hook sees the request
// the previous one produced.
func oneRequest(o options, v benchVariant, headers map[string][]string, body []byte, specStr string) (*incoming, []int64, error) {
	req, err := newIncoming(o.method, o.url, "", headers, body)
	if err != nil {
		return nil, nil, err
	}
	perHook := make([]int64, len(v.hooks))
	for h, hook := range v.hooks {
		t0 := time.Now()
		reqJSON, err := json.Marshal(req.miniRequest())
		if err != nil {
			return nil, nil, err
		}
		retStr, err := runOnCopy(v.base, expression(hook, string(reqJSON), emptySessionJSON, specStr), o.timeout)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %s", hook, callError(err, o.timeout))
		}
		ret, err := decodeReturn(retStr)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: bad return: %v: %s", hook, err, truncate(retStr, 200))
		}
		req.apply(ret)
		perHook[h] = time.Since(t0).Nanoseconds()
	}
	return req, perHook, nil
}

func runBench(o options) int {
	fail := func(code int, format string, args ...interface{}) int {
		fmt.Fprintf(os.Stderr, "otto-harness -bench: "+format+"\n", args...)
		return code
	}
	var variants []benchVariant
	for _, s := range o.variants {
		v, err := parseVariant(s)
		if err != nil {
			return fail(2, "%v", err)
		}
		variants = append(variants, v)
	}
	if len(variants) == 0 {
		variants = []benchVariant{{name: "default", hooks: strings.Split(o.hooks, ","), files: o.files}}
	}
	sink := &logSink{quiet: true}
	for i := range variants {
		base, err := newBaseVM(o.tykjs, variants[i].files, sink)
		if err != nil {
			return fail(1, "%s: %v", variants[i].name, err)
		}
		variants[i].base = base
	}
	headers := map[string][]string{
		"Content-Type": {"multipart/form-data; boundary=----sw-edge-bench"},
		"User-Agent":   {"otto-harness-bench"},
	}
	if o.headers != "" {
		if err := json.Unmarshal([]byte(o.headers), &headers); err != nil {
			return fail(2, "-headers: %v", err)
		}
	}
	spec := specInput{APIID: "bench-api", OrgID: "bench-org", ConfigData: map[string]interface{}{}}
	if o.spec != "" {
		if err := json.Unmarshal([]byte(o.spec), &spec); err != nil {
			return fail(2, "-spec: %v", err)
		}
	}
	specStr, err := specJSON(spec)
	if err != nil {
		return fail(2, "%v", err)
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
	for it := 0; it < o.warmup+o.iters; it++ {
		for _, i := range order.Perm(len(variants)) {
			start := time.Now()
			req, perHook, err := oneRequest(o, variants[i], headers, body, specStr)
			total := time.Since(start).Nanoseconds()
			if err != nil {
				return fail(1, "%s: %v", variants[i].name, err)
			}
			var gcNs int64
			if o.gcMode == "between" {
				g0 := time.Now()
				runtime.GC()
				gcNs = time.Since(g0).Nanoseconds()
			}
			r := &results[i]
			if it >= o.warmup {
				r.SamplesNs = append(r.SamplesNs, total)
				if o.gcMode == "between" {
					r.GCSamplesNs = append(r.GCSamplesNs, gcNs)
				}
				for h := range perHook {
					r.HookSamplesNs[h] = append(r.HookSamplesNs[h], perHook[h])
				}
			}
			if it == o.warmup+o.iters-1 {
				r.FinalHeaders = req.header
				r.BodyUnchanged = string(req.body) == string(body)
			}
		}
	}
	out := benchOutput{BodyBytes: len(body), Iterations: o.iters, Warmup: o.warmup, GCMode: o.gcMode,
		variantResult: results[0], Variants: results}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		return 1
	}
	return 0
}
