package graph

import (
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/cayleygraph/quad"

	"github.com/seckg/seckg"
)

// relKey is the identity of a relation.
type relKey struct {
	h seckg.EntityID
	p seckg.Predicate
	t seckg.EntityID
}

func (k relKey) cmp(o relKey) int {
	if c := strings.Compare(string(k.h), string(o.h)); c != 0 {
		return c
	}
	if c := strings.Compare(string(k.p), string(o.p)); c != 0 {
		return c
	}
	return strings.Compare(string(k.t), string(o.t))
}

// sortKeys sorts ks in key order (slices.SortFunc: no reflection, no
// closure allocation, which sort.Slice cost on every neighbours request).
func sortKeys(ks []relKey) { slices.SortFunc(ks, relKey.cmp) }

// entState is what the documents state about one entity.
type entState struct {
	byDoc  map[seckg.DocID]seckg.Entity
	merged seckg.Entity // Docs filled
	keys   []string     // lower-cased name, English name and aliases
}

// relState is the evidence each document gives for one relation.
type relState struct {
	byDoc map[seckg.DocID][]seckg.Evidence
}

// docState is one document as the store holds it.
type docState struct {
	doc   seckg.Document
	ents  []seckg.EntityID
	rels  []relKey
	extra []quad.Quad // labelled quads outside the canonical schema
	quads int
	stub  bool // written by a write-only store: ents and rels count in sum
}

// index is the in-memory read index. It holds each document's statements
// once (entity statements and evidence, strings shared with the decoded
// quads) plus merged entities and adjacency; Cayley stays the source of
// truth and the index is rebuilt from it at Open.
type index struct {
	docs    map[seckg.DocID]*docState
	ents    map[seckg.EntityID]*entState
	rels    map[relKey]*relState
	out, in map[seckg.EntityID]map[relKey]struct{}
	foreign int      // quads without a document label
	sum     *summary // the stub documents' statements, nil when none

	// caches, nil when stale; cmu guards them under a read lock
	cmu    sync.Mutex
	entIDs []seckg.EntityID
	relIDs []relKey
	sx     *searchIndex
	// dirty holds the entities written since sx was built: their keys in
	// sx may be stale, so searches check them directly. Writers (under the
	// store's write lock) add to it; a rebuild swaps in a new map.
	dirty map[seckg.EntityID]struct{}
}

// maxDirty is how many entities may change before the search index is
// rebuilt rather than patched; a rebuild at 1M quads takes about a second,
// a patched search scans the dirty entities' keys.
const maxDirty = 4096

// touched records that entity id changed, for the search index.
func (ix *index) touched(id seckg.EntityID) {
	if ix.sx == nil {
		return
	}
	if len(ix.dirty) >= maxDirty {
		ix.sx, ix.dirty = nil, nil
		return
	}
	ix.dirty[id] = struct{}{}
}

func newIndex() *index {
	return &index{
		docs: map[seckg.DocID]*docState{},
		ents: map[seckg.EntityID]*entState{},
		rels: map[relKey]*relState{},
		out:  map[seckg.EntityID]map[relKey]struct{}{},
		in:   map[seckg.EntityID]map[relKey]struct{}{},
	}
}

// extraction rebuilds what document d stated (normalised form).
func (ix *index) extraction(d *docState) seckg.Extraction {
	x := seckg.Extraction{Doc: d.doc}
	if d.stub {
		return x // a write-only store keeps no statements of its own writes
	}
	for _, id := range d.ents {
		x.Entities = append(x.Entities, ix.ents[id].byDoc[d.doc.ID])
	}
	for _, k := range d.rels {
		x.Relations = append(x.Relations, seckg.Relation{Head: k.h, Predicate: k.p, Tail: k.t, Evidence: ix.rels[k].byDoc[d.doc.ID]})
	}
	return x
}

