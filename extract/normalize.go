package extract

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize repairs text drawn from PDFs and folds it to one form: NFKC
// (full-width ASCII to half-width), control characters dropped (newlines
// kept), lines broken inside a paragraph rejoined, page numbers and running
// headers dropped, doubled heading characters undoubled, spaces inside
// Chinese removed, and footnote markers (①②…) taken out of the running
// text while footnote bodies become paragraphs of their own. Paragraphs are
// separated by "\n". The result is valid UTF-8 and Normalize is idempotent.
func Normalize(text string) string {
	// ToValidUTF8 decodes at every byte of a multi-byte rune, so a valid
	// text skips it
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "")
	}
	return normalizeValid(text)
}

// normalizeValid is Normalize of valid UTF-8 text, such as Decode returns.
func normalizeValid(text string) string {
	// normalizeOnce takes and gives valid UTF-8
	s := normalizeOnce(text)
	for range 6 {
		t := normalizeOnce(s)
		if t == s {
			break
		}
		s = t
	}
	return s
}

func normalizeOnce(text string) string {
	in := text // what the result is written against (see textWriter)
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = strings.ReplaceAll(text, "\f", "\n")
	raw := strings.Split(text, "\n")
	type line struct {
		s        string
		n        int  // runes of s
		indent   bool // began with white space (a page often starts so)
		trailing bool // ended with white space (a paragraph often ends so)
		doubled  bool
		note     bool
	}
	lines := make([]line, 0, len(raw))
	trimmed := make([]string, len(raw))
	counts := make(map[string]int, len(raw))
	for i, l := range raw {
		t := strings.TrimFunc(l, isSpace)
		trimmed[i] = t
		counts[t]++
	}
	for i, l := range raw {
		t := trimmed[i]
		if t == "" || isPageNumber(t) {
			continue
		}
		if counts[t] >= 3 && runeCount(t) <= 30 && !endsSentence(t) {
			continue // running header or footer
		}
		ln := line{indent: len(l) > 0 && isSpaceByte(l[0]), trailing: len(l) > 0 && isSpaceByte(l[len(l)-1])}
		ln.note = startsFootnote(t)
		t = foldLine(t, ln.note)
		if u, ok := undouble(t); ok {
			t, ln.doubled = u, true
		}
		if t == "" {
			continue
		}
		ln.s, ln.n = t, runeCount(t)
		lines = append(lines, ln)
	}
	width := func(i int) int {
		w := 0
		for _, j := range [2]int{i + 1, i + 2} {
			if j >= 0 && j < len(lines) && !lines[j].note {
				w = max(w, lines[j].n)
			}
		}
		return w
	}
	widthBefore := func(i int) int {
		w := 0
		for _, j := range [2]int{i - 1, i - 2} {
			if j >= 0 && !lines[j].note {
				w = max(w, lines[j].n)
			}
		}
		return w
	}
	var notes []string
	out := textWriter{open: -1, ref: in, size: len(text)}
	flush := func() {
		out.open = -1
		for _, n := range notes {
			out.add(n)
		}
		notes = notes[:0]
	}
	for i := 0; i < len(lines); i++ {
		ln := lines[i]
		if ln.note {
			var nb strings.Builder
			nb.WriteString(ln.s)
			for i+1 < len(lines) && !lines[i+1].note && !endsChinese(lines[i].s) && !lines[i+1].indent {
				i++
				join(&nb, lines[i].s)
			}
			notes = append(notes, nb.String())
			continue
		}
		if out.open >= 0 && isHeading(ln.s) {
			flush()
		}
		out.join(ln.s)
		n, w := ln.n, width(i)
		wa := max(w, widthBefore(i))
		end := endsSentence(ln.s) && (ln.trailing || n < w*9/10 || n*100 > wa*115 || !strings.ContainsAny(ln.s, "，、") || endsChinese(ln.s) && n > 60 || n > 140) ||
			i+1 < len(lines) && startsBlock(lines[i+1].s) ||
			isHeading(out.para()) && !(ln.doubled && i+1 < len(lines) && lines[i+1].doubled) && !(i+1 < len(lines) && shortTail(lines[i+1].s, width(i+1))) ||
			n < w*6/10 && !endsComma(ln.s) && !(ln.doubled && i+1 < len(lines) && lines[i+1].doubled)
		if i == 0 && isHeadline(ln.s) {
			end = true
		}
		if i+1 < len(lines) && lines[i+1].note {
			end = end && endsSentence(ln.s)
		}
		if end {
			flush()
		}
	}
	flush()
	return out.String()
}

