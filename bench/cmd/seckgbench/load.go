package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// cmdLoad is a closed-loop HTTP load generator: -conc connections each send
// one request after another for -dur, cycling through the ids of -ids, and
// it prints one line:
//
//	load target=T conc=N requests=R errors=E rps=X p50_ms=A p99_ms=B
//
// Targets: neighbors (seckg GET /api/v1/entities/ID/neighbors), search
// (seckg GET /api/v1/entities?q=NAME) and gizmo (cayley http POST
// /api/v2/query?lang=gizmo with the one-hop g.V(<seckg:e/ID>).Both().All()).
func cmdLoad(args []string) error {
	fs := flag.NewFlagSet("load", flag.ExitOnError)
	base := fs.String("url", "http://127.0.0.1:8080", "server base URL")
	target := fs.String("target", "neighbors", "neighbors, search or gizmo")
	idsFile := fs.String("ids", "", "file of id<TAB>name lines")
	conc := fs.Int("conc", 8, "connections")
	dur := fs.Duration("dur", 10*time.Second, "duration")
	fs.Parse(args)
	ids, names, err := readIDs(*idsFile)
	if err != nil {
		return err
	}
	tr := &http.Transport{MaxIdleConns: *conc, MaxIdleConnsPerHost: *conc, MaxConnsPerHost: *conc, DisableCompression: true}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	req := func(i int) (*http.Request, error) {
		k := i % len(ids)
		switch *target {
		case "neighbors":
			return http.NewRequest("GET", *base+"/api/v1/entities/"+url.PathEscape(ids[k])+"/neighbors", nil)
		case "search":
			return http.NewRequest("GET", *base+"/api/v1/entities?q="+url.QueryEscape(names[k]), nil)
		case "gizmo":
			q := fmt.Sprintf(`g.V("<seckg:e/%s>").Both().All()`, ids[k])
			r, err := http.NewRequest("POST", *base+"/api/v2/query?lang=gizmo", strings.NewReader(q))
			if r != nil {
				r.Header.Set("Content-Type", "application/javascript")
			}
			return r, err
		}
		return nil, fmt.Errorf("load: unknown target %q", *target)
	}
	if _, err := req(0); err != nil {
		return err
	}
	var (
		n, bad  atomic.Int64
		mu      sync.Mutex
		lat     []time.Duration
		lastErr atomic.Value
	)
	deadline := time.Now().Add(*dur)
	var wg sync.WaitGroup
	t0 := time.Now()
	for c := range *conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			buf := new(bytes.Buffer)
			for i := c * 7919; time.Now().Before(deadline); i++ {
				r, _ := req(i)
				s := time.Now()
				resp, err := client.Do(r)
				if err == nil {
					buf.Reset()
					_, err = io.Copy(buf, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != 200 {
						err = fmt.Errorf("status %d: %.200s", resp.StatusCode, buf.String())
					}
				}
				mine = append(mine, time.Since(s))
				n.Add(1)
				if err != nil {
					bad.Add(1)
					lastErr.Store(err.Error())
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	el := time.Since(t0)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[min(len(lat)-1, int(float64(len(lat))*p))].Microseconds()) / 1000
	}
	fmt.Printf("load target=%s conc=%d requests=%d errors=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f\n",
		*target, *conc, n.Load(), bad.Load(), float64(n.Load()-bad.Load())/el.Seconds(), pct(0.5), pct(0.99))
	if e, ok := lastErr.Load().(string); ok {
		fmt.Fprintf(os.Stderr, "load: last error: %s\n", e)
	}
	return nil
}

func readIDs(path string) (ids, names []string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		id, name, _ := strings.Cut(sc.Text(), "\t")
		if id != "" {
			ids, names = append(ids, id), append(names, name)
		}
	}
	if len(ids) == 0 {
		return nil, nil, fmt.Errorf("load: no ids in %s", path)
	}
	return ids, names, sc.Err()
}