// put replaces document x.Doc.ID in the index by x (normalised).
func (ix *index) put(x seckg.Extraction, extra []quad.Quad, quads int) {
	ix.remove(x.Doc.ID)
	id := x.Doc.ID
	d := &docState{doc: x.Doc, extra: extra, quads: quads}
	ix.docs[id] = d
	for _, e := range x.Entities {
		st := ix.ents[e.ID]
		if st == nil {
			st = &entState{byDoc: map[seckg.DocID]seckg.Entity{}}
			ix.ents[e.ID] = st
		}
		st.byDoc[id] = e
		st.merge()
		ix.touched(e.ID)
		d.ents = append(d.ents, e.ID)
	}
	for _, r := range x.Relations {
		k := relKey{r.Head, r.Predicate, r.Tail}
		st := ix.rels[k]
		if st == nil {
			st = &relState{byDoc: map[seckg.DocID][]seckg.Evidence{}}
			ix.rels[k] = st
			link(ix.out, k.h, k)
			link(ix.in, k.t, k)
		}
		st.byDoc[id] = r.Evidence
		d.rels = append(d.rels, k)
	}
	ix.entIDs, ix.relIDs = nil, nil
}

// remove drops document id from the index.
func (ix *index) remove(id seckg.DocID) {
	d := ix.docs[id]
	if d == nil {
		return
	}
	delete(ix.docs, id)
	if d.stub {
		ix.removeStub(d)
		return
	}
	for _, e := range d.ents {
		st := ix.ents[e]
		delete(st.byDoc, id)
		ix.touched(e)
		if len(st.byDoc) == 0 {
			delete(ix.ents, e)
		} else {
			st.merge()
		}
	}
	for _, k := range d.rels {
		st := ix.rels[k]
		delete(st.byDoc, id)
		if len(st.byDoc) == 0 {
			delete(ix.rels, k)
			unlink(ix.out, k.h, k)
			unlink(ix.in, k.t, k)
		}
	}
	ix.entIDs, ix.relIDs = nil, nil
}

func link(m map[seckg.EntityID]map[relKey]struct{}, id seckg.EntityID, k relKey) {
	s := m[id]
	if s == nil {
		s = map[relKey]struct{}{}
		m[id] = s
	}
	s[k] = struct{}{}
}

func unlink(m map[seckg.EntityID]map[relKey]struct{}, id seckg.EntityID, k relKey) {
	if s := m[id]; s != nil {
		delete(s, k)
		if len(s) == 0 {
			delete(m, id)
		}
	}
}

// merge recomputes the merged entity: the union of aliases, attributes and
// documents; name, English name, type and each attribute value are those
// most documents give (ties: the smallest value), which is the gazetteer's
// whenever the entity comes from it.
func (st *entState) merge() {
	docs := make([]seckg.DocID, 0, len(st.byDoc))
	for d := range st.byDoc {
		docs = append(docs, d)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i] < docs[j] })
	votes := map[string]map[string]int{}
	vote := func(field, v string) {
		if v == "" {
			return
		}
		m := votes[field]
		if m == nil {
			m = map[string]int{}
			votes[field] = m
		}
		m[v]++
	}
	aliases := map[string]bool{}
	var id seckg.EntityID
	for _, d := range docs {
		e := st.byDoc[d]
		id = e.ID
		vote("\x00type", string(e.Type))
		vote("\x00name", e.Name)
		vote("\x00en", e.NameEN)
		for _, a := range e.Aliases {
			aliases[a] = true
		}
		for k, v := range e.Attrs {
			vote(k, v)
		}
	}
	best := func(field string) string {
		var b string
		n := 0
		for v, c := range votes[field] {
			if c > n || c == n && v < b {
				b, n = v, c
			}
		}
		return b
	}
	m := seckg.Entity{ID: id, Type: seckg.NodeType(best("\x00type")), Name: best("\x00name"), NameEN: best("\x00en"), Docs: docs}
	for a := range aliases {
		m.Aliases = append(m.Aliases, a)
	}
	sort.Strings(m.Aliases)
	for f := range votes {
		if !strings.HasPrefix(f, "\x00") {
			if m.Attrs == nil {
				m.Attrs = map[string]string{}
			}
			m.Attrs[f] = best(f)
		}
	}
	st.merged = m
	keys := []string{strings.ToLower(m.Name)}
	if m.NameEN != "" {
		keys = append(keys, strings.ToLower(m.NameEN))
	}
	for _, a := range m.Aliases {
		keys = append(keys, strings.ToLower(a))
	}
	st.keys = keys
}

