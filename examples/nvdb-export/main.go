// Command nvdb-export writes the road objects of one type from NVDB API
// Les v4, limited to kommuner or fylker and optionally filtered by
// egenskap names, to GeoJSON, NDJSON or CSV, with a progress line on
// stderr (objects done of the expected total, rate and partitions, from
// the progress reports of Vegobjekter.Scan, which reads at the rate limit).
//
//	nvdb-export -type 105 -kommune 301 -filter 'Fartsgrense = 80' -format geojson -out fart80.geojson
//	nvdb-export -type 581 -fylke 46 -format csv > tunneler.csv
//
// It runs against the built-in fake (package nvdbtest) unless the
// environment variable NVDB_CLIENT_NAME is set; then it talks to the real
// API and sends that name as X-Client (NVDB_BASE_URL points it at another
// host, such as a test environment or a proxy). Offline, -generated N
// serves N generated objects of the type, to try large exports.
package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vegdata/go-vegdata/nvdb"
	"github.com/vegdata/go-vegdata/nvdb/nvdbtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

type config struct {
	typeID    int
	kommune   []int
	fylke     []int
	filter    string
	format    string
	out       string
	srid      nvdb.Srid
	generated int
}

func intList(s string) ([]int, error) {
	var out []int
	for _, k := range strings.Split(s, ",") {
		if k = strings.TrimSpace(k); k == "" {
			continue
		}
		n, err := strconv.Atoi(k)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("invalid number %q", k)
		}
		out = append(out, n)
	}
	return out, nil
}

func parseArgs(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("nvdb-export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	var kommuner, fylker, srid string
	fs.IntVar(&cfg.typeID, "type", 105, "vegobjekttype id (105 Fartsgrense, 45 Bomstasjon, 67 Tunnelløp, 581 Tunnel ...)")
	fs.StringVar(&kommuner, "kommune", "", "comma-separated kommune numbers (301 Oslo)")
	fs.StringVar(&fylker, "fylke", "", "comma-separated fylke numbers (3 Oslo, 46 Vestland)")
	fs.StringVar(&cfg.filter, "filter", "", "egenskap filter by name, checked against the data catalogue ('Fartsgrense = 80')")
	fs.StringVar(&cfg.format, "format", "geojson", "geojson, ndjson or csv")
	fs.StringVar(&cfg.out, "out", "", "output file (default stdout)")
	fs.StringVar(&srid, "srid", "", "coordinate system (default 4326 for geojson, else NVDB's 5973)")
	fs.IntVar(&cfg.generated, "generated", 0, "offline only: serve this many generated objects of the type")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	var err error
	if cfg.kommune, err = intList(kommuner); err != nil {
		return cfg, fmt.Errorf("-kommune: %w", err)
	}
	if cfg.fylke, err = intList(fylker); err != nil {
		return cfg, fmt.Errorf("-fylke: %w", err)
	}
	switch cfg.format {
	case "geojson", "ndjson", "csv":
	default:
		return cfg, fmt.Errorf("-format %q: want geojson, ndjson or csv", cfg.format)
	}
	cfg.srid = nvdb.Srid(srid)
	if cfg.srid == "" && cfg.format == "geojson" {
		cfg.srid = nvdb.Srid4326 // RFC 7946 GeoJSON is WGS84
	}
	if cfg.typeID <= 0 || cfg.generated < 0 {
		return cfg, errors.New("-type and -generated must be positive")
	}
	return cfg, nil
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := parseArgs(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "nvdb-export:", err)
		}
		return 2
	}
	name, opts := "go-vegdata-nvdb-export", []nvdb.Option(nil)
	if clientName := getenv("NVDB_CLIENT_NAME"); clientName != "" {
		name = clientName
		if cfg.generated > 0 {
			fmt.Fprintln(stderr, "nvdb-export: -generated works only offline (without NVDB_CLIENT_NAME)")
			return 2
		}
		if u := getenv("NVDB_BASE_URL"); u != "" {
			opts = append(opts, nvdb.WithBaseURL(u))
		}
	} else {
		var srvOpts []nvdbtest.Option
		if cfg.generated > 0 {
			srvOpts = append(srvOpts, nvdbtest.WithGenerated(cfg.typeID, cfg.generated))
		}
		srv := nvdbtest.NewServer(srvOpts...)
		defer srv.Close()
		opts = append(opts, nvdb.WithBaseURL(srv.URL))
	}
	c, err := nvdb.NewClient(name, opts...)
	if err != nil {
		fmt.Fprintln(stderr, "nvdb-export:", err)
		return 2
	}
	var out io.Writer = stdout
	if cfg.out != "" {
		f, err := os.Create(cfg.out)
		if err != nil {
			fmt.Fprintln(stderr, "nvdb-export:", err)
			return 1
		}
		defer f.Close()
		out = f
	}
	n, err := export(ctx, c, cfg, out, newProgress(stderr, time.Now))
	if err == nil && cfg.out != "" {
		err = out.(*os.File).Close()
	}
	if err != nil {
		fmt.Fprintf(stderr, "nvdb-export: stopped after %d objects: %v\n", n, err)
		return 1
	}
	return 0
}

