package synsbasen

import (
	"context"
	"errors"
	"time"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/metactx"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// reportMeta hands the Meta of one call to the hook of vegdata.OnMeta, if
// ctx carries one, with Synsbasen's token cost of the answer. It stands in
// until the transport reports Meta itself (transport.Request.Meta); then
// only the cost is left to add here.
func reportMeta(ctx context.Context, start time.Time, resp *transport.Response, err error, cost float64) {
	hook := metactx.Hook(ctx)
	if hook == nil {
		return
	}
	m := &vegdata.Meta{API: "synsbasen", Elapsed: time.Since(start)}
	var ae *APIError
	switch {
	case resp != nil && resp.Response != nil:
		m.StatusCode = resp.StatusCode
		m.RequestID = resp.RequestID
		m.Attempts = resp.Attempts
		if resp.Request != nil {
			m.Method = resp.Request.Method
			m.URL = resp.Request.URL.Redacted()
		}
		m.Header = resp.Header.Clone()
		m.Header.Del("Set-Cookie")
		if err == nil {
			m.Cost = cost // only a 200 answer is charged
		}
	case errors.As(err, &ae) && ae.StatusCode != 0:
		m.StatusCode, m.RequestID, m.Attempts = ae.StatusCode, ae.RequestID, ae.Attempts
		m.Method, m.URL = ae.Method, ae.URL
	default:
		return // no answer came: nothing to describe
	}
	hook(m)
}
