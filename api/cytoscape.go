package api

import (
	"slices"

	"github.com/seckg/seckg"
)

// cytoscapeReserved are the node data keys an attribute may not take; such
// an attribute is given as "attr_"+key (as package export does).
var cytoscapeReserved = []string{"id", "label", "label_en", "type", "aliases", "docs", "parent", "source", "target"}

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

// cytoscape converts g the way export.WriteSubgraph does, for servers
// without a SubgraphWriter. Node data: id, label (canonical name, else the
// id), type, label_en, aliases, docs and the entity's attributes (a
// reserved key as "attr_"+key). Edge data: id (Relation.Key), source,
// target, predicate, label (the predicate), weight (number of supporting
// sentences), docs, and evidence and offset of the first supporting
// sentence.
func cytoscape(g seckg.Subgraph) cyGraph {
	out := cyGraph{cyElements{Nodes: make([]cyElement, 0, len(g.Nodes)), Edges: make([]cyElement, 0, len(g.Edges))}}
	for _, e := range g.Nodes {
		d := make(map[string]any, 6+len(e.Attrs))
		for k, v := range e.Attrs {
			if slices.Contains(cytoscapeReserved, k) {
				k = "attr_" + k
			}
			if v != "" {
				d[k] = v
			}
		}
		d["id"] = string(e.ID)
		d["label"] = e.Name
		if e.Name == "" {
			d["label"] = string(e.ID)
		}
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
			"label":     string(r.Predicate),
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
			d["offset"] = r.Evidence[0].Offset
		}
		out.Elements.Edges = append(out.Elements.Edges, cyElement{d})
	}
	return out
}
