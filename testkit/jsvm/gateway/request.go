package gateway

import (
	"encoding/json"
	"net/url"
	"reflect"
	"time"
)

// The shapes below mirror the gateway's (gateway/mw_js_plugin.go) field for
// field, so encoding/json produces and accepts exactly what Tyk does
// (including Go's case-insensitive field matching on the way back).

type ReturnOverrides struct {
	ResponseCode    int
	ResponseError   string
	ResponseBody    string
	ResponseHeaders map[string]string
	OverrideError   bool
}

type MiniRequestObject struct {
	Headers         map[string][]string
	SetHeaders      map[string]string
	DeleteHeaders   []string
	Body            []byte
	URL             string
	Params          map[string][]string
	AddParams       map[string]string
	ExtendedParams  map[string][]string
	DeleteParams    []string
	ReturnOverrides ReturnOverrides
	IgnoreBody      bool
	Method          string
	RequestURI      string
	Scheme          string
}

type VMReturnObject struct {
	Request     MiniRequestObject
	SessionMeta map[string]string
	Session     emptySession
	AuthValue   string
}

// emptySession has the fields of Tyk's user.SessionState that an empty
// session marshals (pre hooks and hooks without require_session get one).
type emptySession struct {
	LastCheck          int64                  `json:"last_check"`
	Allowance          float64                `json:"allowance"`
	Rate               float64                `json:"rate"`
	Per                float64                `json:"per"`
	ThrottleInterval   float64                `json:"throttle_interval"`
	ThrottleRetryLimit int                    `json:"throttle_retry_limit"`
	MaxQueryDepth      int                    `json:"max_query_depth"`
	DateCreated        time.Time              `json:"date_created"`
	Expires            int64                  `json:"expires"`
	QuotaMax           int64                  `json:"quota_max"`
	QuotaRenews        int64                  `json:"quota_renews"`
	QuotaRemaining     int64                  `json:"quota_remaining"`
	QuotaRenewalRate   int64                  `json:"quota_renewal_rate"`
	AccessRights       map[string]interface{} `json:"access_rights"`
	OrgID              string                 `json:"org_id"`
	OauthClientID      string                 `json:"oauth_client_id"`
	OauthKeys          map[string]string      `json:"oauth_keys"`
	Certificate        string                 `json:"certificate"`
	BasicAuthData      struct {
		Password string `json:"password"`
		Hash     string `json:"hash_type"`
	} `json:"basic_auth_data"`
	JWTData struct {
		Secret string `json:"secret"`
	} `json:"jwt_data"`
	HMACEnabled                   bool     `json:"hmac_enabled"`
	EnableHTTPSignatureValidation bool     `json:"enable_http_signature_validation"`
	HmacSecret                    string   `json:"hmac_string"`
	RSACertificateId              string   `json:"rsa_certificate_id"`
	IsInactive                    bool     `json:"is_inactive"`
	ApplyPolicyID                 string   `json:"apply_policy_id"`
	ApplyPolicies                 []string `json:"apply_policies"`
	DataExpires                   int64    `json:"data_expires"`
	Monitor                       struct {
		TriggerLimits []float64 `json:"trigger_limits"`
	} `json:"monitor"`
	EnableDetailRecording   bool                   `json:"enable_detail_recording"`
	EnableDetailedRecording bool                   `json:"enable_detailed_recording"`
	MetaData                map[string]interface{} `json:"meta_data"`
	Tags                    []string               `json:"tags"`
	Alias                   string                 `json:"alias"`
	LastUpdated             string                 `json:"last_updated"`
	IdExtractorDeadline     int64                  `json:"id_extractor_deadline"`
	SessionLifetime         int64                  `json:"session_lifetime"`
}

var EmptySessionJSON = func() string {
	b, err := json.Marshal(emptySession{})
	if err != nil {
		panic(err)
	}
	return string(b)
}()

// SpecInput is what a caller gives for the third argument; Tyk builds
// {OrgID, APIID, config_data} from the API definition (specToJson), leaving
// config_data out when config_data_disabled is set.
type SpecInput struct {
	APIID              string                 `json:"APIID"`
	OrgID              string                 `json:"OrgID"`
	ConfigData         map[string]interface{} `json:"config_data"`
	ConfigDataDisabled bool                   `json:"config_data_disabled"`
}

func SpecJSON(s SpecInput) (string, error) {
	m := map[string]interface{}{"OrgID": s.OrgID, "APIID": s.APIID}
	if !s.ConfigDataDisabled {
		m["config_data"] = s.ConfigData
	}
	b, err := json.Marshal(m)
	return string(b), err
}

