package extract

import (
	"unicode/utf8"
)

// sentence is one sentence of a normalised text: runes [Start, End) of it,
// and its text.
type sentence struct {
	Start, End int
	Text       string
}

// splitSentences cuts a normalised text at 。！？；!? (with any closing
// quotes or brackets that follow) and at line ends. Offsets are in runes;
// white space at a sentence's edges is left out of it.
func splitSentences(text string) []sentence {
	rs := []rune(text)
	if !utf8.ValidString(text) {
		text = string(rs)
	}
	return splitRunes(nil, text, rs, runeBytes(text, len(rs)))
}

// isStop reports whether r is one of 。！？!?.
func isStop(r rune) bool { return r == '。' || r == '！' || r == '？' || r == '!' || r == '?' }

// isCloser reports whether r is one of ”’」』）).
func isCloser(r rune) bool {
	return r == '”' || r == '’' || r == '」' || r == '』' || r == '）' || r == ')'
}

// splitRunes is splitSentences of the valid UTF-8 text, given also as its
// runes rs and their byte offsets rb, appending the sentences to out;
// each sentence's Text is a substring of text.
func splitRunes(out []sentence, text string, rs []rune, rb runeOffsets) []sentence {
	start := 0
	emit := func(end int) {
		s, e := start, end
		for s < e && isSpace(rs[s]) {
			s++
		}
		for e > s && isSpace(rs[e-1]) {
			e--
		}
		if e > s {
			out = append(out, sentence{Start: s, End: e, Text: text[rb[s]:rb[e]]})
		}
		start = end
	}
	depth := 0 // inside 《》
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '《':
			depth++
		case r == '》' && depth > 0:
			depth--
		case r == '\n':
			depth = 0
			emit(i)
			start = i + 1
		case depth == 0 && (isStop(r) || r == '；') || r == '.' && i+1 < len(rs) && rs[i+1] == ' ' && i > 0 && rs[i-1] > utf8.RuneSelf:
			j := i + 1
			for j < len(rs) && isCloser(rs[j]) {
				j++
			}
			for j < len(rs) && isStop(rs[j]) {
				j++
			}
			emit(j)
			i = j - 1
		}
	}
	emit(len(rs))
	return out
}
