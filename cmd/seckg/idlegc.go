package main

import (
	"context"
	"net/http"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// idleGC runs the garbage collector while the server is idle, so that
// fewer collections fall inside a burst of requests. On one core a
// collection of a 1M-quad read index marks for about 150 ms of CPU, and
// while it marks, requests wait behind the collector's turns: p99 at 32
// connections went from 4-5 ms to 13-18 ms in the seconds that held one.
// Analysts' traffic comes in bursts (a view loads, then someone reads),
// and a collection in the pause between them costs nobody anything.
// Under sustained load there is no pause, and Go collects in band as
// before (BENCHMARKS.md has both figures).
type idleGC struct {
	inflight atomic.Int64
	last     atomic.Int64 // when the last request ended, Unix ns
	// idleFor is how long no request may have run, and minGrowth how much
	// the heap must have allocated since the last collection, before one
	// is started.
	idleFor   time.Duration
	minGrowth uint64
	// baseline is the heap's allocation count at the last collection and
	// cycles the collections seen, for the loop alone.
	baseline, cycles uint64
}

// idleGCPoll is how often the loop looks.
const idleGCPoll = 50 * time.Millisecond

func newIdleGC(idleFor time.Duration, minGrowth uint64) *idleGC {
	g := &idleGC{idleFor: idleFor, minGrowth: minGrowth}
	g.last.Store(time.Now().UnixNano())
	return g
}

// wrap counts h's requests in flight and notes when each ends.
func (g *idleGC) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.inflight.Add(1)
		defer func() {
			g.last.Store(time.Now().UnixNano())
			g.inflight.Add(-1)
		}()
		h.ServeHTTP(w, r)
	})
}

// due reports whether to collect now: nothing in flight, idle long
// enough, and enough allocated since the last collection to be worth a
// mark of the whole heap.
func (g *idleGC) due(now time.Time, allocated uint64) bool {
	return g.inflight.Load() == 0 && now.Sub(time.Unix(0, g.last.Load())) >= g.idleFor && allocated-g.baseline >= g.minGrowth
}

// run polls until ctx ends and collects when due.
func (g *idleGC) run(ctx context.Context) {
	sample := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}
	read := func() (allocs, cycles uint64) {
		metrics.Read(sample)
		return sample[0].Value.Uint64(), sample[1].Value.Uint64()
	}
	g.baseline, g.cycles = read()
	every(ctx, idleGCPoll, func() {
		allocs, cycles := read()
		switch {
		case cycles != g.cycles: // Go collected on its own: count from there
			g.baseline, g.cycles = allocs, cycles
		case g.due(time.Now(), allocs):
			runtime.GC()
			g.baseline, g.cycles = read()
		}
	})
}

// every calls fn every period until ctx ends.
func every(ctx context.Context, period time.Duration, fn func()) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}
