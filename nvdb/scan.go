package nvdb

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"
)

// ScanOptions split a scan of one vegobjekttype into partitions that run
// concurrently: one per fylke or one per kommune (set exactly one list).
type ScanOptions struct {
	Fylker   []int // one partition per fylke
	Kommuner []int // one partition per kommune
	// Workers is how many partitions run at once (default 4). All workers
	// share the client's rate limiter, so more workers never exceed it.
	Workers int
}

type scanMsg struct {
	side *Page[Vegobjekt]
	err  error
}

// Scan iterates over every object of type typeID matching q, running the
// partitions of opts concurrently with a bounded number of workers. Objects
// arrive page by page in no particular order between partitions. Without
// segmentering an object that crosses a border is returned by each
// partition it lies in. The first error ends the scan; stopping early
// cancels the workers and waits for them.
func (s *VegobjekterService) Scan(ctx context.Context, typeID int, q *VegobjektQuery, opts *ScanOptions) iter.Seq2[*Vegobjekt, error] {
	q = q.clone()
	var o ScanOptions
	if opts != nil {
		o = *opts
	}
	var parts []*VegobjektQuery
	var cfgErr error
	switch {
	case len(o.Fylker) > 0 && len(o.Kommuner) > 0:
		cfgErr = invalidf("nvdb: scan: set either Fylker or Kommuner, not both")
	case len(o.Fylker) > 0:
		if len(q.Fylke) > 0 {
			cfgErr = invalidf("nvdb: scan: the query already filters on fylke; partition by Kommuner or drop the filter")
		}
		for _, f := range dedupeInts(o.Fylker) {
			p := q.clone()
			p.Fylke = []int{f}
			parts = append(parts, p)
		}
	case len(o.Kommuner) > 0:
		if len(q.Kommune) > 0 {
			cfgErr = invalidf("nvdb: scan: the query already filters on kommune")
		}
		for _, k := range dedupeInts(o.Kommuner) {
			p := q.clone()
			p.Kommune = []int{k}
			parts = append(parts, p)
		}
	default:
		cfgErr = invalidf("nvdb: scan: no partitions; set Fylker or Kommuner")
	}
	if q.Start != "" && cfgErr == nil {
		cfgErr = invalidf("nvdb: scan: a start cursor belongs to one partition; resume it with Pages")
	}
	if cfgErr == nil {
		for _, p := range parts {
			if _, err := p.listValues(); err != nil {
				cfgErr = fmt.Errorf("nvdb: %w", err)
				break
			}
		}
		if _, err := typePath(typeID); err != nil {
			cfgErr = err
		}
	}
	workers := o.Workers
	if workers <= 0 {
		workers = 4
	}
	if workers > len(parts) && len(parts) > 0 {
		workers = len(parts)
	}
	return func(yield func(*Vegobjekt, error) bool) {
		if cfgErr != nil {
			yield(nil, cfgErr)
			return
		}
		ctx, cancel := context.WithCancel(ctx)
		jobs := make(chan *VegobjektQuery)
		results := make(chan scanMsg, workers)
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for p := range jobs {
					for side, err := range s.Pages(ctx, typeID, p) {
						select {
						case results <- scanMsg{side, err}:
						case <-ctx.Done():
							return
						}
						if err != nil {
							return
						}
					}
				}
			}()
		}
		go func() {
			defer close(jobs)
			for _, p := range parts {
				select {
				case jobs <- p:
				case <-ctx.Done():
					return
				}
			}
		}()
		go func() {
			wg.Wait()
			close(results)
		}()
		defer func() {
			cancel()
			for range results { // let every worker finish before returning
			}
		}()
		for m := range results {
			if m.err != nil {
				if ctx.Err() != nil && errors.Is(m.err, context.Canceled) {
					continue
				}
				yield(nil, m.err)
				return
			}
			for i := range m.side.Objekter {
				if !yield(&m.side.Objekter[i], nil) {
					return
				}
			}
		}
		if err := ctx.Err(); err != nil {
			yield(nil, err)
		}
	}
}

func dedupeInts(vs []int) []int {
	seen := map[int]bool{}
	var out []int
	for _, v := range vs {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
