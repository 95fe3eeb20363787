package extract

import (
	"errors"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/encoding/simplifiedchinese"
)

var t2s struct {
	once sync.Once
	cc   *opencc.OpenCC
	err  error
	// start[g][r] is 1 when some key of a dictionary of chain group g
	// begins with rune r (r < 0x10000), 2 when none does.
	start [][]uint8
	// sole[g][r] is what group g turns rune r (r < 0x10000) into
	// wherever it stands: r when no key begins with r, its one-rune
	// replacement when the only key that begins with r is r itself, and
	// -1 when a longer key does, so that the text after r must be matched.
	sole [][]rune
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
			t2s.sole = append(t2s.sole, soleTable(g, tab))
		}
	})
	return t2s.cc, t2s.err
}

// soleTable returns t2s.sole of group g, whose start table is start.
func soleTable(g *opencc.Group, start []uint8) []rune {
	tab := make([]rune, 0x10000)
	for r := range tab {
		tab[r] = rune(r)
		if start[r] != 1 {
			continue
		}
		tab[r] = -1
		key := string(rune(r))
		if r == 0 || !utf8.ValidRune(rune(r)) || longerKey(g, key) {
			continue
		}
		token, n, err := longestMatch(g, key)
		if t := []rune(token); err == nil && n == len(key) && len(t) == 1 {
			tab[r] = t[0]
		}
	}
	return tab
}

