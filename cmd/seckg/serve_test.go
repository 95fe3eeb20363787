package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seckg/seckg/api"
	"github.com/seckg/seckg/extract"
	"github.com/seckg/seckg/graph"
)

// TestServeEndToEnd ingests the sample corpus into a bolt store and asks
// the questions analysts ask, through the real handler over HTTP.
func TestServeEndToEnd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	cli(t, "ingest", "--db", db, "--quiet", corpus)
	ctx := context.Background()
	st, err := graph.Open(ctx, graph.Options{Backend: "bolt", Path: db})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	srv := httptest.NewServer(newHandler(st, p, api.Config{Token: "t0ken"}))
	defer srv.Close()

	get := func(t *testing.T, path string, wantStatus int) map[string]any {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != wantStatus {
			t.Fatalf("GET %s = %d, want %d: %s", path, resp.StatusCode, wantStatus, b)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("GET %s: %v", path, err)
		}
		return m
	}
	firstID := func(t *testing.T, q string) string {
		t.Helper()
		items, _ := get(t, "/api/v1/entities?q="+url.QueryEscape(q), 200)["items"].([]any)
		if len(items) == 0 {
			t.Fatalf("search %q found nothing", q)
		}
		return items[0].(map[string]any)["id"].(string)
	}

	cica := firstID(t, "亚信")
	for _, tt := range []struct{ name, q string }{{"Traditional", "亞信"}, {"English", "CICA"}} {
		t.Run(tt.name, func(t *testing.T) {
			if got := firstID(t, tt.q); got != cica {
				t.Errorf("search %q first hit = %s, want %s", tt.q, got, cica)
			}
		})
	}
	t.Run("entity has evidence", func(t *testing.T) {
		d := get(t, "/api/v1/entities/"+url.PathEscape(cica), 200)
		rels, _ := d["relations"].([]any)
		if len(rels) == 0 {
			t.Fatalf("entity %s has no relations", cica)
		}
		ev, _ := rels[0].(map[string]any)["evidence"].([]any)
		if len(ev) == 0 || ev[0].(map[string]any)["sentence"] == "" {
			t.Errorf("first relation of %s has no evidence sentence: %v", cica, rels[0])
		}
	})
	t.Run("Shanghai Five to SCO", func(t *testing.T) {
		from, to := firstID(t, "上海五国"), firstID(t, "上海合作组织")
		paths, _ := get(t, "/api/v1/paths?from="+url.QueryEscape(from)+"&to="+url.QueryEscape(to), 200)["paths"].([]any)
		if len(paths) == 0 {
			t.Errorf("no path from %s to %s", from, to)
		}
	})
	t.Run("timeline", func(t *testing.T) {
		items, _ := get(t, "/api/v1/timeline", 200)["items"].([]any)
		if len(items) < 5 {
			t.Errorf("timeline has %d items, want at least 5", len(items))
		}
	})
	t.Run("errors", func(t *testing.T) {
		get(t, "/api/v1/entities/no-such-entity", 404)
		get(t, "/api/v1/entities/"+url.PathEscape(cica)+"/neighbors?depth=9", 400)
	})
	t.Run("graphml export", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "/api/v1/export.graphml")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || !strings.Contains(string(b), "<graphml") || strings.Count(string(b), "<edge ") < 80 {
			t.Errorf("export.graphml = %d, %d bytes, %d edges", resp.StatusCode, len(b), strings.Count(string(b), "<edge "))
		}
	})
	t.Run("UI at /", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if !strings.Contains(strings.ToLower(string(b)), "<html") {
			t.Errorf("/ does not serve the UI: %.200s", b)
		}
	})
}