// textWriter builds normalizeOnce's result: paragraphs separated by "\n",
// the last of which may be open to more lines. As long as what it is given
// is the start of ref (normalizeOnce's input), it only counts the bytes:
// normalizeValid calls normalizeOnce again on each result until nothing
// changes, so the last call, on a normalised text, gives it back without
// writing a copy to compare and throw away.
type textWriter struct {
	ref    string          // the text the output may repeat
	n      int             // until copied: the output is ref[:n]
	copied bool            // the output left ref and is in b
	b      strings.Builder // the output, once copied
	size   int             // the room to reserve in b
	open   int             // where the open paragraph starts, or -1
}

// String returns the output so far.
func (w *textWriter) String() string {
	if !w.copied {
		return w.ref[:w.n]
	}
	return w.b.String()
}

// Len returns the length of the output so far.
func (w *textWriter) Len() int {
	if !w.copied {
		return w.n
	}
	return w.b.Len()
}

// write appends s to the output.
func (w *textWriter) write(s string) {
	if !w.copied {
		if strings.HasPrefix(w.ref[w.n:], s) {
			w.n += len(s)
			return
		}
		w.copied = true
		w.b.Grow(max(w.size, w.n+len(s)))
		w.b.WriteString(w.ref[:w.n])
	}
	w.b.WriteString(s)
}

// para returns the open paragraph, or "".
func (w *textWriter) para() string {
	if w.open < 0 {
		return ""
	}
	return w.String()[w.open:]
}

// join appends line s to the open paragraph, opening one if need be.
func (w *textWriter) join(s string) {
	if s == "" {
		return
	}
	if w.open < 0 {
		if w.Len() > 0 {
			w.write("\n")
		}
		w.open = w.Len()
		w.write(s)
		return
	}
	if joinSpace(w.String(), s) {
		w.write(" ")
	}
	w.write(s)
}

// add appends the whole paragraph s; no paragraph may be open.
func (w *textWriter) add(s string) {
	if w.Len() > 0 {
		w.write("\n")
	}
	w.write(s)
}

// join appends s to b, keeping a space between two Latin words.
func join(b *strings.Builder, s string) {
	if b.Len() > 0 && joinSpace(b.String(), s) {
		b.WriteByte(' ')
	}
	b.WriteString(s)
}

// joinSpace reports whether a space must go between a and b joined: both
// sides are Latin words (or a has a comma, stop, colon or semicolon).
func joinSpace(a, b string) bool {
	prev, _ := utf8.DecodeLastRuneInString(a)
	next, _ := utf8.DecodeRuneInString(b)
	return prev < 0x3000 && next < 0x3000 && (unicode.IsLetter(prev) || unicode.IsDigit(prev) || prev == ',' || prev == '.' || prev == ':' || prev == ';') && (unicode.IsLetter(next) || unicode.IsDigit(next))
}

// isHeadline reports whether a first line names a document
// ("…峰会宣言", "…联合声明"): short, without punctuation, ending in a
// document's head word.
func isHeadline(s string) bool {
	if utf8.RuneCountInString(s) > 60 || strings.ContainsAny(s, "。，；：") {
		return false
	}
	for _, h := range docHeads {
		if strings.HasSuffix(s, h) {
			return true
		}
	}
	return false
}

// shortTail reports whether s looks like the short last line of a heading
// broken in two.
func shortTail(s string, w int) bool {
	return utf8.RuneCountInString(s) < w*6/10 && !endsSentence(s) && !endsComma(s) && !isHeading(s)
}

