package nvdb

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"
)

// ScanPlan is a scan of one vegobjekttype split into partitions, each a
// search of its own with its own cursor. It is a plain value that marshals
// to JSON: save it while a scan runs (Scan keeps it current when passed in
// ScanOptions.Plan) and pass it again later to read exactly the objects
// that were not yet yielded.
type ScanPlan struct {
	TypeID int `json:"typeId"`
	// Area is what the partitions are made of: "kommune", "fylke", or ""
	// for a single partition.
	Area string `json:"area,omitempty"`
	// Expected is the number of objects the whole scan yields, from
	// statistikk when the plan was made; -1 when not known.
	Expected int `json:"expected"`
	// Yielded counts the objects handed to the caller so far, over every
	// run of the plan.
	Yielded int `json:"yielded"`
	// StripLokasjon is set when the plan asks for lokasjon only to decide
	// which partition an object belongs to; it is removed before the
	// object is yielded.
	StripLokasjon bool            `json:"stripLokasjon,omitempty"`
	Partitions    []ScanPartition `json:"partitions"`

	// latency is how long the plan's statistikk answer took: the first
	// measure of NVDB's answer time, from which Scan starts its workers.
	// Not kept in JSON: a resumed plan starts small and adapts.
	latency time.Duration
}

// ScanPartition is one search of a plan: the kommuner or fylker it reads,
// its query and how far it has come.
type ScanPartition struct {
	// Areas are the kommune or fylke numbers the partition searches. An
	// object that lies in several partitions' areas belongs to the one
	// holding the lowest of its areas (lokasjon.kommuner or .fylker) and is
	// dropped by the others, so no object is yielded twice.
	Areas []int `json:"areas,omitempty"`
	// Query is the URL query of the search (without start).
	Query string `json:"query"`
	// Antall is the number of objects the search returns: the plan's
	// estimate until Counted, then the count NVDB sent with a page; -1 when
	// not known.
	Antall  int  `json:"antall"`
	Counted bool `json:"counted,omitempty"`
	// Start is the cursor of the next page to read ("" for the first).
	Start string `json:"start,omitempty"`
	// Skip is how many objects of the page at Start were already handed
	// over (the caller stopped in the middle of it).
	Skip int `json:"skip,omitempty"`
	// Read counts the objects received from NVDB in finished pages,
	// including those that belong to another partition.
	Read int  `json:"read"`
	Done bool `json:"done,omitempty"`
}

// Remaining is the number of partitions not yet finished.
func (p *ScanPlan) Remaining() int {
	n := 0
	for i := range p.Partitions {
		if !p.Partitions[i].Done {
			n++
		}
	}
	return n
}

// minPartitions is how many partitions a planned scan aims for at least.
const minPartitions = 32

// scanPartitions is how many partitions a planned scan aims for when an
// answer takes latency (the plan's own statistikk request, the first
// measure of NVDB's answer time there is): enough cursor chains to keep 40
// requests a second going (40 × page time, and a fifth more), so that they
// all run at once and end together. More partitions than that leave a
// second wave whose last chains run alone at the end; fewer leave the rate
// unused. Measured on 300 000 objects at 1 s per page: 51 partitions read
// them in 62–65 % of the ceiling's time, 71 partitions in 55–58 %.
func scanPartitions(latency time.Duration) int {
	n := int(math.Ceil(1.2 * 40 * latency.Seconds()))
	return min(max(n, minPartitions), 512)
}

// groupedFilters are the parameters statistikk/gruppert takes; the other
// filters of a query make its counts an overestimate.
// (fylke and kommune are not among them: the groups are kept or dropped
// whole, and an object across the border of the area is counted in a
// group outside it).
var groupedFilters = map[string]bool{"kartutsnitt": true, "polygon": true, "veglenkesekvens": true, "tidspunkt": true, "srid": true,
	"segmentering": true}