// entity returns the merged entity id, or a bare one for an id that only
// appears as the end of a relation.
func (ix *index) entity(id seckg.EntityID) (seckg.Entity, bool) {
	if st := ix.ents[id]; st != nil {
		return copyEntity(st.merged), true
	}
	if len(ix.out[id]) > 0 || len(ix.in[id]) > 0 {
		return seckg.Entity{ID: id}, true
	}
	return seckg.Entity{}, false
}

// entityView is entity without the copy, for answers that are encoded and
// dropped (neighbourhoods, subgraphs, search pages): the slices and the
// attribute map are the index's own, which merge replaces rather than
// edits, and the slices are clipped so that an append copies them. Those
// who get such an entity must not write into it.
func (ix *index) entityView(id seckg.EntityID) seckg.Entity {
	if st := ix.ents[id]; st != nil {
		e := st.merged
		e.Aliases = slices.Clip(e.Aliases)
		e.Docs = slices.Clip(e.Docs)
		return e
	}
	return seckg.Entity{ID: id}
}

func copyEntity(e seckg.Entity) seckg.Entity {
	e.Aliases = append([]string(nil), e.Aliases...)
	e.Docs = append([]seckg.DocID(nil), e.Docs...)
	if e.Attrs != nil {
		m := make(map[string]string, len(e.Attrs))
		for k, v := range e.Attrs {
			m[k] = v
		}
		e.Attrs = m
	}
	return e
}

func (ix *index) exists(id seckg.EntityID) bool {
	return ix.ents[id] != nil || len(ix.out[id]) > 0 || len(ix.in[id]) > 0
}

// relation returns relation k with the evidence of every document, sorted
// by document and offset. The evidence of a relation only one document
// states is that document's own slice, clipped: read it, do not write it.
func (ix *index) relation(k relKey) seckg.Relation {
	r := seckg.Relation{Head: k.h, Predicate: k.p, Tail: k.t}
	st := ix.rels[k]
	if st == nil {
		return r
	}
	if len(st.byDoc) == 1 { // most relations: share that document's evidence, clipped
		for _, ev := range st.byDoc {
			r.Evidence = slices.Clip(ev)
		}
		return r
	}
	docs := make([]seckg.DocID, 0, len(st.byDoc))
	for d := range st.byDoc {
		docs = append(docs, d)
	}
	slices.Sort(docs)
	for _, d := range docs {
		r.Evidence = append(r.Evidence, st.byDoc[d]...)
	}
	return r
}

func (ix *index) degree(id seckg.EntityID) int { return len(ix.out[id]) + len(ix.in[id]) }

// edges returns the relations touching id in direction dir, sorted.
func (ix *index) edges(id seckg.EntityID, dir seckg.Direction) []relKey {
	var ks []relKey
	if dir != seckg.In {
		for k := range ix.out[id] {
			ks = append(ks, k)
		}
	}
	if dir != seckg.Out {
		for k := range ix.in[id] {
			if dir == seckg.Both && k.h == id && k.t == id {
				continue // a self loop is already listed
			}
			ks = append(ks, k)
		}
	}
	sortKeys(ks)
	return ks
}

// sortedEntities returns every entity id (stated or only linked) in order.
func (ix *index) sortedEntities() []seckg.EntityID {
	ix.cmu.Lock()
	defer ix.cmu.Unlock()
	if ix.entIDs == nil {
		seen := make(map[seckg.EntityID]bool, len(ix.ents))
		ids := make([]seckg.EntityID, 0, len(ix.ents))
		for id := range ix.ents {
			seen[id] = true
			ids = append(ids, id)
		}
		for _, m := range []map[seckg.EntityID]map[relKey]struct{}{ix.out, ix.in} {
			for id := range m {
				if !seen[id] {
					seen[id] = true
					ids = append(ids, id)
				}
			}
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		ix.entIDs = ids
	}
	return ix.entIDs
}

func (ix *index) sortedRelations() []relKey {
	ix.cmu.Lock()
	defer ix.cmu.Unlock()
	if ix.relIDs == nil {
		ks := make([]relKey, 0, len(ix.rels))
		for k := range ix.rels {
			ks = append(ks, k)
		}
		sortKeys(ks)
		ix.relIDs = ks
	}
	return ix.relIDs
}
