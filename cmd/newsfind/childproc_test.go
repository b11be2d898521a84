package main

// Helpers for the reliability tests that run the real newsfind binary as a
// child process (durability_test.go): build it once, start `serve` on a
// free loopback port, wait until it is ready, kill it.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	relLong = flag.Bool("long", false, "run the long variants of the reliability tests (more kill points, bigger loads)")
	relSeed = flag.Uint64("chaos.seed", 0, "seed of the reliability tests' random kill points and loads (0: from the clock; the seed is logged)")
)

// relRand returns the seeded source for one test and logs the seed so a
// failing run can be replayed with -chaos.seed.
func relRand(t *testing.T) *rand.Rand {
	t.Helper()
	seed := *relSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("random seed %d (replay with: go test ./cmd/newsfind -run '%s' -chaos.seed %d)", seed, t.Name(), seed)
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// relTestKey is the API key the child servers run with (>= 16 characters).
const relTestKey = "reliability-test-key-0123456789"

// buildNewsfind compiles the binary into t's temp dir (the caller's, so it
// lives as long as the tests that use it).
func buildNewsfind(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "newsfind")
	cmd := exec.Command(goBin, "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// lockedBuffer collects a child's output, written from exec's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// child is a running newsfind process.
type child struct {
	t      *testing.T
	cmd    *exec.Cmd
	addr   string // host:port for serve
	stdout lockedBuffer
	stderr lockedBuffer
	done   chan struct{} // closed when the process has exited
	err    error         // Wait's error, valid after done
	client *http.Client  // fresh per process: no stale keep-alive connections
}

// startChild starts bin with args; it does not wait for anything.
func startChild(t *testing.T, bin string, args ...string) *child {
	t.Helper()
	c := &child{t: t, done: make(chan struct{})}
	c.cmd = exec.Command(bin, args...)
	c.cmd.Stdout = &c.stdout
	c.cmd.Stderr = &c.stderr
	c.cmd.Env = append(os.Environ(), "NEWSFIND_API_KEY=")
	if err := c.cmd.Start(); err != nil {
		t.Fatalf("start %v: %v", args, err)
	}
	go func() {
		c.err = c.cmd.Wait()
		close(c.done)
	}()
	t.Cleanup(func() {
		select {
		case <-c.done:
		default:
			_ = c.cmd.Process.Kill()
			<-c.done
		}
	})
	return c
}

// freeAddr returns a loopback address with a port that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// writeKeyFile writes the test API key to a 0600 file.
func writeKeyFile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "api-key")
	if err := os.WriteFile(p, []byte(relTestKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// startServe starts `newsfind serve` on a fresh port. With wait it returns
// once /readyz answers 200 (failing the test if the process dies first).
func startServe(t *testing.T, bin, index, keyFile string, wait bool) *child {
	t.Helper()
	for attempt := 0; ; attempt++ {
		addr := freeAddr(t)
		c := startChild(t, bin, "serve", "--index", index, "--addr", addr, "--api-key-file", keyFile)
		c.addr = addr
		c.client = &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
		if !wait {
			return c
		}
		err := c.waitReady(2 * time.Minute)
		if err == nil {
			return c
		}
		if attempt < 2 && bytes.Contains([]byte(c.stderr.String()), []byte("address already in use")) {
			continue // the free port was taken in between: try another
		}
		t.Fatalf("serve did not become ready: %v\nstdout:\n%s\nstderr:\n%s", err, c.stdout.String(), c.stderr.String())
	}
}

func (c *child) url(path string) string { return "http://" + c.addr + path }

func (c *child) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-c.done:
			return fmt.Errorf("process exited: %v", c.err)
		default:
		}
		resp, err := c.client.Get(c.url("/readyz"))
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("not ready after %s", limit)
}

// kill sends SIGKILL and waits for the process to be gone.
func (c *child) kill() {
	_ = c.cmd.Process.Signal(syscall.SIGKILL)
	<-c.done
	if c.client != nil {
		c.client.CloseIdleConnections()
	}
}

// signal sends sig and waits up to limit for the exit; it returns the exit code.
func (c *child) signalAndWait(sig os.Signal, limit time.Duration) (int, error) {
	if err := c.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return -1, err
	}
	return c.wait(limit)
}

func (c *child) wait(limit time.Duration) (int, error) {
	select {
	case <-c.done:
	case <-time.After(limit):
		return -1, fmt.Errorf("still running %s later", limit)
	}
	if c.err == nil {
		return 0, nil
	}
	var ee *exec.ExitError
	if errors.As(c.err, &ee) {
		return ee.ExitCode(), nil
	}
	return -1, c.err
}

func (c *child) logs() string {
	return "stdout:\n" + c.stdout.String() + "\nstderr:\n" + c.stderr.String()
}

// getJSON GETs path and decodes a 200 answer into v; it returns the status.
func (c *child) getJSON(ctx context.Context, path string, v any) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url(path), nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err
	}
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, nil
	}
	if err := json.Unmarshal(b, v); err != nil {
		return resp.StatusCode, fmt.Errorf("GET %s: decode: %w", path, err)
	}
	return resp.StatusCode, nil
}
