// Package eval scores a graph against gold annotations with the matching
// rules of shared/checks/score.py, so that `seckg eval` and the acceptance
// check agree on every figure.
//
// Entities: a node matches a gold entity when any of its names (name,
// English name, aliases) equals any of the entity's names after folding
// (NFKC-like width folding, white space, book-title marks and quotes
// removed, lower case). Nodes and entities are paired one to one by
// augmenting paths, a node whose canonical name is the entity's canonical
// name tried first; an unpaired node counts against precision.
// Relations: a gold (head, predicate, tail) is found when an edge with that
// predicate joins a node of the head to a node of the tail; an edge counts
// as correct when it finds at least one gold relation.
package eval

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/seckg/seckg"
)

// Gold is one gold file, in the format of ONTOLOGY.md.
type Gold struct {
	Entities []struct {
		ID      string   `json:"id"`
		Type    string   `json:"type"`
		Name    string   `json:"name"`
		NameEN  string   `json:"name_en"`
		Aliases []string `json:"aliases"`
	} `json:"entities"`
	Relations []struct {
		Head      string `json:"head"`
		Predicate string `json:"predicate"`
		Tail      string `json:"tail"`
		Doc       string `json:"doc"`
		Evidence  string `json:"evidence"`
	} `json:"relations"`
}

// LoadGold reads gold files; an unreadable or malformed file is an error
// naming it.
func LoadGold(paths ...string) ([]Gold, error) {
	var out []Gold
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("eval: %w", err)
		}
		var g Gold
		if err := json.Unmarshal(b, &g); err != nil {
			return nil, fmt.Errorf("eval: %s: %w", p, err)
		}
		out = append(out, g)
	}
	return out, nil
}

// Report holds the figures score.py prints, plus the lists --misses shows.
type Report struct {
	Nodes, Edges                  int
	GoldEntities, GoldRelations   int
	EntityPrecision, EntityRecall float64
	EntityF1, TypeAccuracy        float64
	RelationPrecision             float64
	RelationRecall, RelationF1    float64
	RecallByPredicate             map[string][2]int // found, gold
	MissedEntities                []string          // gold ids no node matched
	MissedRelations               []string          // "head predicate tail"
	ExtraNodes                    []string          // node ids paired with no gold entity
	WrongEdges                    []string          // edges that find no gold relation, "head predicate tail"
	WrongTypes                    []string          // "gold-id: got X, want Y"
}

var strip = regexp.MustCompile(`[\s《》〈〉“”"'‘’「」『』]+`)

func fold(s string) string {
	return strings.ToLower(strip.ReplaceAllString(norm.NFKC.String(s), ""))
}

type goldEntity struct {
	typ   string
	names map[string]bool
	canon map[string]bool
}

// Score compares nodes and edges with the gold.
func Score(nodes []seckg.Entity, edges []seckg.Relation, golds []Gold) Report {
	gold := map[string]*goldEntity{}
	grels := map[string]bool{}
	for _, g := range golds {
		for _, e := range g.Entities {
			ge := gold[e.ID]
			if ge == nil {
				ge = &goldEntity{typ: e.Type, names: map[string]bool{}, canon: map[string]bool{}}
				gold[e.ID] = ge
			}
			ge.canon[fold(e.Name)] = true
			for _, n := range append([]string{e.Name, e.NameEN}, e.Aliases...) {
				if f := fold(n); f != "" {
					ge.names[f] = true
				}
			}
		}
		for _, r := range g.Relations {
			grels[r.Head+" "+r.Predicate+" "+r.Tail] = true
		}
	}
	byName := map[string][]string{}
	for id, ge := range gold {
		for n := range ge.names {
			byName[n] = append(byName[n], id)
		}
	}
	nodeGold := make(map[seckg.EntityID][]string, len(nodes))
	byID := make(map[seckg.EntityID]seckg.Entity, len(nodes))
	for _, n := range nodes {
		byID[n.ID] = n
		set := map[string]bool{}
		for _, name := range append([]string{n.Name, n.NameEN}, n.Aliases...) {
			for _, g := range byName[fold(name)] {
				set[g] = true
			}
		}
		ids := make([]string, 0, len(set))
		for g := range set {
			ids = append(ids, g)
		}
		sort.Strings(ids)
		label := fold(n.Name)
		sort.SliceStable(ids, func(i, j int) bool { return gold[ids[i]].canon[label] && !gold[ids[j]].canon[label] })
		nodeGold[n.ID] = ids
	}
	owner := map[string]seckg.EntityID{}
	var augment func(seckg.EntityID, map[string]bool) bool
	augment = func(nid seckg.EntityID, seen map[string]bool) bool {
		for _, g := range nodeGold[nid] {
			if seen[g] {
				continue
			}
			seen[g] = true
			if o, ok := owner[g]; !ok || augment(o, seen) {
				owner[g] = nid
				return true
			}
		}
		return false
	}
	for _, n := range nodes {
		if len(nodeGold[n.ID]) > 0 {
			augment(n.ID, map[string]bool{})
		}
	}
	var r Report
	r.Nodes, r.Edges, r.GoldEntities, r.GoldRelations = len(nodes), len(edges), len(gold), len(grels)
	tp := len(owner)
	r.EntityPrecision = ratio(tp, len(nodes))
	r.EntityRecall = ratio(tp, len(gold))
	r.EntityF1 = f1(r.EntityPrecision, r.EntityRecall)
	paired := map[seckg.EntityID]bool{}
	typed := 0
	for g, nid := range owner {
		paired[nid] = true
		if string(byID[nid].Type) == gold[g].typ {
			typed++
		} else {
			r.WrongTypes = append(r.WrongTypes, fmt.Sprintf("%s: got %s, want %s", g, byID[nid].Type, gold[g].typ))
		}
	}
	r.TypeAccuracy = ratio(typed, tp)
	found := map[string]bool{}
	relTP := 0
	for _, e := range edges {
		hit := false
		for _, h := range nodeGold[e.Head] {
			for _, t := range nodeGold[e.Tail] {
				k := h + " " + string(e.Predicate) + " " + t
				if grels[k] {
					found[k] = true
					hit = true
				}
			}
		}
		if hit {
			relTP++
		} else {
			r.WrongEdges = append(r.WrongEdges, e.Key())
		}
	}
	r.RelationPrecision = ratio(relTP, len(edges))
	r.RelationRecall = ratio(len(found), len(grels))
	r.RelationF1 = f1(r.RelationPrecision, r.RelationRecall)
	r.RecallByPredicate = map[string][2]int{}
	for k := range grels {
		p := strings.Fields(k)[1]
		c := r.RecallByPredicate[p]
		c[1]++
		if found[k] {
			c[0]++
		} else {
			r.MissedRelations = append(r.MissedRelations, k)
		}
		r.RecallByPredicate[p] = c
	}
	for g := range gold {
		if _, ok := owner[g]; !ok {
			r.MissedEntities = append(r.MissedEntities, g)
		}
	}
	for _, n := range nodes {
		if !paired[n.ID] {
			r.ExtraNodes = append(r.ExtraNodes, string(n.ID))
		}
	}
	for _, l := range [][]string{r.MissedEntities, r.MissedRelations, r.ExtraNodes, r.WrongEdges, r.WrongTypes} {
		sort.Strings(l)
	}
	return r
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Round3 rounds as score.py prints.
func Round3(x float64) float64 { return math.Round(x*1000) / 1000 }
