package graph

import (
	"slices"
	"sort"
	"strings"

	"github.com/seckg/seckg"
)

// searchIndex holds every lower-cased search key (name, English name,
// alias) sorted, for binary search of exact and prefix matches, with a
// trigram index for substring matches (and the keys joined in one string
// for needles too short to have a trigram). It is built on the first
// search and patched by index.dirty after writes, so a write costs
// searches little.
//
// It is laid out for the collector: the keys are only in blob and the
// posting lists in one array, so that besides ids it holds no pointers
// (a map of slices and a slice of keys were 20 MB to scan at 1M quads).
type searchIndex struct {
	ids []seckg.EntityID // of the keys, in key order
	// grams maps every 3-byte window of a key to the span of posts
	// holding the indexes of the keys holding it, ascending: a key
	// holding needle holds all its windows.
	grams map[uint32]span
	posts []int32
	blob  string  // "\x00key0\x00key1…"
	offs  []int32 // offset of key i in blob
}

// span is a part [off, off+n) of an array.
type span struct{ off, n uint32 }

// key returns key i.
func (sx *searchIndex) key(i int) string {
	end := len(sx.blob)
	if i+1 < len(sx.offs) {
		end = int(sx.offs[i+1]) - 1
	}
	return sx.blob[sx.offs[i]:end]
}

// postings returns the indexes of the keys holding gram g.
func (sx *searchIndex) postings(g uint32) []int32 {
	sp := sx.grams[g]
	return sx.posts[sp.off : sp.off+sp.n : sp.off+sp.n]
}

// appendSearchKeys appends to keys the lower-cased name, English name
// and aliases of e, the keys a search matches it by.
func appendSearchKeys(keys []string, e seckg.Entity) []string {
	keys = append(keys, strings.ToLower(e.Name))
	if e.NameEN != "" {
		keys = append(keys, strings.ToLower(e.NameEN))
	}
	for _, a := range e.Aliases {
		keys = append(keys, strings.ToLower(a))
	}
	return keys
}

// gram is the 3-byte window of s at i.
func gram(s string, i int) uint32 { return uint32(s[i])<<16 | uint32(s[i+1])<<8 | uint32(s[i+2]) }

// match returns the best rank (0 exact, 1 prefix, 2 substring) of every
// entity with a key matching needle, which is lower-case and not empty:
// from the built index for entities unchanged since it was built, from
// their current keys for the others.
func (ix *index) match(needle string) map[seckg.EntityID]int {
	sx, dirty := ix.search()
	out := sx.match(needle)
	var keys []string // reused for each entity
	for id := range dirty {
		delete(out, id)
		st := ix.ents[id]
		if st == nil {
			continue
		}
		keys = appendSearchKeys(keys[:0], st.merged)
		if best := bestRank(keys, needle); best >= 0 {
			out[id] = best
		}
	}
	return out
}

// bestRank returns the best rank (0 exact, 1 prefix, 2 substring) of
// needle in keys, or -1 if no key holds it.
func bestRank(keys []string, needle string) int {
	best := -1
	for _, k := range keys {
		r := -1
		switch {
		case k == "":
		case k == needle:
			r = 0
		case strings.HasPrefix(k, needle):
			r = 1
		case strings.Contains(k, needle):
			r = 2
		}
		if r >= 0 && (best < 0 || r < best) {
			best = r
		}
	}
	return best
}

