// Package graph stores the knowledge graph in Cayley (bolt, memory or
// PostgreSQL) and answers the reads the API and the exporters need from an
// in-memory index kept in step with the store.
//
// # Schema
//
// Every statement is a quad whose label is the IRI of the document that
// states it, <seckg:d/DOCID>, so that a document's statements can be found,
// replaced and removed without touching what other documents say:
//
//	<seckg:e/ID> <rdf:type>     <seckg:t/Type>  <seckg:d/DOC>   entity mention (one per entity per document)
//	<seckg:e/ID> <rdfs:label>   "名称"@zh         <seckg:d/DOC>   canonical name
//	<seckg:e/ID> <rdfs:label>   "Name"@en       <seckg:d/DOC>   English name
//	<seckg:e/ID> <seckg:alias>  "别名"            <seckg:d/DOC>   one per alias
//	<seckg:e/ID> <seckg:a/KEY>  "value"         <seckg:d/DOC>   one per attribute
//	<seckg:e/H>  <seckg:p/PRED> <seckg:e/T>     <seckg:d/DOC>   relation
//	<seckg:v/X>  <rdf:subject>  <seckg:e/H>     <seckg:d/DOC>   evidence X of that relation in DOC:
//	<seckg:v/X>  <rdf:predicate> <seckg:p/PRED> <seckg:d/DOC>     X is a hash of (H, PRED, T, DOC, offset)
//	<seckg:v/X>  <rdf:object>   <seckg:e/T>     <seckg:d/DOC>
//	<seckg:v/X>  <seckg:sentence> "…"           <seckg:d/DOC>
//	<seckg:v/X>  <seckg:offset> "12"^^<xsd:integer> <seckg:d/DOC>
//	<seckg:d/DOC> <rdf:type>    <seckg:Source>  <seckg:d/DOC>   document metadata:
//	<seckg:d/DOC> <seckg:title> "…"             <seckg:d/DOC>     title, source, hash, date
//	<seckg:d/DOC> <seckg:chars> "123"^^<xsd:integer> <seckg:d/DOC>  and chars
//
// Entity ids and attribute keys are percent-encoded where an IRI may not
// hold them ('%', '<', '>', '"', '{', '}', '|', '^', '`', '\\', space and
// controls); Unicode letters stay as they are. Strings are stored as given
// except that invalid UTF-8 is replaced by U+FFFD and NUL is dropped
// (PostgreSQL text cannot hold it).
//
// The read index is built from these quads when the store opens, so an
// export as N-Quads imported into an empty store gives the same graph.
package graph

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unsafe"

	"github.com/cayleygraph/quad"

	"github.com/seckg/seckg"
)

// IRI prefixes and predicates of the schema.
const (
	prefixEntity   = "seckg:e/"
	prefixType     = "seckg:t/"
	prefixDoc      = "seckg:d/"
	prefixPred     = "seckg:p/"
	prefixAttr     = "seckg:a/"
	prefixEvidence = "seckg:v/"

	iriType      = quad.IRI("rdf:type")
	iriLabel     = quad.IRI("rdfs:label")
	iriAlias     = quad.IRI("seckg:alias")
	iriSubject   = quad.IRI("rdf:subject")
	iriPredicate = quad.IRI("rdf:predicate")
	iriObject    = quad.IRI("rdf:object")
	iriSentence  = quad.IRI("seckg:sentence")
	iriOffset    = quad.IRI("seckg:offset")
	iriSource    = quad.IRI("seckg:Source")
	iriTitle     = quad.IRI("seckg:title")
	iriSourceF   = quad.IRI("seckg:source")
	iriHash      = quad.IRI("seckg:hash")
	iriChars     = quad.IRI("seckg:chars")
	iriDate      = quad.IRI("seckg:date")
	iriXSDInt    = quad.IRI("http://www.w3.org/2001/XMLSchema#integer")
)

