package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/seckg/seckg"
)

// fakeSource serves fixed slices and ignores the Filter.
type fakeSource struct {
	ents []seckg.Entity
	rels []seckg.Relation
	err  error // returned after the last relation
}

func (s fakeSource) EachEntity(ctx context.Context, _ seckg.Filter, fn func(seckg.Entity) error) error {
	for _, e := range s.ents {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func (s fakeSource) EachRelation(ctx context.Context, _ seckg.Filter, fn func(seckg.Relation) error) error {
	for _, r := range s.rels {
		if err := fn(r); err != nil {
			return err
		}
	}
	return s.err
}

// Hostile text: control characters, emoji, markup, right-to-left script,
// invalid UTF-8, a lone surrogate, U+FFFE, a CDATA end and line breaks.
const (
	hostileName   = "\x01中\x0b文\x1b\f🚀<script>&amp;\"]]>\xff\xfe\xed\xa0\x80\uFFFE end"
	hostileNameOK = "中文🚀<script>&amp;\"]]> end"
	arabic        = "منظمة شنغهاي للتعاون"
	hostileID     = "concept:hostile <x> & \"y\"+1\x01"
	sentence      = "1992年10月5日，纳扎尔巴耶夫在第47届联合国大会上倡议成立亚信。"
)

func sampleGraph() fakeSource {
	return fakeSource{
		ents: []seckg.Entity{
			{ID: "cica", Type: seckg.Organization, Name: "亚洲相互协作与信任措施会议",
				NameEN:  "Conference on Interaction and Confidence-Building Measures in Asia",
				Aliases: []string{"亚信会议", "亚信", "CICA", "СВМДА", "a|b;c"},
				Attrs:   map[string]string{seckg.AttrDate: "1992-10-05"},
				Docs:    []seckg.DocID{"cica-2015", "cica-2019"}},
			{ID: "nazarbayev", Type: seckg.Person, Name: "纳扎尔巴耶夫"},
			{ID: "cica-summit-4", Type: seckg.Event, Name: "亚信第四次峰会",
				Attrs: map[string]string{seckg.AttrDate: "2014-05", seckg.AttrPlace: "shanghai",
					seckg.AttrNumber: "4", seckg.AttrSeries: "cica", "chair country": "中国", "motto": "共同|安全"}},
			{ID: "shanghai", Type: seckg.Place, Name: "上海"},
			{ID: "shanghai-declaration", Type: seckg.DocumentType, Name: "上海宣言",
				Attrs: map[string]string{seckg.AttrDate: "2001"}},
			{ID: seckg.EntityID(hostileID), Type: seckg.Concept, Name: hostileName, NameEN: arabic,
				Aliases: []string{"🚀", arabic, "bad\xff|pipe"}, Attrs: map[string]string{"note": "\x01\x0b\x1b\f", "x": "\r\n"}},
			{ID: "id_x41_", Type: seckg.Concept},                      // looks like an NMTOKEN escape; no name
			{ID: "cica", Type: seckg.Organization, Name: "duplicate"}, // dropped: already written
			{ID: "", Name: "no id"},                                   // dropped: no id
		},
		rels: []seckg.Relation{
			{Head: "cica", Predicate: seckg.ProposedBy, Tail: "nazarbayev", Evidence: []seckg.Evidence{
				{Doc: "cica-2015", Sentence: sentence, Offset: 12}}},
			{Head: "cica-summit-4", Predicate: seckg.PartOf, Tail: "cica", Evidence: []seckg.Evidence{
				{Doc: "cica-2015", Sentence: "亚信第四次峰会在上海举行。", Offset: 40},
				{Doc: "cica-2015", Sentence: "第四次峰会", Offset: 90},
				{Doc: "cica-2019", Sentence: "峰会", Offset: 7}}},
			{Head: "cica-summit-4", Predicate: seckg.HeldIn, Tail: "shanghai"}, // no evidence: weight 1
			{Head: "shanghai-declaration", Predicate: seckg.AdoptedAt, Tail: "cica-summit-4", Evidence: []seckg.Evidence{
				{Doc: "d", Sentence: "line one\nline two\r\n", Offset: 0}}},
			{Head: seckg.EntityID(hostileID), Predicate: seckg.BasedOn, Tail: "cica", Evidence: []seckg.Evidence{
				{Doc: "h", Sentence: hostileName + arabic, Offset: 3}}},
			{Head: "id_x41_", Predicate: seckg.EvolvedInto, Tail: seckg.EntityID(hostileID)},
			{Head: "cica", Predicate: seckg.MemberOf, Tail: "missing"}, // dropped: no tail
			{Head: "missing", Predicate: seckg.MemberOf, Tail: "cica"}, // dropped: no head
		},
	}
}

// Counts the sample graph must give once duplicates and dangling edges go.
const (
	sampleNodes = 7
	sampleEdges = 6
)

func hostileGraph() fakeSource {
	bad := []string{"\x00", "\x01\x0b\x1b", "\f", "🚀", `<script>&amp;"`, arabic, "\xff\xfe", "\xed\xa0\x80", "\uFFFF", "]]>", "\r", "--", "'"}
	var s fakeSource
	for i, b := range bad {
		id := seckg.EntityID("n" + b)
		s.ents = append(s.ents, seckg.Entity{ID: id, Type: seckg.NodeType(b), Name: b, NameEN: b, Aliases: []string{b, b},
			Attrs: map[string]string{b: b, seckg.AttrDate: b}, Docs: []seckg.DocID{seckg.DocID(b)}})
		if i > 0 {
			s.rels = append(s.rels, seckg.Relation{Head: s.ents[i-1].ID, Predicate: seckg.Predicate(b), Tail: id,
				Evidence: []seckg.Evidence{{Doc: seckg.DocID(b), Sentence: b, Offset: i}}})
		}
	}
	return s
}

func write(t testing.TB, format string, src Source) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(t.Context(), &buf, format, src, seckg.Filter{}); err != nil {
		t.Fatalf("Write(%s) = %v", format, err)
	}
	return buf.Bytes()
}

func TestFormats(t *testing.T) {
	want := []string{"graphml", "gexf", "cytoscape", "jsonld", "csv"}
	if diff := cmp.Diff(want, Formats()); diff != "" {
		t.Errorf("Formats() mismatch (-want +got):\n%s", diff)
	}
	for _, f := range Formats() {
		if _, ok := writers[f]; !ok {
			t.Errorf("Formats() lists %q, which Write does not know", f)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	for _, format := range []string{"", "GraphML", "dot", "graphml "} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			err := Write(t.Context(), &buf, format, sampleGraph(), seckg.Filter{})
			var e *seckg.Error
			if !errors.Is(err, seckg.ErrInvalid) || !errors.As(err, &e) {
				t.Fatalf("Write(%q) = %v, want a *seckg.Error of kind ErrInvalid", format, err)
			}
			if buf.Len() != 0 {
				t.Errorf("Write(%q) wrote %d bytes, want none", format, buf.Len())
			}
			if err := WriteSubgraph(&buf, format, seckg.Subgraph{}); !errors.Is(err, seckg.ErrInvalid) {
				t.Errorf("WriteSubgraph(%q) = %v, want ErrInvalid", format, err)
			}
		})
	}
}

