package extract

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzWordSet checks wordSet against repeated strings.Index, which the
// callers used before.
func FuzzWordSet(f *testing.F) {
	for _, s := range []string{"会议会议该会议", "此次会议在会上", "aaaa", "该组织与这一机制", "总统先生和外长"} {
		f.Add(s)
	}
	words := append(append([]string{"aa"}, personAfter...), "会议", "该会议", "会上")
	ws := newWordSet(words)
	f.Fuzz(func(t *testing.T, s string) {
		s = strings.ToValidUTF8(s, "")
		rs := []rune(s)
		got := ws.findAll(rs)
		any := false
		for k, w := range words {
			var want []int
			for off := 0; ; {
				i := strings.Index(s[off:], w)
				if i < 0 {
					break
				}
				want = append(want, utf8.RuneCountInString(s[:off+i]))
				off += i + len(w)
			}
			if !slices.Equal(got[k], want) {
				t.Errorf("findAll(%q) for %q = %v, want %v", s, w, got[k], want)
			}
			any = any || len(want) > 0
		}
		if ws.in(rs) != any {
			t.Errorf("in(%q) = %v, want %v", s, !any, any)
		}
	})
}

func FuzzRuneCount(f *testing.F) {
	for _, s := range []string{"", "abc", "亚信会议成立于1992年", "ＣＩＣＡ“共同安全”", "é̃😀x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = strings.ToValidUTF8(s, "")
		if got, want := runeCount(s), utf8.RuneCountInString(s); got != want {
			t.Errorf("runeCount(%q) = %d, want %d", s, got, want)
		}
	})
}

// TestWordsIn checks that the one pass of textWords gives each of its
// sets what the set's own findAll gives, on the corpus texts.
func TestWordsIn(t *testing.T) {
	texts := []string{"", "该组织成立于2001年，外长会议和峰会。作者：《论》"}
	for _, f := range corpusFiles(t) {
		texts = append(texts, Normalize(readText(t, f)))
	}
	hits := 0
	for _, s := range texts {
		d := newDocState(nil, "t", s)
		for ws := range textWords.off {
			got, want := d.wordsIn(ws), ws.findAll(d.simp)
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("wordsIn(%q) = %v, findAll gives %v", ws.text, got, want)
			}
			for _, at := range got {
				hits += len(at)
			}
		}
	}
	if hits < 100 {
		t.Errorf("only %d words found", hits)
	}
}
