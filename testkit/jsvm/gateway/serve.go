// Package gateway is the gateway side of Tyk's JSVM call path, shared by the
// otto and goja harnesses. The -serve protocol, the same for every engine:
//
// -serve reads one JSON object per line:
//
//	{"hook":"swEdgePre","request":{"method":"POST","url":"/inference/predict?x=1",
//	 "headers":{"Sw8":["…"]},"bodyB64":"…"},"session":{…},"spec":{"APIID":"…","OrgID":"…","config_data":{…}},
//	 "timeoutMs":5000}
//	{"hook":"swEdgePre","rawArgs":"<JS source of the three arguments>"}
//
// and writes one line per call:
//
//	{"ok":true,"headers":{…},"bodyB64":"…","bodyUnchanged":true,"url":"…","returned":{…},"logs":[…],"durationNs":N}
//	{"ok":false,"error":"…","status":500,"logs":[…]}   (Tyk answers 500, request not proxied)
//	{"ok":false,"error":"bad input line: …","logs":[…]} (the line itself was malformed)
//
// Optional in a success: "urlError" (returned URL did not parse: Tyk goes on
// with the headers unapplied) and "override" (ReturnOverrides: the request
// is answered, not proxied).
package gateway

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"
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
	Spec      *SpecInput      `json:"spec"`
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
	Override      *OverrideOutcome `json:"override,omitempty"`
	Returned      json.RawMessage  `json:"returned,omitempty"`
	Logs          []string         `json:"logs"`
	DurationNs    int64            `json:"durationNs"`
}

// Serve answers one JSON line per input line. A file that failed to load is
// not fatal here: like Tyk, the API still serves, and calls to hooks it
// should have defined answer 500. loadErr (or a nil engine) means the JSVM
// itself could not be built: every call answers 500.
func Serve(o Options, engine Engine, loadErr error, sink *LogSink, dispatch Dispatch) int {
	if loadErr != nil {
		sink.Add("error", loadErr.Error())
	}
	// What loading logged (e.g. "Failed to load JS middleware") leads the
	// first outcome's logs.
	startupLogs := sink.Take()

	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	first := true
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			res := serveOne(o, engine, loadErr, sink, dispatch, line)
			if first {
				res.Logs = append(startupLogs, res.Logs...)
				first = false
			}
			if e := enc.Encode(res); e != nil {
				fmt.Fprintf(os.Stderr, "%s: cannot write outcome: %v\n", o.Program, e)
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
			fmt.Fprintf(os.Stderr, "%s: reading stdin: %v\n", o.Program, err)
			return 1
		}
	}
}

func failOutcome(sink *LogSink, msg string, start time.Time) serveOutcome {
	sink.Add("error", msg)
	return serveOutcome{OK: false, Error: msg, Status: 500, Logs: sink.Take(), DurationNs: time.Since(start).Nanoseconds()}
}

func serveOne(o Options, engine Engine, loadErr error, sink *LogSink, dispatch Dispatch, line []byte) serveOutcome {
	start := time.Now()
	var in serveInput
	if err := json.Unmarshal(line, &in); err != nil {
		// A harness protocol error, not a gateway outcome: status 0.
		return serveOutcome{OK: false, Error: "bad input line: " + err.Error(), Logs: sink.Take()}
	}
	if in.Hook == "" {
		return serveOutcome{OK: false, Error: "bad input line: no \"hook\"", Logs: sink.Take()}
	}
	timeout := o.Timeout
	if in.TimeoutMs > 0 {
		timeout = time.Duration(in.TimeoutMs) * time.Millisecond
	}

	var req *Incoming
	var src string
	if in.RawArgs != nil {
		// Garbage-input fixtures: the arguments pasted verbatim.
		src = dispatch(in.Hook) + ".DoProcessRequest(" + *in.RawArgs + ");"
		r, _ := NewIncoming("GET", "/", "", nil, nil)
		req = r
	} else {
		if in.Request == nil {
			return serveOutcome{OK: false, Error: "bad input line: need \"request\" or \"rawArgs\"", Logs: sink.Take()}
		}
		var body []byte
		if in.Request.BodyB64 != nil {
			b, err := base64.StdEncoding.DecodeString(*in.Request.BodyB64)
			if err != nil {
				return serveOutcome{OK: false, Error: "bad input line: bodyB64: " + err.Error(), Logs: sink.Take()}
			}
			body = b
		} else if in.Request.Body != nil {
			body = []byte(*in.Request.Body)
		}
		uri := in.Request.URL
		if uri == "" {
			uri = "/"
		}
		r, err := NewIncoming(in.Request.Method, uri, in.Request.Host, in.Request.Headers, body)
		if err != nil {
			return serveOutcome{OK: false, Error: "bad input line: url: " + err.Error(), Logs: sink.Take()}
		}
		req = r
		reqJSON, err := json.Marshal(req.MiniRequest())
		if err != nil {
			return failOutcome(sink, "Failed to encode request object for dynamic middleware: "+err.Error(), start)
		}
		session := EmptySessionJSON
		if len(in.Session) > 0 && string(in.Session) != "null" {
			var buf bytes.Buffer
			if err := json.Compact(&buf, in.Session); err != nil {
				return serveOutcome{OK: false, Error: "bad input line: session: " + err.Error(), Logs: sink.Take()}
			}
			session = buf.String()
		}
		spec := SpecInput{}
		if in.Spec != nil {
			spec = *in.Spec
		}
		specStr, err := SpecJSON(spec)
		if err != nil {
			return failOutcome(sink, "Failed to encode configuration data: "+err.Error(), start)
		}
		src = Expression(dispatch(in.Hook), string(reqJSON), session, specStr)
	}

	if loadErr != nil || engine == nil {
		return failOutcome(sink, "JSVM isn't usable: "+fmt.Sprint(loadErr), start)
	}
	original := req.Body
	retStr, err := engine.Run(src, timeout)
	if err != nil {
		return failOutcome(sink, CallError(err, timeout), start)
	}
	ret, err := DecodeReturn(retStr)
	if err != nil {
		return failOutcome(sink, "Failed to decode middleware request data on return from VM: "+err.Error()+". Returned data: "+Truncate(retStr, 200), start)
	}
	ap := req.Apply(ret)
	dur := time.Since(start).Nanoseconds()

	bodyB64 := base64.StdEncoding.EncodeToString(req.Body)
	unchanged := bytes.Equal(original, req.Body)
	u := req.URL.String()
	headers := map[string][]string(req.Header)
	if headers == nil {
		headers = map[string][]string{}
	}
	return serveOutcome{
		OK:            true,
		Headers:       headers,
		BodyB64:       &bodyB64,
		BodyUnchanged: &unchanged,
		URL:           &u,
		URLError:      ap.URLErr,
		Override:      ap.Override,
		Returned:      json.RawMessage(retStr),
		Logs:          sink.Take(),
		DurationNs:    dur,
	}
}
