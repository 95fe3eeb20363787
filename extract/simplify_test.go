package extract

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// TestConvertMatchesOpenCC checks that ToSimplified gives what opencc's
// own Convert gives, on the corpus, its variants, the held-out texts
// (whole and line by line) and random mixes of their runes.
func TestConvertMatchesOpenCC(t *testing.T) {
	cc, err := converter()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, g := range []string{"../data/corpus/*.txt", "../data/corpus-variants/traditional/*.txt", "testdata/heldout/*.txt"} {
		m, _ := filepath.Glob(g)
		for _, f := range m {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, string(b))
			texts = append(texts, strings.Split(string(b), "\n")...)
		}
	}
	if len(texts) < 10 {
		t.Fatalf("only %d texts", len(texts))
	}
	var pool []rune
	for _, s := range texts[:min(len(texts), 40)] {
		pool = append(pool, []rune(s)...)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		rs := make([]rune, rng.IntN(40))
		for i := range rs {
			rs[i] = pool[rng.IntN(len(pool))]
		}
		texts = append(texts, string(rs))
	}
	texts = append(texts, "", "\xff亞洲\xfe", "乾隆乾燥", "後來的後")
	for _, s := range texts {
		want, err := cc.Convert(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := ToSimplified(s); got != want {
			t.Fatalf("ToSimplified(%q) = %q, opencc gives %q", s, got, want)
		}
	}
}

// TestConvertibleTable checks that a rune marked as beginning no key
// indeed matches no key of any dictionary.
func TestConvertibleTable(t *testing.T) {
	cc, err := converter()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r := rune(0); r < 0x10000; r++ {
		if convertibleRune(r) {
			n++
			continue
		}
		if !utf8.ValidRune(r) {
			continue
		}
		for _, g := range cc.DictChains {
			for _, d := range g.Dicts {
				ret, err := d.PrefixMatch(string(r))
				if err != nil || len(ret) > 0 {
					t.Fatalf("rune %U marked unconvertible but matches %v (%v)", r, ret, err)
				}
			}
		}
	}
	t.Logf("%d runes begin a key", n)
	if n < 2000 {
		t.Errorf("only %d convertible runes", n)
	}
}

// TestToSimplifiedConcurrent runs conversions in parallel for the race
// detector: the dictionaries are shared and only read.
func TestToSimplifiedConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 50 {
				if got := ToSimplified("亞洲相互協作與信任措施會議"); got != "亚洲相互协作与信任措施会议" {
					t.Errorf("ToSimplified = %q", got)
				}
			}
		})
	}
	wg.Wait()
}
