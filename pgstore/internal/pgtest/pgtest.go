// Package pgtest gives pgstore's tests a real PostgreSQL: the server named
// by PG_URL, or a throwaway one started from the initdb and pg_ctl found on
// the machine (a temporary data directory, in memory when /dev/shm has
// room, a free loopback port, stopped and removed afterwards). It lives in
// a package of its own, not in a _test.go file, so a test that runs a
// child process (a store killed part-way through a sync) can reuse the
// server through PG_URL.
//
// Its own tests are pgstore's (pgtest_test.go there) and Main's check of
// Stop: a test binary of its own would cost a link and a server start of
// its own in every run of the repository's tests.
package pgtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// EnvURL names the variable that points the tests at a server of the
// caller's instead of a throwaway one.
const EnvURL = "PG_URL"

// EnvRequire names the variable that turns "no PostgreSQL here" from a
// skip into a failure, for CI, which must not pass on skipped tests.
const EnvRequire = "PGTEST_REQUIRE"

// ErrNoServer is matched by Start's error when neither PG_URL nor initdb
// and pg_ctl are there; the message says which was looked for.
var ErrNoServer = errors.New("pgtest: no PostgreSQL to test against")

// Server is a PostgreSQL for tests.
type Server struct {
	// URL connects to the server as a superuser, database postgres.
	URL string
	// Throwaway is true for a server Start made (and Stop removes).
	Throwaway bool

	dir      string // temporary directory: data/ and the socket
	template string // the cached initdb result the data came from or went to; "" without a cache
	pgCtl    string
	as       *user.User // the user the server runs as when the tests run as root
	log      string

	poolOnce sync.Once
	pool     *pgxpool.Pool // shared by the tests (Pool); closed by Stop
	poolErr  error
}

// Start returns the server named by PG_URL, or starts a throwaway one. It
// fails with ErrNoServer, saying what it looked for, when there is
// neither.
func Start(ctx context.Context) (*Server, error) {
	if u := os.Getenv(EnvURL); u != "" {
		return &Server{URL: u}, nil
	}
	return startThrowaway(ctx)
}

// startThrowaway starts a server of its own, whatever PG_URL says.
func startThrowaway(ctx context.Context) (*Server, error) {
	bin, err := FindBin(DebianLib)
	if err != nil {
		return nil, err
	}
	s := &Server{Throwaway: true, pgCtl: filepath.Join(bin, "pg_ctl")}
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root: run it as the postgres user
		// that Debian's package makes, in a directory that user owns.
		if s.as, err = user.Lookup("postgres"); err != nil {
			return nil, fmt.Errorf("%w: running as root, and there is no postgres user to run the server as (%v)", ErrNoServer, err)
		}
	}
	if s.dir, err = os.MkdirTemp(dataRoot(), "pgtest-"); err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	if err := os.WriteFile(filepath.Join(s.dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		s.removeDir()
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	if err := s.start(ctx, bin); err != nil {
		s.removeDir()
		return nil, err
	}
	s.sweep(ctx, filepath.Dir(s.dir)) // from the directory start gave the server's user
	return s, nil
}

func (s *Server) start(ctx context.Context, bin string) error {
	if s.as != nil {
		uid, _ := strconv.Atoi(s.as.Uid)
		gid, _ := strconv.Atoi(s.as.Gid)
		if err := os.Chown(s.dir, uid, gid); err != nil {
			return fmt.Errorf("pgtest: %w", err)
		}
	}
	data := filepath.Join(s.dir, "data")
	s.log = filepath.Join(s.dir, "server.log")
	// trust on loopback: the tests' URLs may carry a password (to show it
	// never reaches an error) that the server then ignores.
	if err := s.initData(ctx, bin, data); err != nil {
		return err
	}
	var lastErr error
	for range 5 {
		port, err := freePort()
		if err != nil {
			return err
		}
		// The settings are PostgreSQL's defaults but for the ones a test
		// server needs: its own port and socket, no listening beyond
		// loopback. For benchmarks fsync and synchronous_commit stay on,
		// so they measure what a real server does; tests do without: a
		// commit that waits for the disk proves nothing they check (no
		// test crashes the machine), and on a loaded disk it cost the
		// package's tests most of their time.
		opts := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -c unix_socket_directories=%s -c max_connections=40",
			port, s.dir)
		if !durable() {
			opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
		}
		out, err := s.run(ctx, s.pgCtl, "-D", data, "-l", s.log, "-w", "-t", "60", "-o", opts, "start")
		if err == nil {
			s.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
			return nil
		}
		logText, _ := os.ReadFile(s.log)
		lastErr = fmt.Errorf("pgtest: pg_ctl start: %w\n%s\n%s", err, out, logText)
		if !bytes.Contains(logText, []byte("could not bind")) && !bytes.Contains(logText, []byte("in use")) {
			break
		}
	}
	return lastErr
}

