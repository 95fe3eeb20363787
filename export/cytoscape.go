package export

import (
	"context"
	"io"
	"slices"
	"sort"
	"strconv"

	"github.com/seckg/seckg"
)

// Cytoscape.js elements JSON:
//
//	{"elements":{"nodes":[{"data":{"id","label","label_en","type","aliases":[...],"docs":[...],"date",...}}],
//	             "edges":[{"data":{"id","source","target","predicate","label","docs":[...],"evidence","offset","weight"}}]}}
//
// Node data holds every attribute under its own key; an attribute whose key
// is one of cytoscapeReserved is written as "attr_"+key. An edge's id is
// Relation.Key(), stable across calls, so a client can merge fragments;
// a relation whose ends or predicate lost characters to clean (whose key
// might then repeat) gets "e" and a sequence number, which no key equals.
// Empty strings and lists are left out, except id, label and type.
var cytoscapeReserved = []string{"id", "label", "label_en", "type", "aliases", "docs", "parent", "source", "target"}

func writeCytoscape(ctx context.Context, w io.Writer, src Source, f seckg.Filter) error {
	o := newOut(ctx, w)
	o.WriteString(`{"elements":{"nodes":[`)
	seen := make(nodeSet)
	_, err := eachNodeJSON(o, src, f, seen, cytoscapeNode)
	if err != nil {
		return err
	}
	o.WriteString("\n],\"edges\":[")
	first := true
	err = eachEdge(o, src, f, seen, func(r seckg.Relation, altered bool) error {
		if !first {
			o.WriteByte(',')
		}
		first = false
		id := r.Key()
		if altered {
			id = "e" + strconv.Itoa(o.n)
		}
		cytoscapeEdge(o, r, id)
		return nil
	})
	if err != nil {
		return err
	}
	o.WriteString("\n]}}\n")
	return o.Flush()
}

// jsonField writes ,"key":"value" unless value is empty.
func jsonField(o *out, key, value string) {
	if value == "" {
		return
	}
	o.WriteByte(',')
	writeJSON(o.Writer, key)
	o.WriteByte(':')
	writeJSON(o.Writer, value)
}

// jsonList writes ,"key":[...] unless items is empty.
func jsonList[S ~string](o *out, key string, items []S) {
	if len(items) == 0 {
		return
	}
	o.WriteString(`,"`)
	o.WriteString(key)
	o.WriteString(`":[`)
	for i, s := range items {
		if i > 0 {
			o.WriteByte(',')
		}
		writeJSON(o.Writer, string(s))
	}
	o.WriteByte(']')
}

func cytoscapeNode(o *out, e seckg.Entity) {
	o.WriteString("\n{\"data\":{\"id\":")
	writeJSON(o.Writer, string(e.ID))
	o.WriteString(`,"label":`)
	writeJSON(o.Writer, label(e))
	o.WriteString(`,"type":`)
	writeJSON(o.Writer, string(e.Type))
	jsonField(o, "label_en", e.NameEN)
	jsonList(o, "aliases", e.Aliases)
	jsonList(o, "docs", e.Docs)
	if len(e.Attrs) > 0 {
		keys := make([]string, 0, len(e.Attrs))
		for k := range e.Attrs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			name := k
			if slices.Contains(cytoscapeReserved, k) {
				name = "attr_" + k
			}
			jsonField(o, name, e.Attrs[k])
		}
	}
	o.WriteString("}}")
}

func cytoscapeEdge(o *out, r seckg.Relation, id string) {
	o.WriteString("\n{\"data\":{\"id\":")
	writeJSON(o.Writer, id)
	o.WriteString(`,"source":`)
	writeJSON(o.Writer, string(r.Head))
	o.WriteString(`,"target":`)
	writeJSON(o.Writer, string(r.Tail))
	o.WriteString(`,"predicate":`)
	writeJSON(o.Writer, string(r.Predicate))
	o.WriteString(`,"label":`)
	writeJSON(o.Writer, string(r.Predicate))
	first := true
	edgeDocs(r.Evidence, func(d seckg.DocID) {
		if first {
			o.WriteString(`,"docs":[`)
			first = false
		} else {
			o.WriteByte(',')
		}
		writeJSON(o.Writer, string(d))
	})
	if !first {
		o.WriteByte(']')
	}
	if s, off, ok := firstEvidence(r); ok {
		jsonField(o, "evidence", s)
		o.WriteString(`,"offset":`)
		writeInt(o.Writer, off)
	}
	o.WriteString(`,"weight":`)
	writeInt(o.Writer, weight(r))
	o.WriteString("}}")
}
