package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/lib/pq"

	"github.com/seckg/seckg"
)

// Several processes may share one PostgreSQL graph (ingest workers, API
// servers: SCALING.md). Each keeps its own read index, so each must learn
// what the others write. Every write transaction appends the ids of the
// documents it changed to the table seckg_changes, in the same
// transaction as the quads; a process's Refresh reads the entries after
// the last one it has seen and re-reads those documents' quads.
//
// A sequence number is taken when a row is inserted, not when its
// transaction commits, so a reader could see 11 before a slower writer's
// 10 commits and then skip 10. Writers therefore lock the table (EXCLUSIVE:
// readers' SELECTs still pass) for the insert, which is the last statement
// before the commit: they commit in the order of their numbers.
const changesDDL = `CREATE TABLE IF NOT EXISTS seckg_changes (
	seq BIGSERIAL PRIMARY KEY,
	doc TEXT NOT NULL,
	at  TIMESTAMPTZ NOT NULL DEFAULT now()
)`

// logChanges records in tx that docs changed.
func logChanges(tx *sql.Tx, docs []string) error {
	if len(docs) == 0 {
		return nil
	}
	if _, err := tx.Exec("LOCK TABLE seckg_changes IN EXCLUSIVE MODE"); err != nil {
		return fmt.Errorf("postgres: lock seckg_changes: %w", err)
	}
	if _, err := tx.Exec("INSERT INTO seckg_changes(doc) SELECT unnest($1::text[])", pq.Array(docs)); err != nil {
		return fmt.Errorf("postgres: log changes: %w", err)
	}
	return nil
}

// lastChange returns the newest sequence number of seckg_changes (0 for
// none), and false when the table does not exist: a database no writable
// seckg has opened yet, read here by a read-only store.
func lastChange(ctx context.Context, db *sql.DB) (int64, bool, error) {
	var seq int64
	err := db.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM seckg_changes").Scan(&seq)
	var pe *pq.Error
	if errors.As(err, &pe) && pe.Code == "42P01" { // undefined_table
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("postgres: read seckg_changes: %w", err)
	}
	return seq, true, nil
}

// Refresh brings the read index up to date with what other processes
// wrote to a shared PostgreSQL graph since Open or the last Refresh: it
// re-reads the documents they changed (stored, replaced or deleted) and
// returns how many. On bolt and memory stores, which one process owns, it
// does nothing. `seckg serve` calls it every few seconds (--refresh).
// Quads without a document label are not tracked: their count is that of
// Open.
func (s *Store) Refresh(ctx context.Context) (int, error) {
	if s.pgdb == nil {
		return 0, nil
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if !s.logged { // no log at Open: once there is one, replay all of it
		if _, ok, err := lastChange(ctx, s.pgdb); err != nil || !ok {
			return 0, err
		}
		s.logged = true
	}
	rows, err := s.pgdb.QueryContext(ctx, "SELECT seq, doc FROM seckg_changes WHERE seq > $1 ORDER BY seq", s.seen)
	if err != nil {
		return 0, fmt.Errorf("graph: refresh: %w", err)
	}
	var (
		docs []seckg.DocID
		seen = map[seckg.DocID]bool{}
		last = s.seen
	)
	for rows.Next() {
		var d string
		if err := rows.Scan(&last, &d); err != nil {
			rows.Close()
			return 0, fmt.Errorf("graph: refresh: %w", err)
		}
		if id := seckg.DocID(d); !seen[id] {
			seen[id] = true
			docs = append(docs, id)
		}
	}
	if err := rows.Close(); err != nil {
		return 0, fmt.Errorf("graph: refresh: %w", err)
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("graph: refresh: %w", err)
	}
	changes := make([]change, 0, len(docs))
	for _, id := range docs {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		qs, err := s.labelQuads(id)
		if err != nil {
			return 0, fmt.Errorf("graph: refresh %s: %w", id, err)
		}
		if len(qs) == 0 {
			changes = append(changes, change{id: id, del: true})
			continue
		}
		qs = dedup(qs)
		x, extra := decode(id, qs, nil)
		changes = append(changes, change{id: id, x: x, extra: extra, quads: len(qs)})
	}
	s.mu.Lock()
	s.ix.applyChanges(changes, s.writeOnly)
	s.mu.Unlock()
	s.seen = last
	return len(docs), nil
}
