package api

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
)

// TestLiveOpenAPI checks the answers of a running server (seckg serve on a
// real store) against the OpenAPI document. It runs only when
// SECKG_API_URL is set, e.g. SECKG_API_URL=http://127.0.0.1:8080; with
// SECKG_API_TOKEN it also posts and deletes a document.
func TestLiveOpenAPI(t *testing.T) {
	base := os.Getenv("SECKG_API_URL")
	if base == "" {
		t.Skip("SECKG_API_URL not set")
	}
	token := os.Getenv("SECKG_API_TOKEN")
	call := func(method, path, ctype, body string, auth bool) (int, []byte) {
		t.Helper()
		var r io.Reader
		if body != "" {
			r = strings.NewReader(body)
		}
		req, err := http.NewRequestWithContext(t.Context(), method, base+path, r)
		if err != nil {
			t.Fatal(err)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		if auth && token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		raw, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		validateAnswer(t, req, resp.StatusCode, resp.Header, raw)
		return resp.StatusCode, raw
	}
	first := func(q string) string {
		t.Helper()
		_, raw := call("GET", "/api/v1/entities?q="+url.QueryEscape(q), "", "", false)
		var res struct{ Items []struct{ ID string } }
		if err := json.Unmarshal(raw, &res); err != nil || len(res.Items) == 0 {
			t.Fatalf("search %s found nothing: %s", q, raw)
		}
		return res.Items[0].ID
	}
	cica, sco, five := url.PathEscape(first("亚信")), url.QueryEscape(first("上海合作组织")), url.QueryEscape(first("上海五国"))
	for _, p := range []string{
		"/api/v1/health", "/api/v1/stats", "/api/v1/openapi.json",
		"/api/v1/entities?q=CICA&limit=3", "/api/v1/entities?q=" + url.QueryEscape("会议") + "&type=Event&limit=2",
		"/api/v1/entities/" + cica, "/api/v1/entities/no-such-entity-xyz",
		"/api/v1/entities/" + cica + "/neighbors?direction=both&depth=2", "/api/v1/entities/" + cica + "/neighbors?depth=99",
		"/api/v1/paths?from=" + five + "&to=" + sco + "&max=4&k=3",
		"/api/v1/timeline", "/api/v1/timeline?from=2010&to=2020",
		"/api/v1/subgraph?ids=" + cica + "&expand=1&format=cytoscape", "/api/v1/subgraph?ids=" + cica + "&expand=1&format=graphml",
		"/api/v1/export.graphml", "/api/v1/export.gexf?types=Event,Organization", "/api/v1/export.json",
		"/api/v1/export.jsonld", "/api/v1/export.nq",
	} {
		if code, raw := call("GET", p, "", "", false); code >= 500 {
			t.Errorf("GET %s = %d: %.200s", p, code, raw)
		}
	}
	_, raw := call("GET", "/api/v1/documents", "", "", false)
	var docs struct{ Items []struct{ ID string } }
	if err := json.Unmarshal(raw, &docs); err != nil || len(docs.Items) == 0 {
		t.Fatalf("GET /documents: %s", raw)
	}
	call("GET", "/api/v1/documents/"+url.PathEscape(docs.Items[0].ID), "", "", false)
	if code, raw := call("POST", "/api/v1/query", "application/json", `{"lang":"gizmo","query":"g.V().Limit(5).All()"}`, false); code != 200 {
		t.Errorf("gizmo query = %d: %s", code, raw)
	}
	call("POST", "/api/v1/query", "application/json", `{"lang":"gizmo","query":"g.V("}`, false)
	if token == "" {
		return
	}
	code, raw := call("POST", "/api/v1/documents?id=live-openapi-check", "text/plain; charset=utf-8",
		"2030年，亚洲相互协作与信任措施会议第九次峰会在测试城举行。", true)
	if code != http.StatusCreated {
		t.Fatalf("POST /documents = %d: %s", code, raw)
	}
	call("GET", "/api/v1/documents/live-openapi-check", "", "", false)
	if code, raw := call("DELETE", "/api/v1/documents/live-openapi-check", "", "", true); code != 200 {
		t.Errorf("DELETE = %d: %s", code, raw)
	}
}