// export writes the objects in the chosen format and returns how many.
func export(ctx context.Context, c *nvdb.Client, cfg config, out io.Writer, prog *progress) (int, error) {
	typ, err := c.Datakatalog.Vegobjekttype(ctx, cfg.typeID, nvdb.VegobjekttypeEgenskapstyper)
	if err != nil {
		return 0, err
	}
	q := &nvdb.VegobjektQuery{Kommune: cfg.kommune, Fylke: cfg.fylke, Srid: cfg.srid,
		Inkluder: []nvdb.Inkluder{nvdb.InkluderMetadata, nvdb.InkluderEgenskaper, nvdb.InkluderGeometri, nvdb.InkluderLokasjon}}
	if cfg.filter != "" {
		if q.Egenskap, err = typ.Filter(cfg.filter); err != nil {
			return 0, err
		}
	}
	// Scan plans its own partitions from statistikk and reads them at
	// the rate limit; its progress callback feeds the progress line.
	prog.start(typ.Navn)
	objs := c.Vegobjekter.Scan(ctx, cfg.typeID, q, &nvdb.ScanOptions{Progress: prog.update})
	var n int
	switch cfg.format {
	case "geojson":
		n, err = nvdb.WriteGeoJSON(out, objs)
	case "ndjson":
		n, err = writeNDJSON(out, objs)
	case "csv":
		n, err = writeCSV(out, typ, objs)
	}
	prog.done(n, err)
	return n, err
}

func writeNDJSON(w io.Writer, objs iter.Seq2[*nvdb.Vegobjekt, error]) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	n := 0
	for o, err := range objs {
		if err != nil {
			return n, err
		}
		if err := enc.Encode(o); err != nil {
			return n, err
		}
		n++
	}
	return n, bw.Flush()
}

// csvColumns are the fixed columns, then one per egenskapstype with a
// plain value, in the data catalogue's order.
func csvColumns(typ *nvdb.Vegobjekttype) []string {
	cols := []string{"id", "versjon", "startdato", "sluttdato", "kommune", "vegsystemreferanse", "wkt", "srid"}
	ets := append([]nvdb.EgenskapstypeInfo(nil), typ.Egenskapstyper...)
	sort.SliceStable(ets, func(a, b int) bool { return ets[a].Sorteringsnummer < ets[b].Sorteringsnummer })
	for _, et := range ets {
		switch et.Egenskapstype {
		case nvdb.EgenskapstypeGeometri, nvdb.EgenskapstypeBinaer, nvdb.EgenskapstypeListe, nvdb.EgenskapstypeStruktur, "Assosiasjon", "Stedfesting":
			continue
		}
		cols = append(cols, et.Navn)
	}
	return cols
}

func writeCSV(w io.Writer, typ *nvdb.Vegobjekttype, objs iter.Seq2[*nvdb.Vegobjekt, error]) (int, error) {
	cw := csv.NewWriter(w)
	cols := csvColumns(typ)
	if err := cw.Write(cols); err != nil {
		return 0, err
	}
	row := make([]string, len(cols))
	n := 0
	for o, err := range objs {
		if err != nil {
			return n, err
		}
		clear(row)
		row[0] = strconv.FormatInt(o.ID, 10)
		if m := o.Metadata; m != nil {
			row[1], row[2], row[3] = strconv.Itoa(m.Versjon), string(m.Startdato), string(m.Sluttdato)
		}
		if l := o.Lokasjon; l != nil {
			if len(l.Kommuner) > 0 {
				row[4] = strconv.Itoa(l.Kommuner[0])
			}
			if len(l.Vegsystemreferanser) > 0 {
				row[5] = l.Vegsystemreferanser[0].Kortform
			}
		}
		if g := o.Geometri; g != nil {
			row[6], row[7] = g.WKT, strconv.Itoa(g.Srid)
		}
		flat := o.Egenskaper.Flat()
		for i := 8; i < len(cols); i++ {
			if v, ok := flat[cols[i]]; ok {
				row[i] = fmt.Sprint(v)
			}
		}
		if err := cw.Write(row); err != nil {
			return n, err
		}
		n++
	}
	cw.Flush()
	return n, cw.Error()
}

// progress prints "objects done / expected, rate, partitions" on one line
// of stderr from Scan's progress reports, at most a few times a second,
// and a last line when done.
type progress struct {
	w       io.Writer
	now     func() time.Time
	last    time.Time
	name    string
	started bool
	p       nvdb.ScanProgress
}

func newProgress(w io.Writer, now func() time.Time) *progress { return &progress{w: w, now: now} }

func (p *progress) start(name string) { p.name, p.last = name, p.now() }

func (p *progress) line(n int) string {
	pct := 100.0
	if p.p.Expected > 0 {
		pct = 100 * float64(n) / float64(p.p.Expected)
	}
	return fmt.Sprintf("%d/%d objects (%.0f%%), %.0f objects/s, %d/%d partitions",
		n, p.p.Expected, pct, p.p.Rate, p.p.Partitions, p.p.PartitionsTotal)
}

// update takes one of Scan's progress reports (one per page).
func (p *progress) update(s nvdb.ScanProgress) {
	p.p = s
	if !p.started {
		p.started = true
		fmt.Fprintf(p.w, "exporting %d objects of %s in %d partitions\n", s.Expected, p.name, s.PartitionsTotal)
	}
	if t := p.now(); !s.Done && t.Sub(p.last) >= 250*time.Millisecond {
		p.last = t
		fmt.Fprintf(p.w, "\r%s", p.line(s.Objects))
	}
}

func (p *progress) done(n int, err error) {
	status := "done"
	if err != nil {
		status = "stopped"
	}
	fmt.Fprintf(p.w, "\r%s, %s\n", p.line(n), status)
}