func isSpace(r rune) bool     { return unicode.IsSpace(r) || r == '\u3000' || r == '\u00a0' }
func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' }

func isPageNumber(s string) bool {
	s = strings.Trim(s, "-—–·. 第页")
	if s == "" || len(s) > 4 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isCircled(r rune) bool {
	return r >= '①' && r <= '⑳' || r >= '❶' && r <= '❿' || r >= '⑴' && r <= '⒇'
}

func startsFootnote(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isCircled(r)
}

// endsSentence reports whether s ends a sentence, closing quotes and
// brackets after the final mark allowed, or with a [n] reference after it.
func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool { return strings.ContainsRune("”’」』）)]］0123456789[", r) })
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。！？!?.…", r)
}

// endsChinese is endsSentence for Chinese marks only (a URL may end in ".").
func endsChinese(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool { return strings.ContainsRune("”’」』）)]］0123456789[", r) })
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。！？…", r)
}

// startsBlock reports whether s opens a block of its own: an abstract or
// keywords.
func startsBlock(s string) bool {
	for _, p := range []string{"Abstract", "Keywords", "Key words", "Key Words", "[摘要]", "【摘要】", "摘要：", "【内容提要】", "[内容提要]", "关键词", "[关键词]", "【关键词】"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func endsComma(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("，、；：,;:（《“", r)
}

// isHeading reports whether s looks like a section heading: an ordinal
// marker and a short text without a final stop.
func isHeading(s string) bool {
	if len(s) > 40*utf8.UTFMax {
		return false // over 40 runes
	}
	// the marker first: most lines fail there
	i, pos := 0, 0 // runes and bytes before the numerals
	if r, n := utf8.DecodeRuneInString(s); r == '（' || r == '(' {
		i, pos = 1, n
	}
	j := i
	for pos < len(s) {
		r, n := utf8.DecodeRuneInString(s[pos:])
		if !isNumeral(r) {
			break
		}
		j, pos = j+1, pos+n
	}
	if j == i || pos >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[pos:])
	if !(i == 1 && (r == '）' || r == ')') || i == 0 && (r == '、' || r == '.' && j < 3)) {
		return false
	}
	return utf8.RuneCountInString(s) <= 40 && !endsSentence(s) && !endsComma(s)
}

// isNumeral reports whether r is one of 一二三四五六七八九十0123456789.
func isNumeral(r rune) bool {
	switch r {
	case '一', '二', '三', '四', '五', '六', '七', '八', '九', '十':
		return true
	}
	return r >= '0' && r <= '9'
}

// foldLine applies the character-level repairs to one trimmed line.
func foldLine(s string, note bool) string {
	if plainLine(s) {
		return squeezeSpaces(strings.TrimFunc(s, isSpace))
	}
	if strings.IndexFunc(s, isCircled) < 0 {
		s = foldWidth(s)
		if strings.IndexFunc(s, needsFold) < 0 {
			return squeezeSpaces(strings.TrimFunc(s, isSpace))
		}
		return foldRest(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		if isCircled(r) {
			if note && i == 0 {
				continue
			}
			continue
		}
		b.WriteRune(r)
	}
	if t := b.String(); plainLine(t) {
		return squeezeSpaces(strings.TrimFunc(t, isSpace))
	}
	return foldRest(foldWidth(b.String()))
}

// needsFold reports whether foldRest changes r.
func needsFold(r rune) bool {
	return r == '\t' || r == '\u3000' || r == '\u00a0' || unicode.IsControl(r) || r == '\ufeff' || r == '\u200b' || r == '\ufffd' || r >= 0xe000 && r <= 0xf8ff
}

// foldRest turns tabs and wide spaces into spaces, drops control and
// private-use characters, trims and squeezes spaces.
func foldRest(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t' || r == '\u3000' || r == '\u00a0':
			b.WriteByte(' ')
		case unicode.IsControl(r), r == '\ufeff', r == '\u200b', r == '\ufffd', r >= 0xe000 && r <= 0xf8ff:
		default:
			b.WriteRune(r)
		}
	}
	return squeezeSpaces(strings.TrimFunc(b.String(), isSpace))
}

