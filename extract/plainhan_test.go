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

// TestPlainLineRunes holds plainLine to its definition rune by rune:
// printable ASCII, and the runes plainMark lets through; bad bytes never.
func TestPlainLineRunes(t *testing.T) {
	for r := rune(0); r <= 0x10ffff; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		want := r >= 0x20 && r < 0x7f || r >= 0x80 && plainMark(r)
		for _, x := range []string{string(r), "中" + string(r), string(r) + "a"} {
			if got := plainLine(x); got != want {
				t.Fatalf("plainLine(%q) = %v, want %v", x, got, want)
			}
		}
	}
	for _, x := range []string{"\xe4\xb8", "\xe4\xb8 ", "中\xe9\xbf", "\xe4\xb8\xc0", "\xe4\x38\x80", "\xed\xa0\x80", "\xff", "\xe5\x80中"} {
		if plainLine(x) {
			t.Errorf("plainLine(%q) = true for bad bytes", x)
		}
	}
}
