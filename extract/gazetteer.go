package extract

import (
	"bufio"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seckg/seckg"
	"github.com/seckg/seckg/data"
)

// gazEntry is one gazetteer line.
type gazEntry struct {
	ID      seckg.EntityID
	Type    seckg.NodeType
	Name    string
	NameEN  string
	Aliases []string
	Attrs   map[string]string
	kind    string   // meeting kind for Events and meeting bodies: summit, fm, dfm, ...
	keys    []string // matchKey of each of names(), in order
	parent  string   // Attrs["parent"], which the recognisers read for most mentions
}

// gazetteer is the loaded gazetteer with a trie over the match keys of
// every name and alias. The trie is flat and holds no pointers but hits,
// so that the garbage collector has little to scan in it.
type gazetteer struct {
	byID    map[seckg.EntityID]*gazEntry
	entries []*gazEntry
	nodes   []trieNode  // nodes[0] is the root
	edges   []trieEdge  // the edges of each node, sorted by rune
	hits    []*gazEntry // the entries of each node
	first   []int32     // first[r] is the root's child by r < 0x10000, or 0
	wide    []wideEdge  // the edges of the nodes with over fewEdges, hashed (see child)
	wideMax uint32      // len(wide) - 1, a power of two less one
}

// fewEdges is the most edges a node may have for child to scan them; the
// edges of a node with more are found in gazetteer.wide.
const fewEdges = 4

// wideEdge is one slot of gazetteer.wide: the edge of node from by rune r
// to node to, or an empty slot (to == 0; no edge leads to the root).
type wideEdge struct {
	from int32
	r    rune
	to   int32
}

// wideSlot is where gazetteer.wide's probe for the edge of node n by
// rune r starts.
func wideSlot(n int32, r rune, max uint32) uint32 {
	return (uint32(n)*0x9e3779b1 ^ uint32(r)*0x85ebca6b) * 0xc2b2ae35 >> 7 & max
}

type trieNode struct {
	edges, nEdges int32 // edges[edges : edges+nEdges]
	hits, nHits   int32 // hits[hits : hits+nHits]: entries with a name ending here
}

type trieEdge struct {
	r  rune
	to int32
}

// buildNode is a trie node while the gazetteer is loaded.
type buildNode struct {
	next map[rune]*buildNode
	hits []*gazEntry
}

// gazFiles are the gazetteer files read, in order; a missing one is skipped.
var gazFiles = []string{"organizations", "events", "documents", "principles", "concepts", "countries", "places", "persons"}

func loadGazetteer(fsys fs.FS) (*gazetteer, error) {
	g := &gazetteer{byID: map[seckg.EntityID]*gazEntry{}}
	root := &buildNode{}
	for _, f := range gazFiles {
		b, err := fs.ReadFile(fsys, "gazetteer/"+f+".tsv")
		if err != nil {
			continue
		}
		if err := g.parse(f, string(b)); err != nil {
			return nil, err
		}
	}
	for _, e := range g.entries {
		for _, n := range e.names() {
			k := matchKey(n)
			e.keys = append(e.keys, k)
			root.insert(k, e)
		}
	}
	g.flatten(root)
	return g, nil
}

func defaultGazetteer() (*gazetteer, error) { return loadGazetteer(data.Gazetteer) }

