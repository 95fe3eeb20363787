package api

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"unicode/utf8"

	"github.com/seckg/seckg"
)

// TestJSONEncoding holds the hand-written encoders to encoding/json's
// output (what c.JSON writes) on random subgraphs and search results whose
// strings mix Chinese, HTML characters, control characters, U+2028 and
// invalid UTF-8, with empty, nil and filled optional fields.
func TestJSONEncoding(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	parts := []string{"东盟", "论坛", "a", "Z", " ", "<", ">", "&", `"`, `\`, "\n", "\t", "\r", "\b", "\f", "\x00", "\x1f",
		"\x7f", "\u2028", "\u2029", "\xff", "\xe4\xb8", "é", "😀", "/", "'"}
	str := func() string {
		s := ""
		for range r.IntN(6) {
			s += parts[r.IntN(len(parts))]
		}
		return s
	}
	strs := func() []string {
		switch r.IntN(3) {
		case 0:
			return nil
		case 1:
			return []string{}
		}
		var out []string
		for range 1 + r.IntN(3) {
			out = append(out, str())
		}
		return out
	}
	entity := func() seckg.Entity {
		e := seckg.Entity{ID: seckg.EntityID(str()), Type: seckg.NodeType(str()), Name: str(), NameEN: str(), Aliases: strs()}
		for _, d := range strs() {
			e.Docs = append(e.Docs, seckg.DocID(d))
		}
		if n := r.IntN(4); n > 0 {
			e.Attrs = map[string]string{}
			for range n {
				e.Attrs[str()] = str()
			}
		} else if r.IntN(2) == 0 {
			e.Attrs = map[string]string{}
		}
		return e
	}
	same := func(name string, got []byte, v any) {
		t.Helper()
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
	for range 300 {
		var g seckg.Subgraph
		for range r.IntN(4) {
			g.Nodes = append(g.Nodes, entity())
		}
		for range r.IntN(4) {
			rel := seckg.Relation{Head: seckg.EntityID(str()), Predicate: seckg.Predicate(str()), Tail: seckg.EntityID(str())}
			for range r.IntN(3) {
				rel.Evidence = append(rel.Evidence, seckg.Evidence{Doc: seckg.DocID(str()), Sentence: str(), Offset: r.IntN(1<<20) - 10})
			}
			g.Edges = append(g.Edges, rel)
		}
		same("subgraph", appendSubgraph(nil, g), nonNil(g))
		res := seckg.SearchResult{Items: g.Nodes, Total: r.IntN(1000)}
		if r.IntN(2) == 0 {
			res.NextCursor = str()
		}
		if res.Items == nil {
			res.Items = []seckg.Entity{}
		}
		same("search", appendSearchResult(nil, res), res)
	}
}

// plainTwoPass is plain as it was first written: the escape scan, then
// utf8.ValidString. TestPlain holds the one-pass version to it.
func plainTwoPass(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if !htmlSafe[c] {
				return false
			}
		} else if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
			return false
		}
	}
	return utf8.ValidString(s)
}

func TestPlain(t *testing.T) {
	cases := []string{
		"", "abc", "亚信第四次峰会", "a<b", `"`, "\\", "tab\t", "\u2028", "x\u2029y", "\u2027\u202a",
		"\xe0\x80\xaf", "\xed\xa0\x80", "\xe4\xba", "\xe4\xbax", "\xff", "é", "😀", "\xf0\x9f\x98", "\uFFFD", "Ωмир",
		"\xef\xbf\xbd", "\xe2\x80", "亚\xe2\x80\xa8信",
	}
	// every string of up to three bytes drawn from bytes that matter
	alphabet := []byte{'a', '<', 0x1f, 0x7f, 0x80, 0xa0, 0xa8, 0xbf, 0xc2, 0xe0, 0xe2, 0xe4, 0xed, 0xef, 0xf0, 0xf4, 0xff}
	for _, x := range alphabet {
		cases = append(cases, string([]byte{x}))
		for _, y := range alphabet {
			cases = append(cases, string([]byte{x, y}))
			for _, z := range alphabet {
				cases = append(cases, string([]byte{x, y, z}), string([]byte{0xe4, 0xba, 0xa6, x, y, z}))
			}
		}
	}
	for _, s := range cases {
		if got, want := plain(s), plainTwoPass(s); got != want {
			t.Errorf("plain(%q) = %v, want %v", s, got, want)
		}
	}
}
