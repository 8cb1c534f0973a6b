package autosys_test

import (
	"context"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
)

// inFlight counts concurrent requests and can hold them until released.
type inFlight struct {
	next     http.RoundTripper
	cur, max atomic.Int32
	gate     chan struct{} // nil: do not hold
}

func (f *inFlight) RoundTrip(r *http.Request) (*http.Response, error) {
	n := f.cur.Add(1)
	defer f.cur.Add(-1)
	for {
		m := f.max.Load()
		if n <= m || f.max.CompareAndSwap(m, n) {
			break
		}
	}
	if f.gate != nil {
		select {
		case <-f.gate:
		case <-r.Context().Done():
			return nil, r.Context().Err()
		}
	}
	return f.next.RoundTrip(r)
}

func TestLookupMany(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	fl := &inFlight{next: http.DefaultTransport}
	c := newClient(t, srv, autosys.WithHTTPClient(&http.Client{Transport: fl}))
	in := []autosys.Oppslag{
		{Kjennemerke: "EK 39085"}, {Kjennemerke: "ZZ99999"}, {Kjennemerke: "!"}, {Understellsnummer: "TA40316268"},
		{Kjennemerke: "BE12335"}, {Kjennemerke: "KH 54321"}, {Kjennemerke: "ZT40123"}, {Kjennemerke: "A", Understellsnummer: "B"},
		{Kjennemerke: "HEIA"}, {Kjennemerke: "JV7731"},
	}
	seq := c.LookupMany(testCtx(t), in, &autosys.BatchOptions{Concurrency: 3})
	in[0] = autosys.Oppslag{Kjennemerke: "changed"} // the inputs were copied
	assert.Zero(t, len(srv.Requests()), "no I/O until ranged")

	var got []*autosys.Result
	var errs []error
	for r, err := range seq {
		got = append(got, r)
		errs = append(errs, err)
	}
	require.Len(t, got, 10)
	for i, r := range got {
		assert.Equal(t, i, r.Index, "input order")
	}
	assert.Equal(t, autosys.Oppslag{Kjennemerke: "EK 39085"}, got[0].Oppslag)
	assert.Equal(t, "GOLF", got[0].Kjoretoydata.Modell())
	require.ErrorIs(t, errs[1], autosys.ErrNotFound)
	assert.Nil(t, got[1].Kjoretoydata)
	require.ErrorIs(t, errs[2], autosys.ErrInvalidArgument)
	assert.Equal(t, "SP 23005", got[3].Kjoretoydata.RegistrertKjennemerke())
	require.ErrorIs(t, errs[7], autosys.ErrInvalidArgument)
	for _, i := range []int{0, 3, 4, 5, 6, 8, 9} {
		require.NoError(t, errs[i], i)
		require.NotNil(t, got[i].Kjoretoydata)
	}
	assert.Equal(t, 8, len(srv.Requests()), "invalid inputs are not sent")
	assert.LessOrEqual(t, fl.max.Load(), int32(3), "bounded concurrency")
}

func TestLookupManyStopsEarly(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	c := newClient(t, srv)
	in := make([]autosys.Oppslag, 50)
	for i := range in {
		in[i] = autosys.Oppslag{Kjennemerke: "EK39085"}
	}
	n := 0
	for _, err := range c.LookupMany(testCtx(t), in, &autosys.BatchOptions{Concurrency: 2}) {
		require.NoError(t, err)
		n++
		if n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)
	// After break the iterator has cancelled and waited for its workers,
	// so no request can be in flight or start any more.
	after := len(srv.Requests())
	assert.Less(t, after, 50)
	for _, err := range c.LookupMany(testCtx(t), nil, nil) {
		t.Fatalf("empty input yields nothing, got %v", err)
	}
}

func TestLookupManyCancelled(t *testing.T) {
	srv := autosystest.NewServer()
	defer srv.Close()
	fl := &inFlight{next: http.DefaultTransport, gate: make(chan struct{})}
	c := newClient(t, srv, autosys.WithHTTPClient(&http.Client{Transport: fl}))
	ctx, cancel := context.WithCancel(testCtx(t))
	in := []autosys.Oppslag{{Kjennemerke: "EK39085"}, {Kjennemerke: "BE12335"}, {Kjennemerke: "SP23005"}}
	var once sync.Once
	var errs []error
	var results []*autosys.Result
	go func() {
		for fl.cur.Load() == 0 { // wait until a request is held, then cancel
			if ctx.Err() != nil {
				return
			}
			runtime.Gosched()
		}
		once.Do(cancel)
	}()
	for r, err := range c.LookupMany(ctx, in, &autosys.BatchOptions{Concurrency: 1}) {
		results = append(results, r)
		errs = append(errs, err)
	}
	require.Len(t, errs, 1, "the context's error is yielded once")
	require.ErrorIs(t, errs[0], context.Canceled)
	assert.Equal(t, -1, results[0].Index)
}
