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
}

// gazetteer is the loaded gazetteer with a trie over the match keys of
// every name and alias.
type gazetteer struct {
	byID    map[seckg.EntityID]*gazEntry
	root    *trieNode
	first   []*trieNode // first[r] is root.next[r] for r < 0x10000, made by index
	entries []*gazEntry
}

type trieNode struct {
	next map[rune]*trieNode
	hits []*gazEntry // entries with a name ending here
}

// gazFiles are the gazetteer files read, in order; a missing one is skipped.
var gazFiles = []string{"organizations", "events", "documents", "principles", "concepts", "countries", "places", "persons"}

func loadGazetteer(fsys fs.FS) (*gazetteer, error) {
	g := &gazetteer{byID: map[seckg.EntityID]*gazEntry{}, root: &trieNode{}}
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
			g.insert(k, e)
		}
	}
	g.index()
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

func (g *gazetteer) insert(key string, e *gazEntry) {
	rs := []rune(key)
	if len(rs) < 2 {
		return
	}
	n := g.root
	for _, r := range rs {
		if n.next == nil {
			n.next = map[rune]*trieNode{}
		}
		c := n.next[r]
		if c == nil {
			c = &trieNode{}
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

// index fills g.first, once every name is inserted.
func (g *gazetteer) index() {
	g.first = make([]*trieNode, 0x10000)
	for r, n := range g.root.next {
		if r >= 0 && r < 0x10000 {
			g.first[r] = n
		}
	}
}

// child returns the node under the root for rune r, or nil.
func (g *gazetteer) child(r rune) *trieNode {
	if r >= 0 && r < rune(len(g.first)) {
		return g.first[r]
	}
	return g.root.next[r]
}

// match is a gazetteer name found in the text: runes [Start, End) of the
// match text.
type match struct {
	Start, End int
	Entry      *gazEntry
}

// matchAll returns every gazetteer name occurring in rs (a match key text,
// see matchText), longest first at each start.
func (g *gazetteer) matchAll(rs []rune) []match {
	var out, local []match
	for i := range rs {
		n := g.child(rs[i])
		if n == nil {
			continue
		}
		local = local[:0]
		for j := i; n != nil; {
			for _, e := range n.hits {
				local = append(local, match{i, j + 1, e})
			}
			if j++; j >= len(rs) || n.next == nil {
				break
			}
			n = n.next[rs[j]]
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

// matchText folds a whole normalised text rune for rune (no rune is
// dropped, so offsets carry over): Simplified script and lower case.
func matchText(simplified string) []rune {
	return lowerRunes([]rune(simplified))
}

// lowerRunes lower-cases rs in place and returns it.
func lowerRunes(rs []rune) []rune {
	for i, r := range rs {
		switch {
		case r >= 'A' && r <= 'Z':
			rs[i] = r + 'a' - 'A'
		case r < utf8.RuneSelf, r >= 0x4e00 && r <= 0x9fff:
		default:
			rs[i] = unicode.ToLower(r)
		}
	}
	return rs
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