// incoming is one request as a Go HTTP server hands it to the middleware chain.
type Incoming struct {
	Method     string
	RequestURI string
	URL        *url.URL
	Host       string
	Header     Header // canonical names, Host removed (Go keeps it in r.Host)
	Body       []byte
}

func NewIncoming(method, requestURI, host string, headers map[string][]string, body []byte) (*Incoming, error) {
	u, err := url.ParseRequestURI(requestURI)
	if err != nil {
		return nil, err
	}
	h := Header{}
	for k, vs := range headers {
		ck := CanonicalKey(k)
		if ck == "Host" {
			if host == "" && len(vs) > 0 {
				host = vs[0]
			}
			continue
		}
		for _, v := range vs {
			h.Add(ck, v)
		}
	}
	if host == "" {
		host = "127.0.0.1:8080"
	}
	if body == nil {
		body = []byte{}
	}
	if method == "" {
		method = "GET"
	}
	return &Incoming{Method: method, RequestURI: requestURI, URL: u, Host: host, Header: h, Body: body}, nil
}

// miniRequest builds the first argument the way DynamicMiddleware does: a
// copy of the headers with Host added, the body as bytes (base64 in JSON).
func (r *Incoming) MiniRequest() MiniRequestObject {
	headers := make(Header, len(r.Header)+1)
	for k, v := range r.Header {
		headers[k] = v
	}
	headers.Set("Host", r.Host)
	return MiniRequestObject{
		Headers:        headers,
		SetHeaders:     map[string]string{},
		DeleteHeaders:  []string{},
		Body:           r.Body,
		URL:            r.URL.String(),
		Params:         r.URL.Query(),
		AddParams:      map[string]string{},
		ExtendedParams: map[string][]string{},
		DeleteParams:   []string{},
		Method:         r.Method,
		RequestURI:     r.RequestURI,
		Scheme:         "http",
	}
}

// expression is the source Tyk evaluates per call, the arguments pasted in.
func Expression(hook, requestJSON, sessionJSON, specJSON string) string {
	return hook + `.DoProcessRequest(` + requestJSON + `, ` + sessionJSON + `, ` + specJSON + `);`
}

// applied is what the gateway does with a good return value.
type Applied struct {
	URLErr   string
	Override *OverrideOutcome
}

type OverrideOutcome struct {
	Kind    string            `json:"kind"` // "error": the error handler answers; "respond": sent as is
	Status  int               `json:"status"`
	Body    string            `json:"body"`
	Headers map[string]string `json:"headers,omitempty"`
}

// apply mutates r as the gateway does after a call: body, URL, headers
// (DeleteHeaders then SetHeaders via Header.Set), params, ReturnOverrides.
func (r *Incoming) Apply(ret *VMReturnObject) Applied {
	var out Applied
	req := ret.Request
	if !req.IgnoreBody {
		r.Body = req.Body
		if r.Body == nil {
			r.Body = []byte{}
		}
	}
	u, err := url.Parse(req.URL)
	if err != nil {
		// Tyk returns (nil, 200) here: the chain goes on, headers unapplied.
		out.URLErr = err.Error()
		return out
	}
	r.URL = u
	for _, dh := range req.DeleteHeaders {
		r.Header.Del(dh)
	}
	for h, v := range req.SetHeaders {
		r.Header.Set(h, v)
	}
	reconstructParams(r.URL, &req)
	ro := req.ReturnOverrides
	if ro.ResponseError != "" {
		ro.ResponseBody = ro.ResponseError
	}
	if ro.ResponseCode >= 400 && !ro.OverrideError {
		out.Override = &OverrideOutcome{Kind: "error", Status: ro.ResponseCode, Body: ro.ResponseBody, Headers: ro.ResponseHeaders}
	} else if ro.ResponseCode != 0 {
		out.Override = &OverrideOutcome{Kind: "respond", Status: ro.ResponseCode, Body: ro.ResponseBody, Headers: ro.ResponseHeaders}
	}
	return out
}

func reconstructParams(u *url.URL, req *MiniRequestObject) {
	updated := u.Query()
	for _, k := range req.DeleteParams {
		updated.Del(k)
	}
	for p, v := range req.AddParams {
		updated.Set(p, v)
	}
	for p, vs := range req.ExtendedParams {
		for _, v := range vs {
			updated.Add(p, v)
		}
	}
	if !reflect.DeepEqual(u.Query(), updated) {
		u.RawQuery = updated.Encode()
	}
}
