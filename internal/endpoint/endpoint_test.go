package endpoint_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata"
	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/itertest"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// item and page are a small API of the shape API Skriv uses: a 1-based
// start, a page of at most `antall` items and the total.
type item struct {
	ID int `json:"id"`
}

type page struct {
	Total int     `json:"total"`
	Items []*item `json:"items"`
	Start int     `json:"-"`
	Next  int     `json:"-"`
}

var errNoItems = errors.New(`the answer has no "items"`)

func itemsList(name string) *endpoint.List[page, item, int] {
	return &endpoint.List[page, item, int]{
		Op: endpoint.Op[page]{Spec: endpoint.Spec{Name: name}, Check: func(p *page) error {
			if p.Items == nil {
				return errNoItems
			}
			return nil
		}},
		Items: func(p *page) []*item { return p.Items },
		Next: func(p *page, used int) (int, bool) {
			p.Start = max(used, 1)
			if n := p.Start + len(p.Items); n <= p.Total {
				p.Next = n
			}
			return p.Next, p.Next != 0
		},
		SetCursor: func(r *endpoint.Request, start int) {
			if start > 0 {
				r.Query.Set("start", strconv.Itoa(start))
			}
		},
		Remaining: func(p *page, _ int) int { return p.Total - (p.Start - 1 + len(p.Items)) },
	}
}

// server answers n items in pages of size; answer, when set, replaces the
// answer to the page at a start.
type server struct {
	n, size int
	answer  map[int]string

	mu    sync.Mutex
	ops   []string // the Attempt.Operation of every request
	paths []string
}

func (s *server) handler(w http.ResponseWriter, r *http.Request) {
	start, _ := strconv.Atoi(r.URL.Query().Get("start"))
	start = max(start, 1)
	s.mu.Lock()
	s.paths = append(s.paths, r.URL.RequestURI())
	s.mu.Unlock()
	if a, ok := s.answer[start]; ok {
		_, _ = w.Write([]byte(a))
		return
	}
	p := page{Total: s.n, Items: []*item{}}
	for i := start; i < start+s.size && i <= s.n; i++ {
		p.Items = append(p.Items, &item{ID: i})
	}
	_ = json.NewEncoder(w).Encode(p)
}

type opRecorder struct {
	s    *server
	next http.RoundTripper
}

func (o opRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	a, _ := vegdata.AttemptFromContext(r.Context())
	o.s.mu.Lock()
	o.s.ops = append(o.s.ops, a.Operation)
	o.s.mu.Unlock()
	return o.next.RoundTrip(r)
}

func newClient(t *testing.T, s *server) *transport.Client {
	t.Helper()
	hs := httptest.NewServer(http.HandlerFunc(s.handler))
	t.Cleanup(hs.Close)
	set := transport.Defaults(hs.URL, 1e9, 1)
	set.HTTPClient = &http.Client{Transport: opRecorder{s: s, next: http.DefaultTransport}}
	set.Retry = vegdata.RetryPolicy{MaxRetries: vegdata.NoRetries}
	tc, err := transport.New(transport.Config{API: "test", Settings: set})
	require.NoError(t, err)
	return tc
}

func call(start int) endpoint.Call[int] {
	return endpoint.Call[int]{Request: endpoint.Request{Path: "items", Query: url.Values{"antall": {"2"}}}, Start: start}
}

func prefetched(c endpoint.Call[int], on bool) endpoint.Call[int] {
	c.Prefetch = on
	return c
}

func TestNames(t *testing.T) {
	for _, tc := range []struct{ list, pages, all string }{
		{"Oppdrag.List", "Oppdrag.Pages", "Oppdrag.All"},
		{"Vehicles.Search", "Vehicles.SearchPages", "Vehicles.SearchAll"},
		{"Brands.Models", "Brands.ModelsPages", "Brands.ModelsAll"},
	} {
		p, a := endpoint.Names(tc.list)
		assert.Equal(t, tc.pages, p)
		assert.Equal(t, tc.all, a)
	}
}

