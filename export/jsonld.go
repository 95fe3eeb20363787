package export

import (
	"context"
	"io"
	"strings"

	"github.com/seckg/seckg"
)

// JSON-LD layout: one document {"@context": Context, "@graph": [...]} in
// which each entity is a node object ("@id" "ent:<id>", "@type" its node
// type) and each relation gives two objects: the plain triple
// {"@id": head, "<predicate>": {"@id": tail}} and its reification, an
// rdf:Statement with rdf:subject, rdf:predicate, rdf:object, "weight" and
// "evidence" (seckg:Evidence objects with doc, sentence and offset).
// Entity-valued attributes (place, series, location) are IRIs; date is an
// xsd:gYear, xsd:gYearMonth or xsd:date by its precision. Other attributes
// with a plain name become terms of Vocab; the rest are joined into
// "attributes" as k=v|k=v.

// Context returns the JSON-LD @context of the export, as JSON. It maps
// every node type of seckg.NodeTypes and every predicate of
// seckg.Predicates to Vocab plus its name as spelled in ONTOLOGY.md.
func Context() string { return jsonLDContext }

var jsonLDContext = buildContext()

func buildContext() string {
	var b strings.Builder
	b.WriteString(`{"@vocab":"` + Vocab + `","seckg":"` + Vocab + `",` +
		`"ent":"` + EntityBase + `","doc":"` + DocBase + `",` +
		`"rdf":"http://www.w3.org/1999/02/22-rdf-syntax-ns#","rdfs":"http://www.w3.org/2000/01/rdf-schema#",` +
		`"skos":"http://www.w3.org/2004/02/skos/core#","xsd":"http://www.w3.org/2001/XMLSchema#",` +
		`"label":{"@id":"rdfs:label"},"label_en":{"@id":"rdfs:label","@language":"en"},` +
		`"aliases":{"@id":"skos:altLabel","@container":"@set"},` +
		`"docs":{"@id":"seckg:mentionedIn","@type":"@id","@container":"@set"},` +
		`"date":{"@id":"seckg:date"},"place":{"@id":"seckg:place","@type":"@id"},` +
		`"series":{"@id":"seckg:series","@type":"@id"},"location":{"@id":"seckg:location","@type":"@id"},` +
		`"number":{"@id":"seckg:number"},"attributes":{"@id":"seckg:attributes"},` +
		`"Statement":"rdf:Statement","subject":{"@id":"rdf:subject","@type":"@id"},` +
		`"predicate":{"@id":"rdf:predicate","@type":"@vocab"},"object":{"@id":"rdf:object","@type":"@id"},` +
		`"weight":{"@id":"seckg:weight","@type":"xsd:integer"},"evidence":{"@id":"seckg:evidence","@container":"@set"},` +
		`"Evidence":"seckg:Evidence","sentence":{"@id":"seckg:sentence"},` +
		`"offset":{"@id":"seckg:offset","@type":"xsd:integer"},"doc_ref":{"@id":"seckg:doc","@type":"@id"}`)
	for _, t := range seckg.NodeTypes {
		b.WriteString(`,"` + string(t) + `":"seckg:` + string(t) + `"`)
	}
	for _, p := range seckg.Predicates {
		b.WriteString(`,"` + string(p) + `":{"@id":"seckg:` + string(p) + `","@type":"@id"}`)
	}
	b.WriteString("}")
	return b.String()
}

// jsonLDTerms are the context's terms, which an attribute key may not take.
var jsonLDTerms = map[string]bool{
	"label": true, "label_en": true, "aliases": true, "docs": true, "date": true, "place": true,
	"series": true, "location": true, "number": true, "attributes": true, "subject": true,
	"predicate": true, "object": true, "weight": true, "evidence": true, "sentence": true,
	"offset": true, "doc_ref": true, "seckg": true, "ent": true, "doc": true, "rdf": true,
	"rdfs": true, "skos": true, "xsd": true, "Statement": true, "Evidence": true,
}

func init() {
	for _, t := range seckg.NodeTypes {
		jsonLDTerms[string(t)] = true
	}
	for _, p := range seckg.Predicates {
		jsonLDTerms[string(p)] = true
	}
}

