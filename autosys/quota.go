package autosys

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"net/url"
	"sync"
	"time"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// QuotaCounter counts the calls made with one API key against its daily
// quota; WithQuota takes one. *Quota counts in this process; a shared
// counter such as redisstore.Quota (module
// github.com/vegdata/go-vegdata/redisstore) counts in Redis for every
// process that uses the same key, so a fleet of instances together stays
// within the key's allowance.
//
// The client calls Reserve before every attempt, retries included, so a
// refused reservation sends nothing; MarkSpent when the server answers that
// the quota is spent; and Status only to word a local refusal. Implementations must be
// safe for concurrent use.
type QuotaCounter interface {
	// Reserve counts one request about to be sent. It returns ok false, and
	// when that refusal ends, once the day's limit is reached or the server
	// has said the quota is spent; the client then refuses the call locally
	// with ErrQuotaExceeded. An error (the counter's store cannot be
	// reached) fails the call before anything is sent.
	Reserve(ctx context.Context) (ok bool, resetsAt time.Time, err error)
	// MarkSpent records that the server refused a call because the quota is
	// spent until the given time (the next Oslo midnight at the latest; a
	// zero or past time means that midnight).
	MarkSpent(ctx context.Context, until time.Time) error
	// Status returns the current counts.
	Status(ctx context.Context) (QuotaStatus, error)
}

var _ QuotaCounter = (*Quota)(nil)

// Quota counts the calls made with one API key per Norwegian calendar day
// against a daily limit, so a client can refuse a call locally (with
// ErrQuotaExceeded) instead of spending a request on a known refusal. It
// resets at midnight in Europe/Oslo, like the API's own quota. A Quota is
// safe for concurrent use; share one between clients that use the same key.
//
// The count is this process's view: calls made elsewhere with the same key
// are not seen, but a 422/429 quota answer from the server marks the quota
// spent until the reset time the server gave.
type Quota struct {
	mu      sync.Mutex
	limit   int
	day     Date
	used    int
	blocked time.Time // the server said the quota is spent until then
	now     func() time.Time
}

// NewQuota returns a counter for limit calls per Oslo day (DailyQuota for
// the API's standard allowance). A limit below 1 is taken as 1.
func NewQuota(limit int) *Quota {
	if limit < 1 {
		limit = 1
	}
	return &Quota{limit: limit, now: time.Now}
}

// QuotaStatus is a snapshot of a Quota.
type QuotaStatus struct {
	Day       Date      // the Oslo calendar day counted
	Limit     int       // calls allowed that day
	Used      int       // calls made that day (each HTTP attempt counts)
	Remaining int       // calls left before the local counter refuses
	ResetsAt  time.Time // the next Oslo midnight
}

// Status returns the current counts. It never fails; the error is there to
// satisfy QuotaCounter.
func (q *Quota) Status(context.Context) (QuotaStatus, error) { return q.status(), nil }

func (q *Quota) status() QuotaStatus {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.roll()
	rem := q.limit - q.used
	if rem < 0 || now.Before(q.blocked) {
		rem = 0
	}
	return QuotaStatus{Day: q.day, Limit: q.limit, Used: q.used, Remaining: rem, ResetsAt: NextOsloMidnight(now)}
}

// Used returns the number of calls counted today (Oslo time).
func (q *Quota) Used() int { return q.status().Used }

// Remaining returns the number of calls left today (Oslo time).
func (q *Quota) Remaining() int { return q.status().Remaining }

// Limit returns the daily limit.
func (q *Quota) Limit() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.limit
}

// roll starts a new day when the Oslo date has changed; q.mu is held.
func (q *Quota) roll() time.Time {
	now := q.now()
	if d := DateOf(now.In(oslo)); d != q.day {
		q.day, q.used = d, 0
	}
	return now
}

// Reserve counts one call, or says that none is left and when that ends. It
// never fails.
func (q *Quota) Reserve(context.Context) (ok bool, resetsAt time.Time, err error) {
	ok, resetsAt, _ = q.reserve()
	return ok, resetsAt, nil
}

