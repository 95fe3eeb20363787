package graph

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seckg/seckg"
)

// genNQuads returns the N-Quads of docs synthetic documents.
func genNQuads(tb testing.TB, docs int) []byte {
	tb.Helper()
	m, err := Open(context.Background(), Options{Backend: "memory"})
	if err != nil {
		tb.Fatal(err)
	}
	defer m.Close()
	r := rand.New(rand.NewPCG(7, 7))
	for n := range docs {
		if err := m.WriteDocument(context.Background(), genDoc(r, n, 300, 12, 10)); err != nil {
			tb.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := m.WriteNQuads(context.Background(), &buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// pgRowsOf returns every row of Cayley's nodes and quads tables in dsn's
// schema, as sorted text (the quads' horizon and time stamp left out).
func pgRowsOf(t *testing.T, dsn string) (nodes, quads []string) {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	read := func(q string) []string {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var out []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%q", vals))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		sort.Strings(out)
		return out
	}
	return read("SELECT * FROM nodes"),
		read("SELECT subject_hash, predicate_hash, object_hash, label_hash FROM quads")
}

// TestPostgresBulk checks that the bulk writer leaves exactly the rows
// Cayley's own ApplyDeltas leaves, after an import, a replacing write and a
// delete, and that Cayley reads them back the same.
func TestPostgresBulk(t *testing.T) {
	nq := genNQuads(t, 40)
	ctx := context.Background()
	run := func(dsn string, bulk bool) *Store {
		s := mustOpen(t, Options{Backend: "postgres", Path: dsn})
		t.Cleanup(func() { s.Close() })
		if !bulk {
			s.pg.Close()
			s.pg = nil // Cayley's path
		}
		if _, err := s.ImportNQuads(ctx, bytes.NewReader(nq)); err != nil {
			t.Fatal(err)
		}
		x := genDoc(rand.New(rand.NewPCG(1, 2)), 3, 300, 5, 4) // replaces gen-000003
		if err := s.WriteDocument(ctx, x); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteDocument(ctx, "gen-000007"); err != nil {
			t.Fatal(err)
		}
		return s
	}
	dsnC, dsnB := postgresDSN(t), postgresDSN(t)
	sc, sb := run(dsnC, false), run(dsnB, true)
	nc, qc := pgRowsOf(t, dsnC)
	nb, qb := pgRowsOf(t, dsnB)
	if len(qc) == 0 || len(nc) == 0 {
		t.Fatal("Cayley's path wrote nothing")
	}
	if d := cmp.Diff(nc, nb); d != "" {
		t.Errorf("nodes rows differ (-cayley +bulk):\n%s", d)
	}
	if d := cmp.Diff(qc, qb); d != "" {
		t.Errorf("quads rows differ (-cayley +bulk):\n%s", d)
	}
	if d := cmp.Diff(dumpOf(t, sc), dumpOf(t, sb)); d != "" {
		t.Errorf("graphs differ (-cayley +bulk):\n%s", d)
	}
	if a, b := quadCount(t, sc), quadCount(t, sb); a != b {
		t.Errorf("Cayley counts %d quads after its writes, %d after the bulk writes", a, b)
	}
	// Cayley reads the bulk rows as its own, also when opened afresh.
	re := mustOpen(t, Options{Backend: "postgres", Path: dsnB, ReadOnly: true})
	defer re.Close()
	if d := cmp.Diff(dumpOf(t, sc), dumpOf(t, re)); d != "" {
		t.Errorf("reopened bulk store differs (-cayley +bulk):\n%s", d)
	}
}

// TestPostgresBulkAtomic makes the quads insert fail after the nodes were
// written: the transaction must leave neither.
func TestPostgresBulkAtomic(t *testing.T) {
	dsn := postgresDSN(t)
	ctx := context.Background()
	s := mustOpen(t, Options{Backend: "postgres", Path: dsn})
	defer s.Close()
	write(t, s, docA())
	before, n := dumpOf(t, s), quadCount(t, s)
	nodes, quads := pgRowsOf(t, dsn)
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	schema := searchPath(t, dsn)
	for _, q := range []string{
		`CREATE FUNCTION ` + schema + `.refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql`,
		`CREATE TRIGGER refuse BEFORE INSERT ON ` + schema + `.quads FOR EACH ROW EXECUTE FUNCTION ` + schema + `.refuse()`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.WriteDocument(ctx, docB()); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("WriteDocument with a refusing quads table = %v, want the refusal", err)
	}
	if _, err := s.ImportNQuads(ctx, bytes.NewReader(genNQuads(t, 3))); err == nil {
		t.Fatal("ImportNQuads with a refusing quads table succeeded")
	}
	n2, q2 := pgRowsOf(t, dsn)
	if d := cmp.Diff(nodes, n2); d != "" {
		t.Errorf("nodes changed by failed writes (-before +after):\n%s", d)
	}
	if d := cmp.Diff(quads, q2); d != "" {
		t.Errorf("quads changed by failed writes (-before +after):\n%s", d)
	}
	if d := cmp.Diff(before, dumpOf(t, s)); d != "" {
		t.Errorf("graph changed by failed writes (-before +after):\n%s", d)
	}
	if got := quadCount(t, s); got != n {
		t.Errorf("quads = %d after failed writes, want %d", got, n)
	}
	if _, ok := s.ix.docs[seckg.DocID("cica-2015")]; ok {
		t.Error("the index holds a document whose write failed")
	}
	// The change log is written last, in the same transaction: when it
	// fails, nothing of the write is stored either, and a failed write
	// logged nothing.
	var logged int
	countLog := func() int {
		t.Helper()
		var n int
		if err := db.QueryRow("SELECT count(*) FROM " + schema + ".seckg_changes").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if logged = countLog(); logged != 1 { // docA's write
		t.Errorf("seckg_changes holds %d rows after one good and two failed writes, want 1", logged)
	}
	for _, q := range []string{
		`DROP TRIGGER refuse ON ` + schema + `.quads`,
		`CREATE TRIGGER refuse BEFORE INSERT ON ` + schema + `.seckg_changes FOR EACH ROW EXECUTE FUNCTION ` + schema + `.refuse()`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.WriteDocument(ctx, docB()); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("WriteDocument with a refusing change log = %v, want the refusal", err)
	}
	if n3, q3 := pgRowsOf(t, dsn); cmp.Diff(nodes, n3) != "" || cmp.Diff(quads, q3) != "" {
		t.Error("a write whose change log failed left rows in nodes or quads")
	}
	if got := countLog(); got != logged {
		t.Errorf("seckg_changes holds %d rows, want %d", got, logged)
	}
}

// searchPath returns the schema postgresDSN put in dsn.
func searchPath(t *testing.T, dsn string) string {
	t.Helper()
	if u, err := url.Parse(dsn); err == nil && u.Query().Get("search_path") != "" {
		return u.Query().Get("search_path")
	}
	_, after, ok := strings.Cut(dsn, "search_path=")
	if !ok {
		t.Fatalf("no search_path in %q", dsn)
	}
	return strings.Fields(after)[0]
}
