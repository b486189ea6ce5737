package main

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
)

// middlewareFile is one file as a manifest lists it: its path and the handler
// names the manifest's hooks give for that path.
type middlewareFile struct {
	path  string
	names []string
}

var namesPrefix = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*(,[A-Za-z_$][A-Za-z0-9_$]*)*=`)

// parseFileArgs reads -file values: `name1,name2=path`, or a bare path (no
// names: loaded as is, like a support script). Names are JS identifiers, so
// the first "=" after a valid list separates them from the path.
func parseFileArgs(args []string) []middlewareFile {
	files := make([]middlewareFile, 0, len(args))
	for _, a := range args {
		if m := namesPrefix.FindString(a); m != "" {
			files = append(files, middlewareFile{path: a[len(m):], names: strings.Split(m[:len(m)-1], ",")})
			continue
		}
		files = append(files, middlewareFile{path: a})
	}
	return files
}

// handlerAlias is the global a handler is exposed under: a prefix, the first
// 6 bytes of SHA-256 over "path::name" in hex, and the name with every byte
// that is not [A-Za-z0-9_] made "_" (Tyk 5.15's scheme, so two files may both
// define `handler`).
func handlerAlias(path, name string) string {
	sum := sha256.Sum256([]byte(path + "::" + name))
	safe := []byte(name)
	for i, c := range safe {
		if !(c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			safe[i] = '_'
		}
	}
	if len(safe) == 0 {
		safe = []byte("h")
	}
	return "__tyk_h_" + hex.EncodeToString(sum[:6]) + "_" + string(safe)
}

// wrapped is the file's source inside an IIFE: its vars and functions stay
// local, and each named handler it defines is copied to its alias (a name it
// does not define is skipped: the call later fails on the missing alias).
// The ";" ends a last statement the file left open.
func wrapped(f middlewareFile, src string) string {
	if len(f.names) == 0 {
		return src
	}
	var b strings.Builder
	b.WriteString("(function () {\n")
	b.WriteString(src)
	b.WriteString("\n;\n")
	for _, n := range f.names {
		if n == "" {
			continue
		}
		b.WriteString("if (typeof " + n + " !== 'undefined') { globalThis[\"" + handlerAlias(f.path, n) + "\"] = " + n + "; }\n")
	}
	b.WriteString("})();\n")
	return b.String()
}
