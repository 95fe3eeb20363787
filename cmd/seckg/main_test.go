package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpus is the sample corpus the CLI tests ingest.
const corpus = "../../data/corpus"

// cli runs seckg with args and returns its stdout, failing the test on error.
func cli(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if err := run(context.Background(), args, &out, &errb); err != nil {
		t.Fatalf("seckg %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return out.String()
}

// countXML counts the elements named local in an XML file, parsing it.
func countXML(t *testing.T, path, local string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := xml.NewDecoder(f)
	n := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return n
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", path, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == local {
			n++
		}
	}
}

func TestIngestExportEval(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "g.db")
	cli(t, "ingest", "--db", db, "--quiet", corpus)
	a := filepath.Join(dir, "a.graphml")
	cli(t, "export", "--db", db, "--format", "graphml", "-o", a)
	nodes, edges := countXML(t, a, "node"), countXML(t, a, "edge")
	if nodes < 100 || edges < 80 {
		t.Errorf("export has %d nodes and %d edges, want at least 100 and 80", nodes, edges)
	}

	// A second ingest of the same files changes nothing.
	out := cli(t, "ingest", "--db", db, "--quiet", corpus)
	if !strings.Contains(out, "ingested 0 documents (2 unchanged") {
		t.Errorf("second ingest = %q, want both documents unchanged", out)
	}
	b := filepath.Join(dir, "b.graphml")
	cli(t, "export", "--db", db, "--format", "graphml", "-o", b)
	if n, e := countXML(t, b, "node"), countXML(t, b, "edge"); n != nodes || e != edges {
		t.Errorf("re-ingest changed the graph: %d/%d → %d/%d nodes/edges", nodes, edges, n, e)
	}

	rep := cli(t, "eval", "--db", db, "--gold", "../../data/gold")
	for _, k := range []string{"entity_f1: ", "relation_f1: ", "type_accuracy: "} {
		if !strings.Contains(rep, k) {
			t.Errorf("eval output lacks %q:\n%s", k, rep)
		}
	}
}

func TestIngestBadInputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join(corpus, "cica-security-cooperation-2015.txt"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"good.txt":   good,
		"binary.txt": append([]byte{0x89, 'P', 'N', 'G', 0, 0, 0, 0x0d}, bytes.Repeat([]byte{0, 1, 2, 0xff}, 4000)...),
		"empty.txt":  nil,
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(in, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(in, "loop.txt"), filepath.Join(in, "loop.txt")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		args []string
		want []string // each must appear in stderr
	}{
		{"bad files in a folder", []string{in}, []string{"binary.txt", "empty.txt", "loop.txt"}},
		{"missing path", []string{filepath.Join(dir, "does-not-exist")}, []string{"does-not-exist"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "g.db")
			var out, errb bytes.Buffer
			err := run(context.Background(), append([]string{"ingest", "--db", db, "--quiet"}, tt.args...), &out, &errb)
			if err == nil {
				t.Fatalf("ingest %v succeeded, want a failure", tt.args)
			}
			for _, w := range tt.want {
				if !strings.Contains(errb.String(), w) {
					t.Errorf("stderr does not name %s:\n%s", w, errb.String())
				}
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"nope"}, {"ingest"}, {"export", "--format", "pdf", "--db", "x"}, {"ingest", "--bogus"}} {
		var out, errb bytes.Buffer
		if err := run(context.Background(), args, &out, &errb); err == nil {
			t.Errorf("seckg %v: no error, want a usage error", args)
		}
	}
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"ingest", "--db", filepath.Join(t.TempDir(), "g.db"), "--progress", "0s", t.TempDir()}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "--progress") {
		t.Errorf("ingest --progress 0s: %v, want an error naming --progress", err)
	}
}
