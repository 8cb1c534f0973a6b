package synsbasentest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// table is one searchable resource: the attributes of each row and how a
// row is rendered.
type table struct {
	attrs  []map[string]any
	render func(i int, exp []string) (any, int64) // JSON and cost of row i
	unit   int64                                  // cost of an aggregate
	known  map[string]bool
}

func newTable(attrs []map[string]any, unit int64, render func(i int, exp []string) (any, int64)) *table {
	t := &table{attrs: attrs, render: render, unit: unit, known: map[string]bool{}}
	for _, a := range attrs {
		for k := range a {
			t.known[k] = true
		}
	}
	return t
}

func (s *Server) table(name string) *table { return s.tables[name] }

// buildTables indexes the searchable resources of d.
func buildTables(d *dataset) map[string]*table {
	tables := map[string]*table{}
	for _, name := range []string{"vehicles", "inspections", "brands", "models", "variants", "versions",
		"leasing_periods", "error_codes", "inspection_test_centers"} {
		tables[name] = newTableFor(d, name)
	}
	return tables
}

func newTableFor(d *dataset, name string) *table {
	plain := func(rows []map[string]any, unit int64) *table {
		return newTable(rows, unit, func(i int, _ []string) (any, int64) { return rows[i], unit })
	}
	catalogue := func(rows []map[string]any) *table {
		return newTable(rows, 0, func(i int, _ []string) (any, int64) { return catalogueItem(rows[i]), 0 })
	}
	switch name {
	case "vehicles":
		return newTable(d.vehicleAttrs, 1, func(i int, exp []string) (any, int64) {
			out, cost := renderVehicle(d.vehicles[i], exp)
			return out, cost
		})
	case "inspections":
		return newTable(d.inspAttrs, 1, func(i int, _ []string) (any, int64) { return d.inspections[i], 1 })
	case "error_codes":
		return newTable(d.errorCodeAttrs, 0, func(i int, _ []string) (any, int64) { return d.errorCodes[i], 0 })
	case "leasing_periods":
		return plain(d.leasing, 0)
	case "inspection_test_centers":
		return plain(d.inspCenters, 0)
	case "brands":
		return catalogue(d.brands)
	case "models":
		return catalogue(d.models)
	case "variants":
		return catalogue(d.variants)
	case "versions":
		return catalogue(d.versions)
	}
	return nil
}

// searchRequest is the body of POST /v1/<resource>/search.
type searchRequest struct {
	Query          map[string]json.RawMessage `json:"query"`
	Method         string                     `json:"method"`
	Select         string                     `json:"select"`
	GroupBy        json.RawMessage            `json:"group_by"`
	PercentageType string                     `json:"percentage_type"`
	Page           *json.Number               `json:"page"`
	PerPage        *json.Number               `json:"per_page"`
	Sorts          json.RawMessage            `json:"sorts"`
}

type badRequest struct{ msg string }

// Error returns the message sent in the 400 answer.
func (e *badRequest) Error() string { return e.msg }

func bad(format string, args ...any) error { return &badRequest{fmt.Sprintf(format, args...)} }

// predicates, longest suffix first.
var predicates = []string{"i_cont_any", "cont_any", "not_eq", "not_in", "i_cont", "start", "gteq", "lteq", "cont", "end", "eq", "in", "gt", "lt"}

type cond struct {
	attr, pred string
	value      any
}

func (s *Server) search(resource string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		t := s.table(resource)
		a, err := s.runSearch(t, r)
		if err != nil {
			if br, ok := err.(*badRequest); ok {
				fail(w, http.StatusBadRequest, "%s", br.msg)
				return
			}
			fail(w, http.StatusInternalServerError, "%v", err)
			return
		}
		s.respond(w, a)
	}
}

