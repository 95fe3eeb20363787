package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/memstore"
	_ "github.com/cayleygraph/cayley/graph/sql/postgres" // registers the "postgres" quad store
	"github.com/cayleygraph/quad"
	bolt "go.etcd.io/bbolt"

	"github.com/seckg/seckg"
)

// Options selects and configures the backend.
type Options struct {
	Backend  string // "bolt" (default), "memory", "postgres"
	Path     string // bolt: a folder; postgres: a connection string
	ReadOnly bool
	// WriteOnly keeps only a summary of the documents this process writes
	// (see writeonly.go): for ingest and import, whose memory then does
	// not grow with what they write. Ignored with ReadOnly.
	WriteOnly bool
}

// boltFile is the file name Cayley's bolt backend uses inside its folder.
const boltFile = "indexes.bolt"

// kvOptions turns off Cayley's kv bloom filters: each is sized for 100
// million entries (about 80 MB, three or four of them on a fresh store), which
// alone put an ingest's peak RSS past 700 MB. Without them duplicate and
// existence checks read the bolt indexes instead; the results are the same.
var kvOptions = cgraph.Options{kv.OptNoBloom: true}

// lockTimeout bounds the wait for a bolt file another process holds.
const lockTimeout = 2 * time.Second

// Store is the knowledge graph: a Cayley quad store and its read index.
// It is safe for concurrent use; writes are serialised.
//
// What the read methods answer may share the store's memory, to save a
// copy per request: the evidence of relations that one document states
// (every method), and the entities of Neighbors, Subgraph and Search.
// Callers read answers and must not write into them; writes to the store
// replace such values rather than edit them.
type Store struct {
	qs        cgraph.QuadStore
	backend   string
	readOnly  bool
	writeOnly bool
	pg        *pgBulk  // PostgreSQL's batched writer, nil on other backends
	bolt      *bolt.DB // the bolt backend's file, nil on other backends
	// pgdb reads PostgreSQL's change log (pgchanges.go), nil on other
	// backends; pg's own pool unless read-only. seen is the last change
	// the index holds and logged whether the log existed then; wmu guards
	// both.
	pgdb   *sql.DB
	seen   int64
	logged bool

	wmu sync.Mutex   // serialises writers
	mu  sync.RWMutex // guards ix
	ix  *index
}

// Open opens (creating it when missing, unless read-only) the store o
// describes and builds its read index.
func Open(ctx context.Context, o Options) (*Store, error) {
	b := o.Backend
	if b == "" {
		b = "bolt"
	}
	var (
		qs  cgraph.QuadStore
		bdb *bolt.DB
		err error
	)
	switch b {
	case "memory":
		qs = memstore.New()
	case "bolt":
		qs, bdb, err = openBolt(o.Path, o.ReadOnly)
	case "postgres":
		qs, err = openPostgres(o.Path, o.ReadOnly)
	default:
		return nil, seckg.Errorf(seckg.ErrInvalid, fmt.Sprintf("graph: unknown backend %q (want bolt, memory or postgres)", o.Backend))
	}
	if err != nil {
		return nil, err
	}
	s := &Store{qs: qs, backend: b, readOnly: o.ReadOnly, writeOnly: o.WriteOnly && !o.ReadOnly, bolt: bdb, ix: newIndex()}
	if b == "postgres" {
		if err := s.openPGLog(ctx, o); err != nil {
			s.Close()
			return nil, fmt.Errorf("graph: open postgres: %w", err)
		}
	}
	if err := s.load(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("graph: open %s: read quads: %w", b, err)
	}
	return s, nil
}

// openPGLog opens PostgreSQL's bulk writer (unless read-only) and the
// change log, and notes the last change before the index is loaded: what
// is logged later is re-read by Refresh, even if the load saw it too.
func (s *Store) openPGLog(ctx context.Context, o Options) error {
	if o.ReadOnly {
		db, err := sql.Open("postgres", o.Path)
		if err != nil {
			return err
		}
		db.SetMaxOpenConns(1)
		s.pgdb = db
	} else {
		pg, err := openPGBulk(o.Path)
		if err != nil {
			return err
		}
		s.pg, s.pgdb = pg, pg.db
	}
	seq, ok, err := lastChange(ctx, s.pgdb)
	s.seen, s.logged = seq, ok
	return err
}

