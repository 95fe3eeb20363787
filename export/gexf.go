package export

import (
	"context"
	"io"

	"github.com/seckg/seckg"
)

// GEXF layout: the 1.2draft namespace, which both Gephi and networkx's
// read_gexf (2.8 and 3.x, whose default version is "1.2draft") read. The
// graph is dynamic with timeformat "date": a node with a date attribute (an
// Event's day, a Document's adoption, an Organization's founding) starts on
// the first day of that date, "2014" → 2014-01-01, and never ends, so the
// graph accumulates in Gephi's timeline; an edge starts at the later of its
// ends' starts. Undated nodes and edges between them exist throughout.
const gexfHeader = `<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">
<meta><creator>seckg</creator><description>Knowledge graph of Asian security institutions and concepts</description></meta>
<graph mode="dynamic" defaultedgetype="directed" timeformat="date">
<attributes class="node" mode="static">
<attribute id="n_label_en" title="label_en" type="string"/>
<attribute id="n_type" title="type" type="string"/>
<attribute id="n_aliases" title="aliases" type="string"/>
<attribute id="n_docs" title="docs" type="string"/>
<attribute id="n_date" title="date" type="string"/>
<attribute id="n_place" title="place" type="string"/>
<attribute id="n_number" title="number" type="string"/>
<attribute id="n_series" title="series" type="string"/>
<attribute id="n_location" title="location" type="string"/>
<attribute id="n_attributes" title="attributes" type="string"/>
</attributes>
<attributes class="edge" mode="static">
<attribute id="e_predicate" title="predicate" type="string"/>
<attribute id="e_docs" title="docs" type="string"/>
<attribute id="e_evidence" title="evidence" type="string"/>
<attribute id="e_offset" title="offset" type="integer"/>
</attributes>
<nodes>
`

func gexfStart(e seckg.Entity) string { return normDate(e.Attrs[seckg.AttrDate]) }

func writeGEXF(ctx context.Context, w io.Writer, src Source, f seckg.Filter) error {
	o := newOut(ctx, w)
	o.WriteString(gexfHeader)
	seen := make(nodeSet)
	err := eachNode(o, src, f, seen, gexfStart, func(e seckg.Entity) error {
		gexfNode(o, e, seen[e.ID])
		return nil
	})
	if err != nil {
		return err
	}
	o.WriteString("</nodes>\n<edges>\n")
	n := 0
	err = eachEdge(o, src, f, seen, func(r seckg.Relation, altered bool) error {
		gexfEdge(o, r, n, max(seen[r.Head], seen[r.Tail]))
		n++
		return nil
	})
	if err != nil {
		return err
	}
	o.WriteString("</edges>\n</graph>\n</gexf>\n")
	return o.Flush()
}

// gexfAtts writes an element's attvalues, opening the attvalues element
// at the first value: the schema wants at least one attvalue inside it.
type gexfAtts struct {
	o    *out
	open bool
}

// begin starts an attvalue for id; its value follows, then `"/>`.
func (a *gexfAtts) begin(id string) {
	if !a.open {
		a.o.WriteString(`"><attvalues>`)
		a.open = true
	}
	a.o.WriteString(`<attvalue for="`)
	a.o.WriteString(id)
	a.o.WriteString(`" value="`)
}

func (a *gexfAtts) value(id, value string) {
	if value == "" {
		return
	}
	a.begin(id)
	writeXML(a.o.Writer, value, true, false)
	a.o.WriteString(`"/>`)
}

func (a *gexfAtts) list(id string, items []string) {
	if len(items) == 0 {
		return
	}
	a.begin(id)
	for i, s := range items {
		if i > 0 {
			a.o.WriteByte('|')
		}
		writeXML(a.o.Writer, s, true, true)
	}
	a.o.WriteString(`"/>`)
}

// end closes the element named tag.
func (a *gexfAtts) end(tag string) {
	if a.open {
		a.o.WriteString("</attvalues></")
		a.o.WriteString(tag)
		a.o.WriteString(">\n")
		return
	}
	a.o.WriteString("\"/>\n")
}

func gexfNode(o *out, e seckg.Entity, start string) {
	o.WriteString(`<node id="`)
	writeXML(o.Writer, string(e.ID), true, false)
	o.WriteString(`" label="`)
	writeXML(o.Writer, label(e), true, false)
	if start != "" {
		o.WriteString(`" start="`)
		o.WriteString(start)
	}
	a := gexfAtts{o: o}
	a.value("n_label_en", e.NameEN)
	a.value("n_type", string(e.Type))
	a.list("n_aliases", e.Aliases)
	if len(e.Docs) > 0 {
		a.begin("n_docs")
		for i, d := range e.Docs {
			if i > 0 {
				o.WriteByte('|')
			}
			writeXML(o.Writer, string(d), true, true)
		}
		o.WriteString(`"/>`)
	}
	for i, k := range knownAttrs {
		a.value(graphMLAttrKeys[i], e.Attrs[k])
	}
	if rest := otherAttrs(e.Attrs); rest != nil {
		a.begin("n_attributes")
		writePairs(o, e.Attrs, rest, func(s string) { writeXML(o.Writer, s, true, true) })
		o.WriteString(`"/>`)
	}
	a.end("node")
}

func gexfEdge(o *out, r seckg.Relation, n int, start string) {
	o.WriteString(`<edge id="`)
	writeInt(o.Writer, n)
	o.WriteString(`" source="`)
	writeXML(o.Writer, string(r.Head), true, false)
	o.WriteString(`" target="`)
	writeXML(o.Writer, string(r.Tail), true, false)
	o.WriteString(`" label="`)
	writeXML(o.Writer, string(r.Predicate), true, false)
	o.WriteString(`" weight="`)
	writeInt(o.Writer, weight(r))
	if start != "" {
		o.WriteString(`" start="`)
		o.WriteString(start)
	}
	a := gexfAtts{o: o}
	a.value("e_predicate", string(r.Predicate))
	first := true
	edgeDocs(r.Evidence, func(d seckg.DocID) {
		if first {
			a.begin("e_docs")
			first = false
		} else {
			o.WriteByte('|')
		}
		writeXML(o.Writer, string(d), true, true)
	})
	if !first {
		o.WriteString(`"/>`)
	}
	if s, off, ok := firstEvidence(r); ok {
		a.value("e_evidence", s)
		a.begin("e_offset")
		writeInt(o.Writer, off)
		o.WriteString(`"/>`)
	}
	a.end("edge")
}