// foldWidth applies NFKC but keeps the full-width Chinese punctuation
// marks ，：；！？（）, which NFKC would turn into ASCII.
func foldWidth(s string) string {
	keep := func(r rune) bool {
		switch r {
		case '，', '：', '；', '！', '？', '（', '）':
			return true
		}
		return false
	}
	nfkc := func(b *strings.Builder, s string) {
		if plainHan(s) || norm.NFKC.IsNormalString(s) {
			b.WriteString(s)
		} else {
			b.WriteString(norm.NFKC.String(s))
		}
	}
	if strings.IndexFunc(s, keep) < 0 {
		if plainHan(s) {
			return s
		}
		return norm.NFKC.String(s)
	}
	// the stretches between kept marks are written only from the first
	// that NFKC changes: a line in normal form is given back as it is
	var b strings.Builder
	copied := false
	start := 0
	for i, r := range s {
		if keep(r) {
			if !copied && !(plainHan(s[start:i]) || norm.NFKC.IsNormalString(s[start:i])) {
				copied = true
				b.WriteString(s[:start])
			}
			if copied {
				nfkc(&b, s[start:i])
				b.WriteRune(r)
			}
			start = i + utf8.RuneLen(r)
		}
	}
	if !copied {
		if plainHan(s[start:]) || norm.NFKC.IsNormalString(s[start:]) {
			return s
		}
		b.WriteString(s[:start])
	}
	nfkc(&b, s[start:])
	return b.String()
}

// plainLine reports whether foldWidth and foldRest leave s as it is: s
// holds only printable ASCII, the runes plainHan lets through and the
// marks foldWidth keeps full-width.
func plainLine(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		// U+4E00–U+9FFF is E4 B8 80 to E9 BF BF, the last two bytes
		// continuation bytes: one range check of the three bytes
		if i+2 < len(s) {
			x := uint32(c)<<16 | uint32(s[i+1])<<8 | uint32(s[i+2])
			if x-0xe4b880 <= 0xe9bfbf-0xe4b880 && x&0xc0c0 == 0x8080 {
				i += 3
				continue
			}
		}
		// the marks, mostly three bytes too, decoded inline (as decodeWide)
		r, n := decodeWide(s, i)
		if !plainMark(r) {
			return false
		}
		i += n
	}
	return true
}

// plainMark reports whether plainLine lets the rune r, not ASCII, through.
func plainMark(r rune) bool {
	switch r {
	case '，', '：', '；', '！', '？', '（', '）':
		return true
	}
	return r != utf8.RuneError && plainHanRune(r)
}

// plainHan reports whether s holds only ASCII, CJK unified ideographs and
// the common Chinese marks 、。《》〈〉「」『』【】“”‘’—–·, which NFKC leaves as
// they are (none decomposes, none composes with another).
func plainHan(s string) bool {
	for _, r := range s {
		if !plainHanRune(r) {
			return false
		}
	}
	return true
}

func plainHanRune(r rune) bool {
	switch {
	case r < 0x80, r >= 0x4e00 && r <= 0x9fff:
	case r == 0x3001, r == 0x3002, r >= 0x3008 && r <= 0x3011:
	case r == 0x2013, r == 0x2014, r == 0x2018, r == 0x2019, r == 0x201c, r == 0x201d, r == 0x00b7:
	default:
		return false
	}
	return true
}

