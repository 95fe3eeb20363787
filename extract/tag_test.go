package extract

import (
	"slices"
	"testing"
)

// TestTagByPieces checks what persons relies on to tag only the pieces
// of a sentence holding a title word: gojieba tags a text as the pieces
// between its separators, each alone, with each separator a word, and
// its words cover the text (offsets are summed from them).
func TestTagByPieces(t *testing.T) {
	p := newPipeline(t)
	_, raws := allTexts(t)
	checked := 0
	for _, raw := range raws[:min(len(raws), 12)] {
		text, _, err := Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range splitSentences(Normalize(text)) {
			rs := []rune(st.Text)
			if !personTitles.in(rs) {
				continue
			}
			words, tags := p.tag(st.Text)
			var pw, pt []string
			for a := 0; a < len(rs); {
				b := a
				for b < len(rs) && !isJiebaSeparator(rs[b]) {
					b++
				}
				for _, piece := range []string{string(rs[a:b]), string(rs[b:min(b+1, len(rs))])} {
					if piece != "" {
						w, tg := p.tag(piece)
						pw, pt = append(pw, w...), append(pt, tg...)
					}
				}
				a = b + 1
			}
			if !slices.Equal(words, pw) || !slices.Equal(tags, pt) {
				t.Fatalf("tag(%q) = %q %q, by pieces %q %q", st.Text, words, tags, pw, pt)
			}
			n := 0
			for _, w := range words {
				n += len([]rune(w))
			}
			if n != len(rs) {
				t.Fatalf("tag(%q) words hold %d runes, the text %d", st.Text, n, len(rs))
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no sentence with a title word")
	}
}

// TestPersonTitles checks what mayTagPerson relies on: every title a name
// may follow (personBefore) is one of personAfter, the words of
// personTitles that it looks for.
func TestPersonTitles(t *testing.T) {
	for _, w := range personBefore {
		if !slices.Contains(personTitles.text, w) {
			t.Errorf("personBefore word %q is not in personTitles", w)
		}
	}
}
