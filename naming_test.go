package vegdata_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// method is an exported method of an exported type, or a function.
type method struct {
	recv, name string
	results    []ast.Expr
	pos        token.Position
}

// TestNamingRules holds DESIGN.md's rules for pages and names over every
// public package:
//   - a package's Page type is generic with Items []*T and Next;
//   - a method that returns one page (*Page[T]) is List or an operation Op,
//     and its service has the iterators Pages and All (OpPages and OpAll)
//     with the right types; every iterator of pages or of a page's items
//     belongs to such a triple;
//   - no prefix forms (ListNoder, PagesNoder, AllEndringer);
//   - no two exported names of a package, or methods of one type, differ
//     only in case.
func TestNamingRules(t *testing.T) {
	for _, dir := range publicPackages(t) {
		fset := token.NewFileSet()
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		var methods []method
		var pageType *ast.TypeSpec
		names := map[string][]string{} // lower-case → names, package level
		memberNames := map[string]map[string][]string{}
		addName := func(m map[string][]string, n string) {
			if !slices.Contains(m[strings.ToLower(n)], n) {
				m[strings.ToLower(n)] = append(m[strings.ToLower(n)], n)
			}
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, decl := range file.Decls {
				switch d := decl.(type) {
				case *ast.FuncDecl:
					if !d.Name.IsExported() {
						continue
					}
					m := method{name: d.Name.Name, pos: fset.Position(d.Pos())}
					if d.Type.Results != nil {
						for _, r := range d.Type.Results.List {
							m.results = append(m.results, r.Type)
						}
					}
					if d.Recv != nil {
						m.recv = recvName(d.Recv)
						if !ast.IsExported(m.recv) {
							continue
						}
						if memberNames[m.recv] == nil {
							memberNames[m.recv] = map[string][]string{}
						}
						addName(memberNames[m.recv], m.name)
					} else {
						addName(names, m.name)
					}
					methods = append(methods, m)
				case *ast.GenDecl:
					for _, spec := range d.Specs {
						switch s := spec.(type) {
						case *ast.TypeSpec:
							if s.Name.IsExported() {
								addName(names, s.Name.Name)
							}
							if s.Name.Name == "Page" {
								pageType = s
							}
							if st, ok := s.Type.(*ast.StructType); ok && s.Name.IsExported() {
								for _, fl := range st.Fields.List {
									for _, n := range fl.Names {
										if n.IsExported() {
											if memberNames[s.Name.Name] == nil {
												memberNames[s.Name.Name] = map[string][]string{}
											}
											addName(memberNames[s.Name.Name], n.Name)
										}
									}
								}
							}
						case *ast.ValueSpec:
							for _, n := range s.Names {
								if n.IsExported() {
									addName(names, n.Name)
								}
							}
						}
					}
				}
			}
		}
		for _, ns := range names {
			if len(ns) > 1 {
				t.Errorf("%s: exported names %v differ only in case", dir, ns)
			}
		}
		for typ, m := range memberNames {
			for _, ns := range m {
				if len(ns) > 1 {
					t.Errorf("%s: members %v of %s differ only in case", dir, ns, typ)
				}
			}
		}
		checkPageType(t, dir, pageType, methods)
		checkTriples(t, methods)
	}
}

func recvName(fl *ast.FieldList) string {
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
			return x.Name
		default:
			return ""
		}
	}
}

// checkPageType: a package with page methods has one generic Page[T] with
// Items []*T and Next.
func checkPageType(t *testing.T, dir string, page *ast.TypeSpec, methods []method) {
	uses := false
	for _, m := range methods {
		for _, r := range m.results {
			if pageOf(r) != nil {
				uses = true
			}
		}
	}
	if !uses {
		return
	}
	if page == nil || page.TypeParams == nil || len(page.TypeParams.List) != 1 {
		t.Errorf("%s: the package returns pages but has no generic Page[T]", dir)
		return
	}
	tparam := page.TypeParams.List[0].Names[0].Name
	st, ok := page.Type.(*ast.StructType)
	if !ok {
		t.Errorf("%s: Page is not a struct", dir)
		return
	}
	var items, next bool
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			switch n.Name {
			case "Items":
				arr, ok := f.Type.(*ast.ArrayType)
				if ok && arr.Len == nil {
					if star, ok := arr.Elt.(*ast.StarExpr); ok {
						if id, ok := star.X.(*ast.Ident); ok && id.Name == tparam {
							items = true
						}
					}
				}
				if !items {
					t.Errorf("%s: Page.Items must be []*%s", dir, tparam)
				}
			case "Next":
				next = true
			}
		}
	}
	if !items || !next {
		t.Errorf("%s: Page must have Items []*%s and Next (has Items: %v, Next: %v)", dir, tparam, items, next)
	}
}