func (s *Server) runSearch(t *table, r *http.Request) (answer, error) {
	exp, err := expands(r)
	if err != nil {
		return answer{}, bad("%v", err)
	}
	var req searchRequest
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	if err := dec.Decode(&req); err != nil {
		return answer{}, bad("invalid JSON body: %v", err)
	}
	conds, err := parseQuery(t, req.Query)
	if err != nil {
		return answer{}, err
	}
	var rows []int
	for i, a := range t.attrs {
		ok := true
		for _, c := range conds {
			if !matches(a[c.attr], c.pred, c.value) {
				ok = false
				break
			}
		}
		if ok {
			rows = append(rows, i)
		}
	}
	groups, err := stringList(req.GroupBy, "group_by")
	if err != nil {
		return answer{}, err
	}
	exprs := make([]*expr, len(groups))
	for i, g := range groups {
		if exprs[i], err = parseExpr(t, g); err != nil {
			return answer{}, err
		}
	}
	method := req.Method
	if method == "" {
		method = "SELECT"
	}
	if req.PercentageType != "" && req.PercentageType != "RELATIVE" && req.PercentageType != "TOTAL" {
		return answer{}, bad("unknown percentage_type %q", req.PercentageType)
	}
	switch method {
	case "SELECT":
		if req.Select != "" {
			return aggregateAvg(t, rows, req.Select, exprs)
		}
		if len(exprs) > 0 {
			return answer{}, bad("group_by needs COUNT, PERCENTAGE or a select function")
		}
		return selectRows(t, rows, req, exp)
	case "COUNT":
		return countRows(t, rows, exprs, "", false), nil
	case "PERCENTAGE":
		if len(exprs) == 0 {
			return answer{}, bad("PERCENTAGE needs group_by")
		}
		return countRows(t, rows, exprs, req.PercentageType, true), nil
	case "DISTINCT":
		if req.Select != "" {
			return answer{}, bad("DISTINCT takes no select")
		}
		if len(exprs) == 0 {
			return answer{}, bad("DISTINCT needs group_by")
		}
		return distinctRows(t, rows, exprs), nil
	}
	return answer{}, bad("unknown method %q: use SELECT, COUNT, PERCENTAGE or DISTINCT", req.Method)
}

func parseQuery(t *table, q map[string]json.RawMessage) ([]cond, error) {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []cond
	for _, k := range keys {
		var c *cond
		for _, p := range predicates {
			attr, ok := strings.CutSuffix(k, "_"+p)
			if ok && t.known[attr] {
				c = &cond{attr: attr, pred: p}
				break
			}
		}
		if c == nil {
			return nil, bad("unknown search matcher %q", k)
		}
		dec := json.NewDecoder(bytes.NewReader(q[k]))
		dec.UseNumber()
		if err := dec.Decode(&c.value); err != nil {
			return nil, bad("matcher %s: %v", k, err)
		}
		switch c.pred {
		case "in", "not_in", "cont_any", "i_cont_any":
			l, ok := c.value.([]any)
			if !ok {
				l = []any{c.value}
			}
			c.value = l
		default:
			if _, ok := c.value.([]any); ok {
				return nil, bad("matcher %s takes a single value", k)
			}
		}
		out = append(out, *c)
	}
	return out, nil
}

// toFloat reads a number (or a numeric string).
func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case string:
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil
	}
	return 0, false
}

func text(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	case int, int64, float64:
		return fmt.Sprint(x), true
	}
	return "", false
}

