package export

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// parsed is a graph read back from XML: node id → attribute name → value
// (the GEXF label and start included), and each edge's attributes with
// its id, source, target (and GEXF label, weight, start).
type parsed struct {
	nodes map[string]map[string]string
	edges []map[string]string
}

func attr(se xml.StartElement, name string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == name && (a.Name.Space == "" || name == "schemaLocation") {
			return a.Value, true
		}
	}
	return "", false
}

func isNMToken(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !nameChar(r) {
			return false
		}
	}
	return true
}

// checkChars reports text that XML 1.0 or our clean rules forbid, which
// encoding/xml would let through inside character references.
func checkChars(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("invalid UTF-8 in %q", s)
	}
	for _, r := range s {
		if !allowed(r) {
			return fmt.Errorf("character %U in %q", r, s)
		}
	}
	return nil
}

var graphMLTypes = map[string]bool{"boolean": true, "int": true, "long": true, "float": true, "double": true, "string": true}

// parseGraphML checks b against the GraphML 1.0 structure we promise: the
// namespace and schema location, every key declared (id, for, attr.name,
// attr.type) before the graph, a directed graph, unique NMTOKEN node ids,
// unique edge ids, edges between declared nodes, data only for declared
// keys of the right domain with values of the declared type, weight >= 1.
func parseGraphML(b []byte) (*parsed, error) {
	const ns = "http://graphml.graphdrawing.org/xmlns"
	type key struct{ domain, name, typ string }
	keys := map[string]key{}
	names := map[[2]string]bool{}
	g := &parsed{nodes: map[string]map[string]string{}}
	edgeIDs := map[string]bool{}
	d := xml.NewDecoder(bytes.NewReader(b))
	var (
		stack    []string
		graph    bool
		cur      map[string]string // data of the current node or edge
		curKind  string
		dataKey  string
		dataText strings.Builder
	)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not well-formed: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != ns {
				return nil, fmt.Errorf("element %s outside the GraphML namespace", t.Name.Local)
			}
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			stack = append(stack, t.Name.Local)
			switch t.Name.Local {
			case "graphml":
				if parent != "" {
					return nil, errors.New("nested graphml")
				}
				if loc, _ := attr(t, "schemaLocation"); !strings.HasPrefix(loc, ns+" ") {
					return nil, fmt.Errorf("xsi:schemaLocation = %q", loc)
				}
			case "key":
				if graph {
					return nil, errors.New("key after the graph")
				}
				id, _ := attr(t, "id")
				domain, _ := attr(t, "for")
				name, _ := attr(t, "attr.name")
				typ, _ := attr(t, "attr.type")
				if !isNMToken(id) || !isNMToken(name) || !graphMLTypes[typ] ||
					(domain != "node" && domain != "edge" && domain != "graph" && domain != "all") {
					return nil, fmt.Errorf("bad key %v", t.Attr)
				}
				if _, dup := keys[id]; dup || names[[2]string{domain, name}] {
					return nil, fmt.Errorf("duplicate key %q", id)
				}
				keys[id] = key{domain, name, typ}
				names[[2]string{domain, name}] = true
			case "graph":
				if parent != "graphml" {
					return nil, errors.New("graph not in graphml")
				}
				if id, ok := attr(t, "id"); ok && !isNMToken(id) {
					return nil, fmt.Errorf("graph id %q is not an NMTOKEN", id)
				}
				graph = true
				if e, _ := attr(t, "edgedefault"); e != "directed" {
					return nil, fmt.Errorf("edgedefault = %q", e)
				}
			case "node":
				id, _ := attr(t, "id")
				if !isNMToken(id) {
					return nil, fmt.Errorf("node id %q is not an NMTOKEN", id)
				}
				if _, dup := g.nodes[id]; dup {
					return nil, fmt.Errorf("duplicate node id %q", id)
				}
				cur, curKind = map[string]string{}, "node"
				g.nodes[id] = cur
			case "edge":
				id, _ := attr(t, "id")
				src, _ := attr(t, "source")
				dst, _ := attr(t, "target")
				if !isNMToken(id) || edgeIDs[id] {
					return nil, fmt.Errorf("edge id %q missing, duplicate or not an NMTOKEN", id)
				}
				edgeIDs[id] = true
				cur, curKind = map[string]string{"id": id, "source": src, "target": dst}, "edge"
				g.edges = append(g.edges, cur)
			case "data":
				dataKey, _ = attr(t, "key")
				k, ok := keys[dataKey]
				if !ok || cur == nil || (k.domain != curKind && k.domain != "all") {
					return nil, fmt.Errorf("data for undeclared or misplaced key %q in %s", dataKey, parent)
				}
				dataText.Reset()
			default:
				return nil, fmt.Errorf("unexpected element %s", t.Name.Local)
			}
		case xml.CharData:
			if len(stack) > 0 && stack[len(stack)-1] == "data" {
				dataText.Write(t)
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			switch t.Name.Local {
			case "data":
				k := keys[dataKey]
				v := dataText.String()
				if err := checkChars(v); err != nil {
					return nil, err
				}
				if k.typ == "int" || k.typ == "long" {
					if _, err := strconv.Atoi(v); err != nil {
						return nil, fmt.Errorf("key %s (%s) holds %q", k.name, k.typ, v)
					}
				}
				if _, dup := cur[k.name]; dup {
					return nil, fmt.Errorf("key %s twice", k.name)
				}
				cur[k.name] = v
			case "node", "edge":
				cur = nil
			}
		}
	}
	for _, e := range g.edges {
		if g.nodes[e["source"]] == nil || g.nodes[e["target"]] == nil {
			return nil, fmt.Errorf("edge %s joins undeclared nodes %q, %q", e["id"], e["source"], e["target"])
		}
		if e["predicate"] == "" && e["label"] != "" {
			return nil, fmt.Errorf("edge %s has no predicate", e["id"])
		}
		if w, err := strconv.Atoi(e["weight"]); err != nil || w < 1 {
			return nil, fmt.Errorf("edge %s weight %q, want an int >= 1", e["id"], e["weight"])
		}
	}
	for id, n := range g.nodes {
		if n["label"] == "" {
			return nil, fmt.Errorf("node %s has no label", id)
		}
	}
	return g, nil
}

