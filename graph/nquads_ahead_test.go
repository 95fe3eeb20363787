package graph

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/seckg/seckg"
)

// TestScanNQuadsAhead checks that the parse-ahead scanner hands fn the
// same lines in the same order as scanNQuads, over several blocks, that
// fn's error stops it and is returned, and that a bad line is reported.
func TestScanNQuadsAhead(t *testing.T) {
	var b strings.Builder
	for i := range 10000 {
		fmt.Fprintf(&b, "<seckg:e/%d> <rdfs:label> \"n%d\" <seckg:d/doc%d> .\n", i, i, i/700)
	}
	in := b.String()
	var want, got []string
	collect := func(out *[]string) func(seckg.DocID, quad.Quad) error {
		return func(d seckg.DocID, q quad.Quad) error { *out = append(*out, string(d)+" "+q.String()); return nil }
	}
	if err := scanNQuads(t.Context(), strings.NewReader(in), collect(&want)); err != nil {
		t.Fatal(err)
	}
	if err := scanNQuadsAhead(t.Context(), strings.NewReader(in), collect(&got)); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(got) != 10000 {
		t.Fatalf("ahead gave %d lines, not the %d of scanNQuads in order", len(got), len(want))
	}
	stop := errors.New("stop")
	n := 0
	err := scanNQuadsAhead(t.Context(), strings.NewReader(in), func(seckg.DocID, quad.Quad) error {
		if n++; n == 5000 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 5000 {
		t.Errorf("fn's error: got %v after %d calls, want stop after 5000", err, n)
	}
	bad := in + "not a quad\n"
	err = scanNQuadsAhead(t.Context(), strings.NewReader(bad), func(seckg.DocID, quad.Quad) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "line 10001") {
		t.Errorf("bad line: %v, want an error naming line 10001", err)
	}
}
