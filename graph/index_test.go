package graph

import (
	"reflect"
	"slices"
	"testing"

	"github.com/seckg/seckg"
)

func keysOf(sts []*relState) []string {
	out := []string{}
	for _, st := range sts {
		out = append(out, string(st.key.h)+" "+string(st.key.p)+" "+string(st.key.t))
	}
	return out
}

func rel(h, p, t string) seckg.Relation {
	return seckg.Relation{Head: seckg.EntityID(h), Predicate: seckg.Predicate(p), Tail: seckg.EntityID(t),
		Evidence: []seckg.Evidence{{Sentence: h + p + t}}}
}

// TestIndexEdges checks the sorted adjacency: both directions merged in
// key order, a self loop listed once, the same lists whether a load
// appends and sorts at the end or each write inserts in place, and
// nothing left of an entity whose last relation is removed.
func TestIndexEdges(t *testing.T) {
	docs := []seckg.Extraction{
		{Doc: seckg.Document{ID: "d1"}, Relations: []seckg.Relation{rel("b", "part-of", "a"), rel("a", "part-of", "c"), rel("a", "held-in", "a")}},
		{Doc: seckg.Document{ID: "d2"}, Relations: []seckg.Relation{rel("c", "member-of", "a"), rel("a", "based-on", "b"), rel("b", "part-of", "a")}},
	}
	build := func(unsorted bool) *index {
		ix := newIndex()
		if unsorted {
			ix.beginLoad(nil)
		}
		for _, x := range docs {
			ix.put(normalize(x), nil, 0)
		}
		if unsorted {
			ix.endLoad()
		}
		return ix
	}
	tests := []struct {
		id   seckg.EntityID
		dir  seckg.Direction
		want []string
	}{
		{"a", seckg.Both, []string{"a based-on b", "a held-in a", "a part-of c", "b part-of a", "c member-of a"}},
		{"a", seckg.Out, []string{"a based-on b", "a held-in a", "a part-of c"}},
		{"a", seckg.In, []string{"a held-in a", "b part-of a", "c member-of a"}},
		{"b", seckg.Both, []string{"a based-on b", "b part-of a"}},
		{"c", seckg.Out, []string{"c member-of a"}},
		{"zz", seckg.Both, []string{}},
	}
	for _, unsorted := range []bool{false, true} {
		ix := build(unsorted)
		for _, tt := range tests {
			if got := keysOf(ix.edges(tt.id, tt.dir)); !slices.Equal(got, tt.want) {
				t.Errorf("unsorted=%v edges(%s, %s) = %q, want %q", unsorted, tt.id, tt.dir, got, tt.want)
			}
		}
		if d := ix.degree("a"); d != 6 {
			t.Errorf("unsorted=%v degree(a) = %d, want 6 (a self loop counts out and in)", unsorted, d)
		}
		// b part-of a is stated by both documents: its evidence is theirs in document order
		if r := ix.relation(relKey{"b", "part-of", "a"}); len(r.Evidence) != 2 {
			t.Errorf("unsorted=%v relation(b part-of a) has %d pieces of evidence, want 2", unsorted, len(r.Evidence))
		}
	}
	ix := build(false)
	ix.remove("d2")
	if got, want := keysOf(ix.edges("a", seckg.Both)), []string{"a held-in a", "a part-of c", "b part-of a"}; !slices.Equal(got, want) {
		t.Errorf("after removing d2: edges(a) = %q, want %q", got, want)
	}
	ix.remove("d1")
	if len(ix.adj) != 0 || ix.nrels != 0 || ix.exists("a") {
		t.Errorf("after removing every document: %d adjacency lists, %d relations left", len(ix.adj), ix.nrels)
	}
}

// TestPerDoc checks the sorted per-document list.
func TestPerDoc(t *testing.T) {
	var p perDoc[int]
	for i, d := range []seckg.DocID{"m", "b", "z", "b", "a"} {
		p.set(d, i)
	}
	var docs []seckg.DocID
	for _, dv := range p {
		docs = append(docs, dv.doc)
	}
	if want := []seckg.DocID{"a", "b", "m", "z"}; !slices.Equal(docs, want) {
		t.Fatalf("documents %q, want %q", docs, want)
	}
	if v, ok := p.get("b"); !ok || v != 3 {
		t.Errorf("get(b) = %d, %v; want 3 (the last set)", v, ok)
	}
	p.del("m")
	p.del("nope")
	if p.has("m") || !p.has("z") || len(p) != 3 {
		t.Errorf("after del(m): %v", p)
	}
}

