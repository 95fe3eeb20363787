package extract

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestPlainHan checks that every rune plainHan lets through is one NFKC
// leaves unchanged, alone and after an ideograph.
func TestPlainHan(t *testing.T) {
	for r := rune(0); r <= 0xffff; r++ {
		s := string(r)
		if !plainHan(s) {
			continue
		}
		for _, x := range []string{s, "中" + s, s + "中", s + s} {
			if !norm.NFKC.IsNormalString(x) {
				t.Errorf("plainHan(%q) but NFKC changes %q", s, x)
			}
		}
	}
}
