package uberiket_test

import (
	"context"
	"iter"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vegdata/go-vegdata/internal/itertest"
	"github.com/vegdata/go-vegdata/nvdb/uberiket"
	"github.com/vegdata/go-vegdata/nvdb/uberiket/uberikettest"
)

// relIter is one iterator of the package over the fixtures; a case named
// "Vegobjekter.All" ranges VegobjekterService.All.
type relIter struct {
	name string
	seq  func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error]
}

func relIters() []relIter {
	one := &uberiket.VegobjektQuery{Antall: 1}
	hq := &uberiket.HendelseQuery{Antall: 1}
	nq := &uberiket.VegnettHendelseQuery{Antall: 1}
	sq := &uberiket.StreamQuery{Antall: 1}
	return []relIter{
		{"Vegobjekter.Pages", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Vegobjekter.Pages(ctx, 105, one))
		}},
		{"Vegobjekter.All", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Vegobjekter.All(ctx, 105, one))
		}},
		{"Vegobjekter.MultiTypePages", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Vegobjekter.MultiTypePages(ctx, &uberiket.MultiTypeQuery{TypeIDs: []int{105, 581}, VegobjektQuery: *one}))
		}},
		{"Vegobjekter.MultiTypeAll", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Vegobjekter.MultiTypeAll(ctx, &uberiket.MultiTypeQuery{TypeIDs: []int{105, 581}, VegobjektQuery: *one}))
		}},
		{"Vegobjekter.Stream", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Vegobjekter.Stream(ctx, 105, sq))
		}},
		{"Vegobjekter.StreamChunks", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Vegobjekter.StreamChunks(ctx, 105, sq))
		}},
		{"Vegobjekter.MultiTypeStream", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Vegobjekter.MultiTypeStream(ctx, &uberiket.MultiTypeStreamQuery{TypeIDs: []int{105, 581}, Antall: 1}))
		}},
		{"Veglenkesekvenser.Pages", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Veglenkesekvenser.Pages(ctx, &uberiket.VeglenkesekvensQuery{Antall: 1}))
		}},
		{"Veglenkesekvenser.All", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Veglenkesekvenser.All(ctx, &uberiket.VeglenkesekvensQuery{Antall: 1}))
		}},
		{"Veglenkesekvenser.Stream", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Veglenkesekvenser.Stream(ctx, sq))
		}},
		{"Veglenkesekvenser.StreamChunks", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Veglenkesekvenser.StreamChunks(ctx, sq))
		}},
		{"Veglenker.Stream", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Veglenker.Stream(ctx, sq))
		}},
		{"Veglenker.StreamChunks", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Veglenker.StreamChunks(ctx, sq))
		}},
		{"Noder.Pages", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Noder.Pages(ctx, &uberiket.NodeQuery{Antall: 1}))
		}},
		{"Noder.All", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Noder.All(ctx, &uberiket.NodeQuery{Antall: 1}))
		}},
		{"Hendelser.Pages", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Hendelser.Pages(ctx, 105, hq))
		}},
		{"Hendelser.All", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Hendelser.All(ctx, 105, hq))
		}},
		{"Hendelser.MultiTypePages", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Hendelser.MultiTypePages(ctx, &uberiket.MultiTypeHendelseQuery{TypeIDs: []int{538}, HendelseQuery: *hq}))
		}},
		{"Hendelser.MultiTypeAll", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Hendelser.MultiTypeAll(ctx, &uberiket.MultiTypeHendelseQuery{TypeIDs: []int{538}, HendelseQuery: *hq}))
		}},
		{"Hendelser.Stream", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Hendelser.Stream(ctx, 105, hq))
		}},
		{"VegnettHendelser.Pages", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.VegnettHendelser.Pages(ctx, nq))
		}},
		{"VegnettHendelser.All", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.VegnettHendelser.All(ctx, nq))
		}},
		{"VeglenkesekvensHendelser.Pages", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.VeglenkesekvensHendelser.Pages(ctx, nq))
		}},
		{"VeglenkesekvensHendelser.All", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.VeglenkesekvensHendelser.All(ctx, nq))
		}},
		{"VeglenkesekvensHendelser.Stream", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.VeglenkesekvensHendelser.Stream(ctx, nq))
		}},
		{"NodeHendelser.Pages", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.NodeHendelser.Pages(ctx, nq))
		}},
		{"NodeHendelser.All", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.NodeHendelser.All(ctx, nq))
		}},
		{"Endringssett.Pages", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Endringssett.Pages(ctx, fixtureSett, nil))
		}},
		{"Endringssett.All", func(ctx context.Context, c *uberiket.Client) iter.Seq2[any, error] {
			return itertest.AnySeq(c.Endringssett.All(ctx, fixtureSett, nil))
		}},
	}
}

// TestReliabilityNoLeaks ranges every iterator of the package to the end,
// stops it early, cancels it midway and makes it fail, and checks after
// each that no goroutine is left behind and that an error is yielded
// once. Its last case fails when an exported iterator is not among them.
func TestReliabilityNoLeaks(t *testing.T) {
	for _, it := range relIters() {
		t.Run(it.name, func(t *testing.T) {
			itertest.NoLeaks(t)
			srv := newServer(t)
			c := newClient(t, srv)
			ctx := context.Background()
			total, errs := itertest.RangeStop(it.seq(ctx, c), -1, nil)
			require.Empty(t, errs)
			require.Positive(t, total)

			n, errs := itertest.RangeStop(it.seq(ctx, c), 1, nil)
			require.Empty(t, errs)
			assert.Equal(t, 1, n)

			cctx, cancel := context.WithCancel(ctx)
			_, errs = itertest.RangeStop(it.seq(cctx, c), 1, cancel)
			if total > 1 {
				require.Len(t, errs, 1)
				assert.ErrorIs(t, errs[0], context.Canceled)
			}

			// A server of its own: a request the cancelled run sent may
			// still arrive at the first and take the scripted answer.
			fresh := newServer(t)
			once := newClient(t, fresh, uberiket.WithRetry(uberiket.RetryPolicy{MaxRetries: uberiket.NoRetries}))
			fresh.Script(uberikettest.Fault{Status: http.StatusInternalServerError})
			n, errs = itertest.RangeStop(it.seq(ctx, once), -1, nil)
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], uberiket.ErrServer)
			assert.Zero(t, n)
		})
	}
	t.Run("stores", func(t *testing.T) {
		itertest.NoLeaks(t)
		ctx := context.Background()
		mem := uberiket.NewMemoryStore()
		file := openFileStore(t, t.TempDir())
		for _, st := range []uberiket.Store{mem, file} {
			require.NoError(t, st.Apply(ctx, 105, &uberiket.Batch{Upsert: []*uberiket.Vegobjekt{vo(1, 1), vo(2, 1)}}))
		}
		n := 0
		for range mem.Objects(105) {
			if n++; n == 1 {
				break
			}
		}
		n, errs := itertest.RangeStop(file.Objects(105), 1, nil)
		assert.Equal(t, 1, n)
		assert.Empty(t, errs)
		n, errs = itertest.RangeStop(file.Objects(105), -1, nil)
		assert.Equal(t, 2, n)
		assert.Empty(t, errs)
	})
	// A new exported iterator fails here until it is in relIters.
	t.Run("every iterator covered", func(t *testing.T) {
		covered := []string{"MemoryStore.Objects", "FileStore.Objects"}
		for _, it := range relIters() {
			field, method, _ := strings.Cut(it.name, ".")
			covered = append(covered, field+"Service."+method)
		}
		itertest.RequireCovered(t, ".", covered)
	})
}
