package reliability

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seckg/seckg"
)

// docText is a distinct small document: the start of a corpus file with a
// numbered line in front (so its hash differs).
func docText(good []byte, n int) string {
	return fmt.Sprintf("第%d号材料\n%s", n, good)
}

// TestReadersDuringWrites serves a bolt store and POSTs documents while
// readers query it: every read answers 200 during the writes, and every
// acknowledged write is there afterwards.
func TestReadersDuringWrites(t *testing.T) {
	db := ingestCorpus(t)
	srv := serve(t, db, nil)
	good := goodText(t, 3000)
	var before seckg.Stats
	getJSON(t, srv.url+"/stats", &before)

	const writes = 8
	stop := make(chan struct{})
	var reads, failures atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	paths := []string{"/stats", "/entities?q=" + url.QueryEscape("亚信"), "/documents", "/entities?q=" + url.QueryEscape("上海合作组织") + "&limit=5"}
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := client.Get(srv.url + paths[i%len(paths)])
				reads.Add(1)
				if err != nil {
					failures.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					failures.Add(1)
					firstErr.CompareAndSwap(nil, fmt.Sprintf("GET %s: %d", paths[i%len(paths)], resp.StatusCode))
				}
			}
		}()
	}
	acked := map[seckg.DocID][2]int{}
	for i := range writes {
		code, b, _ := call(t, http.MethodPost, srv.url+"/documents?id="+fmt.Sprintf("posted-%d", i),
			strings.NewReader(docText(good, i)), "Content-Type", "text/plain; charset=utf-8")
		if code != http.StatusCreated {
			t.Errorf("POST document %d: %d %s", i, code, b)
			continue
		}
		var ans struct {
			ID        seckg.DocID `json:"id"`
			Entities  int         `json:"entities"`
			Relations int         `json:"relations"`
		}
		if err := json.Unmarshal(b, &ans); err != nil {
			t.Fatalf("POST answer %s: %v", b, err)
		}
		acked[ans.ID] = [2]int{ans.Entities, ans.Relations}
	}
	close(stop)
	wg.Wait()
	t.Logf("%d reads during %d writes, %d failed", reads.Load(), writes, failures.Load())
	if failures.Load() > 0 {
		t.Errorf("%d of %d reads failed during the writes; first: %v", failures.Load(), reads.Load(), firstErr.Load())
	}
	var after seckg.Stats
	getJSON(t, srv.url+"/stats", &after)
	if after.Documents != before.Documents+len(acked) {
		t.Errorf("the store holds %d documents after %d acknowledged writes, %d before", after.Documents, len(acked), before.Documents)
	}
	for id := range acked {
		var d seckg.DocumentDetail
		getJSON(t, srv.url+"/documents/"+string(id), &d)
	}
}

// TestKillServerDuringWrites kills `seckg serve` with SIGKILL while a client
// POSTs documents, then opens the bolt store: every document the server
// answered 201 for is there, whole.
func TestKillServerDuringWrites(t *testing.T) {
	db := filepath.Join(t.TempDir(), "served.db")
	srv := serve(t, db, nil)
	good := goodText(t, 3000)
	type ack struct{ entities, relations int }
	acked := map[seckg.DocID]ack{}
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			req, _ := http.NewRequest(http.MethodPost, srv.url+"/documents?id="+fmt.Sprintf("k-%d", i), strings.NewReader(docText(good, i)))
			resp, err := client.Do(req)
			if err != nil {
				return // the server is gone
			}
			var ans struct {
				ID        seckg.DocID `json:"id"`
				Entities  int         `json:"entities"`
				Relations int         `json:"relations"`
			}
			err = json.NewDecoder(resp.Body).Decode(&ans)
			resp.Body.Close()
			if resp.StatusCode == http.StatusTooManyRequests {
				time.Sleep(500 * time.Millisecond)
				continue
			}
			if resp.StatusCode == http.StatusCreated && err == nil {
				mu.Lock()
				acked[ans.ID] = ack{ans.Entities, ans.Relations}
				mu.Unlock()
			}
		}
	}()
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 4 {
			break
		}
		select {
		case <-done:
			t.Fatalf("the writer stopped early:\n%s", tail(srv.log()))
		case <-time.After(50 * time.Millisecond):
		}
	}
	if err := srv.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-srv.done
	<-done
	got := documents(t, db)
	mu.Lock()
	defer mu.Unlock()
	t.Logf("killed after %d acknowledged writes; the store holds %d documents", len(acked), len(got))
	for id, a := range acked {
		d, ok := got[id]
		if !ok {
			t.Errorf("acknowledged document %s is missing after the kill", id)
			continue
		}
		if len(d.Entities) != a.entities {
			t.Errorf("document %s: %d entities, the POST answer said %d", id, len(d.Entities), a.entities)
		}
	}
	for id, d := range got {
		if len(d.Entities) == 0 {
			t.Errorf("document %s is in the store without its entities", id)
		}
	}
	// The store takes writes again.
	srv = serve(t, db, nil)
	code, b, _ := call(t, http.MethodPost, srv.url+"/documents?id=after-kill", strings.NewReader(docText(good, 999)))
	if code != http.StatusCreated {
		t.Errorf("POST after the kill: %d %s", code, b)
	}
}

