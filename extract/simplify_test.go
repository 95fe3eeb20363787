package extract

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestConvertMatchesOpenCC checks that ToSimplified gives what opencc's
// own Convert gives, on conversionTexts and a text with bad bytes.
func TestConvertMatchesOpenCC(t *testing.T) {
	cc, err := converter()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(conversionTexts(t), "\xff亞洲\xfe") {
		want, err := cc.Convert(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := ToSimplified(s); got != want {
			t.Fatalf("ToSimplified(%q) = %q, opencc gives %q", s, got, want)
		}
	}
}

// TestConvertibleTable checks that a rune marked as beginning no key
// indeed matches no key of any dictionary.
func TestConvertibleTable(t *testing.T) {
	cc, err := converter()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r := rune(0); r < 0x10000; r++ {
		if convertibleRune(r) {
			n++
			continue
		}
		if !utf8.ValidRune(r) {
			continue
		}
		for _, g := range cc.DictChains {
			for _, d := range g.Dicts {
				ret, err := d.PrefixMatch(string(r))
				if err != nil || len(ret) > 0 {
					t.Fatalf("rune %U marked unconvertible but matches %v (%v)", r, ret, err)
				}
			}
		}
	}
	t.Logf("%d runes begin a key", n)
	if n < 2000 {
		t.Errorf("only %d convertible runes", n)
	}
}

// TestToSimplifiedConcurrent runs conversions in parallel for the race
// detector: the dictionaries are shared and only read.
func TestToSimplifiedConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 50 {
				if got := ToSimplified("亞洲相互協作與信任措施會議"); got != "亚洲相互协作与信任措施会议" {
					t.Errorf("ToSimplified = %q", got)
				}
			}
		})
	}
	wg.Wait()
}

// conversionTexts returns the corpus, its Traditional variants and the
// held-out texts, whole and line by line, random mixes of their runes and
// a few phrases of the phrase dictionary.
func conversionTexts(t *testing.T) []string {
	var texts []string
	for _, g := range []string{"../data/corpus/*.txt", "../data/corpus-variants/traditional/*.txt", "testdata/heldout/*.txt"} {
		m, _ := filepath.Glob(g)
		for _, f := range m {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, string(b))
			texts = append(texts, strings.Split(string(b), "\n")...)
		}
	}
	if len(texts) < 10 {
		t.Fatalf("only %d texts", len(texts))
	}
	var pool []rune
	for _, s := range texts[:min(len(texts), 40)] {
		pool = append(pool, []rune(s)...)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		rs := make([]rune, rng.IntN(40))
		for i := range rs {
			rs[i] = pool[rng.IntN(len(pool))]
		}
		texts = append(texts, string(rs))
	}
	return append(texts, "", "乾隆乾燥", "後來的後", "一目瞭然", "么麼二么麽", "不瞭解上鍊", "ABC亞洲ÄÖ")
}

// TestLongestMatch checks longestMatch against the trie's PrefixMatch,
// Key and Value (the longest of the first dictionary with a match) on the
// window at each rune of the texts.
func TestLongestMatch(t *testing.T) {
	cc, err := converter()
	if err != nil {
		t.Fatal(err)
	}
	hits := 0
	for _, s := range conversionTexts(t) {
		for i := range s {
			win := s[i:runesAhead(s, i, convertWindow)]
			for _, g := range cc.DictChains {
				wantToken, wantN := "", 0
				for _, d := range g.Dicts {
					ids := d.Trie.PrefixMatch([]byte(win), 0)
					if len(ids) == 0 {
						continue
					}
					key, err := d.Trie.Key(ids[len(ids)-1])
					if err != nil {
						t.Fatal(err)
					}
					v, err := d.Trie.Value(ids[len(ids)-1])
					if err != nil {
						t.Fatal(err)
					}
					wantToken, wantN = d.Values[v][0], len(key)
					break
				}
				token, n, err := longestMatch(g, win)
				if err != nil || token != wantToken || n != wantN {
					t.Fatalf("longestMatch(%q) = %q, %d, %v; want %q, %d", win, token, n, err, wantToken, wantN)
				}
				if n > 0 {
					hits++
				}
			}
		}
	}
	if hits < 1000 {
		t.Errorf("only %d windows matched a key", hits)
	}
}

