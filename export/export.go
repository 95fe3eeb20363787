// Package export writes the graph, or a fragment of it, in the formats
// analysts open elsewhere: GraphML (Gephi, yEd, networkx, igraph), GEXF
// (Gephi, networkx), Cytoscape.js JSON, JSON-LD and Neo4j bulk-import CSV.
// The writers stream: they hold the set of emitted node ids, never the
// document, so memory stays flat however many edges the graph has.
//
// What every format shares: text loses invalid UTF-8, control characters
// other than tab, line feed and carriage return, and U+FFFE/U+FFFF (see
// clean), so each export is well-formed XML 1.0 or valid JSON whatever the
// texts hold; an edge's weight is its number of supporting sentences, at
// least 1; its evidence is the first sentence and offset that sentence's
// rune offset; lists are joined with '|' (GraphML, GEXF) or ';' (CSV),
// an item's own separator replaced by its full-width form. The layout of
// each format is described beside its writer (graphml.go, gexf.go,
// cytoscape.go, jsonld.go, csv.go).
package export

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/seckg/seckg"
)

// Source is what the writers read; *graph.Store satisfies it. Each method
// calls fn once per entity or relation that passes the Filter, and stops
// with fn's error. A Source yields each relation (head, predicate, tail)
// once; the writers drop entities whose id they have already written and
// relations whose head or tail they have not written.
type Source interface {
	EachEntity(ctx context.Context, f seckg.Filter, fn func(seckg.Entity) error) error
	EachRelation(ctx context.Context, f seckg.Filter, fn func(seckg.Relation) error) error
}

// Vocab is the base IRI of the seckg vocabulary used by the JSON-LD
// export: node types are Vocab+"Organization" and so on, predicates
// Vocab+"proposed-by" and so on, spelled as in ONTOLOGY.md. Entities are
// EntityBase+id and documents DocBase+id, percent-encoded.
const (
	Vocab      = "https://seckg.example/ns#"
	EntityBase = "https://seckg.example/id/"
	DocBase    = "https://seckg.example/doc/"
)

type writeFunc func(ctx context.Context, w io.Writer, src Source, f seckg.Filter) error

var writers = map[string]writeFunc{
	"graphml":   writeGraphML,
	"gexf":      writeGEXF,
	"cytoscape": writeCytoscape,
	"jsonld":    writeJSONLD,
	"csv":       writeCSV,
}

// Formats returns the names Write accepts, in a fixed order.
func Formats() []string {
	return []string{"graphml", "gexf", "cytoscape", "jsonld", "csv"}
}

// Write writes what src yields for f to w in format: "graphml", "gexf",
// "cytoscape" (Cytoscape.js elements JSON), "jsonld" or "csv" (a zip of
// Neo4j bulk-import nodes.csv and edges.csv). An unknown format gives a
// *seckg.Error of kind seckg.ErrInvalid before anything is written. Write
// stops at ctx's end and at the first error of src or w; what it wrote by
// then is a truncated document.
func Write(ctx context.Context, w io.Writer, format string, src Source, f seckg.Filter) error {
	wf, ok := writers[format]
	if !ok {
		return unknownFormat(format, Formats())
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("export %s: %w", format, err)
	}
	if err := wf(ctx, w, src, f); err != nil {
		return fmt.Errorf("export %s: %w", format, err)
	}
	return nil
}

// WriteSubgraph writes g to w in format, for the API's small fragments.
// It accepts every format of Formats; the API uses "graphml" and
// "cytoscape". Duplicate nodes and edges in g are written once, and edges
// whose ends are not among g.Nodes are left out.
func WriteSubgraph(w io.Writer, format string, g seckg.Subgraph) error {
	wf, ok := writers[format]
	if !ok {
		return unknownFormat(format, Formats())
	}
	if err := wf(context.Background(), w, subgraphSource(g), seckg.Filter{}); err != nil {
		return fmt.Errorf("export subgraph %s: %w", format, err)
	}
	return nil
}

func unknownFormat(format string, known []string) error {
	return seckg.Errorf(seckg.ErrInvalid, fmt.Sprintf("unknown export format %q, want one of %s", format, strings.Join(known, ", ")))
}

// subgraphSource serves a Subgraph as a Source, without duplicate edges.
type subgraphSource seckg.Subgraph