func TestSourceError(t *testing.T) {
	boom := errors.New("boom")
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			src := sampleGraph()
			src.err = boom
			if err := Write(t.Context(), io.Discard, format, src, seckg.Filter{}); !errors.Is(err, boom) {
				t.Errorf("Write(%s) with a failing source = %v, want %v", format, err, boom)
			}
		})
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n -= len(p); w.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestWriterError(t *testing.T) {
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			err := Write(t.Context(), &failWriter{n: 100}, format, genSource{nodes: 1000, edges: 5000}, seckg.Filter{})
			if err == nil {
				t.Errorf("Write(%s) to a failing writer = nil, want an error", format)
			}
		})
	}
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			err := Write(ctx, io.Discard, format, genSource{nodes: 5000, edges: 5000}, seckg.Filter{})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Write(%s) with a canceled context = %v, want context.Canceled", format, err)
			}
		})
	}
}

func TestXMLStructure(t *testing.T) {
	empty := fakeSource{}
	for _, tt := range []struct {
		name         string
		src          Source
		nodes, edges int
	}{
		{"sample", sampleGraph(), sampleNodes, sampleEdges},
		{"hostile", hostileGraph(), 8, 12},
		{"empty", empty, 0, 0},
		{"generated", genSource{nodes: 300, edges: 2000}, 300, 2000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g, err := parseGraphML(write(t, "graphml", tt.src))
			if err != nil {
				t.Fatalf("GraphML: %v", err)
			}
			if len(g.nodes) != tt.nodes || len(g.edges) != tt.edges {
				t.Errorf("GraphML has %d nodes and %d edges, want %d and %d", len(g.nodes), len(g.edges), tt.nodes, tt.edges)
			}
			x, err := parseGEXF(write(t, "gexf", tt.src))
			if err != nil {
				t.Fatalf("GEXF: %v", err)
			}
			if len(x.nodes) != tt.nodes || len(x.edges) != tt.edges {
				t.Errorf("GEXF has %d nodes and %d edges, want %d and %d", len(x.nodes), len(x.edges), tt.nodes, tt.edges)
			}
		})
	}
}

