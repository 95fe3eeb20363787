package extract

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// stretchMatches is findAllNear as it was: the unanchored expression run
// on each stretch around the words.
func stretchMatches(d *docState, nr *nearRegexp) [][]int {
	re := regexp.MustCompile(strings.TrimSuffix(strings.TrimPrefix(nr.re.String(), "^(?:"), ")"))
	stretches, _ := d.nearStretches(nr)
	var out [][]int
	for _, sp := range stretches {
		a, b := sp[0], sp[1]
		for _, loc := range re.FindAllStringSubmatchIndex(d.simpS[a:b], -1) {
			for i := range loc {
				if loc[i] >= 0 {
					loc[i] += a
				}
			}
			out = append(out, loc)
		}
	}
	return out
}

// TestFindAllNear checks that trying the anchored expression where a
// match may start finds what the expression finds on the stretches, on
// the corpus and on random strings dense in the words and their context.
func TestFindAllNear(t *testing.T) {
	var texts []string
	m, _ := filepath.Glob("../data/corpus/*.txt")
	for _, f := range m {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, Normalize(string(b)))
	}
	pieces := []string{"倡议", "倡导", "发起", "宣布", "正式", "成立", "建立", "创建", "设立", "了", "提出", "的", "“", "”", "组织", "论坛", "A", "9", "，", "。", "、", "𠀀", "—", " ", "安全观"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(60) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	found := 0
	for _, s := range texts {
		d := newDocState(nil, "t", s)
		for _, nr := range []*nearRegexp{reFounded, reProposedName} {
			got, want := d.findAllNear(nr), stretchMatches(d, nr)
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("findAllNear(%q, %s) = %v, want %v", s, nr.re, got, want)
			}
			found += len(got)
		}
	}
	if found < 500 {
		t.Errorf("only %d matches", found)
	}
}
