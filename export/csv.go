package export

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/seckg/seckg"
)

// CSV layout: a zip holding nodes.csv and edges.csv with the headers of
// neo4j-admin's bulk import (neo4j-admin database import full
// --nodes=nodes.csv --relationships=edges.csv). Arrays (string[] columns)
// are joined with ';', neo4j-admin's default --array-delimiter, so no
// option is needed; a ';' inside an item becomes '；' (U+FF1B). Line breaks
// inside values become spaces, so --multiline-fields is not needed either.
// The relationship :TYPE is the predicate in Neo4j's convention
// (proposed-by → PROPOSED_BY); the predicate column keeps its spelling.
var (
	csvNodeHeader = []string{"id:ID", "label", "label_en", "type", "aliases:string[]", "date", ":LABEL",
		"docs:string[]", "place", "number", "series", "location", "attributes"}
	csvEdgeHeader = []string{":START_ID", ":END_ID", ":TYPE", "docs:string[]", "evidence", "weight:int",
		"predicate", "offset:int"}
)

// csvField returns s cleaned for a CSV cell: no line breaks, nothing that
// clean drops.
func csvField(s string) string {
	s = clean(s)
	if strings.ContainsAny(s, "\r\n") {
		s = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
	}
	return s
}

// csvArray joins items with ';' for a string[] column.
func csvArray[S ~string](items []S) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return strings.ReplaceAll(csvField(string(items[0])), ";", fullSemicolon)
	}
	var b strings.Builder
	for i, s := range items {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(strings.ReplaceAll(csvField(string(s)), ";", fullSemicolon))
	}
	return b.String()
}

// relType is the Neo4j relationship type of p: upper case, '-' → '_'.
func relType(p seckg.Predicate) string {
	if p == "" {
		return "RELATED"
	}
	return strings.ToUpper(strings.ReplaceAll(csvField(string(p)), "-", "_"))
}

func writeCSV(ctx context.Context, w io.Writer, src Source, f seckg.Filter) error {
	o := newOut(ctx, w)
	z := zip.NewWriter(o)
	nw, err := z.Create("nodes.csv")
	if err != nil {
		return err
	}
	c := csv.NewWriter(nw)
	if err := c.Write(csvNodeHeader); err != nil {
		return err
	}
	row := make([]string, len(csvNodeHeader))
	seen := make(nodeSet)
	err = eachNode(o, src, f, seen, noStart, func(e seckg.Entity) error {
		row[0] = csvField(string(e.ID))
		row[1] = csvField(label(e))
		row[2] = csvField(e.NameEN)
		row[3] = csvField(string(e.Type))
		row[4] = csvArray(e.Aliases)
		row[5] = csvField(e.Attrs[seckg.AttrDate])
		row[6] = csvField(string(e.Type))
		row[7] = csvArray(e.Docs)
		row[8] = csvField(e.Attrs[seckg.AttrPlace])
		row[9] = csvField(e.Attrs[seckg.AttrNumber])
		row[10] = csvField(e.Attrs[seckg.AttrSeries])
		row[11] = csvField(e.Attrs[seckg.AttrLocation])
		row[12] = ""
		if rest := otherAttrs(e.Attrs); rest != nil {
			var b strings.Builder
			for i, k := range rest {
				if i > 0 {
					b.WriteByte('|')
				}
				b.WriteString(strings.ReplaceAll(csvField(k), "|", fullPipe))
				b.WriteByte('=')
				b.WriteString(strings.ReplaceAll(csvField(e.Attrs[k]), "|", fullPipe))
			}
			row[12] = b.String()
		}
		return c.Write(row)
	})
	if err != nil {
		return err
	}
	c.Flush()
	if err := c.Error(); err != nil {
		return err
	}
	ew, err := z.Create("edges.csv")
	if err != nil {
		return err
	}
	c = csv.NewWriter(ew)
	if err := c.Write(csvEdgeHeader); err != nil {
		return err
	}
	row = make([]string, len(csvEdgeHeader))
	var docs []seckg.DocID
	err = eachEdge(o, src, f, seen, func(r seckg.Relation, altered bool) error {
		docs = docs[:0]
		edgeDocs(r.Evidence, func(d seckg.DocID) { docs = append(docs, d) })
		sentence, off, ok := firstEvidence(r)
		row[0] = csvField(string(r.Head))
		row[1] = csvField(string(r.Tail))
		row[2] = relType(r.Predicate)
		row[3] = csvArray(docs)
		row[4] = csvField(sentence)
		row[5] = strconv.Itoa(weight(r))
		row[6] = csvField(string(r.Predicate))
		row[7] = ""
		if ok {
			row[7] = strconv.Itoa(off)
		}
		return c.Write(row)
	})
	if err != nil {
		return err
	}
	c.Flush()
	if err := c.Error(); err != nil {
		return err
	}
	if err := z.Close(); err != nil {
		return err
	}
	return o.Flush()
}
