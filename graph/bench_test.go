package graph

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/seckg/seckg"
)

var benchQuads = flag.Int("graph.quads", 20000, "approximate size in quads of the graph the read benchmarks generate")

// genDoc makes document n of a synthetic graph over pool entities: ents
// mentions and rels relations, tails skewed towards low ids (hubs).
func genDoc(r *rand.Rand, n, pool, ents, rels int) seckg.Extraction {
	id := seckg.DocID(fmt.Sprintf("gen-%06d", n))
	x := seckg.Extraction{Doc: seckg.Document{ID: id, Title: fmt.Sprintf("文档%d", n), Hash: fmt.Sprintf("%x", n), Chars: 1000}}
	pick := func() int { return r.IntN(pool) }
	hub := func() int { return int(float64(pool) * r.Float64() * r.Float64() * r.Float64()) }
	mentioned := map[int]bool{}
	mention := func(e int) seckg.EntityID {
		eid := seckg.EntityID(fmt.Sprintf("e%07d", e))
		if !mentioned[e] {
			mentioned[e] = true
			t := seckg.NodeTypes[e%len(seckg.NodeTypes)]
			ent := seckg.Entity{ID: eid, Type: t, Name: fmt.Sprintf("实体%d", e), NameEN: fmt.Sprintf("Entity %d", e), Aliases: []string{fmt.Sprintf("E%d", e)}}
			if t == seckg.Event {
				ent.Attrs = map[string]string{seckg.AttrDate: fmt.Sprintf("%04d-%02d", 1950+e%75, 1+e%12)}
			}
			x.Entities = append(x.Entities, ent)
		}
		return eid
	}
	for len(mentioned) < ents {
		mention(pick())
	}
	for i := 0; i < rels; i++ {
		h, t := mention(pick()), mention(hub())
		p := seckg.Predicates[r.IntN(len(seckg.Predicates))]
		x.Relations = append(x.Relations, seckg.Relation{Head: h, Predicate: p, Tail: t,
			Evidence: ev(id, i*40, fmt.Sprintf("第%d句：%s %s %s。", i, h, p, t))})
	}
	return x
}

func benchOpen(b *testing.B, backend string) *Store {
	b.Helper()
	o := Options{Backend: backend}
	switch backend {
	case "bolt":
		o.Path = filepath.Join(b.TempDir(), "db")
	case "postgres":
		o.Path = postgresDSN(b)
	}
	s, err := Open(context.Background(), o)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkWriteDocument writes new documents of about 1,500 quads each.
func BenchmarkWriteDocument(b *testing.B) {
	for _, backend := range []string{"memory", "bolt", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			s := benchOpen(b, backend)
			r := rand.New(rand.NewPCG(1, 2))
			xs := make([]seckg.Extraction, 64)
			quads := 0
			for i := range xs {
				xs[i] = genDoc(r, i, 5000, 100, 200)
				quads += len(encode(normalize(xs[i])))
			}
			per := quads / len(xs)
			n := 0
			for b.Loop() {
				x := xs[n%len(xs)]
				x.Doc.ID = seckg.DocID(fmt.Sprintf("w-%d", n))
				for j := range x.Relations {
					x.Relations[j].Evidence = ev(x.Doc.ID, j*40, x.Relations[j].Evidence[0].Sentence)
				}
				if err := s.WriteDocument(b.Context(), x); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64(n*per)/b.Elapsed().Seconds(), "quads/s")
		})
	}
}

var (
	genMu    sync.Mutex
	genStore = map[int]*Store{}
)

// generated returns a memory store holding about *benchQuads quads,
// built once per size.
func generated(b *testing.B) *Store {
	b.Helper()
	genMu.Lock()
	defer genMu.Unlock()
	size := *benchQuads
	if s := genStore[size]; s != nil {
		return s
	}
	s, err := Open(context.Background(), Options{Backend: "memory"})
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	pool := max(size/15, 100)
	t0 := time.Now()
	for n := 0; ; n++ {
		st, _ := s.Stats(context.Background())
		if st.Quads >= size {
			b.Logf("generated %d quads, %d entities, %d relations in %s", st.Quads, st.Entities, st.Relations, time.Since(t0).Round(time.Millisecond))
			break
		}
		if err := s.WriteDocument(context.Background(), genDoc(r, n, pool, 100, 200)); err != nil {
			b.Fatal(err)
		}
	}
	genStore[size] = s
	return s
}