// longerKey reports whether a dictionary of g has a key that begins with
// key and is longer.
func longerKey(g *opencc.Group, key string) bool {
	for _, dict := range g.Dicts {
		if dict.Trie == nil {
			return true // let longestMatch report the error
		}
		for _, id := range dict.Trie.PrefixPredict([]byte(key), 0) {
			if k, err := dict.Trie.Key(id); err != nil || len(k) > len(key) {
				return true
			}
		}
	}
	return false
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
// slice), and that the trie is walked directly (longestMatch), without
// building PrefixMatch's map of all matches. in must be valid UTF-8, so
// that its bytes are those of its runes. sameRunes is true when every
// phrase was replaced by one of as many runes.
func convert(cc *opencc.OpenCC, in string) (out string, sameRunes bool, err error) {
	var b strings.Builder
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
			token, n, err := longestMatch(group, in[i:runesAhead(in, i, convertWindow)])
			if err != nil {
				return "", false, err
			}
			if n == 0 {
				i += size // no key: the rune stays, with the run around it
				continue
			}
			sameRunes = sameRunes && utf8.RuneCountInString(token) == utf8.RuneCountInString(in[i:i+n])
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

// convertWindow is how many runes opencc's Convert offers the
// dictionaries at each place: no longer key is matched.
const convertWindow = 10

// runesAhead returns the byte offset in the valid UTF-8 s of the end of
// the n runes from byte i on, or len(s) if fewer follow.
func runesAhead(s string, i, n int) int {
	for i < len(s) {
		if s[i]&0xc0 != 0x80 { // the first byte of a rune
			if n == 0 {
				return i
			}
			n--
		}
		i++
	}
	return len(s)
}

// longestMatch returns the replacement of the longest key of the first
// dictionary of group that has a key that is a prefix of s, and that
// key's length in bytes; n is 0 when no dictionary has one. It gives what
// the last id of the trie's PrefixMatch with its Key and Value give,
// walking the trie byte by byte as PrefixMatch does, without allocating.
func longestMatch(group *opencc.Group, s string) (token string, n int, err error) {
	var label [1]byte // Jump's path, on the stack
	for _, dict := range group.Dicts {
		t := dict.Trie
		if t == nil {
			return "", 0, errors.New("opencc: trie is nil")
		}
		value, keyLen := -1, 0
		for k, from := 0, 0; k < len(s); k++ {
			label[0] = s[k]
			to, err := t.Jump(label[:], from)
			if err != nil {
				break
			}
			if v, err := t.Value(to); err == nil {
				// the label 0 leads to a key's value slot and ends the
				// walk; Key leaves it out of the key
				value, keyLen = v, k+1
				if s[k] == 0 {
					keyLen = k
				}
			}
			from = to
		}
		if value < 0 {
			continue
		}
		if keyLen == 0 {
			return "", 0, errors.New("opencc: empty key") // as Key fails
		}
		return dict.Values[value][0], keyLen, nil
	}
	return "", 0, nil
}

// simplifiedRunes returns the runes of simplifyAligned(s), given the runes
// rs of s and their byte offsets rb (as runesOf gives them), or nil when
// they are those of s. s must be valid UTF-8. It converts on rs, changing
// runes in a copy (in the array of dst when large enough; dst must not
// overlap rs), and so spares simplifyAligned's string and runesOf's
// decoding of it, when the conversion chain is one group and each phrase
// it replaces keeps its number of runes (as nearly always); otherwise it
// reports false.
func simplifiedRunes(dst []rune, s string, rs []rune, rb runeOffsets) ([]rune, bool) {
	if !anyOutsideGB2312(rs) {
		return nil, true // simplifyAligned leaves s as it is
	}
	cc, err := converter()
	if err != nil {
		return nil, true // ToSimplified gives s
	}
	if len(cc.DictChains) != 1 {
		return nil, false
	}
	group, sole := cc.DictChains[0], t2s.sole[0]
	var out []rune // a copy of rs once a rune changes
	set := func(i int, r rune) {
		if out == nil {
			out = append(dst[:0], rs...)
		}
		out[i] = r
	}
	for i := 0; i < len(rs); {
		if r := rs[i]; r >= 0 && r < 0x10000 && sole[r] >= 0 {
			if to := sole[r]; to != r {
				set(i, to)
			}
			i++
			continue
		}
		if !convertible(0, rs[i]) {
			i++
			continue
		}
		at := int(rb[i])
		token, n, err := longestMatch(group, s[at:rb[min(i+convertWindow, len(rs))]])
		if err != nil {
			return nil, true // ToSimplified gives s
		}
		if n == 0 {
			i++
			continue
		}
		j := i // the key is runes [i, j)
		for int(rb[j]) < at+n {
			j++
		}
		if int(rb[j]) != at+n || utf8.RuneCountInString(token) != j-i {
			return nil, false
		}
		for _, r := range token {
			if r != rs[i] {
				set(i, r)
			}
			i++
		}
	}
	return out, true
}

var gb2312 struct {
	once sync.Once
	set  []bool // Han runes U+4E00–U+9FFF that GB2312 (Simplified) has
}

// mayBeTraditional reports whether s has a Han character outside GB2312,
// the Simplified character set; text without one needs no conversion.
func mayBeTraditional(s string) bool {
	set := gb2312Han()
	for i := 0; i < len(s); {
		r, n := decodeAt(s, i)
		if outsideGB2312(set, r) {
			return true
		}
		i += n
	}
	return false
}

// anyOutsideGB2312 is mayBeTraditional of the runes rs.
func anyOutsideGB2312(rs []rune) bool {
	set := gb2312Han()
	for _, r := range rs {
		if outsideGB2312(set, r) {
			return true
		}
	}
	return false
}

// outsideGB2312 reports whether r is a Han character outside set, the
// table gb2312Han returns.
func outsideGB2312(set []bool, r rune) bool {
	return r >= 0x4e00 && r <= 0x9fff && !set[r-0x4e00] || r >= 0x3400 && r < 0x4e00 || r >= 0xf900 && r <= 0xfaff
}

// gb2312Han returns which Han runes U+4E00–U+9FFF GB2312 has, indexed
// from U+4E00.
func gb2312Han() []bool {
	gb2312.once.Do(func() {
		gb2312.set = make([]bool, 0x9fff-0x4e00+1)
		enc := simplifiedchinese.HZGB2312.NewEncoder()
		for r := rune(0x4e00); r <= 0x9fff; r++ {
			if _, err := enc.String(string(r)); err == nil {
				gb2312.set[r-0x4e00] = true
			}
		}
	})
	return gb2312.set
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