func (s subgraphSource) EachEntity(ctx context.Context, _ seckg.Filter, fn func(seckg.Entity) error) error {
	for _, e := range s.Nodes {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func (s subgraphSource) EachRelation(ctx context.Context, _ seckg.Filter, fn func(seckg.Relation) error) error {
	seen := make(map[string]bool, len(s.Edges))
	for _, r := range s.Edges {
		k := r.Key()
		if seen[k] {
			continue
		}
		seen[k] = true
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// bufSize is the size of the writers' output buffer.
const bufSize = 64 << 10

// checkEvery is how many elements a writer emits between checks of its
// context and of its output's error.
const checkEvery = 1024

// out is a writer's buffered output with the periodic checks.
type out struct {
	*bufio.Writer
	ctx context.Context
	n   int
}

func newOut(ctx context.Context, w io.Writer) *out {
	return &out{Writer: bufio.NewWriterSize(w, bufSize), ctx: ctx}
}

// tick counts one element and, every checkEvery, reports the context's end
// or a failed write so that a dropped client stops the export early.
func (o *out) tick() error {
	o.n++
	if o.n%checkEvery != 0 {
		return nil
	}
	if err := o.ctx.Err(); err != nil {
		return err
	}
	_, err := o.Write(nil) // bufio.Writer reports its sticky error
	return err
}

// nodeSet holds the ids of the nodes written so far, each with the GEXF
// start date of the node ("" if undated or unused).
type nodeSet map[seckg.EntityID]string

// eachNode calls fn for each entity of src whose id, cleaned (see clean),
// is not empty and not yet in seen, adding it to seen with start(e). fn
// gets the entity with its cleaned id, so that ids that differ only in
// characters an export cannot hold give one node.
func eachNode(o *out, src Source, f seckg.Filter, seen nodeSet, start func(seckg.Entity) string, fn func(seckg.Entity) error) error {
	return src.EachEntity(o.ctx, f, func(e seckg.Entity) error {
		e.ID = seckg.EntityID(clean(string(e.ID)))
		if e.ID == "" {
			return nil
		}
		if _, dup := seen[e.ID]; dup {
			return nil
		}
		seen[e.ID] = start(e)
		if err := fn(e); err != nil {
			return err
		}
		return o.tick()
	})
}

// eachNodeJSON writes the filtered entities with write, separated by
// commas, for the JSON formats' node arrays, and reports whether it wrote
// any.
func eachNodeJSON(o *out, src Source, f seckg.Filter, seen nodeSet, write func(*out, seckg.Entity)) (wrote bool, err error) {
	err = eachNode(o, src, f, seen, noStart, func(e seckg.Entity) error {
		if wrote {
			o.WriteByte(',')
		}
		wrote = true
		write(o, e)
		return nil
	})
	return wrote, err
}

// eachEdge calls fn for each relation of src whose ends, cleaned, are both
// in seen. fn gets the relation with cleaned ends and predicate, and
// altered set if cleaning changed any of them (its Key may then repeat).
func eachEdge(o *out, src Source, f seckg.Filter, seen nodeSet, fn func(r seckg.Relation, altered bool) error) error {
	return src.EachRelation(o.ctx, f, func(r seckg.Relation) error {
		h, p, t := clean(string(r.Head)), clean(string(r.Predicate)), clean(string(r.Tail))
		altered := len(h) != len(r.Head) || len(p) != len(r.Predicate) || len(t) != len(r.Tail)
		r.Head, r.Predicate, r.Tail = seckg.EntityID(h), seckg.Predicate(p), seckg.EntityID(t)
		if _, ok := seen[r.Head]; !ok {
			return nil
		}
		if _, ok := seen[r.Tail]; !ok {
			return nil
		}
		if err := fn(r, altered); err != nil {
			return err
		}
		return o.tick()
	})
}

func noStart(seckg.Entity) string { return "" }

// knownAttrs are the attribute keys that get a column (GraphML key, GEXF
// attribute, CSV column) of their own; other attributes are joined into
// one "attributes" value, k=v|k=v in key order.
var knownAttrs = []string{seckg.AttrDate, seckg.AttrPlace, seckg.AttrNumber, seckg.AttrSeries, seckg.AttrLocation}

func isKnownAttr(k string) bool { return slices.Contains(knownAttrs, k) }

// otherAttrs returns the keys of attrs outside knownAttrs, sorted, or nil.
func otherAttrs(attrs map[string]string) []string {
	n := 0
	for _, k := range knownAttrs {
		if _, ok := attrs[k]; ok {
			n++
		}
	}
	if n == len(attrs) {
		return nil
	}
	keys := make([]string, 0, len(attrs)-n)
	for k := range attrs {
		if !isKnownAttr(k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// edgeDocs calls fn with each distinct document of ev, in order of first
// appearance.
func edgeDocs(ev []seckg.Evidence, fn func(seckg.DocID)) {
	if len(ev) > 16 {
		seen := make(map[seckg.DocID]bool)
		for _, e := range ev {
			if !seen[e.Doc] && e.Doc != "" {
				seen[e.Doc] = true
				fn(e.Doc)
			}
		}
		return
	}
	for i, e := range ev {
		dup := false
		for _, p := range ev[:i] {
			if p.Doc == e.Doc {
				dup = true
				break
			}
		}
		if !dup && e.Doc != "" {
			fn(e.Doc)
		}
	}
}

// weight is the number of sentences supporting r, at least 1 (Gephi drops
// edges of weight 0).
func weight(r seckg.Relation) int { return max(1, len(r.Evidence)) }

// firstEvidence returns the first supporting sentence and its offset.
func firstEvidence(r seckg.Relation) (string, int, bool) {
	if len(r.Evidence) == 0 {
		return "", 0, false
	}
	return r.Evidence[0].Sentence, r.Evidence[0].Offset, true
}

// label is the name shown for e: its canonical name, else its id.
func label(e seckg.Entity) string {
	if clean(e.Name) != "" {
		return e.Name
	}
	return string(e.ID)
}
