package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/seckg/seckg"
	"github.com/seckg/seckg/export"
)

var cmdExport = &command{
	name:  "export",
	usage: "[--db PATH] --format graphml|gexf|cytoscape|json|nquads|jsonld|csv [-o FILE] [filters]",
	short: "write the graph for Gephi, yEd, Cytoscape, networkx, igraph or Neo4j (stdout by default)",
	run:   runExport,
}

func runExport(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	sf := addStoreFlags(fs)
	format := fs.String("format", "graphml", "graphml, gexf, cytoscape (or json), nquads, jsonld, csv (a zip of nodes.csv and edges.csv)")
	out := fs.String("o", "", "output file (default stdout); written whole or not at all")
	var f seckg.Filter
	types := fs.String("types", "", "only these node types, comma-separated (Organization,Event,...)")
	preds := fs.String("predicates", "", "only these predicates, comma-separated (part-of,held-in,...)")
	doc := fs.String("doc", "", "only what this document states")
	fs.StringVar(&f.Since, "since", "", "only dated entities on or after this ISO date (and what links to them)")
	fs.StringVar(&f.Until, "until", "", "only dated entities on or before this ISO date")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	f.Doc = seckg.DocID(*doc)
	for _, t := range splitList(*types) {
		if !seckg.NodeType(t).Valid() {
			return fmt.Errorf("%w: --types: unknown node type %q", errUsage, t)
		}
		f.Types = append(f.Types, seckg.NodeType(t))
	}
	for _, p := range splitList(*preds) {
		if !seckg.Predicate(p).Valid() {
			return fmt.Errorf("%w: --predicates: unknown predicate %q", errUsage, p)
		}
		f.Predicates = append(f.Predicates, seckg.Predicate(p))
	}
	fm := *format
	if fm == "json" {
		fm = "cytoscape"
	}
	if fm != "nquads" && !slices.Contains(export.Formats(), fm) {
		return fmt.Errorf("%w: --format: unknown format %q (want graphml, gexf, cytoscape, json, nquads, jsonld or csv)", errUsage, *format)
	}
	st, err := sf.open(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	return writeOut(*out, e.stdout, func(w io.Writer) error {
		if fm == "nquads" {
			return st.WriteNQuads(ctx, w)
		}
		return export.Write(ctx, w, fm, st, f)
	})
}

// writeOut runs write into path (through a temporary file renamed into
// place, so a failed export leaves no half-written file) or into stdout.
func writeOut(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		bw := bufio.NewWriterSize(stdout, 1<<16)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err := write(bw); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.Rename(tmp.Name(), path)
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