// escapeIRI percent-encodes the bytes of s that cannot stand in an IRIREF.
func escapeIRI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c == 0x7f || strings.IndexByte(`%<>"{}|^`+"`"+`\`, c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// unescapeIRI reverses escapeIRI; malformed escapes stay as they are.
func unescapeIRI(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// clean makes s storable on every backend: valid UTF-8, no NUL.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.ReplaceAll(s, "\x00", "")
}

// own is clean(s) in memory of its own. The index keeps what it is given,
// and an extractor's sentences and names are often substrings of the
// whole document's text: kept as they are, they kept every ingested text
// in memory (about twice the corpus, the largest part of an ingest's heap).
func own(s string) string { return strings.Clone(clean(s)) }

// interner gives one copy of each distinct string it owns. Open loads
// every document through one: an entity's id, name, aliases and
// attributes, restated by each document that mentions it, and the quads'
// IRIs its id was cut from are then held once instead of once per
// statement. The copies are cut from large byte chunks (an arena), so
// that the index's hundreds of thousands of strings are a few hundred
// objects for the collector to mark rather than one each: at 1M quads
// they were 38% of the live heap's objects. A chunk stays in memory while
// any string cut from it does, so a store whose documents are all
// rewritten after Open can keep up to what Open loaded; writes own their
// strings one by one instead. A nil interner owns each string afresh
// (own); it is what writes use, so that the index does not keep a table
// of every string.
type interner struct {
	m     map[string]string
	chunk []byte // the arena's current chunk
}

func newInterner() *interner { return &interner{m: map[string]string{}} }

// arenaChunk is the size of the chunks an interner cuts strings from;
// longer strings get an allocation of their own.
const arenaChunk = 64 << 10

func (t *interner) own(s string) string {
	if t == nil {
		return own(s)
	}
	return t.intern(clean(s))
}

// intern returns t's copy of s, which must not be nil.
func (t *interner) intern(s string) string {
	if c, ok := t.m[s]; ok {
		return c
	}
	c := t.clone(s)
	t.m[c] = c
	return c
}

// clone copies s into the arena.
func (t *interner) clone(s string) string {
	if len(s) == 0 || len(s) > arenaChunk/16 {
		return strings.Clone(s)
	}
	if cap(t.chunk)-len(t.chunk) < len(s) {
		t.chunk = make([]byte, 0, arenaChunk)
	}
	start := len(t.chunk)
	t.chunk = append(t.chunk, s...)
	return unsafe.String(&t.chunk[start], len(s))
}

// id is clean(s), interned when t is not nil. Ids are not copied without
// an interner: they are short and a write's ids are its own.
func (t *interner) id(s string) string {
	if t == nil {
		return clean(s)
	}
	return t.own(s)
}

func entityIRI(id seckg.EntityID) quad.IRI {
	return quad.IRI(prefixEntity + escapeIRI(clean(string(id))))
}
func typeIRI(t seckg.NodeType) quad.IRI  { return quad.IRI(prefixType + escapeIRI(string(t))) }
func docIRI(id seckg.DocID) quad.IRI     { return quad.IRI(prefixDoc + escapeIRI(string(id))) }
func predIRI(p seckg.Predicate) quad.IRI { return quad.IRI(prefixPred + escapeIRI(clean(string(p)))) }
func attrIRI(k string) quad.IRI          { return quad.IRI(prefixAttr + escapeIRI(clean(k))) }

func intValue(n int) quad.Value {
	return quad.TypedString{Value: quad.String(strconv.Itoa(n)), Type: iriXSDInt}
}

func evidenceIRI(r relKey, doc seckg.DocID, offset int) quad.IRI {
	h := sha256.Sum256([]byte(string(r.h) + "\x00" + string(r.p) + "\x00" + string(r.t) + "\x00" + string(doc) + "\x00" + strconv.Itoa(offset)))
	return quad.IRI(prefixEvidence + hex.EncodeToString(h[:12]))
}

// iriSuffix returns the unescaped rest of v after prefix, if v is such an IRI.
func iriSuffix(v quad.Value, prefix string) (string, bool) {
	iri, ok := v.(quad.IRI)
	if !ok || !strings.HasPrefix(string(iri), prefix) {
		return "", false
	}
	return unescapeIRI(string(iri[len(prefix):])), true
}

// docOf returns the document a quad label names.
func docOf(label quad.Value) (seckg.DocID, bool) {
	s, ok := iriSuffix(label, prefixDoc)
	if !ok || !seckg.ValidDocID(seckg.DocID(s)) {
		return "", false
	}
	return seckg.DocID(s), true
}

// stringOf returns the text of a literal.
func stringOf(v quad.Value) (string, bool) {
	switch v := v.(type) {
	case quad.String:
		return string(v), true
	case quad.LangString:
		return string(v.Value), true
	case quad.TypedString:
		return string(v.Value), true
	}
	return "", false
}

func intOf(v quad.Value) (int, bool) {
	switch v := v.(type) {
	case quad.Int:
		return int(v), true
	case quad.TypedString:
		n, err := strconv.Atoi(string(v.Value))
		return n, err == nil
	case quad.String:
		n, err := strconv.Atoi(string(v))
		return n, err == nil
	}
	return 0, false
}

// normalize returns x with duplicates removed, strings cleaned and slices
// sorted, the form it has after a round trip through the store.
func normalize(x seckg.Extraction) seckg.Extraction { return normalizeIn(x, nil) }

// normalizeIn is normalize with the strings owned by t.
func normalizeIn(x seckg.Extraction, t *interner) seckg.Extraction {
	d := x.Doc
	d.Title, d.Source, d.Date, d.Hash = t.own(d.Title), t.own(d.Source), t.own(d.Date), t.own(d.Hash)
	out := seckg.Extraction{Doc: d}
	ents := map[seckg.EntityID]int{}
	for _, e := range x.Entities {
		e.ID = seckg.EntityID(t.id(string(e.ID)))
		e.Name, e.NameEN, e.Docs = t.own(e.Name), t.own(e.NameEN), nil
		if i, ok := ents[e.ID]; ok { // the same entity twice: merge into the first
			p := &out.Entities[i]
			p.Aliases = append(p.Aliases, e.Aliases...)
			for k, v := range e.Attrs {
				if _, ok := p.Attrs[k]; !ok {
					if p.Attrs == nil {
						p.Attrs = map[string]string{}
					}
					p.Attrs[k] = v
				}
			}
			if p.NameEN == "" {
				p.NameEN = e.NameEN
			}
			if p.Name == "" {
				p.Name = e.Name
			}
			continue
		}
		ents[e.ID] = len(out.Entities)
		if len(e.Attrs) > 0 {
			m := make(map[string]string, len(e.Attrs))
			for k, v := range e.Attrs {
				m[k] = v
			}
			e.Attrs = m
		} else {
			e.Attrs = nil
		}
		out.Entities = append(out.Entities, e)
	}
	// Every entity's aliases, and below every relation's evidence, are cut
	// from one array per document: the index keeps a document's
	// statements together, and one array is one object for the collector
	// to mark instead of one per statement.
	nal := 0
	for _, e := range out.Entities {
		nal += len(e.Aliases)
	}
	pool := make([]string, 0, nal)
	for i := range out.Entities {
		e := &out.Entities[i]
		start := len(pool)
		seen := map[string]bool{}
		for _, a := range e.Aliases {
			a = t.own(a)
			if a != "" && !seen[a] {
				seen[a] = true
				pool = append(pool, a)
			}
		}
		e.Aliases = nil
		if al := pool[start:len(pool):len(pool)]; len(al) > 0 {
			sort.Strings(al)
			e.Aliases = al
		}
		if e.Attrs != nil {
			m := make(map[string]string, len(e.Attrs))
			for k, v := range e.Attrs {
				if k = t.own(k); k != "" {
					m[k] = t.own(v)
				}
			}
			e.Attrs = m
		}
	}
	sort.Slice(out.Entities, func(i, j int) bool { return out.Entities[i].ID < out.Entities[j].ID })
	rels := map[relKey]map[int]string{}
	var keys []relKey
	sentences := map[string]string{} // one copy of a sentence several relations cite
	for _, r := range x.Relations {
		k := relKey{seckg.EntityID(t.id(string(r.Head))), seckg.Predicate(t.id(string(r.Predicate))), seckg.EntityID(t.id(string(r.Tail)))}
		m, ok := rels[k]
		if !ok {
			m = map[int]string{}
			rels[k] = m
			keys = append(keys, k)
		}
		for _, ev := range r.Evidence {
			if ev.Doc != "" && ev.Doc != d.ID {
				continue // evidence belongs to the document being written
			}
			if _, dup := m[ev.Offset]; !dup {
				c, ok := sentences[ev.Sentence]
				if !ok {
					c = t.own(ev.Sentence)
					sentences[ev.Sentence] = c
				}
				m[ev.Offset] = c
			}
		}
	}
	sortKeys(keys)
	nev := 0
	for _, m := range rels {
		nev += len(m)
	}
	evs := make([]seckg.Evidence, 0, nev)
	for _, k := range keys {
		r := seckg.Relation{Head: k.h, Predicate: k.p, Tail: k.t}
		start := len(evs)
		for off, s := range rels[k] {
			evs = append(evs, seckg.Evidence{Doc: d.ID, Sentence: s, Offset: off})
		}
		if ev := evs[start:len(evs):len(evs)]; len(ev) > 0 {
			slices.SortFunc(ev, func(a, b seckg.Evidence) int { return cmp.Compare(a.Offset, b.Offset) })
			r.Evidence = ev
		}
		out.Relations = append(out.Relations, r)
	}
	return out
}

// validate checks what WriteDocument accepts.
func validate(x seckg.Extraction) error {
	if !seckg.ValidDocID(x.Doc.ID) {
		return seckg.Errorf(seckg.ErrInvalid, fmt.Sprintf("invalid document id %q", x.Doc.ID))
	}
	for _, e := range x.Entities {
		if clean(string(e.ID)) == "" {
			return seckg.Errorf(seckg.ErrInvalid, "entity with an empty id")
		}
		if !e.Type.Valid() {
			return seckg.Errorf(seckg.ErrInvalid, fmt.Sprintf("entity %q: unknown type %q", e.ID, e.Type))
		}
	}
	for _, r := range x.Relations {
		if clean(string(r.Head)) == "" || clean(string(r.Tail)) == "" {
			return seckg.Errorf(seckg.ErrInvalid, fmt.Sprintf("relation %q with an empty end", r.Key()))
		}
		if !r.Predicate.Valid() {
			return seckg.Errorf(seckg.ErrInvalid, fmt.Sprintf("relation %q: unknown predicate %q", r.Key(), r.Predicate))
		}
	}
	return nil
}

// encode returns the quads that state a normalised extraction.
func encode(x seckg.Extraction) []quad.Quad {
	l := docIRI(x.Doc.ID)
	var qs []quad.Quad
	add := func(s, p, o quad.Value) { qs = append(qs, quad.Quad{Subject: s, Predicate: p, Object: o, Label: l}) }
	d := x.Doc
	add(l, iriType, iriSource)
	for _, f := range []struct {
		p quad.IRI
		v string
	}{{iriTitle, d.Title}, {iriSourceF, d.Source}, {iriHash, d.Hash}, {iriDate, d.Date}} {
		if f.v != "" {
			add(l, f.p, quad.String(f.v))
		}
	}
	if d.Chars != 0 {
		add(l, iriChars, intValue(d.Chars))
	}
	for _, e := range x.Entities {
		s := entityIRI(e.ID)
		add(s, iriType, typeIRI(e.Type))
		if e.Name != "" {
			add(s, iriLabel, quad.LangString{Value: quad.String(e.Name), Lang: "zh"})
		}
		if e.NameEN != "" {
			add(s, iriLabel, quad.LangString{Value: quad.String(e.NameEN), Lang: "en"})
		}
		for _, a := range e.Aliases {
			add(s, iriAlias, quad.String(a))
		}
		for _, k := range sortedKeys(e.Attrs) {
			add(s, attrIRI(k), quad.String(e.Attrs[k]))
		}
	}
	for _, r := range x.Relations {
		k := relKey{r.Head, r.Predicate, r.Tail}
		h, p, t := entityIRI(r.Head), predIRI(r.Predicate), entityIRI(r.Tail)
		add(h, p, t)
		for _, ev := range r.Evidence {
			v := evidenceIRI(k, x.Doc.ID, ev.Offset)
			add(v, iriSubject, h)
			add(v, iriPredicate, p)
			add(v, iriObject, t)
			add(v, iriSentence, quad.String(ev.Sentence))
			add(v, iriOffset, intValue(ev.Offset))
		}
	}
	return qs
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// decode reads the quads labelled with one document back into an
// extraction. Quads it does not recognise are returned as extra, so that
// they can still be replaced or deleted with the document. The strings
// are owned by t (see interner).
func decode(doc seckg.DocID, quads []quad.Quad, t *interner) (x seckg.Extraction, extra []quad.Quad) {
	x.Doc.ID = doc
	ents := map[seckg.EntityID]*seckg.Entity{}
	type evPart struct {
		h, t   seckg.EntityID
		p      seckg.Predicate
		sent   string
		off    int
		hasOff bool
		n      int
	}
	evs := map[quad.IRI]*evPart{}
	relSet := map[relKey]bool{}
	ent := func(id seckg.EntityID) *seckg.Entity {
		e := ents[id]
		if e == nil {
			e = &seckg.Entity{ID: id}
			ents[id] = e
		}
		return e
	}
	isDoc := false
	for _, q := range quads {
		if s, ok := iriSuffix(q.Subject, prefixEntity); ok {
			id := seckg.EntityID(s)
			switch {
			case q.Predicate == iriType:
				if t, ok := iriSuffix(q.Object, prefixType); ok {
					ent(id).Type = seckg.NodeType(t)
				}
			case q.Predicate == iriLabel:
				if ls, ok := q.Object.(quad.LangString); ok && ls.Lang == "en" {
					ent(id).NameEN = string(ls.Value)
				} else if v, ok := stringOf(q.Object); ok {
					ent(id).Name = v
				}
			case q.Predicate == iriAlias:
				if v, ok := stringOf(q.Object); ok {
					e := ent(id)
					e.Aliases = append(e.Aliases, v)
				}
			default:
				if k, ok := iriSuffix(q.Predicate, prefixAttr); ok {
					if v, ok := stringOf(q.Object); ok {
						e := ent(id)
						if e.Attrs == nil {
							e.Attrs = map[string]string{}
						}
						e.Attrs[k] = v
					}
				} else if p, ok := iriSuffix(q.Predicate, prefixPred); ok {
					if t, ok := iriSuffix(q.Object, prefixEntity); ok {
						relSet[relKey{id, seckg.Predicate(p), seckg.EntityID(t)}] = true
					}
				}
			}
			continue
		}
		if v, ok := q.Subject.(quad.IRI); ok && strings.HasPrefix(string(v), prefixEvidence) {
			e := evs[v]
			if e == nil {
				e = &evPart{}
				evs[v] = e
			}
			e.n++
			switch q.Predicate {
			case iriSubject:
				s, _ := iriSuffix(q.Object, prefixEntity)
				e.h = seckg.EntityID(s)
			case iriPredicate:
				s, _ := iriSuffix(q.Object, prefixPred)
				e.p = seckg.Predicate(s)
			case iriObject:
				s, _ := iriSuffix(q.Object, prefixEntity)
				e.t = seckg.EntityID(s)
			case iriSentence:
				e.sent, _ = stringOf(q.Object)
			case iriOffset:
				e.off, e.hasOff = intOf(q.Object)
			}
			continue
		}
		if q.Subject == docIRI(doc) {
			switch q.Predicate {
			case iriType:
				isDoc = isDoc || q.Object == iriSource
			case iriTitle:
				x.Doc.Title, _ = stringOf(q.Object)
			case iriSourceF:
				x.Doc.Source, _ = stringOf(q.Object)
			case iriHash:
				x.Doc.Hash, _ = stringOf(q.Object)
			case iriDate:
				x.Doc.Date, _ = stringOf(q.Object)
			case iriChars:
				x.Doc.Chars, _ = intOf(q.Object)
			}
		}
	}
	_ = isDoc
	for _, e := range ents {
		if e.Type == "" {
			continue // statements about an entity never typed in this document
		}
		x.Entities = append(x.Entities, *e)
	}
	byRel := map[relKey][]seckg.Evidence{}
	for _, e := range evs {
		if e.h == "" || e.t == "" || e.p == "" || !e.hasOff {
			continue
		}
		k := relKey{e.h, e.p, e.t}
		relSet[k] = true
		byRel[k] = append(byRel[k], seckg.Evidence{Doc: doc, Sentence: e.sent, Offset: e.off})
	}
	for k := range relSet {
		x.Relations = append(x.Relations, seckg.Relation{Head: k.h, Predicate: k.p, Tail: k.t, Evidence: byRel[k]})
	}
	x = normalizeIn(x, t)
	// Whatever the canonical encoding does not reproduce is extra.
	canon := map[quad.Quad]bool{}
	for _, q := range encode(x) {
		canon[q] = true
	}
	for _, q := range quads {
		if !canon[q] {
			extra = append(extra, q)
		}
	}
	return x, extra
}