func (g *gazetteer) parse(file, text string) error {
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	header := true
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if header {
			header = false
			continue
		}
		col := strings.Split(line, "\t")
		for len(col) < 6 {
			col = append(col, "")
		}
		e := &gazEntry{ID: seckg.EntityID(strings.TrimSpace(col[0])), Type: seckg.NodeType(strings.TrimSpace(col[1])),
			Name: strings.TrimSpace(col[2]), NameEN: strings.TrimSpace(col[3]), Attrs: map[string]string{}}
		if e.ID == "" || !e.Type.Valid() || e.Name == "" {
			return fmt.Errorf("extract: gazetteer %s.tsv line %d: bad entry", file, n)
		}
		for _, a := range strings.Split(col[4], "|") {
			if a = strings.TrimSpace(a); a != "" {
				e.Aliases = append(e.Aliases, a)
			}
		}
		for _, kv := range strings.Split(col[5], ";") {
			if k, v, ok := strings.Cut(kv, "="); ok {
				e.Attrs[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
		e.parent = e.Attrs["parent"]
		if e.Type == seckg.Event || e.Type == seckg.Organization {
			e.kind = meetingKind(e.Name)
		}
		if _, dup := g.byID[e.ID]; dup {
			continue
		}
		g.byID[e.ID] = e
		g.entries = append(g.entries, e)
	}
	return sc.Err()
}

// names lists the Chinese and other names an entry is matched by.
func (e *gazEntry) names() []string {
	out := []string{e.Name}
	out = append(out, e.Aliases...)
	if e.NameEN != "" && len(e.NameEN) <= 80 && !strings.ContainsAny(e.NameEN, "()'") {
		out = append(out, e.NameEN)
	}
	return out
}

func (n *buildNode) insert(key string, e *gazEntry) {
	rs := []rune(key)
	if len(rs) < 2 {
		return
	}
	for _, r := range rs {
		if n.next == nil {
			n.next = map[rune]*buildNode{}
		}
		c := n.next[r]
		if c == nil {
			c = &buildNode{}
			n.next[r] = c
		}
		n = c
	}
	for _, h := range n.hits {
		if h == e {
			return
		}
	}
	n.hits = append(n.hits, e)
}

// flatten lays the trie under root out in g's arrays, breadth first.
func (g *gazetteer) flatten(root *buildNode) {
	queue := []*buildNode{root}
	g.nodes = []trieNode{{}}
	for i := 0; i < len(queue); i++ {
		n := queue[i]
		rs := make([]rune, 0, len(n.next))
		for r := range n.next {
			rs = append(rs, r)
		}
		slices.Sort(rs)
		tn := trieNode{edges: int32(len(g.edges)), nEdges: int32(len(rs)), hits: int32(len(g.hits)), nHits: int32(len(n.hits))}
		g.hits = append(g.hits, n.hits...)
		for _, r := range rs {
			queue = append(queue, n.next[r])
			g.edges = append(g.edges, trieEdge{r, int32(len(queue) - 1)})
		}
		g.nodes[i] = tn
		g.nodes = append(g.nodes, make([]trieNode, len(queue)-len(g.nodes))...)
	}
	wide := 0
	for _, tn := range g.nodes {
		if tn.nEdges > fewEdges {
			wide += int(tn.nEdges)
		}
	}
	size := 1
	for size < 2*wide {
		size *= 2
	}
	g.wide, g.wideMax = make([]wideEdge, size), uint32(size-1)
	for n, tn := range g.nodes {
		if tn.nEdges <= fewEdges {
			continue
		}
		for _, e := range g.edgesOf(int32(n)) {
			h := wideSlot(int32(n), e.r, g.wideMax)
			for g.wide[h].to != 0 {
				h = (h + 1) & g.wideMax
			}
			g.wide[h] = wideEdge{int32(n), e.r, e.to}
		}
	}
	g.first = make([]int32, 0x10000)
	for _, e := range g.edgesOf(0) {
		if e.r >= 0 && e.r < 0x10000 {
			g.first[e.r] = e.to
		}
	}
}

func (g *gazetteer) edgesOf(n int32) []trieEdge {
	tn := g.nodes[n]
	return g.edges[tn.edges : tn.edges+tn.nEdges]
}

func (g *gazetteer) hitsOf(n int32) []*gazEntry {
	tn := g.nodes[n]
	return g.hits[tn.hits : tn.hits+tn.nHits]
}

// child returns the child of node n by rune r, or 0. The root's children
// by runes below U+10000 are in a table, a node with few edges scans
// them, and the edges of the other nodes are hashed: in the text most
// runes start a name's first rune, so that child is called at about every
// rune, most often on the wide nodes near the root.
func (g *gazetteer) child(n int32, r rune) int32 {
	if n == 0 && r >= 0 && r < rune(len(g.first)) {
		return g.first[r]
	}
	tn := g.nodes[n]
	if tn.nEdges <= fewEdges {
		for _, e := range g.edges[tn.edges : tn.edges+tn.nEdges] {
			if e.r == r {
				return e.to
			}
		}
		return 0
	}
	for h := wideSlot(n, r, g.wideMax); ; h = (h + 1) & g.wideMax {
		e := &g.wide[h]
		if e.to == 0 {
			return 0
		}
		if e.from == n && e.r == r {
			return e.to
		}
	}
}

// match is a gazetteer name found in the text: runes [Start, End) of the
// match text.
type match struct {
	Start, End int
	Entry      *gazEntry
}

// matchIndex holds the matches of a text by the rune they start at.
type matchIndex struct {
	ms    []match // by Start
	start []int32 // ms[start[i]:start[i+1]] start at rune i
}

// newMatchIndex indexes ms, ordered by Start, over runes [0, n), in the
// array of start if large enough (nil to allocate one).
func newMatchIndex(start []int32, ms []match, n int) matchIndex {
	if cap(start) < n+1 {
		start = make([]int32, n+1)
	}
	x := matchIndex{ms: ms, start: start[:n+1]}
	k := 0
	for i := range n + 1 {
		for k < len(ms) && ms[k].Start < i {
			k++
		}
		x.start[i] = int32(k)
	}
	return x
}

// at returns the matches starting at rune i; appending to them copies.
func (x matchIndex) at(i int) []match {
	a, b := x.start[i], x.start[i+1]
	return x.ms[a:b:b]
}

func (x matchIndex) len() int { return len(x.start) - 1 }

// matchAll returns every gazetteer name occurring in rs (a match key text,
// see lowered), longest first at each start, appended to out.
func (g *gazetteer) matchAll(out []match, rs []rune) []match {
	var local []match
	for i := range rs {
		n := g.child(0, rs[i])
		if n == 0 {
			continue
		}
		local = local[:0]
		for j := i; ; {
			tn := &g.nodes[n]
			for _, e := range g.hits[tn.hits : tn.hits+tn.nHits] {
				local = append(local, match{i, j + 1, e})
			}
			if j++; j >= len(rs) || tn.nEdges == 0 {
				break
			}
			if n = g.child(n, rs[j]); n == 0 {
				break
			}
		}
		if len(local) > 1 {
			slices.SortStableFunc(local, func(a, b match) int { return b.End - a.End })
		}
		out = append(out, local...)
	}
	return out
}

// matchKey folds a name for matching: Simplified script, NFKC, no white
// space next to Chinese, lower-case letters, as Normalize leaves a text.
func matchKey(s string) string {
	s = simplifyAligned(squeezeSpaces(strings.TrimSpace(foldWidth(s))))
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// lowered folds the runes of a Simplified text to the match text: lower
// case, rune for rune (no rune is dropped, so offsets carry over). It
// returns a changed copy of rs, in the array of dst if large enough, or
// nil when no rune changes. dst must not overlap rs.
func lowered(dst, rs []rune) []rune {
	var out []rune
	for i, r := range rs {
		l := r
		switch {
		case r >= 'A' && r <= 'Z':
			l = r + 'a' - 'A'
		case r < utf8.RuneSelf, caseless(r):
			continue
		default:
			l = unicode.ToLower(r)
		}
		if l != r {
			if out == nil {
				out = append(dst[:0], rs...)
			}
			out[i] = l
		}
	}
	return out
}

// caseless reports whether r is in one of the blocks of Chinese text that
// have no upper-case letter: CJK ideographs, general punctuation (“”—…),
// CJK punctuation (、。《》) and the full-width marks before Ａ (，：（）).
func caseless(r rune) bool {
	return r >= 0x4e00 && r <= 0x9fff || r >= 0x2000 && r <= 0x206f || r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xff20
}

// meetingKind classifies a meeting or meeting body by its name.
func meetingKind(name string) string {
	switch {
	case strings.Contains(name, "副外长"):
		return "dfm"
	case strings.Contains(name, "外长") || strings.Contains(name, "外交部长"):
		return "fm"
	case strings.Contains(name, "防长") || strings.Contains(name, "国防部长"):
		return "dm"
	case strings.Contains(name, "峰会") || strings.Contains(name, "元首") || strings.Contains(name, "首脑"):
		return "summit"
	case strings.Contains(name, "高官"):
		return "som"
	case strings.Contains(name, "年会"):
		return "annual"
	case strings.Contains(name, "集体学习"):
		return "study"
	case strings.Contains(name, "代表大会"):
		return "congress"
	case strings.Contains(name, "联合国大会") || strings.Contains(name, "联大"):
		return "unga"
	}
	return ""
}