// PlanScan works out the partitions Scan reads for typeID and q: with
// ScanOptions.Fylker or Kommuner one per listed area; otherwise kommuner
// with objects, grouped into partitions of whole pages. It asks
// /statistikk/gruppert by fylke and kommune for the counts per area and,
// where q filters on more than that endpoint takes (egenskap, fylke,
// kommune, typeveg …), /statistikk with q's filters for the total, both
// at once; otherwise the total is the sum of the groups. The
// plan is a JSON value: keep it to checkpoint and resume a scan (see
// ScanOptions.Plan).
func (s *VegobjekterService) PlanScan(ctx context.Context, typeID int, q *VegobjektQuery, opts *ScanOptions) (*ScanPlan, error) {
	q = q.clone()
	var o ScanOptions
	if opts != nil {
		o = *opts
	}
	if _, err := typePath(typeID); err != nil {
		return nil, err
	}
	if err := checkScanQuery(q, &o); err != nil {
		return nil, err
	}
	if q.Antall == 0 {
		q.Antall = DefaultAntall
	}
	if q.Segmentering != nil && *q.Segmentering {
		// Without an area filter segmentering cuts nothing; the partitions'
		// own areas must not cut either, so ask for whole objects.
		q.Segmentering = nil
	}
	plan := &ScanPlan{TypeID: typeID, Expected: -1}
	var groups [][]int
	var counts []int
	switch {
	case len(o.Fylker) > 0:
		plan.Area = "fylke"
		for _, f := range dedupeInts(o.Fylker) {
			groups, counts = append(groups, []int{f}), append(counts, -1)
		}
	case len(o.Kommuner) > 0:
		plan.Area = "kommune"
		for _, k := range dedupeInts(o.Kommuner) {
			groups, counts = append(groups, []int{k}), append(counts, -1)
		}
	case len(q.Ider) > 0:
		// A list of ids is one search; statistikk does not take ider.
		groups, counts = [][]int{nil}, []int{-1}
	default:
		plan.Area = "kommune"
		var err error
		groups, counts, plan.Expected, plan.latency, err = s.planKommuner(ctx, typeID, q)
		if err != nil {
			return nil, err
		}
	}
	if plan.Area != "" && len(groups) > 1 && !hasInkluder(q.Inkluder, InkluderLokasjon, InkluderAlle) {
		q.Inkluder = append(q.Inkluder, InkluderLokasjon)
		plan.StripLokasjon = true
	}
	for i, g := range groups {
		p := q.clone()
		switch plan.Area {
		case "fylke":
			p.Fylke = g
		case "kommune":
			p.Kommune = g
		}
		v, err := p.listValues()
		if err != nil {
			return nil, fmt.Errorf("nvdb: %w", err)
		}
		plan.Partitions = append(plan.Partitions, ScanPartition{Areas: g, Query: v.Encode(), Antall: counts[i]})
	}
	return plan, nil
}

func checkScanQuery(q *VegobjektQuery, o *ScanOptions) error {
	switch {
	case len(o.Fylker) > 0 && len(o.Kommuner) > 0:
		return invalidf("nvdb: scan: set either Fylker or Kommuner, not both")
	case len(o.Fylker) > 0 && len(q.Fylke) > 0:
		return invalidf("nvdb: scan: the query already filters on fylke; partition by Kommuner or drop the filter")
	case len(o.Kommuner) > 0 && len(q.Kommune) > 0:
		return invalidf("nvdb: scan: the query already filters on kommune")
	case q.Start != "":
		return invalidf("nvdb: scan: a start cursor belongs to one partition; resume a scan with ScanOptions.Plan")
	case q.Segmentering != nil && *q.Segmentering && hasAreaFilter(q):
		return invalidf("nvdb: scan: segmentering cuts objects at the search area, and a scan searches its own partitions; use Pages to cut at your area's border")
	case o.Workers < 0 || o.MaxWorkers < 0:
		return invalidf("nvdb: scan: Workers and MaxWorkers must be >= 0")
	}
	if _, err := q.listValues(); err != nil {
		return fmt.Errorf("nvdb: %w", err)
	}
	return nil
}

// hasAreaFilter reports a filter that segmentering cuts at (the list in
// the segmentering parameter's documentation).
func hasAreaFilter(q *VegobjektQuery) bool {
	return len(q.Fylke) > 0 || len(q.Kommune) > 0 || len(q.Vegsystemreferanse) > 0 || len(q.Kontraktsomrade) > 0 ||
		len(q.Riksvegrute) > 0 || len(q.Vegforvalter) > 0
}

