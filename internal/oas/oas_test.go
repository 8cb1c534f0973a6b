package oas

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// specWith builds an in-memory spec whose components.schemas are the given
// JSON object text, plus optional paths/servers.
func specWith(t *testing.T, schemas string, extra ...string) *Spec {
	t.Helper()
	doc := `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"components":{"schemas":` + schemas + `}`
	for _, e := range extra {
		doc += "," + e
	}
	doc += "}"
	s, err := parse("inline.json", []byte(doc))
	require.NoError(t, err)
	return s
}

// violations returns the violation strings of err, or nil when err is nil.
func violations(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *ValidationError
	require.ErrorAs(t, err, &ve, "want a *ValidationError, got %v", err)
	var out []string
	for _, v := range ve.Violations {
		out = append(out, v.String())
	}
	return out
}

type schemaCase struct {
	name   string
	schema string
	doc    string
	want   []string // violation substrings expected, in order; nil means valid
}

func runSchemaCases(t *testing.T, cases []schemaCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := specWith(t, `{"T":`+tc.schema+`}`)
			got := violations(t, s.ValidateSchema("T", []byte(tc.doc)))
			if tc.want == nil {
				assert.Empty(t, got)
				return
			}
			require.Len(t, got, len(tc.want), "violations: %q", got)
			for i, w := range tc.want {
				assert.Contains(t, got[i], w)
			}
		})
	}
}

func TestTypesAndScalars(t *testing.T) {
	runSchemaCases(t, []schemaCase{
		{"integer ok", `{"type":"integer"}`, `42`, nil},
		{"integer accepts 1.0", `{"type":"integer"}`, `1.0`, nil},
		{"integer rejects fraction", `{"type":"integer"}`, `1.5`, []string{"/: expected integer, got number"}},
		{"integer rejects string", `{"type":"integer"}`, `"1"`, []string{"expected integer, got string"}},
		{"number accepts integer", `{"type":"number"}`, `3`, nil},
		{"boolean", `{"type":"boolean"}`, `0`, []string{"expected boolean, got integer"}},
		{"type array allows null", `{"type":["string","null"]}`, `null`, nil},
		{"type array allows string", `{"type":["string","null"]}`, `"x"`, nil},
		{"type array rejects other", `{"type":["string","null"]}`, `1`, []string{"expected string or null, got integer"}},
		{"type null", `{"type":"null"}`, `{}`, []string{"expected null, got object"}},
		{"nullable 3.0", `{"type":"string","nullable":true}`, `null`, nil},
		{"not nullable", `{"type":"string"}`, `null`, []string{"expected string, got null"}},
		{"enum ok", `{"type":"string","enum":["Punkt","Linje"]}`, `"Linje"`, nil},
		{"enum bad", `{"enum":["Punkt","Linje"]}`, `"Sving"`, []string{`value "Sving" is not one of the enum values`}},
		{"enum numeric equality", `{"enum":[1,2]}`, `2.0`, nil},
		{"const", `{"const":"A"}`, `"B"`, []string{"is not the constant"}},
		{"minimum", `{"minimum":1}`, `0`, []string{"0 must be >= 1"}},
		{"maximum", `{"maximum":10}`, `10`, nil},
		{"exclusiveMinimum", `{"exclusiveMinimum":1}`, `1`, []string{"1 must be > 1"}},
		{"exclusiveMaximum", `{"exclusiveMaximum":5}`, `4.99`, nil},
		{"multipleOf", `{"multipleOf":0.5}`, `1.25`, []string{"not a multiple of 0.5"}},
		{"minLength", `{"minLength":2}`, `"å"`, []string{"less than minLength 2"}},
		{"maxLength counts runes", `{"maxLength":3}`, `"øæå"`, nil},
		{"pattern ok", `{"pattern":"^([01][0-9]|2[0-3]):[0-5][0-9]$"}`, `"23:59"`, nil},
		{"pattern bad", `{"pattern":"^([01][0-9]|2[0-3]):[0-5][0-9]$"}`, `"24:00"`, []string{"does not match pattern"}},
		{"pattern ignores non-strings", `{"pattern":"^a$"}`, `5`, nil},
		{"date ok", `{"type":"string","format":"date"}`, `"2024-02-29"`, nil},
		{"date bad day", `{"format":"date"}`, `"2023-02-29"`, []string{"not a valid date"}},
		{"date with time", `{"format":"date"}`, `"2023-02-01T00:00:00Z"`, []string{"not a valid date"}},
		{"date-time offset", `{"format":"date-time"}`, `"2024-04-13T11:47:11.111+02:00"`, nil},
		{"date-time zulu lower", `{"format":"date-time"}`, `"2025-05-02t23:12:39z"`, nil},
		{"date-time no offset", `{"format":"date-time"}`, `"2025-05-02T23:12:39"`, []string{"not a valid RFC 3339 date-time"}},
		{"int32 ok", `{"type":"integer","format":"int32"}`, `2147483647`, nil},
		{"int32 overflow", `{"type":"integer","format":"int32"}`, `2147483648`, []string{"out of range for format int32"}},
		{"int64 beyond float precision", `{"type":"integer","format":"int64"}`, `9007199254740993`, nil},
		{"int64 overflow", `{"type":"integer","format":"int64"}`, `9223372036854775808`, []string{"out of range for format int64"}},
		{"unknown format ignored", `{"type":"string","format":"partial-time"}`, `"whatever"`, nil},
		{"uri format ignored", `{"type":"string","format":"uri"}`, `"not a uri"`, nil},
		{"false schema", `false`, `1`, []string{"no value is allowed"}},
		{"true schema", `true`, `{"a":1}`, nil},
	})
}

