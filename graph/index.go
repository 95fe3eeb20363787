package graph

import (
	"slices"
	"sort"
	"strconv"
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

// docVal is one document's value in a perDoc list.
type docVal[T any] struct {
	doc seckg.DocID
	v   T
}

// perDoc holds a value per document, sorted by document id. Most entities
// are stated by a few documents and most relations by one, so a sorted
// slice costs a fraction of a map's memory (a small map allocates a group
// of eight slots for one entry) and has fewer objects for the collector
// to mark.
type perDoc[T any] []docVal[T]

func (p perDoc[T]) find(d seckg.DocID) (int, bool) {
	return slices.BinarySearchFunc(p, d, func(x docVal[T], d seckg.DocID) int { return strings.Compare(string(x.doc), string(d)) })
}

// get returns document d's value.
func (p perDoc[T]) get(d seckg.DocID) (T, bool) {
	if i, ok := p.find(d); ok {
		return p[i].v, true
	}
	var zero T
	return zero, false
}

func (p perDoc[T]) has(d seckg.DocID) bool {
	_, ok := p.find(d)
	return ok
}

// set stores document d's value.
func (p *perDoc[T]) set(d seckg.DocID, v T) {
	i, ok := p.find(d)
	if ok {
		(*p)[i].v = v
		return
	}
	*p = slices.Insert(*p, i, docVal[T]{d, v})
}

// del drops document d's value.
func (p *perDoc[T]) del(d seckg.DocID) {
	if i, ok := p.find(d); ok {
		*p = slices.Delete(*p, i, i+1)
	}
}

// entState is what the documents state about one entity.
type entState struct {
	byDoc  perDoc[stmt]
	merged seckg.Entity // Docs filled
}

// stmt is one document's statement of an entity (type, names, aliases
// and attributes; not its id) encoded in one string: each field ends in
// a NUL, which no stored string holds (see clean): type, name, English
// name, the number of aliases, the aliases, then each attribute's key and
// value in key order. A statement is a few bytes the collector need not
// scan instead of a seckg.Entity's seven pointers, an alias slice and an
// attribute map; at 1M quads, 150k statements of 55k entities, that was
// a third of the live heap. Identical statements (a gazetteer entity
// many documents name alike) share one copy at Open.
type stmt string

// encodeStmt encodes e (normalised: aliases sorted and distinct),
// through t's arena when t is not nil.
func encodeStmt(e seckg.Entity, t *interner) stmt {
	var b strings.Builder
	for _, f := range []string{string(e.Type), e.Name, e.NameEN, strconv.Itoa(len(e.Aliases))} {
		b.WriteString(f)
		b.WriteByte(0)
	}
	for _, a := range e.Aliases {
		b.WriteString(a)
		b.WriteByte(0)
	}
	for _, k := range sortedKeys(e.Attrs) {
		b.WriteString(k)
		b.WriteByte(0)
		b.WriteString(e.Attrs[k])
		b.WriteByte(0)
	}
	if t == nil {
		return stmt(b.String())
	}
	return stmt(t.intern(b.String())) // not own: clean drops NULs
}

// entity decodes the statement of entity id. Its strings are substrings
// of s; its aliases come from a's slabs when a is not nil. Attributes with
// an empty value are kept only when keepEmpty is set (a merge does not
// count them; a document's own statement has them).
func (s stmt) entity(id seckg.EntityID, a *mergeArena, keepEmpty bool) seckg.Entity {
	rest := string(s)
	next := func() string {
		i := strings.IndexByte(rest, 0)
		if i < 0 {
			f := rest
			rest = ""
			return f
		}
		f := rest[:i]
		rest = rest[i+1:]
		return f
	}
	e := seckg.Entity{ID: id, Type: seckg.NodeType(next()), Name: next(), NameEN: next()}
	if n, _ := strconv.Atoi(next()); n > 0 {
		e.Aliases = a.aliasSlice(n)
		for i := range e.Aliases {
			e.Aliases[i] = next()
		}
	}
	for rest != "" {
		k, v := next(), next()
		if v == "" && !keepEmpty {
			continue
		}
		if e.Attrs == nil {
			e.Attrs = map[string]string{}
		}
		e.Attrs[k] = v
	}
	return e
}

// relState is the evidence each document gives for one relation.
type relState struct {
	key   relKey
	byDoc perDoc[[]seckg.Evidence]
}

// relation returns the relation with the evidence of every document,
// sorted by document and offset. The evidence of a relation only one
// document states is that document's own slice, clipped: read it, do not
// write it.
func (st *relState) relation() seckg.Relation {
	r := seckg.Relation{Head: st.key.h, Predicate: st.key.p, Tail: st.key.t}
	if len(st.byDoc) == 1 { // most relations: share that document's evidence
		r.Evidence = slices.Clip(st.byDoc[0].v)
		return r
	}
	for _, de := range st.byDoc {
		r.Evidence = append(r.Evidence, de.v...)
	}
	return r
}

// adjacency lists the relations leaving (out) and entering (in) one
// entity, each sorted by key.
type adjacency struct {
	out, in []*relState
}

// docState is one document as the store holds it.
type docState struct {
	doc       seckg.Document
	ents      []seckg.EntityID
	relStates []*relState // the relations it states
	rels      []relKey    // a stub's relations (the index has no state of them)
	extra     []quad.Quad // labelled quads outside the canonical schema
	quads     int
	stub      bool // written by a write-only store: ents and rels count in sum
}

// index is the in-memory read index. It holds each document's statements
// once (entity statements and evidence; Open interns their strings) plus
// merged entities and adjacency; Cayley stays the source of truth and the
// index is rebuilt from it at Open. It is laid out for the collector as
// much as for look-ups: per-document values in sorted slices rather than
// small maps, adjacency as sorted slices of relation pointers packed in
// one array at Open, states and slices from slabs, strings from an arena
// and entity statements encoded (stmt), so that a collection has few
// objects to mark and little memory to scan; relations are found through
// their head's out list rather than a map of their own (see rel). At 1M
// quads that took the live heap from 195 MB to 56 MB and its objects from
// 1.63M to 0.11M; the last four steps took one collection from 96 to 33
// ms of CPU.
type index struct {
	docs    map[seckg.DocID]*docState
	ents    map[seckg.EntityID]*entState
	nrels   int // relations (states in the adjacency lists)
	adj     map[seckg.EntityID]adjacency
	foreign int      // quads without a document label
	sum     *summary // the stub documents' statements, nil when none
	// loading is set while Open loads the store: adjacency lists are
	// appended to and sorted once by endLoad, which saves an insertion
	// per relation into a hub's long list, and entity and relation
	// states come from slabs (see newEnt).
	loading  bool
	loadRels map[relKey]*relState // the relations, while loading (see rel)
	ents0    []entState
	rels0    []relState
	strs     *interner // the load's, for statements and merges
	entDocs  []docVal[stmt]
	relDocs  []docVal[[]seckg.Evidence]

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
		adj:  map[seckg.EntityID]adjacency{},
	}
}

