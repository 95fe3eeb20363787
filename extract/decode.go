package extract

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/seckg/seckg"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// Decode turns raw bytes into UTF-8 text. It accepts UTF-8 (a BOM is
// stripped), GB18030/GBK and Big5, choosing among the encodings under which
// raw is valid by how plausible the decoded text is as Chinese prose. It
// returns the text, valid UTF-8, and the encoding's name ("utf-8", "gb18030", "big5"). An
// empty input, binary data or text in none of those encodings gives a
// *seckg.Error of kind seckg.ErrInvalid saying why.
func Decode(raw []byte) (text string, enc string, err error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(raw)) == 0 {
		return "", "", seckg.Errorf(seckg.ErrInvalid, "empty file")
	}
	if i := bytes.IndexByte(raw, 0); i >= 0 {
		return "", "", seckg.Errorf(seckg.ErrInvalid, fmt.Sprintf("not text: NUL byte at offset %d", i))
	}
	ctl := 0
	for _, b := range raw {
		if isControl(b) {
			ctl++
		}
	}
	if ctl > 0 {
		// Stray control characters in a text file are dropped; data where
		// they are common is binary. No byte below 0x20 nor 0x7f is part of
		// a GB18030 or Big5 multi-byte sequence, so dropping them is safe
		// before the encoding is known.
		if pct := 100 * ctl / len(raw); pct >= maxControlPct {
			return "", "", seckg.Errorf(seckg.ErrInvalid, fmt.Sprintf("not text: %d%% control bytes", pct))
		}
		clean := make([]byte, 0, len(raw)-ctl)
		for _, b := range raw {
			if !isControl(b) {
				clean = append(clean, b)
			}
		}
		raw = clean
		if len(bytes.TrimSpace(raw)) == 0 {
			return "", "", seckg.Errorf(seckg.ErrInvalid, "empty file (control characters only)")
		}
	}
	if utf8.Valid(raw) {
		s := string(raw)
		if !scoreAtLeast(s, 0.5) {
			return "", "", seckg.Errorf(seckg.ErrInvalid, "not text: too few letters and punctuation")
		}
		return s, "utf-8", nil
	}
	best, bestEnc, bestScore := "", "", -1.0
	for _, c := range []struct {
		name string
		e    encoding.Encoding
	}{{"gb18030", simplifiedchinese.GB18030}, {"big5", traditionalchinese.Big5}} {
		s, ok := decodeStrict(c.e, raw)
		if !ok {
			continue
		}
		if sc := score(s); sc > bestScore {
			best, bestEnc, bestScore = s, c.name, sc
		}
	}
	if bestEnc == "" || bestScore < 0.6 {
		return "", "", seckg.Errorf(seckg.ErrInvalid, "not text: neither UTF-8, GB18030 nor Big5")
	}
	return best, bestEnc, nil
}

// maxControlPct is the share of control bytes (percent) from which data is
// taken for binary rather than text with stray control characters.
const maxControlPct = 10

// isControl reports whether b is a C0 control byte other than the white
// space text uses (\t \n \f \r), or DEL.
func isControl(b byte) bool {
	return b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' || b == 0x7f
}

// decodeStrict decodes raw with e and reports false when the decoder had to
// substitute invalid sequences.
func decodeStrict(e encoding.Encoding, raw []byte) (string, bool) {
	out, err := e.NewDecoder().Bytes(raw)
	if err != nil {
		return "", false
	}
	if bytes.Contains(out, []byte("\ufffd")) && !bytes.Contains(raw, []byte("\xef\xbf\xbd")) {
		return "", false
	}
	return string(out), true
}

// scoreAtLeast reports whether score(s) >= min for valid UTF-8 s,
// stopping as soon as the runes read so far settle it (good only grows).
func scoreAtLeast(s string, min float64) bool {
	n := float64(runeCount(s)) // s is valid UTF-8
	if n == 0 {
		return 0 >= min
	}
	good := 0.0
	for _, r := range s {
		good += runeScore(r)
		if good/n >= min {
			return true
		}
	}
	return good/n >= min
}

// score rates how much s looks like text: the share of runes that are
// common Han characters, letters, digits, punctuation or white space, with
// rare code points (private use, unassigned, CJK extension planes) counting
// against it.
func score(s string) float64 {
	good, n := 0.0, 0
	for _, r := range s {
		n++
		good += runeScore(r)
	}
	if n == 0 {
		return 0
	}
	return good / float64(n)
}

// runeScore is what rune r adds to score's count of good runes.
func runeScore(r rune) float64 {
	switch {
	case r == utf8.RuneError:
	case r >= 0x4e00 && r <= 0x9fff:
		return 1
	case r < 0x80 && (unicode.IsPrint(r) || unicode.IsSpace(r)):
		return 1
	case r >= 0x3000 && r <= 0x303f, r >= 0xff00 && r <= 0xffef, r >= 0x2000 && r <= 0x206f, r >= 0x2460 && r <= 0x24ff:
		return 1
	case unicode.Is(unicode.Cyrillic, r), unicode.Is(unicode.Latin, r), unicode.Is(unicode.Greek, r):
		return 0.8
	case unicode.Is(unicode.Hangul, r), unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
		return 0.5
	case unicode.IsPunct(r) || unicode.IsSymbol(r):
		return 0.5
	}
	return 0
}
