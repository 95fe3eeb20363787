package graph

import (
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/seckg/seckg"
)

// Read limits. Requests beyond them get an ErrInvalid *seckg.Error.
const (
	DefaultSearchLimit   = 20
	MaxSearchLimit       = 500
	DefaultNeighborLimit = 100
	MaxNeighborLimit     = 2000
	MaxPathLength        = 6
	DefaultPathLength    = 4
	MaxPaths             = 20
	DefaultPaths         = 3
	MaxSubgraphIDs       = 500
	MaxSubgraphNodes     = 5000
	pathSearchBudget     = 2_000_000 // edge visits per Paths call
)

func invalid(format string, a ...any) error {
	return seckg.Errorf(seckg.ErrInvalid, fmt.Sprintf(format, a...))
}

func notFound(what string, id any) error {
	return &seckg.Error{Kind: seckg.ErrNotFound, Msg: fmt.Sprintf("%s %q not found", what, id)}
}

// Documents lists the stored documents by id.
func (s *Store) Documents(ctx context.Context) ([]seckg.Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]seckg.Document, 0, len(s.ix.docs))
	for _, d := range s.ix.docs {
		out = append(out, d.doc)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Document returns a document's metadata and exactly what it states
// (entities as that document gives them, its evidence only).
func (s *Store) Document(ctx context.Context, id seckg.DocID) (seckg.DocumentDetail, error) {
	if err := ctx.Err(); err != nil {
		return seckg.DocumentDetail{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	d := s.ix.docs[id]
	if d == nil {
		return seckg.DocumentDetail{}, notFound("document", id)
	}
	x := s.ix.extraction(d)
	dd := seckg.DocumentDetail{Document: x.Doc, Entities: make([]seckg.Entity, 0, len(x.Entities)), Relations: make([]seckg.Relation, 0, len(x.Relations))}
	for _, e := range x.Entities {
		e = copyEntity(e)
		e.Docs = []seckg.DocID{id}
		dd.Entities = append(dd.Entities, e)
	}
	for _, r := range x.Relations {
		r.Evidence = append([]seckg.Evidence(nil), r.Evidence...)
		dd.Relations = append(dd.Relations, r)
	}
	return dd, nil
}

// Entity returns the entity merged over all documents, every relation
// that touches it (out and in, sorted by key) with all evidence, and the
// entities at their far ends.
func (s *Store) Entity(ctx context.Context, id seckg.EntityID) (seckg.EntityDetail, error) {
	if err := ctx.Err(); err != nil {
		return seckg.EntityDetail{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, ok := s.ix.entity(id)
	if !ok {
		return seckg.EntityDetail{}, notFound("entity", id)
	}
	ed := seckg.EntityDetail{Entity: e, Relations: []seckg.Relation{}, Others: map[seckg.EntityID]seckg.Entity{}}
	for _, st := range s.ix.edges(id, seckg.Both) {
		ed.Relations = append(ed.Relations, st.relation())
		for _, o := range [2]seckg.EntityID{st.key.h, st.key.t} {
			if o == id {
				continue
			}
			if _, done := ed.Others[o]; !done {
				oe, _ := s.ix.entity(o)
				oe.Docs = nil
				ed.Others[o] = oe
			}
		}
	}
	return ed, nil
}

// Search ranks entities whose name, English name or an alias matches q.Q
// case-insensitively: exact matches first, then prefixes, then substrings,
// each by degree (most connected first), then by id. An empty Q lists
// every entity by degree. Cursor is the NextCursor of the previous page.
func (s *Store) Search(ctx context.Context, q seckg.SearchQuery) (seckg.SearchResult, error) {
	if err := ctx.Err(); err != nil {
		return seckg.SearchResult{}, err
	}
	limit := q.Limit
	switch {
	case limit == 0:
		limit = DefaultSearchLimit
	case limit < 0 || limit > MaxSearchLimit:
		return seckg.SearchResult{}, invalid("limit must be between 1 and %d", MaxSearchLimit)
	}
	if q.Type != "" && !q.Type.Valid() {
		return seckg.SearchResult{}, invalid("unknown type %q", q.Type)
	}
	start, err := decodeCursor(q.Cursor)
	if err != nil {
		return seckg.SearchResult{}, err
	}
	needle := strings.ToLower(strings.TrimSpace(q.Q))
	type hit struct {
		id        seckg.EntityID
		rank, deg int
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var hits []hit
	add := func(id seckg.EntityID, rank int) {
		if q.Type != "" {
			if st := s.ix.ents[id]; st == nil || st.merged.Type != q.Type {
				return
			}
		}
		hits = append(hits, hit{id, rank, s.ix.degree(id)})
	}
	if needle == "" {
		for id := range s.ix.ents {
			add(id, 0)
		}
	} else {
		for id, rank := range s.ix.match(needle) {
			add(id, rank)
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		if a.deg != b.deg {
			return a.deg > b.deg
		}
		return a.id < b.id
	})
	res := seckg.SearchResult{Items: []seckg.Entity{}, Total: len(hits)}
	for i := start; i < len(hits) && i < start+limit; i++ {
		res.Items = append(res.Items, s.ix.entityView(hits[i].id))
	}
	if start+limit < len(hits) {
		res.NextCursor = encodeCursor(start + limit)
	}
	return res, nil
}

func encodeCursor(n int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o" + strconv.Itoa(n)))
}

func decodeCursor(c string) (int, error) {
	if c == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil && len(b) > 1 && b[0] == 'o' {
		if n, err := strconv.Atoi(string(b[1:])); err == nil && n >= 0 {
			return n, nil
		}
	}
	return 0, invalid("invalid cursor %q", c)
}

// Neighbors returns the entities within q.Depth hops of id (breadth
// first, at most q.Limit nodes, id first) following edges of the chosen
// direction and predicates and entering only nodes of the chosen types,
// with the edges that led to them and those among them.
func (s *Store) Neighbors(ctx context.Context, id seckg.EntityID, q seckg.NeighborQuery) (seckg.Subgraph, error) {
	if err := ctx.Err(); err != nil {
		return seckg.Subgraph{}, err
	}
	depth, limit := q.Depth, q.Limit
	if depth == 0 {
		depth = 1
	}
	if depth < 1 || depth > 3 {
		return seckg.Subgraph{}, invalid("depth must be between 1 and 3")
	}
	if limit == 0 {
		limit = DefaultNeighborLimit
	}
	if limit < 1 || limit > MaxNeighborLimit {
		return seckg.Subgraph{}, invalid("limit must be between 1 and %d", MaxNeighborLimit)
	}
	dir := q.Direction
	switch dir {
	case "":
		dir = seckg.Both
	case seckg.In, seckg.Out, seckg.Both:
	default:
		return seckg.Subgraph{}, invalid("direction must be in, out or both")
	}
	var preds map[seckg.Predicate]bool // nil: every predicate
	for _, p := range q.Predicates {
		if !p.Valid() {
			return seckg.Subgraph{}, invalid("unknown predicate %q", p)
		}
		if preds == nil {
			preds = map[seckg.Predicate]bool{}
		}
		preds[p] = true
	}
	var types map[seckg.NodeType]bool // nil: every type
	for _, t := range q.Types {
		if !t.Valid() {
			return seckg.Subgraph{}, invalid("unknown type %q", t)
		}
		if types == nil {
			types = map[seckg.NodeType]bool{}
		}
		types[t] = true
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if !s.ix.exists(id) {
		return seckg.Subgraph{}, notFound("entity", id)
	}
	in := map[seckg.EntityID]bool{id: true}
	order := []seckg.EntityID{id}
	frontier := []seckg.EntityID{id}
	var buf []*relState // reused for each node's edges
	for d := 0; d < depth && len(frontier) > 0 && len(order) < limit; d++ {
		var next []seckg.EntityID
	grow:
		for _, n := range frontier {
			es := s.ix.edgesInto(buf, n, dir)
			if dir == seckg.Both {
				buf = es // keep the grown buffer for the next node
			}
			for _, st := range es {
				k := st.key
				if len(preds) > 0 && !preds[k.p] {
					continue
				}
				o := k.t
				if o == n {
					o = k.h
				}
				if in[o] {
					continue
				}
				if types != nil && !types[s.typeOf(o)] {
					continue
				}
				in[o] = true
				order = append(order, o)
				next = append(next, o)
				if len(order) >= limit {
					break grow
				}
			}
		}
		frontier = next
	}
	var keep func(relKey) bool
	if preds != nil {
		keep = func(k relKey) bool { return preds[k.p] }
	}
	return s.subgraphOf(order, in, keep), nil
}

// typeOf returns the type of entity id, "" for one only linked. The
// caller holds mu.
func (s *Store) typeOf(id seckg.EntityID) seckg.NodeType {
	if st := s.ix.ents[id]; st != nil {
		return st.merged.Type
	}
	return ""
}

// subgraphOf returns nodes ids (in that order) and the edges among them
// that keep (nil: all) accepts, sorted by key. set, if not nil, holds
// exactly ids. The caller holds mu.
func (s *Store) subgraphOf(ids []seckg.EntityID, set map[seckg.EntityID]bool, keep func(relKey) bool) seckg.Subgraph {
	if set == nil {
		set = make(map[seckg.EntityID]bool, len(ids))
		for _, id := range ids {
			set[id] = true
		}
	}
	g := seckg.Subgraph{Nodes: make([]seckg.Entity, 0, len(ids))}
	for _, id := range ids {
		g.Nodes = append(g.Nodes, s.ix.entityView(id))
	}
	// Heads in id order, each head's out list in key order: the edges
	// come out sorted by key without a sort.
	heads := slices.Clone(ids)
	slices.Sort(heads)
	g.Edges = make([]seckg.Relation, 0, len(ids)) // a tree of them has len-1
	for _, id := range heads {
		for _, st := range s.ix.adj[id].out {
			if set[st.key.t] && (keep == nil || keep(st.key)) {
				g.Edges = append(g.Edges, st.relation())
			}
		}
	}
	return g
}

// Paths returns up to k shortest simple paths from one entity to another,
// at most maxLen edges long, following edges either way; shorter paths
// come first. maxLen 0 means DefaultPathLength, k 0 DefaultPaths.
func (s *Store) Paths(ctx context.Context, from, to seckg.EntityID, maxLen, k int) ([]seckg.Path, error) {
	if maxLen == 0 {
		maxLen = DefaultPathLength
	}
	if maxLen < 1 || maxLen > MaxPathLength {
		return nil, invalid("max path length must be between 1 and %d", MaxPathLength)
	}
	if k == 0 {
		k = DefaultPaths
	}
	if k < 1 || k > MaxPaths {
		return nil, invalid("k must be between 1 and %d", MaxPaths)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, id := range []seckg.EntityID{from, to} {
		if !s.ix.exists(id) {
			return nil, notFound("entity", id)
		}
	}
	if from == to {
		e, _ := s.ix.entity(from)
		return []seckg.Path{{Nodes: []seckg.Entity{e}, Edges: []seckg.Relation{}}}, nil
	}
	// distance of every node within maxLen hops of the target
	dist := map[seckg.EntityID]int{to: 0}
	frontier := []seckg.EntityID{to}
	for d := 1; d <= maxLen && len(frontier) > 0; d++ {
		var next []seckg.EntityID
		for _, n := range frontier {
			for _, e := range s.ix.edges(n, seckg.Both) {
				o := other(e.key, n)
				if _, ok := dist[o]; !ok {
					dist[o] = d
					next = append(next, o)
				}
			}
		}
		frontier = next
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	d0, ok := dist[from]
	if !ok {
		return []seckg.Path{}, nil
	}
	var (
		found  [][]*relState
		nodes  []seckg.EntityID
		edges  []*relState
		onPath = map[seckg.EntityID]bool{}
		budget = pathSearchBudget
	)
	// depth-first enumeration of paths of exactly length L, pruned by dist
	var walk func(n seckg.EntityID, left int) bool
	walk = func(n seckg.EntityID, left int) bool {
		if n == to {
			if left == 0 {
				found = append(found, slices.Clone(edges))
			}
			return len(found) < k
		}
		for _, e := range s.ix.edges(n, seckg.Both) {
			if budget--; budget < 0 {
				return false
			}
			o := other(e.key, n)
			if dd, ok := dist[o]; !ok || dd > left-1 || onPath[o] {
				continue
			}
			onPath[o] = true
			nodes, edges = append(nodes, o), append(edges, e)
			more := walk(o, left-1)
			nodes, edges = nodes[:len(nodes)-1], edges[:len(edges)-1]
			delete(onPath, o)
			if !more {
				return false
			}
		}
		return true
	}
	for l := d0; l <= maxLen && len(found) < k && budget > 0; l++ {
		onPath[from] = true
		nodes = []seckg.EntityID{from}
		if !walk(from, l) && len(found) >= k {
			break
		}
		delete(onPath, from)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	out := make([]seckg.Path, 0, len(found))
	for _, p := range found {
		e, _ := s.ix.entity(from)
		path := seckg.Path{Nodes: []seckg.Entity{e}}
		at := from
		for _, st := range p {
			at = other(st.key, at)
			ne, _ := s.ix.entity(at)
			path.Nodes = append(path.Nodes, ne)
			path.Edges = append(path.Edges, st.relation())
		}
		out = append(out, path)
	}
	return out, nil
}

func other(k relKey, n seckg.EntityID) seckg.EntityID {
	if k.h == n {
		return k.t
	}
	return k.h
}

var dateRE = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// dateCmp compares two ISO 8601 dates at the precision of the shorter.
func dateCmp(a, b string) int {
	n := min(len(a), len(b))
	return strings.Compare(a[:n], b[:n])
}

func inRange(date, from, to string) bool {
	if date == "" {
		return false
	}
	return (from == "" || dateCmp(date, from) >= 0) && (to == "" || dateCmp(date, to) <= 0)
}

// Timeline returns the dated Events and Documents (entities with a date
// attribute) in date order, then id, each with the relations touching it.
// If entity is given only those within two hops of it count; from and to
// (ISO 8601, any precision, inclusive at the precision of the shorter
// date) bound the dates.
func (s *Store) Timeline(ctx context.Context, entity seckg.EntityID, from, to string) ([]seckg.TimelineItem, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, d := range []string{from, to} {
		if d != "" && !dateRE.MatchString(d) {
			return nil, invalid("invalid date %q (want YYYY, YYYY-MM or YYYY-MM-DD)", d)
		}
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var near map[seckg.EntityID]bool
	if entity != "" {
		if !s.ix.exists(entity) {
			return nil, notFound("entity", entity)
		}
		near = map[seckg.EntityID]bool{entity: true}
		frontier := []seckg.EntityID{entity}
		for d := 0; d < 2; d++ {
			var next []seckg.EntityID
			for _, n := range frontier {
				for _, k := range s.ix.edges(n, seckg.Both) {
					if o := other(k.key, n); !near[o] {
						near[o] = true
						next = append(next, o)
					}
				}
			}
			frontier = next
		}
	}
	items := []seckg.TimelineItem{}
	for id, st := range s.ix.ents {
		e := st.merged
		if e.Type != seckg.Event && e.Type != seckg.DocumentType {
			continue
		}
		date := e.Attrs[seckg.AttrDate]
		if !inRange(date, from, to) || near != nil && !near[id] {
			continue
		}
		it := seckg.TimelineItem{Date: date, Entity: copyEntity(e)}
		for _, st := range s.ix.edges(id, seckg.Both) {
			it.Relations = append(it.Relations, st.relation())
		}
		items = append(items, it)
	}
	sort.Slice(items, func(i, j int) bool {
		if items[i].Date != items[j].Date {
			return items[i].Date < items[j].Date
		}
		return items[i].Entity.ID < items[j].Entity.ID
	})
	return items, nil
}

// Subgraph returns the given entities, those within expand (0 to 2) hops
// of them either way, and every edge among them. Unknown ids are skipped;
// if none is known the error is ErrNotFound.
func (s *Store) Subgraph(ctx context.Context, ids []seckg.EntityID, expand int) (seckg.Subgraph, error) {
	if err := ctx.Err(); err != nil {
		return seckg.Subgraph{}, err
	}
	if expand < 0 || expand > 2 {
		return seckg.Subgraph{}, invalid("expand must be between 0 and 2")
	}
	if len(ids) == 0 || len(ids) > MaxSubgraphIDs {
		return seckg.Subgraph{}, invalid("give between 1 and %d ids", MaxSubgraphIDs)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	set := map[seckg.EntityID]bool{}
	var order, frontier []seckg.EntityID
	for _, id := range ids {
		if !set[id] && s.ix.exists(id) {
			set[id] = true
			order = append(order, id)
		}
	}
	if len(order) == 0 {
		return seckg.Subgraph{}, notFound("entity", ids[0])
	}
	frontier = order
	for d := 0; d < expand; d++ {
		var next []seckg.EntityID
		for _, n := range frontier {
			for _, k := range s.ix.edges(n, seckg.Both) {
				if o := other(k.key, n); !set[o] {
					set[o] = true
					order = append(order, o)
					next = append(next, o)
					if len(order) > MaxSubgraphNodes {
						return seckg.Subgraph{}, &seckg.Error{Kind: seckg.ErrTooLarge, Msg: fmt.Sprintf("subgraph exceeds %d nodes", MaxSubgraphNodes)}
					}
				}
			}
		}
		frontier = next
	}
	return s.subgraphOf(order, set, nil), nil
}

// Stats counts documents, entities (stated or only linked), relations and
// quads, by type and predicate.
func (s *Store) Stats(ctx context.Context) (seckg.Stats, error) {
	if err := ctx.Err(); err != nil {
		return seckg.Stats{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := seckg.Stats{
		Documents:   len(s.ix.docs),
		Entities:    len(s.ix.sortedEntities()),
		Relations:   s.ix.nrels,
		Quads:       s.ix.foreign,
		ByType:      map[seckg.NodeType]int{},
		ByPredicate: map[seckg.Predicate]int{},
	}
	for _, d := range s.ix.docs {
		st.Quads += d.quads
	}
	for _, e := range s.ix.ents {
		st.ByType[e.merged.Type]++
	}
	for _, a := range s.ix.adj {
		for _, r := range a.out {
			st.ByPredicate[r.key.p]++
		}
	}
	if sum := s.ix.sum; sum != nil { // a write-only store's own writes
		for id, se := range sum.ents {
			if s.ix.ents[id] == nil {
				st.Entities++
				st.ByType[se.t]++
			}
		}
		ends := map[seckg.EntityID]bool{} // relation ends no entity statement names
		for k := range sum.rels {
			if s.ix.rel(k) == nil {
				st.Relations++
				st.ByPredicate[k.p]++
			}
			for _, id := range []seckg.EntityID{k.h, k.t} {
				if _, ok := sum.ents[id]; !ok && !ends[id] && !s.ix.exists(id) {
					ends[id] = true
					st.Entities++
				}
			}
		}
	}
	return st, nil
}