func TestArraysAndObjects(t *testing.T) {
	runSchemaCases(t, []schemaCase{
		{"items ok", `{"type":"array","items":{"type":"integer"}}`, `[1,2]`, nil},
		{"items bad", `{"type":"array","items":{"type":"integer"}}`, `[1,"x",3.5]`, []string{"/1: expected integer, got string", "/2: expected integer, got number"}},
		{"minItems", `{"minItems":1}`, `[]`, []string{"fewer than minItems 1"}},
		{"maxItems", `{"maxItems":1}`, `[1,2]`, []string{"more than maxItems 1"}},
		{"uniqueItems", `{"uniqueItems":true}`, `[{"a":1},{"a":1.0}]`, []string{"items 0 and 1 are equal"}},
		{"uniqueItems ok", `{"uniqueItems":true}`, `[1,2,"1"]`, nil},
		{"required", `{"type":"object","required":["id","href"]}`, `{"id":1}`, []string{`/href: required property "href" is missing`}},
		{"properties nested pointer", `{"properties":{"a/b":{"properties":{"c~d":{"type":"string"}}}}}`, `{"a/b":{"c~d":1}}`, []string{"/a~1b/c~0d: expected string, got integer"}},
		{"additionalProperties absent allows extra", `{"properties":{"a":{}}}`, `{"a":1,"b":2}`, nil},
		{"additionalProperties false", `{"properties":{"a":{}},"additionalProperties":false}`, `{"a":1,"b":2}`, []string{`/b: additional property "b" is not allowed`}},
		{"additionalProperties schema", `{"additionalProperties":{"type":"integer"}}`, `{"x":1,"y":"z"}`, []string{"/y: expected integer, got string"}},
	})
}

func TestCombinators(t *testing.T) {
	runSchemaCases(t, []schemaCase{
		{"allOf ok", `{"allOf":[{"required":["a"]},{"required":["b"]}]}`, `{"a":1,"b":2}`, nil},
		{"allOf collects", `{"allOf":[{"required":["a"]},{"required":["b"]}]}`, `{}`, []string{`"a" is missing`, `"b" is missing`}},
		{"anyOf ok", `{"anyOf":[{"type":"string"},{"minimum":0}]}`, `5`, nil},
		{"anyOf none", `{"anyOf":[{"type":"string"},{"type":"boolean"}]}`, `5`, []string{"integer value matches no anyOf branch (closest: branch 0)", "/: expected string, got integer"}},
		{"oneOf exactly one", `{"oneOf":[{"type":"integer"},{"type":"string"}]}`, `"x"`, nil},
		{"oneOf both match", `{"oneOf":[{"type":"number"},{"type":"integer"}]}`, `1`, []string{"matches 2 oneOf branches (branch 0, branch 1), expected exactly one"}},
		{"oneOf object-or-null picks closest", `{"oneOf":[{"type":"object","properties":{"id":{"type":"integer"}}},{"type":"null"}]}`, `{"id":"x"}`,
			[]string{"object value matches no oneOf branch (closest: branch 0)", "/id: expected integer, got string"}},
		{"oneOf null branch", `{"oneOf":[{"type":"object"},{"type":"null"}]}`, `null`, nil},
		{"not", `{"not":{"type":"string"}}`, `"x"`, []string{`must not match the "not" schema`}},
	})
}