func TestGraphMLValues(t *testing.T) {
	g, err := parseGraphML(write(t, "graphml", sampleGraph()))
	if err != nil {
		t.Fatal(err)
	}
	hid := nmtoken(hostileID)
	for _, tt := range []struct {
		node, key, want string
	}{
		{"cica", "label", "亚洲相互协作与信任措施会议"},
		{"cica", "type", "Organization"},
		{"cica", "aliases", "亚信会议|亚信|CICA|СВМДА|a｜b;c"},
		{"cica", "docs", "cica-2015|cica-2019"},
		{"cica", "date", "1992-10-05"},
		{"cica-summit-4", "place", "shanghai"},
		{"cica-summit-4", "number", "4"},
		{"cica-summit-4", "series", "cica"},
		{"cica-summit-4", "attributes", "chair country=中国|motto=共同｜安全"},
		{hid, "label", hostileNameOK},
		{hid, "label_en", arabic},
		{hid, "aliases", "🚀|" + arabic + "|bad｜pipe"},
		{hid, "attributes", "note=|x=\r\n"},
		{"id_x005F_x41_", "label", "id_x41_"},
	} {
		if got := g.nodes[tt.node][tt.key]; got != tt.want {
			t.Errorf("node %q %s = %q, want %q", tt.node, tt.key, got, tt.want)
		}
	}
	if hid != "concept:hostile_x0020__x003C_x_x003E__x0020__x0026__x0020__x0022_y_x0022__x002B_1" {
		t.Errorf("nmtoken(%q) = %q", hostileID, hid)
	}
	byKey := map[string]map[string]string{}
	for _, e := range g.edges {
		byKey[e["source"]+" "+e["predicate"]+" "+e["target"]] = e
	}
	for _, tt := range []struct {
		edge, key, want string
	}{
		{"cica proposed-by nazarbayev", "evidence", sentence},
		{"cica proposed-by nazarbayev", "offset", "12"},
		{"cica proposed-by nazarbayev", "weight", "1"},
		{"cica proposed-by nazarbayev", "label", "proposed-by"},
		{"cica-summit-4 part-of cica", "weight", "3"},
		{"cica-summit-4 part-of cica", "docs", "cica-2015|cica-2019"},
		{"cica-summit-4 part-of cica", "offset", "40"},
		{"cica-summit-4 held-in shanghai", "weight", "1"},
		{"cica-summit-4 held-in shanghai", "evidence", ""},
		{"shanghai-declaration adopted-at cica-summit-4", "evidence", "line one\nline two\r\n"},
		{hid + " based-on cica", "evidence", hostileNameOK + arabic},
	} {
		e, ok := byKey[tt.edge]
		if !ok {
			t.Errorf("no edge %q", tt.edge)
			continue
		}
		if got := e[tt.key]; got != tt.want {
			t.Errorf("edge %q %s = %q, want %q", tt.edge, tt.key, got, tt.want)
		}
	}
}

