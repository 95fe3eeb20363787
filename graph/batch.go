package graph

import (
	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/seckg/seckg"
)

// batchQuads is about how many quads one write transaction gathers at
// least, and maxBatchQuads at most. A bbolt commit rewrites the touched
// pages and syncs the file, so a transaction per document spent about a
// third of an import's CPU in commits (Cayley's own loader writes 10,000
// quads per transaction); but the nodes a transaction dirties grow with it
// and take each new key by a sorted insert, so on a small store one large
// transaction is slower than several. Import uses store size/8 within
// these bounds: at 53k quads 16,384 imported in 1.6 s against 2.9 s with
// 65,536; at 1M quads 65,536 took 41 s against 47 s with 16,384, and a
// cap of 131,072 (reached near 1M) 33-34 s against 36-39 s with 65,536.
const (
	batchQuads    = 16384
	maxBatchQuads = 131072
)

// batchLimit is the batch size for a store holding about quads quads.
func batchLimit(quads int) int { return min(max(batchQuads, quads/8), maxBatchQuads) }

// change is one document's new state, waiting in a batch.
type change struct {
	id    seckg.DocID
	x     seckg.Extraction // normalised; unused when del
	extra []quad.Quad
	quads int
	del   bool
}

// batch gathers the deltas of several documents into one transaction: the
// documents are stored together or not at all, and the index learns of
// them only once the transaction has committed. The caller holds wmu.
type batch struct {
	s       *Store
	deltas  []cgraph.Delta
	changes []change
	in      map[seckg.DocID]bool
}

func (s *Store) newBatch() *batch { return &batch{s: s, in: map[seckg.DocID]bool{}} }

// size is the number of deltas waiting.
func (b *batch) size() int { return len(b.deltas) }

// put makes the quads labelled c.id exactly want once b is flushed. want
// must hold no duplicates, and c.id must not wait in b already: its
// deltas are computed from the index as it was before b.
func (b *batch) put(c change, want []quad.Quad) error {
	cur, err := b.s.current(c.id)
	if err != nil {
		return err
	}
	have := make(map[quad.Quad]bool, len(cur))
	for _, q := range cur {
		have[q] = true
	}
	next := make(map[quad.Quad]bool, len(want))
	for _, q := range want {
		next[q] = true
		if !have[q] {
			b.deltas = append(b.deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
	}
	for q := range have {
		if !next[q] {
			b.deltas = append(b.deltas, cgraph.Delta{Quad: q, Action: cgraph.Delete})
		}
	}
	b.changes = append(b.changes, c)
	b.in[c.id] = true
	return nil
}

// flush applies the waiting deltas in one transaction and then updates the
// index. On an error nothing of the batch is stored and the index is
// unchanged.
func (b *batch) flush() error {
	if len(b.changes) == 0 {
		return nil
	}
	if len(b.deltas) > 0 {
		if err := b.s.apply(b.deltas, b.changes); err != nil {
			return err
		}
	}
	b.s.mu.Lock()
	b.s.ix.applyChanges(b.changes, b.s.writeOnly)
	b.s.mu.Unlock()
	b.deltas, b.changes = b.deltas[:0], b.changes[:0]
	clear(b.in)
	if b.s.bolt != nil {
		// each time costs a minor fault per page read again
		dropMapped(b.s.bolt)
	}
	return nil
}

// applyChanges puts (or removes) each changed document into the index.
// The caller holds the store's write lock.
func (ix *index) applyChanges(cs []change, writeOnly bool) {
	for _, c := range cs {
		switch {
		case c.del:
			ix.remove(c.id)
		case writeOnly:
			ix.putStub(c.x, c.extra, c.quads)
		default:
			ix.put(c.x, c.extra, c.quads)
		}
	}
}

// apply writes deltas, the changes of cs, in one transaction: PostgreSQL
// through the bulk writer (which logs the documents for other processes),
// other backends through Cayley.
func (s *Store) apply(deltas []cgraph.Delta, cs []change) error {
	if s.pg != nil {
		docs := make([]string, len(cs))
		for i, c := range cs {
			docs[i] = string(c.id)
		}
		if err := s.pg.apply(deltas, docs); err != nil {
			return err
		}
		// Cayley caches the table sizes and forgets them only in its own
		// ApplyDeltas: an empty one (an empty transaction) does just that.
		return s.qs.ApplyDeltas(nil, ignore)
	}
	if s.bolt != nil {
		return applyKV(s.qs, deltas)
	}
	return s.qs.ApplyDeltas(deltas, ignore)
}

// applyKV works around a bug of Cayley v0.7.7's kv backends (bolt): in one
// ApplyDeltas, a node that the deltas name more often in removed quads
// than in added ones is resolved only for the removals, so an added quad
// naming it is stored with that direction empty. A replacement that
// shrinks a document does exactly that with the document's label. So a
// batch that both removes and adds is written as two transactions, the
// removals first. A crash between them leaves the replaced documents
// absent (their new versions were not reported stored; a re-run writes
// them), never a quad with a missing value.
func applyKV(qs cgraph.QuadStore, deltas []cgraph.Delta) error {
	var dels, adds []cgraph.Delta
	for _, d := range deltas {
		if d.Action == cgraph.Delete {
			dels = append(dels, d)
		} else {
			adds = append(adds, d)
		}
	}
	if len(dels) == 0 || len(adds) == 0 {
		return qs.ApplyDeltas(deltas, ignore)
	}
	if err := qs.ApplyDeltas(dels, ignore); err != nil {
		return err
	}
	return qs.ApplyDeltas(adds, ignore)
}
