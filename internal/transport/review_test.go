package transport

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vegdata/go-vegdata"
	"golang.org/x/oauth2"
)

// TestSlowUploadIsNotAStall: a request body that keeps moving is not a
// stall, though the whole upload takes longer than the stall timeout. (What
// sits in the kernel's socket buffer once written is out of sight: the
// timeout must cover draining it and the server's answer. The server's
// pauses are 20 ms against a stall timeout of 1 s, so a loaded machine
// cannot stretch one into a stall.)
func TestSlowUploadIsNotAStall(t *testing.T) {
	t.Parallel() // it waits, it hardly computes
	c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, 512<<10)
		for {
			if _, err := io.ReadFull(r.Body, buf); err != nil {
				break
			}
			time.Sleep(20 * time.Millisecond) // about 25 MiB/s: the upload takes ~1.3 s
		}
		_, _ = io.WriteString(w, `{}`)
	}, func(cfg *Config) { require.NoError(t, cfg.Settings.SetStallTimeout(time.Second)) })
	body := bytes.Repeat([]byte("x"), 32<<20)
	start := time.Now()
	_, err := c.JSON(context.Background(), &Request{Method: http.MethodPost, Path: "x", Body: body, ContentType: "application/octet-stream"}, nil)
	require.NoError(t, err)
	assert.EqualValues(t, 1, hits.Load())
	t.Logf("upload took %s with a 1s stall timeout", time.Since(start).Round(time.Millisecond))
}

// TestCutCloseDelimitedXMLRepeated: the XML decoder's "unexpected EOF" on
// a body without length is a cut, as io.ErrUnexpectedEOF is for JSON.
func TestCutCloseDelimitedXMLRepeated(t *testing.T) {
	var n atomic.Int64
	c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		conn, buf, _ := w.(http.Hijacker).Hijack()
		defer conn.Close()
		body := "<item><name>a</name></item>"
		if n.Add(1) == 1 {
			body = "<item><name>a</na"
		}
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nConnection: close\r\n\r\n" + body)
		_ = buf.Flush()
	}, nil)
	var out struct {
		XMLName xml.Name `xml:"item"`
		Name    string   `xml:"name"`
	}
	_, err := c.Call(context.Background(), &Request{Path: "x", Format: XML}, &out)
	require.NoError(t, err)
	assert.Equal(t, "a", out.Name)
	assert.EqualValues(t, 2, hits.Load())
}

// TestMetaOnAnswerThatDidNotDecode keeps the answer's URL and headers.
func TestMetaOnAnswerThatDidNotDecode(t *testing.T) {
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-ID", "rid-9")
		_, _ = io.WriteString(w, `{"x":`+"\n"+`}`)
	}, nil)
	var m vegdata.Meta
	var out any
	_, err := c.JSON(vegdata.CaptureMeta(context.Background(), &m), &Request{Path: "x"}, &out)
	require.ErrorIs(t, err, ErrInvalidResponse)
	assert.Equal(t, "rid-9", m.RequestID)
	assert.Contains(t, m.URL, "/prefix/x")
	assert.Equal(t, "rid-9", m.Header.Get("X-Request-ID"))
}

// TestShortRetryAfterIsARateLimitNotAQuota: a Retry-After longer than the
// caller's MaxRetryAfter but short of an hour is a rate limit.
func TestShortRetryAfterIsARateLimitNotAQuota(t *testing.T) {
	c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "10")
		w.WriteHeader(http.StatusTooManyRequests)
	}, nil) // MaxRetryAfter 5 s
	_, err := c.JSON(context.Background(), &Request{Path: "x"}, nil)
	require.ErrorIs(t, err, ErrRateLimited)
	assert.NotErrorIs(t, err, ErrQuotaExceeded)
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 10*time.Second, ae.RetryAfter)
	assert.EqualValues(t, 1, hits.Load())
}

// TestWaitPastDeadlineKeepsTheAnswer: when the next wait would outlast the
// caller's deadline, the call ends now with the server's answer.
func TestWaitPastDeadlineKeepsTheAnswer(t *testing.T) {
	c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3")
		w.WriteHeader(http.StatusServiceUnavailable)
	}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err := c.JSON(ctx, &Request{Path: "x"}, nil)
	require.ErrorIs(t, err, ErrServer)
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 3*time.Second, ae.RetryAfter)
	assert.EqualValues(t, 1, hits.Load())
}

// TestRedirectHopIsOneAttempt: a followed redirect is paced but neither
// counted nor charged again.
func TestRedirectHopIsOneAttempt(t *testing.T) {
	c, _ := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/prefix/old" {
			http.Redirect(w, r, "/prefix/new", http.StatusFound)
			return
		}
		_, _ = io.WriteString(w, `{}`)
	}, nil)
	var hooks atomic.Int64
	resp, err := c.JSON(context.Background(), &Request{Path: "old", BeforeAttempt: func(context.Context) error { hooks.Add(1); return nil }}, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Attempts)
	assert.EqualValues(t, 1, hooks.Load())
}

type blockingSource struct{ release chan struct{} }

func (s blockingSource) Token() (*oauth2.Token, error) {
	<-s.release
	return &oauth2.Token{AccessToken: "tok-123456"}, nil
}

// TestSlowTokenSourceHonoursContext: a login that hangs cannot outlast the
// caller's deadline.
func TestSlowTokenSourceHonoursContext(t *testing.T) {
	t.Parallel() // it waits for the deadline
	src := blockingSource{release: make(chan struct{})}
	defer close(src.release)
	c, hits := newTest(t, func(w http.ResponseWriter, r *http.Request) {}, func(cfg *Config) { cfg.Auth = TokenSource(src) })
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.JSON(ctx, &Request{Path: "x"}, nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Zero(t, hits.Load())
}
