package graph

import (
	"context"
	"testing"

	"github.com/seckg/seckg"
)

// TestSearchAfterWrites checks that searches see every write once the
// search index is built: new names are found, replaced and deleted ones
// are not, and ranks follow the current keys.
func TestSearchAfterWrites(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, Options{Backend: "memory"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	doc := func(id seckg.DocID, ents ...seckg.Entity) seckg.Extraction {
		return seckg.Extraction{Doc: seckg.Document{ID: id}, Entities: ents}
	}
	org := func(id, name string, aliases ...string) seckg.Entity {
		return seckg.Entity{ID: seckg.EntityID(id), Type: seckg.Organization, Name: name, Aliases: aliases}
	}
	ids := func(q string) []seckg.EntityID {
		t.Helper()
		res, err := st.Search(ctx, seckg.SearchQuery{Q: q, Limit: 50})
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		var out []seckg.EntityID
		for _, e := range res.Items {
			out = append(out, e.ID)
		}
		return out
	}
	write := func(x seckg.Extraction) {
		t.Helper()
		if err := st.WriteDocument(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	write(doc("a", org("alpha", "甲组织", "甲论坛")))
	if got := ids("甲"); len(got) != 1 {
		t.Fatalf("before the patch: Search(甲) = %v, want [alpha]", got)
	}
	steps := []struct {
		name  string
		apply func()
		q     string
		want  []seckg.EntityID
	}{
		{"new entity found", func() { write(doc("b", org("beta", "乙组织", "甲乙论坛"))) }, "论坛", []seckg.EntityID{"alpha", "beta"}},
		{"exact before substring", func() {}, "甲乙论坛", []seckg.EntityID{"beta"}},
		{"replaced alias gone", func() { write(doc("a", org("alpha", "甲组织"))) }, "甲论坛", nil},
		{"deleted document's entity gone", func() {
			if err := st.DeleteDocument(ctx, "b"); err != nil {
				t.Fatal(err)
			}
		}, "乙", nil},
		{"unchanged entity still found", func() {}, "甲组织", []seckg.EntityID{"alpha"}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			s.apply()
			got := ids(s.q)
			if len(got) != len(s.want) {
				t.Fatalf("Search(%q) = %v, want %v", s.q, got, s.want)
			}
			for i := range got {
				if got[i] != s.want[i] {
					t.Errorf("Search(%q) = %v, want %v", s.q, got, s.want)
				}
			}
		})
	}
}
