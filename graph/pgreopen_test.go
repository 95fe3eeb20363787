package graph

import (
	"fmt"
	"log"
	"reflect"
	"sync"
	"testing"

	"github.com/cayleygraph/cayley/clog"
	"github.com/seckg/seckg"
)

// errorLog records what Cayley logs at error level.
type errorLog struct {
	mu   sync.Mutex
	errs []string
}

func (l *errorLog) Errorf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs = append(l.errs, fmt.Sprintf(format, args...))
}
func (l *errorLog) Infof(string, ...any)    {}
func (l *errorLog) Warningf(string, ...any) {}
func (l *errorLog) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf(format, args...))
}
func (l *errorLog) V(int) bool { return false }
func (l *errorLog) SetV(int)   {}

// stdLog is clog's default: everything to the standard logger (clog has
// no getter to save the one in place).
type stdLog struct{}

func (stdLog) Errorf(format string, args ...any)   { log.Printf("ERROR: "+format, args...) }
func (stdLog) Infof(format string, args ...any)    { log.Printf("INFO: "+format, args...) }
func (stdLog) Warningf(format string, args ...any) { log.Printf("WARN: "+format, args...) }
func (stdLog) Fatalf(format string, args ...any)   { log.Fatalf("FATAL: "+format, args...) }
func (stdLog) V(int) bool                          { return false }
func (stdLog) SetV(int)                            {}

// TestPostgresReopen opens a writable store on a PostgreSQL graph that
// already has its tables, as every writer but the first does on a shared
// graph: it must keep what is there and log no error (Cayley's init logs
// "Cannot create nodes table" when asked to create tables that exist).
func TestPostgresReopen(t *testing.T) {
	dsn := postgresDSN(t)
	a := mustOpen(t, Options{Backend: "postgres", Path: dsn})
	if err := a.WriteDocuments(t.Context(), []seckg.Extraction{docA()}); err != nil {
		t.Fatal(err)
	}
	want := dumpOf(t, a)
	var log errorLog
	clog.SetLogger(&log)
	t.Cleanup(func() { clog.SetLogger(stdLog{}) })
	for _, o := range []Options{{Backend: "postgres", Path: dsn}, {Backend: "postgres", Path: dsn, WriteOnly: true}} {
		b := mustOpen(t, o)
		if o.WriteOnly {
			b.Close()
			b = mustOpen(t, Options{Backend: "postgres", Path: dsn, ReadOnly: true})
		}
		if got := dumpOf(t, b); !reflect.DeepEqual(got, want) {
			t.Errorf("write-only=%v: reopened store holds\n%+v\nwant\n%+v", o.WriteOnly, got, want)
		}
	}
	if len(log.errs) > 0 {
		t.Errorf("Cayley logged errors on reopening: %q", log.errs)
	}
}