// MarkSpent records a server answer saying the quota is spent until t; see
// QuotaCounter. It never fails.
func (q *Quota) MarkSpent(_ context.Context, t time.Time) error {
	q.spentUntil(t)
	return nil
}

// reserve counts one call, or says why none is left and when that ends.
func (q *Quota) reserve() (ok bool, resetsAt time.Time, reason string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.roll()
	if now.Before(q.blocked) {
		return false, q.blocked, "the server reported the daily quota of this key spent"
	}
	if q.used >= q.limit {
		return false, NextOsloMidnight(now), fmt.Sprintf("%d calls counted today against a daily quota of %d", q.used, q.limit)
	}
	q.used++
	return true, time.Time{}, ""
}

// spentUntil records that the server refused with a spent quota until t.
// The block ends at the next Oslo midnight at the latest, when the API's
// quota resets, whatever the server said.
func (q *Quota) spentUntil(t time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.roll()
	if m := NextOsloMidnight(now); t.IsZero() || !t.After(now) || t.After(m) {
		t = m
	}
	if t.After(q.blocked) {
		q.blocked = t
	}
}

// NextOsloMidnight returns the first midnight in Europe/Oslo after t: the
// moment the API's daily quota resets.
func NextOsloMidnight(t time.Time) time.Time {
	l := t.In(oslo)
	return time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, oslo)
}

// request is r as the client sends it: when the client counts its quota,
// one call is taken from the counter (local or shared) before every
// attempt, retries included, so a call is refused with ErrQuotaExceeded
// before anything is sent once the count says the quota is spent. A
// counter whose store cannot be reached fails the call with its own error,
// before the attempt is sent.
func (c *Client) request(method string, r endpoint.Request) endpoint.Request {
	if c == nil || c.quota == nil || r.Err != nil {
		return r
	}
	r.BeforeAttempt = func(ctx context.Context) error {
		ok, reset, err := c.quota.Reserve(ctx)
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		return &APIError{
			API: "autosys", Method: method, URL: c.refusedURL(r.Path, r.Query),
			Kind:    ErrQuotaExceeded,
			Message: "refused locally: " + c.refusal(ctx),
			RetryAt: reset,
		}
	}
	return r
}

// refusedURL is the URL of a call refused locally, its personal data
// redacted as the transport redacts it in errors of calls that were sent.
func (c *Client) refusedURL(path string, q url.Values) string {
	u := c.BaseURL() + "/" + path
	if len(q) == 0 {
		return u
	}
	q = maps.Clone(q)
	for _, p := range sensitiveParams {
		if q.Has(p) {
			q.Set(p, "REDACTED")
		}
	}
	return u + "?" + q.Encode()
}

// refusal words a local refusal from the counter's status.
func (c *Client) refusal(ctx context.Context) string {
	st, err := c.quota.Status(ctx)
	switch {
	case err != nil:
		return "the daily quota of this key is spent"
	case st.Used >= st.Limit:
		return fmt.Sprintf("%d calls counted today against a daily quota of %d", st.Used, st.Limit)
	default:
		return "the server reported the daily quota of this key spent"
	}
}

// settle is what the error of every call passes through: a quota the
// server said is spent is remembered, for every instance when the counter
// is shared (recorded even when ctx has ended, since the next call must
// see it), and personal data is removed from the error.
func (c *Client) settle(ctx context.Context, err error, personal ...string) error {
	if err == nil {
		return nil
	}
	var ae *APIError
	if c != nil && c.quota != nil && errors.As(err, &ae) && ae.StatusCode != 0 && errors.Is(ae, ErrQuotaExceeded) {
		_ = c.quota.MarkSpent(context.WithoutCancel(ctx), ae.RetryAt)
	}
	return redactError(err, personal...)
}

// settled passes every error seq yields through settle.
func settled[T any](ctx context.Context, c *Client, seq iter.Seq2[T, error], personal ...string) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for v, err := range seq {
			if !yield(v, c.settle(ctx, err, personal...)) {
				return
			}
		}
	}
}