// pageOf returns the item type of *Page[T], or nil. A page type that is
// not generic (*Page, *PersonPage) is returned as itself, so the rules
// below report it.
func pageOf(e ast.Expr) ast.Expr {
	star, ok := e.(*ast.StarExpr)
	if !ok {
		return nil
	}
	if id, ok := star.X.(*ast.Ident); ok && strings.HasSuffix(id.Name, "Page") {
		return id
	}
	idx, ok := star.X.(*ast.IndexExpr)
	if !ok {
		return nil
	}
	if id, ok := idx.X.(*ast.Ident); ok && id.Name == "Page" {
		return idx.Index
	}
	return nil
}

// seq2Of returns the first type argument of iter.Seq2[X, error], or nil.
func seq2Of(e ast.Expr) ast.Expr {
	idx, ok := e.(*ast.IndexListExpr)
	if !ok || len(idx.Indices) != 2 {
		return nil
	}
	sel, ok := idx.X.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Seq2" {
		return nil
	}
	if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "iter" {
		return nil
	}
	return idx.Indices[0]
}

func typeString(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.StarExpr:
		return "*" + typeString(x.X)
	case *ast.SelectorExpr:
		return typeString(x.X) + "." + x.Sel.Name
	case *ast.IndexExpr:
		return typeString(x.X) + "[" + typeString(x.Index) + "]"
	}
	return "?"
}

// prefixForm reports names such as ListNoder, PagesNoder, AllEndringer:
// List, Pages or All followed by an upper-case letter.
func prefixForm(name string) bool {
	for _, p := range []string{"List", "Pages", "All"} {
		if rest, ok := strings.CutPrefix(name, p); ok && rest != "" && unicode.IsUpper(rune(rest[0])) {
			return true
		}
	}
	return false
}

func checkTriples(t *testing.T, methods []method) {
	type key struct{ recv, name string }
	byName := map[key]method{}
	for _, m := range methods {
		byName[key{m.recv, m.name}] = m
	}
	covered := map[key]bool{}
	for _, m := range methods {
		if m.recv == "" {
			continue
		}
		if prefixForm(m.name) {
			t.Errorf("%s: %s.%s: a prefix form; name it %s, %sPages, %sAll on its service", m.pos, m.recv, m.name, "Op", "Op", "Op")
		}
		if len(m.results) == 0 {
			continue
		}
		item := pageOf(m.results[0])
		if item == nil {
			continue
		}
		if id, ok := item.(*ast.Ident); ok && strings.HasSuffix(id.Name, "Page") {
			t.Errorf("%s: %s.%s returns *%s: one page is *Page[T]", m.pos, m.recv, m.name, id.Name)
			continue
		}
		pages, all := m.name+"Pages", m.name+"All"
		if m.name == "List" {
			pages, all = "Pages", "All"
		}
		covered[key{m.recv, m.name}] = true
		for _, want := range []struct {
			name string
			elem string
		}{{pages, "*Page[" + typeString(item) + "]"}, {all, "*" + typeString(item)}} {
			it, ok := byName[key{m.recv, want.name}]
			if !ok {
				t.Errorf("%s: %s.%s returns one page, so %s.%s must exist", m.pos, m.recv, m.name, m.recv, want.name)
				continue
			}
			covered[key{m.recv, want.name}] = true
			if len(it.results) != 1 || seq2Of(it.results[0]) == nil || typeString(seq2Of(it.results[0])) != want.elem {
				t.Errorf("%s: %s.%s must return iter.Seq2[%s, error]", it.pos, it.recv, it.name, want.elem)
			}
		}
	}
	// Every iterator of pages belongs to a page method.
	for _, m := range methods {
		if m.recv == "" || len(m.results) != 1 || covered[key{m.recv, m.name}] {
			continue
		}
		if e := seq2Of(m.results[0]); e != nil && pageOf(e) != nil {
			t.Errorf("%s: %s.%s iterates pages but has no page method (List, or the operation itself)", m.pos, m.recv, m.name)
		}
	}
}

// TestDeclarationsCheckTheirAnswer: every endpoint.Op and endpoint.Stream
// a package declares sets Decode or Check, so no answer is taken on trust
// (an Op without either would decode a proxy's {} into a zero value).
func TestDeclarationsCheckTheirAnswer(t *testing.T) {
	for _, dir := range publicPackages(t) {
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
			ast.Inspect(file, func(n ast.Node) bool {
				lit, ok := n.(*ast.CompositeLit)
				if !ok {
					return true
				}
				kind := endpointType(lit.Type)
				if kind != "Op" && kind != "Stream" {
					return true
				}
				keys := map[string]bool{}
				for _, e := range lit.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok {
							keys[id.Name] = true
						}
					}
				}
				if !keys["Decode"] && !keys["Check"] {
					t.Errorf("%s: endpoint.%s declared without Decode or Check", fset.Position(lit.Pos()), kind)
				}
				return true
			})
		}
	}
}

// endpointType returns "Op", "List" or "Stream" for endpoint.X[…].
func endpointType(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.IndexExpr:
		e = x.X
	case *ast.IndexListExpr:
		e = x.X
	}
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "endpoint" {
		return ""
	}
	return sel.Sel.Name
}
