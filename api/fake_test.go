package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/seckg/seckg"
)

// fakeStore is a small in-memory Store holding a handful of entities and
// relations.
type fakeStore struct {
	mu         sync.Mutex
	entities   map[seckg.EntityID]seckg.Entity
	relations  []seckg.Relation
	docs       map[seckg.DocID]seckg.Extraction
	release    chan struct{} // a "while(true)" query waits here, ignoring ctx
	panicStats bool
}

func ev(doc, sentence string) []seckg.Evidence {
	return []seckg.Evidence{{Doc: seckg.DocID(doc), Sentence: sentence, Offset: 0}}
}

func newFakeStore() *fakeStore {
	es := []seckg.Entity{
		{ID: "cica", Type: seckg.Organization, Name: "亚洲相互协作与信任措施会议", NameEN: "Conference on Interaction and Confidence-Building Measures in Asia",
			Aliases: []string{"亚信", "亞信", "CICA"}, Docs: []seckg.DocID{"cica-2014"}},
		{ID: "sco", Type: seckg.Organization, Name: "上海合作组织", NameEN: "Shanghai Cooperation Organisation", Aliases: []string{"上合组织", "SCO"}, Docs: []seckg.DocID{"sco-2001"}},
		{ID: "shanghai-five", Type: seckg.Organization, Name: "上海五国", Docs: []seckg.DocID{"sco-2001"}},
		{ID: "cica-summit-4", Type: seckg.Event, Name: "亚信第四次峰会", Attrs: map[string]string{"date": "2014-05-21", "place": "shanghai", "number": "4"}, Docs: []seckg.DocID{"cica-2014"}},
		{ID: "shanghai", Type: seckg.Place, Name: "上海", Docs: []seckg.DocID{"cica-2014"}},
		{ID: "xi-jinping", Type: seckg.Person, Name: "习近平", NameEN: "Xi Jinping", Docs: []seckg.DocID{"cica-2014"}},
		{ID: "concept:亚洲安全观", Type: seckg.Concept, Name: "亚洲安全观", Docs: []seckg.DocID{"cica-2014"}},
	}
	s := &fakeStore{entities: map[seckg.EntityID]seckg.Entity{}, docs: map[seckg.DocID]seckg.Extraction{}, release: make(chan struct{})}
	for _, e := range es {
		s.entities[e.ID] = e
	}
	s.relations = []seckg.Relation{
		{Head: "shanghai-five", Predicate: seckg.EvolvedInto, Tail: "sco", Evidence: ev("sco-2001", "“上海五国”机制发展为上海合作组织。")},
		{Head: "cica-summit-4", Predicate: seckg.PartOf, Tail: "cica", Evidence: ev("cica-2014", "亚信第四次峰会在上海举行。")},
		{Head: "cica-summit-4", Predicate: seckg.HeldIn, Tail: "shanghai", Evidence: ev("cica-2014", "亚信第四次峰会在上海举行。")},
		{Head: "concept:亚洲安全观", Predicate: seckg.ProposedBy, Tail: "xi-jinping", Evidence: ev("cica-2014", "习近平提出亚洲安全观。")},
	}
	s.docs["cica-2014"] = seckg.Extraction{Doc: seckg.Document{ID: "cica-2014", Title: "亚信第四次峰会", Chars: 120}}
	s.docs["sco-2001"] = seckg.Extraction{Doc: seckg.Document{ID: "sco-2001", Title: "上海合作组织成立宣言", Chars: 80}}
	return s
}

func (s *fakeStore) Stats(ctx context.Context) (seckg.Stats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.panicStats {
		panic("fake stats panic")
	}
	st := seckg.Stats{Documents: len(s.docs), Entities: len(s.entities), Relations: len(s.relations),
		ByType: map[seckg.NodeType]int{}, ByPredicate: map[seckg.Predicate]int{}}
	for _, e := range s.entities {
		st.ByType[e.Type]++
	}
	for _, r := range s.relations {
		st.ByPredicate[r.Predicate]++
	}
	return st, nil
}