func TestGEXFDates(t *testing.T) {
	x, err := parseGEXF(write(t, "gexf", sampleGraph()))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ node, want string }{
		{"cica", "1992-10-05"}, {"cica-summit-4", "2014-05-01"}, {"shanghai-declaration", "2001-01-01"}, {"shanghai", ""},
	} {
		if got := x.nodes[tt.node]["start"]; got != tt.want {
			t.Errorf("node %q start = %q, want %q", tt.node, got, tt.want)
		}
	}
	starts := map[string]string{}
	for _, e := range x.edges {
		starts[e["source"]+" "+e["label"]+" "+e["target"]] = e["start"]
	}
	for _, tt := range []struct{ edge, want string }{
		{"shanghai-declaration adopted-at cica-summit-4", "2014-05-01"},
		{"cica proposed-by nazarbayev", "1992-10-05"},
		{"cica-summit-4 part-of cica", "2014-05-01"},
		{"id_x41_ evolved-into " + clean(hostileID), ""},
	} {
		if got, ok := starts[tt.edge]; !ok || got != tt.want {
			t.Errorf("edge %q start = %q (present %v), want %q", tt.edge, got, ok, tt.want)
		}
	}
	if got, want := x.nodes[clean(hostileID)]["label"], hostileNameOK; got != want {
		t.Errorf("hostile label = %q, want %q", got, want)
	}
}

