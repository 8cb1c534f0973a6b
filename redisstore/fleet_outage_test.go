package redisstore_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vegdata/go-vegdata/autosys"
	"github.com/vegdata/go-vegdata/autosys/autosystest"
	"github.com/vegdata/go-vegdata/redisstore"
)

// outageRole is the FLEET_ROLE of an instance the parent drives line by
// line on stdin: "call" makes one lookup, "drain" makes lookups from three
// goroutines until each meets an error, "exit" ends. Each command is
// answered with one JSON line: the outcomes counted by kind.
const outageRole = "autosys-outage"

// outcomes counts lookups by how they ended: "ok", "unavailable" (an
// *redisstore.UnavailableError, nothing sent), "quota" (refused locally
// with ErrQuotaExceeded) or the text of any other error.
type outcomes map[string]int

func outcomeOf(err error) string {
	var ue *redisstore.UnavailableError
	var ae *autosys.APIError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &ue):
		return "unavailable"
	case errors.As(err, &ae) && ae.StatusCode == 0 && errors.Is(err, autosys.ErrQuotaExceeded):
		return "quota"
	default:
		return err.Error()
	}
}

func runOutageInstance() {
	env := func(k string) string { return os.Getenv("FLEET_" + k) }
	rdb := redis.NewClient(&redis.Options{Addr: env("REDIS"), ContextTimeoutEnabled: true, MaxRetries: -1})
	defer rdb.Close()
	share, _ := strconv.ParseFloat(env("FALLBACK"), 64)
	// A cut connection fails at once: the timeout is a safety net for a
	// loaded machine. The settle time must hold every instance's first
	// reservation after the outage, launched together.
	q := redisstore.NewQuota(rdb, env("KEY"), mustAtoi(env("QUOTA")), redisstore.WithFallback(share),
		redisstore.WithTimeout(10*time.Second), redisstore.WithRetryInterval(0))
	redisstore.SetSettle(q, 3*time.Second)
	c, err := autosys.NewClient("fleet-key", autosys.WithBaseURL(env("URL")), autosys.WithQuota(q), autosys.WithRateLimit(math.Inf(1), 1))
	out := json.NewEncoder(os.Stdout)
	if err != nil {
		_ = out.Encode(outcomes{err.Error(): 1})
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		res := outcomes{}
		switch in.Text() {
		case "call":
			_, err := c.LookupKjennemerke(ctx, "EK39085")
			res[outcomeOf(err)]++
		case "drain":
			var mu sync.Mutex
			var wg sync.WaitGroup
			for range 3 {
				wg.Go(func() {
					for {
						_, err := c.LookupKjennemerke(ctx, "EK39085")
						mu.Lock()
						res[outcomeOf(err)]++
						mu.Unlock()
						if err != nil {
							return
						}
					}
				})
			}
			wg.Wait()
		case "exit":
			return
		default:
			res["unknown command "+in.Text()]++
		}
		_ = out.Encode(res)
	}
}

// outageInstance is one process of the fleet, driven through its stdin.
type outageInstance struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
}

func startOutageInstance(t *testing.T, env ...string) *outageInstance {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), append(env, "FLEET_ROLE="+outageRole)...)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	o := &outageInstance{cmd: cmd, in: in, out: bufio.NewScanner(stdout)}
	t.Cleanup(func() {
		_ = in.Close() // the instance ends at the end of its input
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	return o
}

// do sends one command and returns the instance's answer.
func (o *outageInstance) do(t *testing.T, command string) outcomes {
	t.Helper()
	_, err := io.WriteString(o.in, command+"\n")
	require.NoError(t, err)
	require.True(t, o.out.Scan(), "instance %d answers %q: %v", o.cmd.Process.Pid, command, o.out.Err())
	var res outcomes
	require.NoError(t, json.Unmarshal(o.out.Bytes(), &res))
	return res
}

// doAll sends one command to every instance at once.
func doAll(t *testing.T, fleet []*outageInstance, command string) []outcomes {
	t.Helper()
	res := make([]outcomes, len(fleet))
	var wg sync.WaitGroup
	for i, o := range fleet {
		wg.Go(func() {
			_, err := io.WriteString(o.in, command+"\n")
			if err == nil && o.out.Scan() {
				err = json.Unmarshal(o.out.Bytes(), &res[i])
			}
			assert.NoError(t, err, "instance %d", i)
		})
	}
	wg.Wait()
	return res
}

// Issue 21, case 9, as reported: four processes share an Autosys quota of
// 30 with WithFallback(1/4); Redis is killed after 20 were counted. Before,
// 48 requests reached the service; now each process sends at most a
// quarter of what was left by the count it last read (instance i read
// 17+i: 3+3+2+2), so exactly 30 arrive. When Redis is back, the 10 calls
// admitted locally join the shared count once and every process refuses
// locally; also when Redis comes back without its data (a restart without
// persistence), since each process restores the count it read.
func TestFleetAutosysFallbackStaysWithinQuota(t *testing.T) {
	requireFleet(t)
	const quota, n = 30, 4
	for _, lost := range []bool{false, true} {
		name := map[bool]string{false: "Redis back with its data", true: "Redis back without its data"}[lost]
		t.Run(name, func(t *testing.T) {
			t.Parallel() // each its own proxy, key and server; both mostly wait for the fleet to settle
			_, addr := newRedis(t)
			p := newProxy(t, addr)
			srv := autosystest.NewServer()
			defer srv.Close()
			key := uniqueKey(t)
			fleet := make([]*outageInstance, n)
			for i := range fleet {
				fleet[i] = startOutageInstance(t, "FLEET_REDIS="+p.Addr(), "FLEET_URL="+srv.URL, "FLEET_KEY="+key,
					"FLEET_QUOTA="+strconv.Itoa(quota), "FLEET_FALLBACK=0.25")
			}

			for i := range 20 {
				require.Equal(t, outcomes{"ok": 1}, fleet[i%n].do(t, "call"), "call %d", i+1)
			}
			require.Equal(t, 20, sharedCount(t, addr, key))

			p.set("down") // Redis killed
			local := doAll(t, fleet, "drain")
			t.Logf("while Redis was away: %v", local)
			for i, want := range []int{3, 3, 2, 2} {
				assert.Equal(t, outcomes{"ok": want, "unavailable": 3}, local[i], "instance %d", i)
			}
			assert.Equal(t, quota, len(srv.Requests()), "the fleet sent exactly the quota")

			if lost {
				rdb := newClient(t, addr)
				require.NoError(t, rdb.Del(testCtx(t), quotaKey(key, autosys.DateOf(time.Now().In(autosys.Oslo())))).Err())
			}
			p.set("up")
			after := doAll(t, fleet, "drain")
			for i := range fleet {
				assert.Equal(t, outcomes{"quota": 3}, after[i], "instance %d refuses locally", i)
			}
			assert.Equal(t, quota, len(srv.Requests()), "nothing more sent")
			assert.Equal(t, quota, srv.QuotaUsed("fleet-key"))
			assert.Equal(t, quota, sharedCount(t, addr, key), "the count is whole again: 20 and the 10 local calls, each once")
		})
	}
}
