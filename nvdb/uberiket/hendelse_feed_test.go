package uberiket_test

import (
	"context"
	"iter"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

// hendelsePage is one page of vegobjekt hendelser of typeID with the
// given ids, continued at next ("" on the last page).
func hendelsePage(typeID int, next string, ids ...int64) string {
	var b strings.Builder
	b.WriteString(`{"hendelser":[`)
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"hendelseId":` + i64toa(id) + `,"hendelseType":"VegobjektVersjonOpprettet","vegobjektId":` + i64toa(1000+id) +
			`,"vegobjektTypeId":` + itoa(typeID) + `,"vegobjektVersjon":1,"tidspunkt":"2025-05-02T20:00:00Z"}`)
	}
	b.WriteString(`],"metadata":{"returnert":` + itoa(len(ids)) + `,"sidestorrelse":1000`)
	if next != "" {
		b.WriteString(`,"neste":{"start":"` + next + `","href":"http://x/?start=` + next + `"}`)
	}
	b.WriteString(`}}`)
	return b.String()
}

// vegnettPage is one page of vegnett hendelser of the given kind.
func vegnettPage(kind string, next string, ids ...int64) string {
	var b strings.Builder
	b.WriteString(`{"hendelser":[`)
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"hendelseId":` + i64toa(id) + `,"nettelementId":` + i64toa(500+id) +
			`,"nettelementType":1,"tidspunkt":"2025-05-02T20:00:00Z","hendelseType":"` + kind + `"}`)
	}
	b.WriteString(`],"metadata":{"returnert":` + itoa(len(ids)) + `,"sidestorrelse":1000`)
	if next != "" {
		b.WriteString(`,"neste":{"start":"` + next + `","href":"http://x/?start=` + next + `"}`)
	}
	b.WriteString(`}}`)
	return b.String()
}

func i64toa(n int64) string { return strconv.FormatInt(n, 10) }

// pagesClient is a client of a server that answers the page of pages at
// the request's start (the first page without one), else empty.
func pagesClient(t *testing.T, pages map[string]string, empty string) *uberiket.Client {
	t.Helper()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Query().Get("start")]
		if !ok {
			body = empty
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(hs.Close)
	c, err := uberiket.NewClient("go-vegdata-test", uberiket.WithBaseURL(hs.URL), uberiket.WithLimiter(nil),
		uberiket.WithRetry(fastRetry))
	require.NoError(t, err)
	return c
}

// collectFeed ranges seq and returns the ids it handed over and its errors.
func collectFeed[T any](seq iter.Seq2[*T, error], id func(*T) int64) (got []int64, errs []error) {
	for it, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, id(it))
	}
	return got, errs
}

func vegobjektHendelseID(h *uberiket.VegobjektHendelse) int64 { return h.HendelseID }
func vegnettHendelseID(h *uberiket.VegnettHendelse) int64     { return h.HendelseID }

