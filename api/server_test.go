package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/seckg/seckg"
)

const testToken = "s3cret-token-value"

// testConfig wires the fakes with the write token set and no rate limits.
func testConfig(st *fakeStore) Config {
	return Config{
		Store:          st,
		Extractor:      fakeExtractor{},
		Exporter:       fakeExport,
		SubgraphWriter: fakeSubgraphWriter,
		Simplify:       strings.NewReplacer("亞", "亚").Replace,
		Token:          testToken,
		QueryTimeout:   100 * time.Millisecond,
		WriteRate:      Rate{PerSecond: -1},
		QueryRate:      Rate{PerSecond: -1},
	}
}

// request is one request of a test table.
type request struct {
	method, target string
	body           string
	ctype          string
	token          string // sent as a bearer token if set
	remote         string // RemoteAddr; default a non-loopback address
}

func (r request) build() *http.Request {
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	method := r.method
	if method == "" {
		method = http.MethodGet
	}
	req := httptest.NewRequest(method, r.target, body)
	if r.ctype != "" {
		req.Header.Set("Content-Type", r.ctype)
	}
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	if r.remote != "" {
		req.RemoteAddr = r.remote
	}
	return req
}

// serve runs req through h and checks API answers against the OpenAPI
// document, returning the operation matched ("" if none).
func serve(t *testing.T, h http.Handler, req *http.Request) (*httptest.ResponseRecorder, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	op := ""
	if strings.HasPrefix(req.URL.Path, "/api/v1/") && !strings.HasPrefix(req.URL.Path, "/api/v1/nope") {
		op = validateResponse(t, req, rec)
	}
	return rec, op
}

// errorOf decodes the error envelope of an answer.
func errorOf(t *testing.T, rec *httptest.ResponseRecorder) errorDetail {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code == "" {
		t.Fatalf("answer %d is not an error envelope: %v: %.200s", rec.Code, err, rec.Body.String())
	}
	return e.Error
}

func multipartBody(t *testing.T, field, filename, content string) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("note", "ignored")
	fw, err := mw.CreateFormFile(field, filename)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.WriteString(fw, content)
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String(), mw.FormDataContentType()
}

