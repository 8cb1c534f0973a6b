// Package chaos puts TCP-level faults between a client and a fake server,
// for tests: Shopify's toxiproxy runs in-process with one proxy per kind of
// connection (latency and jitter, bandwidth, slicer, slow_close, a silent
// connection, a reset, a graceful close or a stall after N bytes …), and a
// dialer picks the proxy for every new connection from a seeded draw. So
// each connection the client opens gets one kind of trouble for its whole
// life, the sequence of kinds is fixed by the seed, and a Recorder in the
// client's transport counts what happened on the wire: attempts per call,
// answers by framing, failures by cause and kind, and whether a connection
// that broke was ever used again.
//
// The package is test machinery and a module of its own, so toxiproxy and
// its dependencies (zerolog, prometheus) stay out of the core module's
// graph. Its tests, one directory per API package (nvdb/, autosys/,
// apiskriv/, synsbasen/), drive each client through the chaos with the
// public API; they run only with VEGDATA_CHAOS=1 (SkipUnlessEnabled), as
// .ci/run's chaos step does. The module may import the core's internal
// packages: Go's internal rule goes by import path, and this module's path
// lies under github.com/vegdata/go-vegdata.
package chaos

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/Shopify/toxiproxy/v2/stream"
	"github.com/Shopify/toxiproxy/v2/toxics"
	"github.com/rs/zerolog"
)

// Kind names the trouble a connection gets; every proxy has one.
type Kind string

// The kinds of connection. The harmless ones deliver every byte, late or
// in odd pieces; the faults lose the answer, whole or in part.
const (
	Plain     Kind = "plain"      // no toxic
	Latency   Kind = "latency"    // latency 3 ms ± 3 ms jitter on every chunk
	Bandwidth Kind = "bandwidth"  // 2 MiB/s
	Slicer    Kind = "slicer"     // chunks of 1 KiB ± 512 B, 50 µs apart
	SlowClose Kind = "slow_close" // the close is delayed 20 ms
	Silent    Kind = "timeout"    // toxiproxy's timeout with 0: not a byte arrives, the connection stays open (stall)
	CloseIdle Kind = "timeout_30" // toxiproxy's timeout with 30 ms: nothing arrives, then the connection closes
	Reset     Kind = "reset_peer" // a TCP RST instead of the answer
	ResetMid  Kind = "reset_mid"  // a TCP RST after N bytes (limit_data with linger 0)
	Cut       Kind = "limit_data" // a graceful close (FIN) after N bytes
	StallMid  Kind = "stall_mid"  // N bytes, then silence with the connection open
)

// Harmless lists the kinds that deliver the whole answer.
var Harmless = []Kind{Plain, Latency, Bandwidth, Slicer, SlowClose}

// Faults lists the kinds that lose an answer. The kinds that strike
// part-way through come twice, so they weigh double in a mix: they are
// the ones that test the decoders.
var Faults = []Kind{Silent, CloseIdle, Reset, ResetMid, Cut, StallMid, ResetMid, Cut, StallMid}

// CutSizes are the byte counts after which ResetMid, Cut and StallMid
// strike: inside the first answer's headers, early in a body, and deep in
// a large (or a later) answer on the same connection.
var CutSizes = []int64{150, 700, 6000, 60000}

// Mix is a seeded recipe for the connections a client opens.
type Mix struct {
	Seed uint64
	// Faulty is the share of new connections that get one of Faults
	// (chosen evenly); the rest get one of Harmless.
	Faulty float64
	// Churn is the share of requests that close their connection after
	// the answer (Connection: close), so new connections keep being
	// drawn; without it a healthy keep-alive connection carries a whole
	// run and the mix is drawn only a few times.
	Churn float64
	// Only, when set, gives every connection this kind (a test of one
	// fault to the end of the budget).
	Only Kind
	// Size, when set, keeps only the ResetMid, Cut and StallMid routes
	// that strike after Size bytes (one of CutSizes).
	Size int64
}

// Proxy is a running toxiproxy in front of one upstream.
type Proxy struct {
	// URL is the base URL for the client: a loopback address whose
	// connections the Proxy's dialer routes through the chosen toxics.
	URL string

	mix     Mix
	server  *toxiproxy.ApiServer
	proxies map[string]*toxiproxy.Proxy // by route name
	routes  []route                     // harmless then faulty, by name

	mu    sync.Mutex
	rnd   *rand.Rand
	dials map[Kind]int
	seq   []string // route names in dial order
}

type route struct {
	name string
	kind Kind
	addr string
	size int64 // bytes before the fault strikes, for the sized kinds
}

var registerOnce sync.Once

