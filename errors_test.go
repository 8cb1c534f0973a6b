package vegdata_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vegdata/go-vegdata"
)

// TestAPIErrorPrintsBounded: an APIError built anywhere, with server text
// of any size in its fields, prints a few KiB with a note of what was left
// out.
func TestAPIErrorPrintsBounded(t *testing.T) {
	huge := strings.Repeat("x", 1_000_000)
	for _, tc := range []struct {
		name string
		e    *vegdata.APIError
	}{
		{"message", &vegdata.APIError{API: "t", StatusCode: 400, Message: huge}},
		{"code", &vegdata.APIError{API: "t", StatusCode: 400, Code: huge}},
		{"URL", &vegdata.APIError{API: "t", StatusCode: 400, URL: "http://h/" + huge}},
		{"request id", &vegdata.APIError{API: "t", StatusCode: 400, RequestID: huge}},
		{"all of them", &vegdata.APIError{API: "t", StatusCode: 400, Message: huge, Code: huge, URL: huge, RequestID: huge}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.e.Error()
			assert.Less(t, len(s), 20<<10)
			assert.Contains(t, s, "bytes more)")
		})
	}
	short := &vegdata.APIError{API: "t", Method: "GET", URL: "http://h/x", StatusCode: 400, Code: "E1", Message: "bad"}
	assert.Equal(t, "t: GET http://h/x: 400 Bad Request [E1]: bad", short.Error())
}

// TestAPIErrorPastDeadline: an error whose cause says the next attempt
// would come after the deadline matches context.DeadlineExceeded and says
// so.
func TestAPIErrorPastDeadline(t *testing.T) {
	e := &vegdata.APIError{API: "t", Method: "GET", URL: "http://h/x", StatusCode: 503, Err: errors.Join(context.DeadlineExceeded)}
	assert.ErrorIs(t, e, context.DeadlineExceeded)
	assert.ErrorIs(t, e, vegdata.ErrServer)
	assert.Contains(t, e.Error(), "gave up: the next attempt would come after the deadline")
	assert.NotContains(t, (&vegdata.APIError{StatusCode: 503}).Error(), "deadline")
}