func TestNormDate(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"2014", "2014-01-01"}, {"2014-05", "2014-05-01"}, {"2014-05-21", "2014-05-21"},
		{"2014-05-21T10:00:00Z", "2014-05-21"}, {" 1955 ", "1955-01-01"}, {"2024-02-29", "2024-02-29"},
		{"2023-02-29", ""}, {"2014-13", ""}, {"2014-00-10", ""}, {"14", ""}, {"二〇一四", ""},
		{"2014年", ""}, {"", ""}, {"0000", ""}, {"2014-5-1", ""},
	} {
		if got := normDate(tt.in); got != tt.want {
			t.Errorf("normDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClean(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"plain", "plain"}, {"中文 🚀", "中文 🚀"}, {"a\x00b\x01c\x1fd\x7fe\u0085f", "abcdef"},
		{"\t\n\r", "\t\n\r"}, {"x\xffy\xed\xa0\x80z", "xyz"}, {"\uFFFE\uFFFF\uFFFD", "\uFFFD"}, {arabic, arabic},
	} {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNMToken(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"cica", "cica"}, {"concept:亚洲安全观", "concept:亚洲安全观"}, {"xi-jinping", "xi-jinping"},
		{"c5+1", "c5_x002B_1"}, {"a b", "a_x0020_b"}, {"_x", "_x005F_x"}, {"a_b", "a_b"},
		{"1abc", "1abc"}, {"\x01", ""}, {"《宣言》", "_x300A_宣言_x300B_"}, {"🚀", "_x1F680_"},
		{"亚信·ЦАР", "亚信·ЦАР"}, {"a,b", "a_x002C_b"},
	} {
		if got := nmtoken(tt.in); got != tt.want {
			t.Errorf("nmtoken(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

type cyElements struct {
	Elements struct {
		Nodes []struct {
			Data map[string]any `json:"data"`
		} `json:"nodes"`
		Edges []struct {
			Data map[string]any `json:"data"`
		} `json:"edges"`
	} `json:"elements"`
}

func checkCytoscape(t *testing.T, b []byte, nodes, edges int) cyElements {
	t.Helper()
	if !json.Valid(b) {
		t.Fatalf("invalid JSON:\n%s", b)
	}
	var c cyElements
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	ids := map[any]bool{}
	for _, n := range c.Elements.Nodes {
		if ids[n.Data["id"]] {
			t.Errorf("duplicate node id %q", n.Data["id"])
		}
		ids[n.Data["id"]] = true
	}
	eids := map[any]bool{}
	for _, e := range c.Elements.Edges {
		if !ids[e.Data["source"]] || !ids[e.Data["target"]] {
			t.Errorf("edge %v joins undeclared nodes", e.Data["id"])
		}
		if eids[e.Data["id"]] {
			t.Errorf("duplicate edge id %q", e.Data["id"])
		}
		eids[e.Data["id"]] = true
		if w, _ := e.Data["weight"].(float64); w < 1 {
			t.Errorf("edge %v weight = %v, want >= 1", e.Data["id"], e.Data["weight"])
		}
	}
	if len(c.Elements.Nodes) != nodes || len(c.Elements.Edges) != edges {
		t.Errorf("got %d nodes and %d edges, want %d and %d", len(c.Elements.Nodes), len(c.Elements.Edges), nodes, edges)
	}
	return c
}

func TestCytoscape(t *testing.T) {
	c := checkCytoscape(t, write(t, "cytoscape", sampleGraph()), sampleNodes, sampleEdges)
	nodes := map[string]map[string]any{}
	for _, n := range c.Elements.Nodes {
		nodes[n.Data["id"].(string)] = n.Data
	}
	h := nodes[clean(hostileID)]
	for k, want := range map[string]any{
		"label": hostileNameOK, "label_en": arabic, "type": "Concept",
		"aliases": []any{"🚀", arabic, "bad|pipe"}, "note": "", "x": "\r\n",
	} {
		if diff := cmp.Diff(want, h[k]); diff != "" {
			t.Errorf("hostile node %s mismatch (-want +got):\n%s", k, diff)
		}
	}
	if got := nodes["cica-summit-4"]["chair country"]; got != "中国" {
		t.Errorf("summit chair country = %v, want 中国", got)
	}
	checkCytoscape(t, write(t, "cytoscape", hostileGraph()), 8, 12)
	checkCytoscape(t, write(t, "cytoscape", fakeSource{}), 0, 0)
}

func TestJSONLD(t *testing.T) {
	for _, tt := range []struct {
		name         string
		src          Source
		nodes, edges int
	}{
		{"sample", sampleGraph(), sampleNodes, sampleEdges},
		{"hostile", hostileGraph(), 8, 12},
		{"empty", fakeSource{}, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := write(t, "jsonld", tt.src)
			var doc struct {
				Context map[string]any   `json:"@context"`
				Graph   []map[string]any `json:"@graph"`
			}
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatalf("invalid JSON: %v\n%s", err, b)
			}
			for _, ty := range seckg.NodeTypes {
				if got := doc.Context[string(ty)]; got != "seckg:"+string(ty) {
					t.Errorf("@context[%s] = %v", ty, got)
				}
			}
			for _, p := range seckg.Predicates {
				d, _ := doc.Context[string(p)].(map[string]any)
				if d["@id"] != "seckg:"+string(p) || d["@type"] != "@id" {
					t.Errorf("@context[%s] = %v", p, doc.Context[string(p)])
				}
			}
			if doc.Context["seckg"] != Vocab || doc.Context["@vocab"] != Vocab {
				t.Errorf("@context vocabulary = %v, %v, want %s", doc.Context["seckg"], doc.Context["@vocab"], Vocab)
			}
			ids := map[any]bool{}
			nodes, statements := 0, 0
			for _, o := range doc.Graph {
				id, _ := o["@id"].(string)
				if o["@type"] == "Statement" {
					statements++
					if !ids[o["subject"]] || !ids[o["object"]] {
						t.Errorf("statement %v joins undeclared nodes", o)
					}
					continue
				}
				if !strings.HasPrefix(id, "ent:") || strings.ContainsAny(id[4:], " /<>\"{}|\\^`#?") {
					t.Errorf("@id %q is not an ent: IRI", id)
				}
				if _, ok := o["label"]; ok {
					nodes++
					ids[id] = true
				}
			}
			if nodes != tt.nodes || statements != tt.edges {
				t.Errorf("got %d nodes and %d statements, want %d and %d", nodes, statements, tt.nodes, tt.edges)
			}
		})
	}
}

func readZipCSV(t *testing.T, b []byte) map[string][][]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][][]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(r).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		files[f.Name] = rows
	}
	return files
}