// extraction rebuilds what document d stated (normalised form).
func (ix *index) extraction(d *docState) seckg.Extraction {
	x := seckg.Extraction{Doc: d.doc}
	if d.stub {
		return x // a write-only store keeps no statements of its own writes
	}
	for _, id := range d.ents {
		s, _ := ix.ents[id].byDoc.get(d.doc.ID)
		x.Entities = append(x.Entities, s.entity(id, nil, true))
	}
	for _, st := range d.relStates {
		ev, _ := st.byDoc.get(d.doc.ID)
		k := st.key
		x.Relations = append(x.Relations, seckg.Relation{Head: k.h, Predicate: k.p, Tail: k.t, Evidence: ev})
	}
	return x
}

// put replaces document x.Doc.ID in the index by x (normalised).
func (ix *index) put(x seckg.Extraction, extra []quad.Quad, quads int) {
	ix.remove(x.Doc.ID)
	id := x.Doc.ID
	d := &docState{doc: x.Doc, extra: extra, quads: quads}
	ix.docs[id] = d
	d.ents = make([]seckg.EntityID, 0, len(x.Entities))
	for _, e := range x.Entities {
		st := ix.ents[e.ID]
		if st == nil {
			st = ix.newEnt()
			ix.ents[e.ID] = st
		}
		if ix.loading {
			if st.byDoc == nil {
				st.byDoc = sliceFromSlab(&ix.entDocs, 1)[:0]
			}
			st.byDoc.set(id, encodeStmt(e, ix.strs)) // endLoad merges every entity once
		} else {
			st.byDoc.set(id, encodeStmt(e, nil))
			st.merge(e.ID, nil)
		}
		ix.touched(e.ID)
		d.ents = append(d.ents, e.ID)
	}
	d.relStates = make([]*relState, 0, len(x.Relations))
	for _, r := range x.Relations {
		k := relKey{r.Head, r.Predicate, r.Tail}
		st := ix.rel(k)
		if st == nil {
			st = ix.newRel(k)
			if ix.loading {
				ix.loadRels[k] = st
			}
			ix.link(st)
			ix.nrels++
		}
		if ix.loading && st.byDoc == nil {
			st.byDoc = sliceFromSlab(&ix.relDocs, 1)[:0]
		}
		st.byDoc.set(id, r.Evidence)
		d.relStates = append(d.relStates, st)
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
		st.byDoc.del(id)
		ix.touched(e)
		if len(st.byDoc) == 0 {
			delete(ix.ents, e)
			*st = entState{} // it may sit in a slab: hold nothing
		} else {
			st.merge(e, nil)
		}
	}
	for _, st := range d.relStates {
		st.byDoc.del(id)
		if len(st.byDoc) == 0 {
			if ix.loading {
				delete(ix.loadRels, st.key)
			}
			ix.unlink(st)
			ix.nrels--
			*st = relState{}
		}
	}
	ix.entIDs, ix.relIDs = nil, nil
}