var gexfTypes = map[string]bool{"integer": true, "long": true, "double": true, "float": true, "boolean": true,
	"liststring": true, "string": true, "anyURI": true}

// parseGEXF checks b against the GEXF 1.2draft structure we promise: the
// namespace networkx reads, a dynamic directed graph with timeformat
// date, attributes declared (per class) before the nodes, unique node and
// edge ids, non-empty attvalues for declared attributes with values of
// their type, xs:date starts, edges between declared nodes starting no
// earlier than either end, weight > 0.
func parseGEXF(b []byte) (*parsed, error) {
	const ns = "http://www.gexf.net/1.2draft"
	type att struct{ title, typ string }
	decl := map[string]map[string]att{"node": {}, "edge": {}}
	g := &parsed{nodes: map[string]map[string]string{}}
	edgeIDs := map[string]bool{}
	d := xml.NewDecoder(bytes.NewReader(b))
	var (
		stack   []string
		class   string
		nodes   bool
		cur     map[string]string
		curKind string
		values  int
	)
	checkDate := func(s string) error {
		if s == "" {
			return nil
		}
		_, err := time.Parse("2006-01-02", s)
		return err
	}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not well-formed: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != ns {
				return nil, fmt.Errorf("element %s outside the GEXF namespace", t.Name.Local)
			}
			stack = append(stack, t.Name.Local)
			for _, a := range t.Attr {
				if err := checkChars(a.Value); err != nil {
					return nil, err
				}
			}
			switch t.Name.Local {
			case "gexf":
				if v, _ := attr(t, "version"); v != "1.2" {
					return nil, fmt.Errorf("version %q", v)
				}
			case "meta", "creator", "description", "nodes", "edges":
				nodes = nodes || t.Name.Local == "nodes"
			case "graph":
				m, _ := attr(t, "mode")
				tf, _ := attr(t, "timeformat")
				de, _ := attr(t, "defaultedgetype")
				if m != "dynamic" || tf != "date" || de != "directed" {
					return nil, fmt.Errorf("graph mode=%q timeformat=%q defaultedgetype=%q", m, tf, de)
				}
			case "attributes":
				if nodes {
					return nil, errors.New("attributes after the nodes")
				}
				class, _ = attr(t, "class")
				if decl[class] == nil {
					return nil, fmt.Errorf("attributes class %q", class)
				}
			case "attribute":
				id, _ := attr(t, "id")
				title, _ := attr(t, "title")
				typ, _ := attr(t, "type")
				if _, dup := decl[class][id]; dup || id == "" || title == "" || !gexfTypes[typ] {
					return nil, fmt.Errorf("bad attribute %v", t.Attr)
				}
				decl[class][id] = att{title, typ}
			case "node":
				id, _ := attr(t, "id")
				if _, dup := g.nodes[id]; dup || id == "" {
					return nil, fmt.Errorf("node id %q missing or duplicate", id)
				}
				cur, curKind = map[string]string{}, "node"
				cur["label"], _ = attr(t, "label")
				cur["start"], _ = attr(t, "start")
				if err := checkDate(cur["start"]); err != nil {
					return nil, fmt.Errorf("node %s start: %w", id, err)
				}
				g.nodes[id] = cur
			case "edge":
				cur, curKind = map[string]string{}, "edge"
				for _, k := range []string{"id", "source", "target", "label", "weight", "start"} {
					cur[k], _ = attr(t, k)
				}
				if edgeIDs[cur["id"]] || cur["id"] == "" {
					return nil, fmt.Errorf("edge id %q missing or duplicate", cur["id"])
				}
				edgeIDs[cur["id"]] = true
				if w, err := strconv.ParseFloat(cur["weight"], 64); err != nil || w <= 0 {
					return nil, fmt.Errorf("edge %s weight %q", cur["id"], cur["weight"])
				}
				if err := checkDate(cur["start"]); err != nil {
					return nil, fmt.Errorf("edge %s start: %w", cur["id"], err)
				}
				g.edges = append(g.edges, cur)
			case "attvalues":
				values = 0
			case "attvalue":
				values++
				id, _ := attr(t, "for")
				a, ok := decl[curKind][id]
				if !ok {
					return nil, fmt.Errorf("attvalue for undeclared %s attribute %q", curKind, id)
				}
				v, _ := attr(t, "value")
				if a.typ == "integer" || a.typ == "long" {
					if _, err := strconv.Atoi(v); err != nil {
						return nil, fmt.Errorf("attribute %s (%s) holds %q", a.title, a.typ, v)
					}
				}
				cur[a.title] = v
			default:
				return nil, fmt.Errorf("unexpected element %s", t.Name.Local)
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if t.Name.Local == "attvalues" && values == 0 {
				return nil, errors.New("empty attvalues")
			}
		}
	}
	for _, e := range g.edges {
		s, t := g.nodes[e["source"]], g.nodes[e["target"]]
		if s == nil || t == nil {
			return nil, fmt.Errorf("edge %s joins undeclared nodes %q, %q", e["id"], e["source"], e["target"])
		}
		if e["start"] < s["start"] || e["start"] < t["start"] {
			return nil, fmt.Errorf("edge %s starts %q, before an end (%q, %q)", e["id"], e["start"], s["start"], t["start"])
		}
	}
	return g, nil
}