func (s *fakeStore) Search(ctx context.Context, q seckg.SearchQuery) (seckg.SearchResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var res seckg.SearchResult
	for _, e := range s.sorted() {
		if q.Type != "" && e.Type != q.Type {
			continue
		}
		names := append([]string{e.Name, e.NameEN}, e.Aliases...)
		if slices.ContainsFunc(names, func(n string) bool { return n != "" && strings.Contains(n, q.Q) }) {
			res.Total++
			if len(res.Items) < q.Limit {
				res.Items = append(res.Items, e)
			}
		}
	}
	if res.Total > len(res.Items) {
		res.NextCursor = "next"
	}
	return res, nil
}

// sorted lists the entities in id order; s.mu is held.
func (s *fakeStore) sorted() []seckg.Entity {
	var out []seckg.Entity
	for _, e := range s.entities {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b seckg.Entity) int { return strings.Compare(string(a.ID), string(b.ID)) })
	return out
}

func (s *fakeStore) Entity(ctx context.Context, id seckg.EntityID) (seckg.EntityDetail, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entities[id]
	if !ok {
		return seckg.EntityDetail{}, fmt.Errorf("fake: entity %s: %w", id, seckg.ErrNotFound)
	}
	d := seckg.EntityDetail{Entity: e, Others: map[seckg.EntityID]seckg.Entity{}}
	for _, r := range s.relations {
		if r.Head == id || r.Tail == id {
			d.Relations = append(d.Relations, r)
			other := r.Tail
			if other == id {
				other = r.Head
			}
			o := s.entities[other]
			o.Docs = nil
			d.Others[other] = o
		}
	}
	return d, nil
}

func (s *fakeStore) Neighbors(ctx context.Context, id seckg.EntityID, q seckg.NeighborQuery) (seckg.Subgraph, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entities[id]
	if !ok {
		return seckg.Subgraph{}, seckg.ErrNotFound
	}
	g := seckg.Subgraph{Nodes: []seckg.Entity{e}}
	for _, r := range s.relations {
		if (r.Head == id && q.Direction != seckg.In) || (r.Tail == id && q.Direction != seckg.Out) {
			if len(q.Predicates) > 0 && !slices.Contains(q.Predicates, r.Predicate) {
				continue
			}
			other := r.Tail
			if other == id {
				other = r.Head
			}
			g.Nodes = append(g.Nodes, s.entities[other])
			g.Edges = append(g.Edges, r)
		}
	}
	return g, nil
}

func (s *fakeStore) Paths(ctx context.Context, from, to seckg.EntityID, maxLen, k int) ([]seckg.Path, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok1 := s.entities[from]
	b, ok2 := s.entities[to]
	if !ok1 || !ok2 {
		return nil, seckg.Errorf(seckg.ErrNotFound, "no such entity")
	}
	var ps []seckg.Path
	for _, r := range s.relations {
		if (r.Head == from && r.Tail == to) || (r.Head == to && r.Tail == from) {
			ps = append(ps, seckg.Path{Nodes: []seckg.Entity{a, b}, Edges: []seckg.Relation{r}})
		}
	}
	return ps, nil
}

func (s *fakeStore) Timeline(ctx context.Context, entity seckg.EntityID, from, to string) ([]seckg.TimelineItem, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.entities[entity]; entity != "" && !ok {
		return nil, seckg.ErrNotFound
	}
	var items []seckg.TimelineItem
	for _, e := range s.sorted() {
		if d := e.Attrs["date"]; d != "" && (from == "" || d >= from) && (to == "" || d <= to) {
			items = append(items, seckg.TimelineItem{Date: d, Entity: e})
		}
	}
	return items, nil
}

func (s *fakeStore) Subgraph(ctx context.Context, ids []seckg.EntityID, expand int) (seckg.Subgraph, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := map[seckg.EntityID]bool{}
	for _, id := range ids {
		if _, ok := s.entities[id]; !ok {
			return seckg.Subgraph{}, seckg.Errorf(seckg.ErrNotFound, "no entity "+string(id))
		}
		in[id] = true
	}
	for range expand {
		for _, r := range s.relations {
			if in[r.Head] || in[r.Tail] {
				in[r.Head], in[r.Tail] = true, true
			}
		}
	}
	var g seckg.Subgraph
	for _, e := range s.sorted() {
		if in[e.ID] {
			g.Nodes = append(g.Nodes, e)
		}
	}
	for _, r := range s.relations {
		if in[r.Head] && in[r.Tail] {
			g.Edges = append(g.Edges, r)
		}
	}
	return g, nil
}

