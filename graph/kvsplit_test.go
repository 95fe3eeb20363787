package graph

import (
	"testing"

	"github.com/seckg/seckg"
)

// TestShrinkingReplace replaces a document by a version with fewer quads,
// so the deltas name its label in more removed quads than added ones: on
// Cayley v0.7.7's kv backends one such transaction stored the added quads
// without their label (see applyKV). Every quad Cayley itself reads back
// must have all four values, and a reopen must read the new version.
func TestShrinkingReplace(t *testing.T) {
	small := docB()
	small.Doc.Hash = "bbbb2"
	small.Relations = append(small.Relations[:1], seckg.Relation{Head: "cica", Predicate: seckg.HeldIn, Tail: "china", Evidence: ev("cica-2015", 80, "亚信在中国。")})
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			s, reopen := b.open(t)
			write(t, s, docB(), small)
			it := s.qs.QuadsAllIterator()
			defer it.Close()
			for it.Next(t.Context()) {
				q := s.qs.Quad(it.Result())
				if q.Subject == nil || q.Predicate == nil || q.Object == nil || q.Label == nil {
					t.Errorf("stored quad with a missing value: %v", q)
				}
			}
			if reopen == nil {
				return
			}
			s.Close()
			d, err := reopen().Document(t.Context(), "cica-2015")
			if err != nil {
				t.Fatal(err)
			}
			if d.Document.Hash != "bbbb2" || len(d.Relations) != len(small.Relations) {
				t.Errorf("reopened: hash %q, %d relations; want bbbb2, %d", d.Document.Hash, len(d.Relations), len(small.Relations))
			}
		})
	}
}
