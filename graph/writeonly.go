package graph

import (
	"context"

	"github.com/cayleygraph/quad"

	"github.com/seckg/seckg"
)

// A write-only store (Options.WriteOnly) is for processes that only write:
// `seckg ingest` and `seckg import`. The read index of what the store held
// at Open is built as usual, but a document written afterwards is kept
// only as a stub: its record, quad count and the ids of its entities and
// relations, counted in a summary. So such a process's memory does not
// grow with the evidence and entity statements it writes (at 100 MB of
// text those were most of the Go heap), while DocumentHash, Documents,
// Stats and re-writes of the same document stay right. Other reads answer
// from the state at Open.

// sumEnt counts the stub documents that state one entity, with the type
// the latest of them gave.
type sumEnt struct {
	t seckg.NodeType
	n int32
}

// summary is what the stub documents state, counted.
type summary struct {
	ents map[seckg.EntityID]sumEnt
	rels map[relKey]int32
}

// putStub replaces document x.Doc.ID by a stub of x, which normalize has
// given strings of its own.
func (ix *index) putStub(x seckg.Extraction, extra []quad.Quad, quads int) {
	ix.remove(x.Doc.ID)
	if ix.sum == nil {
		ix.sum = &summary{ents: map[seckg.EntityID]sumEnt{}, rels: map[relKey]int32{}}
	}
	d := &docState{doc: x.Doc, extra: extra, quads: quads, stub: true}
	d.ents = make([]seckg.EntityID, 0, len(x.Entities))
	for _, e := range x.Entities {
		se := ix.sum.ents[e.ID]
		ix.sum.ents[e.ID] = sumEnt{e.Type, se.n + 1}
		d.ents = append(d.ents, e.ID)
	}
	d.rels = make([]relKey, 0, len(x.Relations))
	for _, r := range x.Relations {
		k := relKey{r.Head, r.Predicate, r.Tail}
		ix.sum.rels[k]++
		d.rels = append(d.rels, k)
	}
	ix.docs[x.Doc.ID] = d
}

// removeStub drops stub document d from the summary.
func (ix *index) removeStub(d *docState) {
	for _, id := range d.ents {
		if se := ix.sum.ents[id]; se.n > 1 {
			ix.sum.ents[id] = sumEnt{se.t, se.n - 1}
		} else {
			delete(ix.sum.ents, id)
		}
	}
	for _, k := range d.rels {
		if ix.sum.rels[k] > 1 {
			ix.sum.rels[k]--
		} else {
			delete(ix.sum.rels, k)
		}
	}
}

// labelQuads reads the quads labelled with document id from Cayley: what
// a stub document holds. Cayley's kv backends have no label index, so this
// scans every quad; only a document written twice by one write-only
// process needs it.
func (s *Store) labelQuads(id seckg.DocID) ([]quad.Quad, error) {
	ref := s.qs.ValueOf(docIRI(id))
	if ref == nil {
		return nil, nil
	}
	var out []quad.Quad
	err := eachQuad(context.Background(), s.qs, s.qs.QuadIterator(quad.Label, ref), func(q quad.Quad) { out = append(out, q) })
	return out, err
}