const discriminatorSchemas = `{
  "Shape": {"oneOf":[{"$ref":"#/components/schemas/Circle"},{"$ref":"#/components/schemas/Square"}],
            "discriminator":{"propertyName":"kind","mapping":{"circle":"#/components/schemas/Circle"}}},
  "Circle": {"type":"object","required":["kind","r"],"properties":{"kind":{"type":"string"},"r":{"type":"number"}}},
  "Square": {"type":"object","required":["kind","side"],"properties":{"kind":{"type":"string"},"side":{"type":"number"}},"additionalProperties":true},
  "Egenskap": {"type":"object","required":["id","egenskapstype"],
               "properties":{"id":{"type":"integer"},"egenskapstype":{"type":"string","enum":["Tekst","Heltall","Ukjent"]}},
               "discriminator":{"propertyName":"egenskapstype","mapping":{
                 "Tekst":"#/components/schemas/TekstEgenskap","Heltall":"HeltallEgenskap"}}},
  "TekstEgenskap": {"allOf":[{"$ref":"#/components/schemas/Egenskap"},{"properties":{"verdi":{"type":["string","null"]}}}]},
  "HeltallEgenskap": {"allOf":[{"$ref":"#/components/schemas/Egenskap"},{"properties":{"verdi":{"type":["integer","null"]}}}]},
  "Side": {"type":"object","required":["objekter"],"properties":{"objekter":{"type":"array","items":{
      "type":"object","properties":{"egenskaper":{"type":"array","items":{"$ref":"#/components/schemas/Egenskap"}}}}}}}
}`

func TestDiscriminator(t *testing.T) {
	s := specWith(t, discriminatorSchemas)
	cases := []struct {
		name, component, doc string
		want                 []string
	}{
		// An object satisfying both branches would fail plain oneOf; the
		// discriminator picks one.
		{"oneOf mapped", "Shape", `{"kind":"circle","r":1,"side":2}`, nil},
		{"oneOf mapped branch checked", "Shape", `{"kind":"circle","side":2}`, []string{`/r: required property "r" is missing`}},
		{"oneOf implicit mapping by schema name", "Shape", `{"kind":"Square","side":2}`, nil},
		{"oneOf unknown value", "Shape", `{"kind":"triangle"}`, []string{`/kind: discriminator value "triangle" has no mapping`}},
		{"oneOf missing property", "Shape", `{"r":1}`, []string{`/kind: discriminator property "kind" is missing`}},
		{"oneOf non-string property", "Shape", `{"kind":1}`, []string{`must be a string, got integer`}},
		{"base style dispatch ok", "Egenskap", `{"id":1,"egenskapstype":"Heltall","verdi":5}`, nil},
		{"base style dispatch checks subtype", "Egenskap", `{"id":1,"egenskapstype":"Heltall","verdi":"5"}`, []string{"/verdi: expected integer or null, got string"}},
		{"base style via subtype", "TekstEgenskap", `{"id":1,"egenskapstype":"Tekst","verdi":5}`, []string{"/verdi: expected string or null, got integer"}},
		{"base style unmapped value", "Egenskap", `{"id":1,"egenskapstype":"Ukjent"}`, []string{`/egenskapstype: discriminator value "Ukjent" has no mapping`}},
		{"base style missing property reported once", "Egenskap", `{"id":1}`, []string{`/egenskapstype: required property "egenskapstype" is missing`}},
		{"deep pointer", "Side", `{"objekter":[{},{},{},{"egenskaper":[{"id":"x","egenskapstype":"Tekst","verdi":"a"}]}]}`,
			[]string{"/objekter/3/egenskaper/0/id: expected integer, got string"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := violations(t, s.ValidateSchema(tc.component, []byte(tc.doc)))
			if tc.want == nil {
				assert.Empty(t, got)
				return
			}
			require.Len(t, got, len(tc.want), "violations: %q", got)
			for i, w := range tc.want {
				assert.Contains(t, got[i], w)
			}
		})
	}
}