func cmpRel(a, b *relState) int           { return a.key.cmp(b.key) }
func cmpRelKey(a *relState, k relKey) int { return a.key.cmp(k) }

// end is one end of a relation: its head's out list or its tail's in list.
type end struct {
	id  seckg.EntityID
	out bool
}

func ends(k relKey) [2]end { return [2]end{{k.h, true}, {k.t, false}} }

// slab is how many states a load allocates at once.
const slab = 4096

// newEnt returns a new entity state: while loading, the next of a slab,
// so that a load allocates one object per slab rather than per entity
// (the slab stays while any of its states does).
func (ix *index) newEnt() *entState {
	if !ix.loading {
		return &entState{}
	}
	return fromSlab(&ix.ents0, entState{})
}

// newRel is newEnt for relation states.
func (ix *index) newRel(k relKey) *relState {
	if !ix.loading {
		return &relState{key: k}
	}
	return fromSlab(&ix.rels0, relState{key: k})
}

// fromSlab stores v in the next free place of *s, a new slab of slab
// places when it is full, and returns that place.
func fromSlab[T any](s *[]T, v T) *T {
	if len(*s) == cap(*s) {
		*s = make([]T, 0, slab)
	}
	*s = append(*s, v)
	return &(*s)[len(*s)-1]
}

// sliceFromSlab returns n places (len and cap n) cut from *s, a new slab
// when too few are left; an append to what it returns copies it. Long
// slices get an array of their own.
func sliceFromSlab[T any](s *[]T, n int) []T {
	if n == 0 {
		return nil
	}
	if n > slab/8 {
		return make([]T, n)
	}
	if cap(*s)-len(*s) < n {
		*s = make([]T, 0, slab)
	}
	start := len(*s)
	*s = (*s)[:start+n]
	return (*s)[start : start+n : start+n]
}

func (a *adjacency) list(out bool) *[]*relState {
	if out {
		return &a.out
	}
	return &a.in
}

