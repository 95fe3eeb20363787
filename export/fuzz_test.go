package export

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/seckg/seckg"
)

// wellFormed reads b with encoding/xml's strict decoder to the end and
// checks every character of text and attribute values is allowed in XML
// 1.0, independently of parseGraphML and parseGEXF.
func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
			for _, a := range tok.Attr {
				if err := checkChars(a.Value); err != nil {
					return fmt.Errorf("attribute %s: %w", a.Name.Local, err)
				}
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if err := checkChars(string(tok)); err != nil {
				return fmt.Errorf("text: %w", err)
			}
		}
	}
	if depth != 0 || roots != 1 {
		return fmt.Errorf("%d root elements, depth %d at the end", roots, depth)
	}
	return nil
}

// FuzzExportXML fills every text field of two entities and their relations
// with fuzzed text and checks that GraphML (Write and WriteSubgraph) and
// GEXF are always well-formed XML, with the nodes present.
func FuzzExportXML(f *testing.F) {
	for _, s := range [][3]string{
		{"", "", ""}, {"cica", "亚信", "2014-05-21"}, {"a\x00b", "\x01\x0b\x1b\f", "]]>"},
		{"\xff\xfe", "\ud7ff\ue000\ufffe\uffff", "<!--"}, {"&amp;", "<x y='1'/>", "\"'"},
		{"_x0041_", "\u0085\u2028", "0000-99-99"}, {"id with space", "\t\n\r", "2014"},
	} {
		f.Add(s[0], s[1], s[2], -1)
	}
	f.Fuzz(func(t *testing.T, id, text, date string, offset int) {
		a, b := seckg.EntityID(id), seckg.EntityID(id+"\x00b")
		ents := []seckg.Entity{
			{ID: a, Type: seckg.NodeType(text), Name: text, NameEN: text, Aliases: []string{text, date, ""},
				Attrs: map[string]string{"date": date, "place": text, text: date, date: text}, Docs: []seckg.DocID{seckg.DocID(text)}},
			{ID: b, Type: seckg.Organization, Name: date},
		}
		rels := []seckg.Relation{
			{Head: a, Predicate: seckg.Predicate(text), Tail: b, Evidence: []seckg.Evidence{{Doc: seckg.DocID(date), Sentence: text, Offset: offset}}},
			{Head: b, Predicate: seckg.PartOf, Tail: a},
			{Head: a, Predicate: seckg.PartOf, Tail: a, Evidence: []seckg.Evidence{{Sentence: strings.Repeat(text, 3)}}},
		}
		src := fakeSource{ents: ents, rels: rels}
		for _, format := range []string{"graphml", "gexf"} {
			out := write(t, format, src)
			if err := wellFormed(out); err != nil {
				t.Fatalf("%s for %q %q %q is not well-formed: %v\n%s", format, id, text, date, err, out)
			}
			// b's id is never empty; a's may clean to nothing or to b's.
			if n := bytes.Count(out, []byte("<node ")); n < 1 || n > 2 {
				t.Errorf("%s: %d nodes, want 1 or 2", format, n)
			}
		}
		var buf bytes.Buffer
		if err := WriteSubgraph(&buf, "graphml", seckg.Subgraph{Nodes: ents, Edges: rels}); err != nil {
			t.Fatalf("WriteSubgraph: %v", err)
		}
		if err := wellFormed(buf.Bytes()); err != nil {
			t.Fatalf("subgraph GraphML for %q %q %q is not well-formed: %v", id, text, date, err)
		}
	})
}
