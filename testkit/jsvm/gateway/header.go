package gateway

// Request headers the way Go's net/http keeps them (what the gateway's
// r.Header is), without importing net/http: the harness then needs no cgo
// and builds from a cold cache in seconds.

type Header map[string][]string

// isTokenByte reports whether c may appear in an HTTP header name (RFC 7230
// tchar).
func isTokenByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}

// CanonicalKey is Go's canonical MIME header key: the first letter and every
// letter after a hyphen upper case, the rest lower case ("sw8" → "Sw8",
// "x-sw-EDGE-api" → "X-Sw-Edge-Api"). A name holding a byte that is not a
// token character is left as it is, as Go does.
func CanonicalKey(s string) string {
	for i := 0; i < len(s); i++ {
		if !isTokenByte(s[i]) {
			return s
		}
	}
	b := []byte(s)
	upper := true
	for i, c := range b {
		if upper && 'a' <= c && c <= 'z' {
			b[i] = c - ('a' - 'A')
		} else if !upper && 'A' <= c && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
		upper = c == '-'
	}
	return string(b)
}

func (h Header) Add(key, value string) {
	k := CanonicalKey(key)
	h[k] = append(h[k], value)
}

func (h Header) Set(key, value string) {
	h[CanonicalKey(key)] = []string{value}
}

func (h Header) Del(key string) {
	delete(h, CanonicalKey(key))
}