// TestHostileRequests sends queries and parameters meant to write, hang,
// exhaust or escape, to a real server: each gets its 4xx answer in bounded
// time, and the graph is unchanged afterwards.
func TestHostileRequests(t *testing.T) {
	db := ingestCorpus(t)
	srv := serve(t, db, nil, "--query-timeout", "2s", "--query-limit", "50", "--max-body", "1048576")
	var ents seckg.SearchResult
	getJSON(t, srv.url+"/entities?q="+url.QueryEscape("亚信")+"&limit=1", &ents)
	if len(ents.Items) == 0 {
		t.Fatal("no entity for 亚信 in the corpus store")
	}
	id := url.PathEscape(string(ents.Items[0].ID))
	_, nqBefore, _ := call(t, http.MethodGet, srv.url+"/export.nq", nil)

	q := func(lang, query string) string {
		b, _ := json.Marshal(map[string]string{"lang": lang, "query": query})
		return string(b)
	}
	tests := []struct {
		name, method, path, body string
		want                     []int  // any of these statuses
		code                     string // the error code, when one
		maxResults               int    // for 200 query answers
	}{
		{"gizmo endless loop", "POST", "/query", q("gizmo", "while(true){}"), []int{408}, "timeout", 0},
		{"gizmo allocating loop", "POST", "/query", q("gizmo", `var a=[]; while(true){a.push(new Array(10000).join("x"))}`), []int{408, 400}, "", 0},
		{"gizmo unbounded result", "POST", "/query", q("gizmo", "g.V().All()"), []int{200}, "", 50},
		{"gizmo cross product", "POST", "/query", q("gizmo", "g.V().Out().In().Out().In().All()"), []int{200, 408}, "", 50},
		{"gizmo write attempt", "POST", "/query", q("gizmo", `g.AddQuad("a","b","c")`), []int{400}, "invalid", 0},
		{"gizmo write through the graph object", "POST", "/query", q("gizmo", `graph.AddQuad("a","b","c"); g.V().All()`), []int{400}, "invalid", 0},
		{"graphql mutation", "POST", "/query", q("graphql", `mutation { addQuad(subject:"a", predicate:"b", object:"c") }`), []int{400}, "invalid", 0},
		{"graphql deep nesting", "POST", "/query", q("graphql", "{ nodes { id "+strings.Repeat("out { id ", 30)+strings.Repeat("} ", 30)+"} }"), []int{200, 400, 408}, "", 0},
		{"unknown language", "POST", "/query", q("sparql", "SELECT * WHERE {?s ?p ?o}"), []int{400}, "invalid", 0},
		{"query body not JSON", "POST", "/query", "g.V().All()", []int{400}, "invalid", 0},
		{"query body too large", "POST", "/query", q("gizmo", strings.Repeat(" ", 2<<20)+"g.V().All()"), []int{413}, "too_large", 0},
		{"neighbours too deep", "GET", "/entities/" + id + "/neighbors?depth=50", "", []int{400}, "invalid", 0},
		{"neighbours too wide", "GET", "/entities/" + id + "/neighbors?depth=3&limit=100000000", "", []int{400}, "invalid", 0},
		{"neighbours depth not a number", "GET", "/entities/" + id + "/neighbors?depth=1e9", "", []int{400}, "invalid", 0},
		{"paths too long", "GET", "/paths?from=" + id + "&to=" + id + "&max=100", "", []int{400}, "invalid", 0},
		{"too many paths", "GET", "/paths?from=" + id + "&to=" + id + "&k=100000", "", []int{400}, "invalid", 0},
		{"subgraph expansion too large", "GET", "/subgraph?ids=" + id + "&expand=9", "", []int{400}, "invalid", 0},
		{"subgraph with too many ids", "GET", "/subgraph?ids=" + strings.Repeat(id+",", 5000), "", []int{400}, "invalid", 0},
		{"search limit too large", "GET", "/entities?q=a&limit=1000000000", "", []int{400}, "invalid", 0},
		{"document id traversal", "GET", "/documents/..%2F..%2F..%2Fetc%2Fpasswd", "", []int{400, 404}, "", 0},
		{"entity id traversal", "GET", "/entities/..%2F..%2Fetc%2Fpasswd", "", []int{400, 404}, "", 0},
		{"post with a traversing id", "POST", "/documents?id=..%2F..%2Fevil", "亚信会议。", []int{400}, "invalid", 0},
		{"post with a hidden-file id", "POST", "/documents?id=.bashrc", "亚信会议。", []int{400}, "invalid", 0},
		{"delete with a traversing id", "DELETE", "/documents/..%2F..%2Fcorpus.db", "", []int{400, 404}, "", 0},
		{"export name traversal", "GET", "/export.graphml%2F..%2F..%2Fetc%2Fpasswd", "", []int{400, 404}, "", 0},
		{"document too large", "POST", "/documents?id=huge", strings.Repeat("亚信会议。", 1<<18), []int{413}, "too_large", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, b, _ := call(t, tt.method, srv.url+tt.path, strings.NewReader(tt.body), "Content-Type", contentType(tt.path))
			if !containsInt(tt.want, code) {
				t.Errorf("%s %s: %d %.300s, want one of %v", tt.method, tt.path, code, b, tt.want)
			}
			if tt.code != "" && code >= 400 && errorCode(b) != tt.code {
				t.Errorf("error code %q, want %q (%.300s)", errorCode(b), tt.code, b)
			}
			if code >= 400 && errorCode(b) == "" && code != http.StatusNotFound {
				t.Errorf("a %d answer without the JSON error body: %.300s", code, b)
			}
			if strings.Contains(string(b), "root:x:0:0") {
				t.Errorf("the answer holds /etc/passwd")
			}
			if tt.maxResults > 0 && code == http.StatusOK {
				var ans struct {
					Result []any `json:"result"`
				}
				if err := json.Unmarshal(b, &ans); err != nil {
					t.Fatalf("query answer: %v", err)
				}
				if len(ans.Result) > tt.maxResults {
					t.Errorf("%d results, the limit is %d", len(ans.Result), tt.maxResults)
				}
			}
		})
		if t.Failed() {
			// a hostile request must not take the server down
			if code, _, _ := call(t, http.MethodGet, srv.url+"/health", nil); code != http.StatusOK {
				t.Fatalf("the server is unhealthy after %q: %d", tt.name, code)
			}
		}
	}
	// Raw request lines a client library would clean.
	for _, p := range []string{"/../../../../etc/passwd", "/api/v1/../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/api/v1/export.nq/../../../../etc/passwd"} {
		status, body := rawGet(t, srv.url, p)
		if strings.Contains(body, "root:x:0:0") {
			t.Errorf("GET %s served /etc/passwd (%d)", p, status)
		}
	}
	// Wait for the allocating and endless queries to be stopped, then
	// check nothing was written and the server still answers.
	time.Sleep(3 * time.Second)
	_, nqAfter, _ := call(t, http.MethodGet, srv.url+"/export.nq", nil)
	if string(nqAfter) != string(nqBefore) {
		t.Errorf("the graph changed under hostile requests: N-Quads %d bytes before, %d after", len(nqBefore), len(nqAfter))
	}
	if rss := vmHWM(srv.cmd.Process.Pid); rss > 0 {
		t.Logf("server peak RSS after the hostile requests: %d MB", rss>>10)
		if rss > 1<<20 {
			t.Errorf("server peak RSS %d MB: queries are not bounded in memory", rss>>10)
		}
	}
	if strings.Contains(srv.log(), "panic") {
		t.Errorf("the server logged a panic:\n%s", tail(srv.log()))
	}
}