func TestListPagesAll(t *testing.T) {
	itertest.NoLeaks(t)
	s := &server{n: 5, size: 2}
	tc := newClient(t, s)
	l := itemsList("Items.List")
	for _, prefetch := range []bool{false, true} {
		t.Run(fmt.Sprint("prefetch=", prefetch), func(t *testing.T) {
			s.ops, s.paths = nil, nil
			var ids []int
			for it, err := range l.All(context.Background(), tc, prefetched(call(0), prefetch)) {
				require.NoError(t, err)
				ids = append(ids, it.ID)
			}
			assert.Equal(t, []int{1, 2, 3, 4, 5}, ids)
			assert.Equal(t, []string{"Items.All", "Items.All", "Items.All"}, s.ops, "every attempt is named after the method called")
			assert.Equal(t, []string{"/items?antall=2", "/items?antall=2&start=3", "/items?antall=2&start=5"}, s.paths)

			s.ops = nil
			var starts []int
			for p, err := range l.Pages(context.Background(), tc, prefetched(call(3), prefetch)) {
				require.NoError(t, err)
				starts = append(starts, p.Start)
			}
			assert.Equal(t, []int{3, 5}, starts)
			assert.Equal(t, []string{"Items.Pages", "Items.Pages"}, s.ops)

			s.ops = nil
			p, err := l.List(context.Background(), tc, call(3))
			require.NoError(t, err)
			assert.Equal(t, 5, p.Next)
			assert.Equal(t, []string{"Items.List"}, s.ops)
		})
	}
}

func TestCallNotChanged(t *testing.T) {
	s := &server{n: 5, size: 2}
	tc := newClient(t, s)
	c := call(0)
	for _, err := range itemsList("Items.List").All(context.Background(), tc, c) {
		require.NoError(t, err)
	}
	assert.Equal(t, url.Values{"antall": {"2"}}, c.Query, "the cursor goes into a copy of the query")
}

func TestJunkIsNeverAnEmptyPage(t *testing.T) {
	for name, body := range map[string]string{
		"empty object": `{}`,
		"html":         `<html><body>proxy</body></html>`,
		"null item":    `{"total":5,"items":[{"id":3},null]}`,
		"array":        `[]`,
	} {
		t.Run(name, func(t *testing.T) {
			s := &server{n: 5, size: 2, answer: map[int]string{3: body}}
			tc := newClient(t, s)
			var ids []int
			var errs []error
			for it, err := range itemsList("Items.List").All(context.Background(), tc, call(0)) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				ids = append(ids, it.ID)
			}
			assert.Equal(t, []int{1, 2}, ids, "what came before the junk is kept")
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], vegdata.ErrInvalidResponse)
			var ae *vegdata.APIError
			require.ErrorAs(t, errs[0], &ae)
			assert.Equal(t, http.StatusOK, ae.StatusCode)
			assert.NotEmpty(t, ae.RequestID)
		})
	}
}

func TestListNeverEndsShortOfItsTotal(t *testing.T) {
	// Page 2 says the total is 5 but holds nothing: an iteration must not
	// end there as if the list were done.
	s := &server{n: 5, size: 2, answer: map[int]string{3: `{"total":5,"items":[]}`}}
	tc := newClient(t, s)
	n, errs := itertest.RangeStop(itemsList("Items.List").All(context.Background(), tc, call(0)), -1, nil)
	assert.Equal(t, 2, n)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], vegdata.ErrInvalidResponse)
	assert.Contains(t, errs[0].Error(), "3 more item(s)")

	// A short last page whose total is reached ends the list normally.
	s = &server{n: 3, size: 2}
	n, errs = itertest.RangeStop(itemsList("Items.List").All(context.Background(), newClient(t, s), call(0)), -1, nil)
	assert.Equal(t, 3, n)
	assert.Empty(t, errs)
}

func TestZeroClient(t *testing.T) {
	l := itemsList("Items.List")
	_, err := l.List(context.Background(), nil, call(0))
	require.ErrorIs(t, err, vegdata.ErrInvalidArgument)
	assert.Contains(t, err.Error(), "Items.List: the client was not made by NewClient")
	n, errs := itertest.RangeStop(l.All(context.Background(), nil, call(0)), -1, nil)
	assert.Zero(t, n)
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), "Items.All")

	op := &endpoint.Op[item]{Spec: endpoint.Spec{Name: "Items.Get"}}
	_, err = op.Do(context.Background(), nil, endpoint.Request{Path: "x"})
	assert.ErrorIs(t, err, vegdata.ErrInvalidArgument)
}

func TestBadCallSendsNothing(t *testing.T) {
	s := &server{n: 5, size: 2}
	tc := newClient(t, s)
	bad := errors.New("antall must be at most 1000")
	c := endpoint.Call[int]{Request: endpoint.Fail(bad)}
	_, err := itemsList("Items.List").List(context.Background(), tc, c)
	assert.ErrorIs(t, err, bad)
	n, errs := itertest.RangeStop(itemsList("Items.List").All(context.Background(), tc, c), -1, nil)
	assert.Zero(t, n)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], bad)
	assert.Empty(t, s.paths)
}