// link adds relation st to the adjacency of both its ends.
func (ix *index) link(st *relState) {
	for _, e := range ends(st.key) {
		a := ix.adj[e.id]
		l := a.list(e.out)
		if ix.loading {
			*l = append(*l, st)
		} else {
			i, _ := slices.BinarySearchFunc(*l, st.key, cmpRelKey)
			*l = slices.Insert(*l, i, st)
		}
		ix.adj[e.id] = a
	}
}

// unlink drops relation st from the adjacency of both its ends.
func (ix *index) unlink(st *relState) {
	for _, e := range ends(st.key) {
		a, ok := ix.adj[e.id]
		if !ok {
			continue
		}
		l := a.list(e.out)
		i := -1
		if ix.loading {
			i = slices.Index(*l, st)
		} else if j, ok := slices.BinarySearchFunc(*l, st.key, cmpRelKey); ok {
			i = j
		}
		if i >= 0 {
			*l = slices.Delete(*l, i, i+1)
		}
		if len(a.out) == 0 && len(a.in) == 0 {
			delete(ix.adj, e.id)
		} else {
			ix.adj[e.id] = a
		}
	}
}

// beginLoad starts a load (see loading), its strings owned by t (nil:
// each its own); endLoad ends it.
func (ix *index) beginLoad(t *interner) {
	ix.loading, ix.loadRels, ix.strs = true, map[relKey]*relState{}, t
}

// endLoad ends a load: it merges every entity once, its new strings and
// slices cut from the load's arena and from slabs, and sorts every
// adjacency list and packs them all into one array (each list clipped, so
// that a later write copies its own), one object for the collector
// instead of two per entity.
func (ix *index) endLoad() {
	ma := &mergeArena{}
	for id, st := range ix.ents {
		st.merge(id, ma)
	}
	n := 0
	for _, a := range ix.adj {
		n += len(a.out) + len(a.in)
	}
	all := make([]*relState, 0, n)
	pack := func(l []*relState) []*relState {
		slices.SortFunc(l, cmpRel)
		start := len(all)
		all = append(all, l...)
		return all[start:len(all):len(all)]
	}
	for id, a := range ix.adj {
		ix.adj[id] = adjacency{out: pack(a.out), in: pack(a.in)}
	}
	ix.loading, ix.ents0, ix.rels0, ix.entDocs, ix.relDocs, ix.strs, ix.loadRels = false, nil, nil, nil, nil, nil, nil
}

// mergeArena is where a load's merges take their slices from, so that
// they are few objects.
type mergeArena struct {
	docs    []seckg.DocID
	aliases []string
}

func (a *mergeArena) aliasSlice(n int) []string {
	if a == nil {
		return make([]string, n)
	}
	return sliceFromSlab(&a.aliases, n)
}

func (a *mergeArena) docSlice(n int) []seckg.DocID {
	if a == nil {
		return make([]seckg.DocID, n)
	}
	return sliceFromSlab(&a.docs, n)
}

// merge recomputes merged entity id: the union of aliases, attributes
// and documents; name, English name, type and each attribute value are
// those most documents give (ties: the smallest value), which is the
// gazetteer's whenever the entity comes from it. An entity one document
// states (most of them) is that statement. a is nil outside a load.
func (st *entState) merge(id seckg.EntityID, a *mergeArena) {
	docs := a.docSlice(len(st.byDoc))
	for i, de := range st.byDoc {
		docs[i] = de.doc
	}
	var m seckg.Entity
	if len(st.byDoc) == 1 {
		m = st.byDoc[0].v.entity(id, a, false)
	} else {
		m = mergeVotes(id, st.byDoc)
	}
	m.Docs = docs
	st.merged = m
}

