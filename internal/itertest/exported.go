package itertest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// ExportedIterators parses the non-test Go files of the package in dir and
// returns its exported functions and methods (of exported types) that
// return an iter.Seq or iter.Seq2, as "Type.Method" or "Func", sorted.
func ExportedIterators(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("read %s: %v", dir, err)
	}
	fset := token.NewFileSet()
	var out []string
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("parse %s: %v", e.Name(), err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() || !returnsIterator(fd.Type) {
				continue
			}
			name := fd.Name.Name
			if fd.Recv != nil && len(fd.Recv.List) == 1 {
				recv := receiverType(fd.Recv.List[0].Type)
				if !ast.IsExported(recv) {
					continue
				}
				name = recv + "." + name
			}
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// RequireCovered fails the test unless covered (the iterators a leak test
// ranges, as "Type.Method"; repeats allowed) names exactly the exported
// iterators of the package in dir: a new iterator must be added to the
// test, and a removed one taken out of it.
func RequireCovered(t *testing.T, dir string, covered []string) {
	t.Helper()
	have := ExportedIterators(t, dir)
	if len(have) == 0 {
		t.Fatalf("no exported iterator found in %s", dir)
	}
	want := slices.Clone(covered)
	slices.Sort(want)
	want = slices.Compact(want)
	for _, n := range have {
		if !slices.Contains(want, n) {
			t.Errorf("exported iterator %s is not covered by the leak test", n)
		}
	}
	for _, n := range want {
		if !slices.Contains(have, n) {
			t.Errorf("the leak test covers %s, which is not an exported iterator of the package", n)
		}
	}
}

// returnsIterator reports whether one of ft's results is iter.Seq or
// iter.Seq2.
func returnsIterator(ft *ast.FuncType) bool {
	if ft.Results == nil {
		return false
	}
	for _, r := range ft.Results.List {
		var x ast.Expr
		switch e := r.Type.(type) {
		case *ast.IndexExpr:
			x = e.X
		case *ast.IndexListExpr:
			x = e.X
		default:
			continue
		}
		if sel, ok := x.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "iter" && (sel.Sel.Name == "Seq" || sel.Sel.Name == "Seq2") {
				return true
			}
		}
	}
	return false
}

// receiverType is the name of a method's receiver type: T, *T, T[P] or
// *T[P].
func receiverType(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}