func contentType(path string) string {
	if strings.HasPrefix(path, "/query") {
		return "application/json"
	}
	return "text/plain; charset=utf-8"
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// rawGet sends path unaltered in the request line.
func rawGet(t testing.TB, base, path string) (int, string) {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.DialTimeout("tcp", u.Host, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, u.Host)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	var sb strings.Builder
	buf := make([]byte, 1<<16)
	for {
		n, err := resp.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil || sb.Len() > 1<<20 {
			break
		}
	}
	return resp.StatusCode, sb.String()
}

// vmHWM is a process's peak resident set in kB from /proc, 0 if unknown.
func vmHWM(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

// TestAuth serves with a write token and a read token: reads need either,
// writes need the write token, and neither token (nor a wrong one) is
// ever written to the log.
func TestAuth(t *testing.T) {
	db := ingestCorpus(t)
	const (
		wtok  = "w-Secret-8f1c2e0a9b7d"
		rtok  = "r-Secret-3a9d4c5b6e1f"
		wrong = "x-Wrong-77aa66bb55cc"
	)
	srv := serve(t, db, []string{"SECKG_TOKEN=" + wtok, "SECKG_READ_TOKEN=" + rtok, "SECKG_LOG_LEVEL=debug"})
	bearer := func(tok string) []string { return []string{"Authorization", "Bearer " + tok} }
	tests := []struct {
		name, method, path, body string
		header                   []string
		want                     int
	}{
		{"health is open", "GET", "/health", "", nil, 200},
		{"read without a token", "GET", "/stats", "", nil, 401},
		{"read with a wrong token", "GET", "/stats", "", bearer(wrong), 401},
		{"read with the read token", "GET", "/stats", "", bearer(rtok), 200},
		{"read with the write token", "GET", "/stats", "", bearer(wtok), 200},
		{"query without a token", "POST", "/query", `{"lang":"gizmo","query":"g.V().Limit(1).All()"}`, nil, 401},
		{"export without a token", "GET", "/export.nq", "", nil, 401},
		{"write without a token", "POST", "/documents?id=a1", "亚信会议是论坛。", nil, 401},
		{"write with the read token", "POST", "/documents?id=a2", "亚信会议是论坛。", bearer(rtok), 401},
		{"write with a wrong token", "POST", "/documents?id=a3", "亚信会议是论坛。", bearer(wrong), 401},
		{"write with a prefix of the token", "POST", "/documents?id=a4", "亚信会议是论坛。", bearer(wtok[:len(wtok)-1]), 401},
		{"write with the token in another scheme", "POST", "/documents?id=a5", "亚信会议是论坛。", []string{"Authorization", "Basic " + wtok}, 401},
		{"write with the token in the query", "POST", "/documents?id=a6&token=" + wtok + "&access_token=" + wtok, "亚信会议是论坛。", nil, 401},
		{"delete without a token", "DELETE", "/documents/" + "cica-security-cooperation-2015", "", nil, 401},
		{"write with the write token", "POST", "/documents?id=a7", "亚信会议是论坛。", bearer(wtok), 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, b, _ := call(t, tt.method, srv.url+tt.path, strings.NewReader(tt.body), tt.header...)
			if code != tt.want {
				t.Errorf("%s %s: %d %.200s, want %d", tt.method, tt.path, code, b, tt.want)
			}
			if code == 401 && errorCode(b) != "unauthorized" {
				t.Errorf("401 with error code %q", errorCode(b))
			}
		})
	}
	srv.stop(t)
	log := srv.log()
	for _, tok := range []string{wtok, rtok, wrong, wtok[:len(wtok)-1]} {
		if strings.Contains(log, tok) {
			t.Errorf("a token appears in the server's log:\n%s", tail(log))
		}
	}
	if !strings.Contains(log, "request") {
		t.Errorf("no request log lines to check:\n%s", tail(log))
	}
}

// TestRateLimits sends bursts of queries and writes from one client: past
// the burst they get 429 with Retry-After, and reads stay unaffected.
func TestRateLimits(t *testing.T) {
	db := ingestCorpus(t)
	srv := serve(t, db, nil)
	for _, c := range []struct {
		name, method, path, body string
	}{
		{"query", "POST", "/query", `{"lang":"gizmo","query":"g.V().Limit(1).All()"}`},
		{"write", "DELETE", "/documents/no-such-document", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			limited := 0
			for range 60 {
				code, b, h := call(t, c.method, srv.url+c.path, strings.NewReader(c.body), "Content-Type", "application/json")
				if code == http.StatusTooManyRequests {
					limited++
					if h.Get("Retry-After") == "" {
						t.Errorf("429 without Retry-After")
					}
					if errorCode(b) != "rate_limited" {
						t.Errorf("429 with error code %q", errorCode(b))
					}
				}
			}
			if limited == 0 {
				t.Errorf("60 %s requests at once were never rate limited", c.name)
			}
			if code, _, _ := call(t, http.MethodGet, srv.url+"/stats", nil); code != http.StatusOK {
				t.Errorf("a read after the burst: %d", code)
			}
		})
	}
}
