package extract

import (
	"errors"
	"golang.org/x/text/encoding/simplifiedchinese"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

var t2s struct {
	once sync.Once
	cc   *opencc.OpenCC
	err  error
	// start[g][r] is 1 when some key of a dictionary of chain group g
	// begins with rune r (r < 0x10000), 2 when none does.
	start [][]uint8
}

func converter() (*opencc.OpenCC, error) {
	t2s.once.Do(func() {
		t2s.cc, t2s.err = opencc.New("t2s")
		if t2s.err != nil {
			return
		}
		var buf [utf8.UTFMax]byte
		for _, g := range t2s.cc.DictChains {
			tab := make([]uint8, 0x10000)
			for r := rune(0); r < 0x10000; r++ {
				tab[r] = 2
				if startsKey(g, buf[:utf8.EncodeRune(buf[:], r)]) {
					tab[r] = 1
				}
			}
			t2s.start = append(t2s.start, tab)
		}
	})
	return t2s.cc, t2s.err
}

// startsKey reports whether some key of a dictionary of g begins with
// the bytes p (one encoded rune).
func startsKey(g *opencc.Group, p []byte) bool {
	for _, dict := range g.Dicts {
		if dict.Trie == nil {
			return true // let PrefixMatch report the error
		}
		if _, err := dict.Trie.Jump(p, 0); err == nil {
			return true
		}
	}
	return false
}

// convertible reports whether the conversion chain group gi may change
// the rune r: a rune no dictionary key begins with is copied as is.
func convertible(gi int, r rune) bool {
	if r >= 0 && r < 0x10000 {
		return t2s.start[gi][r] == 1
	}
	var buf [utf8.UTFMax]byte
	return startsKey(t2s.cc.DictChains[gi], buf[:utf8.EncodeRune(buf[:], r)])
}

// ToSimplified converts Traditional Chinese to Simplified (OpenCC t2s).
// Text already in Simplified script comes back unchanged; if the
// converter cannot be loaded, s is returned as is.
//
// The result is that of opencc's Convert, computed without its per-rune
// dictionary look-ups for runes that begin no dictionary key, and
// without a lock: the dictionaries are only read.
func ToSimplified(s string) string {
	out, _ := toSimplified(s)
	return out
}

// toSimplified is ToSimplified, also reporting true when the result is
// sure to have as many runes as s (each phrase converted kept its length).
func toSimplified(s string) (string, bool) {
	cc, err := converter()
	if err != nil || s == "" {
		return s, true
	}
	in := s
	if utf8.ValidString(s) {
		if !anyConvertible(s) {
			return s, true
		}
	} else {
		in = string([]rune(s)) // each bad byte becomes U+FFFD, as Convert has it
	}
	out, same, err := convert(cc, in)
	if err != nil {
		return s, true
	}
	return out, same
}

// anyConvertible reports whether some rune of s begins a key of a group
// of the chain (later groups read what earlier ones left unchanged).
func anyConvertible(s string) bool {
	for i := 0; i < len(s); {
		r, n := decodeAt(s, i)
		if convertibleRune(r) {
			return true
		}
		i += n
	}
	return false
}

func convertibleRune(r rune) bool {
	for gi := range t2s.cc.DictChains {
		if convertible(gi, r) {
			return true
		}
	}
	return false
}

// convert is (*opencc.OpenCC).Convert of v0.3.13 (forward maximum
// matching over windows of 10 runes, the first dictionary of a group with
// a match wins, its longest key is taken), except that a rune that begins
// no key of the group is copied without a look-up (runs of them as one
// slice), and that the trie is walked directly, without building
// PrefixMatch's map of all matches. in must be valid UTF-8, so that its
// bytes are those of its runes. sameRunes is true when every phrase was
// replaced by one of as many runes.
func convert(cc *opencc.OpenCC, in string) (out string, sameRunes bool, err error) {
	const preOffset = 10
	var b strings.Builder
	var buf [preOffset * utf8.UTFMax]byte
	sameRunes = true
	for gi, group := range cc.DictChains {
		b.Reset()
		changed := false
		copied := 0 // in[copied:i] is still to be written
		for i := 0; i < len(in); {
			r, size := decodeAt(in, i)
			if !convertible(gi, r) {
				i += size
				continue
			}
			end := i
			for k := 0; k < preOffset && end < len(in); k++ {
				_, n := utf8.DecodeRuneInString(in[end:])
				end += n
			}
			win := append(buf[:0], in[i:end]...)
			token, n := "", 0
			for _, dict := range group.Dicts {
				if dict.Trie == nil {
					return "", false, errors.New("opencc: trie is nil")
				}
				// PrefixMatch gives the keys that are prefixes of win,
				// shortest first: the last is the longest
				ids := dict.Trie.PrefixMatch(win, 0)
				if len(ids) == 0 {
					continue
				}
				id := ids[len(ids)-1]
				key, err := dict.Trie.Key(id)
				if err != nil {
					return "", false, err
				}
				v, err := dict.Trie.Value(id)
				if err != nil {
					return "", false, err
				}
				token, n = dict.Values[v][0], len(key)
				sameRunes = sameRunes && utf8.RuneCountInString(token) == utf8.RuneCount(key)
				break
			}
			if n == 0 {
				i += size // no key: the rune stays, with the run around it
				continue
			}
			if !changed {
				b.Grow(len(in))
				changed = true
			}
			b.WriteString(in[copied:i])
			b.WriteString(token)
			i += n
			copied = i
		}
		if changed {
			b.WriteString(in[copied:])
			in = b.String()
		}
	}
	return in, sameRunes, nil
}

var gb2312 struct {
	once sync.Once
	set  []bool // Han runes U+4E00–U+9FFF that GB2312 (Simplified) has
}

// mayBeTraditional reports whether s has a Han character outside GB2312,
// the Simplified character set; text without one needs no conversion.
func mayBeTraditional(s string) bool {
	gb2312.once.Do(func() {
		gb2312.set = make([]bool, 0x9fff-0x4e00+1)
		enc := simplifiedchinese.HZGB2312.NewEncoder()
		for r := rune(0x4e00); r <= 0x9fff; r++ {
			if _, err := enc.String(string(r)); err == nil {
				gb2312.set[r-0x4e00] = true
			}
		}
	})
	for i := 0; i < len(s); {
		r, n := decodeAt(s, i)
		if r >= 0x4e00 && r <= 0x9fff && !gb2312.set[r-0x4e00] || r >= 0x3400 && r < 0x4e00 || r >= 0xf900 && r <= 0xfaff {
			return true
		}
		i += n
	}
	return false
}

// simplifyAligned converts s to Simplified script keeping one rune for
// one rune, so that offsets into the result are offsets into s: phrases
// whose conversion changes length are converted character by character.
func simplifyAligned(s string) string {
	if !mayBeTraditional(s) {
		return s
	}
	out, same := toSimplified(s)
	if same || utf8.RuneCountInString(out) == utf8.RuneCountInString(s) {
		return out
	}
	if strings.Contains(s, "\n") {
		parts := strings.Split(s, "\n")
		for i, p := range parts {
			parts[i] = simplifyAligned(p)
		}
		return strings.Join(parts, "\n")
	}
	rs := []rune(s)
	res := make([]rune, 0, len(rs))
	for _, r := range rs {
		if !convertibleRune(r) {
			res = append(res, r)
			continue
		}
		c := []rune(ToSimplified(string(r)))
		if len(c) == 1 {
			res = append(res, c[0])
		} else {
			res = append(res, r)
		}
	}
	return string(res)
}