// compare orders a row value and a query value: numbers numerically, text
// (and yyyy-mm-dd dates) as text.
func compare(a, b any) (int, bool) {
	if a == nil || b == nil {
		return 0, false
	}
	if _, isStr := a.(string); !isStr {
		fa, ok1 := toFloat(a)
		fb, ok2 := toFloat(b)
		if ok1 && ok2 {
			switch {
			case fa < fb:
				return -1, true
			case fa > fb:
				return 1, true
			}
			return 0, true
		}
	}
	if ab, ok := a.(bool); ok {
		bb, ok := b.(bool)
		if !ok {
			return 0, false
		}
		if ab == bb {
			return 0, true
		}
		return 1, true
	}
	sa, ok1 := text(a)
	sb, ok2 := text(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	return strings.Compare(sa, sb), true
}

// matches applies a predicate as SQL would: a NULL row value matches
// nothing.
func matches(v any, pred string, q any) bool {
	if v == nil {
		return false
	}
	switch pred {
	case "eq", "not_eq":
		c, ok := compare(v, q)
		return ok && (c == 0) == (pred == "eq")
	case "gt", "gteq", "lt", "lteq":
		c, ok := compare(v, q)
		if !ok {
			return false
		}
		switch pred {
		case "gt":
			return c > 0
		case "gteq":
			return c >= 0
		case "lt":
			return c < 0
		}
		return c <= 0
	case "in", "not_in":
		found := false
		for _, x := range q.([]any) {
			if c, ok := compare(v, x); ok && c == 0 {
				found = true
			}
		}
		return found == (pred == "in")
	case "start", "end", "cont", "i_cont":
		sv, ok1 := text(v)
		sq, ok2 := text(q)
		if !ok1 || !ok2 {
			return false
		}
		switch pred {
		case "start":
			return strings.HasPrefix(sv, sq)
		case "end":
			return strings.HasSuffix(sv, sq)
		case "cont":
			return strings.Contains(sv, sq)
		}
		return strings.Contains(strings.ToLower(sv), strings.ToLower(sq))
	case "cont_any", "i_cont_any":
		sv, ok := text(v)
		if !ok {
			return false
		}
		for _, x := range q.([]any) {
			sq, ok := text(x)
			if !ok {
				continue
			}
			if pred == "cont_any" && strings.Contains(sv, sq) {
				return true
			}
			if pred == "i_cont_any" && strings.Contains(strings.ToLower(sv), strings.ToLower(sq)) {
				return true
			}
		}
	}
	return false
}

// stringList reads a string or an array of strings.
func stringList(raw json.RawMessage, name string) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(raw, &many); err != nil {
		return nil, bad("%s must be a string or an array of strings", name)
	}
	return many, nil
}

func selectRows(t *table, rows []int, req searchRequest, exp []string) (answer, error) {
	sorts, err := stringList(req.Sorts, "sorts")
	if err != nil {
		return answer{}, err
	}
	type key struct {
		attr string
		desc bool
	}
	var keys []key
	for _, s := range sorts {
		f := strings.Fields(s)
		if len(f) == 0 || len(f) > 2 || !t.known[f[0]] {
			return answer{}, bad("invalid sort %q", s)
		}
		k := key{attr: f[0]}
		if len(f) == 2 {
			switch strings.ToUpper(f[1]) {
			case "ASC":
			case "DESC":
				k.desc = true
			default:
				return answer{}, bad("invalid sort direction in %q", s)
			}
		}
		keys = append(keys, k)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		for _, k := range keys {
			a, b := t.attrs[rows[i]][k.attr], t.attrs[rows[j]][k.attr]
			if a == nil || b == nil { // NULLs last
				if (a == nil) != (b == nil) {
					return b == nil
				}
				continue
			}
			c, _ := compare(a, b)
			if c != 0 {
				return (c < 0) != k.desc
			}
		}
		return false
	})
	page, perPage := 1, DefaultPerPage
	if req.Page != nil {
		p, err := req.Page.Int64()
		if err != nil || p < 1 {
			return answer{}, bad("page must be a positive integer")
		}
		page = int(p)
	}
	if req.PerPage != nil {
		p, err := req.PerPage.Int64()
		if err != nil || p < 1 || p > MaxPerPage {
			return answer{}, bad("per_page must be between 1 and %d", MaxPerPage)
		}
		perPage = int(p)
	}
	pageRows, info := paginate(rows, page, perPage)
	data := make([]any, 0, len(pageRows))
	var cost int64
	for _, i := range pageRows {
		out, c := t.render(i, exp)
		data = append(data, out)
		cost += c
	}
	return answer{data: data, cost: cost, page: info}, nil
}

// expr is a group_by column or function.
type expr struct {
	fn   string
	args []string // attribute names
	nums []float64
}

var exprRe = regexp.MustCompile(`^([A-Z]+)\((.*)\)$`)

