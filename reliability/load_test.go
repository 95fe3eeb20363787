package reliability

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/seckg/seckg"
)

// envInt reads a positive integer from the environment, def if unset.
func envInt(k string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(k)); err == nil && n > 0 {
		return n
	}
	return def
}

// TestLoad drives a real `seckg serve` on loopback with a read mix
// (search, entity, neighbours, paths, documents, stats) from several
// clients, bounded in count (SECKG_LOAD_REQUESTS, default 2000) and time
// (SECKG_LOAD_SECONDS, default 60), and reports throughput, p50/p99 and
// errors. Run with SECKG_LOAD=1; it fails only on errors.
func TestLoad(t *testing.T) {
	skipUnlessEnv(t, "SECKG_LOAD")
	db := ingestCorpus(t)
	srv := serve(t, db, nil)
	var res seckg.SearchResult
	getJSON(t, srv.url+"/entities?q="+url.QueryEscape("亚信")+"&limit=10", &res)
	if len(res.Items) < 2 {
		t.Fatalf("too few entities to load the server with: %d", len(res.Items))
	}
	a, b := url.PathEscape(string(res.Items[0].ID)), url.PathEscape(string(res.Items[1].ID))
	paths := []string{
		"/entities?q=" + url.QueryEscape("安全") + "&limit=20",
		"/entities?q=" + url.QueryEscape("上合"),
		"/entities/" + a,
		"/entities/" + a + "/neighbors?depth=2",
		"/paths?from=" + a + "&to=" + b + "&max=4&k=3",
		"/documents",
		"/stats",
		"/subgraph?ids=" + a + "," + b + "&expand=1",
	}
	total := envInt("SECKG_LOAD_REQUESTS", 2000)
	clients := envInt("SECKG_LOAD_CLIENTS", 8)
	budget := time.Duration(envInt("SECKG_LOAD_SECONDS", 60)) * time.Second

	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	next := make(chan int)
	var mu sync.Mutex
	var lat []time.Duration
	errs := map[string]int{}
	var wg sync.WaitGroup
	t0 := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				p := paths[i%len(paths)]
				s := time.Now()
				resp, err := hc.Get(srv.url + p)
				var code int
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					code = resp.StatusCode
				}
				d := time.Since(s)
				mu.Lock()
				lat = append(lat, d)
				switch {
				case err != nil:
					errs[err.Error()]++
				case code != http.StatusOK:
					errs[fmt.Sprintf("%d %s", code, p)]++
				}
				mu.Unlock()
			}
		}()
	}
	sent := 0
	for ; sent < total && time.Since(t0) < budget; sent++ {
		next <- sent
	}
	close(next)
	wg.Wait()
	took := time.Since(t0)
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	nerr := 0
	for _, n := range errs {
		nerr += n
	}
	report := fmt.Sprintf("load: %d requests from %d clients in %.1fs: %.0f req/s, p50 %s, p99 %s, max %s, %d errors",
		len(lat), clients, took.Seconds(), float64(len(lat))/took.Seconds(),
		pct(0.50).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond), nerr)
	t.Log(report)
	fmt.Fprintln(os.Stderr, report)
	if rss := vmHWM(srv.cmd.Process.Pid); rss > 0 {
		t.Logf("server peak RSS %d MB", rss>>10)
	}
	if nerr > 0 {
		t.Errorf("%d of %d requests failed: %v", nerr, len(lat), errs)
	}
	if code, _, _ := call(t, http.MethodGet, srv.url+"/health", nil); code != http.StatusOK {
		t.Errorf("the server is unhealthy after the load: %d", code)
	}
}

// TestStream200MB ingests a 200 MB file and checks it went in as parts
// with the ingest's peak RSS under 1 GiB (so the file was never held
// whole). It takes minutes: run with SECKG_LONG=1.
func TestStream200MB(t *testing.T) {
	skipUnlessEnv(t, "SECKG_LONG")
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	var chunk bytes.Buffer
	for _, c := range corpus(t) {
		raw, err := os.ReadFile(c)
		if err != nil {
			t.Fatal(err)
		}
		chunk.Write(raw)
		chunk.WriteByte('\n')
	}
	const size = 200 << 20
	for n := 0; n < size; n += chunk.Len() {
		if _, err := f.Write(chunk.Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "big.db")
	t0 := time.Now()
	r := run(t, "ingest", "--quiet", "--db", db, big)
	took := time.Since(t0)
	if r.code != 0 {
		t.Fatalf("ingest of 200 MB: exit %d\n%s", r.code, tail(r.stderr))
	}
	t.Logf("200 MB ingest: %.0fs, peak RSS %d MB: %s", took.Seconds(), r.maxRSS>>10, r.stdout)
	if r.maxRSS > 1<<20 {
		t.Errorf("peak RSS %d MB, want under 1 GiB", r.maxRSS>>10)
	}
	s := stats(t, db)
	if want := size / (1 << 20); s.Documents < want {
		t.Errorf("%d documents (parts), want at least %d", s.Documents, want)
	}
	if s.Entities == 0 || s.Relations == 0 {
		t.Errorf("the 200 MB file gave %d entities and %d relations", s.Entities, s.Relations)
	}
}