// TestHendelserAllRefusesHostileFeed: Hendelser.All promises the
// hendelser after q.Start in id order ("the HendelseID of the last one is
// where to resume"). A feed that goes backwards, repeats, is out of order
// in a page, starts at or before q.Start, brings a hendelse of another
// type or kind, or whose neste.start goes back, is ErrInvalidResponse, as
// it is for Sync and Hendelser.Stream; so are Pages and List, and ranging
// the same iterator again starts afresh.
func TestHendelserAllRefusesHostileFeed(t *testing.T) {
	for _, tc := range []struct {
		name  string
		q     *uberiket.HendelseQuery
		pages map[string]string // by start
	}{
		{"backwards", nil, map[string]string{"": hendelsePage(105, "11", 10, 11), "11": hendelsePage(105, "", 5, 6)}},
		{"repeats", nil, map[string]string{"": hendelsePage(105, "11", 10, 11), "11": hendelsePage(105, "", 11, 12)}},
		{"out of order in a page", nil, map[string]string{"": hendelsePage(105, "", 11, 10)}},
		{"twice in a page", nil, map[string]string{"": hendelsePage(105, "", 10, 10)}},
		{"another type", nil, map[string]string{"": hendelsePage(45, "", 10, 11)}},
		{"at the start", &uberiket.HendelseQuery{Start: 10}, map[string]string{"10": hendelsePage(105, "", 10, 11)}},
		{"neste goes back", nil, map[string]string{"": hendelsePage(105, "10", 10, 11), "10": hendelsePage(105, "", 12)}},
		{"neste not an id", nil, map[string]string{"": hendelsePage(105, "abc", 10, 11)}},
		{"a kind not asked for", &uberiket.HendelseQuery{Hendelsetyper: []string{uberiket.VegobjektVersjonFjernet}},
			map[string]string{"": hendelsePage(105, "", 10)}},
		{"an object not asked for", &uberiket.HendelseQuery{VegobjektIDs: []int64{1}},
			map[string]string{"": hendelsePage(105, "", 10)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := pagesClient(t, tc.pages, hendelsePage(105, ""))
			seq := c.Hendelser.All(context.Background(), 105, tc.q)
			for range 2 {
				got, errs := collectFeed(seq, vegobjektHendelseID)
				require.Len(t, errs, 1, "hendelser handed over: %v", got)
				assert.ErrorIs(t, errs[0], uberiket.ErrInvalidResponse)
			}
			var errs []error
			for _, err := range c.Hendelser.Pages(context.Background(), 105, tc.q) {
				if err != nil {
					errs = append(errs, err)
				}
			}
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], uberiket.ErrInvalidResponse)
		})
	}
	t.Run("in order", func(t *testing.T) {
		c := pagesClient(t, map[string]string{"": hendelsePage(105, "11", 10, 11), "11": hendelsePage(105, "13", 12, 13)},
			hendelsePage(105, ""))
		got, errs := collectFeed(c.Hendelser.All(context.Background(), 105, nil), vegobjektHendelseID)
		require.Empty(t, errs)
		assert.Equal(t, []int64{10, 11, 12, 13}, got)
		p, err := c.Hendelser.List(context.Background(), 105, &uberiket.HendelseQuery{Start: 11})
		require.NoError(t, err)
		assert.Len(t, p.Items, 2)
	})
}

// TestHendelseFeedsRefuseHostileFeeds: every hendelse feed of the package
// follows the one rule: the multi-type feed against its TypeIDs, the
// vegnett, veglenkesekvens and node feeds against their kind, and the
// streams as the pages.
func TestHendelseFeedsRefuseHostileFeeds(t *testing.T) {
	ctx := context.Background()
	vegobjektFeed := func(f func(c *uberiket.Client) iter.Seq2[*uberiket.VegobjektHendelse, error]) func(*uberiket.Client) []error {
		return func(c *uberiket.Client) []error { _, errs := collectFeed(f(c), vegobjektHendelseID); return errs }
	}
	vegnettFeed := func(f func(c *uberiket.Client) iter.Seq2[*uberiket.VegnettHendelse, error]) func(*uberiket.Client) []error {
		return func(c *uberiket.Client) []error { _, errs := collectFeed(f(c), vegnettHendelseID); return errs }
	}
	for _, tc := range []struct {
		name  string
		pages map[string]string
		empty string
		read  func(*uberiket.Client) []error
	}{
		{"multi-type: a type not asked for", map[string]string{"": hendelsePage(45, "", 10)}, hendelsePage(105, ""),
			vegobjektFeed(func(c *uberiket.Client) iter.Seq2[*uberiket.VegobjektHendelse, error] {
				return c.Hendelser.MultiTypeAll(ctx, &uberiket.MultiTypeHendelseQuery{TypeIDs: []int{105, 67}})
			})},
		{"multi-type: backwards", map[string]string{"": hendelsePage(105, "11", 10, 11), "11": hendelsePage(67, "", 9)}, hendelsePage(105, ""),
			vegobjektFeed(func(c *uberiket.Client) iter.Seq2[*uberiket.VegobjektHendelse, error] {
				return c.Hendelser.MultiTypeAll(ctx, nil)
			})},
		{"vegnett: repeats", map[string]string{"": vegnettPage(uberiket.NodeOpprettet, "11", 10, 11), "11": vegnettPage(uberiket.NodeEndret, "", 11)},
			vegnettPage(uberiket.NodeEndret, ""),
			vegnettFeed(func(c *uberiket.Client) iter.Seq2[*uberiket.VegnettHendelse, error] {
				return c.VegnettHendelser.All(ctx, nil)
			})},
		{"veglenkesekvenser: a node hendelse", map[string]string{"": vegnettPage(uberiket.NodeOpprettet, "", 10)},
			vegnettPage(uberiket.NodeEndret, ""),
			vegnettFeed(func(c *uberiket.Client) iter.Seq2[*uberiket.VegnettHendelse, error] {
				return c.VeglenkesekvensHendelser.All(ctx, nil)
			})},
		{"noder: out of order", map[string]string{"": vegnettPage(uberiket.NodeOpprettet, "", 11, 10)},
			vegnettPage(uberiket.NodeEndret, ""),
			vegnettFeed(func(c *uberiket.Client) iter.Seq2[*uberiket.VegnettHendelse, error] {
				return c.NodeHendelser.All(ctx, nil)
			})},
		{"noder: an element not asked for", map[string]string{"": vegnettPage(uberiket.NodeOpprettet, "", 10)},
			vegnettPage(uberiket.NodeEndret, ""),
			vegnettFeed(func(c *uberiket.Client) iter.Seq2[*uberiket.VegnettHendelse, error] {
				return c.NodeHendelser.All(ctx, &uberiket.VegnettHendelseQuery{IDs: []int64{1}})
			})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := tc.read(pagesClient(t, tc.pages, tc.empty))
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], uberiket.ErrInvalidResponse)
		})
	}
}

