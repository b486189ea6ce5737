package gateway

import "encoding/base64"

// StringGlobals are the Go-side globals of Tyk's JSVM that take one string and need no gateway
// (gateway/mw_js_plugin.go; goja's driver gives them the same semantics): log, rawlog, b64enc,
// b64dec, rawb64enc and rawb64dec. ok false means the call returns undefined. Each harness wraps
// them in its own engine's value types, so both engines log and decode alike.
func StringGlobals(sink *LogSink) map[string]func(in string) (out string, ok bool) {
	// b64dec tries the standard alphabet, then the same without padding; a failure is logged.
	decode := func(encodings ...*base64.Encoding) func(string) (string, bool) {
		return func(in string) (string, bool) {
			var err error
			for _, enc := range encodings {
				var out []byte
				if out, err = enc.DecodeString(in); err == nil {
					return string(out), true
				}
			}
			sink.Add("error", "Failed to base64 decode: "+err.Error())
			return "", false
		}
	}
	return map[string]func(string) (string, bool){
		"log":       func(in string) (string, bool) { sink.Add("log", in); return "", false },
		"rawlog":    func(in string) (string, bool) { sink.Add("rawlog", in); return "", false },
		"b64enc":    func(in string) (string, bool) { return base64.StdEncoding.EncodeToString([]byte(in)), true },
		"b64dec":    decode(base64.StdEncoding, base64.RawStdEncoding),
		"rawb64enc": func(in string) (string, bool) { return base64.RawStdEncoding.EncodeToString([]byte(in)), true },
		"rawb64dec": decode(base64.RawStdEncoding),
	}
}

// GatewayCalls need a running gateway: the harnesses log an error and return undefined, as Tyk
// does when they fail.
var GatewayCalls = []string{"TykMakeHttpRequest", "TykGetKeyData", "TykSetKeyData", "TykBatchRequest"}
