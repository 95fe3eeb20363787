package graph

import (
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	graphlog "github.com/cayleygraph/cayley/graph/log"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/lib/pq"
)

// pgBulk writes deltas into Cayley's PostgreSQL schema (tables nodes and
// quads, as cayley/graph/sql creates them) with multi-row statements:
// Cayley's own ApplyDeltas sends one INSERT per node and one per quad. The
// rows are those Cayley would write (the same hashes, value columns and
// reference counts, computed by Cayley's own functions), so Cayley reads
// them as its own; everything happens in one SQL transaction.
type pgBulk struct {
	db *sql.DB
}

// pgRows is how many rows one statement carries: PostgreSQL allows 65,535
// parameters per statement, a row here takes at most four.
const pgRows = 4096

func openPGBulk(dsn string) (*pgBulk, error) {
	db, err := sql.Open("postgres", dsn) // lib/pq, which Cayley's backend registers
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(2)
	if _, err := db.Exec(changesDDL); err != nil {
		db.Close()
		return nil, fmt.Errorf("create seckg_changes: %w", err)
	}
	return &pgBulk{db: db}, nil
}

func (p *pgBulk) Close() error { return p.db.Close() }

// apply does what Cayley's sql QuadStore.ApplyDeltas does with
// IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}, in a few statements,
// and records in the same transaction that docs changed (pgchanges.go).
func (p *pgBulk) apply(in []cgraph.Delta, docs []string) (err error) {
	d := graphlog.SplitDeltas(in)
	tx, err := p.db.Begin()
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	// New nodes, or more references to present ones, grouped by the value
	// columns they fill.
	byType := map[csql.ValueType][][]any{}
	for _, n := range d.IncNode {
		t, vals, err := csql.NodeValues(csql.NodeHash{ValueHash: n.Hash}, n.Val)
		if err != nil {
			return err
		}
		byType[t] = append(byType[t], append([]any{n.RefInc}, vals...))
	}
	for t, rows := range byType {
		cols := "refs, hash, " + strings.Join(t.Columns(), ", ")
		if err := insertRows(tx, "INSERT INTO nodes("+cols+") ", "*", "", rows, " ON CONFLICT (hash) DO UPDATE SET refs = nodes.refs + EXCLUDED.refs"); err != nil {
			return fmt.Errorf("postgres: insert nodes: %w", err)
		}
	}
	if len(d.QuadAdd) > 0 {
		rows := make([][]any, len(d.QuadAdd))
		for i, u := range d.QuadAdd {
			rows[i] = quadRow(u.Quad)
		}
		if err := insertRows(tx, "INSERT INTO quads(subject_hash, predicate_hash, object_hash, label_hash, ts) ", "*, now()", ", now()", rows, " ON CONFLICT DO NOTHING"); err != nil {
			return fmt.Errorf("postgres: insert quads: %w", err)
		}
	}
	fix, err := deleteQuads(tx, d.QuadDel)
	if err != nil {
		return fmt.Errorf("postgres: delete quads: %w", err)
	}
	if len(d.DecNode) == 0 {
		return commitLogged(tx, docs)
	}
	var rows [][]any
	for _, n := range d.DecNode {
		if inc := n.RefInc + fix[n.Hash]; inc != 0 {
			rows = append(rows, []any{inc, csql.NodeHash{ValueHash: n.Hash}.SQLValue()})
		}
	}
	for len(rows) > 0 {
		k := min(len(rows), pgRows)
		q, args := valuesList("UPDATE nodes SET refs = nodes.refs + v.inc FROM (VALUES ", "", rows[:k], []string{"::int", "::bytea"})
		if _, err := tx.Exec(q+") AS v(inc, h) WHERE nodes.hash = v.h", args...); err != nil {
			return fmt.Errorf("postgres: update nodes: %w", err)
		}
		rows = rows[k:]
	}
	if _, err := tx.Exec("DELETE FROM nodes WHERE refs <= 0"); err != nil {
		return fmt.Errorf("postgres: delete nodes: %w", err)
	}
	return commitLogged(tx, docs)
}

// commitLogged logs docs' changes and commits tx.
func commitLogged(tx *sql.Tx, docs []string) error {
	if err := logChanges(tx, docs); err != nil {
		return err
	}
	return tx.Commit()
}

// quadRow is the four hashes of q as statement arguments (nil: no label).
func quadRow(q cgraph.QuadHash) []any {
	row := make([]any, 0, 4)
	for _, dir := range quad.Directions {
		row = append(row, csql.NodeHash{ValueHash: q.Get(dir)}.SQLValue())
	}
	return row
}

