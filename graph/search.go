package graph

import (
	"sort"
	"strings"

	"github.com/seckg/seckg"
)

// searchIndex holds every lower-cased search key (name, English name,
// alias) sorted, for binary search of exact and prefix matches, and joined
// in one string for substring scans. It is built on the first search and
// patched by index.dirty after writes, so a write costs searches little.
type searchIndex struct {
	keys []string
	ids  []seckg.EntityID
	blob string // "\x00key0\x00key1…"
	offs []int  // offset of keys[i] in blob
}

// match returns the best rank (0 exact, 1 prefix, 2 substring) of every
// entity with a key matching needle, which is lower-case and not empty:
// from the built index for entities unchanged since it was built, from
// their current keys for the others.
func (ix *index) match(needle string) map[seckg.EntityID]int {
	sx, dirty := ix.search()
	out := sx.match(needle)
	for id := range dirty {
		delete(out, id)
		st := ix.ents[id]
		if st == nil {
			continue
		}
		best := -1
		for _, k := range st.keys {
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
		if best >= 0 {
			out[id] = best
		}
	}
	return out
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
	for id, st := range ix.ents {
		for _, k := range st.keys {
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
	sx := &searchIndex{keys: make([]string, len(all)), ids: make([]seckg.EntityID, len(all)), offs: make([]int, len(all))}
	var b strings.Builder
	for i, e := range all {
		b.WriteByte(0)
		sx.keys[i], sx.ids[i], sx.offs[i] = e.k, e.id, b.Len()
		b.WriteString(e.k)
	}
	sx.blob = b.String()
	ix.sx, ix.dirty = sx, map[seckg.EntityID]struct{}{}
	return sx, ix.dirty
}

// match returns the best rank (0 exact, 1 prefix, 2 substring) of every
// entity with a key matching needle, which is lower-case and not empty.
func (sx *searchIndex) match(needle string) map[seckg.EntityID]int {
	out := map[seckg.EntityID]int{}
	i := sort.SearchStrings(sx.keys, needle)
	for ; i < len(sx.keys) && strings.HasPrefix(sx.keys[i], needle); i++ {
		r := 1
		if sx.keys[i] == needle {
			r = 0
		}
		if old, ok := out[sx.ids[i]]; !ok || r < old {
			out[sx.ids[i]] = r
		}
	}
	if strings.IndexByte(needle, 0) >= 0 {
		return out
	}
	for pos := 0; pos < len(sx.blob); {
		j := strings.Index(sx.blob[pos:], needle)
		if j < 0 {
			break
		}
		at := pos + j
		k := sort.Search(len(sx.offs), func(n int) bool { return sx.offs[n] > at }) - 1
		if _, ok := out[sx.ids[k]]; !ok {
			out[sx.ids[k]] = 2
		}
		pos = sx.offs[k] + len(sx.keys[k]) // next key
	}
	return out
}
