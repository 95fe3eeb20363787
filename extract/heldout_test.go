package extract

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/seckg/seckg"
	"github.com/seckg/seckg/eval"
)

// heldoutFloor is the lowest score TestHeldout accepts, a little under what
// the extractor reaches, so that a regression on unseen wording fails.
var heldoutFloor = struct{ entityF1, relationF1 float64 }{0.96, 0.94}

// TestHeldout extracts the held-out texts of testdata/heldout, texts written
// and annotated apart from the dev corpus, and scores them against their
// annotations, per text and merged as the store merges them.
func TestHeldout(t *testing.T) {
	p := newPipeline(t)
	files, err := filepath.Glob("testdata/heldout/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no held-out texts: %v", err)
	}
	ents := map[seckg.EntityID]*seckg.Entity{}
	rels := map[string]*seckg.Relation{}
	var golds []eval.Gold
	verbose := os.Getenv("SECKG_HELDOUT_MISSES") != ""
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		g, err := eval.LoadGold(strings.TrimSuffix(f, ".txt") + ".json")
		if err != nil {
			t.Fatal(err)
		}
		golds = append(golds, g...)
		x, err := p.Extract(t.Context(), seckg.DocID(name), raw)
		if err != nil {
			t.Fatalf("Extract(%s): %v", f, err)
		}
		r := eval.Score(x.Entities, x.Relations, g)
		t.Logf("%-28s entity P/R/F1 %.3f/%.3f/%.3f  relation P/R/F1 %.3f/%.3f/%.3f", name,
			r.EntityPrecision, r.EntityRecall, r.EntityF1, r.RelationPrecision, r.RelationRecall, r.RelationF1)
		if verbose {
			t.Logf("  missed entities: %v", r.MissedEntities)
			t.Logf("  extra nodes: %v", r.ExtraNodes)
			t.Logf("  wrong types: %v", r.WrongTypes)
			t.Logf("  missed relations: %v", r.MissedRelations)
			t.Logf("  wrong edges: %v", r.WrongEdges)
		}
		mergeExtraction(ents, rels, x)
	}
	nodes := make([]seckg.Entity, 0, len(ents))
	for _, e := range ents {
		nodes = append(nodes, *e)
	}
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].ID < nodes[j].ID })
	edges := make([]seckg.Relation, 0, len(rels))
	for _, r := range rels {
		edges = append(edges, *r)
	}
	sort.Slice(edges, func(i, j int) bool { return edges[i].Key() < edges[j].Key() })
	r := eval.Score(nodes, edges, golds)
	t.Logf("%-28s entity P/R/F1 %.3f/%.3f/%.3f  relation P/R/F1 %.3f/%.3f/%.3f", "overall",
		r.EntityPrecision, r.EntityRecall, r.EntityF1, r.RelationPrecision, r.RelationRecall, r.RelationF1)
	if r.EntityF1 < heldoutFloor.entityF1 || r.RelationF1 < heldoutFloor.relationF1 {
		t.Errorf("held-out entity F1 %.3f, relation F1 %.3f: below the floor %.2f / %.2f",
			r.EntityF1, r.RelationF1, heldoutFloor.entityF1, heldoutFloor.relationF1)
	}
}

// mergeExtraction adds x to the graph held in ents and rels: entities
// merged by id (aliases joined), relations by key (evidence joined).
func mergeExtraction(ents map[seckg.EntityID]*seckg.Entity, rels map[string]*seckg.Relation, x seckg.Extraction) {
	for _, e := range x.Entities {
		cur := ents[e.ID]
		if cur == nil {
			e := e
			ents[e.ID] = &e
			continue
		}
		addAlias(cur, e.Name)
		for _, a := range e.Aliases {
			addAlias(cur, a)
		}
	}
	for _, r := range x.Relations {
		if cur := rels[r.Key()]; cur != nil {
			cur.Evidence = append(cur.Evidence, r.Evidence...)
		} else {
			r := r
			rels[r.Key()] = &r
		}
	}
}
