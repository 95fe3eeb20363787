package export

import (
	"context"
	"io"

	"github.com/seckg/seckg"
)

// GraphML layout. Every key is declared before the graph, so the key set
// is fixed: the entity fields, the known attributes and "attributes" for
// the rest. Node ids are the entity ids, encoded as xs:NMTOKEN by nmtoken
// where needed; edge ids are e0, e1, ... in output order.
const graphMLHeader = `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
<key id="n_label" for="node" attr.name="label" attr.type="string"/>
<key id="n_label_en" for="node" attr.name="label_en" attr.type="string"/>
<key id="n_type" for="node" attr.name="type" attr.type="string"/>
<key id="n_aliases" for="node" attr.name="aliases" attr.type="string"/>
<key id="n_docs" for="node" attr.name="docs" attr.type="string"/>
<key id="n_date" for="node" attr.name="date" attr.type="string"/>
<key id="n_place" for="node" attr.name="place" attr.type="string"/>
<key id="n_number" for="node" attr.name="number" attr.type="string"/>
<key id="n_series" for="node" attr.name="series" attr.type="string"/>
<key id="n_location" for="node" attr.name="location" attr.type="string"/>
<key id="n_attributes" for="node" attr.name="attributes" attr.type="string"/>
<key id="e_predicate" for="edge" attr.name="predicate" attr.type="string"/>
<key id="e_label" for="edge" attr.name="label" attr.type="string"/>
<key id="e_docs" for="edge" attr.name="docs" attr.type="string"/>
<key id="e_evidence" for="edge" attr.name="evidence" attr.type="string"/>
<key id="e_offset" for="edge" attr.name="offset" attr.type="int"/>
<key id="e_weight" for="edge" attr.name="weight" attr.type="int"/>
<graph id="seckg" edgedefault="directed">
`

// graphMLAttrKeys are the key ids of knownAttrs, in the same order.
var graphMLAttrKeys = []string{"n_date", "n_place", "n_number", "n_series", "n_location"}

const graphMLFooter = "</graph>\n</graphml>\n"

func writeGraphML(ctx context.Context, w io.Writer, src Source, f seckg.Filter) error {
	o := newOut(ctx, w)
	o.WriteString(graphMLHeader)
	seen := make(nodeSet)
	err := eachNode(o, src, f, seen, noStart, func(e seckg.Entity) error {
		graphMLNode(o, e)
		return nil
	})
	if err != nil {
		return err
	}
	n := 0
	err = eachEdge(o, src, f, seen, func(r seckg.Relation, altered bool) error {
		graphMLEdge(o, r, n)
		n++
		return nil
	})
	if err != nil {
		return err
	}
	o.WriteString(graphMLFooter)
	return o.Flush()
}

func graphMLData(o *out, key, value string) {
	if value == "" {
		return
	}
	o.WriteString(`<data key="`)
	o.WriteString(key)
	o.WriteString(`">`)
	writeXML(o.Writer, value, false, false)
	o.WriteString("</data>")
}

func graphMLNode(o *out, e seckg.Entity) {
	o.WriteString(`<node id="`)
	writeXML(o.Writer, nmtoken(string(e.ID)), true, false)
	o.WriteString(`">`)
	graphMLData(o, "n_label", label(e))
	graphMLData(o, "n_label_en", e.NameEN)
	graphMLData(o, "n_type", string(e.Type))
	if len(e.Aliases) > 0 {
		o.WriteString(`<data key="n_aliases">`)
		for i, a := range e.Aliases {
			if i > 0 {
				o.WriteByte('|')
			}
			writeXML(o.Writer, a, false, true)
		}
		o.WriteString("</data>")
	}
	if len(e.Docs) > 0 {
		o.WriteString(`<data key="n_docs">`)
		for i, d := range e.Docs {
			if i > 0 {
				o.WriteByte('|')
			}
			writeXML(o.Writer, string(d), false, true)
		}
		o.WriteString("</data>")
	}
	for i, k := range knownAttrs {
		graphMLData(o, graphMLAttrKeys[i], e.Attrs[k])
	}
	if rest := otherAttrs(e.Attrs); rest != nil {
		o.WriteString(`<data key="n_attributes">`)
		writePairs(o, e.Attrs, rest, func(s string) { writeXML(o.Writer, s, false, true) })
		o.WriteString("</data>")
	}
	o.WriteString("</node>\n")
}

// writePairs writes k=v|k=v for keys, each key and value through esc.
func writePairs(o *out, attrs map[string]string, keys []string, esc func(string)) {
	for i, k := range keys {
		if i > 0 {
			o.WriteByte('|')
		}
		esc(k)
		o.WriteByte('=')
		esc(attrs[k])
	}
}

func graphMLEdge(o *out, r seckg.Relation, n int) {
	o.WriteString(`<edge id="e`)
	writeInt(o.Writer, n)
	o.WriteString(`" source="`)
	writeXML(o.Writer, nmtoken(string(r.Head)), true, false)
	o.WriteString(`" target="`)
	writeXML(o.Writer, nmtoken(string(r.Tail)), true, false)
	o.WriteString(`">`)
	graphMLData(o, "e_predicate", string(r.Predicate))
	graphMLData(o, "e_label", string(r.Predicate))
	first := true
	edgeDocs(r.Evidence, func(d seckg.DocID) {
		if first {
			o.WriteString(`<data key="e_docs">`)
			first = false
		} else {
			o.WriteByte('|')
		}
		writeXML(o.Writer, string(d), false, true)
	})
	if !first {
		o.WriteString("</data>")
	}
	if s, off, ok := firstEvidence(r); ok {
		graphMLData(o, "e_evidence", s)
		o.WriteString(`<data key="e_offset">`)
		writeInt(o.Writer, off)
		o.WriteString("</data>")
	}
	o.WriteString(`<data key="e_weight">`)
	writeInt(o.Writer, weight(r))
	o.WriteString("</data></edge>\n")
}
