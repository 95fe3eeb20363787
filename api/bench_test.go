package api

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// benchRoute measures one GET through the whole router against the fake
// store: middleware, parameter checks, the fake's work and JSON encoding.
func benchRoute(b *testing.B, target string) {
	h := New(testConfig(newFakeStore()))
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s = %d: %s", target, rec.Code, rec.Body)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

func BenchmarkSearch(b *testing.B) {
	benchRoute(b, "/api/v1/entities?q="+url.QueryEscape("亞信")+"&limit=20")
}

func BenchmarkNeighbors(b *testing.B) {
	benchRoute(b, "/api/v1/entities/cica-summit-4/neighbors?direction=both&depth=2&limit=100")
}

func BenchmarkSubgraphCytoscape(b *testing.B) {
	benchRoute(b, "/api/v1/subgraph?ids=cica,sco&expand=1")
}
