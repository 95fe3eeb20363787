package graph

import (
	"reflect"
	"testing"

	"github.com/seckg/seckg"
)

// TestPostgresRefresh runs the team set-up of SCALING.md in one process:
// two writable stores and a read-only one on the same PostgreSQL graph.
// What one writes, replaces or deletes the others hold after Refresh,
// exactly as a store opened afresh does.
func TestPostgresRefresh(t *testing.T) {
	dsn := postgresDSN(t)
	a := mustOpen(t, Options{Backend: "postgres", Path: dsn}) // creates the tables
	ro := mustOpen(t, Options{Backend: "postgres", Path: dsn, ReadOnly: true})
	b := mustOpen(t, Options{Backend: "postgres", Path: dsn})
	shorter := docA()
	shorter.Entities = shorter.Entities[:3]
	shorter.Relations = shorter.Relations[:2]
	steps := []struct {
		name  string
		do    func() error
		fresh int // documents Refresh re-reads
	}{
		{"write through a", func() error { return a.WriteDocuments(t.Context(), []seckg.Extraction{docA(), docB()}) }, 2},
		{"nothing new", func() error { return nil }, 0},
		{"replace through b by a shorter version", func() error { return b.WriteDocument(t.Context(), shorter) }, 1},
		{"delete through a", func() error { return a.DeleteDocument(t.Context(), "cica-2015") }, 1},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		want := dumpOf(t, mustOpen(t, Options{Backend: "postgres", Path: dsn, ReadOnly: true}))
		for name, s := range map[string]*Store{"a": a, "b": b, "read-only": ro} {
			n, err := s.Refresh(t.Context())
			if err != nil {
				t.Fatalf("%s: Refresh of %s: %v", st.name, name, err)
			}
			// a writer re-reads its own documents too: they are logged for the others
			if name == "read-only" && n != st.fresh {
				t.Errorf("%s: Refresh of %s re-read %d documents, want %d", st.name, name, n, st.fresh)
			}
			if got := dumpOf(t, s); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %s after Refresh holds\n%+v\nwant (a store opened afresh)\n%+v", st.name, name, got, want)
			}
		}
	}
	if d := dumpOf(t, ro); len(d.Docs) != 1 || d.Docs[0].ID != "cica-2014" || len(d.Relations) != 2 {
		t.Errorf("at the end the read-only store holds %d documents and %d relations, want cica-2014 with 2", len(d.Docs), len(d.Relations))
	}
}

// TestRefreshOtherBackends: one process owns a bolt or memory store, so
// Refresh has nothing to read.
func TestRefreshOtherBackends(t *testing.T) {
	for _, b := range backends()[:2] {
		s, _ := b.open(t)
		write(t, s, docA())
		if n, err := s.Refresh(t.Context()); n != 0 || err != nil {
			t.Errorf("%s: Refresh = %d, %v; want 0, nil", b.name, n, err)
		}
	}
}