func parseExpr(t *table, s string) (*expr, error) {
	s = strings.TrimSpace(s)
	m := exprRe.FindStringSubmatch(s)
	if m == nil {
		if !t.known[s] {
			return nil, bad("unknown group_by attribute %q", s)
		}
		return &expr{args: []string{s}}, nil
	}
	e := &expr{fn: m[1]}
	var parts []string
	for _, p := range strings.Split(m[2], ",") {
		parts = append(parts, strings.TrimSpace(p))
	}
	nattrs := map[string]int{"YEAR": 1, "QUARTER": 1, "MONTH": 1, "WEEK": 1, "DAY": 1, "ROUND": 1, "NEAREST": 1, "SUBSTRING": 1, "CONCAT": -1}
	n, ok := nattrs[e.fn]
	if !ok {
		return nil, bad("unknown group_by function %s", e.fn)
	}
	if n < 0 {
		n = len(parts)
	}
	if len(parts) < n {
		return nil, bad("%s needs an attribute", s)
	}
	for _, a := range parts[:n] {
		if !t.known[a] {
			return nil, bad("unknown group_by attribute %q in %s", a, s)
		}
		e.args = append(e.args, a)
	}
	for _, p := range parts[n:] {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return nil, bad("%s: %q is not a number", s, p)
		}
		e.nums = append(e.nums, f)
	}
	want := map[string][2]int{"ROUND": {0, 1}, "NEAREST": {1, 1}, "SUBSTRING": {2, 2}}
	if w, ok := want[e.fn]; ok && (len(e.nums) < w[0] || len(e.nums) > w[1]) {
		return nil, bad("%s has the wrong number of arguments", s)
	} else if !ok && e.fn != "CONCAT" && len(e.nums) > 0 {
		return nil, bad("%s takes one attribute", s)
	}
	if e.fn == "NEAREST" && e.nums[0] <= 0 {
		return nil, bad("%s: precision must be positive", s)
	}
	return e, nil
}

// eval computes the group value of a row (nil for NULL).
func (e *expr) eval(row map[string]any) any {
	v := row[e.args[0]]
	switch e.fn {
	case "":
		return v
	case "YEAR", "QUARTER", "MONTH", "WEEK", "DAY":
		s, ok := v.(string)
		if !ok || len(s) < 10 {
			return nil
		}
		d, err := time.Parse(time.DateOnly, s[:10])
		if err != nil {
			return nil
		}
		switch e.fn {
		case "YEAR":
			return float64(d.Year())
		case "QUARTER":
			return float64((int(d.Month())-1)/3 + 1)
		case "MONTH":
			return float64(d.Month())
		case "WEEK":
			_, w := d.ISOWeek()
			return float64(w)
		}
		return float64(d.Day())
	case "ROUND":
		f, ok := toFloat(v)
		if !ok || v == nil {
			return nil
		}
		p := 0.0
		if len(e.nums) > 0 {
			p = e.nums[0]
		}
		scale := math.Pow(10, p)
		return math.Round(f*scale) / scale
	case "NEAREST":
		f, ok := toFloat(v)
		if !ok || v == nil {
			return nil
		}
		return math.Round(f/e.nums[0]) * e.nums[0]
	case "SUBSTRING":
		s, ok := text(v)
		if !ok {
			return nil
		}
		r := []rune(s)
		from := max(int(e.nums[0])-1, 0)
		to := min(from+int(e.nums[1]), len(r))
		if from >= len(r) || to <= from {
			return ""
		}
		return string(r[from:to])
	case "CONCAT":
		var b strings.Builder
		for _, a := range e.args {
			if s, ok := text(row[a]); ok {
				b.WriteString(s)
			}
		}
		return b.String()
	}
	return nil
}

func keyText(v any) string {
	if v == nil {
		return ""
	}
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s, _ := text(v)
	return s
}

// groupKey is the key of a row: the value of one expression, or a JSON
// array of several.
func groupKey(exprs []*expr, row map[string]any) (key, first string) {
	if len(exprs) == 1 {
		k := keyText(exprs[0].eval(row))
		return k, k
	}
	vals := make([]any, len(exprs))
	for i, e := range exprs {
		v := e.eval(row)
		if n, ok := v.(json.Number); ok {
			f, _ := n.Float64()
			v = f
		}
		vals[i] = v
	}
	b, _ := json.Marshal(vals)
	return string(b), keyText(vals[0])
}

// groupJSON is the group value of a row as JSON: the value of one
// expression, or an array of several.
func groupJSON(exprs []*expr, row map[string]any) []byte {
	vals := make([]any, len(exprs))
	for i, e := range exprs {
		vals[i] = e.eval(row)
	}
	var b []byte
	if len(vals) == 1 {
		b, _ = json.Marshal(vals[0])
	} else {
		b, _ = json.Marshal(vals)
	}
	return b
}

