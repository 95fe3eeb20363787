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
// returns the text and the encoding's name ("utf-8", "gb18030", "big5"). An
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
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' || b == 0x7f {
			ctl++
		}
	}
	if pct := 100 * ctl / len(raw); ctl > 0 && pct >= 1 {
		return "", "", seckg.Errorf(seckg.ErrInvalid, fmt.Sprintf("not text: %d%% control bytes", pct))
	}
	if utf8.Valid(raw) {
		s := string(raw)
		if score(s) < 0.5 {
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

// score rates how much s looks like text: the share of runes that are
// common Han characters, letters, digits, punctuation or white space, with
// rare code points (private use, unassigned, CJK extension planes) counting
// against it.
func score(s string) float64 {
	good, n := 0.0, 0
	for _, r := range s {
		n++
		switch {
		case r == utf8.RuneError:
		case r >= 0x4e00 && r <= 0x9fff:
			good++
		case r < 0x80 && (unicode.IsPrint(r) || unicode.IsSpace(r)):
			good++
		case r >= 0x3000 && r <= 0x303f, r >= 0xff00 && r <= 0xffef, r >= 0x2000 && r <= 0x206f, r >= 0x2460 && r <= 0x24ff:
			good++
		case unicode.Is(unicode.Cyrillic, r), unicode.Is(unicode.Latin, r), unicode.Is(unicode.Greek, r):
			good += 0.8
		case unicode.Is(unicode.Hangul, r), unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
			good += 0.5
		case unicode.IsPunct(r) || unicode.IsSymbol(r):
			good += 0.5
		}
	}
	if n == 0 {
		return 0
	}
	return good / float64(n)
}