// Start runs one proxy per route in front of upstream (a fake's URL) and
// stops them when the test ends.
func Start(t testing.TB, upstream string, mix Mix) *Proxy {
	t.Helper()
	registerOnce.Do(func() { toxics.Register("stall_after", new(stallAfterToxic)) })
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatalf("chaos: upstream %q: %v", upstream, err)
	}
	logger := zerolog.Nop()
	p := &Proxy{
		mix:     mix,
		server:  toxiproxy.NewServer(toxiproxy.NewMetricsContainer(nil), logger),
		proxies: map[string]*toxiproxy.Proxy{},
		rnd:     rand.New(rand.NewPCG(mix.Seed, mix.Seed^0x5eed)),
		dials:   map[Kind]int{},
	}
	add := func(name string, kind Kind, size int64, tox ...string) {
		px := toxiproxy.NewProxy(p.server, name, "127.0.0.1:0", u.Host)
		if err := p.server.Collection.Add(px, true); err != nil {
			t.Fatalf("chaos: starting proxy %s: %v", name, err)
		}
		for _, js := range tox {
			if _, err := px.Toxics.AddToxicJson(strings.NewReader(js)); err != nil {
				t.Fatalf("chaos: toxic %s on %s: %v", js, name, err)
			}
		}
		p.proxies[name] = px
		p.routes = append(p.routes, route{name: name, kind: kind, addr: px.Listen, size: size})
	}
	add(string(Plain), Plain, 0)
	add(string(Latency), Latency, 0, `{"type":"latency","attributes":{"latency":3,"jitter":3}}`)
	add(string(Bandwidth), Bandwidth, 0, `{"type":"bandwidth","attributes":{"rate":2048}}`)
	add(string(Slicer), Slicer, 0, `{"type":"slicer","attributes":{"average_size":1024,"size_variation":512,"delay":50}}`)
	add(string(SlowClose), SlowClose, 0, `{"type":"slow_close","attributes":{"delay":20}}`)
	add(string(Silent), Silent, 0, `{"type":"timeout","attributes":{"timeout":0}}`)
	add(string(CloseIdle), CloseIdle, 0, `{"type":"timeout","attributes":{"timeout":30}}`)
	add(string(Reset), Reset, 0, `{"type":"reset_peer","attributes":{"timeout":0}}`)
	for _, n := range CutSizes {
		// A reset_peer toxic that never runs (toxicity 0) still makes
		// toxiproxy set SO_LINGER 0 on the link, so the close that
		// limit_data causes is a RST, not a FIN.
		add(fmt.Sprintf("%s_%d", ResetMid, n), ResetMid, n,
			`{"name":"linger0","type":"reset_peer","toxicity":0,"attributes":{"timeout":0}}`,
			fmt.Sprintf(`{"type":"limit_data","attributes":{"bytes":%d}}`, n))
		add(fmt.Sprintf("%s_%d", Cut, n), Cut, n, fmt.Sprintf(`{"type":"limit_data","attributes":{"bytes":%d}}`, n))
		add(fmt.Sprintf("%s_%d", StallMid, n), StallMid, n, fmt.Sprintf(`{"type":"stall_after","attributes":{"bytes":%d}}`, n))
	}
	p.URL = "http://" + p.routes[0].addr
	t.Cleanup(p.Stop)
	return p
}

// Stop closes every proxy and every connection through it.
func (p *Proxy) Stop() {
	for _, px := range p.proxies {
		px.Stop()
	}
}

// pick draws the route of a new connection.
func (p *Proxy) pick() route {
	p.mu.Lock()
	defer p.mu.Unlock()
	var pool []route
	switch {
	case p.mix.Only != "":
		pool = p.byKind(p.mix.Only)
	case p.rnd.Float64() < p.mix.Faulty:
		k := Faults[p.rnd.IntN(len(Faults))]
		pool = p.byKind(k)
	default:
		pool = p.byKind(Harmless[p.rnd.IntN(len(Harmless))])
	}
	if p.mix.Size > 0 {
		var sized []route
		for _, r := range pool {
			if r.size == 0 || r.size == p.mix.Size {
				sized = append(sized, r)
			}
		}
		if len(sized) > 0 {
			pool = sized
		}
	}
	r := pool[p.rnd.IntN(len(pool))]
	p.dials[r.kind]++
	p.seq = append(p.seq, r.name)
	return r
}

func (p *Proxy) byKind(k Kind) []route {
	var out []route
	for _, r := range p.routes {
		if r.kind == k {
			out = append(out, r)
		}
	}
	return out
}

