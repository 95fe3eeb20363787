package graph

import (
	"context"
	"slices"

	"github.com/seckg/seckg"
)

// eachBatch is how many items a streaming read copies per lock.
const eachBatch = 256

// filter is a compiled seckg.Filter. The caller holds mu.
type filter struct {
	f     seckg.Filter
	types map[seckg.NodeType]bool
	preds map[seckg.Predicate]bool
}

func compile(f seckg.Filter) (*filter, error) {
	c := &filter{f: f}
	if len(f.Types) > 0 {
		c.types = map[seckg.NodeType]bool{}
		for _, t := range f.Types {
			c.types[t] = true
		}
	}
	if len(f.Predicates) > 0 {
		c.preds = map[seckg.Predicate]bool{}
		for _, p := range f.Predicates {
			c.preds[p] = true
		}
	}
	for _, d := range []string{f.Since, f.Until} {
		if d != "" && !dateRE.MatchString(d) {
			return nil, invalid("invalid date %q (want YYYY, YYYY-MM or YYYY-MM-DD)", d)
		}
	}
	return c, nil
}

func (c *filter) dated() bool { return c.f.Since != "" || c.f.Until != "" }

// nodeOK: type, document and the entity's own date.
func (c *filter) nodeOK(ix *index, e seckg.Entity) bool {
	if c.types != nil && !c.types[e.Type] {
		return false
	}
	if c.f.Doc != "" {
		st := ix.ents[e.ID]
		if st == nil {
			return false
		}
		if !st.byDoc.has(c.f.Doc) {
			return false
		}
	}
	return true
}

func (c *filter) dateOK(e seckg.Entity) (ok, dated bool) {
	d := e.Attrs[seckg.AttrDate]
	if d == "" {
		return false, false
	}
	return inRange(d, c.f.Since, c.f.Until), true
}

// entityOK reports whether entity id passes: its type and document; a
// dated entity its date; an undated one only when an edge (of the chosen
// predicates) joins it to a dated entity that passes the whole filter.
// With predicates set, an entity must touch at least one such edge.
func (c *filter) entityOK(ix *index, id seckg.EntityID) bool {
	e, ok := ix.entity(id)
	if !ok || !c.nodeOK(ix, e) {
		return false
	}
	needDate := c.dated()
	if ok, dated := c.dateOK(e); dated && needDate {
		if !ok {
			return false
		}
		needDate = false
	}
	if !needDate && c.preds == nil {
		return true
	}
	for _, st := range ix.edges(id, seckg.Both) {
		if c.preds != nil && !c.preds[st.key.p] {
			continue
		}
		if !needDate {
			return true
		}
		o, _ := ix.entity(other(st.key, id))
		if ok, dated := c.dateOK(o); ok && dated && c.nodeOK(ix, o) {
			return true
		}
	}
	return false
}

// relationOK: predicate, document (evidence or statement from it) and both
// ends passing entityOK.
func (c *filter) relationOK(ix *index, k relKey) bool {
	if c.preds != nil && !c.preds[k.p] {
		return false
	}
	if c.f.Doc != "" {
		if !ix.rel(k).byDoc.has(c.f.Doc) {
			return false
		}
	}
	return c.entityOK(ix, k.h) && c.entityOK(ix, k.t)
}

// EachEntity calls fn with each entity passing f, in id order, merged over
// all documents (Docs filled). It holds no lock while fn runs; a write in
// the meantime may or may not be seen.
func (s *Store) EachEntity(ctx context.Context, f seckg.Filter, fn func(seckg.Entity) error) error {
	c, err := compile(f)
	if err != nil {
		return err
	}
	s.mu.RLock()
	ids := s.ix.sortedEntities()
	s.mu.RUnlock()
	for i := 0; i < len(ids); i += eachBatch {
		if err := ctx.Err(); err != nil {
			return err
		}
		var batch []seckg.Entity
		s.mu.RLock()
		for _, id := range ids[i:min(i+eachBatch, len(ids))] {
			if c.entityOK(s.ix, id) {
				e, _ := s.ix.entity(id)
				batch = append(batch, e)
			}
		}
		s.mu.RUnlock()
		for _, e := range batch {
			if err := fn(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// EachRelation calls fn with each relation passing f, in key order (head,
// predicate, tail), with all its evidence, or only f.Doc's when set.
func (s *Store) EachRelation(ctx context.Context, f seckg.Filter, fn func(seckg.Relation) error) error {
	c, err := compile(f)
	if err != nil {
		return err
	}
	s.mu.RLock()
	ks := s.ix.sortedRelations()
	s.mu.RUnlock()
	for i := 0; i < len(ks); i += eachBatch {
		if err := ctx.Err(); err != nil {
			return err
		}
		var batch []seckg.Relation
		s.mu.RLock()
		for _, k := range ks[i:min(i+eachBatch, len(ks))] {
			st := s.ix.rel(k)
			if st == nil || !c.relationOK(s.ix, k) {
				continue
			}
			r := st.relation()
			if f.Doc != "" {
				ev, _ := st.byDoc.get(f.Doc)
				r.Evidence = slices.Clone(ev)
			}
			batch = append(batch, r)
		}
		s.mu.RUnlock()
		for _, r := range batch {
			if err := fn(r); err != nil {
				return err
			}
		}
	}
	return nil
}