// TestHendelserStreamRefusesAnotherType: a type's hendelse stream that
// brings another type's hendelse is ErrInvalidResponse, after the ones
// that were right, like its pages.
func TestHendelserStreamRefusesAnotherType(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	line := func(id, typeID int) string {
		return `{"hendelseId":` + itoa(id) + `,"hendelseType":"VegobjektImportert","vegobjektId":1,"vegobjektTypeId":` + itoa(typeID) +
			`,"vegobjektVersjon":0,"tidspunkt":"2025-05-02T20:00:00Z"}` + "\n"
	}
	srv.Script(uberikettest.Fault{Status: 200, Body: line(7, 105) + line(8, 45)})
	got, errs := collectFeed(c.Hendelser.Stream(context.Background(), 105, nil), vegobjektHendelseID)
	assert.Equal(t, []int64{7}, got)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], uberiket.ErrInvalidResponse)
}

// TestPageItemsMatchMetadata: a page whose list holds fewer or more items
// than its metadata's returnert, or more than its sidestorrelse, is not
// the documented shape. An empty hendelse list that says it holds 3 and
// has a next page would read as "caught up" (and Sync would take it so).
func TestPageItemsMatchMetadata(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		body string
		call func(c *uberiket.Client) error
	}{
		{"hendelser short of returnert", `{"hendelser":[],"metadata":{"returnert":3,"sidestorrelse":1000,` +
			`"neste":{"start":"13","href":"http://x/?start=13"}}}`, func(c *uberiket.Client) error {
			_, err := c.Hendelser.List(ctx, 105, &uberiket.HendelseQuery{Start: 10})
			return err
		}},
		{"hendelser past returnert", strings.Replace(hendelsePage(105, "", 10, 11), `"returnert":2`, `"returnert":1`, 1),
			func(c *uberiket.Client) error {
				_, err := c.Hendelser.List(ctx, 105, nil)
				return err
			}},
		{"hendelser past sidestorrelse", strings.Replace(hendelsePage(105, "", 10, 11), `"sidestorrelse":1000`, `"sidestorrelse":1`, 1),
			func(c *uberiket.Client) error {
				_, err := c.Hendelser.List(ctx, 105, nil)
				return err
			}},
		{"vegnett short of returnert", strings.Replace(vegnettPage(uberiket.NodeOpprettet, "", 10), `"returnert":1`, `"returnert":2`, 1),
			func(c *uberiket.Client) error {
				_, err := c.VegnettHendelser.List(ctx, nil)
				return err
			}},
		{"vegobjekter short of returnert", `{"vegobjekter":[],"metadata":{"returnert":1,"sidestorrelse":1000}}`,
			func(c *uberiket.Client) error {
				_, err := c.Vegobjekter.List(ctx, 105, nil)
				return err
			}},
		{"noder short of returnert", `{"noder":[],"metadata":{"returnert":18,"sidestorrelse":500}}`,
			func(c *uberiket.Client) error {
				_, err := c.Noder.List(ctx, nil)
				return err
			}},
		{"endringssett counts both lists", `{"vegobjektHendelser":[],"vegnettHendelser":[],"metadata":{"returnert":2,"sidestorrelse":1000}}`,
			func(c *uberiket.Client) error {
				_, err := c.Endringssett.List(ctx, "3c5e0b7a-2f41-4d8e-9a6b-1f0c7d2e8b94", nil)
				return err
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := pagesClient(t, nil, tc.body)
			assert.ErrorIs(t, tc.call(c), uberiket.ErrInvalidResponse)
		})
	}
}
