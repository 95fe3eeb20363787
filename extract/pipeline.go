// Package extract turns a Chinese text about Asian security into the
// entities and relations it states, each relation with its evidence.
package extract

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/seckg/seckg"
	"github.com/yanyiwu/gojieba"
)

// Pipeline extracts entities and relations from documents. It is safe for
// concurrent use by multiple goroutines; Close releases the segmenter.
type Pipeline struct {
	gaz *gazetteer
	mu  sync.RWMutex // guards jb against Close
	jb  *gojieba.Jieba
	// free holds the working tables of finished extractions for the next
	// ones (see docBufs): a few sets, as many as extractions may run at
	// once, kept across garbage collections, unlike a sync.Pool's, which
	// a collection every few documents would empty
	free chan *docBufs
}

// New loads the embedded gazetteer and gojieba's embedded dictionaries
// (unpacked once into a cache folder) and returns a ready Pipeline.
func New() (*Pipeline, error) {
	g, err := defaultGazetteer()
	if err != nil {
		return nil, err
	}
	paths, err := dictPaths()
	if err != nil {
		return nil, err
	}
	jb := gojieba.NewJieba(paths...)
	for _, e := range g.entries {
		for _, n := range e.names() {
			if k := matchKey(n); cleanWord(k) && utf8.RuneCountInString(k) >= 2 {
				jb.AddWordEx(k, 20000, posTag(string(e.Type)))
			}
		}
	}
	return &Pipeline{gaz: g, jb: jb, free: make(chan *docBufs, runtime.GOMAXPROCS(0))}, nil
}

// Close frees the segmenter. The Pipeline must not be used afterwards.
func (p *Pipeline) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.jb != nil {
		p.jb.Free()
		p.jb = nil
	}
	for len(p.free) > 0 { // the tables go to the garbage collector
		<-p.free
	}
}

// Extract decodes raw (UTF-8, GB18030/GBK, Big5), normalises it and returns
// what it states: the document's metadata, the entities it mentions and
// the relations between them with their evidence (sentences as in the
// normalised text, offsets in runes). A file that is none of those
// encodings, or empty, gives a *seckg.Error of kind seckg.ErrInvalid.
func (p *Pipeline) Extract(ctx context.Context, id seckg.DocID, raw []byte) (seckg.Extraction, error) {
	if err := ctx.Err(); err != nil {
		return seckg.Extraction{}, err
	}
	text, _, err := Decode(raw)
	if err != nil {
		return seckg.Extraction{}, err
	}
	norm := normalizeValid(text) // Decode gives valid UTF-8
	sum := sha256.Sum256(raw)
	doc := seckg.Document{ID: id, Hash: hex.EncodeToString(sum[:])}
	if first, _, _ := strings.Cut(norm, "\n"); first != "" {
		doc.Title = truncate(first, 200)
	}
	d := newDocStateIn(p.getDocBufs(), p, id, norm)
	defer d.release()
	doc.Chars = len(d.text)
	if err := d.run(ctx); err != nil {
		return seckg.Extraction{}, err
	}
	x := seckg.Extraction{Doc: doc}
	x.Entities, x.Relations = d.results() // built from the maps and strings, none pooled
	return x, nil
}

// docBufs are the working tables of one extraction: the rune and offset
// tables, the match index, the mention lists and the rune flags. None of
// them reaches the caller (the results are built from d.ents, d.rels and
// strings of the text), so Extract takes a set from p.free and gives
// it back when done: a document then reuses the arrays of an earlier one
// instead of allocating and zeroing some forty bytes per byte of text.
type docBufs struct {
	text, simpCase, simp []rune
	textRB               runeOffsets
	sentOf, matchStart   []int32
	viewStart            []int32
	matches              []match
	sents                []sentence
	ments, spareMents    []mention // spareMents: where datedMeetings rebuilds ments
	viewMents            []mention
	covered, ordCovered  []bool
	inner, hidden        []bool
	inMention            []bool // see docState.mentionFlags
	used                 []bool // see clause.mark
	named                map[seckg.EntityID]bool
	ends                 map[int]mention
	ents                 map[seckg.EntityID]*seckg.Entity
	rels                 map[string]*seckg.Relation
	free                 chan *docBufs        // where release puts it, or nil
	entSlab              slab[seckg.Entity]   // what d.ents points to
	relSlab              slab[seckg.Relation] // what d.rels points to
}