// initdbArgs are initdb's arguments but for -D.
var initdbArgs = []string{"-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"}

// initData makes the data directory. initdb takes a second or two of CPU,
// and every test binary of pgstore starts a server, so its result is kept
// in the user's cache directory (about 40 MB, one per initdb program) and
// copied, in a fraction of that, by the next ones; without a cache
// directory, or when the copy fails, it runs initdb.
func (s *Server) initData(ctx context.Context, bin, data string) error {
	initdb := filepath.Join(bin, "initdb")
	tmpl := templateDir(initdb)
	s.template = tmpl
	if tmpl != "" {
		if _, err := os.Stat(tmpl); err == nil {
			if err := s.copyData(tmpl, data); err == nil {
				return nil
			}
			_ = os.RemoveAll(data)
		}
	}
	if out, err := s.run(ctx, initdb, append([]string{"-D", data}, initdbArgs...)...); err != nil {
		return fmt.Errorf("pgtest: initdb: %w\n%s", err, out)
	}
	if tmpl != "" {
		saveTemplate(data, tmpl)
	}
	return nil
}

// templateDir is where the cached initdb result of this initdb program
// (its path, size and time, so an upgrade makes a new one) and arguments
// lies; "" without a cache directory.
func templateDir(initdb string) string {
	cache, err := os.UserCacheDir()
	fi, err2 := os.Stat(initdb)
	if err != nil || err2 != nil {
		return ""
	}
	h := sha256.Sum256(fmt.Appendf(nil, "%s %d %d %q", initdb, fi.Size(), fi.ModTime().UnixNano(), initdbArgs))
	return filepath.Join(cache, "go-vegdata-pgtest", "initdb-"+hex.EncodeToString(h[:8]))
}

// saveTemplate copies a fresh data directory to tmpl, whole or not at all:
// into a directory of its own first, renamed into place (a test binary
// started at the same time may win the rename; then its copy stays).
func saveTemplate(data, tmpl string) {
	if err := os.MkdirAll(filepath.Dir(tmpl), 0o755); err != nil {
		return
	}
	tmp, err := os.MkdirTemp(filepath.Dir(tmpl), filepath.Base(tmpl)+".new-")
	if err != nil {
		return
	}
	if err := copyTree(data, tmp); err != nil || os.Rename(tmp, tmpl) != nil {
		_ = os.RemoveAll(tmp)
	}
}

// copyData copies the template to data, owned by the server's user and
// private to it, as PostgreSQL requires.
func (s *Server) copyData(tmpl, data string) error {
	if err := copyTree(tmpl, data); err != nil {
		return err
	}
	if err := os.Chmod(data, 0o700); err != nil {
		return err
	}
	if s.as == nil {
		return nil
	}
	uid, _ := strconv.Atoi(s.as.Uid)
	gid, _ := strconv.Atoi(s.as.Gid)
	return filepath.WalkDir(data, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, gid)
	})
}

// copyTree copies the directories and regular files under src to dst
// (made), keeping their permission bits; an initdb result has nothing
// else.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		fi, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			if err := os.MkdirAll(to, 0o700); err != nil {
				return err
			}
			return os.Chmod(to, fi.Mode().Perm())
		case fi.Mode().IsRegular():
			return copyFile(p, to, fi.Mode().Perm())
		default:
			return fmt.Errorf("pgtest: %s is neither a directory nor a file", p)
		}
	})
}

func copyFile(from, to string, perm fs.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Stop closes the tests' pool, and stops a throwaway server and removes
// its directory; a PG_URL server it leaves running.
func (s *Server) Stop() error {
	if s.pool != nil {
		s.pool.Close()
	}
	if !s.Throwaway {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := s.run(ctx, s.pgCtl, "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "-w", "stop")
	s.removeDir()
	if err != nil {
		return fmt.Errorf("pgtest: pg_ctl stop: %w\n%s", err, out)
	}
	return nil
}

func (s *Server) removeDir() { _ = os.RemoveAll(s.dir) }

// ownerFile, in a throwaway server's directory, holds the process id of
// the test binary that made it.
const ownerFile = "owner"

// sweep stops and removes the throwaway servers in root whose test binary
// is gone without stopping them: killed, or timed out (go test's timeout
// panics, and no deferred call runs). Their directories may be in memory;
// without a sweep they would pile up there, each with a running server.
// A directory without an owner file (one being made, or an older
// pgtest's) is left alone, and so is every one on a system where whether
// a process lives cannot be asked with signal 0.
func (s *Server) sweep(ctx context.Context, root string) {
	if runtime.GOOS != "linux" {
		return
	}
	dirs, _ := filepath.Glob(filepath.Join(root, "pgtest-*"))
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, ownerFile))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(string(b))
		if err != nil || pid == os.Getpid() || alive(pid) {
			continue
		}
		data := filepath.Join(dir, "data")
		if _, err := os.Stat(filepath.Join(data, "postmaster.pid")); err == nil {
			_, _ = s.run(ctx, s.pgCtl, "-D", data, "-m", "immediate", "-w", "stop")
		}
		_ = os.RemoveAll(dir)
	}
}

