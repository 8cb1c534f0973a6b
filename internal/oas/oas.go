// Package oas is a small, dependency-free validator of JSON responses against
// OpenAPI 3.x documents (JSON encoded).
//
// It exists so that tests of the SDK's fake servers can prove that the fakes
// answer the way the official specifications say. It implements the JSON
// Schema 2020-12 keywords that the reference specifications actually use
// (plus a few cheap neighbours), the OpenAPI discriminator, and the
// operation/status/media-type lookup needed to find a response schema. It is
// deliberately not a general-purpose OpenAPI library. Supported: $ref, type
// (incl. type arrays and 3.0 nullable), enum, const, minimum, maximum,
// exclusiveMinimum/Maximum (2020-12 numeric form), multipleOf, minLength,
// maxLength, pattern, format (date, date-time, int32, int64; others are
// ignored), items, minItems, maxItems, uniqueItems, properties, required,
// additionalProperties, allOf, anyOf, oneOf, not, discriminator. Keywords
// outside that list (prefixItems, patternProperties, contains, if/then/else,
// unevaluated*, $dynamicRef...) and external $refs are silently ignored or
// reported as spec errors; none occur in the reference specs.
package oas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// ErrNotFound is returned (wrapped) by LoadReference when the shared
// reference folder or the named file does not exist, so that tests can skip
// instead of fail on machines without the reference material.
var ErrNotFound = errors.New("oas: reference spec not found")

// Spec is a loaded OpenAPI document. It is safe for concurrent use.
type Spec struct {
	name     string
	doc      map[string]any
	prefixes []string // path parts of servers[*].url, without trailing slash
	paths    []pathTemplate

	mu       sync.Mutex
	patterns map[string]*regexp.Regexp // compiled "pattern" keywords
}

// pathTemplate is one entry of the document's "paths" object, pre-split so
// matching a concrete request path is cheap.
type pathTemplate struct {
	template string
	segs     []string
	item     map[string]any
}

// Violation is one schema violation at a JSON pointer into the instance.
type Violation struct {
	Pointer string // JSON pointer (RFC 6901) into the validated document; "" is the root
	Message string
}

// String formats the violation as "pointer: message".
func (v Violation) String() string {
	p := v.Pointer
	if p == "" {
		p = "/"
	}
	return p + ": " + v.Message
}

// ValidationError lists every violation found in a document.
type ValidationError struct {
	Context    string // what was validated, e.g. "GET /api/v4/vegobjekter/{vegobjekttypeId} 200"
	Violations []Violation
}

// Error lists the violations, one per line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "oas: %s: %d violation(s)", e.Context, len(e.Violations))
	for _, v := range e.Violations {
		b.WriteString("\n\t")
		b.WriteString(v.String())
	}
	return b.String()
}

// Load reads an OpenAPI 3.x JSON file.
func Load(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("oas: %w", err)
	}
	return parse(filepath.Base(path), data)
}

// LoadReference loads shared/reference/openapi/<name> from ReferenceDir.
// When the file cannot be found the error wraps ErrNotFound.
func LoadReference(name string) (*Spec, error) {
	dir, err := ReferenceDir()
	if err != nil {
		return nil, err
	}
	p := filepath.Join(dir, "openapi", name)
	if _, err := os.Stat(p); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, p)
	}
	return Load(p)
}

// ReferenceDir returns the shared/reference folder that sits beside the
// repository: <root>/../shared/reference, where <root> is the nearest
// directory above the working directory holding a go.mod. It looks
// nowhere else: a "shared" folder higher up belongs to something else, and
// reading it would validate against the wrong specs. When the folder is
// absent the error wraps ErrNotFound, so tests can skip.
func ReferenceDir() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("oas: %w", err)
	}
	root := ""
	for dir := wd; ; {
		if fi, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && !fi.IsDir() {
			root = dir
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%w: no go.mod above %s", ErrNotFound, wd)
		}
		dir = parent
	}
	ref := filepath.Join(filepath.Dir(root), "shared", "reference")
	if fi, err := os.Stat(ref); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("%w: %s (beside the repository root %s)", ErrNotFound, ref, root)
	}
	return ref, nil
}

