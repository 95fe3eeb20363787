package api

import (
	"github.com/seckg/seckg"
)

// cyGraph is a graph in Cytoscape.js elements format.
type cyGraph struct {
	Elements cyElements `json:"elements"`
}

type cyElements struct {
	Nodes []cyElement `json:"nodes"`
	Edges []cyElement `json:"edges"`
}

type cyElement struct {
	Data map[string]any `json:"data"`
}

// cytoscape converts g. Node data: id, label (canonical name), type,
// label_en, aliases, docs and the entity's attributes (never overriding
// those keys). Edge data: id (Relation.Key), source, target, predicate,
// weight (number of supporting sentences), docs and evidence (the first
// supporting sentence).
func cytoscape(g seckg.Subgraph) cyGraph {
	out := cyGraph{cyElements{Nodes: make([]cyElement, 0, len(g.Nodes)), Edges: make([]cyElement, 0, len(g.Edges))}}
	for _, e := range g.Nodes {
		d := make(map[string]any, 6+len(e.Attrs))
		for k, v := range e.Attrs {
			d[k] = v
		}
		d["id"] = string(e.ID)
		d["label"] = e.Name
		d["type"] = string(e.Type)
		if e.NameEN != "" {
			d["label_en"] = e.NameEN
		}
		if len(e.Aliases) > 0 {
			d["aliases"] = e.Aliases
		}
		if len(e.Docs) > 0 {
			d["docs"] = e.Docs
		}
		out.Elements.Nodes = append(out.Elements.Nodes, cyElement{d})
	}
	for _, r := range g.Edges {
		d := map[string]any{
			"id":        r.Key(),
			"source":    string(r.Head),
			"target":    string(r.Tail),
			"predicate": string(r.Predicate),
			"weight":    len(r.Evidence),
		}
		var docs []seckg.DocID
		seen := map[seckg.DocID]bool{}
		for _, ev := range r.Evidence {
			if !seen[ev.Doc] {
				seen[ev.Doc] = true
				docs = append(docs, ev.Doc)
			}
		}
		if len(docs) > 0 {
			d["docs"] = docs
		}
		if len(r.Evidence) > 0 {
			d["evidence"] = r.Evidence[0].Sentence
		}
		out.Elements.Edges = append(out.Elements.Edges, cyElement{d})
	}
	return out
}
