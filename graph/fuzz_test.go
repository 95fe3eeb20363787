package graph

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// FuzzImportNQuads feeds arbitrary text to ImportNQuads on a memory store.
// It must never panic; input it refuses must leave the store empty; input
// it accepts must round-trip: its export imports into a fresh store and
// exports the same again.
func FuzzImportNQuads(f *testing.F) {
	for _, s := range []string{
		"",
		"<seckg:e/cica> <rdf:type> <seckg:t/Organization> <seckg:d/doc1> .\n",
		`<seckg:e/cica> <rdfs:label> "亚信"@zh <seckg:d/doc1> .` + "\n" +
			`<seckg:e/cica> <seckg:alias> "CICA" <seckg:d/doc1> .` + "\n",
		`<seckg:d/doc1> <rdf:type> <seckg:Source> <seckg:d/doc1> .` + "\n" +
			`<seckg:v/0123> <seckg:sentence> "a \"quoted\"\n\\ \u0001 sentence" <seckg:d/doc1> .` + "\n" +
			`<seckg:v/0123> <seckg:offset> "12"^^<http://www.w3.org/2001/XMLSchema#integer> <seckg:d/doc1> .` + "\n",
		"<a> <b> <c> .\n",                     // no graph label
		"<a> <b> <c> <seckg:d/../../etc> .\n", // a traversing document id
		"<seckg:e/x> <rdf:type> <seckg:t/Nope> <seckg:d/d> .\n",
		"_:b0 <p> \"x\"^^<xsd:integer> <seckg:d/d> .\n",
		"<seckg:e/x> <p> \"\\uD800\" <seckg:d/d> .\n",
		"# comment only\n\n",
		"<seckg:e/x> <p> \"unterminated <seckg:d/d> .\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		ctx := context.Background()
		st, err := Open(ctx, Options{Backend: "memory"})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		_, ierr := st.ImportNQuads(ctx, strings.NewReader(in))
		var first bytes.Buffer
		if err := st.WriteNQuads(ctx, &first); err != nil {
			t.Fatalf("export after import: %v", err)
		}
		if _, err := st.Stats(ctx); err != nil {
			t.Fatalf("stats after import: %v", err)
		}
		if ierr != nil {
			if first.Len() != 0 {
				t.Fatalf("a refused import (%v) left %d bytes of quads", ierr, first.Len())
			}
			return
		}
		again, err := Open(ctx, Options{Backend: "memory"})
		if err != nil {
			t.Fatal(err)
		}
		defer again.Close()
		if _, err := again.ImportNQuads(ctx, bytes.NewReader(first.Bytes())); err != nil {
			t.Fatalf("the export of an accepted import does not import: %v\ninput: %q\nexport: %q", err, in, first.String())
		}
		var second bytes.Buffer
		if err := again.WriteNQuads(ctx, &second); err != nil {
			t.Fatal(err)
		}
		if !sameLines(first.String(), second.String()) {
			t.Fatalf("round trip changed the graph\ninput: %q\nfirst: %q\nsecond: %q", in, first.String(), second.String())
		}
	})
}

// sameLines compares two N-Quads dumps as sets of lines (stores may
// iterate in different orders).
func sameLines(a, b string) bool {
	set := func(s string) map[string]int {
		m := map[string]int{}
		for _, l := range strings.Split(s, "\n") {
			if l != "" {
				m[l]++
			}
		}
		return m
	}
	ma, mb := set(a), set(b)
	if len(ma) != len(mb) {
		return false
	}
	for k, v := range ma {
		if mb[k] != v {
			return false
		}
	}
	return true
}
