package graph

import (
	"context"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/seckg/seckg"
)

// ignore makes deltas tolerant per call (never through Cayley's globals):
// the diff below never adds a present quad nor deletes a missing one, but a
// concurrent writer outside this process must not make a replace fail.
var ignore = cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}

func (s *Store) writable(op string) error {
	if s.readOnly {
		return seckg.Errorf(seckg.ErrInvalid, fmt.Sprintf("graph: %s: the store was opened read-only", op))
	}
	return nil
}

// WriteDocument replaces everything document x.Doc.ID stated by what x
// states, in one Cayley transaction: the document is fully in or not at
// all, and writing the same extraction twice changes nothing.
func (s *Store) WriteDocument(ctx context.Context, x seckg.Extraction) error {
	if err := s.writeDocuments(ctx, []seckg.Extraction{x}); err != nil {
		return fmt.Errorf("graph: write document %s: %w", x.Doc.ID, err)
	}
	return nil
}

// WriteDocuments writes several documents as WriteDocument does, all in
// one transaction: either every one of them is stored or none is. When a
// document id appears more than once, the last extraction wins. Writing
// many small documents this way costs one commit instead of one each.
func (s *Store) WriteDocuments(ctx context.Context, xs []seckg.Extraction) error {
	if err := s.writeDocuments(ctx, xs); err != nil {
		return fmt.Errorf("graph: write %d documents: %w", len(xs), err)
	}
	return nil
}

func (s *Store) writeDocuments(ctx context.Context, xs []seckg.Extraction) error {
	if err := s.writable("write document"); err != nil {
		return err
	}
	last := make(map[seckg.DocID]int, len(xs))
	for i, x := range xs {
		if err := validate(x); err != nil {
			if len(xs) > 1 {
				return fmt.Errorf("document %s: %w", x.Doc.ID, err)
			}
			return err
		}
		last[x.Doc.ID] = i
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	b := s.newBatch()
	for i, x := range xs {
		if last[x.Doc.ID] != i {
			continue
		}
		x = normalize(x)
		qs := dedup(encode(x))
		if err := b.put(change{id: x.Doc.ID, x: x, quads: len(qs)}, qs); err != nil {
			return err
		}
	}
	return b.flush()
}

// DeleteDocument removes what document id stated; what other documents
// state about the same entities and relations stays.
func (s *Store) DeleteDocument(ctx context.Context, id seckg.DocID) error {
	if err := s.writable("delete document"); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("graph: delete document %s: %w", id, err)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.RLock()
	_, ok := s.ix.docs[id]
	s.mu.RUnlock()
	if !ok {
		return fmt.Errorf("graph: delete document %s: %w", id, seckg.ErrNotFound)
	}
	b := s.newBatch()
	if err := b.put(change{id: id, del: true}, nil); err != nil {
		return fmt.Errorf("graph: delete document %s: %w", id, err)
	}
	if err := b.flush(); err != nil {
		return fmt.Errorf("graph: delete document %s: %w", id, err)
	}
	return nil
}

// current returns the quads the store holds under document id's label, as
// the index knows them (the index mirrors the store; see load).
func (s *Store) current(id seckg.DocID) ([]quad.Quad, error) {
	s.mu.RLock()
	d := s.ix.docs[id]
	if d == nil {
		s.mu.RUnlock()
		return nil, nil
	}
	if d.stub {
		s.mu.RUnlock()
		return s.labelQuads(id)
	}
	defer s.mu.RUnlock()
	return append(encode(s.ix.extraction(d)), d.extra...), nil
}

func dedup(qs []quad.Quad) []quad.Quad {
	seen := make(map[quad.Quad]bool, len(qs))
	out := qs[:0:0]
	for _, q := range qs {
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	return out
}

// DocumentHash returns the stored hash of document id, "" if absent.
func (s *Store) DocumentHash(ctx context.Context, id seckg.DocID) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if d := s.ix.docs[id]; d != nil {
		return d.doc.Hash, nil
	}
	return "", nil
}