func (s *fakeStore) Documents(ctx context.Context) ([]seckg.Document, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []seckg.Document
	for _, x := range s.docs {
		out = append(out, x.Doc)
	}
	slices.SortFunc(out, func(a, b seckg.Document) int { return strings.Compare(string(a.ID), string(b.ID)) })
	return out, nil
}

func (s *fakeStore) Document(ctx context.Context, id seckg.DocID) (seckg.DocumentDetail, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	x, ok := s.docs[id]
	if !ok {
		return seckg.DocumentDetail{}, seckg.ErrNotFound
	}
	return seckg.DocumentDetail{Document: x.Doc, Entities: x.Entities, Relations: x.Relations}, nil
}

func (s *fakeStore) WriteDocument(ctx context.Context, x seckg.Extraction) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[x.Doc.ID] = x
	return nil
}

func (s *fakeStore) DeleteDocument(ctx context.Context, id seckg.DocID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.docs[id]; !ok {
		return fmt.Errorf("fake: delete %s: %w", id, seckg.ErrNotFound)
	}
	delete(s.docs, id)
	return nil
}

// Query answers "slow" by waiting for ctx, "while(true)" by waiting for
// s.release whatever ctx says, "bad" with an invalid error, and anything
// else with two results.
func (s *fakeStore) Query(ctx context.Context, lang, query string, limit int) ([]any, error) {
	switch {
	case strings.Contains(query, "while(true)"):
		<-s.release
		return nil, nil
	case query == "slow":
		<-ctx.Done()
		return nil, fmt.Errorf("fake: query: %w", ctx.Err())
	case query == "bad":
		return nil, seckg.Errorf(seckg.ErrInvalid, "query: syntax error at line 1")
	case query == "boom":
		return nil, fmt.Errorf("fake: query: backend secret failure")
	}
	return []any{map[string]any{"id": "cica"}, map[string]any{"id": "sco"}}, nil
}

func (s *fakeStore) WriteNQuads(ctx context.Context, w io.Writer) error {
	_, err := io.WriteString(w, "<cica> <rdf:type> <Organization> .\n")
	return err
}

// fakeExtractor finds the fake store's entity names in the text.
type fakeExtractor struct{}

func (fakeExtractor) Extract(ctx context.Context, id seckg.DocID, raw []byte) (seckg.Extraction, error) {
	if slices.Contains(raw, 0) {
		return seckg.Extraction{}, seckg.Errorf(seckg.ErrInvalid, "the file is binary, not text")
	}
	text := string(raw)
	x := seckg.Extraction{Doc: seckg.Document{ID: id, Title: strings.SplitN(text, "\n", 2)[0], Chars: len([]rune(text))}}
	if strings.Contains(text, "亚洲相互协作与信任措施会议") {
		x.Entities = append(x.Entities, seckg.Entity{ID: "cica", Type: seckg.Organization, Name: "亚洲相互协作与信任措施会议"})
	}
	return x, nil
}

// fakeExport writes a tiny file of the format.
func fakeExport(ctx context.Context, w io.Writer, format string, f seckg.Filter) error {
	switch format {
	case "graphml":
		_, err := io.WriteString(w, `<?xml version="1.0"?><graphml></graphml>`)
		return err
	case "gexf":
		_, err := io.WriteString(w, `<?xml version="1.0"?><gexf></gexf>`)
		return err
	case "cytoscape":
		_, err := io.WriteString(w, `{"elements":{"nodes":[{"data":{"id":"cica","label":"亚信","type":"Organization"}}],"edges":[]}}`)
		return err
	case "jsonld":
		_, err := io.WriteString(w, `{"@context":{},"@graph":[]}`)
		return err
	}
	return seckg.Errorf(seckg.ErrInvalid, "unknown format "+format)
}

// fakeSubgraphWriter stands in for export.WriteSubgraph.
func fakeSubgraphWriter(w io.Writer, format string, g seckg.Subgraph) error {
	switch format {
	case "cytoscape":
		return json.NewEncoder(w).Encode(cytoscape(g))
	case "graphml":
		_, err := fmt.Fprintf(w, `<?xml version="1.0"?><graphml><graph nodes="%d"/></graphml>`, len(g.Nodes))
		return err
	}
	return seckg.Errorf(seckg.ErrInvalid, "unknown format "+format)
}
