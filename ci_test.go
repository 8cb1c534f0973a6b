package vegdata_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestCIRunsWhatTheDefaultRunSkips: the README's test command skips the
// tests that stream 1 GiB bodies unless VEGDATA_HOSTILE=1
// (hostile.SkipUnlessHuge) and runs the long ones small unless
// VEGDATA_LONG=1 (internal/longtest, or pgstore's own reading of it), so
// .ci/run must set them: its race step VEGDATA_HOSTILE, and its "long runs
// and hostile input without the race detector" step both, naming each
// huge and each long test (its -run pattern) and its package. A new one
// that the step misses fails here instead of never running.
func TestCIRunsWhatTheDefaultRunSkips(t *testing.T) {
	type test struct{ dir, name string }
	var huge []test
	long := map[test]bool{}
	// Per directory: the package-level names whose declaration reads the
	// long switch (a longtest call, or VEGDATA_LONG itself), and each
	// test's identifiers, to find the tests that use such a name.
	sizers := map[string]map[string]bool{}    // dir → name
	decls := map[string]map[string][]string{} // dir → declared name → identifiers used
	tests := map[test][]string{}              // test → identifiers used
	idents := func(n ast.Node) (out []string) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.SelectorExpr:
				if id, ok := x.X.(*ast.Ident); ok && id.Name == "longtest" {
					out = append(out, "longtest.")
				}
			case *ast.BasicLit:
				if x.Value == `"VEGDATA_LONG"` {
					out = append(out, "longtest.")
				}
			case *ast.Ident:
				out = append(out, x.Name)
			}
			return true
		})
		return out
	}
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		file, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		dir := filepath.Dir(p)
		if decls[dir] == nil {
			decls[dir], sizers[dir] = map[string][]string{}, map[string]bool{}
		}
		for _, decl := range file.Decls {
			switch x := decl.(type) {
			case *ast.GenDecl:
				for _, spec := range x.Specs {
					switch sp := spec.(type) {
					case *ast.ValueSpec:
						for _, name := range sp.Names {
							decls[dir][name.Name] = idents(sp)
						}
					}
				}
			case *ast.FuncDecl:
				if x.Recv == nil && !strings.HasPrefix(x.Name.Name, "Test") {
					decls[dir][x.Name.Name] = idents(x)
				}
			}
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Test") || fn.Body == nil {
				continue
			}
			tests[test{dir, fn.Name.Name}] = idents(fn.Body)
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if ok && sel.Sel.Name == "SkipUnlessHuge" {
					if x, ok := sel.X.(*ast.Ident); ok && x.Name == "hostile" {
						huge = append(huge, test{filepath.Dir(p), fn.Name.Name})
						return false
					}
				}
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(huge) < 5 {
		t.Fatalf("found only %d tests calling hostile.SkipUnlessHuge: %v", len(huge), huge)
	}
	// A name is a sizer if it uses longtest or another sizer of its
	// directory (pgstore's longRun reads envLong, which is VEGDATA_LONG).
	for dir, ds := range decls {
		for changed := true; changed; {
			changed = false
			for name, used := range ds {
				if sizers[dir][name] {
					continue
				}
				for _, u := range used {
					if u == "longtest." || (sizers[dir][u] && u != name) {
						sizers[dir][name], changed = true, true
						break
					}
				}
			}
		}
	}
	for tc, used := range tests {
		for _, u := range used {
			if u == "longtest." || sizers[tc.dir][u] {
				long[tc] = true
				break
			}
		}
	}
	if len(long) < 4 {
		t.Fatalf("found only %d tests sized by VEGDATA_LONG: %v", len(long), long)
	}

	script, err := os.ReadFile(filepath.Join(".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	race := regexp.MustCompile(`(?m)^(.*) go test -race( -[a-z]+=[a-z0-9]+)* "\$ALL"$`).FindSubmatch(script)
	if race == nil || !strings.Contains(string(race[1]), "VEGDATA_HOSTILE=1") {
		t.Errorf(`.ci/run's race step must run the whole suite: VEGDATA_HOSTILE=1 … go test -race … "$ALL"`)
	}
	step := regexp.MustCompile(`(?m)^VEGDATA_HOSTILE=1 VEGDATA_LONG=1 go test [^\n]*\\\n\s*-run '([^']+)' \\\n\s*([^\n]+)$`).FindSubmatch(script)
	if step == nil {
		t.Fatal(`.ci/run has no step of the form "VEGDATA_HOSTILE=1 VEGDATA_LONG=1 go test … \ -run '…' \ <packages>"`)
	}
	run, err := regexp.Compile(string(step[1]))
	if err != nil {
		t.Fatalf("the hostile step's -run pattern: %v", err)
	}
	pkgs := strings.Fields(string(step[2]))
	check := func(h test, what string) {
		if !run.MatchString(h.name) {
			t.Errorf("%s (%s) %s, but .ci/run's long and hostile step -run %q does not match it", h.name, h.dir, what, step[1])
		}
		if !slices.Contains(pkgs, "./"+filepath.ToSlash(h.dir)) {
			t.Errorf("%s %s, but .ci/run's long and hostile step does not test ./%s (it tests %v)", h.name, what, h.dir, pkgs)
		}
	}
	for _, h := range huge {
		check(h, "calls hostile.SkipUnlessHuge")
	}
	for h := range long {
		check(h, "is sized by VEGDATA_LONG")
	}
}