// alive reports whether process pid exists (signal 0 checks without
// sending; EPERM means it exists under another user).
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}

// Template returns the directory of the cached initdb result a throwaway
// server's data was copied from, or saved to when it ran initdb; "" for a
// PG_URL server or without a user cache directory.
func (s *Server) Template() string { return s.template }

// checkStopped reports a stopped throwaway server that still answers, or
// whose directory is still there.
func (s *Server) checkStopped() error {
	if !s.Throwaway {
		return nil
	}
	if _, err := os.Stat(s.dir); !os.IsNotExist(err) {
		return fmt.Errorf("pgtest: Stop left the server's directory %s (%v)", s.dir, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if conn, err := pgx.Connect(ctx, s.URL); err == nil {
		_ = conn.Close(ctx)
		return errors.New("pgtest: the server still answers after Stop")
	}
	return nil
}

// run runs a PostgreSQL program, as the postgres user when the tests run
// as root.
func (s *Server) run(ctx context.Context, name string, args ...string) ([]byte, error) {
	var cmd *exec.Cmd
	if s.as != nil {
		if runuser, err := exec.LookPath("runuser"); err == nil {
			cmd = exec.CommandContext(ctx, runuser, append([]string{"-u", s.as.Username, "--", name}, args...)...)
		} else {
			quoted := make([]string, 0, len(args)+1)
			for _, a := range append([]string{name}, args...) {
				quoted = append(quoted, "'"+strings.ReplaceAll(a, "'", `'\''`)+"'")
			}
			cmd = exec.CommandContext(ctx, "su", s.as.Username, "-s", "/bin/sh", "-c", strings.Join(quoted, " "))
		}
	} else {
		cmd = exec.CommandContext(ctx, name, args...)
	}
	// pg_ctl start leaves the server running with our stdout open unless it
	// goes to the log; CombinedOutput would then wait for the server.
	cmd.Dir = s.dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	return out.Bytes(), err
}

// durable reports whether the server must write as a real one does:
// when the test binary runs benchmarks (-test.bench).
func durable() bool {
	f := flag.Lookup("test.bench")
	return f != nil && f.Value.String() != ""
}

// dataRoot is where a throwaway server's directory goes: in memory when
// there is room (see memDir), except for benchmarks, which measure a
// server on disk; else the temporary directory.
func dataRoot() string {
	if durable() {
		return ""
	}
	return memDir()
}

// DebianLib is where Debian's postgresql package puts each version's
// programs (<version>/bin), without linking initdb and pg_ctl into PATH.
const DebianLib = "/usr/lib/postgresql"

// FindBin returns the directory of initdb and pg_ctl: from PATH, else the
// newest of lib/<version>/bin. Without them it fails with ErrNoServer,
// saying where it looked and what to install.
func FindBin(lib string) (string, error) {
	initdb, err1 := exec.LookPath("initdb")
	pgCtl, err2 := exec.LookPath("pg_ctl")
	if err1 == nil && err2 == nil {
		if real1, err := filepath.EvalSymlinks(initdb); err == nil {
			initdb = real1
		}
		if real2, err := filepath.EvalSymlinks(pgCtl); err == nil && filepath.Dir(real2) == filepath.Dir(initdb) {
			return filepath.Dir(initdb), nil
		}
	}
	dirs, _ := filepath.Glob(filepath.Join(lib, "*", "bin"))
	sort.Slice(dirs, func(i, j int) bool { return pgVersion(dirs[i]) > pgVersion(dirs[j]) })
	for _, d := range dirs {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "pg_ctl")) {
			return d, nil
		}
	}
	return "", fmt.Errorf("%w: %s is not set, and initdb and pg_ctl are neither on PATH nor in %s/*/bin "+
		"(install PostgreSQL, e.g. apt-get install postgresql, or point %s at a server)", ErrNoServer, EnvURL, lib, EnvURL)
}

func pgVersion(binDir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(binDir)), 64)
	return v
}