// slab hands out zeroed values of T one at a time from arrays it keeps
// for the next document: the entities and relations of a document are
// many small objects, which results copies out by value.
type slab[T any] struct {
	chunks [][]T
	n      int // values handed out since reset
}

// slabChunk is the number of values in one array of a slab.
const slabChunk = 64

// get returns a zeroed value, valid until reset.
func (s *slab[T]) get() *T {
	c, i := s.n/slabChunk, s.n%slabChunk
	if c == len(s.chunks) {
		s.chunks = append(s.chunks, make([]T, slabChunk))
	}
	s.n++
	return &s.chunks[c][i]
}

// reset zeroes the values handed out, dropping what they point to, and
// takes them all back.
func (s *slab[T]) reset() {
	for c := 0; c*slabChunk < s.n; c++ {
		clear(s.chunks[c][:min(slabChunk, s.n-c*slabChunk)])
	}
	s.n = 0
}

// maxPooledRunes bounds the documents whose tables are kept for the
// next, so that a huge text does not keep its tables (some 25 bytes a
// rune) alive for good.
const maxPooledRunes = 1 << 19

// getDocBufs returns a free set of tables, or a new one.
func (p *Pipeline) getDocBufs() *docBufs {
	select {
	case b := <-p.free:
		return b
	default:
		return &docBufs{free: p.free}
	}
}

// release gives d's tables back to the Pipeline, keeping the arrays its
// mention lists have grown into; d must not be used afterwards.
func (d *docState) release() {
	b := d.bufs
	d.bufs = nil
	b.ments = d.ments // add may have moved it to a larger array
	b.release()
}

// release empties b, dropping what its slices point to (strings of the
// text, gazetteer entries), and gives it back to the Pipeline. b must not be
// used afterwards.
func (b *docBufs) release() {
	if cap(b.text) > maxPooledRunes || cap(b.ments) > maxPooledRunes || b.free == nil {
		return
	}
	clear(b.matches[:cap(b.matches)])
	clear(b.sents[:cap(b.sents)])
	clear(b.ments[:cap(b.ments)])
	clear(b.spareMents[:cap(b.spareMents)])
	clear(b.viewMents[:cap(b.viewMents)])
	clear(b.named)
	clear(b.ends)
	clear(b.ents)
	clear(b.rels)
	b.entSlab.reset()
	b.relSlab.reset()
	select {
	case b.free <- b:
	default: // as many are free as may be used at once
	}
}

// zeroed returns s resized to n elements, all zero, reusing its array
// when it is large enough.
func zeroed[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func truncate(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n])
}

// tag runs gojieba's POS tagger on s and returns words and tags.
func (p *Pipeline) tag(s string) (words, tags []string) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.jb == nil {
		return nil, nil
	}
	for _, wt := range p.jb.Tag(s) {
		i := strings.LastIndexByte(wt, '/')
		if i < 0 {
			continue
		}
		words = append(words, wt[:i])
		tags = append(tags, wt[i+1:])
	}
	return words, tags
}

// mention is one place where an entity is named: runes [Start, End) of the
// normalised text.
type mention struct {
	Start, End int
	ID         seckg.EntityID
	Type       seckg.NodeType
	Surface    string
	anaphor    bool // 该组织, 此次会议...: used by relations only
	inTitle    bool // inside 《》 of another title
	kindWord   bool // a bare meeting kind (外长会议) standing for a series
}