func hasInkluder(vs []Inkluder, want ...Inkluder) bool {
	for _, v := range vs {
		if slices.Contains(want, v) {
			return true
		}
	}
	return false
}

// planKommuner counts objects per kommune and groups the kommuner with
// objects into partitions. It returns the groups, each group's estimated
// count and the expected total.
func (s *VegobjekterService) planKommuner(ctx context.Context, typeID int, q *VegobjektQuery) ([][]int, []int, int, time.Duration, error) {
	sq := &StatistikkQuery{
		Gruppering: []Gruppering{GrupperingFylke, GrupperingKommune},
		Srid:       q.Srid, Kartutsnitt: q.Kartutsnitt, Polygon: q.Polygon, Veglenkesekvens: q.Veglenkesekvens, Tidspunkt: q.Tidspunkt,
	}
	var (
		wg    sync.WaitGroup
		rows  []*StatistikkGruppe
		gErr  error
		total = -1
		tErr  error
		// The total needs its own request only where q filters on more
		// than the grouped statistikk takes; otherwise it is the sum of
		// the groups. statistikk counts current versions only.
		counts = !q.AlleVersjoner && hasUngroupedFilter(q)
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := s.Statistikk(ctx, typeID, q, StatistikkAntall)
			if err != nil {
				tErr = err
				cancel()
				return
			}
			total = st.Antall
		}()
	}
	t0 := time.Now()
	rows, gErr = s.StatistikkGruppert(ctx, typeID, sq)
	latency := time.Since(t0)
	if gErr != nil {
		cancel()
	}
	wg.Wait()
	// One failure cancels the other request; report the cause, not the
	// cancellation.
	switch {
	case gErr != nil && !errors.Is(gErr, context.Canceled):
		return nil, nil, 0, 0, gErr
	case tErr != nil:
		return nil, nil, 0, 0, tErr
	case gErr != nil:
		return nil, nil, 0, 0, gErr
	}
	if total == 0 {
		return nil, nil, 0, latency, nil
	}
	fylker, kommuner := intSet(q.Fylke), intSet(q.Kommune)
	perKommune := map[int]int{}
	sum := 0
	for _, r := range rows {
		if r.Kommune <= 0 || r.Antall <= 0 || (fylker != nil && !fylker[r.Fylke]) || (kommuner != nil && !kommuner[r.Kommune]) {
			continue
		}
		perKommune[r.Kommune] += r.Antall
		sum += r.Antall
	}
	// Filters the grouped statistikk does not take make its counts too
	// high; scale them to the total of q's own statistikk.
	scale := 1.0
	if total > 0 && sum > 0 {
		scale = float64(total) / float64(sum)
	}
	if total < 0 && !q.AlleVersjoner {
		total = sum
	}
	ks := make([]int, 0, len(perKommune))
	for k := range perKommune {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	est := make([]int, len(ks))
	for i, k := range ks {
		est[i] = max(1, int(float64(perKommune[k])*scale+0.5))
	}
	groups, sizes := packKommuner(ks, est, q.Antall, scanPartitions(latency))
	return groups, sizes, total, latency, nil
}

// hasUngroupedFilter reports a filter of q that statistikk/gruppert does
// not take.
func hasUngroupedFilter(q *VegobjektQuery) bool {
	v, err := q.statistikkValues(nil)
	if err != nil {
		return true
	}
	for k := range v {
		if !groupedFilters[k] {
			return true
		}
	}
	return false
}

func intSet(vs []int) map[int]bool {
	if len(vs) == 0 {
		return nil
	}
	m := make(map[int]bool, len(vs))
	for _, v := range vs {
		m[v] = true
	}
	return m
}

func pageCount(n, pageSize int) int { return (n + pageSize - 1) / pageSize }

