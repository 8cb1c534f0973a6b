package examples_test

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// span is what the stdout exporter writes of a span.
type span struct {
	Name        string
	SpanContext struct{ TraceID string }
	Parent      struct{ SpanID string }
	Attributes  []struct {
		Key   string
		Value struct {
			Type  string
			Value any
		}
	}
}

func (s span) attr(k string) any {
	for _, a := range s.Attributes {
		if a.Key == k {
			return a.Value.Value
		}
	}
	return nil
}

func TestOtelSpansPerAttempt(t *testing.T) {
	t.Parallel()
	r := runProgram(t, "otel", nil)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "tunnel tubes listed")

	var spans []span
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	for {
		var s span
		err := dec.Decode(&s)
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		spans = append(spans, s)
	}
	require.Len(t, spans, 3, "two attempts and the caller's span")

	attempts := spans[:2] // a span is exported when it ends: the attempts first
	root := spans[2]
	assert.Equal(t, "list tunnel tubes", root.Name)
	for i, s := range attempts {
		assert.Equal(t, "nvdb", s.attr("vegdata.api"))
		assert.EqualValues(t, i+1, s.attr("vegdata.attempt"))
		assert.NotEmpty(t, s.attr("vegdata.request_id"))
		assert.Equal(t, root.SpanContext.TraceID, s.SpanContext.TraceID, "the attempts belong to the caller's trace")
		assert.Equal(t, "Vegobjekter.List", s.attr("vegdata.operation"))
		assert.Equal(t, "nvdb Vegobjekter.List", s.Name)
	}
	assert.Equal(t, attempts[0].attr("vegdata.request_id"), attempts[1].attr("vegdata.request_id"), "one call, one request id")
	assert.EqualValues(t, 503, attempts[0].attr("http.response.status_code"))
	assert.EqualValues(t, 200, attempts[1].attr("http.response.status_code"))
}
