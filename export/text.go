package export

import (
	"bufio"
	"strconv"
	"strings"
	"unicode/utf8"
)

// allowed reports whether r may appear in an export: XML 1.0 Char minus
// the C0 and C1 control characters other than tab, line feed and carriage
// return, and minus U+FFFE and U+FFFF. The same characters are dropped from
// every format, so a value reads the same in GraphML, GEXF, JSON and CSV.
func allowed(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20 || (r >= 0x7f && r <= 0x9f):
		return false
	case r >= 0xd800 && r <= 0xdfff:
		return false
	case r == 0xfffe || r == 0xffff:
		return false
	}
	return r <= utf8.MaxRune
}

// safeMulti returns the length of the multi-byte UTF-8 sequence at s[i]
// if it is valid and allowed and of a common kind (two bytes from U+00C0,
// three bytes from U+1000 outside the surrogates and U+FFFx), else 0, in
// which case the caller decodes it the slow way. It keeps CJK text off
// utf8.DecodeRuneInString.
func safeMulti(s string, i int) int {
	c := s[i]
	switch {
	case c >= 0xc3 && c <= 0xdf:
		if i+1 < len(s) && s[i+1]&0xc0 == 0x80 {
			return 2
		}
	case (c >= 0xe1 && c <= 0xec) || c == 0xee:
		if i+2 < len(s) && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80 {
			return 3
		}
	}
	return 0
}

// clean returns s without invalid UTF-8 and without the characters that
// allowed rejects. It allocates only when something has to go.
func clean(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		if n := safeMulti(s, i); n > 0 {
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !allowed(r) {
			return cleanSlow(s, i)
		}
		i += size
	}
	return s
}

func cleanSlow(s string, from int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:from])
	for i := from; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !(r == utf8.RuneError && size == 1) && allowed(r) {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Separator replacement: a list item that holds the list's separator gets
// the full-width form instead, so that splitting on the separator always
// gives the items back.
const (
	fullPipe      = "｜" // U+FF5C, replaces '|' inside a '|'-joined item
	fullSemicolon = "；" // U+FF1B, replaces ';' inside a ';'-joined item
)

// writeXML writes s escaped for XML 1.0 character data (attr false) or a
// double-quoted attribute value (attr true), dropping what allowed rejects
// and invalid UTF-8. If pipe is set, '|' becomes fullPipe.
func writeXML(w *bufio.Writer, s string, attr, pipe bool) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			var esc string
			switch {
			case c == '<':
				esc = "&lt;"
			case c == '>':
				esc = "&gt;"
			case c == '&':
				esc = "&amp;"
			case c == '"' && attr:
				esc = "&quot;"
			case c == '\r':
				esc = "&#13;"
			case c == '\n' && attr:
				esc = "&#10;"
			case c == '\t' && attr:
				esc = "&#9;"
			case c == '|' && pipe:
				esc = fullPipe
			case c == '\n' || c == '\t':
				i++
				continue
			case c < 0x20 || c == 0x7f:
				esc = ""
			default:
				i++
				continue
			}
			w.WriteString(s[last:i])
			w.WriteString(esc)
			i++
			last = i
			continue
		}
		if n := safeMulti(s, i); n > 0 {
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !allowed(r) {
			w.WriteString(s[last:i])
			i += size
			last = i
			continue
		}
		i += size
	}
	w.WriteString(s[last:])
}

// writeJSON writes s as a JSON string, quotes included, dropping what
// allowed rejects and invalid UTF-8. U+2028 and U+2029 are escaped so the
// output is also valid JavaScript.
func writeJSON(w *bufio.Writer, s string) {
	w.WriteByte('"')
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			var esc string
			switch c {
			case '"':
				esc = `\"`
			case '\\':
				esc = `\\`
			case '\n':
				esc = `\n`
			case '\r':
				esc = `\r`
			case '\t':
				esc = `\t`
			default:
				if c >= 0x20 && c != 0x7f {
					i++
					continue
				}
			}
			w.WriteString(s[last:i])
			w.WriteString(esc)
			i++
			last = i
			continue
		}
		if n := safeMulti(s, i); n > 0 {
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !allowed(r) || r == 0x2028 || r == 0x2029 {
			w.WriteString(s[last:i])
			if r == 0x2028 {
				w.WriteString(`\u2028`)
			} else if r == 0x2029 {
				w.WriteString(`\u2029`)
			}
			i += size
			last = i
			continue
		}
		i += size
	}
	w.WriteString(s[last:])
	w.WriteByte('"')
}