// docState is the working state of one extraction.
type docState struct {
	p          *Pipeline
	bufs       *docBufs // the arrays the tables below are built in
	id         seckg.DocID
	text       []rune // normalised
	simp       []rune // match text: Simplified, lower case, rune for rune
	simpCase   []rune // Simplified, case kept
	byStart    matchIndex
	ordCovered []bool  // runes of numbered meetings
	sentOf     []int32 // rune -> sentence index
	sents      []sentence
	ments      []mention
	ents       map[seckg.EntityID]*seckg.Entity
	rels       map[string]*seckg.Relation
	simpS      string      // string(simp)
	simpRB     runeOffsets // rune offsets of simpS to byte offsets
	textS      string      // string(text), the normalised text
	textRB     runeOffsets // rune offsets of textS to byte offsets
	caseS      string      // string(simpCase)
	caseRB     runeOffsets // rune offsets of caseS to byte offsets
	viewMents  []mention   // the mentions view gives each sentence (see prepareViews)
	viewStart  []int32     // viewMents[viewStart[si]:viewStart[si+1]] are sentence si's
	hidden     []bool      // runes view hides from the patterns
	textWords  [][]int     // the places of the words of textWords (see wordsIn)
	sentView   clause      // the clause patterns works on (see viewIn)
}

// respell returns the string of the runes to and their byte offsets,
// given the string s of from, runes as many as to, and its offsets rb.
// When each rune of to is as long in UTF-8 as that of from, s is copied
// with the runes that differ written in, and rb serves for both.
func respell(s string, rb runeOffsets, from, to []rune) (string, runeOffsets) {
	var b strings.Builder
	b.Grow(len(s))
	copied := 0 // s[copied:] is still to be written
	for i, r := range to {
		if r == from[i] {
			continue
		}
		if utf8.RuneLen(r) != utf8.RuneLen(from[i]) {
			t := string(to)
			return t, runeBytes(t, len(to))
		}
		b.WriteString(s[copied:rb[i]])
		b.WriteRune(r)
		copied = int(rb[i+1])
	}
	b.WriteString(s[copied:])
	return b.String(), rb
}

// simpText returns the match text as a string and the byte offsets of its
// runes.
func (d *docState) simpText() (string, runeOffsets) { return d.simpS, d.simpRB }

// runeCount is utf8.RuneCountInString for valid UTF-8 s: it counts the
// bytes that start a rune, eight at a time.
func runeCount(s string) int {
	n, i := 0, 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		n += 8 - bits.OnesCount64(x&^(x<<1)&0x8080808080808080) // 10xxxxxx bytes continue a rune
	}
	for ; i < len(s); i++ {
		if s[i]&0xc0 != 0x80 {
			n++
		}
	}
	return n
}

// runesOf returns the runes of s and their byte offsets (then len(s)).
func runesOf(s string) ([]rune, runeOffsets) { return runesInto(nil, nil, s) }

// runesInto is runesOf writing into the arrays of rs and rb when they
// are large enough.
func runesInto(rs []rune, rb runeOffsets, s string) ([]rune, runeOffsets) {
	n := runeCount(s)
	if cap(rs) < n {
		rs = make([]rune, 0, n)
	}
	if cap(rb) < n+1 {
		rb = make(runeOffsets, 0, n+1)
	}
	rs, rb = rs[:0], rb[:0]
	for i := 0; i < len(s); {
		r, size := decodeAt(s, i)
		rs = append(rs, r)
		rb = append(rb, int32(i))
		i += size
	}
	return rs, append(rb, int32(len(s)))
}

// decodeAt is utf8.DecodeRuneInString(s[i:]), with the one-byte runes
// decoded inline and the three-byte ones of Chinese by a short path: the
// texts are mostly those, and a range loop over a string calls out for
// every other rune.
func decodeAt(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return decodeWide(s, i)
}

// decodeWide is decodeAt of a rune that is not ASCII.
func decodeWide(s string, i int) (rune, int) {
	// E1–EC and EE–EF take any continuation bytes (E0 and ED do not)
	if c := s[i]; c >= 0xe1 && c <= 0xef && c != 0xed && i+2 < len(s) && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80 {
		return rune(c&0x0f)<<12 | rune(s[i+1]&0x3f)<<6 | rune(s[i+2]&0x3f), 3
	}
	return utf8.DecodeRuneInString(s[i:])
}

// runeBytes returns the byte offset in s of each rune of s, and len(s).
func runeBytes(s string, runes int) runeOffsets {
	rb := make(runeOffsets, 0, runes+1)
	for i := range s {
		rb = append(rb, int32(i))
	}
	return append(rb, int32(len(s)))
}

