package eval

import (
	"testing"

	"github.com/seckg/seckg"
)

func TestScore(t *testing.T) {
	golds, err := LoadGold("testdata/gold.json")
	if err != nil {
		t.Fatal(err)
	}
	sco := seckg.Entity{ID: "sco", Type: seckg.Organization, Name: "上海合作组织"}
	five := seckg.Entity{ID: "five", Type: seckg.Organization, Name: "上海 五国"}
	cn := seckg.Entity{ID: "cn", Type: seckg.Place, Name: "中华人民共和国"}
	junk := seckg.Entity{ID: "junk", Type: seckg.Concept, Name: "某概念"}
	dup := seckg.Entity{ID: "dup", Type: seckg.Organization, Name: "x", Aliases: []string{"《上合组织》"}}
	for _, tt := range []struct {
		name        string
		nodes       []seckg.Entity
		edges       []seckg.Relation
		ep, er, tac float64
		rp, rr      float64
	}{
		{"empty", nil, nil, 0, 0, 0, 0, 0},
		{"exact", []seckg.Entity{sco, five}, []seckg.Relation{{Head: "five", Predicate: seckg.EvolvedInto, Tail: "sco"}}, 1, 0.5, 1, 1, 0.5},
		{"junk and duplicate count against precision", []seckg.Entity{sco, junk, dup}, nil, 1.0 / 3, 0.25, 1, 0, 0},
		{"wrong type, wrong edge", []seckg.Entity{sco, cn}, []seckg.Relation{{Head: "sco", Predicate: seckg.PartOf, Tail: "cn"}, {Head: "sco", Predicate: seckg.ProposedBy, Tail: "cn"}}, 1, 0.5, 0.5, 0.5, 0.5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := Score(tt.nodes, tt.edges, golds)
			for _, c := range []struct {
				what      string
				got, want float64
			}{
				{"entity precision", r.EntityPrecision, tt.ep}, {"entity recall", r.EntityRecall, tt.er},
				{"type accuracy", r.TypeAccuracy, tt.tac}, {"relation precision", r.RelationPrecision, tt.rp},
				{"relation recall", r.RelationRecall, tt.rr},
			} {
				if Round3(c.got) != Round3(c.want) {
					t.Errorf("%s = %.3f, want %.3f", c.what, c.got, c.want)
				}
			}
		})
	}
}

func TestLoadGoldErrorNamesFile(t *testing.T) {
	_, err := LoadGold("testdata/missing.json")
	if err == nil {
		t.Fatal("LoadGold(missing) = nil error")
	}
}