func openBolt(dir string, readOnly bool) (cgraph.QuadStore, *bolt.DB, error) {
	if dir == "" {
		return nil, nil, seckg.Errorf(seckg.ErrInvalid, "graph: open bolt: no path given")
	}
	fi, err := os.Stat(dir)
	switch {
	case err == nil && !fi.IsDir():
		return nil, nil, seckg.Errorf(seckg.ErrInvalid, fmt.Sprintf("graph: open bolt: %s is a file, not a folder", dir))
	case errors.Is(err, os.ErrNotExist) && readOnly:
		return nil, nil, fmt.Errorf("graph: open bolt: folder %s does not exist (read-only store): %w", dir, seckg.ErrNotFound)
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, nil, fmt.Errorf("graph: open bolt: create folder %s: %w", dir, err)
		}
	case err != nil:
		return nil, nil, fmt.Errorf("graph: open bolt: %w", err)
	}
	file := filepath.Join(dir, boltFile)
	_, err = os.Stat(file)
	fresh := errors.Is(err, os.ErrNotExist)
	if fresh && readOnly {
		return nil, nil, fmt.Errorf("graph: open bolt: %s holds no store (read-only): %w", dir, seckg.ErrNotFound)
	}
	// Cayley's own bolt opener passes no timeout and would wait forever on a
	// locked file, so the file (same name and format as Cayley's) is opened
	// here with bbolt and handed to Cayley's kv layer.
	db, err := bolt.Open(file, 0o644, &bolt.Options{Timeout: lockTimeout, ReadOnly: readOnly, FreelistType: bolt.FreelistMapType})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, nil, fmt.Errorf("graph: open bolt: %s is locked by another process (gave up after %s)", file, lockTimeout)
	} else if err != nil {
		return nil, nil, fmt.Errorf("graph: open bolt %s: %w", file, err)
	}
	h := &boltKV{db: db}
	if fresh {
		if err := kv.Init(h, nil); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
			db.Close()
			return nil, nil, fmt.Errorf("graph: init bolt %s: %w", file, err)
		}
	}
	qs, err := kv.New(h, kvOptions)
	if errors.Is(err, cgraph.ErrNotInitialized) && !readOnly {
		if err = kv.Init(h, nil); err == nil {
			qs, err = kv.New(h, kvOptions)
		}
	}
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("graph: open bolt %s: %w", file, err)
	}
	return qs, db, nil
}

func openPostgres(dsn string, readOnly bool) (cgraph.QuadStore, error) {
	if dsn == "" {
		return nil, seckg.Errorf(seckg.ErrInvalid, "graph: open postgres: no connection string given")
	}
	if !readOnly {
		exists, err := pgHasSchema(dsn)
		if err != nil {
			return nil, fmt.Errorf("graph: open postgres: %w", err)
		}
		// Cayley's init logs "ERROR: Cannot create nodes table" when the
		// tables are there, which is the normal case of a shared graph:
		// ask first. Two first writers racing here both init, and the
		// loser's ErrDatabaseExists is expected.
		if !exists {
			if err := cgraph.InitQuadStore("postgres", dsn, nil); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
				return nil, fmt.Errorf("graph: init postgres: %w", err)
			}
		}
	}
	qs, err := cgraph.NewQuadStore("postgres", dsn, nil)
	if err != nil {
		return nil, fmt.Errorf("graph: open postgres: %w", err)
	}
	return qs, nil
}

// pgHasSchema reports whether the database of dsn (its search_path) holds
// Cayley's nodes and quads tables.
func pgHasSchema(dsn string) (bool, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return false, err
	}
	defer db.Close()
	var ok bool
	err = db.QueryRow("SELECT to_regclass('nodes') IS NOT NULL AND to_regclass('quads') IS NOT NULL").Scan(&ok)
	return ok, err
}

