package graph

import (
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
		ix.loading = unsorted
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
	if len(ix.adj) != 0 || len(ix.rels) != 0 || ix.exists("a") {
		t.Errorf("after removing every document: %d adjacency lists, %d relations left", len(ix.adj), len(ix.rels))
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