// writeInt writes n in decimal.
func writeInt(w *bufio.Writer, n int) {
	w.Write(strconv.AppendInt(w.AvailableBuffer(), int64(n), 10))
}

// nameChar reports whether r may stand in an xs:NMTOKEN, the type GraphML
// gives node ids. It accepts a conservative subset of NameChar that the
// fourth edition of XML 1.0 (whose tables libxml2 and the Java validators
// use) and the fifth agree on: the ASCII name characters, Latin-1 letters,
// Greek, Cyrillic, Arabic letters, Hiragana, Katakana, the CJK unified
// ideographs U+4E00 to U+9FA5 and Hangul syllables.
func nameChar(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	case r == ':' || r == '_' || r == '-' || r == '.' || r == 0xb7:
		return true
	case r >= 0xc0 && r <= 0xd6, r >= 0xd8 && r <= 0xf6, r >= 0xf8 && r <= 0xff,
		r >= 0x391 && r <= 0x3a1, r >= 0x3a3 && r <= 0x3ce, r >= 0x410 && r <= 0x44f,
		r >= 0x621 && r <= 0x63a, r >= 0x641 && r <= 0x64a, r == 0x3007,
		r >= 0x3041 && r <= 0x3094, r >= 0x30a1 && r <= 0x30fa,
		r >= 0x4e00 && r <= 0x9fa5, r >= 0xac00 && r <= 0xd7a3:
		return true
	}
	return false
}

// nmtoken returns id as an xs:NMTOKEN. Ids made only of nameChar runes (gazetteer ids, "concept:亚洲安全观")
// are returned as they are; any other character c is written _xHHHH_ (its
// code point in hex, as .NET's XmlConvert.EncodeName does), and a "_x"
// already in the id becomes "_x005F_x", so the encoding can be undone.
// Invalid UTF-8 and the characters allowed rejects are dropped. It returns
// "" for an id with nothing left.
func nmtoken(id string) string {
	plain := true
	for i, r := range id {
		if !nameChar(r) || (r == utf8.RuneError && !strings.HasPrefix(id[i:], "\uFFFD")) ||
			(r == '_' && i+1 < len(id) && id[i+1] == 'x') {
			plain = false
			break
		}
	}
	if plain {
		return id
	}
	var b strings.Builder
	for i := 0; i < len(id); {
		r, size := utf8.DecodeRuneInString(id[i:])
		switch {
		case r == utf8.RuneError && size == 1, !allowed(r):
		case r == '_' && i+1 < len(id) && id[i+1] == 'x', !nameChar(r):
			b.WriteString("_x")
			h := strconv.FormatInt(int64(r), 16)
			for n := len(h); n < 4; n++ {
				b.WriteByte('0')
			}
			b.WriteString(strings.ToUpper(h))
			b.WriteByte('_')
		default:
			b.WriteString(id[i : i+size])
		}
		i += size
	}
	return b.String()
}

// normDate turns an ISO 8601 date at any precision ("2014", "2014-05",
// "2014-05-21", "2014-05-21T10:00:00Z") into a full xs:date, the first day
// of the period it names. It returns "" for anything else.
func normDate(s string) string {
	s = strings.TrimSpace(s)
	digits := func(t string) bool {
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return false
			}
		}
		return true
	}
	if len(s) < 4 || !digits(s[:4]) || s[:4] == "0000" {
		return ""
	}
	y, m, d := s[:4], "01", "01"
	rest := s[4:]
	if rest != "" {
		if len(rest) < 3 || rest[0] != '-' || !digits(rest[1:3]) {
			return ""
		}
		m, rest = rest[1:3], rest[3:]
		if rest != "" {
			if len(rest) < 3 || rest[0] != '-' || !digits(rest[1:3]) {
				return ""
			}
			d, rest = rest[1:3], rest[3:]
			if rest != "" && rest[0] != 'T' && rest[0] != ' ' {
				return ""
			}
		}
	}
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	if mi < 1 || mi > 12 || di < 1 || di > daysIn(mi, y) {
		return ""
	}
	return y + "-" + m + "-" + d
}

func daysIn(month int, year string) int {
	switch month {
	case 2:
		y, _ := strconv.Atoi(year)
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