// search returns the built search index, building it if there is none,
// and the entities changed since it was built. Callers hold the store's
// read lock, so the dirty map does not change while they use it.
func (ix *index) search() (*searchIndex, map[seckg.EntityID]struct{}) {
	ix.cmu.Lock()
	defer ix.cmu.Unlock()
	if ix.sx != nil {
		return ix.sx, ix.dirty
	}
	type kv struct {
		k  string
		id seckg.EntityID
	}
	var all []kv
	var keys []string // reused for each entity
	for id, st := range ix.ents {
		keys = appendSearchKeys(keys[:0], st.merged)
		for _, k := range keys {
			if k != "" {
				all = append(all, kv{k, id})
			}
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].k != all[j].k {
			return all[i].k < all[j].k
		}
		return all[i].id < all[j].id
	})
	sx := &searchIndex{ids: make([]seckg.EntityID, len(all)), offs: make([]int32, len(all))}
	grams := map[uint32][]int32{} // packed into sx.posts below
	var b strings.Builder
	for i, e := range all {
		b.WriteByte(0)
		sx.ids[i], sx.offs[i] = e.id, int32(b.Len())
		b.WriteString(e.k)
		for j := 0; j+3 <= len(e.k); j++ {
			g := gram(e.k, j)
			if l := grams[g]; len(l) == 0 || l[len(l)-1] != int32(i) {
				grams[g] = append(l, int32(i))
			}
		}
	}
	sx.blob = b.String()
	n := 0
	for _, l := range grams {
		n += len(l)
	}
	sx.posts, sx.grams = make([]int32, 0, n), make(map[uint32]span, len(grams))
	for g, l := range grams {
		sx.grams[g] = span{uint32(len(sx.posts)), uint32(len(l))}
		sx.posts = append(sx.posts, l...)
	}
	ix.sx, ix.dirty = sx, map[seckg.EntityID]struct{}{}
	return sx, ix.dirty
}

// match returns the best rank (0 exact, 1 prefix, 2 substring) of every
// entity with a key matching needle, which is lower-case and not empty.
func (sx *searchIndex) match(needle string) map[seckg.EntityID]int {
	out := map[seckg.EntityID]int{}
	i := sort.Search(len(sx.ids), func(i int) bool { return sx.key(i) >= needle })
	for ; i < len(sx.ids) && strings.HasPrefix(sx.key(i), needle); i++ {
		r := 1
		if sx.key(i) == needle {
			r = 0
		}
		if old, ok := out[sx.ids[i]]; !ok || r < old {
			out[sx.ids[i]] = r
		}
	}
	if strings.IndexByte(needle, 0) >= 0 {
		return out
	}
	if len(needle) >= 3 {
		for _, k := range sx.holding(needle) {
			if _, ok := out[sx.ids[k]]; !ok && strings.Contains(sx.key(int(k)), needle) {
				out[sx.ids[k]] = 2
			}
		}
		return out
	}
	for pos := 0; pos < len(sx.blob); {
		j := strings.Index(sx.blob[pos:], needle)
		if j < 0 {
			break
		}
		at := pos + j
		k := sort.Search(len(sx.offs), func(n int) bool { return int(sx.offs[n]) > at }) - 1
		if _, ok := out[sx.ids[k]]; !ok {
			out[sx.ids[k]] = 2
		}
		pos = int(sx.offs[k]) + len(sx.key(k)) // next key
	}
	return out
}

// holding returns, ascending, the indexes of the keys that hold every
// 3-byte window of needle (at least 3 bytes long): a superset of the keys
// holding needle. The shortest posting list is filtered by the others.
func (sx *searchIndex) holding(needle string) []int32 {
	lists := make([][]int32, 0, len(needle)-2)
	for j := 0; j+3 <= len(needle); j++ {
		l := sx.postings(gram(needle, j))
		if len(l) == 0 {
			return nil
		}
		lists = append(lists, l)
	}
	sort.Slice(lists, func(a, b int) bool { return len(lists[a]) < len(lists[b]) })
	cand := append([]int32(nil), lists[0]...)
	for _, l := range lists[1:] {
		if len(cand) <= 8 {
			break // checking a few keys costs less than more filtering
		}
		kept := cand[:0]
		for _, k := range cand {
			if _, ok := slices.BinarySearch(l, k); ok {
				kept = append(kept, k)
			}
		}
		cand = kept
	}
	return cand
}
