// Package examples_test runs the example programs as their users do: as
// processes, with flags and environment variables, against fakes started
// by the test, and checks what they print, the files they write and their
// exit status.
//
// One test package for every example, instead of a test binary per
// example: linking a test binary costs about a second of CPU on every
// `go test -count=1`, while the programs here are built once per test
// binary with `go build -o` into a per-user cache directory, and go build
// leaves a program whose binary there is up to date (its build ID
// matches) as it is, so a warm run costs a fraction of one link.
//
// examples/serverless keeps its own test binary: its shared-limiter test
// needs an in-process Redis (miniredis), which the core module may not
// depend on.
package examples_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// nestedModules are the examples that are modules of their own, built from
// their own directory (in the checkout go.work builds them against this
// core). A copy of the core module without them (the module zip leaves
// nested modules out) skips their tests.
var nestedModules = []string{"otel"}

// built builds every example once per test binary (parallel tests wait for
// the one build) and returns where, and the error of each build: "" for
// this module's examples, the directory for a nested module's.
var built = sync.OnceValues(buildPrograms)

// program returns the path of the example program name, built.
func program(t *testing.T, name string) string {
	t.Helper()
	unit := ""
	if slices.Contains(nestedModules, name) {
		if _, err := os.Stat(filepath.Join(name, "go.mod")); err != nil {
			t.Skipf("examples/%s, a module of its own, is not in this copy of the core module", name)
		}
		unit = name
	}
	dir, errs := built()
	require.NoError(t, errs[unit], "building the example programs")
	return filepath.Join(dir, name+exeSuffix())
}

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

// buildPrograms builds the programs of this module's examples and of the
// nested modules into binDir, at once.
func buildPrograms() (string, map[string]error) {
	errs := map[string]error{}
	fail := func(err error) (string, map[string]error) {
		errs[""] = err
		for _, m := range nestedModules {
			errs[m] = err
		}
		return "", errs
	}
	// go test puts the GOROOT/bin of the go command that runs it first on
	// PATH, so this is the same go, with the same GOFLAGS (CI's -trimpath)
	// in the environment.
	goTool, err := exec.LookPath("go")
	if err != nil {
		return fail(fmt.Errorf("the example programs are built with the go command, and there is none on PATH: %w", err))
	}
	dir, err := binDir()
	if err != nil {
		return fail(err)
	}
	// go build's work directory beside the binaries, on the same file
	// system, so that a relinked binary replaces the old one by a rename: a
	// concurrent test process of the same checkout never runs half a file.
	tmp := filepath.Join(dir, "tmp")
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return fail(err)
	}
	// A build's units ("" for this module's examples, the directory of a
	// nested module), its directory and its package patterns.
	type build struct {
		units    []string
		dir      string
		patterns []string
	}
	builds := []build{{[]string{""}, ".", []string{"./..."}}}
	for _, m := range nestedModules {
		if _, err := os.Stat(filepath.Join(m, "go.mod")); err == nil {
			builds = append(builds, build{[]string{m}, m, []string{"."}})
		}
	}
	// In a workspace (the checkout's go.work) one go build builds every
	// module's programs, loading the packages once instead of once per
	// module; without one a nested module builds on its own, against the
	// core its go.mod requires.
	if len(builds) > 1 && inWorkspace(goTool) {
		all := builds[0]
		for _, b := range builds[1:] {
			all.units = append(all.units, b.units...)
			all.patterns = append(all.patterns, "./"+b.dir)
		}
		builds = []build{all}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, b := range builds {
		wg.Go(func() {
			err := goBuild(goTool, b.dir, b.patterns, dir, tmp)
			mu.Lock()
			defer mu.Unlock()
			for _, u := range b.units {
				errs[u] = err
			}
		})
	}
	wg.Wait()
	trimBinDirs(dir)
	return dir, errs
}

// inWorkspace reports whether the go command works in workspace mode here.
func inWorkspace(goTool string) bool {
	out, err := exec.Command(goTool, "env", "GOWORK").Output()
	w := strings.TrimSpace(string(out))
	return err == nil && w != "" && w != "off"
}

func goBuild(goTool, dir string, patterns []string, out, tmp string) error {
	// -buildvcs=false: the programs need no VCS stamp (a test binary has
	// none either), and one would relink every program at every commit.
	args := []string{"build", "-buildvcs=false", "-o", out + string(filepath.Separator)}
	if raceEnabled {
		args = append(args, "-race")
	}
	cmd := exec.Command(goTool, append(args, patterns...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOTMPDIR="+tmp)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s (in %s): %w\n%s", strings.Join(cmd.Args, " "), filepath.Join("examples", dir), err, b)
	}
	return nil
}