// TestMergeLoadedEqualsWritten checks that a load (strings from an
// interner's arena, merges deferred to endLoad, a single statement
// shared) gives the same merged entities as writes that
// merge after each document, and that a single statement's merge is its
// vote.
func TestMergeLoadedEqualsWritten(t *testing.T) {
	docs := []seckg.Extraction{
		{Doc: seckg.Document{ID: "d1"}, Entities: []seckg.Entity{
			{ID: "org:ASEAN", Type: seckg.Organization, Name: "东盟", NameEN: "ASEAN", Aliases: []string{"东南亚国家联盟", "Asean"}, Attrs: map[string]string{"founded": "1967"}},
			{ID: "person:x", Type: seckg.Person, Name: "X", Attrs: map[string]string{"role": ""}},
			{ID: "org:SCO", Type: seckg.Organization, Name: "上合组织"},
		}},
		{Doc: seckg.Document{ID: "d2"}, Entities: []seckg.Entity{
			{ID: "org:SCO", Type: seckg.Organization, Name: "上海合作组织", NameEN: "SCO", Aliases: []string{"上合"}},
		}},
		{Doc: seckg.Document{ID: "d3"}, Entities: []seckg.Entity{
			{ID: "org:SCO", Type: seckg.Organization, Name: "上海合作组织", Attrs: map[string]string{"founded": "2001"}},
		}},
	}
	written, loaded := newIndex(), newIndex()
	strs := newInterner()
	loaded.beginLoad(strs)
	for _, x := range docs {
		written.put(normalize(x), nil, 0)
		loaded.put(normalizeIn(x, strs), nil, 0)
	}
	loaded.endLoad()
	for id, w := range written.ents {
		l := loaded.ents[id]
		if l == nil {
			t.Fatalf("%s: not loaded", id)
		}
		if !reflect.DeepEqual(l.merged, w.merged) {
			t.Errorf("%s: loaded %+v, written %+v", id, l.merged, w.merged)
		}
		if len(w.byDoc) == 1 {
			v := mergeVotes(id, w.byDoc)
			v.Docs = w.merged.Docs
			if !reflect.DeepEqual(v, w.merged) {
				t.Errorf("%s: merge %+v, vote %+v", id, w.merged, v)
			}
		}
	}
	if got := loaded.ents["org:SCO"].merged; got.Name != "上海合作组织" || got.NameEN != "SCO" || got.Attrs["founded"] != "2001" || len(got.Docs) != 3 {
		t.Errorf("org:SCO merged = %+v", got)
	}
	if got := loaded.ents["person:x"].merged.Attrs; got != nil {
		t.Errorf("person:x attributes = %v, want none (an empty value is no vote)", got)
	}
}

// TestStmtRoundTrip checks that a statement decodes to what was encoded,
// empty attribute values kept only when asked for.
func TestStmtRoundTrip(t *testing.T) {
	tests := []seckg.Entity{
		{ID: "a", Type: seckg.Organization},
		{ID: "b", Type: seckg.Event, Name: "亚信峰会", NameEN: "CICA Summit", Aliases: []string{"亚信第五次峰会", "第五次亚信峰会"}, Attrs: map[string]string{"date": "2019-06-15", "ordinal": "5"}},
		{ID: "c", Type: seckg.Person, Name: "X", Attrs: map[string]string{"role": "", "title": "主席"}},
		{ID: "d", Type: seckg.Concept, Aliases: []string{"10"}, Attrs: map[string]string{"": "v"}},
	}
	for _, t2 := range []*interner{nil, newInterner()} {
		for _, e := range tests {
			s := encodeStmt(e, t2)
			if got := s.entity(e.ID, nil, true); !reflect.DeepEqual(got, e) {
				t.Errorf("round trip of %+v = %+v", e, got)
			}
			got := s.entity(e.ID, &mergeArena{}, false)
			for k, v := range got.Attrs {
				if v == "" {
					t.Errorf("%s: merge kept empty attribute %q", e.ID, k)
				}
			}
			if len(got.Attrs) != len(e.Attrs) && e.ID != "c" {
				t.Errorf("%s: attributes %v, want %v", e.ID, got.Attrs, e.Attrs)
			}
		}
	}
}
