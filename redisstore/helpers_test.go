package redisstore_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"
	"github.com/vegdata/go-vegdata/redisstore"
)

// redisAddr returns the Redis the tests use: REDIS_ADDR when set (a real
// server, as in .ci/run), else an in-process miniredis on loopback.
func redisAddr(t testing.TB) string {
	t.Helper()
	if addr := os.Getenv("REDIS_ADDR"); addr != "" {
		return addr
	}
	return miniredis.RunT(t).Addr()
}

// newClient connects to addr the way the README recommends: context
// deadlines (a Limiter's or Quota's timeout) reach the sockets; go-redis'
// own timeouts are only safety nets.
func newClient(t testing.TB, addr string) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: addr, ContextTimeoutEnabled: true, MaxRetries: -1,
		DialTimeout: 10 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// patient bounds each Redis round trip of a Limiter or Quota while Redis
// is up: a safety net, so that a loaded machine never passes a slow answer
// off as an outage. Tests of outages that must wait for the timeout give a
// short one to instances they use only while Redis is away.
var patient = redisstore.WithTimeout(10 * time.Second)

// newRedis returns a client of the test Redis and its address.
func newRedis(t testing.TB) (*redis.Client, string) {
	t.Helper()
	addr := redisAddr(t)
	rdb := newClient(t, addr)
	require.NoError(t, rdb.Ping(testCtx(t)).Err(), "redis at %s", addr)
	return rdb, addr
}

// uniqueKey keeps tests apart on a shared real server.
func uniqueKey(t testing.TB) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return strings.NewReplacer("/", ":", " ", "_").Replace(t.Name()) + ":" + hex.EncodeToString(b[:])
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// deadAddr is a loopback port nobody listens on: connections are refused
// for as long as the test runs. A port merely closed after use could be
// taken meanwhile by a server another test starts (miniredis, a fake),
// which then answers; this one is the local port of an open connection,
// which no listener can bind.
func deadAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	server, err := ln.Accept()
	require.NoError(t, err)
	t.Cleanup(func() { _ = client.Close(); _ = server.Close() })
	return client.LocalAddr().String()
}

// deadRedis returns a client of a Redis that refuses connections. It dials
// once per round trip: go-redis would dial 5 times, 100 ms apart, and each
// failing round trip would take 400 ms instead of none.
func deadRedis(t testing.TB) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: deadAddr(t), ContextTimeoutEnabled: true, MaxRetries: -1, DialerRetries: 1})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// proxy forwards TCP to a Redis and can be cut (new connections refused,
// open ones closed) or made a black hole (connections accepted, nothing
// answered), so the same outage tests run against miniredis and a real
// server. It can also cut at one exact moment: after Redis answered a
// script run (see cutAtScript).
type proxy struct {
	target string
	ln     net.Listener
	mu     sync.Mutex
	mode   string // "up", "down", "hole"
	conns  []net.Conn
	cut    *scriptCut // armed by cutAtScript; nil: none
	wg     sync.WaitGroup
}

// scriptCut is a cut armed for the answer to the next script run.
type scriptCut struct {
	deliver bool          // pass the answer on before the cut
	done    chan struct{} // closed once Redis ran the script and the cut is made
}

func newProxy(t testing.TB, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &proxy{target: target, ln: ln, mode: "up"}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.close)
	return p
}

func (p *proxy) Addr() string { return p.ln.Addr().String() }

func (p *proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		mode := p.mode
		p.conns = append(p.conns, c)
		p.mu.Unlock()
		switch mode {
		case "down":
			_ = c.Close()
		case "hole": // hold it open, say nothing
		default:
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				_ = c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, up)
			p.mu.Unlock()
			// The script run whose answer is cut on this connection. go-redis
			// sends one command at a time on a connection (no pipelines
			// here), so the next bytes from Redis are its answer.
			pending := make(chan *scriptCut, 1)
			p.wg.Add(2)
			go func() { defer p.wg.Done(); p.forwardRequests(c, up, pending); _ = up.Close() }()
			go func() { defer p.wg.Done(); p.forwardAnswers(up, c, pending); _ = c.Close() }()
		}
	}
}

// forwardRequests copies the client's commands to Redis and hands an armed
// cut to the answer of the first script run (EVALSHA or EVAL).
func (p *proxy) forwardRequests(client, up net.Conn, pending chan<- *scriptCut) {
	buf := make([]byte, 32<<10)
	for {
		n, err := client.Read(buf)
		if n > 0 {
			p.mu.Lock()
			if cut := p.cut; cut != nil && bytes.Contains(bytes.ToLower(buf[:n]), []byte("\r\neval")) {
				p.cut = nil
				pending <- cut // before the command goes out, so before its answer
			}
			p.mu.Unlock()
			if _, werr := up.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// forwardAnswers copies Redis' answers to the client, and makes the cut
// armed for this connection once the answer to its script run arrived.
func (p *proxy) forwardAnswers(up, client net.Conn, pending chan *scriptCut) {
	buf := make([]byte, 32<<10)
	for {
		n, err := up.Read(buf)
		if n > 0 {
			var cut *scriptCut
			select {
			case cut = <-pending:
			default:
			}
			switch {
			case cut == nil:
			case bytes.HasPrefix(buf[:n], []byte("-NOSCRIPT")):
				// EVALSHA of a script Redis does not know: go-redis sends
				// EVAL next, which gets the cut.
				p.mu.Lock()
				p.cut = cut
				p.mu.Unlock()
				cut = nil
			case cut.deliver:
				// Redis is gone from the moment its answer arrives:
				// no new connection gets through and nothing the
				// client sends after the answer reaches Redis, however
				// late the connections close on a loaded machine.
				p.mu.Lock()
				p.mode = "down"
				p.mu.Unlock()
				_ = up.Close()
				_, _ = client.Write(buf[:n])
				p.set("down")
				close(cut.done)
				return
			default: // the answer is lost with the connection
				_ = client.Close()
				close(cut.done)
				return
			}
			if _, werr := client.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// cutAtScript arms a cut for the next script run through the proxy: once
// Redis has run it, its answer is lost with the connection (deliver false:
// Redis stays up), or passed on, after which the proxy goes down (deliver
// true). The returned channel is closed when the cut is made.
func (p *proxy) cutAtScript(deliver bool) <-chan struct{} {
	cut := &scriptCut{deliver: deliver, done: make(chan struct{})}
	p.mu.Lock()
	p.cut = cut
	p.mu.Unlock()
	return cut.done
}

// set switches the mode and drops every open connection.
func (p *proxy) set(mode string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mode = mode
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
}

func (p *proxy) close() {
	_ = p.ln.Close()
	p.set("down")
	p.wg.Wait()
}
