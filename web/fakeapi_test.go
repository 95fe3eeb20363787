package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/seckg/seckg"
	"github.com/seckg/seckg/web"
)

// fakeGraph is an in-memory graph answering the /api/v1 routes the
// frontend uses, in the shapes of ARCHITECTURE.md § api, so that the
// browser tests exercise the frontend alone.
type fakeGraph struct {
	ents  map[seckg.EntityID]seckg.Entity
	order []seckg.EntityID
	rels  []seckg.Relation
	adj   map[seckg.EntityID][]int // indices into rels
}

func newFakeGraph(g seckg.Subgraph) *fakeGraph {
	f := &fakeGraph{ents: map[seckg.EntityID]seckg.Entity{}, adj: map[seckg.EntityID][]int{}, rels: g.Edges}
	for _, e := range g.Nodes {
		f.ents[e.ID] = e
		f.order = append(f.order, e.ID)
	}
	for i, r := range g.Edges {
		f.adj[r.Head] = append(f.adj[r.Head], i)
		if r.Tail != r.Head {
			f.adj[r.Tail] = append(f.adj[r.Tail], i)
		}
	}
	return f
}

func loadFixture(t testing.TB) *fakeGraph {
	t.Helper()
	b, err := os.ReadFile("testdata/graph.json")
	if err != nil {
		t.Fatal(err)
	}
	var g seckg.Subgraph
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("testdata/graph.json: %v", err)
	}
	return newFakeGraph(g)
}

// bigGraph is a hub with n-1 spokes plus a ring among the spokes.
func bigGraph(n int) *fakeGraph {
	var g seckg.Subgraph
	for i := 0; i < n; i++ {
		ty := seckg.NodeTypes[i%len(seckg.NodeTypes)]
		g.Nodes = append(g.Nodes, seckg.Entity{ID: seckg.EntityID(fmt.Sprintf("n%d", i)), Type: ty, Name: fmt.Sprintf("节点%d", i), NameEN: fmt.Sprintf("Node %d", i)})
	}
	g.Nodes[0].ID = "hub"
	for i := 1; i < n; i++ {
		p := seckg.Predicates[i%len(seckg.Predicates)]
		g.Edges = append(g.Edges, seckg.Relation{Head: g.Nodes[i].ID, Predicate: p, Tail: "hub",
			Evidence: []seckg.Evidence{{Doc: "big", Sentence: fmt.Sprintf("节点%d与中心相连。", i), Offset: i * 10}}})
		if i > 1 {
			g.Edges = append(g.Edges, seckg.Relation{Head: g.Nodes[i].ID, Predicate: seckg.PartOf, Tail: g.Nodes[i-1].ID})
		}
	}
	return newFakeGraph(g)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": msg}})
}

func brief(e seckg.Entity) seckg.Entity { e.Docs = nil; return e }

// handler serves web.FS() at / and the fake API under /api/v1.
func (f *fakeGraph) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /", http.FileServer(http.FS(web.FS())))
	mux.HandleFunc("GET /api/v1/health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /api/v1/entities", f.search)
	mux.HandleFunc("GET /api/v1/entities/{id}", f.entity)
	mux.HandleFunc("GET /api/v1/entities/{id}/neighbors", f.neighbors)
	mux.HandleFunc("GET /api/v1/paths", f.paths)
	mux.HandleFunc("GET /api/v1/timeline", f.timeline)
	return mux
}

func (f *fakeGraph) search(w http.ResponseWriter, r *http.Request) {
	q := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("q")))
	if q == "" {
		writeErr(w, 400, "invalid", "q is required")
		return
	}
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 {
		limit = 20
	}
	type hit struct {
		rank int
		e    seckg.Entity
	}
	var hits []hit
	for _, id := range f.order {
		e := f.ents[id]
		best := 99
		for _, s := range append([]string{e.Name, e.NameEN}, e.Aliases...) {
			s = strings.ToLower(s)
			switch {
			case s == "":
			case s == q:
				best = min(best, 0)
			case strings.HasPrefix(s, q):
				best = min(best, 1)
			case strings.Contains(s, q):
				best = min(best, 2)
			}
		}
		if best < 99 {
			hits = append(hits, hit{best, e})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].rank < hits[j].rank })
	res := seckg.SearchResult{Items: []seckg.Entity{}, Total: len(hits)}
	for i := 0; i < len(hits) && i < limit; i++ {
		res.Items = append(res.Items, hits[i].e)
	}
	writeJSON(w, 200, res)
}

func (f *fakeGraph) lookup(w http.ResponseWriter, r *http.Request) (seckg.Entity, bool) {
	id := seckg.EntityID(r.PathValue("id"))
	e, ok := f.ents[id]
	if !ok {
		writeErr(w, 404, "not_found", fmt.Sprintf("entity %q not found", id))
	}
	return e, ok
}

