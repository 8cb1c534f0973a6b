package oas

import (
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// validator walks one instance document against a schema. Schemas are the
// raw decoded JSON of the spec; $refs are resolved lazily as the walk meets
// them, so recursive schemas cost nothing up front and terminate because the
// instance document is finite.
type validator struct {
	spec *Spec
	// active holds "$ref\x00pointer" pairs currently being evaluated. Meeting
	// the same reference again at the same instance location can only be a
	// cycle that consumes no input (e.g. a discriminator base whose mapped
	// subtype is allOf[base, ...]); it is skipped, since the outer evaluation
	// of that reference already applies it.
	active map[string]bool
}

func violation(ptr, format string, args ...any) []Violation {
	return []Violation{{Pointer: ptr, Message: fmt.Sprintf(format, args...)}}
}

func (v *validator) validate(schema, inst any, ptr string) []Violation {
	switch sc := schema.(type) {
	case nil:
		return nil
	case bool: // JSON Schema boolean schemas
		if !sc {
			return violation(ptr, "no value is allowed here (schema false)")
		}
		return nil
	case map[string]any:
		return v.validateObject(sc, inst, ptr)
	default:
		return violation(ptr, "invalid schema of type %T in spec", schema)
	}
}

func (v *validator) validateObject(sc map[string]any, inst any, ptr string) []Violation {
	var out []Violation
	if ref, ok := sc["$ref"].(string); ok {
		out = append(out, v.validateRef(ref, inst, ptr)...)
	}
	// OpenAPI 3.0 "nullable": null is accepted regardless of the other keywords.
	if inst == nil && sc["nullable"] == true {
		return out
	}
	if t, ok := sc["type"]; ok {
		out = append(out, checkType(t, inst, ptr)...)
	}
	if enum, ok := sc["enum"].([]any); ok && !containsValue(enum, inst) {
		out = append(out, violation(ptr, "value %s is not one of the enum values %s", short(inst), short(enum))...)
	}
	if c, ok := sc["const"]; ok && !equal(c, inst) {
		out = append(out, violation(ptr, "value %s is not the constant %s", short(inst), short(c))...)
	}
	switch x := inst.(type) {
	case json.Number:
		out = append(out, checkNumber(sc, x, ptr)...)
	case string:
		out = append(out, v.checkString(sc, x, ptr)...)
	case []any:
		out = append(out, v.checkArray(sc, x, ptr)...)
	case map[string]any:
		out = append(out, v.checkProperties(sc, x, ptr)...)
	}
	out = append(out, v.checkCombinators(sc, inst, ptr)...)
	return out
}

func (v *validator) validateRef(ref string, inst any, ptr string) []Violation {
	key := ref + "\x00" + ptr
	if v.active[key] {
		return nil
	}
	target, err := v.spec.resolve(ref)
	if err != nil {
		return violation(ptr, "spec error: %v", err)
	}
	v.active[key] = true
	defer delete(v.active, key)
	return v.validate(target, inst, ptr)
}

func checkType(t any, inst any, ptr string) []Violation {
	var want []string
	switch x := t.(type) {
	case string:
		want = []string{x}
	case []any:
		for _, w := range x {
			if s, ok := w.(string); ok {
				want = append(want, s)
			}
		}
	default:
		return violation(ptr, "spec error: invalid type keyword %s", short(t))
	}
	got := jsonType(inst)
	for _, w := range want {
		if w == got || (w == "number" && got == "integer") {
			return nil
		}
	}
	return violation(ptr, "expected %s, got %s", strings.Join(want, " or "), got)
}

// jsonType names the JSON Schema type of a decoded value. Numbers with no
// fractional part are "integer" (so 1.0 is an integer, as in 2020-12).
func jsonType(inst any) string {
	switch x := inst.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case json.Number:
		if r, ok := toRat(x); ok && r.IsInt() {
			return "integer"
		}
		return "number"
	}
	return fmt.Sprintf("%T", inst)
}

func toRat(v any) (*big.Rat, bool) {
	switch x := v.(type) {
	case json.Number:
		return new(big.Rat).SetString(string(x))
	case float64:
		return new(big.Rat).SetFloat64(x), true
	case int:
		return new(big.Rat).SetInt64(int64(x)), true
	}
	return nil, false
}

var (
	minInt32 = big.NewRat(-1<<31, 1)
	maxInt32 = big.NewRat(1<<31-1, 1)
	minInt64 = new(big.Rat).SetInt64(-1 << 63)
	maxInt64 = new(big.Rat).SetInt64(1<<63 - 1)
)