func TestRecursiveRefs(t *testing.T) {
	s := specWith(t, `{
	  "Node": {"type":"object","required":["id"],"properties":{
	     "id":{"type":"integer"},
	     "children":{"type":"array","items":{"$ref":"#/components/schemas/Node"}},
	     "parent":{"oneOf":[{"$ref":"#/components/schemas/Node"},{"type":"null"}]}}},
	  "Loop": {"allOf":[{"$ref":"#/components/schemas/Loop"}],"type":"string"},
	  "A": {"$ref":"#/components/schemas/B"},
	  "B": {"$ref":"#/components/schemas/A"},
	  "Dangling": {"$ref":"#/components/schemas/Nope"}
	}`)
	require.NoError(t, s.ValidateSchema("Node", []byte(`{"id":1,"parent":null,"children":[{"id":2,"children":[{"id":3,"parent":{"id":2}}]}]}`)))
	got := violations(t, s.ValidateSchema("Node", []byte(`{"id":1,"children":[{"id":2,"children":[{"id":"3"}]}]}`)))
	assert.Equal(t, []string{"/children/0/children/0/id: expected integer, got string"}, got)

	// Cycles that consume no input terminate instead of overflowing the stack.
	require.NoError(t, s.ValidateSchema("Loop", []byte(`"x"`)))
	assert.Equal(t, []string{"/: expected string, got integer"}, violations(t, s.ValidateSchema("Loop", []byte(`1`))))
	require.NoError(t, s.ValidateSchema("A", []byte(`1`)))

	assert.Contains(t, violations(t, s.ValidateSchema("Dangling", []byte(`1`)))[0], `unresolvable $ref "#/components/schemas/Nope"`)
	require.Error(t, s.ValidateSchema("Missing", []byte(`1`)))
}

func TestInvalidJSONBody(t *testing.T) {
	s := specWith(t, `{"T":{}}`)
	err := s.ValidateSchema("T", []byte(`{"a":`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not valid JSON")
	require.Error(t, s.ValidateSchema("T", []byte(`{} {}`)), "trailing data")
}

const responseSpecExtra = `"servers":[{"url":"/vegobjekter"}],
"paths":{
  "/api/v4/vegobjekter/{typeId}": {"get":{"responses":{
      "200":{"content":{"application/json;charset=UTF-8":{"schema":{"$ref":"#/components/schemas/Page"}}}},
      "4XX":{"content":{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}},
      "default":{"$ref":"#/components/responses/Error"}}}},
  "/api/v4/vegobjekter/{typeId}/{id}": {"get":{"responses":{"200":{"content":{"*/*":{"schema":{"$ref":"#/components/schemas/Obj"}}}},
      "204":{"description":"no body"}}}},
  "/api/v4/vegobjekter/{typeId}/statistikk": {"get":{"responses":{"200":{"content":{"*/*":{"schema":{"$ref":"#/components/schemas/Stat"}}}}}}},
  "/api/v4/vegobjekter/statistikk": {"get":{"responses":{"200":{"content":{"*/*":{"schema":{"type":"array"}}}}}}},
  "/api/v4/fritt": {"get":{"responses":{"200":{"content":{"application/json":{}}}}}}
}`

const responseSpecSchemas = `{
  "Page": {"type":"object","required":["objekter"],"properties":{"objekter":{"type":"array","items":{"$ref":"#/components/schemas/Obj"}}}},
  "Obj": {"type":"object","required":["id"],"properties":{"id":{"type":"integer","format":"int64"}}},
  "Stat": {"type":"object","required":["antall"],"properties":{"antall":{"type":"integer"}}},
  "Problem": {"type":"object","required":["status"],"properties":{"status":{"type":"integer"}}},
  "Error": {"type":"object","required":["message"]}
}`

func TestValidateResponse(t *testing.T) {
	doc := `{"openapi":"3.1.0","info":{"title":"t","version":"1"},` + responseSpecExtra + `,
	  "components":{"schemas":` + responseSpecSchemas + `,
	  "responses":{"Error":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Error"}}}}}}}`
	s, err := parse("resp.json", []byte(doc))
	require.NoError(t, err)

	page := `{"objekter":[{"id":9007199254740993}]}`
	cases := []struct {
		name, method, path string
		status             int
		ct, body           string
		wantErr            string // "" means valid
	}{
		{"with server prefix", "GET", "/vegobjekter/api/v4/vegobjekter/105", 200, "application/json", page, ""},
		{"without server prefix", "get", "/api/v4/vegobjekter/105", 200, "application/json", page, ""},
		{"query string and trailing slash", "GET", "/vegobjekter/api/v4/vegobjekter/105/?inkluder=alle", 200, "application/json", page, ""},
		{"absolute URL", "GET", "http://localhost:1234/vegobjekter/api/v4/vegobjekter/105", 200, "application/json", page, ""},
		{"media type params ignored", "GET", "/api/v4/vegobjekter/105", 200, "application/json; charset=utf-8", page, ""},
		{"empty content type falls back to json", "GET", "/api/v4/vegobjekter/105", 200, "", page, ""},
		{"body violation", "GET", "/api/v4/vegobjekter/105", 200, "application/json", `{"objekter":[{"id":1},{"id":"2"}]}`, "/objekter/1/id: expected integer, got string"},
		{"one param segment", "GET", "/api/v4/vegobjekter/105/42", 200, "text/plain", `{"id":42}`, ""},
		{"literal beats param (second segment)", "GET", "/api/v4/vegobjekter/105/statistikk", 200, "application/json", `{"antall":3}`, ""},
		{"literal beats param (first segment)", "GET", "/api/v4/vegobjekter/statistikk", 200, "application/json", `[]`, ""},
		{"status range", "GET", "/api/v4/vegobjekter/105", 404, "application/problem+json", `{"status":"404"}`, "/status: expected integer, got string"},
		{"status default via $ref", "GET", "/api/v4/vegobjekter/105", 500, "application/json", `{"message":"boom"}`, ""},
		{"status default violation", "GET", "/api/v4/vegobjekter/105", 503, "application/json", `{}`, `"message" is missing`},
		{"no content, empty body", "GET", "/api/v4/vegobjekter/105/42", 204, "", "", ""},
		{"no content, body present", "GET", "/api/v4/vegobjekter/105/42", 204, "application/json", "{}", "declares no content"},
		{"media type without schema", "GET", "/api/v4/fritt", 200, "application/json", `[1]`, ""},
		{"undeclared media type", "GET", "/api/v4/vegobjekter/105", 200, "text/html", page, `no content declared for media type "text/html"`},
		{"unknown status", "GET", "/api/v4/vegobjekter/105/42", 500, "application/json", "{}", "no response declared for status 500"},
		{"unknown path", "GET", "/vegobjekter/api/v4/ukjent", 200, "application/json", "{}", "no path matches"},
		{"too many segments", "GET", "/api/v4/vegobjekter/1/2/3/4", 200, "application/json", "{}", "no path matches"},
		{"unknown method", "POST", "/api/v4/vegobjekter/105", 200, "application/json", page, "has no POST operation"},
		{"invalid JSON", "GET", "/api/v4/vegobjekter/105", 200, "application/json", `{`, "not valid JSON"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := s.ValidateResponse(tc.method, tc.path, tc.status, tc.ct, []byte(tc.body))
			if tc.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantErr)
		})
	}
}

