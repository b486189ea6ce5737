package main

import (
	"fmt"
	"io/ioutil"
	"os"
	"regexp"
	"strings"

	"github.com/robertkrimen/otto/ast"
	"github.com/robertkrimen/otto/file"
	"github.com/robertkrimen/otto/parser"
	gw "sw-edge-trace/jsvm-gateway"
)

type lintProblem struct {
	file   string
	line   int
	column int
	reason string
}

func (p lintProblem) String() string {
	if p.line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", p.file, p.line, p.column, p.reason)
	}
	return fmt.Sprintf("%s: %s", p.file, p.reason)
}

// checkRegExp compiles a pattern the way otto's RegExp constructor does:
// flags g/i/m (each at most once; any other flag is silently ignored by
// otto, which changes behaviour, so it is reported), parser.TransformRegExp
// to RE2 syntax, then Go's regexp.Compile. Returns "" when otto accepts it.
func checkRegExp(pattern, flags string) string {
	seen := map[rune]bool{}
	re2flags := ""
	for _, c := range flags {
		switch c {
		case 'g', 'i', 'm':
			if seen[c] {
				return fmt.Sprintf("flag %q repeated: otto throws SyntaxError", string(c))
			}
			seen[c] = true
			if c != 'g' {
				re2flags += string(c)
			}
		default:
			return fmt.Sprintf("flag %q is silently ignored by otto", string(c))
		}
	}
	re2, err := parser.TransformRegExp(pattern)
	if err != nil {
		return "Invalid regular expression: " + err.Error()
	}
	if re2flags != "" {
		re2 = "(?" + re2flags + ":" + re2 + ")"
	}
	if _, err := regexp.Compile(re2); err != nil {
		return "Invalid regular expression: " + err.Error()
	}
	return ""
}

type regexVisitor struct {
	fileSet  *file.FileSet
	name     string
	problems []lintProblem
	literals int
	calls    int
}

func (v *regexVisitor) report(idx file.Idx, what, reason string) {
	p := lintProblem{file: v.name, reason: what + ": " + reason}
	if pos := v.fileSet.Position(idx); pos != nil {
		p.line, p.column = pos.Line, pos.Column
	}
	v.problems = append(v.problems, p)
}

func stringArg(args []ast.Expression, i int) (string, bool) {
	if i >= len(args) {
		return "", false
	}
	if s, ok := args[i].(*ast.StringLiteral); ok {
		return s.Value, true
	}
	return "", false
}

func (v *regexVisitor) checkCall(callee ast.Expression, args []ast.Expression, idx file.Idx, kind string) {
	id, ok := callee.(*ast.Identifier)
	if !ok || id.Name != "RegExp" {
		return
	}
	pattern, ok := stringArg(args, 0)
	if !ok {
		return
	}
	flags, _ := stringArg(args, 1)
	v.calls++
	if reason := checkRegExp(pattern, flags); reason != "" {
		v.report(idx, fmt.Sprintf("%s(%q) throws when run", kind, pattern), reason)
	}
}

func (v *regexVisitor) Enter(n ast.Node) ast.Visitor {
	switch n := n.(type) {
	case *ast.RegExpLiteral:
		v.literals++
		if reason := checkRegExp(n.Pattern, n.Flags); reason != "" {
			v.report(n.Idx, "regex literal "+n.Literal+" stops the whole file loading", reason)
		}
	case *ast.CallExpression:
		v.checkCall(n.Callee, n.ArgumentList, n.Idx0(), "RegExp")
	case *ast.NewExpression:
		v.checkCall(n.Callee, n.ArgumentList, n.Idx0(), "new RegExp")
	}
	return v
}

func (v *regexVisitor) Exit(ast.Node) {}

// lintFile parses with IgnoreRegExpErrors so that one bad regex does not
// hide the rest, then walks the AST.
func lintFile(path string) (problems []lintProblem, literals, calls int) {
	src, err := ioutil.ReadFile(path)
	if err != nil {
		return []lintProblem{{file: path, reason: err.Error()}}, 0, 0
	}
	fs := &file.FileSet{}
	program, err := parser.ParseFile(fs, path, string(src), parser.IgnoreRegExpErrors)
	if err != nil {
		if list, ok := err.(*parser.ErrorList); ok {
			for _, e := range *list {
				reason := "syntax: " + e.Message
				if strings.HasPrefix(e.Message, "Invalid regular expression") {
					// RE2 rejected what TransformRegExp passed through
					// (lookbehind, named groups): the parser fails even when
					// told to ignore regex errors.
					reason = "regex literal stops the whole file loading: " + e.Message
				}
				problems = append(problems, lintProblem{file: path, line: e.Position.Line, column: e.Position.Column, reason: reason})
			}
		} else {
			problems = append(problems, lintProblem{file: path, reason: "syntax: " + err.Error()})
		}
		return problems, 0, 0
	}
	v := &regexVisitor{fileSet: fs, name: path}
	func() {
		defer func() {
			if caught := recover(); caught != nil {
				v.problems = append(v.problems, lintProblem{file: path, reason: fmt.Sprintf("internal: AST walk failed: %v", caught)})
			}
		}()
		ast.Walk(v, program)
	}()
	return v.problems, v.literals, v.calls
}

// runLint prints one line per problem and exits 1 if any; else one OK line.
func runLint(o gw.Options, files []string) int {
	if len(files) == 0 {
		fmt.Fprintln(os.Stderr, "otto-harness -lint: no files given")
		return 2
	}
	var all []lintProblem
	literals, calls := 0, 0
	for _, f := range files {
		p, l, c := lintFile(f)
		all = append(all, p...)
		literals += l
		calls += c
	}
	// Then load them, in order, into one VM as Tyk does.
	sink := &gw.LogSink{Quiet: true}
	vm, err := newCoreVM(o.TykJS, sink)
	if err != nil {
		all = append(all, lintProblem{file: o.TykJS, reason: "load: " + err.Error()})
	} else {
		for _, f := range files {
			if err := loadFile(vm, f); err != nil {
				all = append(all, lintProblem{file: f, reason: "load: " + err.Error()})
			}
		}
	}
	for _, p := range all {
		fmt.Println(p.String())
	}
	if len(all) > 0 {
		fmt.Printf("otto-lint: %d problem(s) in %d file(s)\n", len(all), len(files))
		return 1
	}
	fmt.Printf("otto-lint OK: %d file(s) parse and load in otto; %d regex literal(s) and %d RegExp(\"…\") call(s) compile\n", len(files), literals, calls)
	return 0
}
