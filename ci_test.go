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
// VEGDATA_LONG=1 (internal/longtest), so .ci/run must set them: its race
// step both, and its "hostile input without the race detector" step must
// name each huge test (its -run pattern) and its package. A new one that
// the step misses fails here instead of never running.
func TestCIRunsWhatTheDefaultRunSkips(t *testing.T) {
	type test struct{ dir, name string }
	var huge []test
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
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Test") || fn.Body == nil {
				continue
			}
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

	script, err := os.ReadFile(filepath.Join(".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	race := regexp.MustCompile(`(?m)^(.*) go test -race -count=1 "\$ALL"$`).FindSubmatch(script)
	if race == nil || !strings.Contains(string(race[1]), "VEGDATA_HOSTILE=1") || !strings.Contains(string(race[1]), "VEGDATA_LONG=1") {
		t.Errorf(`.ci/run's race step must run the whole suite: VEGDATA_LONG=1 VEGDATA_HOSTILE=1 … go test -race -count=1 "$ALL"`)
	}
	step := regexp.MustCompile(`(?m)^VEGDATA_HOSTILE=1 go test [^\n]*\\\n\s*-run '([^']+)' \\\n\s*([^\n]+)$`).FindSubmatch(script)
	if step == nil {
		t.Fatal(`.ci/run has no hostile step of the form "VEGDATA_HOSTILE=1 go test … \ -run '…' \ <packages>"`)
	}
	run, err := regexp.Compile(string(step[1]))
	if err != nil {
		t.Fatalf("the hostile step's -run pattern: %v", err)
	}
	pkgs := strings.Fields(string(step[2]))
	for _, h := range huge {
		if !run.MatchString(h.name) {
			t.Errorf("%s (%s) calls hostile.SkipUnlessHuge, but .ci/run's hostile step -run %q does not match it", h.name, h.dir, step[1])
		}
		if !slices.Contains(pkgs, "./"+filepath.ToSlash(h.dir)) {
			t.Errorf("%s calls hostile.SkipUnlessHuge, but .ci/run's hostile step does not test ./%s (it tests %v)", h.name, h.dir, pkgs)
		}
	}
}