// squeezeSpaces drops spaces next to Chinese characters or punctuation
// and collapses other runs of spaces to one.
func squeezeSpaces(s string) string {
	if strings.IndexByte(s, ' ') < 0 {
		return s
	}
	if !utf8.ValidString(s) {
		s = string([]rune(s)) // each bad byte becomes U+FFFD
	}
	// s is copied only from the first run of spaces that changes: a line
	// whose spaces are all single ones between Latin words is kept
	var b strings.Builder
	copied := false
	for i := 0; i < len(s); {
		k := strings.IndexByte(s[i:], ' ')
		if k < 0 {
			if copied {
				b.WriteString(s[i:])
			}
			break
		}
		a := i + k
		j := a
		for j < len(s) && s[j] == ' ' {
			j++
		}
		space := false // the run becomes one space
		if a > 0 && j < len(s) {
			prev, _ := utf8.DecodeLastRuneInString(s[:a])
			next, _ := utf8.DecodeRuneInString(s[j:])
			space = !isWide(prev) && !isWide(next)
		}
		if !copied && !(space && j == a+1) {
			copied = true
			b.Grow(len(s))
			b.WriteString(s[:i])
		}
		if copied {
			b.WriteString(s[i:a])
			if space {
				b.WriteByte(' ')
			}
		}
		i = j
	}
	if !copied {
		return s
	}
	return b.String()
}

// isWide reports whether r is a CJK character or a CJK punctuation mark.
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef ||
		strings.ContainsRune("“”‘’—…·《》", r)
}

// undouble repairs a heading whose characters or chunks were printed
// twice ("一一、、构建构建" → "一、构建"). It reports false, leaving s,
// unless most of s is doubled.
func undouble(s string) (string, bool) {
	var buf [120]rune
	// over 120 runes, as most paragraphs are (a rune takes 1 to 4 bytes)
	if len(s) > len(buf)*utf8.UTFMax || len(s) > len(buf) && runeCount(s) > len(buf) {
		return s, false
	}
	n := 0
	for i := 0; i < len(s); n++ {
		r, size := decodeAt(s, i)
		buf[n], i = r, i+size
	}
	if n < 4 || n <= 24 && !repeatsRune(buf[:n]) {
		return s, false // a doubled line repeats its runes
	}
	return undoubleRunes(s, buf[:n])
}

// repeatsRune reports whether some rune occurs twice in rs.
func repeatsRune(rs []rune) bool {
	for i, r := range rs {
		if slices.Contains(rs[i+1:], r) {
			return true
		}
	}
	return false
}

// undoubleRunes is undouble of s, whose runes (at most 120) are rs.
func undoubleRunes(s string, rs []rune) (string, bool) {
	var ob [120]rune
	// next[j] is the next index after j holding the rune rs[j], or
	// len(rs): a chunk doubled at i has length l only if rs[i+l] == rs[i],
	// so only those l are tried, and a line without repeated runes costs
	// one pass.
	type last struct {
		r  rune
		at int32 // index + 1; 0 is an empty slot
	}
	var next [120]int
	var tab [256]last // open addressing on the rune
	for j := len(rs) - 1; j >= 0; j-- {
		h := uint32(rs[j]) * 2654435761 >> 24
		for tab[h].at != 0 && tab[h].r != rs[j] {
			h = (h + 1) & 255
		}
		if tab[h].at != 0 {
			next[j] = int(tab[h].at) - 1
		} else {
			next[j] = len(rs)
		}
		tab[h] = last{rs[j], int32(j) + 1}
	}
	out := ob[:0]
	var cand [60]int
	covered := 0
	for i := 0; i < len(rs); {
		done := false
		// the lengths l ≤ (len-i)/2 with rs[i+l] == rs[i], longest first
		lim := i + (len(rs)-i)/2
		nc := 0
		for j := next[i]; j <= lim; j = next[j] {
			cand[nc] = j - i
			nc++
		}
		for k := nc - 1; k >= 0; k-- {
			if l := cand[k]; equalRunes(rs[i:i+l], rs[i+l:i+2*l]) {
				out = append(out, rs[i:i+l]...)
				covered += 2 * l
				i += 2 * l
				done = true
				break
			}
		}
		if !done {
			out = append(out, rs[i])
			i++
			// give up as soon as too much is left single for a doubled line
			if (i-covered)*10 > len(rs)*2 {
				return s, false
			}
		}
	}
	if covered*10 < len(rs)*8 {
		return s, false
	}
	return string(out), true
}

func equalRunes(a, b []rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
