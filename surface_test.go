package vegdata_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// publicPackages lists the directories of the module's importable,
// non-internal packages (examples and other modules left out).
func publicPackages(t *testing.T) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		name := d.Name()
		if p != "." && (strings.HasPrefix(name, ".") || name == "internal" || name == "examples" || name == "testdata") {
			return filepath.SkipDir
		}
		if p != "." {
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir // a module of its own
			}
		}
		if m, _ := filepath.Glob(filepath.Join(p, "*.go")); len(m) > 0 {
			dirs = append(dirs, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

// TestPublicSurface holds the v1 naming rules: every exported identifier
// is ASCII (æ→ae, ø→o, å→aa; JSON and XML tags keep the API's spelling),
// and no exported declaration names a type from an internal package, so
// go doc of a public package shows everything a user can touch.
func TestPublicSurface(t *testing.T) {
	dirs := publicPackages(t)
	if len(dirs) < 9 {
		t.Fatalf("found only %d public packages: %v", len(dirs), dirs)
	}
	for _, dir := range dirs {
		fset := token.NewFileSet()
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			internal := map[string]bool{}
			for _, imp := range file.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if strings.Contains(path, "/internal/") {
					name := path[strings.LastIndex(path, "/")+1:]
					if imp.Name != nil {
						name = imp.Name.Name
					}
					internal[name] = true
				}
			}
			check := func(where token.Pos, what string, n ast.Node) {
				if n == nil {
					return
				}
				ast.Inspect(n, func(n ast.Node) bool {
					if _, ok := n.(*ast.FuncLit); ok {
						return false // bodies are not surface
					}
					if sel, ok := n.(*ast.SelectorExpr); ok {
						if id, ok := sel.X.(*ast.Ident); ok && internal[id.Name] {
							t.Errorf("%s: exported %s refers to %s.%s from an internal package", fset.Position(where), what, id.Name, sel.Sel.Name)
						}
					}
					return true
				})
			}
			ascii := func(id *ast.Ident) {
				if id == nil || !id.IsExported() {
					return
				}
				for _, r := range id.Name {
					if r > unicode.MaxASCII {
						t.Errorf("%s: exported identifier %s is not ASCII", fset.Position(id.Pos()), id.Name)
						return
					}
				}
			}
			for _, decl := range file.Decls {
				switch d := decl.(type) {
				case *ast.FuncDecl:
					ascii(d.Name)
					if d.Name.IsExported() && (d.Recv == nil || receiverExported(d.Recv)) {
						check(d.Pos(), d.Name.Name, d.Type)
					}
				case *ast.GenDecl:
					for _, spec := range d.Specs {
						switch s := spec.(type) {
						case *ast.TypeSpec:
							ascii(s.Name)
							if !s.Name.IsExported() {
								continue
							}
							if st, ok := s.Type.(*ast.StructType); ok {
								// Unexported fields are no surface; embedded
								// ones are (their methods are promoted).
								for _, f := range st.Fields.List {
									for _, n := range f.Names {
										ascii(n)
										if n.IsExported() {
											check(n.Pos(), s.Name.Name+"."+n.Name, f.Type)
										}
									}
									if len(f.Names) == 0 {
										check(f.Pos(), s.Name.Name+" (embedded)", f.Type)
									}
								}
							} else {
								check(s.Pos(), s.Name.Name, s.Type)
							}
							if it, ok := s.Type.(*ast.InterfaceType); ok {
								for _, m := range it.Methods.List {
									for _, n := range m.Names {
										ascii(n)
									}
								}
							}
						case *ast.ValueSpec:
							for _, n := range s.Names {
								ascii(n)
								if n.IsExported() {
									check(n.Pos(), n.Name, s.Type)
								}
							}
						}
					}
				}
			}
		}
	}
}

func receiverExported(fl *ast.FieldList) bool {
	if fl == nil || len(fl.List) == 0 {
		return true
	}
	t := fl.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.Ident:
			return x.IsExported()
		default:
			return true
		}
	}
}