func TestCSV(t *testing.T) {
	files := readZipCSV(t, write(t, "csv", sampleGraph()))
	nodes, edges := files["nodes.csv"], files["edges.csv"]
	if len(nodes) == 0 || len(edges) == 0 {
		t.Fatalf("zip holds %v, want nodes.csv and edges.csv", slices.Sorted(func(yield func(string) bool) {
			for k := range files {
				yield(k)
			}
		}))
	}
	if diff := cmp.Diff(csvNodeHeader, nodes[0]); diff != "" {
		t.Errorf("nodes.csv header (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(csvEdgeHeader, edges[0]); diff != "" {
		t.Errorf("edges.csv header (-want +got):\n%s", diff)
	}
	if len(nodes)-1 != sampleNodes || len(edges)-1 != sampleEdges {
		t.Errorf("got %d nodes and %d edges, want %d and %d", len(nodes)-1, len(edges)-1, sampleNodes, sampleEdges)
	}
	ids := map[string][]string{}
	for _, row := range nodes[1:] {
		if _, dup := ids[row[0]]; dup {
			t.Errorf("duplicate id %q", row[0])
		}
		ids[row[0]] = row
	}
	if got, want := ids["cica"][4], "亚信会议;亚信;CICA;СВМДА;a|b；c"; got != want {
		t.Errorf("cica aliases = %q, want %q", got, want)
	}
	if got := ids["cica"][6]; got != "Organization" {
		t.Errorf("cica :LABEL = %q", got)
	}
	for _, row := range edges[1:] {
		if _, ok := ids[row[0]]; !ok {
			t.Errorf("edge %v: unknown start", row)
		}
		if _, ok := ids[row[1]]; !ok {
			t.Errorf("edge %v: unknown end", row)
		}
		if strings.ContainsAny(strings.Join(row, ""), "\r\n") {
			t.Errorf("edge %q holds a line break", row)
		}
		if row[0] == "cica-summit-4" && row[2] == "PART_OF" && (row[3] != "cica-2015;cica-2019" || row[5] != "3") {
			t.Errorf("part-of edge = %q", row)
		}
	}
	h := readZipCSV(t, write(t, "csv", hostileGraph()))
	if len(h["nodes.csv"]) != 9 || len(h["edges.csv"]) != 13 {
		t.Errorf("hostile: %d node rows and %d edge rows, want 9 and 13", len(h["nodes.csv"]), len(h["edges.csv"]))
	}
}

func TestWriteSubgraph(t *testing.T) {
	g := seckg.Subgraph{
		Nodes: []seckg.Entity{{ID: "a", Name: "甲"}, {ID: "b", Name: "乙"}, {ID: "a", Name: "甲"}},
		Edges: []seckg.Relation{
			{Head: "a", Predicate: seckg.PartOf, Tail: "b"},
			{Head: "a", Predicate: seckg.PartOf, Tail: "b"},
			{Head: "a", Predicate: seckg.PartOf, Tail: "c"},
		},
	}
	for _, format := range []string{"graphml", "cytoscape"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteSubgraph(&buf, format, g); err != nil {
				t.Fatal(err)
			}
			if format == "cytoscape" {
				c := checkCytoscape(t, buf.Bytes(), 2, 1)
				if id := c.Elements.Edges[0].Data["id"]; id != "a part-of b" {
					t.Errorf("edge id = %v, want the relation key", id)
				}
				return
			}
			x, err := parseGraphML(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if len(x.nodes) != 2 || len(x.edges) != 1 {
				t.Errorf("got %d nodes and %d edges, want 2 and 1", len(x.nodes), len(x.edges))
			}
		})
	}
}

