package extract

import (
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
	mu   sync.Mutex
}

func converter() (*opencc.OpenCC, error) {
	t2s.once.Do(func() { t2s.cc, t2s.err = opencc.New("t2s") })
	return t2s.cc, t2s.err
}

// ToSimplified converts Traditional Chinese to Simplified (OpenCC t2s).
// Text already in Simplified script comes back unchanged; if the
// converter cannot be loaded, s is returned as is.
func ToSimplified(s string) string {
	cc, err := converter()
	if err != nil || s == "" {
		return s
	}
	t2s.mu.Lock()
	out, err := cc.Convert(s)
	t2s.mu.Unlock()
	if err != nil {
		return s
	}
	return out
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
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff && !gb2312.set[r-0x4e00] || r >= 0x3400 && r < 0x4e00 || r >= 0xf900 && r <= 0xfaff {
			return true
		}
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
	out := ToSimplified(s)
	if utf8.RuneCountInString(out) == utf8.RuneCountInString(s) {
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
		c := []rune(ToSimplified(string(r)))
		if len(c) == 1 {
			res = append(res, c[0])
		} else {
			res = append(res, r)
		}
	}
	return string(res)
}