func checkNumber(sc map[string]any, n json.Number, ptr string) []Violation {
	val, ok := toRat(n)
	if !ok {
		return violation(ptr, "invalid number %s", n)
	}
	var out []Violation
	bound := func(kw string, fails func(cmp int) bool, what string) {
		if b, ok := toRat(sc[kw]); ok && fails(val.Cmp(b)) {
			out = append(out, violation(ptr, "%s must be %s %s", n, what, sc[kw])...)
		}
	}
	// 2020-12 forms only: the OpenAPI 3.0 boolean exclusiveMinimum/Maximum
	// do not occur in the reference specs.
	bound("minimum", func(c int) bool { return c < 0 }, ">=")
	bound("maximum", func(c int) bool { return c > 0 }, "<=")
	bound("exclusiveMinimum", func(c int) bool { return c <= 0 }, ">")
	bound("exclusiveMaximum", func(c int) bool { return c >= 0 }, "<")
	if m, ok := toRat(sc["multipleOf"]); ok && m.Sign() != 0 && !new(big.Rat).Quo(val, m).IsInt() {
		out = append(out, violation(ptr, "%s is not a multiple of %s", n, sc["multipleOf"])...)
	}
	if val.IsInt() { // non-integers are reported by "type"
		switch sc["format"] {
		case "int32":
			if val.Cmp(minInt32) < 0 || val.Cmp(maxInt32) > 0 {
				out = append(out, violation(ptr, "%s is out of range for format int32", n)...)
			}
		case "int64":
			if val.Cmp(minInt64) < 0 || val.Cmp(maxInt64) > 0 {
				out = append(out, violation(ptr, "%s is out of range for format int64", n)...)
			}
		}
	}
	return out
}

func (v *validator) checkString(sc map[string]any, s string, ptr string) []Violation {
	var out []Violation
	n := utf8.RuneCountInString(s)
	if m, ok := toInt(sc["minLength"]); ok && n < m {
		out = append(out, violation(ptr, "string length %d is less than minLength %d", n, m)...)
	}
	if m, ok := toInt(sc["maxLength"]); ok && n > m {
		out = append(out, violation(ptr, "string length %d is more than maxLength %d", n, m)...)
	}
	if p, ok := sc["pattern"].(string); ok {
		// Go's RE2 differs from ECMA-262 in corner cases (no look-around or
		// backreferences); the patterns in the reference specs are plain.
		re, err := v.spec.pattern(p)
		switch {
		case err != nil:
			out = append(out, violation(ptr, "spec error: unsupported pattern %q: %v", p, err)...)
		case !re.MatchString(s):
			out = append(out, violation(ptr, "%q does not match pattern %q", s, p)...)
		}
	}
	switch sc["format"] {
	case "date":
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			out = append(out, violation(ptr, "%q is not a valid date (YYYY-MM-DD)", s)...)
		}
	case "date-time":
		// RFC 3339 allows lower-case t and z; Go's parser wants upper case.
		if _, err := time.Parse(time.RFC3339Nano, strings.ToUpper(s)); err != nil {
			out = append(out, violation(ptr, "%q is not a valid RFC 3339 date-time", s)...)
		}
	}
	return out
}

func toInt(v any) (int, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(string(n))
	return i, err == nil
}

func (v *validator) checkArray(sc map[string]any, arr []any, ptr string) []Violation {
	var out []Violation
	if m, ok := toInt(sc["minItems"]); ok && len(arr) < m {
		out = append(out, violation(ptr, "array has %d items, fewer than minItems %d", len(arr), m)...)
	}
	if m, ok := toInt(sc["maxItems"]); ok && len(arr) > m {
		out = append(out, violation(ptr, "array has %d items, more than maxItems %d", len(arr), m)...)
	}
	if sc["uniqueItems"] == true {
	outer:
		for i := range arr {
			for j := i + 1; j < len(arr); j++ {
				if equal(arr[i], arr[j]) {
					out = append(out, violation(ptr, "items %d and %d are equal but uniqueItems is true", i, j)...)
					break outer
				}
			}
		}
	}
	if items, ok := sc["items"]; ok {
		for i, el := range arr {
			out = append(out, v.validate(items, el, ptr+"/"+strconv.Itoa(i))...)
		}
	}
	return out
}

func (v *validator) checkProperties(sc map[string]any, obj map[string]any, ptr string) []Violation {
	var out []Violation
	if req, ok := sc["required"].([]any); ok {
		for _, r := range req {
			if name, ok := r.(string); ok {
				if _, present := obj[name]; !present {
					out = append(out, violation(ptr+"/"+escapePointer(name), "required property %q is missing", name)...)
				}
			}
		}
	}
	props := asObject(sc["properties"])
	addl, hasAddl := sc["additionalProperties"]
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic violation order
	for _, k := range keys {
		p := ptr + "/" + escapePointer(k)
		switch ps, ok := props[k]; {
		case ok:
			out = append(out, v.validate(ps, obj[k], p)...)
		case addl == false:
			out = append(out, violation(p, "additional property %q is not allowed", k)...)
		case hasAddl:
			out = append(out, v.validate(addl, obj[k], p)...)
		}
	}
	return out
}

