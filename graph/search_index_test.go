package graph

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/seckg/seckg"
)

// naiveMatch is the definition searchIndex.match implements: the best rank
// of each entity over its keys, found by looking at every key.
func naiveMatch(keys map[seckg.EntityID][]string, needle string) map[seckg.EntityID]int {
	out := map[seckg.EntityID]int{}
	for id, ks := range keys {
		if r := bestRank(ks, needle); r >= 0 {
			out[id] = r
		}
	}
	return out
}

// TestSearchIndexMatch checks the trigram search against a scan of every
// key, on random Chinese, ASCII and mixed keys and needles cut from them
// (so most have hits) or drawn at random (so most have none).
func TestSearchIndexMatch(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("东盟地区论坛亚信会议安全合作组织上海abc 12-")
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	ix := newIndex()
	keys := map[seckg.EntityID][]string{}
	for i := range 400 {
		id := seckg.EntityID(fmt.Sprintf("e%d", i))
		ks := []string{word(1 + r.IntN(8))}
		for range r.IntN(3) {
			ks = append(ks, word(1+r.IntN(6)))
		}
		keys[id] = ks
		ix.ents[id] = &entState{merged: seckg.Entity{ID: id, Name: ks[0], Aliases: ks[1:]}}
	}
	sx, _ := ix.search()
	var needles []string
	for range 300 {
		ks := keys[seckg.EntityID(fmt.Sprintf("e%d", r.IntN(400)))]
		k := ks[r.IntN(len(ks))]
		a := r.IntN(len(k))
		needles = append(needles, k[a:a+1+r.IntN(len(k)-a)], word(1+r.IntN(4)))
	}
	needles = append(needles, "东", "a", "ab", "\x00", "论坛论坛论坛论坛")
	for _, n := range needles {
		if got, want := sx.match(n), naiveMatch(keys, n); !maps.Equal(got, want) {
			t.Errorf("match(%q) = %v, want %v", n, got, want)
		}
	}
}