// latency runs op b.N times and reports the median and 99th percentile.
func latency(b *testing.B, op func(i int) error) {
	var ds []time.Duration
	i := 0
	for b.Loop() {
		t0 := time.Now()
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(t0))
		i++
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(ds[len(ds)*99/100].Microseconds()), "p99-µs")
}

func BenchmarkNeighbors(b *testing.B) {
	s := generated(b)
	s.mu.RLock()
	all := s.ix.sortedEntities()
	s.mu.RUnlock()
	for _, q := range []seckg.NeighborQuery{{Depth: 1}, {Depth: 2, Limit: 500}, {Depth: 3, Limit: 2000, Direction: seckg.Out}} {
		b.Run(fmt.Sprintf("depth%d-limit%d", q.Depth, q.Limit), func(b *testing.B) {
			r := rand.New(rand.NewPCG(5, 6))
			latency(b, func(int) error {
				_, err := s.Neighbors(b.Context(), all[r.IntN(len(all))], q)
				return err
			})
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	s := generated(b)
	pool := max(*benchQuads/15, 100)
	for _, kind := range []string{"exact", "prefix", "substring"} {
		b.Run(kind, func(b *testing.B) {
			r := rand.New(rand.NewPCG(7, 8))
			latency(b, func(int) error {
				e := r.IntN(pool)
				q := map[string]string{"exact": fmt.Sprintf("实体%d", e), "prefix": fmt.Sprintf("entity %d", e%100), "substring": fmt.Sprintf("%d", e%1000)}[kind]
				_, err := s.Search(b.Context(), seckg.SearchQuery{Q: q, Limit: 20})
				return err
			})
		})
	}
}

func BenchmarkPaths(b *testing.B) {
	s := generated(b)
	pool := max(*benchQuads/15, 100)
	r := rand.New(rand.NewPCG(9, 10))
	latency(b, func(int) error {
		from, to := seckg.EntityID(fmt.Sprintf("e%07d", r.IntN(pool))), seckg.EntityID(fmt.Sprintf("e%07d", r.IntN(pool)))
		_, err := s.Paths(b.Context(), from, to, 4, 3)
		if err != nil && !isKind(err, seckg.ErrNotFound) {
			return err
		}
		return nil
	})
}

// BenchmarkOpen reopens a bolt store of about -graph.quads quads,
// which rebuilds the read index from Cayley.
func BenchmarkOpen(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "db")
	s, err := Open(context.Background(), Options{Path: dir})
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(11, 12))
	pool := max(*benchQuads/15, 100)
	quads := 0
	for n := 0; quads < *benchQuads; n++ {
		if err := s.WriteDocument(context.Background(), genDoc(r, n, pool, 100, 200)); err != nil {
			b.Fatal(err)
		}
		st, _ := s.Stats(context.Background())
		quads = st.Quads
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s, err := Open(b.Context(), Options{Path: dir})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(float64(quads*b.N)/b.Elapsed().Seconds(), "quads/s")
}

// BenchmarkImportNQuads imports the N-Quads of 200 synthetic documents
// (about 20,000 quads) into a fresh store per iteration, on each backend.
func BenchmarkImportNQuads(b *testing.B) {
	nq := genNQuads(b, 200)
	for _, backend := range []string{"memory", "bolt", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			quads := 0
			for b.Loop() {
				b.StopTimer()
				s := benchOpen(b, backend)
				b.StartTimer()
				n, err := s.ImportNQuads(context.Background(), bytes.NewReader(nq))
				if err != nil {
					b.Fatal(err)
				}
				quads += n
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(quads)/b.Elapsed().Seconds(), "quads/s")
		})
	}
}