// TestSoleTable checks what t2s.sole claims: where it gives a rune, the
// window at any place the rune stands in the texts (and the rune alone)
// is converted to that rune, or left, as longestMatch has it.
func TestSoleTable(t *testing.T) {
	cc, err := converter()
	if err != nil {
		t.Fatal(err)
	}
	windows := map[rune][]string{}
	for _, s := range conversionTexts(t) {
		for i, r := range s {
			windows[r] = append(windows[r], s[i:runesAhead(s, i, convertWindow)])
		}
	}
	changes := 0
	for gi, g := range cc.DictChains {
		for r := rune(0); r < 0x10000; r++ {
			to := t2s.sole[gi][r]
			if to < 0 {
				continue
			}
			if to != r {
				changes++
			}
			for _, w := range append(windows[r], string(r)) {
				token, n, err := longestMatch(g, w)
				if err != nil {
					t.Fatal(err)
				}
				if n == 0 && to != r || n > 0 && (token != string(to) || n != utf8.RuneLen(r)) {
					t.Fatalf("sole[%d][%U] = %U, but longestMatch(%q) = %q, %d", gi, r, to, w, token, n)
				}
			}
		}
	}
	if changes < 2000 {
		t.Errorf("only %d runes with a sole replacement", changes)
	}
}

// TestRunesAhead checks runesAhead against decoding rune by rune.
func TestRunesAhead(t *testing.T) {
	for _, tt := range []struct {
		s    string
		i, n int
		want int
	}{
		{"", 0, 3, 0},
		{"abc", 0, 2, 2},
		{"abc", 1, 5, 3},
		{"亞洲abc", 0, 1, 3},
		{"亞洲abc", 3, 2, 7},
		{"𠉂亞x", 0, 2, 7},
		{"亞洲", 0, 0, 0},
	} {
		if got := runesAhead(tt.s, tt.i, tt.n); got != tt.want {
			t.Errorf("runesAhead(%q, %d, %d) = %d, want %d", tt.s, tt.i, tt.n, got, tt.want)
		}
	}
}

// TestSimplifiedRunes checks that simplifiedRunes gives the runes of
// simplifyAligned wherever it does not decline.
func TestSimplifiedRunes(t *testing.T) {
	changed, declined := 0, 0
	for _, s := range conversionTexts(t) {
		rs, rb := runesOf(s)
		got, ok := simplifiedRunes(nil, s, rs, rb)
		if !ok {
			declined++
			continue
		}
		if got == nil {
			got = rs
		} else {
			changed++
		}
		if want := []rune(simplifyAligned(s)); !slices.Equal(got, want) {
			t.Fatalf("simplifiedRunes(%q) = %q, simplifyAligned gives %q", s, string(got), string(want))
		}
	}
	t.Logf("%d changed, %d declined", changed, declined)
	if changed < 50 {
		t.Errorf("only %d texts changed", changed)
	}
}

// TestCaseless checks that lower case leaves every rune caseless claims.
func TestCaseless(t *testing.T) {
	for r := rune(0); r < 0x10000; r++ {
		if caseless(r) && unicode.ToLower(r) != r {
			t.Errorf("caseless(%U), but it lowers to %U", r, unicode.ToLower(r))
		}
	}
}

// TestLowered checks lowered against lower-casing rune by rune.
func TestLowered(t *testing.T) {
	for _, s := range []string{"", "abc", "ABC", "亞洲ASEAN会议，“Ｇ２０”、《ＡＢ》", "ÄÖü", "Σσ亚", "１２３"} {
		rs := []rune(s)
		want := make([]rune, len(rs))
		for i, r := range rs {
			want[i] = unicode.ToLower(r)
		}
		got := lowered(nil, rs)
		if got == nil {
			got = rs
		} else if slices.Equal(got, rs) {
			t.Errorf("lowered(%q) copied runes it did not change", s)
		}
		if !slices.Equal(got, want) {
			t.Errorf("lowered(%q) = %q, want %q", s, string(got), string(want))
		}
	}
}

// TestRespell checks respell against string and runeBytes of the runes.
func TestRespell(t *testing.T) {
	for _, tt := range []struct{ from, to string }{
		{"", ""},
		{"亞洲abc", "亞洲abc"},
		{"亞洲ABC", "亚洲abc"},
		{"ABC亞", "abc亚"},
		{"ＡＢ會議", "ａｂ会议"},
		{"İ亞x", "i亚x"},            // a two-byte rune becomes one byte
		{"\u212aelvin", "kelvin"}, // K (U+212A) is three bytes, k one
	} {
		from, rb := runesOf(tt.from)
		to := []rune(tt.to)
		got, gotRB := respell(tt.from, rb, from, to)
		if want := string(to); got != want || !slices.Equal(gotRB, runeBytes(want, len(to))) {
			t.Errorf("respell(%q -> %q) = %q, %v; want %q, %v", tt.from, tt.to, got, gotRB, want, runeBytes(want, len(to)))
		}
	}
}