// load builds the index from every quad in the store.
func (s *Store) load(ctx context.Context) error {
	byDoc := map[seckg.DocID][]quad.Quad{}
	ix := newIndex()
	strs := newInterner()
	ix.beginLoad(strs)
	err := eachQuad(ctx, s.qs, s.qs.QuadsAllIterator(), func(q quad.Quad) {
		d, ok := docOf(q.Label)
		if !ok {
			ix.foreign++
			return
		}
		byDoc[d] = append(byDoc[d], q)
	})
	if err != nil {
		return err
	}
	for d, qs := range byDoc {
		x, extra := decode(d, qs, strs)
		ix.put(x, extra, len(qs))
		delete(byDoc, d)
	}
	ix.endLoad()
	s.mu.Lock()
	s.ix = ix
	s.mu.Unlock()
	return nil
}

// eachQuad calls fn with each quad of it, in canonical value form. It
// resolves values in batches through a bounded cache: Cayley's per-quad
// Quad call costs a transaction and four lookups on the kv backends.
func eachQuad(ctx context.Context, qs cgraph.QuadStore, it cgraph.Iterator, fn func(quad.Quad)) error {
	defer it.Close()
	const batch, maxCache = 4096, 1 << 18
	cache := make(map[any]quad.Value)
	refs := make([]cgraph.Ref, 0, batch)
	flush := func() error {
		if len(cache) > maxCache {
			clear(cache)
		}
		var miss []cgraph.Ref
		seen := map[any]bool{}
		for _, r := range refs {
			for _, d := range quad.Directions {
				v := qs.QuadDirection(r, d)
				if v == nil {
					continue
				}
				k := cgraph.ToKey(v)
				if _, ok := cache[k]; !ok && !seen[k] {
					seen[k] = true
					miss = append(miss, v)
				}
			}
		}
		if len(miss) > 0 {
			vals, err := cgraph.ValuesOf(ctx, qs, miss)
			if err != nil {
				return err
			}
			for i, v := range miss {
				cache[cgraph.ToKey(v)] = vals[i]
			}
		}
		for _, r := range refs {
			var q quad.Quad
			for _, d := range quad.Directions {
				if v := qs.QuadDirection(r, d); v != nil {
					q.Set(d, cache[cgraph.ToKey(v)])
				}
			}
			if !q.IsValid() { // a backend whose refs do not resolve this way
				q = qs.Quad(r)
			}
			fn(canonQuad(q))
		}
		refs = refs[:0]
		return nil
	}
	for it.Next(ctx) {
		refs = append(refs, it.Result())
		if len(refs) == batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := it.Err(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return flush()
}

// canonQuad gives values the form encode uses: backends and the N-Quads
// parser may turn an xsd:integer literal into quad.Int.
func canonQuad(q quad.Quad) quad.Quad {
	for _, d := range quad.Directions {
		switch v := q.Get(d).(type) {
		case quad.Int:
			q.Set(d, intValue(int(v)))
		case quad.TypedString:
			if v.Type == quad.IRI("xsd:integer") || v.Type == quad.IRI("<http://www.w3.org/2001/XMLSchema#integer>") {
				if n, err := strconv.Atoi(string(v.Value)); err == nil {
					q.Set(d, intValue(n))
				}
			}
		}
	}
	return q
}

// Close releases the store and returns the backend's close error.
func (s *Store) Close() error {
	if s.pg != nil {
		s.pg.Close() // and with it pgdb
	} else if s.pgdb != nil {
		s.pgdb.Close()
	}
	if err := s.qs.Close(); err != nil {
		return fmt.Errorf("graph: close %s: %w", s.backend, err)
	}
	return nil
}

// readOnlyQS is a quad store every write to which fails.
type readOnlyQS struct{ cgraph.QuadStore }

var errReadOnly = seckg.Errorf(seckg.ErrInvalid, "the store is read-only here")

func (readOnlyQS) ApplyDeltas([]cgraph.Delta, cgraph.IgnoreOpts) error { return errReadOnly }
func (readOnlyQS) NewQuadWriter() (quad.WriteCloser, error)            { return nil, errReadOnly }
func (readOnlyQS) Close() error                                        { return nil }