// packKommuner cuts the kommuner, in number order (neighbours tend to
// have close numbers, so an object on a border is mostly in one
// partition), into runs that cost the fewest pages in all: a run's last
// page is the only one not full, so runs are chosen to end close under a
// whole number of pages. A run holds at most maxPages pages (a kommune
// larger than that is a run of its own), with maxPages such that there are
// at least parts runs where the data allows. Among equally cheap
// cuts the one with fewer runs wins. The runs come back largest first, the
// order in which they are started, so the long chains of cursor requests
// begin early and the scan ends on short ones.
func packKommuner(ks, counts []int, pageSize, parts int) ([][]int, []int) {
	n := len(ks)
	if n == 0 {
		return nil, nil
	}
	total := 0
	for _, c := range counts {
		total += c
	}
	maxPages := max(1, pageCount(pageCount(total, pageSize), parts))
	limit := maxPages * pageSize
	type cell struct{ pages, runs, from int }
	best := make([]cell, n+1)
	for j := 1; j <= n; j++ {
		best[j] = cell{pages: -1}
		sum := 0
		for i := j - 1; i >= 0; i-- {
			sum += counts[i]
			if sum > limit && i < j-1 {
				break
			}
			c := cell{pages: best[i].pages + pageCount(sum, pageSize), runs: best[i].runs + 1, from: i}
			if best[j].pages < 0 || c.pages < best[j].pages || (c.pages == best[j].pages && c.runs < best[j].runs) {
				best[j] = c
			}
		}
	}
	var groups [][]int
	var sizes []int
	for j := n; j > 0; j = best[j].from {
		i := best[j].from
		sum := 0
		for _, c := range counts[i:j] {
			sum += c
		}
		groups = append(groups, append([]int(nil), ks[i:j]...))
		sizes = append(sizes, sum)
	}
	idx := make([]int, len(groups))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		pa, pb := pageCount(sizes[idx[a]], pageSize), pageCount(sizes[idx[b]], pageSize)
		if pa != pb {
			return pa > pb
		}
		return groups[idx[a]][0] < groups[idx[b]][0]
	})
	og, os := make([][]int, len(idx)), make([]int, len(idx))
	for k, i := range idx {
		og[k], os[k] = groups[i], sizes[i]
	}
	return og, os
}

// owner says which partition an object belongs to: the one holding the
// lowest of its areas that the plan searches.
type owner struct {
	area   string
	byArea map[int]int // area number → partition index
}

func newOwner(p *ScanPlan) *owner {
	if p.Area == "" || len(p.Partitions) < 2 {
		return nil
	}
	o := &owner{area: p.Area, byArea: map[int]int{}}
	for i, part := range p.Partitions {
		for _, a := range part.Areas {
			o.byArea[a] = i
		}
	}
	return o
}

// keeps reports whether partition part yields obj.
func (o *owner) keeps(part int, obj *Vegobjekt) bool {
	if o == nil {
		return true
	}
	best, found := 0, false
	consider := func(a int) {
		if _, ok := o.byArea[a]; ok && (!found || a < best) {
			best, found = a, true
		}
	}
	if l := obj.Lokasjon; l != nil {
		areas := l.Kommuner
		if o.area == "fylke" {
			areas = l.Fylker
		}
		for _, a := range areas {
			consider(a)
		}
	}
	if !found {
		for _, sg := range obj.Vegsegmenter {
			if o.area == "fylke" {
				consider(sg.Fylke)
			} else {
				consider(sg.Kommune)
			}
		}
	}
	if !found {
		return true // nothing to decide by; the partition that found it keeps it
	}
	return o.byArea[best] == part
}

// partitionValues parses a partition's stored query.
func partitionValues(p *ScanPartition) (url.Values, int, error) {
	v, err := url.ParseQuery(p.Query)
	if err != nil {
		return nil, 0, invalidf("nvdb: scan plan: partition query %q: %v", p.Query, err)
	}
	size := DefaultAntall
	if a := v.Get("antall"); a != "" {
		if size, err = strconv.Atoi(a); err != nil || size <= 0 {
			return nil, 0, invalidf("nvdb: scan plan: partition query: invalid antall %q", a)
		}
	}
	v.Del("start")
	v.Del("inkluderAntall")
	return v, size, nil
}
