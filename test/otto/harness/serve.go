package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/robertkrimen/otto"
)

type serveRequest struct {
	Method  string              `json:"method"`
	URL     string              `json:"url"`
	Host    string              `json:"host"`
	Headers map[string][]string `json:"headers"`
	BodyB64 *string             `json:"bodyB64"`
	Body    *string             `json:"body"`
}

type serveInput struct {
	Hook      string          `json:"hook"`
	Request   *serveRequest   `json:"request"`
	Session   json.RawMessage `json:"session"`
	Spec      *specInput      `json:"spec"`
	RawArgs   *string         `json:"rawArgs"`
	TimeoutMs int             `json:"timeoutMs"`
}

type serveOutcome struct {
	OK            bool             `json:"ok"`
	Error         string           `json:"error,omitempty"`
	Status        int              `json:"status,omitempty"`
	Headers       interface{}      `json:"headers,omitempty"` // a map on success, absent on failure
	BodyB64       *string          `json:"bodyB64,omitempty"`
	BodyUnchanged *bool            `json:"bodyUnchanged,omitempty"`
	URL           *string          `json:"url,omitempty"`
	URLError      string           `json:"urlError,omitempty"`
	Override      *overrideOutcome `json:"override,omitempty"`
	Returned      json.RawMessage  `json:"returned,omitempty"`
	Logs          []string         `json:"logs"`
	DurationNs    int64            `json:"durationNs"`
}

// runServe answers one JSON line per input line. A file that fails to load
// is not fatal here: like Tyk, the API still serves, and calls to hooks it
// should have defined answer 500.
func runServe(o options) int {
	sink := &logSink{}
	base, loadErr := newServingVM(o.tykjs, o.files, sink)
	if loadErr != nil {
		sink.add("error", loadErr.Error())
	}
	// What loading logged (e.g. "Failed to load JS middleware") leads the
	// first outcome's logs.
	startupLogs := sink.take()

	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	first := true
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			res := serveOne(o, base, loadErr, sink, line)
			if first {
				res.Logs = append(startupLogs, res.Logs...)
				first = false
			}
			if e := enc.Encode(res); e != nil {
				fmt.Fprintf(os.Stderr, "otto-harness: cannot write outcome: %v\n", e)
				return 1
			}
			if e := out.Flush(); e != nil {
				return 1
			}
		}
		if err == io.EOF {
			return 0
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "otto-harness: reading stdin: %v\n", err)
			return 1
		}
	}
}

func failOutcome(sink *logSink, msg string, start time.Time) serveOutcome {
	sink.add("error", msg)
	return serveOutcome{OK: false, Error: msg, Status: 500, Logs: sink.take(), DurationNs: time.Since(start).Nanoseconds()}
}

func serveOne(o options, base *otto.Otto, loadErr error, sink *logSink, line []byte) serveOutcome {
	start := time.Now()
	var in serveInput
	if err := json.Unmarshal(line, &in); err != nil {
		// A harness protocol error, not a gateway outcome: status 0.
		return serveOutcome{OK: false, Error: "bad input line: " + err.Error(), Logs: sink.take()}
	}
	if in.Hook == "" {
		return serveOutcome{OK: false, Error: "bad input line: no \"hook\"", Logs: sink.take()}
	}
	timeout := o.timeout
	if in.TimeoutMs > 0 {
		timeout = time.Duration(in.TimeoutMs) * time.Millisecond
	}

	var req *incoming
	var src string
	if in.RawArgs != nil {
		// Garbage-input fixtures: the arguments pasted verbatim.
		src = in.Hook + ".DoProcessRequest(" + *in.RawArgs + ");"
		r, _ := newIncoming("GET", "/", "", nil, nil)
		req = r
	} else {
		if in.Request == nil {
			return serveOutcome{OK: false, Error: "bad input line: need \"request\" or \"rawArgs\"", Logs: sink.take()}
		}
		var body []byte
		if in.Request.BodyB64 != nil {
			b, err := base64.StdEncoding.DecodeString(*in.Request.BodyB64)
			if err != nil {
				return serveOutcome{OK: false, Error: "bad input line: bodyB64: " + err.Error(), Logs: sink.take()}
			}
			body = b
		} else if in.Request.Body != nil {
			body = []byte(*in.Request.Body)
		}
		uri := in.Request.URL
		if uri == "" {
			uri = "/"
		}
		r, err := newIncoming(in.Request.Method, uri, in.Request.Host, in.Request.Headers, body)
		if err != nil {
			return serveOutcome{OK: false, Error: "bad input line: url: " + err.Error(), Logs: sink.take()}
		}
		req = r
		reqJSON, err := json.Marshal(req.miniRequest())
		if err != nil {
			return failOutcome(sink, "Failed to encode request object for dynamic middleware: "+err.Error(), start)
		}
		session := emptySessionJSON
		if len(in.Session) > 0 && string(in.Session) != "null" {
			var buf bytes.Buffer
			if err := json.Compact(&buf, in.Session); err != nil {
				return serveOutcome{OK: false, Error: "bad input line: session: " + err.Error(), Logs: sink.take()}
			}
			session = buf.String()
		}
		spec := specInput{}
		if in.Spec != nil {
			spec = *in.Spec
		}
		specStr, err := specJSON(spec)
		if err != nil {
			return failOutcome(sink, "Failed to encode configuration data: "+err.Error(), start)
		}
		src = expression(in.Hook, string(reqJSON), session, specStr)
	}

	if loadErr != nil || base == nil {
		return failOutcome(sink, "JSVM isn't usable: "+fmt.Sprint(loadErr), start)
	}
	original := req.body
	retStr, err := runOnCopy(base, src, timeout)
	if err != nil {
		return failOutcome(sink, callError(err, timeout), start)
	}
	ret, err := decodeReturn(retStr)
	if err != nil {
		return failOutcome(sink, "Failed to decode middleware request data on return from VM: "+err.Error()+". Returned data: "+truncate(retStr, 200), start)
	}
	ap := req.apply(ret)
	dur := time.Since(start).Nanoseconds()

	bodyB64 := base64.StdEncoding.EncodeToString(req.body)
	unchanged := bytes.Equal(original, req.body)
	u := req.url.String()
	headers := map[string][]string(req.header)
	if headers == nil {
		headers = map[string][]string{}
	}
	return serveOutcome{
		OK:            true,
		Headers:       headers,
		BodyB64:       &bodyB64,
		BodyUnchanged: &unchanged,
		URL:           &u,
		URLError:      ap.urlErr,
		Override:      ap.override,
		Returned:      json.RawMessage(retStr),
		Logs:          sink.take(),
		DurationNs:    dur,
	}
}