func (f *fakeGraph) entity(w http.ResponseWriter, r *http.Request) {
	e, ok := f.lookup(w, r)
	if !ok {
		return
	}
	d := seckg.EntityDetail{Entity: e, Relations: []seckg.Relation{}, Others: map[seckg.EntityID]seckg.Entity{}}
	for _, i := range f.adj[e.ID] {
		rel := f.rels[i]
		d.Relations = append(d.Relations, rel)
		for _, o := range []seckg.EntityID{rel.Head, rel.Tail} {
			if o != e.ID {
				d.Others[o] = brief(f.ents[o])
			}
		}
	}
	writeJSON(w, 200, d)
}

func (f *fakeGraph) neighbors(w http.ResponseWriter, r *http.Request) {
	e, ok := f.lookup(w, r)
	if !ok {
		return
	}
	g := seckg.Subgraph{Nodes: []seckg.Entity{e}, Edges: []seckg.Relation{}}
	seen := map[seckg.EntityID]bool{e.ID: true}
	for _, i := range f.adj[e.ID] {
		rel := f.rels[i]
		g.Edges = append(g.Edges, rel)
		for _, o := range []seckg.EntityID{rel.Head, rel.Tail} {
			if !seen[o] {
				seen[o] = true
				g.Nodes = append(g.Nodes, f.ents[o])
			}
		}
	}
	// The edges among the neighbours too, as a store's subgraph gives them.
	for _, rel := range f.rels {
		if rel.Head != e.ID && rel.Tail != e.ID && seen[rel.Head] && seen[rel.Tail] {
			g.Edges = append(g.Edges, rel)
		}
	}
	writeJSON(w, 200, g)
}

func (f *fakeGraph) paths(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, to := seckg.EntityID(q.Get("from")), seckg.EntityID(q.Get("to"))
	if _, ok := f.ents[from]; !ok {
		writeErr(w, 404, "not_found", fmt.Sprintf("entity %q not found", from))
		return
	}
	if _, ok := f.ents[to]; !ok {
		writeErr(w, 404, "not_found", fmt.Sprintf("entity %q not found", to))
		return
	}
	maxLen, _ := strconv.Atoi(q.Get("max"))
	k, _ := strconv.Atoi(q.Get("k"))
	if maxLen <= 0 {
		maxLen = 4
	}
	if k <= 0 {
		k = 3
	}
	var found []seckg.Path
	onPath := map[seckg.EntityID]bool{from: true}
	var nodes []seckg.EntityID
	var edges []seckg.Relation
	var dfs func(at seckg.EntityID)
	dfs = func(at seckg.EntityID) {
		if at == to {
			p := seckg.Path{Edges: append([]seckg.Relation(nil), edges...)}
			for _, id := range append([]seckg.EntityID{from}, nodes...) {
				p.Nodes = append(p.Nodes, brief(f.ents[id]))
			}
			found = append(found, p)
			return
		}
		if len(edges) == maxLen {
			return
		}
		for _, i := range f.adj[at] {
			rel := f.rels[i]
			next := rel.Tail
			if next == at {
				next = rel.Head
			}
			if onPath[next] {
				continue
			}
			onPath[next] = true
			nodes, edges = append(nodes, next), append(edges, rel)
			dfs(next)
			nodes, edges = nodes[:len(nodes)-1], edges[:len(edges)-1]
			onPath[next] = false
		}
	}
	dfs(from)
	sort.SliceStable(found, func(i, j int) bool { return len(found[i].Edges) < len(found[j].Edges) })
	if len(found) > k {
		found = found[:k]
	}
	writeJSON(w, 200, map[string]any{"paths": append([]seckg.Path{}, found...)})
}

func (f *fakeGraph) timeline(w http.ResponseWriter, r *http.Request) {
	scope := seckg.EntityID(r.URL.Query().Get("entity"))
	near := map[seckg.EntityID]bool{scope: true}
	for _, i := range f.adj[scope] {
		near[f.rels[i].Head], near[f.rels[i].Tail] = true, true
	}
	items := []seckg.TimelineItem{}
	for _, id := range f.order {
		e := f.ents[id]
		date := e.Attrs[seckg.AttrDate]
		if date == "" || (e.Type != seckg.Event && e.Type != seckg.DocumentType) || (scope != "" && !near[id]) {
			continue
		}
		it := seckg.TimelineItem{Date: date, Entity: brief(e)}
		for _, i := range f.adj[id] {
			it.Relations = append(it.Relations, f.rels[i])
		}
		items = append(items, it)
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Date < items[j].Date })
	writeJSON(w, 200, map[string]any{"items": items})
}