func parse(name string, data []byte) (*Spec, error) {
	var doc map[string]any
	if err := decode(data, &doc); err != nil {
		return nil, fmt.Errorf("oas: %s: %w", name, err)
	}
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.") {
		return nil, fmt.Errorf("oas: %s: not an OpenAPI 3.x document (openapi=%q)", name, v)
	}
	s := &Spec{name: name, doc: doc, patterns: map[string]*regexp.Regexp{}}
	servers, _ := doc["servers"].([]any)
	for _, sv := range servers {
		raw, _ := asObject(sv)["url"].(string)
		if u, err := url.Parse(raw); err == nil {
			if p := strings.TrimRight(u.Path, "/"); p != "" {
				s.prefixes = append(s.prefixes, p)
			}
		}
	}
	paths, _ := doc["paths"].(map[string]any)
	for tmpl, item := range paths {
		s.paths = append(s.paths, pathTemplate{template: tmpl, segs: splitPath(tmpl), item: asObject(item)})
	}
	return s, nil
}

// decode parses JSON with UseNumber so that int64 ids and exact decimal
// values survive (float64 would silently round ids above 2^53).
func decode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err == nil {
		return errors.New("trailing data after JSON value")
	}
	return nil
}

// ValidateResponse checks body against the response schema of the operation
// matching method and the concrete request path, for the given status code
// and content type.
//
// path may carry the server URL prefix (e.g. "/vegobjekter/api/v4/...") or
// not, and may include a query string. Path templates match one segment per
// {param}; when several templates match, the one with a literal segment
// earliest wins, as OpenAPI requires concrete paths to win over templated
// ones. The status is looked up exactly, then as a range ("2XX"), then
// "default". The content type is matched by media type ignoring parameters,
// then "type/*", then "*/*", and finally application/json for JSON-ish or
// empty content types. Returns nil when valid; otherwise a *ValidationError
// listing each violation, or a plain error when no response is declared.
func (s *Spec) ValidateResponse(method, path string, status int, contentType string, body []byte) error {
	tmpl, op, err := s.findOperation(method, path)
	if err != nil {
		return err
	}
	context := fmt.Sprintf("%s %s %d", strings.ToUpper(method), tmpl, status)
	resp, err := s.findResponse(op, status)
	if err != nil {
		return fmt.Errorf("oas: %s %s: %w", strings.ToUpper(method), tmpl, err)
	}
	content := asObject(resp["content"])
	if len(content) == 0 {
		// No content declared means the response has no body.
		if len(bytes.TrimSpace(body)) != 0 {
			return fmt.Errorf("oas: %s: response declares no content but body has %d bytes", context, len(body))
		}
		return nil
	}
	media, err := pickMedia(content, contentType)
	if err != nil {
		return fmt.Errorf("oas: %s: %w", context, err)
	}
	schema, ok := media["schema"]
	if !ok {
		return nil // any body is allowed
	}
	return s.validateBytes(context, schema, body)
}

// ValidateSchema validates a JSON document against a named component schema
// (#/components/schemas/<component>), for unit-testing fixtures.
func (s *Spec) ValidateSchema(component string, body []byte) error {
	ref := "#/components/schemas/" + escapePointer(component)
	if _, err := s.resolve(ref); err != nil {
		return fmt.Errorf("oas: %s: %w", s.name, err)
	}
	// Going through a $ref (rather than the resolved map) puts the component
	// on the cycle-guard stack, which keeps discriminator dispatch from
	// re-entering it.
	return s.validateBytes(component, map[string]any{"$ref": ref}, body)
}

func (s *Spec) validateBytes(context string, schema any, body []byte) error {
	var inst any
	if err := decode(body, &inst); err != nil {
		return fmt.Errorf("oas: %s: body is not valid JSON: %w", context, err)
	}
	v := &validator{spec: s, active: map[string]bool{}}
	if vs := dedupe(v.validate(schema, inst, "")); len(vs) > 0 {
		return &ValidationError{Context: s.name + ": " + context, Violations: vs}
	}
	return nil
}

