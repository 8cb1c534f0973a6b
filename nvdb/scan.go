package nvdb

import (
	"context"
	"errors"
	"iter"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// ScanOptions shape a Scan. The zero value (or nil) lets Scan plan its own
// partitions and worker count.
type ScanOptions struct {
	// Fylker or Kommuner (set at most one) make one partition per listed
	// area instead of a planned set of kommuner.
	Fylker   []int
	Kommuner []int
	// Workers fixes how many partitions are read at once. 0 (the default)
	// reads every partition at once, up to MaxWorkers: see Scan.
	Workers int
	// MaxWorkers caps how many partitions are read at once when Workers is
	// 0 (default DefaultScanMaxWorkers, 64). A partition being read holds
	// at most one page until the caller has taken it (a caller slower than
	// NVDB leaves one page per partition being read in memory), and none
	// while it waits for its turn at the limiter. Where NVDB's answers take
	// more than 1.3 s, raise it to the plan's partition count to keep the
	// rate limit busy.
	MaxWorkers int
	// Plan is a plan to follow instead of making one: from PlanScan, or one
	// saved from an earlier run (JSON). Scan keeps it current as objects
	// are yielded (cursor, position within a page, partitions done), so a
	// copy taken between two objects resumes with exactly the objects not
	// yet yielded. Read or marshal it only from the goroutine ranging over
	// the scan. Cursors expire on NVDB's side after a while, so resume
	// within the hour.
	Plan *ScanPlan
	// Progress, if set, is called from the ranging goroutine after each
	// page's objects have been yielded, and once at the end. It must be
	// quick.
	Progress func(ScanProgress)
}

// ScanProgress describes a running scan.
type ScanProgress struct {
	Objects    int // objects yielded so far (over every run of the plan)
	Expected   int // objects the scan yields in all, from statistikk; -1 when not known
	Partitions int // partitions finished
	// PartitionsTotal is the number of partitions in the plan.
	PartitionsTotal int
	Requests        int           // page requests sent in this run
	Workers         int           // workers started in this run
	Elapsed         time.Duration // since this run started
	// Rate is objects yielded per second in this run.
	Rate float64
	// PageTime is the recent average time from sending a page request to
	// its last byte; LimiterWait the recent average time a page request
	// waited for its turn at the client's rate limiter before it was sent.
	PageTime    time.Duration
	LimiterWait time.Duration
	Done        bool // the last call: every partition is finished
}

// Scan iterates over every object of type typeID matching q, reading many
// partitions of the search at once so that NVDB's rate limit, not the time
// a page takes, sets the pace. Each object is yielded exactly once. Scan
// takes its own copy of q when called; the caller may change q afterwards.
//
// Without partitions in opts, Scan plans them (see PlanScan): it counts
// the objects per kommune with statistikk, skips kommuner without any and
// groups the others into partitions that fill their pages (runs in
// number order, as neighbours tend to have close numbers, with small
// kommuner moved to fill the last pages); a list of kommuner is one query
// parameter, so a partition is one search. A kommune too large for one
// chain is cut into cells (below).
// Objects arrive page by page in no particular order between partitions.
//
// Partitions and workers: a partition is a chain of requests (each needs
// the cursor from the previous answer), so using a limit of R requests per
// second at a page time of T takes about R × T chains. The plan makes at
// least 48 partitions where there are kommuner and pages enough (enough
// for 40 per second at 1.2 s per page), more when its own statistikk
// answer is slower; where it cuts kommuner, the time of its sample page
// sets how many (below). Scan reads them all at once. More chains than
// the limit can serve cost only their turn: when more requests are ready
// than the client's rate limiter lets through, the next slot goes to the
// partition with the most pages left, so the long partitions do not end
// alone after the others (the estimate is the plan's count until NVDB's
// own count arrives with the first page), and among those with as many
// left, to the larger request, so that the scan's last requests are its
// smallest pages, which NVDB answers soonest. The
// limiter stays the only pacing: Scan never sends faster than the
// client's WithRateLimit or WithLimiter allows. (The order is kept by
// seeing each request leave the limiter through net/http/httptrace; with
// an http.Client whose transport does not report GetConn, requests go to
// the limiter in the order they are ready once the first page has come
// back.) A request that has waited its turn for a minute goes next, so a
// short partition's cursor does not wait out a long scan.
// ScanOptions.Workers and MaxWorkers bound how many partitions are read
// at once (64 by default, every partition of a plan for answers up to
// 1.3 s); while some wait for a worker, requests are served in turn.
//
// Cutting a kommune: a kommune holding more pages than one chain reads in
// the time the rate limit needs for the whole scan (100 000 objects are 100
// pages; at 40 requests a second and 0.25 s a page a chain reads 10 of
// them) is cut into parts, each a search of its own: the kommune and a
// range of one egenskap's values, or a kartutsnitt, or both.
//
// By value first: the plan chooses, in its sample, the egenskap of a date
// or number type (Dato, Heltall, Flyttall) with the most distinct values
// (type 105 Fartsgrense's Gyldig fra dato, 5127, for one), and cuts the
// kommune into ranges of its values, each searched by NVDB's egenskap
// filter: egenskap(5127)>='1997-03-01' AND egenskap(5127)<'2003-07-01',
// the lowest range with OR egenskap(5127)=null, after q's own egenskap
// filter in parentheses. NVDB documents < and >= for "egenskapstyper av
// type tall eller dato" and null for an object without a value; such an
// egenskap holds one value, so an object lies in exactly one range, and no
// range returns an object another range returns, whatever its geometry:
// a cut by value costs no request, where a cut in space costs the objects
// across it, read twice. Enum values are compared by id only, so enums are
// not used. A range whose sampled objects share one value (or have none)
// is cut in space.
//
// In space: kartutsnitt is the filter NVDB offers that cuts any kommune
// into parts of any size, and the one whose match NVDB documents in the
// same terms for the search, inkluderAntall and statistikk (the bounding
// boxes meet), so the plan's counts and the owner rule below rest on one
// documented comparison: a polygon is matched exactly in a search but by
// bounding boxes in statistikk, with no documented tolerance;
// vegsystemreferanse per vegkategori gives a handful of parts of very
// different sizes (a kommune may lie mostly on one road); and
// veglenkesekvens takes ids, not ranges.
//
// The plan places and sizes the parts from a sample, the first 500 objects
// of q (with lokasjon, geometri and egenskaper), which it asks for
// together with the counts, so that planning takes one answer's time; the
// sample's answer time gives the time of a page. Where that sample holds
// fewer than 50 objects of a kommune for each cell it is cut into, or 25
// for each value range (q's sample over eight kommuner holds some 62 of
// each), the kommune is placed and sized by a sample of its own: 500
// objects of q within it, with lokasjon, geometri and egenskaper (no
// geometry egenskaper) only, for up to 16 kommuner; these are asked for as
// soon as q's sample takes a quarter of a small answer's time longer than
// the counts (slow pages need small parts), else once it shows they are
// needed, so that planning takes two answers' time at most. The parts are
// a k-d tree of the sampled objects, halved by count, so each holds at
// least one object NVDB returned for q and no part's search is known to
// return nothing: first by value, at the change of value nearest the half,
// each side getting parts in proportion to its objects; then, where the
// values cannot be told apart, by their owner points (below), a cut lying
// between two sampled points, across the axis that fewer objects' boxes
// cross. A part's estimate is the kommune's count times the share of
// sampled objects in its range whose box meets its cell, objects across
// its edges included. The kommune with the longest chain is cut into one
// part more until that chain, with 20 % to spare for the sample's error,
// ends within the time the limit needs for all pages. The cells of a range
// (or of a kommune cut in space only) tile a fixed box around Norway,
// Svalbard and Jan Mayen (ScanPlan.Bounds), so the outer cells reach any
// object of the kommune (a kommune with a sampled object beyond it is not
// cut). The price of a cut: each part ends on a page not quite
// full; an object across a cell's edge is read by both cells; a kommune's
// own sample costs one request. A kommune no sample holds objects of is
// not cut (a sample is a first page in NVDB's order, not a spatial
// sample).
//
// No duplicates: an object that lies in several partitions (a road across
// a kommune border) is returned by each of them; it belongs to the
// partition holding the lowest of its kommuner (lokasjon.kommuner, or
// .fylker with ScanOptions.Fylker) and the others drop it. Where that
// kommune is cut (or a part returns it without kommuner to decide by), it
// belongs to the part of that kommune whose range holds its value, which
// NVDB decides (only that range's search returns it), and, where that
// range is cut in space, to the cell holding its owner point: the
// south-west corner (least x, least y) of the bounding box of its geometri
// (where lokasjon.geometri differs and the two boxes overlap, of their
// overlap), moved onto the bounds if it lies outside them. Cells are
// half-open, [minX, maxX) × [minY, maxY) (the bounds' far edges included),
// so exactly one holds the point. This relies on NVDB comparing a
// kartutsnitt with the object's bounding box, edges included, as its
// documentation of kartutsnitt says ("vegobjektets bounding box benyttes
// for sammenligning"): the owner point lies inside the object's box and
// inside its cell, so the box meets the cell and NVDB returns the object
// to that cell, whichever other cells it also returns it to; every cell
// reads the same geometry and keeps or drops the object alike, so no set
// of seen ids is needed. It relies too on the box being the whole
// object's: cells ask with segmentering=false (NVDB's default), which
// kartutsnitt does not cut at anyway; a geometry NVDB sends simplified
// (forenklet) keeps a subset of the points, so its box lies within the
// whole one. NVDB writes UTM coordinates to the millimetre, and cuts lie
// on an odd half millimetre, so no coordinate NVDB sends lies on a cut and
// one it rounded by up to half a millimetre stays on its side. As with
// kommuner, an object whose geometry or value changes while the scan runs
// may be kept by two parts or none. Kommuner are cut in space only where
// this holds: the geometry comes back in UTM33, the coordinates of
// kartutsnitt (srid unset, 5973 or UTM33), q sets no inkludergeometri
// (which could drop or swap the geometry), and q has no kartutsnitt or
// polygon of its own (NVDB takes one box, and an object meeting two boxes
// need not meet their intersection); elsewhere they are cut by value only,
// which needs no geometry, and their ranges search q's own box. Scan asks for lokasjon and geometri for this when
// q's Inkluder does not, and removes them again before yielding. With
// Segmentering set and no area filter in q, Scan asks for whole objects,
// which is the same result; Segmentering together with an area filter is
// refused, as partitions would cut objects at their own borders.
//
// No empty requests: the first page of each partition, and any page that
// may be its last, is asked for with inkluderAntall=true; NVDB then sends
// metadata.antall, the total number of hits ("Totalt antall treff"), and
// the partition ends as soon as that many objects have arrived, instead of
// asking for the empty page that NVDB's documented stop rule otherwise
// needs. Partitions without objects are never asked for. The plan's
// samples are the only pages whose objects are not yielded; q's is
// cancelled as soon as the counts show that no kommune is larger than a
// partition of the packing, and is sent even when they then show that
// nothing matches; a kommune's own is asked for only where its count
// shows it may be cut.
//
// The first error ends the scan; stopping early cancels the workers and
// waits for them. No request is sent until the sequence is ranged.
// A plan saved in the middle of a cell resumes like any other partition:
// from its cursor and the objects of that page already yielded.
func (s *VegobjekterService) Scan(ctx context.Context, typeID int, q *VegobjektQuery, opts *ScanOptions) iter.Seq2[*Vegobjekt, error] {
	var o ScanOptions
	if opts != nil {
		o = *opts
	}
	q = ownQuery(q)
	return func(yield func(*Vegobjekt, error) bool) {
		plan := o.Plan
		if plan == nil {
			var err error
			if plan, err = s.PlanScan(ctx, typeID, q, &o); err != nil {
				yield(nil, err)
				return
			}
		} else if err := checkResume(plan, typeID, q, &o); err != nil {
			yield(nil, err)
			return
		}
		s.run(ctx, plan, &o, yield)
	}
}

// vegobjekterScan fetches the pages of a scan's partitions.
var vegobjekterScan = listOf("Vegobjekter.Scan", decodeVegobjekterPage, true)

// shallow returns a copy of q that the plan changes field by field, never
// in place: the slices stay shared with q.
func shallow(q *VegobjektQuery) *VegobjektQuery {
	if q == nil {
		return &VegobjektQuery{}
	}
	c := *q
	return &c
}

// ownQuery returns a copy of q that shares nothing with it: Scan reads its
// query when the sequence is ranged, which may be after the caller has
// changed or reused q. (A Filter is an immutable value.)
func ownQuery(q *VegobjektQuery) *VegobjektQuery {
	c := shallow(q)
	c.Ider = slices.Clone(c.Ider)
	c.Inkluder = slices.Clone(c.Inkluder)
	c.Fylke = slices.Clone(c.Fylke)
	c.Kommune = slices.Clone(c.Kommune)
	c.Kontraktsomrade = slices.Clone(c.Kontraktsomrade)
	c.Riksvegrute = slices.Clone(c.Riksvegrute)
	c.Vegforvalter = slices.Clone(c.Vegforvalter)
	c.Vegsystemreferanse = slices.Clone(c.Vegsystemreferanse)
	c.TypeVeg = slices.Clone(c.TypeVeg)
	c.AdskilteLop = slices.Clone(c.AdskilteLop)
	c.Veglenkesekvens = slices.Clone(c.Veglenkesekvens)
	c.Veglenketype = slices.Clone(c.Veglenketype)
	c.Detaljniva = slices.Clone(c.Detaljniva)
	c.Overlapp = slices.Clone(c.Overlapp)
	for _, p := range []**bool{&c.Segmentering, &c.Kryssystem, &c.Sideanlegg} {
		if *p != nil {
			v := **p
			*p = &v
		}
	}
	return c
}

func checkResume(p *ScanPlan, typeID int, q *VegobjektQuery, o *ScanOptions) error {
	switch {
	case p.TypeID != typeID:
		return invalidf("nvdb: scan: the plan is for vegobjekttype %d, not %d", p.TypeID, typeID)
	case len(o.Fylker) > 0 || len(o.Kommuner) > 0:
		return invalidf("nvdb: scan: a plan holds its partitions; leave Fylker and Kommuner empty")
	case q != nil && q.listValuesOrEmpty() != "":
		return invalidf("nvdb: scan: a plan holds its queries; pass a nil query")
	case o.Workers < 0 || o.MaxWorkers < 0:
		return invalidf("nvdb: scan: Workers and MaxWorkers must be >= 0")
	}
	for i := range p.Partitions {
		if _, _, err := partitionValues(&p.Partitions[i]); err != nil {
			return err
		}
	}
	return checkCells(p)
}

// checkCells holds a plan's cut kommuner to what the owner rule needs: a
// kommune searched by more than one partition is searched by parts only;
// their value ranges, if any, follow each other over all values, each
// searched by its egenskap filter; and the cells of each range (or of the
// kommune, without ranges) tile the plan's bounds, each searched by its
// kartutsnitt.
func checkCells(p *ScanPlan) error {
	if p.Bounds != nil && !p.Bounds.valid() {
		return invalidf("nvdb: scan plan: invalid bounds %+v", *p.Bounds)
	}
	type key struct {
		area   int
		ranged bool
		rng    ScanRange
	}
	cells := map[key][]ScanCell{} // by kommune and range
	whole := map[key]int{}        // parts of a range not cut in space
	ranges := map[int][]ScanRange{}
	cut := map[int]int{}
	parts := map[int]int{}
	search := map[int]string{} // by kommune: its parts' query apart from the cut
	for _, part := range p.Partitions {
		for _, a := range part.Areas {
			parts[a]++
		}
		if part.Cell == nil && part.Range == nil {
			continue
		}
		if p.Area != "kommune" || len(part.Areas) != 1 || (part.Cell != nil && p.Bounds == nil) {
			return invalidf("nvdb: scan plan: a cell or range belongs to one kommune of a plan by kommune (a cell, with bounds)")
		}
		v, err := url.ParseQuery(part.Query)
		if err != nil {
			return invalidf("nvdb: scan plan: partition query %q: %v", part.Query, err)
		}
		a := part.Areas[0]
		cut[a]++
		k := key{area: a}
		own := v.Get("egenskap")
		if r := part.Range; r != nil {
			if _, _, ok := r.bounds(); !ok {
				return invalidf("nvdb: scan plan: invalid range %+v", *r)
			}
			// The range is NVDB's to decide only where its filter is the
			// search's.
			var ok bool
			if own, ok = r.own(own); !ok {
				return invalidf("nvdb: scan plan: a range's query must search its egenskap filter %s", r.filter())
			}
			k.ranged, k.rng = true, *r
			if len(cells[k]) == 0 && whole[k] == 0 {
				ranges[a] = append(ranges[a], *r)
			}
		}
		// The parts of a kommune are one search cut: they differ in their
		// range and cell only (a cell's box stands where q, which a kommune
		// is cut in space for, has none; segmentering=false is NVDB's
		// default, which a cell asks for by name).
		rest := url.Values{}
		for name, vals := range v {
			switch {
			case name == "egenskap", name == "kartutsnitt" && part.Cell != nil:
			case name == "segmentering" && slices.Equal(vals, []string{"false"}):
			default:
				rest[name] = vals
			}
		}
		rest.Set("egenskap", own)
		if prev, seen := search[a]; seen && prev != rest.Encode() {
			return invalidf("nvdb: scan plan: the parts of kommune %d search different things", a)
		}
		search[a] = rest.Encode()
		if part.Cell == nil {
			whole[k]++
			continue
		}
		// The owner rule holds only where the search is the cell's box,
		// of whole objects.
		if v.Get("kartutsnitt") != part.Cell.kartutsnitt() || v.Get("segmentering") == "true" {
			return invalidf("nvdb: scan plan: a cell's query must search its kartutsnitt %s, unsegmented", part.Cell.kartutsnitt())
		}
		cells[k] = append(cells[k], *part.Cell)
	}
	for a, n := range parts {
		switch {
		case cut[a] == 0 && n > 1:
			return invalidf("nvdb: scan plan: area %d is in %d partitions", a, n)
		case cut[a] > 0 && cut[a] != n:
			return invalidf("nvdb: scan plan: kommune %d is searched whole and in parts", a)
		case len(ranges[a]) > 0 && !tileRanges(ranges[a]):
			return invalidf("nvdb: scan plan: the ranges of kommune %d do not follow each other over all values", a)
		}
	}
	for k, n := range whole {
		if n > 1 || len(cells[k]) > 0 {
			return invalidf("nvdb: scan plan: kommune %d is searched twice in one range", k.area)
		}
	}
	for k, cs := range cells {
		if !tile(cs, *p.Bounds) || (!k.ranged && len(ranges[k.area]) > 0) {
			return invalidf("nvdb: scan plan: the cells of kommune %d do not tile the bounds", k.area)
		}
	}
	return nil
}

func (q *VegobjektQuery) listValuesOrEmpty() string {
	v, err := encode(q)
	if err != nil {
		return "invalid"
	}
	return v.Encode()
}

// pageMsg carries one page of a partition from a worker to the caller.
type pageMsg struct {
	part   int
	side   *Page[Vegobjekt]
	skip   int    // objects at the start of the page already yielded in an earlier run
	next   string // cursor after this page
	antall int    // the partition's count when known, else -1
	done   bool
	err    error
}

// run reads the partitions of plan that are not done.
func (s *VegobjekterService) run(ctx context.Context, plan *ScanPlan, o *ScanOptions, yield func(*Vegobjekt, error) bool) {
	path, err := typePath(plan.TypeID)
	if err != nil {
		yield(nil, err)
		return
	}
	t := s.t()
	fetch := func(ctx context.Context, v url.Values, cursor string) (*Page[Vegobjekt], error) {
		return vegobjekterScan.List(ctx, t, endpoint.Call[string]{Request: endpoint.Request{Path: path, Query: v}, Start: cursor})
	}
	var todo []int
	for i := range plan.Partitions {
		if !plan.Partitions[i].Done {
			todo = append(todo, i)
		}
	}
	started := time.Now()
	own := newOwner(plan)
	sc := newScanPool(o, todo)
	progress := func(done bool) {
		if o.Progress == nil {
			return
		}
		el := time.Since(started)
		p := ScanProgress{
			Objects: plan.Yielded, Expected: plan.Expected, PartitionsTotal: len(plan.Partitions),
			Requests: int(sc.requests.Load()), Workers: int(sc.workers.Load()), Elapsed: el, Done: done,
		}
		p.Partitions = len(plan.Partitions) - plan.Remaining()
		if el > 0 {
			p.Rate = float64(sc.yielded) / el.Seconds()
		}
		p.PageTime, p.LimiterWait = sc.averages()
		o.Progress(p)
	}
	if len(todo) == 0 {
		progress(true)
		return
	}

	ctx, cancel := context.WithCancel(ctx)
	// Unbuffered: a worker holds the page it read until the caller takes it,
	// so a partition runs at most one page ahead of the caller.
	results := make(chan pageMsg)
	var wg sync.WaitGroup
	sc.start(ctx, &wg, func(ctx context.Context, idx int) bool {
		return readPartition(ctx, sc, fetch, idx, plan.Partitions[idx], results)
	})
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
		p := &plan.Partitions[m.part]
		objs := m.side.Items
		for i := m.skip; i < len(objs); i++ {
			obj := objs[i]
			if !own.keeps(m.part, obj) {
				continue
			}
			if plan.StripLokasjon {
				obj.Lokasjon = nil
			}
			if plan.StripGeometri {
				obj.Geometri = nil
			}
			p.Skip = i + 1
			plan.Yielded++
			sc.yielded++
			if !yield(obj, nil) {
				return
			}
		}
		p.Read += len(objs)
		p.Start, p.Skip, p.Done = m.next, 0, m.done
		if m.antall >= 0 {
			p.Antall, p.Counted = m.antall, true
		}
		progress(false)
	}
	if err := ctx.Err(); err != nil {
		yield(nil, err)
		return
	}
	progress(true)
}