// FuzzGraphML checks that any text gives well-formed, valid GraphML and
// GEXF, and valid Cytoscape JSON.
func FuzzGraphML(f *testing.F) {
	for _, s := range []string{"", "a", hostileName, arabic, "\x00", "]]>", "_x0041_", "&#1;"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, id, text string) {
		src := fakeSource{
			ents: []seckg.Entity{{ID: seckg.EntityID(id), Name: text, Aliases: []string{text}, Attrs: map[string]string{text: text}},
				{ID: "other", Name: text}},
			rels: []seckg.Relation{{Head: seckg.EntityID(id), Predicate: seckg.Predicate(text), Tail: "other",
				Evidence: []seckg.Evidence{{Sentence: text, Doc: seckg.DocID(text)}}}},
		}
		if _, err := parseGraphML(write(t, "graphml", src)); err != nil {
			t.Errorf("GraphML for %q, %q: %v", id, text, err)
		}
		if _, err := parseGEXF(write(t, "gexf", src)); err != nil {
			t.Errorf("GEXF for %q, %q: %v", id, text, err)
		}
		for _, format := range []string{"cytoscape", "jsonld"} {
			if b := write(t, format, src); !json.Valid(b) {
				t.Errorf("%s for %q, %q: invalid JSON", format, id, text)
			}
		}
	})
}

func TestSafeMulti(t *testing.T) {
	// Every rune safeMulti passes must be one allowed passes, of its length.
	for r := rune(0x80); r <= 0x10ffff; r++ {
		s := string(r)
		if n := safeMulti(s, 0); n > 0 && (n != len(s) || !allowed(r) || !utf8.ValidString(s)) {
			t.Fatalf("safeMulti(%U) = %d, but allowed = %v, length %d", r, n, allowed(r), len(s))
		}
	}
	for _, s := range []string{"\xe4\xb8", "\xe4\xb8\x41", "\xc3", "\xc3\x41", "\xed\xa0\x80", "\xc2\x85", "\xef\xbf\xbe"} {
		if n := safeMulti(s, 0); n != 0 {
			t.Errorf("safeMulti(%q) = %d, want 0", s, n)
		}
	}
}

func TestEdgeDocs(t *testing.T) {
	for _, tt := range []struct {
		name string
		docs []seckg.DocID
		want []seckg.DocID
	}{
		{"none", nil, nil},
		{"repeats", []seckg.DocID{"a", "b", "a", "", "c", "b"}, []seckg.DocID{"a", "b", "c"}},
		{"many", slices.Repeat([]seckg.DocID{"x", "y", "x", "z"}, 10), []seckg.DocID{"x", "y", "z"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var ev []seckg.Evidence
			for _, d := range tt.docs {
				ev = append(ev, seckg.Evidence{Doc: d})
			}
			var got []seckg.DocID
			edgeDocs(ev, func(d seckg.DocID) { got = append(got, d) })
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("edgeDocs mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIRISegment(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"cica", "cica"}, {"concept:亚洲安全观", "concept:亚洲安全观"}, {"a b/c#d?e%f", "a%20b%2Fc%23d%3Fe%25f"},
		{"//x", "%2F%2Fx"}, {"\x01<>", "%3C%3E"},
	} {
		if got := iriSegment(tt.in); got != tt.want {
			t.Errorf("iriSegment(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// deafSource is a genSource that never looks at the context, so the
// writers' own checks must stop it.
type deafSource struct{ genSource }

func (s deafSource) EachEntity(_ context.Context, f seckg.Filter, fn func(seckg.Entity) error) error {
	return s.genSource.EachEntity(context.Background(), f, fn)
}

func (s deafSource) EachRelation(_ context.Context, f seckg.Filter, fn func(seckg.Relation) error) error {
	return s.genSource.EachRelation(context.Background(), f, fn)
}

func TestCanceledMidway(t *testing.T) {
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			w := &cancelWriter{cancel: cancel, after: 4096}
			err := Write(ctx, w, format, deafSource{genSource{nodes: 100, edges: 200000}}, seckg.Filter{})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Write(%s) canceled midway = %v, want context.Canceled", format, err)
			}
			if w.n > 4<<20 {
				t.Errorf("Write(%s) wrote %d bytes after the cancel, want it to stop within a few buffers", format, w.n)
			}
		})
	}
}

// cancelWriter cancels once it has taken after bytes.
type cancelWriter struct {
	cancel   func()
	after, n int
}

func (w *cancelWriter) Write(p []byte) (int, error) {
	w.n += len(p)
	if w.n >= w.after {
		w.cancel()
	}
	return len(p), nil
}