func TestRoutes(t *testing.T) {
	const doc = "2030年，亚洲相互协作与信任措施会议第九次峰会在测试城举行。"
	mpBody, mpType := multipartBody(t, "file", `C:\docs\测试 宣言 2030.txt`, doc)
	noFile, noFileType := multipartBody(t, "other", "x.txt", doc)
	cid := url.PathEscape("concept:亚洲安全观")
	tests := []struct {
		name string
		req  request
		want int
		// body, if set, must occur in the answer; for errors, in the message.
		body string
	}{
		{"health", request{target: "/api/v1/health"}, 200, `"ok"`},
		{"stats", request{target: "/api/v1/stats"}, 200, `"entities":7`},
		{"search", request{target: "/api/v1/entities?q=" + url.QueryEscape("亚信")}, 200, `"id":"cica"`},
		{"search traditional", request{target: "/api/v1/entities?q=" + url.QueryEscape("亞信")}, 200, `"id":"cica"`},
		{"search english", request{target: "/api/v1/entities?q=CICA&type=Organization&limit=5"}, 200, `"id":"cica"`},
		{"search no match", request{target: "/api/v1/entities?q=nothing-like-it"}, 200, `"items":[]`},
		{"search paged", request{target: "/api/v1/entities?q=&limit=1"}, 200, `"next_cursor":"next"`},
		{"search limit 0", request{target: "/api/v1/entities?q=a&limit=0"}, 400, "limit must be between 1 and 200"},
		{"search limit 201", request{target: "/api/v1/entities?limit=201"}, 400, "limit must be between 1 and 200"},
		{"search limit word", request{target: "/api/v1/entities?limit=ten"}, 400, "limit must be between 1 and 200"},
		{"search bad type", request{target: "/api/v1/entities?type=Dragon"}, 400, "type"},
		{"search long q", request{target: "/api/v1/entities?q=" + strings.Repeat("亚", 201)}, 400, "q must be at most 200"},
		{"entity", request{target: "/api/v1/entities/cica"}, 200, `"evidence"`},
		{"entity escaped id", request{target: "/api/v1/entities/" + cid}, 200, `"xi-jinping"`},
		{"entity slash id", request{target: "/api/v1/entities/a%2Fb"}, 404, "no entity a/b"},
		{"neighbors slash id", request{target: "/api/v1/entities/a%2Fb/neighbors"}, 404, "no entity a/b"},
		{"entity unknown", request{target: "/api/v1/entities/no-such-entity-xyz"}, 404, "no entity no-such-entity-xyz"},
		{"neighbors", request{target: "/api/v1/entities/cica-summit-4/neighbors?direction=out&depth=2&predicate=held-in,part-of&type=Place&limit=10"}, 200, `"shanghai"`},
		{"neighbors default", request{target: "/api/v1/entities/sco/neighbors"}, 200, `"shanghai-five"`},
		{"neighbors depth 99", request{target: "/api/v1/entities/cica/neighbors?depth=99"}, 400, "depth must be between 1 and 3"},
		{"neighbors depth 0", request{target: "/api/v1/entities/cica/neighbors?depth=0"}, 400, "depth must be between 1 and 3"},
		{"neighbors limit", request{target: "/api/v1/entities/cica/neighbors?limit=1001"}, 400, "limit must be between 1 and 1000"},
		{"neighbors direction", request{target: "/api/v1/entities/cica/neighbors?direction=up"}, 400, "direction must be out, in or both"},
		{"neighbors predicate", request{target: "/api/v1/entities/cica/neighbors?predicate=likes"}, 400, `predicate: "likes" is not a predicate`},
		{"neighbors type", request{target: "/api/v1/entities/cica/neighbors?type=Dragon"}, 400, `type: "Dragon" is not a node type`},
		{"neighbors unknown", request{target: "/api/v1/entities/nope/neighbors"}, 404, "no entity nope"},
		{"paths", request{target: "/api/v1/paths?from=shanghai-five&to=sco&max=4&k=3"}, 200, `"evolved-into"`},
		{"paths none", request{target: "/api/v1/paths?from=cica&to=sco"}, 200, `"paths":[]`},
		{"paths no from", request{target: "/api/v1/paths?to=sco"}, 400, "from is required"},
		{"paths no to", request{target: "/api/v1/paths?from=sco"}, 400, "to is required"},
		{"paths max", request{target: "/api/v1/paths?from=a&to=b&max=7"}, 400, "max must be between 1 and 6"},
		{"paths k", request{target: "/api/v1/paths?from=a&to=b&k=11"}, 400, "k must be between 1 and 10"},
		{"paths unknown", request{target: "/api/v1/paths?from=a&to=b"}, 404, "no such entity"},
		{"timeline", request{target: "/api/v1/timeline"}, 200, `"2014-05-21"`},
		{"timeline range", request{target: "/api/v1/timeline?entity=cica&from=2014&to=2014-12"}, 200, `"items":[`},
		{"timeline bad from", request{target: "/api/v1/timeline?from=May"}, 400, "from must be a date"},
		{"timeline reversed", request{target: "/api/v1/timeline?from=2015&to=2014"}, 400, "from must not be after to"},
		{"timeline unknown entity", request{target: "/api/v1/timeline?entity=nope"}, 404, "no entity nope"},
		{"documents", request{target: "/api/v1/documents"}, 200, `"cica-2014"`},
		{"document", request{target: "/api/v1/documents/cica-2014"}, 200, `"title":"亚信第四次峰会"`},
		{"document unknown", request{target: "/api/v1/documents/nope"}, 404, "no document nope"},
		{"document bad id", request{target: "/api/v1/documents/.hidden"}, 400, "id must be"},
		{"subgraph cytoscape", request{target: "/api/v1/subgraph?ids=cica-summit-4&expand=1&format=cytoscape"}, 200, `"source":"cica-summit-4"`},
		{"subgraph default format", request{target: "/api/v1/subgraph?ids=sco,shanghai-five"}, 200, `"elements"`},
		{"subgraph graphml", request{target: "/api/v1/subgraph?ids=cica&expand=1&format=graphml"}, 200, "<graphml"},
		{"subgraph no ids", request{target: "/api/v1/subgraph?ids=,"}, 400, "ids is required"},
		{"subgraph expand", request{target: "/api/v1/subgraph?ids=cica&expand=3"}, 400, "expand must be between 0 and 2"},
		{"subgraph format", request{target: "/api/v1/subgraph?ids=cica&format=svg"}, 400, "format must be cytoscape or graphml"},
		{"subgraph too many", request{target: "/api/v1/subgraph?ids=" + strings.Repeat("a,", 101)}, 400, "ids must list at most 100"},
		{"subgraph unknown", request{target: "/api/v1/subgraph?ids=nope"}, 404, "no entity nope"},
		{"query gizmo", request{method: "POST", target: "/api/v1/query", body: `{"lang":"gizmo","query":"g.V().Limit(5).All()"}`, ctype: "application/json"}, 200, `"result":[{"id":"cica"}`},
		{"query graphql", request{method: "POST", target: "/api/v1/query", body: `{"lang":"GraphQL","query":"{ nodes { id } }"}`}, 200, `"result"`},
		{"query lang", request{method: "POST", target: "/api/v1/query", body: `{"lang":"sparql","query":"x"}`}, 400, "lang must be gizmo or graphql"},
		{"query empty", request{method: "POST", target: "/api/v1/query", body: `{"lang":"gizmo","query":"  "}`}, 400, "query is required"},
		{"query not json", request{method: "POST", target: "/api/v1/query", body: `lang=gizmo`}, 400, "JSON object"},
		{"query unknown field", request{method: "POST", target: "/api/v1/query", body: `{"lang":"gizmo","query":"x","limit":5}`}, 400, "JSON object"},
		{"query invalid", request{method: "POST", target: "/api/v1/query", body: `{"lang":"gizmo","query":"bad"}`}, 400, "syntax error at line 1"},
		{"query internal", request{method: "POST", target: "/api/v1/query", body: `{"lang":"gizmo","query":"boom"}`}, 500, "internal error"},
		{"query slow", request{method: "POST", target: "/api/v1/query", body: `{"lang":"gizmo","query":"slow"}`}, 408, "query took longer than 100ms"},
		{"query runaway", request{method: "POST", target: "/api/v1/query", body: `{"lang":"gizmo","query":"while(true){}"}`}, 408, "query took longer than 100ms"},
		{"query too large", request{method: "POST", target: "/api/v1/query", body: `{"lang":"gizmo","query":"` + strings.Repeat("x", 2<<10) + `"}`}, 413, "larger than the limit"},
		{"post text", request{method: "POST", target: "/api/v1/documents?id=test-2030", body: doc, ctype: "text/plain; charset=utf-8", token: testToken}, 201, `"id":"test-2030"`},
		{"post gbk bytes", request{method: "POST", target: "/api/v1/documents", body: "\xd1\xc7\xd0\xc5", ctype: "text/plain; charset=gbk", token: testToken}, 201, `"id":"doc-`},
		{"post multipart", request{method: "POST", target: "/api/v1/documents", body: mpBody, ctype: mpType, token: testToken}, 201, `"id":"测试-宣言-2030"`},
		{"post multipart no file", request{method: "POST", target: "/api/v1/documents", body: noFile, ctype: noFileType, token: testToken}, 400, "file is required"},
		{"post multipart broken", request{method: "POST", target: "/api/v1/documents", body: "garbage", ctype: "multipart/form-data; boundary=zzz", token: testToken}, 400, "multipart body is not valid"},
		{"post empty", request{method: "POST", target: "/api/v1/documents", token: testToken}, 400, "the document is empty"},
		{"post binary", request{method: "POST", target: "/api/v1/documents", body: "PK\x00\x01", ctype: "application/octet-stream", token: testToken}, 400, "binary"},
		{"post bad id", request{method: "POST", target: "/api/v1/documents?id=../etc", body: doc, token: testToken}, 400, "id must be"},
		{"post no token", request{method: "POST", target: "/api/v1/documents", body: doc}, 401, "Bearer token"},
		{"post wrong token", request{method: "POST", target: "/api/v1/documents", body: doc, token: "guess"}, 401, "not valid"},
		{"post too large", request{method: "POST", target: "/api/v1/documents", body: strings.Repeat("x", 4<<10), token: testToken}, 413, "larger than the limit"},
		{"delete", request{method: "DELETE", target: "/api/v1/documents/sco-2001", token: testToken}, 200, `"deleted":true`},
		{"delete unknown", request{method: "DELETE", target: "/api/v1/documents/nope", token: testToken}, 404, "no document nope"},
		{"delete no token", request{method: "DELETE", target: "/api/v1/documents/cica-2014"}, 401, "Bearer token"},
		{"delete bad id", request{method: "DELETE", target: "/api/v1/documents/.x", token: testToken}, 400, "id must be"},
		{"export graphml", request{target: "/api/v1/export.graphml?types=Event,Organization&predicates=part-of&doc=cica-2014&since=2010&until=2020-01-01"}, 200, "<graphml"},
		{"export gexf", request{target: "/api/v1/export.gexf"}, 200, "<gexf"},
		{"export json", request{target: "/api/v1/export.json"}, 200, `"elements"`},
		{"export jsonld", request{target: "/api/v1/export.jsonld"}, 200, `"@graph"`},
		{"export nq", request{target: "/api/v1/export.nq"}, 200, "<cica>"},
		{"export nq filtered", request{target: "/api/v1/export.nq?types=Event"}, 400, "takes no filters"},
		{"export bad type", request{target: "/api/v1/export.graphml?types=Dragon"}, 400, "types"},
		{"export bad predicate", request{target: "/api/v1/export.gexf?predicates=likes"}, 400, "predicates"},
		{"export bad since", request{target: "/api/v1/export.json?since=yesterday"}, 400, "since must be a date"},
		{"export bad doc", request{target: "/api/v1/export.jsonld?doc=a/b"}, 400, "doc must be"},
		{"openapi", request{target: "/api/v1/openapi.json"}, 200, `"openapi": "3.0.3"`},
		{"unknown api route", request{target: "/api/v1/nope"}, 404, "no such route"},
		{"web placeholder", request{target: "/"}, 200, "<h1>seckg</h1>"},
		{"web client route", request{target: "/entity/cica"}, 200, "<h1>seckg</h1>"},
	}
	st := newFakeStore()
	defer close(st.release)
	cfg := testConfig(st)
	cfg.MaxBody = 2 << 10
	h := New(cfg)
	covered := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, op := serve(t, h, tt.req.build())
			if rec.Code != tt.want {
				t.Fatalf("%s %s = %d, want %d: %.300s", tt.req.method, tt.req.target, rec.Code, tt.want, rec.Body.String())
			}
			got := rec.Body.String()
			if rec.Code >= 400 && strings.HasPrefix(tt.req.target, "/api/") {
				got = errorOf(t, rec).Message
			}
			if !strings.Contains(got, tt.body) {
				t.Errorf("%s %s: answer %.300q does not hold %q", tt.req.method, tt.req.target, got, tt.body)
			}
			if rec.Code < 300 && op != "" {
				covered[op] = true
			}
		})
	}
	for _, op := range specOperations(t) {
		if !covered[op] {
			t.Errorf("no successful test of %s", op)
		}
	}
}