// DialContext opens a connection to one of the proxies, drawn from the
// mix, whatever address it is asked for. The connection knows its Kind.
func (p *Proxy) DialContext(ctx context.Context, network, _ string) (net.Conn, error) {
	r := p.pick()
	var d net.Dialer
	c, err := d.DialContext(ctx, network, r.addr)
	if err != nil {
		return nil, err
	}
	return &Conn{Conn: c, Kind: r.kind, Route: r.name}, nil
}

// Transport returns a fresh *http.Transport that dials through p, with
// HTTP/1.1 keep-alive and transparent gzip as in http.DefaultTransport.
func (p *Proxy) Transport() *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = p.DialContext
	tr.ForceAttemptHTTP2 = false
	tr.MaxIdleConnsPerHost = 8
	return tr
}

// Dials returns how many connections got each kind.
func (p *Proxy) Dials() map[Kind]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[Kind]int, len(p.dials))
	for k, v := range p.dials {
		out[k] = v
	}
	return out
}

// Sequence returns the route of every connection, in dial order.
func (p *Proxy) Sequence() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.seq)
}

// DialSummary prints the dials by kind, sorted.
func (p *Proxy) DialSummary() string {
	d := p.Dials()
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%s=%d", k, d[Kind(k)])
	}
	return b.String()
}

// Conn is a connection through the proxy, labelled with its kind.
type Conn struct {
	net.Conn
	Kind  Kind
	Route string
}

// stallAfterToxic passes Bytes bytes and then drops everything, keeping the
// connection open: an answer that stops arriving part-way. toxiproxy's own
// timeout toxic stalls a connection only from its first byte.
type stallAfterToxic struct {
	Bytes int64 `json:"bytes"`
}

type stallAfterState struct{ sent int64 }

func (t *stallAfterToxic) NewState() any { return new(stallAfterState) }

func (t *stallAfterToxic) Pipe(stub *toxics.ToxicStub) {
	st := stub.State.(*stallAfterState)
	for {
		select {
		case <-stub.Interrupt:
			return
		case c := <-stub.Input:
			if c == nil {
				stub.Close()
				return
			}
			rem := t.Bytes - st.sent
			if rem <= 0 {
				continue // silence: the bytes are dropped, the connection stays
			}
			if int64(len(c.Data)) > rem {
				c = &stream.StreamChunk{Timestamp: c.Timestamp, Data: c.Data[:rem]}
			}
			select {
			case stub.Output <- c:
				st.sent += int64(len(c.Data))
			case <-stub.Interrupt:
				return
			}
		}
	}
}

// Items is the canonical form of a run's results for comparing a chaos run
// with a fault-free one: every item as JSON, in order.
type Items [][]byte

// Add appends v as JSON.
func (it *Items) Add(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	*it = append(*it, b)
	return nil
}

// Duplicates counts items that occur more than once.
func (it Items) Duplicates() int {
	seen := make(map[string]bool, len(it))
	n := 0
	for _, b := range it {
		if seen[string(b)] {
			n++
		}
		seen[string(b)] = true
	}
	return n
}

// Equal reports whether two runs gave the same items in the same order.
func (it Items) Equal(o Items) bool {
	return slices.EqualFunc(it, o, bytes.Equal)
}

// defaultStall is what the chaos tests give WithStallTimeout: long enough
// that a slow, loaded machine never mistakes a live answer for a stall,
// short enough that a run with dozens of stalls stays quick.
const defaultStall = 750 * time.Millisecond

// StallTimeout is the stall timeout the chaos tests use.
func StallTimeout() time.Duration { return defaultStall }

// Sorted returns the items in byte order, for runs whose order depends on
// timing (parallel partitions).
func (it Items) Sorted() Items {
	out := slices.Clone(it)
	slices.SortFunc(out, bytes.Compare)
	return out
}

// Replace returns the items with every old replaced by new: the base URLs
// in links differ between a run through the proxy and a direct one.
func (it Items) Replace(old, new string) Items {
	out := make(Items, len(it))
	for i, b := range it {
		out[i] = bytes.ReplaceAll(b, []byte(old), []byte(new))
	}
	return out
}

// FirstDiff describes the first item where two runs differ, for a failure
// message.
func (it Items) FirstDiff(o Items) string {
	for i := range min(len(it), len(o)) {
		if !bytes.Equal(it[i], o[i]) {
			a, b := it[i], o[i]
			j := 0
			for j < min(len(a), len(b)) && a[j] == b[j] {
				j++
			}
			lo := max(0, j-80)
			return fmt.Sprintf("item %d differs at byte %d: %q vs %q", i, j, a[lo:min(len(a), j+80)], b[lo:min(len(b), j+80)])
		}
	}
	if len(it) != len(o) {
		return fmt.Sprintf("%d items vs %d", len(it), len(o))
	}
	return ""
}