// deleteQuads deletes the quads of del and returns, for the nodes of those
// that were not there, the references to give back (as Cayley does when
// missing quads are ignored).
func deleteQuads(tx *sql.Tx, del []graphlog.QuadUpdate) (map[cgraph.ValueHash]int, error) {
	fix := map[cgraph.ValueHash]int{}
	var labelled, bare [][]any
	want := map[cgraph.QuadHash]int{}
	for _, u := range del {
		want[u.Quad]++
		row := quadRow(u.Quad)
		if row[3] == nil {
			bare = append(bare, row[:3])
		} else {
			labelled = append(labelled, row)
		}
	}
	for _, part := range []struct {
		rows [][]any
		cond string
	}{
		{labelled, "q.label_hash = v.l"},
		{bare, "q.label_hash IS NULL"},
	} {
		rows := part.rows
		cols, casts := "v(s, p, o, l)", []string{"::bytea", "::bytea", "::bytea", "::bytea"}
		if len(rows) > 0 && len(rows[0]) == 3 {
			cols, casts = "v(s, p, o)", casts[:3]
		}
		for len(rows) > 0 {
			k := min(len(rows), pgRows)
			q, args := valuesList("DELETE FROM quads AS q USING (VALUES ", "", rows[:k], casts)
			q += ") AS " + cols + " WHERE q.subject_hash = v.s AND q.predicate_hash = v.p AND q.object_hash = v.o AND " + part.cond +
				" RETURNING q.subject_hash, q.predicate_hash, q.object_hash, q.label_hash"
			res, err := tx.Query(q, args...)
			if err != nil {
				return nil, err
			}
			for res.Next() {
				var h [4]csql.NodeHash
				if err := res.Scan(&h[0], &h[1], &h[2], &h[3]); err != nil {
					res.Close()
					return nil, err
				}
				var qh cgraph.QuadHash
				for i, dir := range quad.Directions {
					qh.Set(dir, h[i].ValueHash)
				}
				want[qh]--
			}
			if err := res.Close(); err != nil {
				return nil, err
			}
			if err := res.Err(); err != nil {
				return nil, err
			}
			rows = rows[k:]
		}
	}
	for qh, n := range want {
		if n <= 0 {
			continue
		}
		for _, dir := range quad.Directions {
			if h := qh.Get(dir); h.Valid() {
				fix[h] += n
			}
		}
	}
	return fix, nil
}

// insertRows runs head SELECT sel FROM unnest(column arrays) tail over
// rows, one array parameter per column: a statement of a few arrays is
// parsed and planned much faster than one of thousands of parameters.
// Rows with a value no array type here carries (NULL, time) go as
// head VALUES (row, extra), ... tail instead.
func insertRows(tx *sql.Tx, head, sel, extra string, rows [][]any, tail string) error {
	for len(rows) > 0 {
		k := min(len(rows), pgRows)
		part := rows[:k]
		rows = rows[k:]
		if arrays, casts, ok := columnArrays(part); ok {
			ph := make([]string, len(arrays))
			for i := range ph {
				ph[i] = "$" + strconv.Itoa(i+1) + casts[i]
			}
			if _, err := tx.Exec(head+"SELECT "+sel+" FROM unnest("+strings.Join(ph, ", ")+")"+tail, arrays...); err != nil {
				return err
			}
			continue
		}
		q, args := valuesList(head+"VALUES ", extra, part, nil)
		if _, err := tx.Exec(q+tail, args...); err != nil {
			return err
		}
	}
	return nil
}

// columnArrays turns rows (all of one shape) into one lib/pq array per
// column and its SQL cast; ok is false when a value has no array here.
func columnArrays(rows [][]any) (arrays []any, casts []string, ok bool) {
	for j := range rows[0] {
		var (
			a    any
			cast string
		)
		switch rows[0][j].(type) {
		case []byte:
			var b [][]byte
			b, ok = column[[]byte](rows, j)
			for _, v := range b {
				ok = ok && v != nil // NULL: ByteaArray would send an empty bytea
			}
			a, cast = pq.ByteaArray(b), "::bytea[]"
		case string:
			var v []string
			v, ok = column[string](rows, j)
			a, cast = pq.StringArray(v), "::text[]"
		case bool:
			var v []bool
			v, ok = column[bool](rows, j)
			a, cast = pq.BoolArray(v), "::boolean[]"
		case int64:
			var v []int64
			v, ok = column[int64](rows, j)
			a, cast = pq.Int64Array(v), "::bigint[]"
		case int:
			var v []int
			v, ok = column[int](rows, j)
			n := make(pq.Int64Array, len(v))
			for i, x := range v {
				n[i] = int64(x)
			}
			a, cast = n, "::bigint[]"
		case float64:
			var v []float64
			v, ok = column[float64](rows, j)
			a, cast = pq.Float64Array(v), "::double precision[]"
		default:
			ok = false
		}
		if !ok {
			return nil, nil, false
		}
		arrays, casts = append(arrays, a), append(casts, cast)
	}
	return arrays, casts, true
}

// column returns column j of rows if every value in it is a T.
func column[T any](rows [][]any, j int) ([]T, bool) {
	a := make([]T, len(rows))
	for i, r := range rows {
		v, ok := r[j].(T)
		if !ok {
			return nil, false
		}
		a[i] = v
	}
	return a, true
}

// valuesList appends "($1, $2), ($3, $4)" for rows to head, each
// placeholder followed by its cast (when given) and each row by extra.
func valuesList(head, extra string, rows [][]any, casts []string) (string, []any) {
	var b strings.Builder
	b.WriteString(head)
	args := make([]any, 0, len(rows)*len(rows[0]))
	for i, row := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j, v := range row {
			if j > 0 {
				b.WriteString(", ")
			}
			args = append(args, v)
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(len(args)))
			if j < len(casts) {
				b.WriteString(casts[j])
			}
		}
		b.WriteString(extra)
		b.WriteByte(')')
	}
	return b.String(), args
}