func TestValidationErrorFormat(t *testing.T) {
	s := specWith(t, `{"T":{"type":"object","required":["a"],"properties":{"b":{"type":"string"}}}}`)
	err := s.ValidateSchema("T", []byte(`{"b":1}`))
	require.Error(t, err)
	assert.Equal(t, "oas: inline.json: T: 2 violation(s)\n\t/a: required property \"a\" is missing\n\t/b: expected string, got integer", err.Error())
}

func TestParseRejectsNonOpenAPI(t *testing.T) {
	_, err := parse("x.json", []byte(`{"swagger":"2.0"}`))
	require.Error(t, err)
	_, err = parse("x.json", []byte(`[`))
	require.Error(t, err)
	_, err = Load("does/not/exist.json")
	require.Error(t, err)
}

func TestLoadReferenceNotFound(t *testing.T) {
	t.Chdir(t.TempDir())
	_, err := LoadReference("nvdb-vegobjekter.json")
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrNotFound), "got %v", err)
}

func TestEqual(t *testing.T) {
	n := func(s string) json.Number { return json.Number(s) }
	assert.True(t, equal(n("1"), n("1.0")))
	assert.False(t, equal(n("1"), "1"))
	assert.True(t, equal([]any{n("1"), nil}, []any{n("1e0"), nil}))
	assert.False(t, equal(map[string]any{"a": true}, map[string]any{"b": true}))
	assert.False(t, equal([]any{}, map[string]any{}))
}

func TestConcurrentUse(t *testing.T) {
	// A Spec is shared by parallel tests; the pattern cache must be safe.
	s := specWith(t, `{"T":{"type":"array","items":{"type":"string","pattern":"^[a-z]+$"}}}`)
	done := make(chan error)
	for range 8 {
		go func() { done <- s.ValidateSchema("T", []byte(`["abc","def"]`)) }()
	}
	for range 8 {
		assert.NoError(t, <-done)
	}
}