func TestPostThenRead(t *testing.T) {
	st := newFakeStore()
	h := New(testConfig(st))
	body, ctype := multipartBody(t, "file", "cica-2030.txt", "亚洲相互协作与信任措施会议第九次峰会")
	req := request{method: "POST", target: "/api/v1/documents", body: body, ctype: ctype, token: testToken}.build()
	rec, _ := serve(t, h, req)
	if rec.Code != http.StatusCreated {
		t.Fatalf("POST /documents = %d: %s", rec.Code, rec.Body)
	}
	var got postedDocument
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := postedDocument{ID: "cica-2030", Document: seckg.Document{ID: "cica-2030", Title: "亚洲相互协作与信任措施会议第九次峰会",
		Source: "cica-2030.txt", Chars: 18}, Entities: 1}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(seckg.Document{}, "Hash")); diff != "" {
		t.Errorf("POST /documents answer (-want +got):\n%s", diff)
	}
	if sum := sha256.Sum256([]byte("亚洲相互协作与信任措施会议第九次峰会")); got.Document.Hash != hex.EncodeToString(sum[:]) {
		t.Errorf("document hash = %q, want the SHA-256 of the raw bytes", got.Document.Hash)
	}
	if loc := rec.Header().Get("Location"); loc != "/api/v1/documents/cica-2030" {
		t.Errorf("Location = %q, want /api/v1/documents/cica-2030", loc)
	}
	rec, _ = serve(t, h, request{target: "/api/v1/documents/cica-2030"}.build())
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"source":"cica-2030.txt"`) {
		t.Errorf("GET posted document = %d: %s", rec.Code, rec.Body)
	}
}

func TestDocIDFromName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"cica-2015.txt", "cica-2015"},
		{`C:\x\亚信 宣言.txt`, "亚信-宣言"},
		{"/a/b/report.v2.pdf", "report.v2"},
		{"..txt", ""},
		{"...hidden.txt", "hidden"},
		{"?*.txt", ""},
		{strings.Repeat("长", 100) + ".txt", strings.Repeat("长", 66)},
	} {
		t.Run(tt.in, func(t *testing.T) {
			if got := docIDFromName(tt.in); string(got) != tt.want {
				t.Errorf("docIDFromName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWriteAuth(t *testing.T) {
	const doc = "亚洲相互协作与信任措施会议"
	for _, tt := range []struct {
		name   string
		token  string // configured
		sent   string
		remote string
		want   int
	}{
		{"no token configured, loopback v4", "", "", "127.0.0.1:5000", 201},
		{"no token configured, loopback v6", "", "", "[::1]:5000", 201},
		{"no token configured, remote", "", "", "203.0.113.9:5000", 401},
		{"no token configured, forwarded header ignored", "", "", "203.0.113.9:5000", 401},
		{"token configured, loopback without it", testToken, "", "127.0.0.1:5000", 401},
		{"token configured, wrong", testToken, testToken + "x", "127.0.0.1:5000", 401},
		{"token configured, prefix", testToken, testToken[:5], "203.0.113.9:5000", 401},
		{"token configured, right, remote", testToken, testToken, "203.0.113.9:5000", 201},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(newFakeStore())
			cfg.Token = tt.token
			req := request{method: "POST", target: "/api/v1/documents", body: doc, token: tt.sent, remote: tt.remote}.build()
			req.Header.Set("X-Forwarded-For", "127.0.0.1")
			rec, _ := serve(t, New(cfg), req)
			if rec.Code != tt.want {
				t.Fatalf("POST from %s = %d, want %d: %s", tt.remote, rec.Code, tt.want, rec.Body)
			}
			if tt.want == 401 && rec.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
		})
	}
}

func TestReadToken(t *testing.T) {
	cfg := testConfig(newFakeStore())
	cfg.ReadToken = "reader-token"
	h := New(cfg)
	for _, tt := range []struct {
		name, target, token string
		want                int
	}{
		{"health open", "/api/v1/health", "", 200},
		{"openapi open", "/api/v1/openapi.json", "", 200},
		{"stats without", "/api/v1/stats", "", 401},
		{"stats wrong", "/api/v1/stats", "nope", 401},
		{"stats read token", "/api/v1/stats", "reader-token", 200},
		{"stats write token", "/api/v1/stats", testToken, 200},
		{"export without", "/api/v1/export.nq", "", 401},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec, _ := serve(t, h, request{target: tt.target, token: tt.token}.build())
			if rec.Code != tt.want {
				t.Errorf("GET %s = %d, want %d", tt.target, rec.Code, tt.want)
			}
		})
	}
	// A reader's token does not let it write.
	rec, _ := serve(t, h, request{method: "POST", target: "/api/v1/documents", body: "x", token: "reader-token"}.build())
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("POST with the read token = %d, want 401", rec.Code)
	}
}

func TestRateLimit(t *testing.T) {
	cfg := testConfig(newFakeStore())
	cfg.WriteRate = Rate{PerSecond: 0.001, Burst: 2}
	cfg.QueryRate = Rate{PerSecond: 0.001, Burst: 1}
	h := New(cfg)
	post := func(remote string) int {
		rec, _ := serve(t, h, request{method: "POST", target: "/api/v1/documents", body: "亚信", token: testToken, remote: remote}.build())
		return rec.Code
	}
	query := func(remote string) *httptest.ResponseRecorder {
		rec, _ := serve(t, h, request{method: "POST", target: "/api/v1/query", body: `{"lang":"gizmo","query":"g"}`, remote: remote}.build())
		return rec
	}
	got := []int{post("198.51.100.1:1"), post("198.51.100.1:2"), post("198.51.100.1:3"), post("198.51.100.2:1")}
	if diff := cmp.Diff([]int{201, 201, 429, 201}, got); diff != "" {
		t.Errorf("write statuses (-want +got):\n%s", diff)
	}
	if rec := query("198.51.100.1:1"); rec.Code != 200 {
		t.Errorf("first query = %d, want 200 (a separate bucket from writes)", rec.Code)
	}
	rec := query("198.51.100.1:1")
	if rec.Code != http.StatusTooManyRequests || errorOf(t, rec).Code != "rate_limited" || rec.Header().Get("Retry-After") != "1000" {
		t.Errorf("second query = %d %s, want 429 rate_limited with Retry-After 1000 (s)", rec.Code, rec.Body)
	}
	// Reads are not limited.
	for range 5 {
		if rec, _ := serve(t, h, request{target: "/api/v1/stats", remote: "198.51.100.1:1"}.build()); rec.Code != 200 {
			t.Fatalf("GET /stats = %d, want 200", rec.Code)
		}
	}
}

// TestRunawayQueriesBounded checks that a store call that ignores its
// deadline keeps its query slot after the 408, so that runaway queries
// cannot pile up, and frees it when it returns.
func TestRunawayQueriesBounded(t *testing.T) {
	st := newFakeStore()
	cfg := testConfig(st)
	cfg.MaxQueries = 1
	h := New(cfg)
	query := func(q string) *httptest.ResponseRecorder {
		rec, _ := serve(t, h, request{method: "POST", target: "/api/v1/query", body: `{"lang":"gizmo","query":"` + q + `"}`}.build())
		return rec
	}
	if rec := query("while(true){}"); rec.Code != http.StatusRequestTimeout || errorOf(t, rec).Code != "timeout" {
		t.Fatalf("runaway query = %d %s, want 408 timeout", rec.Code, rec.Body)
	}
	rec := query("g.V()")
	if rec.Code != http.StatusTooManyRequests || !strings.Contains(errorOf(t, rec).Message, "too many queries are running") {
		t.Fatalf("query while the runaway runs = %d %s, want 429", rec.Code, rec.Body)
	}
	close(st.release)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		rec := query("g.V()")
		if rec.Code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("query after the runaway returned = %d %s, want 200", rec.Code, rec.Body)
		}
	}
}

func TestLimiterRefill(t *testing.T) {
	l := newLimiter(Rate{PerSecond: 2, Burst: 1})
	t0 := time.Unix(1000, 0)
	steps := []struct {
		at   time.Duration
		want bool
	}{{0, true}, {0, false}, {200 * time.Millisecond, false}, {500 * time.Millisecond, true}, {600 * time.Millisecond, false}, {10 * time.Second, true}, {10 * time.Second, false}}
	for i, s := range steps {
		if got := l.allow("c", t0.Add(s.at)); got != s.want {
			t.Errorf("step %d: allow at +%v = %v, want %v", i, s.at, got, s.want)
		}
	}
	var unlimited *limiter = newLimiter(Rate{PerSecond: -1})
	if !unlimited.allow("c", t0) {
		t.Errorf("unlimited limiter refused")
	}
}

func TestLogsHoldNoToken(t *testing.T) {
	var buf bytes.Buffer
	cfg := testConfig(newFakeStore())
	cfg.Logger = slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg.ReadToken = "reader-secret"
	h := New(cfg)
	for _, r := range []request{
		{method: "POST", target: "/api/v1/documents?id=x1", body: "亚信", token: testToken},
		{method: "POST", target: "/api/v1/documents", body: "亚信", token: "wrong-" + testToken},
		{target: "/api/v1/stats", token: "reader-secret"},
		{method: "POST", target: "/api/v1/query", body: `{"lang":"gizmo","query":"boom"}`, token: testToken},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r.build())
	}
	logs := buf.String()
	for _, secret := range []string{testToken, "reader-secret", "Bearer", "Authorization"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs hold %q:\n%s", secret, logs)
		}
	}
	for _, want := range []string{`"msg":"request"`, `"status":201`, `"status":401`, `"path":"/api/v1/documents"`, `"msg":"internal error"`, "backend secret failure"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
}

func TestPanicRecovered(t *testing.T) {
	st := newFakeStore()
	st.panicStats = true
	var buf bytes.Buffer
	cfg := testConfig(st)
	cfg.Logger = slog.New(slog.NewTextHandler(&buf, nil))
	rec, _ := serve(t, New(cfg), request{target: "/api/v1/stats"}.build())
	if rec.Code != 500 || errorOf(t, rec).Code != "internal" {
		t.Errorf("panicking handler = %d %s, want 500 internal", rec.Code, rec.Body)
	}
	if !strings.Contains(buf.String(), "fake stats panic") {
		t.Errorf("panic not logged: %s", buf.String())
	}
}

func TestHeaders(t *testing.T) {
	h := New(testConfig(newFakeStore()))
	rec, _ := serve(t, h, request{target: "/api/v1/health"}.build())
	for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'self'"} {
		if got := rec.Header().Get(k); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want it to hold %q", k, got, want)
		}
	}
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("CORS header %q without CORSOrigin", got)
	}
	rec, _ = serve(t, h, request{target: "/api/v1/export.graphml"}.build())
	if got := rec.Header().Get("Content-Disposition"); got != `attachment; filename="seckg.graphml"` {
		t.Errorf("export Content-Disposition = %q", got)
	}

	cfg := testConfig(newFakeStore())
	cfg.CORSOrigin = "https://viz.example"
	h = New(cfg)
	req := request{target: "/api/v1/stats"}.build()
	req.Header.Set("Origin", "https://viz.example")
	rec, _ = serve(t, h, req)
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "https://viz.example" {
		t.Errorf("Access-Control-Allow-Origin = %q, want the configured origin", got)
	}
	req = request{method: "OPTIONS", target: "/api/v1/documents"}.build()
	req.Header.Set("Origin", "https://viz.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent || !strings.Contains(rec.Header().Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Errorf("preflight = %d %v, want 204 allowing Authorization", rec.Code, rec.Header())
	}
	req = request{target: "/api/v1/stats"}.build()
	req.Header.Set("Origin", "https://evil.example")
	rec, _ = serve(t, h, req)
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("Access-Control-Allow-Origin = %q for a foreign origin", got)
	}
}

func TestWebFS(t *testing.T) {
	cfg := testConfig(newFakeStore())
	cfg.WebFS = fstest.MapFS{
		"index.html":    {Data: []byte("<!doctype html><div id=app></div>")},
		"assets/app.js": {Data: []byte("console.log(1)")},
	}
	h := New(cfg)
	for _, tt := range []struct {
		target string
		want   int
		body   string
	}{
		{"/", 200, "id=app"},
		{"/index.html", 200, "id=app"},
		{"/graph/cica", 200, "id=app"},
		{"/assets/app.js", 200, "console.log"},
		{"/assets/missing.js", 404, "not found"},
		{"/api/v1/missing", 404, "no such route"},
	} {
		t.Run(tt.target, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.target, nil))
			if rec.Code != tt.want || !strings.Contains(rec.Body.String(), tt.body) {
				t.Errorf("GET %s = %d %.100q, want %d holding %q", tt.target, rec.Code, rec.Body.String(), tt.want, tt.body)
			}
		})
	}
}

func TestSubgraphWithoutWriter(t *testing.T) {
	cfg := testConfig(newFakeStore())
	cfg.SubgraphWriter = nil
	h := New(cfg)
	rec, _ := serve(t, h, request{target: "/api/v1/subgraph?ids=cica-summit-4&expand=1"}.build())
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"source":"cica-summit-4"`) {
		t.Errorf("built-in Cytoscape subgraph = %d %s", rec.Code, rec.Body)
	}
	rec, _ = serve(t, h, request{target: "/api/v1/subgraph?ids=cica&format=graphml"}.build())
	if rec.Code != 400 || !strings.Contains(errorOf(t, rec).Message, "graphml is not available") {
		t.Errorf("graphml without a writer = %d %s, want 400", rec.Code, rec.Body)
	}
}

func TestCytoscape(t *testing.T) {
	g := seckg.Subgraph{
		Nodes: []seckg.Entity{{ID: "a", Type: seckg.Event, Name: "甲", NameEN: "A", Attrs: map[string]string{"date": "2014", "id": "spoof"}}},
		Edges: []seckg.Relation{{Head: "a", Predicate: seckg.HeldIn, Tail: "b", Evidence: []seckg.Evidence{
			{Doc: "d1", Sentence: "s1"}, {Doc: "d1", Sentence: "s2"}, {Doc: "d2", Sentence: "s3"}}}},
	}
	got, err := json.Marshal(cytoscape(g))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"elements":{"nodes":[{"data":{"attr_id":"spoof","date":"2014","id":"a","label":"甲","label_en":"A","type":"Event"}}],` +
		`"edges":[{"data":{"docs":["d1","d2"],"evidence":"s1","id":"a held-in b","label":"held-in","offset":0,"predicate":"held-in","source":"a","target":"b","weight":3}}]}}`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("cytoscape (-want +got):\n%s", diff)
	}
}
