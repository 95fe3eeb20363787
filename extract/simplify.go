package extract

import (
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

// simplifyAligned converts s to Simplified script keeping one rune for
// one rune, so that offsets into the result are offsets into s: phrases
// whose conversion changes length are converted character by character.
func simplifyAligned(s string) string {
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
