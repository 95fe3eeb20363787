package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/google/go-cmp/cmp"

	"github.com/seckg/seckg"
)

// opener opens a fresh store; reopen (nil for memory) opens the same one again.
type backend struct {
	name string
	open func(t *testing.T) (s *Store, reopen func() *Store)
}

func backends() []backend {
	return []backend{
		{"memory", func(t *testing.T) (*Store, func() *Store) {
			return mustOpen(t, Options{Backend: "memory"}), nil
		}},
		{"bolt", func(t *testing.T) (*Store, func() *Store) {
			o := Options{Backend: "bolt", Path: filepath.Join(t.TempDir(), "db")}
			return mustOpen(t, o), func() *Store { return mustOpen(t, o) }
		}},
		{"postgres", func(t *testing.T) (*Store, func() *Store) {
			o := Options{Backend: "postgres", Path: postgresDSN(t)}
			return mustOpen(t, o), func() *Store { return mustOpen(t, o) }
		}},
	}
}

func mustOpen(t testing.TB, o Options) *Store {
	t.Helper()
	s, err := Open(context.Background(), o)
	if err != nil {
		t.Fatalf("Open(%+v) = %v", o, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func ev(doc seckg.DocID, off int, s string) []seckg.Evidence {
	return []seckg.Evidence{{Doc: doc, Offset: off, Sentence: s}}
}

// docA and docB are two documents that overlap on cica and china.
func docA() seckg.Extraction {
	return seckg.Extraction{
		Doc: seckg.Document{ID: "cica-2014", Title: "亚信第四次峰会", Source: "cica-2014.txt", Date: "2014-05-21", Hash: "aaaa", Chars: 120},
		Entities: []seckg.Entity{
			{ID: "cica", Type: seckg.Organization, Name: "亚洲相互协作与信任措施会议", NameEN: "Conference on Interaction and Confidence-Building Measures in Asia", Aliases: []string{"亚信会议", "亚信", "CICA"}},
			{ID: "cica-summit-4", Type: seckg.Event, Name: "亚信第四次峰会", Attrs: map[string]string{seckg.AttrDate: "2014-05-21", seckg.AttrPlace: "shanghai"}},
			{ID: "shanghai", Type: seckg.Place, Name: "上海"},
			{ID: "xi-jinping", Type: seckg.Person, Name: "习近平"},
			{ID: "asian-security-concept", Type: seckg.Concept, Name: "亚洲安全观"},
			{ID: "china", Type: seckg.Country, Name: "中国"},
		},
		Relations: []seckg.Relation{
			{Head: "cica-summit-4", Predicate: seckg.PartOf, Tail: "cica", Evidence: ev("cica-2014", 0, "亚信第四次峰会在上海举行。")},
			{Head: "cica-summit-4", Predicate: seckg.HeldIn, Tail: "shanghai", Evidence: ev("cica-2014", 0, "亚信第四次峰会在上海举行。")},
			{Head: "asian-security-concept", Predicate: seckg.ProposedBy, Tail: "xi-jinping", Evidence: ev("cica-2014", 14, "习近平提出亚洲安全观。")},
			{Head: "asian-security-concept", Predicate: seckg.AdoptedAt, Tail: "cica-summit-4", Evidence: ev("cica-2014", 14, "习近平提出亚洲安全观。")},
			{Head: "china", Predicate: seckg.MemberOf, Tail: "cica", Evidence: ev("cica-2014", 30, "中国是亚信成员国。")},
		},
	}
}

func docB() seckg.Extraction {
	return seckg.Extraction{
		Doc: seckg.Document{ID: "cica-2015", Title: "亚信安全合作", Hash: "bbbb", Chars: 90},
		Entities: []seckg.Entity{
			{ID: "cica", Type: seckg.Organization, Name: "亚洲相互协作与信任措施会议", Aliases: []string{"亚信", "СВМДА"}},
			{ID: "china", Type: seckg.Country, Name: "中国"},
			{ID: "kazakhstan", Type: seckg.Country, Name: "哈萨克斯坦"},
			{ID: "nazarbayev", Type: seckg.Person, Name: "纳扎尔巴耶夫"},
			{ID: "bandung-1955", Type: seckg.Event, Name: "万隆会议", Attrs: map[string]string{seckg.AttrDate: "1955"}},
			{ID: "concept:新亚信安全", Type: seckg.Concept, Name: "新亚信安全"},
		},
		Relations: []seckg.Relation{
			{Head: "cica", Predicate: seckg.ProposedBy, Tail: "nazarbayev", Evidence: ev("cica-2015", 0, "纳扎尔巴耶夫倡议成立亚信。")},
			{Head: "kazakhstan", Predicate: seckg.MemberOf, Tail: "cica", Evidence: ev("cica-2015", 20, "哈萨克斯坦是亚信成员国。")},
			{Head: "china", Predicate: seckg.MemberOf, Tail: "cica", Evidence: ev("cica-2015", 40, "中国是亚信成员国。")},
			{Head: "nazarbayev", Predicate: seckg.BasedOn, Tail: "bandung-1955", Evidence: ev("cica-2015", 60, "继承万隆会议精神。")},
		},
	}
}

// quadCount is what Cayley itself holds.
func quadCount(t *testing.T, s *Store) int64 {
	t.Helper()
	st, err := s.qs.Stats(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	return st.Quads.Size
}

func write(t *testing.T, s *Store, xs ...seckg.Extraction) {
	t.Helper()
	for _, x := range xs {
		if err := s.WriteDocument(t.Context(), x); err != nil {
			t.Fatalf("WriteDocument(%s) = %v", x.Doc.ID, err)
		}
	}
}

// dump is the whole graph as the exporters see it.
type dump struct {
	Entities  []seckg.Entity
	Relations []seckg.Relation
	Docs      []seckg.Document
}

func dumpOf(t *testing.T, s *Store) dump {
	t.Helper()
	var d dump
	ctx := t.Context()
	if err := s.EachEntity(ctx, seckg.Filter{}, func(e seckg.Entity) error { d.Entities = append(d.Entities, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.EachRelation(ctx, seckg.Filter{}, func(r seckg.Relation) error { d.Relations = append(d.Relations, r); return nil }); err != nil {
		t.Fatal(err)
	}
	var err error
	if d.Docs, err = s.Documents(ctx); err != nil {
		t.Fatal(err)
	}
	return d
}

func isKind(err, kind error) bool {
	var e *seckg.Error
	return errors.Is(err, kind) && (kind == seckg.ErrNotFound || errors.As(err, &e))
}

func ids(es []seckg.Entity) []seckg.EntityID {
	out := []seckg.EntityID{}
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func TestStore(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			if b.name == "postgres" {
				postgresDSN(t) // skip or fail early, once
			}
			for _, c := range suite {
				t.Run(c.name, func(t *testing.T) {
					s, reopen := b.open(t)
					c.run(t, s, reopen)
				})
			}
		})
	}
}

var suite = []struct {
	name string
	run  func(t *testing.T, s *Store, reopen func() *Store)
}{
	{"write and read", func(t *testing.T, s *Store, _ func() *Store) {
		write(t, s, docA())
		ed, err := s.Entity(t.Context(), "cica")
		if err != nil {
			t.Fatal(err)
		}
		want := seckg.Entity{ID: "cica", Type: seckg.Organization, Name: "亚洲相互协作与信任措施会议", NameEN: "Conference on Interaction and Confidence-Building Measures in Asia",
			Aliases: []string{"CICA", "亚信", "亚信会议"}, Docs: []seckg.DocID{"cica-2014"}}
		if d := cmp.Diff(want, ed.Entity); d != "" {
			t.Errorf("Entity(cica) (-want +got):\n%s", d)
		}
		if got := len(ed.Relations); got != 2 {
			t.Errorf("Entity(cica) has %d relations, want 2", got)
		}
		if _, ok := ed.Others["china"]; !ok {
			t.Errorf("Entity(cica).Others lacks china: %v", ed.Others)
		}
		dd, err := s.Document(t.Context(), "cica-2014")
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(docA().Doc, dd.Document); d != "" {
			t.Errorf("Document (-want +got):\n%s", d)
		}
		if len(dd.Entities) != 6 || len(dd.Relations) != 5 {
			t.Errorf("Document: %d entities, %d relations, want 6, 5", len(dd.Entities), len(dd.Relations))
		}
		if h, _ := s.DocumentHash(t.Context(), "cica-2014"); h != "aaaa" {
			t.Errorf("DocumentHash = %q, want aaaa", h)
		}
		if h, _ := s.DocumentHash(t.Context(), "nope"); h != "" {
			t.Errorf("DocumentHash(unknown) = %q, want empty", h)
		}
		if _, err := s.Entity(t.Context(), "nope"); !errors.Is(err, seckg.ErrNotFound) {
			t.Errorf("Entity(unknown) = %v, want ErrNotFound", err)
		}
	}},
	{"replace is idempotent", func(t *testing.T, s *Store, _ func() *Store) {
		write(t, s, docA())
		st1, _ := s.Stats(t.Context())
		n1 := quadCount(t, s)
		write(t, s, docA(), docA())
		st2, _ := s.Stats(t.Context())
		if d := cmp.Diff(st1, st2); d != "" {
			t.Errorf("Stats after rewriting (-first +again):\n%s", d)
		}
		if n2 := quadCount(t, s); n2 != n1 || int64(st2.Quads) != n2 {
			t.Errorf("quads: first %d, again %d, stats %d; want all equal", n1, n2, st2.Quads)
		}
		x := docA()
		x.Relations = x.Relations[:1]
		x.Entities = x.Entities[:2]
		x.Doc.Hash = "cccc"
		write(t, s, x)
		d := dumpOf(t, s)
		if got, want := ids(d.Entities), []seckg.EntityID{"cica", "cica-summit-4"}; !cmp.Equal(got, want) {
			t.Errorf("entities after replace = %v, want %v", got, want)
		}
		if len(d.Relations) != 1 {
			t.Errorf("relations after replace = %v, want 1", d.Relations)
		}
		st, _ := s.Stats(t.Context())
		if int64(st.Quads) != quadCount(t, s) {
			t.Errorf("Stats.Quads = %d, Cayley holds %d", st.Quads, quadCount(t, s))
		}
	}},
	{"write is atomic", func(t *testing.T, s *Store, _ func() *Store) {
		write(t, s, docA())
		before, n := dumpOf(t, s), quadCount(t, s)
		bad := docB()
		bad.Relations = append(bad.Relations, seckg.Relation{Head: "a", Predicate: "likes", Tail: "b"})
		if err := s.WriteDocument(t.Context(), bad); !isKind(err, seckg.ErrInvalid) {
			t.Errorf("WriteDocument(unknown predicate) = %v, want ErrInvalid", err)
		}
		// a failing transaction leaves store and index as they were
		pg := s.pg // the failing backend must fail PostgreSQL's bulk path too
		s.qs, s.pg = failingQS{s.qs}, nil
		x := docA()
		x.Entities = x.Entities[:1]
		if err := s.WriteDocument(t.Context(), x); err == nil {
			t.Error("WriteDocument with a failing backend succeeded")
		}
		if err := s.WriteDocument(t.Context(), docB()); err == nil {
			t.Error("WriteDocument with a failing backend succeeded")
		}
		s.qs, s.pg = s.qs.(failingQS).QuadStore, pg
		if d := cmp.Diff(before, dumpOf(t, s)); d != "" {
			t.Errorf("graph changed by failed writes (-before +after):\n%s", d)
		}
		if got := quadCount(t, s); got != n {
			t.Errorf("quads = %d after failed writes, want %d", got, n)
		}
		if err := s.WriteDocument(t.Context(), seckg.Extraction{Doc: seckg.Document{ID: "../x"}}); !isKind(err, seckg.ErrInvalid) {
			t.Errorf("WriteDocument(../x) = %v, want ErrInvalid", err)
		}
	}},
	{"merge and delete", func(t *testing.T, s *Store, _ func() *Store) {
		write(t, s, docA(), docB())
		ed, err := s.Entity(t.Context(), "cica")
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"CICA", "СВМДА", "亚信", "亚信会议"}; !cmp.Equal(ed.Entity.Aliases, want) {
			t.Errorf("merged aliases = %v, want %v", ed.Entity.Aliases, want)
		}
		if want := []seckg.DocID{"cica-2014", "cica-2015"}; !cmp.Equal(ed.Entity.Docs, want) {
			t.Errorf("merged docs = %v, want %v", ed.Entity.Docs, want)
		}
		if ed.Entity.NameEN == "" {
			t.Error("merged entity lost its English name")
		}
		var member seckg.Relation
		for _, r := range ed.Relations {
			if r.Head == "china" {
				member = r
			}
		}
		if len(member.Evidence) != 2 {
			t.Errorf("china member-of cica evidence = %v, want one per document", member.Evidence)
		}
		if err := s.DeleteDocument(t.Context(), "cica-2014"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteDocument(t.Context(), "cica-2014"); !errors.Is(err, seckg.ErrNotFound) {
			t.Errorf("DeleteDocument twice = %v, want ErrNotFound", err)
		}
		ed, err = s.Entity(t.Context(), "cica")
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"СВМДА", "亚信"}; !cmp.Equal(ed.Entity.Aliases, want) {
			t.Errorf("aliases after delete = %v, want %v", ed.Entity.Aliases, want)
		}
		if _, err := s.Entity(t.Context(), "xi-jinping"); !errors.Is(err, seckg.ErrNotFound) {
			t.Errorf("Entity(xi-jinping) after delete = %v, want ErrNotFound", err)
		}
		other := mustOpen(t, Options{Backend: "memory"})
		write(t, other, docB())
		if d := cmp.Diff(dumpOf(t, other), dumpOf(t, s)); d != "" {
			t.Errorf("A+B-A differs from B (-B +A+B-A):\n%s", d)
		}
		if a, b := quadCount(t, s), quadCount(t, other); a != b {
			t.Errorf("quads A+B-A = %d, B = %d", a, b)
		}
	}},
	{"search", func(t *testing.T, s *Store, _ func() *Store) {
		write(t, s, docA(), docB())
		for _, tt := range []struct {
			name string
			q    seckg.SearchQuery
			want []seckg.EntityID
		}{
			{"exact prefix substring", seckg.SearchQuery{Q: "亚信"}, []seckg.EntityID{"cica", "cica-summit-4", "concept:新亚信安全"}},
			{"case-insensitive english", seckg.SearchQuery{Q: "cica"}, []seckg.EntityID{"cica"}},
			{"english substring", seckg.SearchQuery{Q: "confidence"}, []seckg.EntityID{"cica"}},
			{"cyrillic alias", seckg.SearchQuery{Q: "свмда"}, []seckg.EntityID{"cica"}},
			{"type filter", seckg.SearchQuery{Q: "亚信", Type: seckg.Event}, []seckg.EntityID{"cica-summit-4"}},
			{"degree breaks ties", seckg.SearchQuery{Type: seckg.Country}, []seckg.EntityID{"china", "kazakhstan"}},
			{"no match", seckg.SearchQuery{Q: "北约"}, []seckg.EntityID{}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res, err := s.Search(t.Context(), tt.q)
				if err != nil {
					t.Fatal(err)
				}
				if got := ids(res.Items); !cmp.Equal(got, tt.want) || res.Total != len(tt.want) {
					t.Errorf("Search(%+v) = %v (total %d), want %v", tt.q, got, res.Total, tt.want)
				}
			})
		}
		var all []seckg.EntityID
		q := seckg.SearchQuery{Limit: 5}
		for pages := 0; ; pages++ {
			res, err := s.Search(t.Context(), q)
			if err != nil || pages > 10 {
				t.Fatalf("paging: %v after %d pages", err, pages)
			}
			all = append(all, ids(res.Items)...)
			if res.NextCursor == "" {
				break
			}
			q.Cursor = res.NextCursor
		}
		if len(all) != 10 {
			t.Errorf("paged search gave %d entities, want 10: %v", len(all), all)
		}
		for _, q := range []seckg.SearchQuery{{Limit: -1}, {Limit: MaxSearchLimit + 1}, {Cursor: "garbage!"}, {Type: "Thing"}} {
			if _, err := s.Search(t.Context(), q); !isKind(err, seckg.ErrInvalid) {
				t.Errorf("Search(%+v) = %v, want ErrInvalid", q, err)
			}
		}
	}},
	{"neighbors", func(t *testing.T, s *Store, _ func() *Store) {
		write(t, s, docA(), docB())
		for _, tt := range []struct {
			name  string
			id    seckg.EntityID
			q     seckg.NeighborQuery
			want  []seckg.EntityID
			edges int
		}{
			{"depth 1 both", "cica-summit-4", seckg.NeighborQuery{}, []seckg.EntityID{"cica-summit-4", "asian-security-concept", "shanghai", "cica"}, 3},
			{"out only", "cica-summit-4", seckg.NeighborQuery{Direction: seckg.Out}, []seckg.EntityID{"cica-summit-4", "shanghai", "cica"}, 2},
			{"in only", "cica", seckg.NeighborQuery{Direction: seckg.In}, []seckg.EntityID{"cica", "china", "cica-summit-4", "kazakhstan"}, 3},
			{"predicate", "cica", seckg.NeighborQuery{Predicates: []seckg.Predicate{seckg.MemberOf}}, []seckg.EntityID{"cica", "china", "kazakhstan"}, 2},
			{"type", "cica", seckg.NeighborQuery{Types: []seckg.NodeType{seckg.Person}}, []seckg.EntityID{"cica", "nazarbayev"}, 1},
			{"depth 2", "shanghai", seckg.NeighborQuery{Depth: 2}, []seckg.EntityID{"shanghai", "cica-summit-4", "asian-security-concept", "cica"}, 3},
			{"limit", "cica", seckg.NeighborQuery{Limit: 2}, []seckg.EntityID{"cica", "china"}, 1},
		} {
			t.Run(tt.name, func(t *testing.T) {
				g, err := s.Neighbors(t.Context(), tt.id, tt.q)
				if err != nil {
					t.Fatal(err)
				}
				if got := ids(g.Nodes); !cmp.Equal(got, tt.want) || len(g.Edges) != tt.edges {
					t.Errorf("Neighbors(%s, %+v) = %v with %d edges, want %v with %d", tt.id, tt.q, got, len(g.Edges), tt.want, tt.edges)
				}
			})
		}
		for _, q := range []seckg.NeighborQuery{{Depth: 4}, {Depth: -1}, {Limit: MaxNeighborLimit + 1}, {Direction: "up"}, {Predicates: []seckg.Predicate{"likes"}}} {
			if _, err := s.Neighbors(t.Context(), "cica", q); !isKind(err, seckg.ErrInvalid) {
				t.Errorf("Neighbors(%+v) = %v, want ErrInvalid", q, err)
			}
		}
		if _, err := s.Neighbors(t.Context(), "nope", seckg.NeighborQuery{}); !errors.Is(err, seckg.ErrNotFound) {
			t.Errorf("Neighbors(unknown) = %v, want ErrNotFound", err)
		}
	}},
	{"paths", func(t *testing.T, s *Store, _ func() *Store) {
		write(t, s, docA(), docB())
		ps, err := s.Paths(t.Context(), "shanghai", "kazakhstan", 6, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) == 0 {
			t.Fatal("no path shanghai → kazakhstan")
		}
		if got, want := ids(ps[0].Nodes), []seckg.EntityID{"shanghai", "cica-summit-4", "cica", "kazakhstan"}; !cmp.Equal(got, want) {
			t.Errorf("shortest path = %v, want %v", got, want)
		}
		for i, p := range ps {
			if len(p.Edges) != len(p.Nodes)-1 {
				t.Errorf("path %d: %d nodes, %d edges", i, len(p.Nodes), len(p.Edges))
			}
			for j, e := range p.Edges {
				a, b := p.Nodes[j].ID, p.Nodes[j+1].ID
				if !(e.Head == a && e.Tail == b || e.Head == b && e.Tail == a) || len(e.Evidence) == 0 {
					t.Errorf("path %d edge %d = %s, does not join %s and %s with evidence", i, j, e.Key(), a, b)
				}
			}
			if i > 0 && len(p.Edges) < len(ps[i-1].Edges) {
				t.Errorf("path %d is shorter than path %d", i, i-1)
			}
		}
		if len(ps) != 1 { // kazakhstan hangs on cica alone
			t.Errorf("got %d paths, want 1: %v", len(ps), ps)
		}
		if ps, _ := s.Paths(t.Context(), "shanghai", "kazakhstan", 2, 3); len(ps) != 0 {
			t.Errorf("paths of length ≤ 2 = %v, want none", ps)
		}
		if _, err := s.Paths(t.Context(), "shanghai", "nope", 3, 1); !errors.Is(err, seckg.ErrNotFound) {
			t.Errorf("Paths(unknown) = %v, want ErrNotFound", err)
		}
		if _, err := s.Paths(t.Context(), "shanghai", "cica", 7, 1); !isKind(err, seckg.ErrInvalid) {
			t.Errorf("Paths(max 7) = %v, want ErrInvalid", err)
		}
		// a triangle: two paths from cica to the summit, the direct one first
		write(t, s, seckg.Extraction{Doc: seckg.Document{ID: "triangle"}, Relations: []seckg.Relation{
			{Head: "shanghai", Predicate: seckg.PartOf, Tail: "cica", Evidence: ev("triangle", 0, "x")}}})
		ps, _ = s.Paths(t.Context(), "cica", "cica-summit-4", 6, 5)
		if len(ps) != 2 || len(ps[0].Edges) != 1 || len(ps[1].Edges) != 2 {
			t.Errorf("paths cica → summit = %v, want lengths 1 and 2", ps)
		}
		if ps, _ = s.Paths(t.Context(), "cica", "cica-summit-4", 6, 1); len(ps) != 1 {
			t.Errorf("k=1 gave %d paths", len(ps))
		}
	}},
	{"timeline", func(t *testing.T, s *Store, _ func() *Store) {
		write(t, s, docA(), docB())
		for _, tt := range []struct {
			name, entity, from, to string
			want                   []seckg.EntityID
		}{
			{"all", "", "", "", []seckg.EntityID{"bandung-1955", "cica-summit-4"}},
			{"from", "", "2000", "", []seckg.EntityID{"cica-summit-4"}},
			{"to month precision", "", "", "2014-05", []seckg.EntityID{"bandung-1955", "cica-summit-4"}},
			{"to before", "", "", "2014-04", []seckg.EntityID{"bandung-1955"}},
			{"near shanghai", "shanghai", "", "", []seckg.EntityID{"cica-summit-4"}},
			{"near cica", "cica", "", "", []seckg.EntityID{"bandung-1955", "cica-summit-4"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				items, err := s.Timeline(t.Context(), seckg.EntityID(tt.entity), tt.from, tt.to)
				if err != nil {
					t.Fatal(err)
				}
				var got []seckg.EntityID
				for _, it := range items {
					got = append(got, it.Entity.ID)
					if len(it.Relations) == 0 {
						t.Errorf("%s has no relations", it.Entity.ID)
					}
				}
				if !cmp.Equal(got, tt.want) {
					t.Errorf("Timeline(%q, %q, %q) = %v, want %v", tt.entity, tt.from, tt.to, got, tt.want)
				}
			})
		}
		if _, err := s.Timeline(t.Context(), "", "May 2014", ""); !isKind(err, seckg.ErrInvalid) {
			t.Errorf("Timeline(bad date) = %v, want ErrInvalid", err)
		}
	}},
	{"subgraph and filters", func(t *testing.T, s *Store, _ func() *Store) {
		write(t, s, docA(), docB())
		g, err := s.Subgraph(t.Context(), []seckg.EntityID{"shanghai", "cica", "nope"}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(g.Nodes); !cmp.Equal(got, []seckg.EntityID{"shanghai", "cica"}) || len(g.Edges) != 0 {
			t.Errorf("Subgraph(expand 0) = %v, %v", got, g.Edges)
		}
		g, _ = s.Subgraph(t.Context(), []seckg.EntityID{"shanghai"}, 1)
		if len(g.Nodes) != 2 || len(g.Edges) != 1 {
			t.Errorf("Subgraph(shanghai, 1) = %v", g)
		}
		if _, err := s.Subgraph(t.Context(), []seckg.EntityID{"cica"}, 3); !isKind(err, seckg.ErrInvalid) {
			t.Errorf("Subgraph(expand 3) = %v, want ErrInvalid", err)
		}
		count := func(f seckg.Filter) (ents []seckg.EntityID, rels int) {
			s.EachEntity(t.Context(), f, func(e seckg.Entity) error { ents = append(ents, e.ID); return nil })
			s.EachRelation(t.Context(), f, func(r seckg.Relation) error {
				rels++
				for _, e := range r.Evidence {
					if f.Doc != "" && e.Doc != f.Doc {
						t.Errorf("evidence of %s from %s under doc filter %s", r.Key(), e.Doc, f.Doc)
					}
				}
				return nil
			})
			return
		}
		if e, r := count(seckg.Filter{Types: []seckg.NodeType{seckg.Country, seckg.Organization}}); len(e) != 3 || r != 2 {
			t.Errorf("type filter: %v, %d relations", e, r)
		}
		if e, r := count(seckg.Filter{Doc: "cica-2015"}); len(e) != 6 || r != 4 {
			t.Errorf("doc filter: %v, %d relations", e, r)
		}
		if e, r := count(seckg.Filter{Since: "2000"}); !cmp.Equal(e, []seckg.EntityID{"asian-security-concept", "cica", "cica-summit-4", "shanghai"}) || r != 3 {
			t.Errorf("since filter: %v, %d relations", e, r)
		}
		if e, r := count(seckg.Filter{Predicates: []seckg.Predicate{seckg.MemberOf}}); len(e) != 3 || r != 2 {
			t.Errorf("predicate filter: %v, %d relations", e, r)
		}
		st, _ := s.Stats(t.Context())
		if st.Documents != 2 || st.Entities != 10 || st.Relations != 8 || st.ByType[seckg.Country] != 2 || st.ByPredicate[seckg.MemberOf] != 2 {
			t.Errorf("Stats = %+v", st)
		}
	}},
	{"n-quads round trip", func(t *testing.T, s *Store, reopen func() *Store) {
		write(t, s, docA(), docB(), hostile())
		var buf bytes.Buffer
		if err := s.WriteNQuads(t.Context(), &buf); err != nil {
			t.Fatal(err)
		}
		want := dumpOf(t, s)
		dst := mustOpen(t, Options{Backend: "memory"})
		n, err := dst.ImportNQuads(t.Context(), bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if int64(n) != quadCount(t, s) {
			t.Errorf("ImportNQuads = %d quads, source holds %d", n, quadCount(t, s))
		}
		if d := cmp.Diff(want, dumpOf(t, dst)); d != "" {
			t.Errorf("after export → import (-want +got):\n%s", d)
		}
		// importing into the same store again changes nothing
		if _, err := s.ImportNQuads(t.Context(), bytes.NewReader(buf.Bytes())); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(want, dumpOf(t, s)); d != "" {
			t.Errorf("after re-import (-want +got):\n%s", d)
		}
		var again bytes.Buffer
		dst.WriteNQuads(t.Context(), &again)
		if a, b := sortedLines(buf.String()), sortedLines(again.String()); a != b {
			t.Errorf("second export differs from the first")
		}
		if reopen != nil {
			s.Close()
			s2 := reopen()
			if d := cmp.Diff(want, dumpOf(t, s2)); d != "" {
				t.Errorf("after reopening (-want +got):\n%s", d)
			}
			s2.Close()
		}
	}},
	{"n-quads in any order", func(t *testing.T, s *Store, _ func() *Store) {
		src := mustOpen(t, Options{Backend: "memory"})
		write(t, src, docA(), docB(), hostile())
		var buf bytes.Buffer
		if err := src.WriteNQuads(t.Context(), &buf); err != nil {
			t.Fatal(err)
		}
		want := dumpOf(t, src)
		// lines reversed and interleaved: each document's quads come in
		// several runs, which must add up, not replace one another
		lines := strings.SplitAfter(strings.TrimSuffix(buf.String(), "\n"), "\n")
		slices.Reverse(lines)
		var mixed []string
		for i := 0; i < len(lines); i += 2 {
			mixed = append(mixed, lines[i])
		}
		for i := 1; i < len(lines); i += 2 {
			mixed = append(mixed, lines[i])
		}
		in := strings.Join(mixed, "\n") + "\n"
		in = strings.ReplaceAll(in, "\n\n", "\n")
		n, err := s.ImportNQuads(t.Context(), strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		if int64(n) != quadCount(t, src) {
			t.Errorf("ImportNQuads = %d quads, source holds %d", n, quadCount(t, src))
		}
		if d := cmp.Diff(want, dumpOf(t, s)); d != "" {
			t.Errorf("after a shuffled import (-want +got):\n%s", d)
		}
		if got := quadCount(t, s); got != quadCount(t, src) {
			t.Errorf("Cayley holds %d quads, want %d", got, quadCount(t, src))
		}
		// a bad line at the very end: nothing of the file is stored
		before := dumpOf(t, s)
		bad := strings.ReplaceAll(in, "cica-2014", "cica-2016") + "<seckg:e/x> <rdf:type> \"unterminated <seckg:d/x> .\n"
		if _, err := s.ImportNQuads(t.Context(), strings.NewReader(bad)); !isKind(err, seckg.ErrInvalid) {
			t.Fatalf("ImportNQuads(bad last line) = %v, want ErrInvalid", err)
		}
		if d := cmp.Diff(before, dumpOf(t, s)); d != "" {
			t.Errorf("a bad file changed the store (-before +after):\n%s", d)
		}
	}},
	{"write documents", func(t *testing.T, s *Store, reopen func() *Store) {
		a2 := docA()
		a2.Doc.Hash = "a2"
		if err := s.WriteDocuments(t.Context(), []seckg.Extraction{docA(), docB(), a2}); err != nil {
			t.Fatal(err)
		}
		one := mustOpen(t, Options{Backend: "memory"})
		write(t, one, docB(), a2)
		want := dumpOf(t, one)
		if d := cmp.Diff(want, dumpOf(t, s)); d != "" {
			t.Errorf("WriteDocuments differs from one WriteDocument each (-want +got):\n%s", d)
		}
		if got, n := quadCount(t, s), quadCount(t, one); got != n {
			t.Errorf("Cayley holds %d quads, want %d", got, n)
		}
		// one invalid document: none of the batch is written
		bad := docB()
		bad.Doc.ID = "cica-2099"
		bad.Relations = append(bad.Relations, seckg.Relation{Head: "a", Predicate: "likes", Tail: "b"})
		x := docA()
		x.Doc.ID = "cica-2098"
		if err := s.WriteDocuments(t.Context(), []seckg.Extraction{x, bad}); !isKind(err, seckg.ErrInvalid) || !strings.Contains(err.Error(), "cica-2099") {
			t.Errorf("WriteDocuments(one invalid) = %v, want ErrInvalid naming cica-2099", err)
		}
		if d := cmp.Diff(want, dumpOf(t, s)); d != "" {
			t.Errorf("a refused batch changed the store (-before +after):\n%s", d)
		}
		if reopen != nil {
			s.Close()
			s2 := reopen()
			defer s2.Close()
			if d := cmp.Diff(want, dumpOf(t, s2)); d != "" {
				t.Errorf("after reopening (-want +got):\n%s", d)
			}
		}
	}},
	{"n-quads errors", func(t *testing.T, s *Store, _ func() *Store) {
		write(t, s, docA())
		before := quadCount(t, s)
		for _, tt := range []struct{ name, in, line string }{
			{"malformed", "<seckg:e/x> <rdf:type> <seckg:t/Place> <seckg:d/new> .\n\n<seckg:e/y> <rdf:type> \"unterminated <seckg:d/new> .\n", "line 3"},
			{"no label", "# comment\n<seckg:e/x> <rdf:type> <seckg:t/Place> .\n", "line 2"},
			{"foreign label", "<seckg:e/x> <rdf:type> <seckg:t/Place> <http://example.org/g> .\n", "line 1"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.ImportNQuads(t.Context(), strings.NewReader(tt.in))
				if !isKind(err, seckg.ErrInvalid) || !strings.Contains(err.Error(), tt.line) {
					t.Errorf("ImportNQuads = %v, want ErrInvalid naming %s", err, tt.line)
				}
				if got := quadCount(t, s); got != before {
					t.Errorf("quads = %d after a failed import, want %d", got, before)
				}
			})
		}
	}},
	{"hostile strings", func(t *testing.T, s *Store, reopen func() *Store) {
		x := hostile()
		write(t, s, x)
		check := func(s *Store, when string) {
			ed, err := s.Entity(t.Context(), x.Entities[0].ID)
			want := normalize(x).Entities[1]
			if err != nil {
				t.Fatalf("%s: %v", when, err)
			}
			want.Docs = []seckg.DocID{x.Doc.ID}
			if d := cmp.Diff(want, ed.Entity); d != "" {
				t.Errorf("%s: entity (-want +got):\n%s", when, d)
			}
			if len(ed.Relations) != 1 || ed.Relations[0].Evidence[0].Sentence != clean(x.Relations[0].Evidence[0].Sentence) {
				t.Errorf("%s: relations = %+v", when, ed.Relations)
			}
			dd, _ := s.Document(t.Context(), x.Doc.ID)
			if dd.Document.Title != clean(x.Doc.Title) {
				t.Errorf("%s: title = %q, want %q", when, dd.Document.Title, x.Doc.Title)
			}
		}
		check(s, "written")
		var buf bytes.Buffer
		if err := s.WriteNQuads(t.Context(), &buf); err != nil {
			t.Fatal(err)
		}
		dst := mustOpen(t, Options{Backend: "memory"})
		if _, err := dst.ImportNQuads(t.Context(), &buf); err != nil {
			t.Fatal(err)
		}
		check(dst, "imported")
		if reopen != nil {
			s.Close()
			check(reopen(), "reopened")
		}
	}},
	{"concurrent reads and writes", func(t *testing.T, s *Store, _ func() *Store) {
		write(t, s, docB())
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for i := 0; i < 4; i++ {
			wg.Add(2)
			go func() {
				defer wg.Done()
				for j := 0; j < 5; j++ {
					if err := s.WriteDocument(t.Context(), docA()); err != nil {
						errs <- err
					}
					if err := s.DeleteDocument(t.Context(), "cica-2014"); err != nil && !errors.Is(err, seckg.ErrNotFound) {
						errs <- err
					}
				}
			}()
			go func() {
				defer wg.Done()
				for j := 0; j < 10; j++ {
					if _, err := s.Search(t.Context(), seckg.SearchQuery{Q: "亚信"}); err != nil {
						errs <- err
					}
					if _, err := s.Neighbors(t.Context(), "cica", seckg.NeighborQuery{Depth: 2}); err != nil {
						errs <- err
					}
					s.EachRelation(t.Context(), seckg.Filter{}, func(seckg.Relation) error { return nil })
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		write(t, s, docA())
		st, _ := s.Stats(t.Context())
		if int64(st.Quads) != quadCount(t, s) || st.Documents != 2 {
			t.Errorf("after concurrent writes: Stats %+v, Cayley holds %d quads", st, quadCount(t, s))
		}
	}},
	{"gizmo and graphql", func(t *testing.T, s *Store, _ func() *Store) {
		write(t, s, docA(), docB())
		n := quadCount(t, s)
		res, err := s.Query(t.Context(), "gizmo", `g.V("<seckg:e/china>").Out("<seckg:p/member-of>").All()`, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(res) == 0 || !strings.Contains(toString(res), "seckg:e/cica") {
			t.Errorf("gizmo member-of = %v", res)
		}
		res, err = s.Query(t.Context(), "gizmo", `g.V().All()`, 3)
		if err != nil || len(res) != 3 {
			t.Errorf("gizmo limit 3 = %d results, %v", len(res), err)
		}
		for _, q := range []string{
			`graph.AddQuad("<a>", "<b>", "<c>")`,
			`g.addQuad("<a>", "<b>", "<c>")`,
			`g.V("x").Out(`,
		} {
			if _, err := s.Query(t.Context(), "gizmo", q, 10); !isKind(err, seckg.ErrInvalid) {
				t.Errorf("Query(%s) = %v, want ErrInvalid", q, err)
			}
		}
		if err := (readOnlyQS{s.qs}).ApplyDeltas([]cgraph.Delta{{Action: cgraph.Add}}, cgraph.IgnoreOpts{}); err == nil {
			t.Error("the query session's store accepts writes")
		}
		if got := quadCount(t, s); got != n {
			t.Errorf("quads = %d after queries, want %d", got, n)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
		defer cancel()
		if _, err := s.Query(ctx, "gizmo", `while(true){}`, 10); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("endless gizmo = %v, want DeadlineExceeded", err)
		}
		res, err = s.Query(t.Context(), "graphql", `{ nodes(id: "<seckg:e/china>") { id, <seckg:p/member-of> { id } } }`, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 1 || !strings.Contains(toString(res[0]), "seckg:e/cica") {
			t.Errorf("graphql = %v", res)
		}
		if _, err := s.Query(t.Context(), "graphql", `{ nodes(`, 10); !isKind(err, seckg.ErrInvalid) {
			t.Errorf("bad graphql = %v, want ErrInvalid", err)
		}
		if _, err := s.Query(t.Context(), "sparql", `x`, 10); !isKind(err, seckg.ErrInvalid) {
			t.Errorf("unknown language = %v, want ErrInvalid", err)
		}
	}},
}

func toString(v any) string { return fmt.Sprint(v) }

func sortedLines(s string) string {
	ls := strings.Split(strings.TrimSpace(s), "\n")
	sort.Strings(ls)
	return strings.Join(ls, "\n")
}

// hostile is a document full of characters that break naive encoders.
func hostile() seckg.Extraction {
	nasty := "q\"uote' <b>&amp; \\back\nnew\rline\ttab \x01\x1f\x7f nul\x00 emoji 🚀👩‍👩‍👧 bidi \u202e end \u2028"
	id := seckg.EntityID("concept:<évil> \"id\" 100% {x}|^`\\ 🚀\n")
	return seckg.Extraction{
		Doc: seckg.Document{ID: "hostile_doc.v1", Title: nasty, Source: "x\ny.txt", Hash: "h", Chars: 3},
		Entities: []seckg.Entity{
			{ID: id, Type: seckg.Concept, Name: nasty, NameEN: "EN " + nasty, Aliases: []string{nasty, "<>&", "\x02"}, Attrs: map[string]string{"k<e>y \"%": nasty, seckg.AttrDate: "2020"}},
			{ID: "china", Type: seckg.Country, Name: "中国"},
		},
		Relations: []seckg.Relation{{Head: id, Predicate: seckg.BasedOn, Tail: "china", Evidence: ev("hostile_doc.v1", 7, nasty)}},
	}
}

// failingQS is a quad store whose writes fail.
type failingQS struct{ cgraph.QuadStore }

func (failingQS) ApplyDeltas([]cgraph.Delta, cgraph.IgnoreOpts) error {
	return errors.New("injected failure")
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, tt := range []struct {
		name string
		o    Options
		want string
	}{
		{"file not folder", Options{Path: file}, "is a file, not a folder"},
		{"no path", Options{Backend: "bolt"}, "no path"},
		{"read-only missing", Options{Path: filepath.Join(dir, "missing"), ReadOnly: true}, "does not exist"},
		{"unknown backend", Options{Backend: "oracle"}, "unknown backend"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(t.Context(), tt.o)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%+v) succeeded", tt.o)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open(%+v) = %v, want it to say %q", tt.o, err, tt.want)
			}
		})
	}
	t.Run("locked", func(t *testing.T) {
		o := Options{Path: filepath.Join(dir, "db")}
		s := mustOpen(t, o)
		s2, err := Open(t.Context(), o)
		if err == nil {
			s2.Close()
			t.Fatal("second Open of a locked bolt store succeeded")
		}
		if !strings.Contains(err.Error(), "locked") || !strings.Contains(err.Error(), o.Path) {
			t.Errorf("second Open = %v, want it to name the path and say locked", err)
		}
		write(t, s, docA())
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		ro, err := Open(t.Context(), Options{Path: o.Path, ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer ro.Close()
		if err := ro.WriteDocument(t.Context(), docB()); !isKind(err, seckg.ErrInvalid) {
			t.Errorf("WriteDocument on read-only = %v, want ErrInvalid", err)
		}
		if st, _ := ro.Stats(t.Context()); st.Documents != 1 {
			t.Errorf("read-only store holds %d documents, want 1", st.Documents)
		}
	})
}