// newDocState is newDocStateIn with tables of its own.
func newDocState(p *Pipeline, id seckg.DocID, norm string) *docState {
	return newDocStateIn(new(docBufs), p, id, norm)
}

// newDocState returns the state of the extraction of the normalised text
// norm, its tables built in b (which the docState then owns).
func newDocStateIn(b *docBufs, p *Pipeline, id seckg.DocID, norm string) *docState {
	text, textRB := runesInto(b.text, b.textRB, norm)
	b.text, b.textRB = text, textRB
	// the Simplified text, its runes and their offsets; neither text nor
	// simpCase is written to, so they may share
	simp, simpCase, caseRB := norm, text, textRB
	if rs, ok := simplifiedRunes(b.simpCase, norm, text, textRB); !ok {
		if simp = simplifyAligned(norm); simp != norm {
			simpCase, caseRB = runesOf(simp)
		}
	} else if rs != nil {
		simpCase, b.simpCase = rs, rs
		simp, caseRB = respell(norm, textRB, text, rs)
	}
	b.sents = splitRunes(b.sents[:0], norm, text, textRB)
	d := &docState{p: p, id: id, bufs: b, text: text, simp: simpCase, simpCase: simpCase, ments: b.ments[:0],
		sents: b.sents, ents: b.ents, rels: b.rels}
	if d.ents == nil { // d.ents and d.rels are the document's: results copies out what they point to
		d.ents, d.rels = map[seckg.EntityID]*seckg.Entity{}, map[string]*seckg.Relation{}
		b.ents, b.rels = d.ents, d.rels
	}
	d.textS, d.textRB = norm, textRB
	d.caseS, d.caseRB = simp, caseRB
	d.simpS, d.simpRB = simp, caseRB // simp shares simpCase unless lower case differs
	if lower := lowered(b.simp, simpCase); lower != nil {
		d.simp, b.simp = lower, lower
		d.simpS, d.simpRB = respell(simp, caseRB, simpCase, lower)
	}
	b.sentOf = zeroed(b.sentOf, len(d.text)+1)
	d.sentOf = b.sentOf
	for i := range d.sentOf {
		d.sentOf[i] = -1
	}
	for si, s := range d.sents {
		for k := s.Start; k < s.End; k++ {
			d.sentOf[k] = int32(si)
		}
	}
	return d
}