// readPartition reads one partition from where the plan left it and sends
// its pages. It reports false when the scan is over (cancelled or failed).
func readPartition(ctx context.Context, sc *scanPool, fetch func(ctx context.Context, v url.Values, cursor string) (*Page[Vegobjekt], error), idx int, part ScanPartition, out chan<- pageMsg) bool {
	base, pageSize, err := partitionValues(&part)
	send := func(m pageMsg) bool {
		select {
		case out <- m:
			return m.err == nil
		case <-ctx.Done():
			return false
		}
	}
	if err != nil {
		return send(pageMsg{err: err})
	}
	cursor, skip, read := part.Start, part.Skip, part.Read
	known := -1
	if part.Counted {
		known = part.Antall
	}
	for {
		ask := known < 0 || read+pageSize >= known
		v := make(map[string][]string, len(base)+2)
		for k, x := range base {
			v[k] = x
		}
		if cursor != "" {
			v["start"] = []string{cursor}
		}
		if ask {
			v["inkluderAntall"] = []string{"true"}
		}
		// Pages left, this one included: the gate serves the longest
		// chains first. The plan's estimate stands in until NVDB counts.
		est, left, size := known, 1, pageSize
		if est < 0 {
			est = part.Antall
		}
		if est > read {
			left, size = pageCount(est-read, pageSize), min(est-read, pageSize)
		}
		side, err := sc.page(ctx, left, size, func(ctx context.Context) (*Page[Vegobjekt], error) { return fetch(ctx, v, cursor) })
		if err != nil {
			return send(pageMsg{err: err})
		}
		n := len(side.Items)
		read += n
		if a := side.Metadata.Antall; ask && a != nil {
			known = *a
		}
		if ss := side.Metadata.Sidestorrelse; ss > 0 && ss < pageSize {
			pageSize = ss
		}
		done := n == 0 || side.Next == "" || (known >= 0 && read >= known)
		next := side.Next
		if done {
			next = ""
		}
		if !send(pageMsg{part: idx, side: side, skip: min(skip, n), next: next, antall: known, done: done}) {
			return false
		}
		if done {
			return true
		}
		cursor, skip = next, 0
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
