// Package reliability drives the real seckg binary, built once in TestMain,
// through bad input, crashes, hostile queries and load. It has no code of
// its own: RELIABILITY.md lists the guarantees these tests prove.
package reliability

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/seckg/seckg"
	"github.com/seckg/seckg/graph"
)

// bin is the seckg binary TestMain builds.
var bin string

// root is the project's root folder (this package's parent).
var root string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, "reliability:", err)
		return 1
	}
	root = filepath.Dir(wd)
	dir, err := os.MkdirTemp("", "seckg-reliability-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "reliability:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	// Readable by everyone: the permission test runs the binary as nobody.
	if err := os.Chmod(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "reliability:", err)
		return 1
	}
	bin = filepath.Join(dir, "seckg")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/seckg")
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "reliability: go build ./cmd/seckg:", err)
		return 1
	}
	return m.Run()
}

// corpus returns the paths of the sample corpus files.
func corpus(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, "data", "corpus", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample corpus in data/corpus (%v)", err)
	}
	return files
}

// result is what one run of the binary gave.
type result struct {
	stdout, stderr string
	code           int
	maxRSS         int64 // kB
}

// seckgCmd returns a command running the binary with args and a clean
// environment (no token, no SECKG_DB from the caller).
func seckgCmd(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = cleanEnv()
	return cmd
}

func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SECKG_") {
			env = append(env, kv)
		}
	}
	return env
}

// run runs the binary to its end (bounded by a generous timeout, so a hang
// fails the test rather than the test binary).
func run(t testing.TB, args ...string) result {
	t.Helper()
	return runCmd(t, seckgCmd(context.Background(), args...))
}

func runCmd(t testing.TB, cmd *exec.Cmd) result {
	t.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.WaitDelay = time.Second
	err := cmd.Start()
	if err != nil {
		t.Fatalf("start %v: %v", cmd.Args, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(runTimeout):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("%v did not end within %s\nstderr: %s", cmd.Args, runTimeout, tail(errb.String()))
	}
	r := result{stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("%v: %v", cmd.Args, err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = ru.Maxrss
	}
	return r
}

// runTimeout bounds one run of the binary; the 2-core test machine is
// shared, so it is wide.
const runTimeout = 15 * time.Minute

func tail(s string) string {
	if len(s) > 3000 {
		return "..." + s[len(s)-3000:]
	}
	return s
}

// stats opens dir, reads its Stats and closes it again (the bolt file
// takes one process at a time).
func stats(t testing.TB, dir string) seckg.Stats {
	t.Helper()
	st, err := graph.Open(context.Background(), graph.Options{Backend: "bolt", Path: dir, ReadOnly: true})
	if err != nil {
		t.Fatalf("open store %s: %v", dir, err)
	}
	defer st.Close()
	s, err := st.Stats(context.Background())
	if err != nil {
		t.Fatalf("stats of %s: %v", dir, err)
	}
	return s
}

// server is a running `seckg serve`.
type server struct {
	url    string
	cmd    *exec.Cmd
	mu     sync.Mutex
	stderr bytes.Buffer
	done   chan struct{}
}

// Write lets the server's stderr be captured while it runs.
func (s *server) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.Write(p)
}

func (s *server) log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.String()
}

// serve starts `seckg serve --db db` on a free loopback port with extra
// flags and environment, waits until /health answers and stops it (SIGTERM)
// when the test ends.
func serve(t testing.TB, db string, env []string, flags ...string) *server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s := &server{url: "http://" + addr + "/api/v1", done: make(chan struct{})}
	s.cmd = seckgCmd(context.Background(), append([]string{"serve", "--db", db, "--addr", addr}, flags...)...)
	s.cmd.Env = append(s.cmd.Env, env...)
	s.cmd.Stdout, s.cmd.Stderr = s, s
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.cmd.Wait(); close(s.done) }()
	t.Cleanup(func() { s.stop(t) })
	deadline := time.Now().Add(2 * time.Minute)
	for {
		select {
		case <-s.done:
			t.Fatalf("seckg serve exited early:\n%s", tail(s.log()))
		default:
		}
		resp, err := http.Get(s.url + "/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("seckg serve did not answer /health: %v\n%s", err, tail(s.log()))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stop ends the server with SIGTERM, then SIGKILL after 15 s.
func (s *server) stop(t testing.TB) {
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
		t.Errorf("seckg serve ignored SIGTERM for 15 s")
	}
}

// client has a timeout: a request that hangs fails the test.
var client = &http.Client{Timeout: 60 * time.Second}

// call sends a request and returns the status and the body.
func call(t testing.TB, method, url string, body io.Reader, header ...string) (int, []byte, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, url, err)
	}
	return resp.StatusCode, b, resp.Header
}

// getJSON GETs url, wants 200 and decodes the body into v.
func getJSON(t testing.TB, url string, v any, header ...string) {
	t.Helper()
	code, b, _ := call(t, http.MethodGet, url, nil, header...)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, code, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v in %.200s", url, err, b)
	}
}

// errorCode is the "code" of an API error body, "" if it is none.
func errorCode(b []byte) string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(b, &e)
	return e.Error.Code
}

// ingestCorpus ingests the sample corpus into a fresh store folder.
func ingestCorpus(t testing.TB) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "corpus.db")
	r := run(t, append([]string{"ingest", "--quiet", "--db", db}, corpus(t)...)...)
	if r.code != 0 {
		t.Fatalf("ingest of the corpus: exit %d\n%s", r.code, tail(r.stderr))
	}
	return db
}

// skipUnlessEnv skips a long test unless env variable k is 1.
func skipUnlessEnv(t *testing.T, k string) {
	t.Helper()
	if os.Getenv(k) != "1" {
		t.Skipf("set %s=1 to run this test", k)
	}
}