func (d *docState) run(ctx context.Context) error {
	d.recognize()
	if err := ctx.Err(); err != nil {
		return err
	}
	d.compounds()
	d.persons()
	d.sortMentions()
	d.resolveAnaphora()
	d.sortMentions()
	for _, m := range d.ments {
		switch {
		case m.anaphor:
		case m.kindWord:
			d.entity(m.ID, m.Type, m.Surface)
		default:
			d.addEntity(m)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	d.structural()
	for si := range d.sents {
		if si%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		d.patterns(si)
	}
	d.placeAttrs()
	return nil
}

func (d *docState) sortMentions() {
	slices.SortStableFunc(d.ments, func(a, b mention) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
}

// mentionsIn returns the mentions lying within runes [a, b); d.ments must
// be sorted. The result may share d.ments's array (most often none lies
// across b): it is to be read, not written.
func (d *docState) mentionsIn(a, b int) []mention {
	i := sort.Search(len(d.ments), func(k int) bool { return d.ments[k].Start >= a })
	j := i
	for j < len(d.ments) && d.ments[j].Start < b {
		j++
	}
	in := d.ments[i:j:j]
	for k, m := range in {
		if m.End > b { // some lie across b: a filtered copy
			out := slices.Clone(in[:k])
			for _, m := range in[k+1:] {
				if m.End <= b {
					out = append(out, m)
				}
			}
			return out
		}
	}
	return in
}

// setAttr sets attribute k of e to v, making e.Attrs on the first: most
// entities have none (results leaves their Attrs nil).
func setAttr(e *seckg.Entity, k, v string) {
	if e.Attrs == nil {
		e.Attrs = map[string]string{}
	}
	e.Attrs[k] = v
}

// entity returns the entity of id, creating it from the gazetteer or as a
// new entity of type t named name.
func (d *docState) entity(id seckg.EntityID, t seckg.NodeType, name string) *seckg.Entity {
	if e := d.ents[id]; e != nil {
		return e
	}
	e := d.bufs.entSlab.get()
	*e = seckg.Entity{ID: id, Type: t, Name: name} // Attrs: see setAttr
	if g := d.p.gaz.byID[id]; g != nil {
		e.Type, e.Name, e.NameEN = g.Type, g.Name, g.NameEN
		e.Aliases = append(e.Aliases, g.Aliases...)
		for k, v := range g.Attrs {
			switch k {
			case "date", "place", "number", "series", "location":
				setAttr(e, k, v)
			}
		}
	}
	d.ents[id] = e
	return e
}

func (d *docState) addEntity(m mention) {
	name := nameFromID(m.ID)
	if name == "" {
		name = m.Surface
	}
	e := d.entity(m.ID, m.Type, name)
	addAlias(e, m.Surface)
}

func addAlias(e *seckg.Entity, s string) {
	s = strings.TrimSpace(s)
	if s == "" || s == e.Name || s == e.NameEN {
		return
	}
	for _, a := range e.Aliases {
		if a == s {
			return
		}
	}
	e.Aliases = append(e.Aliases, s)
}

// relate records head -predicate-> tail stated by sentence si, if the
// ontology allows it.
func (d *docState) relate(head seckg.EntityID, p seckg.Predicate, tail seckg.EntityID, si int) {
	if head == "" || tail == "" || head == tail {
		return
	}
	h, t := d.typeOf(head), d.typeOf(tail)
	if !allowed(p, h, t) {
		return
	}
	d.entity(head, h, nameFromID(head))
	d.entity(tail, t, nameFromID(tail))
	r := seckg.Relation{Head: head, Predicate: p, Tail: tail}
	ev := seckg.Evidence{Doc: d.id}
	if si >= 0 && si < len(d.sents) {
		ev.Sentence, ev.Offset = d.sents[si].Text, d.sents[si].Start
	}
	// the key is written in a buffer for the look-up, and only a new
	// relation's is made a string
	var kb [128]byte
	key := relKey(kb[:0], r)
	cur := d.rels[string(key)]
	if cur == nil {
		cur = d.bufs.relSlab.get()
		*cur = r
		d.rels[string(key)] = cur
	}
	for _, x := range cur.Evidence {
		if x == ev {
			return
		}
	}
	cur.Evidence = append(cur.Evidence, ev)
}

// relKey appends r.Key() to b.
func relKey(b []byte, r seckg.Relation) []byte {
	b = append(append(b, r.Head...), ' ')
	b = append(append(b, r.Predicate...), ' ')
	return append(b, r.Tail...)
}

func (d *docState) typeOf(id seckg.EntityID) seckg.NodeType {
	if e := d.ents[id]; e != nil {
		return e.Type
	}
	if g := d.p.gaz.byID[id]; g != nil {
		return g.Type
	}
	if t, _, ok := strings.Cut(string(id), ":"); ok {
		for _, nt := range seckg.NodeTypes {
			if strings.ToLower(string(nt)) == t {
				return nt
			}
		}
	}
	return ""
}

func nameFromID(id seckg.EntityID) string {
	_, n, _ := strings.Cut(string(id), ":")
	return n
}

// results returns the entities and relations in a stable order.
func (d *docState) results() ([]seckg.Entity, []seckg.Relation) {
	ents := make([]seckg.Entity, 0, len(d.ents))
	for _, e := range d.ents {
		if len(e.Attrs) == 0 {
			e.Attrs = nil
		}
		ents = append(ents, *e)
	}
	slices.SortFunc(ents, func(a, b seckg.Entity) int { return strings.Compare(string(a.ID), string(b.ID)) })
	// d.rels is keyed by Relation.Key, unique, so any sort gives one order
	keys := make([]string, 0, len(d.rels))
	for k := range d.rels {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	rels := make([]seckg.Relation, 0, len(d.rels))
	for _, k := range keys {
		rels = append(rels, *d.rels[k])
	}
	return ents, rels
}

// newID is the id of an entity outside the gazetteer.
func newID(t seckg.NodeType, name string) seckg.EntityID {
	return seckg.EntityID(strings.ToLower(string(t)) + ":" + name)
}
