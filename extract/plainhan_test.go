package extract

import (
	"strings"
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

// TestPlainLine checks that foldLine's fast path agrees with its slow one
// on every rune plainLine lets through.
func TestPlainLine(t *testing.T) {
	for r := rune(0); r <= 0xffff; r++ {
		s := string(r)
		for _, x := range []string{s, "中" + s + "中", "a " + s + " b"} {
			if !plainLine(x) {
				continue
			}
			if got, want := squeezeSpaces(strings.TrimFunc(x, isSpace)), foldRest(foldWidth(x)); got != want {
				t.Errorf("plainLine(%q) but folding gives %q, not %q", x, want, got)
			}
		}
	}
}
