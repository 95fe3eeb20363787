package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestIdleGCDue(t *testing.T) {
	start := time.Unix(1000, 0)
	tests := []struct {
		name      string
		inflight  int64
		idle      time.Duration
		allocated uint64
		want      bool
	}{
		{"idle and grown", 0, 300 * time.Millisecond, 200 << 20, true},
		{"a request in flight", 1, 300 * time.Millisecond, 200 << 20, false},
		{"not idle long enough", 0, 100 * time.Millisecond, 200 << 20, false},
		{"too little allocated", 0, time.Second, 10 << 20, false},
		{"exactly the thresholds", 0, 250 * time.Millisecond, 128 << 20, true},
	}
	for _, tt := range tests {
		g := newIdleGC(250*time.Millisecond, 128<<20)
		g.baseline = 1 << 20
		g.last.Store(start.UnixNano())
		g.inflight.Store(tt.inflight)
		if got := g.due(start.Add(tt.idle), g.baseline+tt.allocated); got != tt.want {
			t.Errorf("%s: due = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestIdleGCWrap checks that wrap counts a request while it runs and notes
// when it ended.
func TestIdleGCWrap(t *testing.T) {
	g := newIdleGC(time.Second, 0)
	g.last.Store(0)
	var during int64
	h := g.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { during = g.inflight.Load() }))
	before := time.Now().UnixNano()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	if during != 1 || g.inflight.Load() != 0 {
		t.Errorf("in flight during the request %d, after %d; want 1 and 0", during, g.inflight.Load())
	}
	if g.last.Load() < before {
		t.Errorf("last request end %d is before the request (%d)", g.last.Load(), before)
	}
}