// plainTerm reports whether an attribute key can be a JSON-LD term of its
// own: ASCII letters, digits, '_' and '-', starting with a letter, and not
// a term of the context.
func plainTerm(k string) bool {
	if k == "" || jsonLDTerms[k] || !(k[0] >= 'a' && k[0] <= 'z' || k[0] >= 'A' && k[0] <= 'Z') {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// iriSegment percent-encodes the characters of s that may not stand in
// one IRI path segment ('/' included), after dropping what clean drops.
func iriSegment(s string) string {
	s = clean(s)
	const hex = "0123456789ABCDEF"
	need := false
	for i := 0; i < len(s); i++ {
		if iriEscape(s[i]) {
			need = true
			break
		}
	}
	if !need {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if iriEscape(c) {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func iriEscape(c byte) bool {
	if c <= 0x20 || c == 0x7f {
		return true
	}
	return strings.IndexByte(`"#%/<>?[\]^`+"`{|}", c) >= 0
}

func entIRI(id string) string { return "ent:" + iriSegment(id) }
func docIRI(id string) string { return "doc:" + iriSegment(id) }

// dateType is the XSD type of an ISO 8601 date by its precision, or "".
func dateType(s string) string {
	if normDate(s) == "" {
		return ""
	}
	switch len(s) {
	case 4:
		return "xsd:gYear"
	case 7:
		return "xsd:gYearMonth"
	case 10:
		return "xsd:date"
	}
	return ""
}

func writeJSONLD(ctx context.Context, w io.Writer, src Source, f seckg.Filter) error {
	o := newOut(ctx, w)
	o.WriteString(`{"@context":`)
	o.WriteString(jsonLDContext)
	o.WriteString(",\n\"@graph\":[")
	seen := make(nodeSet)
	wrote, err := eachNodeJSON(o, src, f, seen, jsonLDNode)
	if err != nil {
		return err
	}
	first := !wrote
	err = eachEdge(o, src, f, seen, func(r seckg.Relation, altered bool) error {
		if !first {
			o.WriteByte(',')
		}
		first = false
		jsonLDEdge(o, r)
		return nil
	})
	if err != nil {
		return err
	}
	o.WriteString("\n]}\n")
	return o.Flush()
}

func jsonLDNode(o *out, e seckg.Entity) {
	o.WriteString("\n{\"@id\":")
	writeJSON(o.Writer, entIRI(string(e.ID)))
	if t := clean(string(e.Type)); t != "" {
		o.WriteString(`,"@type":`)
		writeJSON(o.Writer, typeTerm(seckg.NodeType(t)))
	}
	jsonField(o, "label", label(e))
	jsonField(o, "label_en", e.NameEN)
	jsonList(o, "aliases", e.Aliases)
	if len(e.Docs) > 0 {
		o.WriteString(`,"docs":[`)
		for i, d := range e.Docs {
			if i > 0 {
				o.WriteByte(',')
			}
			writeJSON(o.Writer, docIRI(string(d)))
		}
		o.WriteByte(']')
	}
	if d := e.Attrs[seckg.AttrDate]; d != "" {
		if t := dateType(d); t != "" {
			o.WriteString(`,"date":{"@value":`)
			writeJSON(o.Writer, d)
			o.WriteString(`,"@type":"` + t + `"}`)
		} else {
			jsonField(o, "date", d)
		}
	}
	for _, k := range []string{seckg.AttrPlace, seckg.AttrSeries, seckg.AttrLocation} {
		if v := e.Attrs[k]; v != "" {
			jsonField(o, k, entIRI(v))
		}
	}
	jsonField(o, "number", e.Attrs[seckg.AttrNumber])
	var rest []string
	for _, k := range otherAttrs(e.Attrs) {
		if plainTerm(k) {
			jsonField(o, k, e.Attrs[k])
		} else {
			rest = append(rest, k)
		}
	}
	if rest != nil {
		o.WriteString(`,"attributes":`)
		var b strings.Builder
		for i, k := range rest {
			if i > 0 {
				b.WriteByte('|')
			}
			b.WriteString(strings.ReplaceAll(k, "|", fullPipe))
			b.WriteByte('=')
			b.WriteString(strings.ReplaceAll(e.Attrs[k], "|", fullPipe))
		}
		writeJSON(o.Writer, b.String())
	}
	o.WriteByte('}')
}

func jsonLDEdge(o *out, r seckg.Relation) {
	head, tail := entIRI(string(r.Head)), entIRI(string(r.Tail))
	o.WriteString("\n{\"@id\":")
	writeJSON(o.Writer, head)
	o.WriteByte(',')
	writeJSON(o.Writer, predicateTerm(r.Predicate))
	o.WriteString(`:{"@id":`)
	writeJSON(o.Writer, tail)
	o.WriteString("}},\n{\"@type\":\"Statement\",\"subject\":")
	writeJSON(o.Writer, head)
	o.WriteString(`,"predicate":`)
	writeJSON(o.Writer, predicateTerm(r.Predicate))
	o.WriteString(`,"object":`)
	writeJSON(o.Writer, tail)
	o.WriteString(`,"weight":`)
	writeInt(o.Writer, weight(r))
	if len(r.Evidence) > 0 {
		o.WriteString(`,"evidence":[`)
		for i, ev := range r.Evidence {
			if i > 0 {
				o.WriteByte(',')
			}
			o.WriteString(`{"@type":"Evidence","doc_ref":`)
			writeJSON(o.Writer, docIRI(string(ev.Doc)))
			o.WriteString(`,"sentence":`)
			writeJSON(o.Writer, ev.Sentence)
			o.WriteString(`,"offset":`)
			writeInt(o.Writer, ev.Offset)
			o.WriteByte('}')
		}
		o.WriteByte(']')
	}
	o.WriteByte('}')
}

// typeTerm is the context term of t: t itself if it is one of
// seckg.NodeTypes, else the full IRI Vocab+t, percent-encoded.
func typeTerm(t seckg.NodeType) string {
	if t.Valid() {
		return string(t)
	}
	return Vocab + iriSegment(string(t))
}

// predicateTerm is the context term of p: p itself if it is one of
// seckg.Predicates, else the full IRI Vocab+p, percent-encoded.
func predicateTerm(p seckg.Predicate) string {
	if p.Valid() {
		return string(p)
	}
	if p == "" {
		return Vocab + "related"
	}
	return Vocab + iriSegment(string(p))
}