// binDir is the directory the programs are built into: one per checkout
// and flavour of build (race detector, GOFLAGS …), so that runs of
// different flavours, or of different checkouts, neither relink each
// other's programs nor run them.
func binDir() (string, error) {
	var base string
	if root, err := os.UserCacheDir(); err == nil {
		base = filepath.Join(root, "go-vegdata-examples")
	} else {
		base = filepath.Join(os.TempDir(), fmt.Sprintf("go-vegdata-examples-%d", os.Getuid()))
	}
	checkout, err := filepath.Abs(".")
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s/%s\x00race=%v\x00", checkout, runtime.Version(), runtime.GOOS, runtime.GOARCH, raceEnabled)
	for _, k := range []string{"GOFLAGS", "GOWORK", "GOEXPERIMENT", "CGO_ENABLED"} {
		fmt.Fprintf(h, "%s=%s\x00", k, os.Getenv(k))
	}
	flavour := hex.EncodeToString(h.Sum(nil))[:16]
	if raceEnabled {
		flavour += "-race"
	}
	return filepath.Join(base, flavour), nil
}

// unusedFor is how long a directory of binaries may go unused before a
// build deletes it (a removed checkout's, an old Go version's).
const unusedFor = 5 * 24 * time.Hour

// trimBinDirs marks dir as used and deletes its siblings unused for longer
// than unusedFor.
func trimBinDirs(dir string) {
	_ = os.WriteFile(filepath.Join(dir, "used"), nil, 0o644)
	siblings, _ := os.ReadDir(filepath.Dir(dir))
	for _, s := range siblings {
		other := filepath.Join(filepath.Dir(dir), s.Name())
		if fi, err := os.Stat(filepath.Join(other, "used")); err == nil && other != dir && time.Since(fi.ModTime()) > unusedFor {
			_ = os.RemoveAll(other)
		}
	}
}

// result is how a program run ended.
type result struct {
	code           int // exit status; -1 when a signal ended it
	stdout, stderr string
	elapsed        time.Duration
}

// exampleEnv is this process's environment without the variables the
// examples read (a developer's real keys must not make a test go live),
// plus env.
func exampleEnv(env map[string]string) []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "AUTOSYS_") || strings.HasPrefix(k, "NVDB_") ||
			strings.HasPrefix(k, "APISKRIV_") || strings.HasPrefix(k, "SYNSBASEN_") {
			continue
		}
		out = append(out, kv)
	}
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	// At exit a program built with -race sleeps a second, so that
	// goroutines still running may yet meet a race. These programs end
	// their work before they exit, and a second per run would be most of
	// the race run's time; a GORACE that sets the sleep keeps it.
	if raceEnabled && !strings.Contains(os.Getenv("GORACE"), "atexit_sleep_ms") {
		out = append(out, "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	}
	return out
}

// proc is a started example program.
type proc struct {
	*exec.Cmd
	ctx     context.Context
	started time.Time
}

// start starts the example program name with env (see exampleEnv) and
// args, in a new temporary working directory.
func start(t *testing.T, name string, env map[string]string, args ...string) *proc {
	t.Helper()
	// A safety net for a program that hangs; none takes more than seconds.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, program(t, name), args...)
	cmd.Dir = t.TempDir()
	cmd.Env = exampleEnv(env)
	cmd.Stdout, cmd.Stderr = new(bytes.Buffer), new(bytes.Buffer)
	cmd.WaitDelay = 10 * time.Second
	p := &proc{Cmd: cmd, ctx: ctx, started: time.Now()}
	require.NoError(t, cmd.Start())
	return p
}

// wait waits for the program to end and returns how it did.
func (p *proc) wait(t *testing.T) result {
	t.Helper()
	err := p.Wait()
	r := result{code: p.ProcessState.ExitCode(), elapsed: time.Since(p.started),
		stdout: p.Stdout.(*bytes.Buffer).String(), stderr: p.Stderr.(*bytes.Buffer).String()}
	if p.ctx.Err() != nil {
		t.Fatalf("%s did not end; stopped it\nstdout:\n%s\nstderr:\n%s", p, r.stdout, r.stderr)
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("%s: %v\nstderr:\n%s", p, err, r.stderr)
	}
	// A race in a program built with -race makes it exit 66, which no
	// test expects; its report says where.
	assert.NotContains(t, r.stderr, "WARNING: DATA RACE")
	return r
}

// runProgram runs the example program name to its end (see start).
func runProgram(t *testing.T, name string, env map[string]string, args ...string) result {
	t.Helper()
	return start(t, name, env, args...).wait(t)
}