// mergeVotes is merge's vote over several statements (Docs not filled).
func mergeVotes(id seckg.EntityID, byDoc perDoc[stmt]) seckg.Entity {
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
	for _, de := range byDoc { // in document order
		e := de.v.entity(id, nil, false)
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
	m := seckg.Entity{ID: id, Type: seckg.NodeType(best("\x00type")), Name: best("\x00name"), NameEN: best("\x00en")}
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
	return m
}

// entity returns the merged entity id, or a bare one for an id that only
// appears as the end of a relation.
func (ix *index) entity(id seckg.EntityID) (seckg.Entity, bool) {
	if st := ix.ents[id]; st != nil {
		return copyEntity(st.merged), true
	}
	if _, ok := ix.adj[id]; ok {
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

// rel returns the state of relation k, nil if no document states it:
// after a load, from its head's out list (sorted by key), which spares
// the index a map of every relation (at 1M quads, 60k relations, 6 MB of
// keys the collector scans).
func (ix *index) rel(k relKey) *relState {
	if ix.loading {
		return ix.loadRels[k]
	}
	out := ix.adj[k.h].out
	if i, ok := slices.BinarySearchFunc(out, k, cmpRelKey); ok {
		return out[i]
	}
	return nil
}

func (ix *index) exists(id seckg.EntityID) bool {
	_, linked := ix.adj[id]
	return ix.ents[id] != nil || linked
}

// relation returns relation k (see relState.relation); a relation not in
// the index has no evidence.
func (ix *index) relation(k relKey) seckg.Relation {
	if st := ix.rel(k); st != nil {
		return st.relation()
	}
	return seckg.Relation{Head: k.h, Predicate: k.p, Tail: k.t}
}

func (ix *index) degree(id seckg.EntityID) int {
	a := ix.adj[id]
	return len(a.out) + len(a.in)
}

// edges returns the relations touching id in direction dir, sorted by
// key. For one direction the slice is the index's own: read it, do not
// write it.
func (ix *index) edges(id seckg.EntityID, dir seckg.Direction) []*relState {
	return ix.edgesInto(nil, id, dir)
}

// edgesInto is edges, merging both directions into buf[:0] (a caller
// that walks many nodes reuses one buffer); one direction is still the
// index's own list, not buf.
func (ix *index) edgesInto(buf []*relState, id seckg.EntityID, dir seckg.Direction) []*relState {
	a, ok := ix.adj[id]
	if !ok {
		return buf[:0]
	}
	switch dir {
	case seckg.Out:
		return slices.Clip(a.out)
	case seckg.In:
		return slices.Clip(a.in)
	}
	return a.both(id, buf[:0])
}

// both appends to buf the relations leaving and entering entity id, in
// key order, a self loop once.
func (a *adjacency) both(id seckg.EntityID, buf []*relState) []*relState {
	buf = slices.Grow(buf, len(a.out)+len(a.in))
	out, in := a.out, a.in
	for len(out) > 0 || len(in) > 0 {
		if len(in) > 0 && in[0].key.h == id { // a self loop: listed from out
			in = in[1:]
			continue
		}
		if len(in) == 0 || len(out) > 0 && out[0].key.cmp(in[0].key) < 0 {
			buf, out = append(buf, out[0]), out[1:]
		} else {
			buf, in = append(buf, in[0]), in[1:]
		}
	}
	return buf
}

// sortedEntities returns every entity id (stated or only linked) in order.
func (ix *index) sortedEntities() []seckg.EntityID {
	ix.cmu.Lock()
	defer ix.cmu.Unlock()
	if ix.entIDs == nil {
		ids := make([]seckg.EntityID, 0, len(ix.ents))
		for id := range ix.ents {
			ids = append(ids, id)
		}
		for id := range ix.adj {
			if ix.ents[id] == nil {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		ix.entIDs = ids
	}
	return ix.entIDs
}

func (ix *index) sortedRelations() []relKey {
	ix.cmu.Lock()
	defer ix.cmu.Unlock()
	if ix.relIDs == nil {
		ks := make([]relKey, 0, ix.nrels)
		for _, a := range ix.adj {
			for _, st := range a.out {
				ks = append(ks, st.key)
			}
		}
		sortKeys(ks)
		ix.relIDs = ks
	}
	return ix.relIDs
}
