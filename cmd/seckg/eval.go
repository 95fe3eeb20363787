package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/seckg/seckg"
	"github.com/seckg/seckg/eval"
)

var cmdEval = &command{
	name:  "eval",
	usage: "[--db PATH] [--gold FILE_OR_DIR] [--misses] [GOLD.json...]",
	short: "score the store against gold annotations: entity and relation precision, recall, F1",
	run:   runEval,
}

func runEval(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	sf := addStoreFlags(fs)
	gold := fs.String("gold", "data/gold", "gold file, or a folder of *.json gold files; more may follow as arguments")
	misses := fs.Bool("misses", false, "also list missed entities and relations, extra nodes, wrong edges and wrong types")
	if err := parse(fs, args); err != nil {
		return err
	}
	var paths []string
	for _, p := range append([]string{*gold}, fs.Args()...) {
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			m, _ := filepath.Glob(filepath.Join(p, "*.json"))
			paths = append(paths, m...)
		} else {
			paths = append(paths, p)
		}
	}
	golds, err := eval.LoadGold(paths...)
	if err != nil {
		return err
	}
	st, err := sf.open(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	var nodes []seckg.Entity
	var edges []seckg.Relation
	if err := st.EachEntity(ctx, seckg.Filter{}, func(x seckg.Entity) error { nodes = append(nodes, x); return nil }); err != nil {
		return err
	}
	if err := st.EachRelation(ctx, seckg.Filter{}, func(r seckg.Relation) error { edges = append(edges, r); return nil }); err != nil {
		return err
	}
	r := eval.Score(nodes, edges, golds)
	w := e.stdout
	fmt.Fprintf(w, "nodes: %d\nedges: %d\ngold_entities: %d\ngold_relations: %d\n", r.Nodes, r.Edges, r.GoldEntities, r.GoldRelations)
	for _, kv := range []struct {
		k string
		v float64
	}{
		{"entity_precision", r.EntityPrecision}, {"entity_recall", r.EntityRecall}, {"entity_f1", r.EntityF1},
		{"type_accuracy", r.TypeAccuracy}, {"relation_precision", r.RelationPrecision},
		{"relation_recall", r.RelationRecall}, {"relation_f1", r.RelationF1},
	} {
		fmt.Fprintf(w, "%s: %.3f\n", kv.k, kv.v)
	}
	var preds []string
	for p := range r.RecallByPredicate {
		preds = append(preds, p)
	}
	sort.Strings(preds)
	fmt.Fprintln(w, "relation_recall_by_predicate:")
	for _, p := range preds {
		c := r.RecallByPredicate[p]
		fmt.Fprintf(w, "  %-13s %d/%d\n", p, c[0], c[1])
	}
	if *misses {
		for _, l := range []struct {
			name  string
			items []string
		}{
			{"missed_entities", r.MissedEntities}, {"missed_relations", r.MissedRelations},
			{"extra_nodes", r.ExtraNodes}, {"wrong_edges", r.WrongEdges}, {"wrong_types", r.WrongTypes},
		} {
			fmt.Fprintf(w, "%s (%d):\n", l.name, len(l.items))
			if len(l.items) > 0 {
				fmt.Fprintf(w, "  %s\n", strings.Join(l.items, "\n  "))
			}
		}
	}
	fmt.Fprintf(w, "entity F1 %.3f, relation F1 %.3f\n", r.EntityF1, r.RelationF1)
	return nil
}