type bucket struct {
	key, first string
	raw        []byte // the group's value(s) as JSON
	n          int
	sum        float64
	vals       int
}

func buckets(t *table, rows []int, exprs []*expr, avgAttr string) []*bucket {
	idx := map[string]*bucket{}
	var out []*bucket
	for _, i := range rows {
		k, first := groupKey(exprs, t.attrs[i])
		b := idx[k]
		if b == nil {
			b = &bucket{key: k, first: first, raw: groupJSON(exprs, t.attrs[i])}
			idx[k] = b
			out = append(out, b)
		}
		b.n++
		if avgAttr != "" {
			if v := t.attrs[i][avgAttr]; v != nil {
				if f, ok := toFloat(v); ok {
					b.sum += f
					b.vals++
				}
			}
		}
	}
	numeric := true
	for _, b := range out {
		if _, err := strconv.ParseFloat(b.key, 64); err != nil {
			numeric = false
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if numeric {
			a, _ := strconv.ParseFloat(out[i].key, 64)
			c, _ := strconv.ParseFloat(out[j].key, 64)
			return a < c
		}
		return out[i].key < out[j].key
	})
	return out
}

// orderedObject writes groups as a JSON object in bucket order.
type orderedObject struct {
	keys []string
	vals []any
}

// MarshalJSON writes the keys in order.
func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		vb, err := json.Marshal(o.vals[i])
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

func countRows(t *table, rows []int, exprs []*expr, ptype string, percentage bool) answer {
	if len(exprs) == 0 {
		return answer{data: len(rows), cost: t.unit}
	}
	bs := buckets(t, rows, exprs, "")
	obj := orderedObject{}
	// RELATIVE with several columns: share within the first column's group.
	firstTotals := map[string]int{}
	for _, b := range bs {
		firstTotals[b.first] += b.n
	}
	for _, b := range bs {
		obj.keys = append(obj.keys, b.key)
		if !percentage {
			obj.vals = append(obj.vals, b.n)
			continue
		}
		denom := len(rows)
		if ptype != "TOTAL" && len(exprs) > 1 {
			denom = firstTotals[b.first]
		}
		obj.vals = append(obj.vals, round2(float64(b.n)*100/float64(denom)))
	}
	return answer{data: obj, cost: t.unit}
}

// distinctRows answers DISTINCT: the distinct values of the group_by
// expressions, in the order of the groups, as an array of plain values for
// one expression and of arrays for several. It costs what an aggregate
// costs.
func distinctRows(t *table, rows []int, exprs []*expr) answer {
	data := []any{}
	for _, b := range buckets(t, rows, exprs, "") {
		data = append(data, json.RawMessage(b.raw))
	}
	return answer{data: data, cost: t.unit}
}

var avgRe = regexp.MustCompile(`^AVG\(\s*([a-z][a-z0-9_.]*)\s*\)$`)

func aggregateAvg(t *table, rows []int, sel string, exprs []*expr) (answer, error) {
	m := avgRe.FindStringSubmatch(strings.TrimSpace(sel))
	if m == nil {
		return answer{}, bad("unsupported select %q: only AVG(<attribute>) is supported", sel)
	}
	attr := m[1]
	if !t.known[attr] {
		return answer{}, bad("unknown select attribute %q", attr)
	}
	avg := func(sum float64, n int) any {
		if n == 0 {
			return nil
		}
		return round2(sum / float64(n))
	}
	if len(exprs) == 0 {
		var sum float64
		var n int
		for _, i := range rows {
			if f, ok := toFloat(t.attrs[i][attr]); ok && t.attrs[i][attr] != nil {
				sum += f
				n++
			}
		}
		return answer{data: avg(sum, n), cost: t.unit}, nil
	}
	obj := orderedObject{}
	for _, b := range buckets(t, rows, exprs, attr) {
		obj.keys = append(obj.keys, b.key)
		obj.vals = append(obj.vals, avg(b.sum, b.vals))
	}
	return answer{data: obj, cost: t.unit}, nil
}