func (s *Spec) findOperation(method, rawPath string) (string, map[string]any, error) {
	p := rawPath
	if u, err := url.Parse(rawPath); err == nil {
		p = u.Path
	}
	p = strings.TrimRight(p, "/")
	candidates := []string{p}
	for _, pre := range s.prefixes {
		if rest, ok := strings.CutPrefix(p, pre); ok && (rest == "" || rest[0] == '/') {
			candidates = append(candidates, rest)
		}
	}
	var best *pathTemplate
	for _, c := range candidates {
		segs := splitPath(c)
		for i := range s.paths {
			t := &s.paths[i]
			if matchSegs(t.segs, segs) && (best == nil || moreSpecific(t.segs, best.segs)) {
				best = t
			}
		}
	}
	if best == nil {
		return "", nil, fmt.Errorf("oas: %s: no path matches %q", s.name, rawPath)
	}
	op := asObject(s.deref(best.item[strings.ToLower(method)]))
	if op == nil {
		return "", nil, fmt.Errorf("oas: %s: path %s has no %s operation", s.name, best.template, strings.ToUpper(method))
	}
	return best.template, op, nil
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

func isParam(seg string) bool { return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") }

func matchSegs(tmpl, segs []string) bool {
	if len(tmpl) != len(segs) {
		return false
	}
	for i, t := range tmpl {
		if isParam(t) {
			if segs[i] == "" {
				return false
			}
		} else if t != segs[i] {
			return false
		}
	}
	return true
}

// moreSpecific reports whether a beats b: at the first position where one
// has a literal and the other a parameter, the literal wins. Shorter
// templates (matched after stripping the server prefix) are otherwise equal.
func moreSpecific(a, b []string) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if pa, pb := isParam(a[i]), isParam(b[i]); pa != pb {
			return !pa
		}
	}
	return false
}

func (s *Spec) findResponse(op map[string]any, status int) (map[string]any, error) {
	responses := asObject(op["responses"])
	code := strconv.Itoa(status)
	for _, key := range []string{code, code[:1] + "XX", code[:1] + "xx", "default"} {
		if r, ok := responses[key]; ok {
			return asObject(s.deref(r)), nil
		}
	}
	return nil, fmt.Errorf("no response declared for status %d", status)
}

func pickMedia(content map[string]any, contentType string) (map[string]any, error) {
	mt := strings.ToLower(strings.TrimSpace(contentType))
	if parsed, _, err := mime.ParseMediaType(contentType); err == nil {
		mt = parsed
	}
	byType := map[string]map[string]any{}
	for k, v := range content {
		key := strings.ToLower(k)
		if parsed, _, err := mime.ParseMediaType(k); err == nil {
			key = parsed
		}
		byType[key] = asObject(v)
	}
	major, _, _ := strings.Cut(mt, "/")
	tries := []string{mt, major + "/*", "*/*"}
	if mt == "" || mt == "application/json" || strings.HasSuffix(mt, "+json") {
		tries = append(tries, "application/json")
	}
	for _, t := range tries {
		if m, ok := byType[t]; ok {
			return m, nil
		}
	}
	return nil, fmt.Errorf("no content declared for media type %q", contentType)
}

// deref follows $ref chains on non-schema objects (responses, path items).
func (s *Spec) deref(node any) any {
	for range 32 {
		ref, ok := asObject(node)["$ref"].(string)
		if !ok {
			return node
		}
		target, err := s.resolve(ref)
		if err != nil {
			return nil
		}
		node = target
	}
	return nil
}

// resolve looks up a local JSON-pointer reference ("#/a/b"). External
// references are not supported: the reference specs do not use them.
func (s *Spec) resolve(ref string) (any, error) {
	frag, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, fmt.Errorf("unsupported non-local $ref %q", ref)
	}
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	var node any = s.doc
	if frag == "" {
		return node, nil
	}
	for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch n := node.(type) {
		case map[string]any:
			next, ok := n[tok]
			if !ok {
				return nil, fmt.Errorf("unresolvable $ref %q", ref)
			}
			node = next
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n) {
				return nil, fmt.Errorf("unresolvable $ref %q", ref)
			}
			node = n[i]
		default:
			return nil, fmt.Errorf("unresolvable $ref %q", ref)
		}
	}
	return node, nil
}

func (s *Spec) pattern(p string) (*regexp.Regexp, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if re, ok := s.patterns[p]; ok {
		return re, nil
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, err
	}
	s.patterns[p] = re
	return re, nil
}

func asObject(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func escapePointer(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

func dedupe(vs []Violation) []Violation {
	seen := map[Violation]bool{}
	out := vs[:0]
	for _, v := range vs {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