func isExec(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode()&0o111 != 0
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgtest: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// shared is the server of this test binary, started by Main: one server
// for all the tests of a package keeps them fast.
var shared struct {
	srv *Server
	why error // why there is none
}

// Main is the TestMain of a package whose tests use a server: it starts
// one (or takes PG_URL), runs the tests and stops it, and fails the binary
// when a stopped throwaway server still answers or left its directory.
// An interrupted run stops and removes its throwaway server too (see
// stopOnSignal). Without a server the tests still run, and each one that
// needs it skips (see Require).
func Main(m *testing.M) int {
	flag.Parse() // for durable: m.Run would parse the flags only after Start
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	shared.srv, shared.why = Start(ctx)
	cancel()
	if shared.srv != nil && shared.srv.Throwaway {
		defer stopOnSignal(shared.srv)()
	}
	code := m.Run()
	if shared.srv != nil {
		// Stop's own test: it leaves neither a running server nor its
		// directory behind.
		err := shared.srv.Stop()
		if err == nil {
			err = shared.srv.checkStopped()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// stopOnSignal stops and removes a throwaway server when the tests are
// interrupted (Ctrl-C in go test, a SIGTERM), then ends the process: its
// directory may be in memory, and a server left running would hold it.
// It returns the function that stops watching.
func stopOnSignal(s *Server) func() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			err := s.Stop()
			fmt.Fprintf(os.Stderr, "pgtest: %v: the test server is stopped and its directory removed (%v)\n", sig, err)
			os.Exit(130)
		case <-done:
		}
	}()
	return func() { signal.Stop(sigs); close(done) }
}

// Dir is a throwaway server's directory (its data and its socket), "" for
// a PG_URL server.
func (s *Server) Dir() string {
	if !s.Throwaway {
		return ""
	}
	return s.dir
}

// Shared returns the server Main started, nil when there is none.
func Shared() *Server { return shared.srv }

// Require returns the server Main started, or skips the test saying why
// there is none; with PGTEST_REQUIRE set it fails instead, so CI cannot
// pass on skipped tests.
func Require(tb testing.TB) *Server {
	tb.Helper()
	if shared.srv != nil {
		return shared.srv
	}
	why := shared.why
	if why == nil {
		why = errors.New("pgtest: Main did not run (no TestMain calls pgtest.Main)")
	}
	if os.Getenv(EnvRequire) != "" {
		tb.Fatalf("%s is set but there is no PostgreSQL to test against: %v", EnvRequire, why)
	}
	tb.Skipf("skipped: %v", why)
	return nil
}

// poolConns is the most connections the shared pool opens: enough for the
// tests that run at once (a test holds one or two, TestNewConcurrent
// four), well under the server's max_connections with the pools some
// tests make of their own.
const poolConns = 16

// Pool returns the pool that the tests of this binary share on srv, made
// on first use and closed by Stop. Every new connection costs the server
// a backend process (on a small VM, where a fork's page faults are
// dear, 30-40 ms of its CPU), and a pool per test made some 60 of them.
// Tests keep apart by schema (Schema) and leave no session state on a
// connection: what a test sets, it sets in its transaction.
func Pool(tb testing.TB, srv *Server) *pgxpool.Pool {
	tb.Helper()
	srv.poolOnce.Do(func() {
		cfg, err := pgxpool.ParseConfig(srv.URL)
		if err != nil {
			srv.poolErr = err
			return
		}
		cfg.MaxConns = poolConns
		srv.pool, srv.poolErr = pgxpool.NewWithConfig(context.Background(), cfg)
	})
	if srv.poolErr != nil {
		tb.Fatalf("pgtest: %v", srv.poolErr)
	}
	return srv.pool
}

// Schema returns a schema name of the test's own (not yet created), and
// drops the schema when the test ends, so tests share one server without
// seeing each other's tables.
func Schema(tb testing.TB, pool *pgxpool.Pool) string {
	tb.Helper()
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := "t_" + strings.ToLower(sanitize(tb.Name())) + "_" + hex.EncodeToString(b[:])
	if len(name) > 63 {
		name = name[len(name)-63:]
		name = "t" + name[1:]
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := pool.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{name}.Sanitize()+" CASCADE"); err != nil {
			tb.Errorf("pgtest: drop schema %s: %v", name, err)
		}
	})
	return name
}

func sanitize(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// WithPassword returns the URL with user and password set, for tests that
// show a password never reaches an error.
func WithPassword(rawURL, password string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	name := "postgres"
	if u.User != nil {
		name = u.User.Username()
	}
	u.User = url.UserPassword(name, password)
	return u.String(), nil
}