func (v *validator) checkCombinators(sc map[string]any, inst any, ptr string) []Violation {
	var out []Violation
	if all, ok := sc["allOf"].([]any); ok {
		for _, s := range all {
			out = append(out, v.validate(s, inst, ptr)...)
		}
	}
	if not, ok := sc["not"]; ok && len(v.validate(not, inst, ptr)) == 0 {
		out = append(out, violation(ptr, "value must not match the \"not\" schema")...)
	}
	oneOf, hasOneOf := sc["oneOf"].([]any)
	anyOf, hasAnyOf := sc["anyOf"].([]any)
	if d := asObject(sc["discriminator"]); d != nil {
		if obj, ok := inst.(map[string]any); ok {
			branches := append(append([]any{}, oneOf...), anyOf...)
			return append(out, v.discriminate(d, branches, obj, ptr)...)
		}
	}
	if hasOneOf {
		out = append(out, v.alternatives("oneOf", oneOf, inst, ptr, true)...)
	}
	if hasAnyOf {
		out = append(out, v.alternatives("anyOf", anyOf, inst, ptr, false)...)
	}
	return out
}

// discriminate applies an OpenAPI discriminator. With oneOf/anyOf branches it
// picks the branch named by the property value instead of trying them all.
// Without branches (the "base schema" style, where subtypes are
// allOf[base, ...]) it validates the instance against the mapped subtype too.
func (v *validator) discriminate(d map[string]any, branches []any, obj map[string]any, ptr string) []Violation {
	prop, _ := d["propertyName"].(string)
	raw, present := obj[prop]
	if !present {
		if len(branches) == 0 {
			return nil // the base schema's "required" reports the omission
		}
		return violation(ptr+"/"+escapePointer(prop), "discriminator property %q is missing", prop)
	}
	val, ok := raw.(string)
	if !ok {
		return violation(ptr+"/"+escapePointer(prop), "discriminator property %q must be a string, got %s", prop, jsonType(raw))
	}
	target, _ := asObject(d["mapping"])[val].(string)
	if target != "" && !strings.HasPrefix(target, "#") {
		target = "#/components/schemas/" + target // mapping may use bare schema names
	}
	if target == "" { // implicit mapping: the value is a component name
		if _, err := v.spec.resolve("#/components/schemas/" + escapePointer(val)); err == nil {
			target = "#/components/schemas/" + escapePointer(val)
		}
	}
	if target == "" {
		return violation(ptr+"/"+escapePointer(prop), "discriminator value %q has no mapping", val)
	}
	if len(branches) == 0 {
		return v.validateRef(target, obj, ptr)
	}
	for _, b := range branches {
		if asObject(b)["$ref"] == target {
			return v.validate(b, obj, ptr)
		}
	}
	return violation(ptr+"/"+escapePointer(prop), "discriminator value %q selects %s, which is not among the branches", val, target)
}

// alternatives implements oneOf (exactly one branch) and anyOf (at least one).
// On failure it reports the closest branch's violations, because listing
// every branch's mismatch (e.g. "expected null") buries the useful one.
func (v *validator) alternatives(kw string, branches []any, inst any, ptr string, exactlyOne bool) []Violation {
	var matched []string
	best, bestScore := -1, [2]int{}
	var bestErrs []Violation
	for i, b := range branches {
		errs := v.validate(b, inst, ptr)
		if len(errs) == 0 {
			matched = append(matched, branchName(b, i))
			continue
		}
		// Fewer violations at this very location (wrong type, missing
		// discriminator...) means the branch is a closer fit.
		shallow := 0
		for _, e := range errs {
			if e.Pointer == ptr {
				shallow++
			}
		}
		score := [2]int{shallow, len(errs)}
		if best < 0 || score[0] < bestScore[0] || (score[0] == bestScore[0] && score[1] < bestScore[1]) {
			best, bestScore, bestErrs = i, score, errs
		}
	}
	switch {
	case len(matched) == 0 && best >= 0:
		return append(violation(ptr, "%s value matches no %s branch (closest: %s)", jsonType(inst), kw, branchName(branches[best], best)), bestErrs...)
	case len(matched) > 1 && exactlyOne:
		return violation(ptr, "value matches %d oneOf branches (%s), expected exactly one", len(matched), strings.Join(matched, ", "))
	}
	return nil
}

func branchName(b any, i int) string {
	if ref, ok := asObject(b)["$ref"].(string); ok {
		return ref
	}
	return "branch " + strconv.Itoa(i)
}

func containsValue(list []any, v any) bool {
	for _, e := range list {
		if equal(e, v) {
			return true
		}
	}
	return false
}

// equal is JSON value equality: numbers compare by value (1 == 1.0).
func equal(a, b any) bool {
	switch x := a.(type) {
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		rx, ok1 := toRat(x)
		ry, ok2 := toRat(y)
		return ok1 && ok2 && rx.Cmp(ry) == 0
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !equal(xv, yv) {
				return false
			}
		}
		return true
	default:
		return a == b
	}
}

// short renders a value for messages, truncated so huge objects stay readable.
func short(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}