func TestOpCheck(t *testing.T) {
	s := &server{n: 5, size: 2, answer: map[int]string{1: `{}`}}
	tc := newClient(t, s)
	get := &endpoint.Op[item]{Spec: endpoint.Spec{Name: "Items.Get"}, Check: func(it *item) error {
		if it.ID == 0 {
			return errors.New("no id")
		}
		return nil
	}}
	_, err := get.Do(context.Background(), tc, endpoint.Request{Path: "items"})
	assert.ErrorIs(t, err, vegdata.ErrInvalidResponse)
	assert.Equal(t, []string{"Items.Get"}, s.ops)
}

func TestRefusal(t *testing.T) {
	// The API answers 200 with a code in place of the item.
	s := &server{n: 5, size: 2, answer: map[int]string{1: `{"code":"NOT_GIVEN_OUT"}`}}
	hs := httptest.NewServer(http.HandlerFunc(s.handler))
	t.Cleanup(hs.Close)
	set := transport.Defaults(hs.URL, 1e9, 1)
	set.Retry = vegdata.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: time.Millisecond}
	tc, err := transport.New(transport.Config{API: "test", Settings: set})
	require.NoError(t, err)
	get := &endpoint.Op[item]{Spec: endpoint.Spec{Name: "Items.Get"}, Decode: func(resp *endpoint.Response, it *item) error {
		var b struct{ Code string }
		if err := endpoint.DecodeBody(resp.Body, &b); err != nil {
			return err
		}
		if b.Code != "" {
			return &endpoint.Refusal{Kind: vegdata.ErrNotFound, Code: b.Code, Message: "item 1 is not given out"}
		}
		return nil
	}}
	_, err = get.Do(context.Background(), tc, endpoint.Request{Path: "items", Query: url.Values{"secret": {"s3cr3t"}}})
	require.ErrorIs(t, err, vegdata.ErrNotFound)
	assert.NotErrorIs(t, err, vegdata.ErrInvalidResponse)
	var ae *vegdata.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusOK, ae.StatusCode)
	assert.Equal(t, "NOT_GIVEN_OUT", ae.Code)
	assert.Equal(t, "item 1 is not given out", ae.Message)
	assert.NotEmpty(t, ae.RequestID)
	assert.Equal(t, 1, ae.Attempts)
	assert.Contains(t, ae.URL, "/items?secret=REDACTED", "the URL is redacted like any error's")
	assert.Len(t, s.paths, 1, "a refusal is an answer: not retried")
}

func TestMaxBody(t *testing.T) {
	s := &server{n: 500, size: 500} // about 6 KiB
	tc := newClient(t, s)
	small := &endpoint.Op[page]{Spec: endpoint.Spec{Name: "Items.Get", MaxBody: 1 << 10}}
	_, err := small.Do(context.Background(), tc, endpoint.Request{Path: "items"})
	require.ErrorIs(t, err, vegdata.ErrBodyTooLarge)
	big := &endpoint.Op[page]{Spec: endpoint.Spec{Name: "Items.Get"}}
	p, err := big.Do(context.Background(), tc, endpoint.Request{Path: "items"})
	require.NoError(t, err)
	assert.Len(t, p.Items, 500)
}

// A Request may name a link the API gave instead of a path: on the base
// host it is followed (with the cursor merged into its query), on another
// host it is refused and nothing is sent.
func TestRequestURL(t *testing.T) {
	s := &server{n: 5, size: 2}
	tc := newClient(t, s)
	l := itemsList("Items.List")
	p, err := l.List(context.Background(), tc, endpoint.Call[int]{Request: endpoint.Request{URL: tc.BaseURL() + "/items?antall=2&start=3"}, Start: 3})
	require.NoError(t, err)
	assert.Equal(t, 3, p.Start)
	p, err = l.List(context.Background(), tc, endpoint.Call[int]{Request: endpoint.Request{URL: "items?antall=2"}})
	require.NoError(t, err)
	assert.Equal(t, 3, p.Next)
	assert.Equal(t, []string{"/items?antall=2&start=3", "/items?antall=2"}, s.paths)

	s.paths = nil
	get := &endpoint.Op[page]{Spec: endpoint.Spec{Name: "Follow"}}
	_, err = get.Do(context.Background(), tc, endpoint.Request{URL: "http://elsewhere.example/items"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "another host")
	assert.Empty(t, s.paths, "nothing is sent to another host")
}
