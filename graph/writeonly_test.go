package graph

import (
	"bytes"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/seckg/seckg"
)

// TestWriteOnly checks that a write-only store, which keeps only stubs of
// the documents it writes, stores exactly what a normal store does and
// reports the same Stats and hashes, for documents it found at Open and
// documents it wrote itself, replaced (its own stubs are read back from
// Cayley) and deleted; and that a normal reopen reads the same graph.
// Step 1 shrinks a document: on bolt it failed, in both modes, before
// applyKV split such a write in two.
func TestWriteOnly(t *testing.T) {
	docA2 := docA()
	docA2.Doc.Hash = "aaaa2"
	docA2.Relations = docA2.Relations[1:]
	docB2 := docB()
	docB2.Doc.Hash = "bbbb2"
	docB2.Entities = append(docB2.Entities, seckg.Entity{ID: "astana", Type: seckg.Place, Name: "阿斯塔纳"})
	docB2.Relations = append(docB2.Relations[:1], seckg.Relation{Head: "cica", Predicate: seckg.HeldIn, Tail: "astana", Evidence: ev("cica-2015", 80, "亚信在阿斯塔纳。")})
	docC := docB()
	docC.Doc.ID, docC.Doc.Hash = "cica-2016", "cccc"
	for i := range docC.Relations {
		docC.Relations[i].Evidence = ev("cica-2016", 0, "又一篇。")
	}
	// steps run on both stores; the write-only one opens after the first
	steps := []func(s *Store) error{
		func(s *Store) error { return s.WriteDocuments(t.Context(), []seckg.Extraction{docB(), docC}) },
		func(s *Store) error { return s.WriteDocument(t.Context(), docB2) }, // replaces its own stub
		func(s *Store) error { return s.WriteDocument(t.Context(), docA2) }, // replaces a document found at Open
		func(s *Store) error { return s.DeleteDocument(t.Context(), "cica-2016") },
	}
	// PostgreSQL is left out: the reopen below needs the bolt folder, and
	// the write-only logic sits above the backends.
	for _, b := range backends()[:2] {
		t.Run(b.name, func(t *testing.T) {
			ref := mustOpen(t, Options{Backend: "memory"})
			write(t, ref, docA())
			s, reopen := b.open(t)
			write(t, s, docA())
			if reopen != nil {
				dir := filepath.Dir(s.bolt.Path())
				s.Close()
				s = mustOpen(t, Options{Backend: "bolt", Path: dir, WriteOnly: true})
			} else {
				s.writeOnly = true
			}
			for i, step := range steps {
				if err := step(ref); err != nil {
					t.Fatalf("reference step %d: %v", i, err)
				}
				if err := step(s); err != nil {
					t.Fatalf("write-only step %d: %v", i, err)
				}
				want, _ := ref.Stats(t.Context())
				got, _ := s.Stats(t.Context())
				if !reflect.DeepEqual(got, want) {
					t.Errorf("after step %d: Stats = %+v, want %+v", i, got, want)
				}
				if got, want := quadCount(t, s), quadCount(t, ref); got != want {
					t.Errorf("after step %d: Cayley holds %d quads, want %d", i, got, want)
				}
				for _, id := range []seckg.DocID{"cica-2014", "cica-2015", "cica-2016"} {
					hw, _ := ref.DocumentHash(t.Context(), id)
					hg, _ := s.DocumentHash(t.Context(), id)
					if hg != hw {
						t.Errorf("after step %d: DocumentHash(%s) = %q, want %q", i, id, hg, hw)
					}
				}
			}
			var gw, ww bytes.Buffer
			if err := s.WriteNQuads(t.Context(), &gw); err != nil {
				t.Fatal(err)
			}
			if err := ref.WriteNQuads(t.Context(), &ww); err != nil {
				t.Fatal(err)
			}
			if sortedLines(gw.String()) != sortedLines(ww.String()) {
				t.Errorf("the write-only store's quads differ:\n%s\nwant\n%s", gw.String(), ww.String())
			}
			if reopen != nil {
				s.Close()
				if got, want := dumpOf(t, reopen()), dumpOf(t, ref); !reflect.DeepEqual(got, want) {
					t.Errorf("reopened: %+v\nwant %+v", got, want)
				}
			}
		})
	}
}
