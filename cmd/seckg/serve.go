package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/seckg/seckg"
	"github.com/seckg/seckg/api"
	"github.com/seckg/seckg/export"
	"github.com/seckg/seckg/extract"
	"github.com/seckg/seckg/graph"
	"github.com/seckg/seckg/web"
)

var cmdServe = &command{
	name:  "serve",
	usage: "[--db PATH] [--addr 127.0.0.1:8080] [--query-timeout 5s] [--cors-origin ORIGIN] [--pprof ADDR] [--refresh 2s] [--idle-gc 250ms]",
	short: "serve the JSON API under /api/v1 and the UI at /; writes need $SECKG_TOKEN when it is set",
	run:   runServe,
}

// The fit of the concrete types to the api's interfaces, checked here
// where they are wired.
var (
	_ api.Store     = (*graph.Store)(nil)
	_ api.Extractor = (*extract.Pipeline)(nil)
	_ export.Source = (*graph.Store)(nil)
)

// shutdownTimeout bounds how long serve waits for requests in flight after
// SIGTERM or SIGINT.
const shutdownTimeout = 10 * time.Second

func runServe(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	sf := addStoreFlags(fs)
	addr := fs.String("addr", envOr("SECKG_ADDR", "127.0.0.1:8080"), "listen address (env SECKG_ADDR)")
	queryTimeout := fs.Duration("query-timeout", api.DefaultQueryTimeout, "time limit of one Gizmo/GraphQL query")
	queryLimit := fs.Int("query-limit", api.DefaultQueryLimit, "most results of one query")
	maxBody := fs.Int64("max-body", api.DefaultMaxBody, "largest request body in bytes")
	cors := fs.String("cors-origin", envOr("SECKG_CORS_ORIGIN", ""), "origin allowed cross-origin requests, or * (env SECKG_CORS_ORIGIN)")
	logFormat := fs.String("log-format", envOr("SECKG_LOG_FORMAT", "text"), "request log format: text or json (env SECKG_LOG_FORMAT)")
	pprofAddr := fs.String("pprof", envOr("SECKG_PPROF", ""), "also serve net/http/pprof's /debug/pprof/ on this address, e.g. 127.0.0.1:6060; empty: off (env SECKG_PPROF)")
	refresh := fs.Duration("refresh", 2*time.Second, "PostgreSQL: how often to read what other processes wrote to the shared graph; 0: only at start")
	idle := fs.Duration("idle-gc", 250*time.Millisecond, "collect garbage after this long without requests (when 64 MiB were allocated since the last collection); 0: off")
	if err := parse(fs, args); err != nil {
		return err
	}
	log := e.log
	if *logFormat == "json" {
		log = slog.New(slog.NewJSONHandler(e.stderr, nil))
	}
	st, p, closeAll, err := sf.openWritable(ctx, false)
	if err != nil {
		return err
	}
	defer closeAll()
	if os.Getenv("GOGC") == "" {
		log.Info("garbage collector", "GOGC", tuneServeGC())
	}

	h := newHandler(st, p, api.Config{
		Token:        os.Getenv("SECKG_TOKEN"),
		ReadToken:    os.Getenv("SECKG_READ_TOKEN"),
		QueryTimeout: *queryTimeout,
		QueryLimit:   *queryLimit,
		MaxBody:      *maxBody,
		CORSOrigin:   *cors,
		Logger:       log,
	})
	if *idle > 0 {
		g := newIdleGC(*idle, idleGCGrowth)
		h = g.wrap(h)
		go g.run(ctx)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	if *pprofAddr != "" {
		pln, err := net.Listen("tcp", *pprofAddr)
		if err != nil {
			return fmt.Errorf("serve: pprof: %w", err)
		}
		psrv := &http.Server{Handler: pprofHandler(), ReadHeaderTimeout: 10 * time.Second}
		defer psrv.Close()
		go psrv.Serve(pln)
		log.Info("profiling", "addr", "http://"+pln.Addr().String()+"/debug/pprof/")
	}
	if *refresh > 0 {
		go refreshLoop(ctx, st, *refresh, log)
	}
	log.Info("serving", "addr", "http://"+ln.Addr().String(), "db", *sf.db, "writes", writePolicy())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	return nil
}

// serveGCHeadroom is how much the heap may grow past what is live before a
// collection, at least: with Go's default (GOGC=100, headroom = live heap)
// a 1M-quad store (~200 MB live) was collected every ~2 s under load, and
// marking its pointer-rich read index made most of the neighbours p99.
const serveGCHeadroom = 512 << 20

// idleGCGrowth is how much must have been allocated since the last
// collection for an idle one (idlegc.go): an eighth of the headroom, so
// that a burst after a pause starts with (nearly) all of it free, and
// small bursts (a few thousand requests) cost no mark at all.
const idleGCGrowth = serveGCHeadroom / 8

// tuneServeGC sets GOGC, once the store is open and its read index built,
// so that the headroom is at least serveGCHeadroom (and never below
// GOGC=100, so larger stores keep Go's default), and returns the value.
func tuneServeGC() int {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	pct := 100
	if live := ms.HeapAlloc; live > 0 {
		pct = int(max(100, min(serveGCHeadroom*100/live, 1000)))
	}
	debug.SetGCPercent(pct)
	return pct
}

// refreshLoop calls st.Refresh every period until ctx ends, so that a
// server on a shared PostgreSQL graph answers with what other processes
// wrote (on bolt and memory stores Refresh does nothing).
func refreshLoop(ctx context.Context, st *graph.Store, period time.Duration, log *slog.Logger) {
	every(ctx, period, func() {
		if n, err := st.Refresh(ctx); err != nil && ctx.Err() == nil {
			log.Warn("refresh", "err", err)
		} else if n > 0 {
			log.Info("refreshed", "documents", n)
		}
	})
}

// pprofHandler serves net/http/pprof's pages under /debug/pprof/, on their
// own listener, so that the API never exposes them.
func pprofHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

func writePolicy() string {
	if os.Getenv("SECKG_TOKEN") != "" {
		return "bearer token"
	}
	return "loopback clients only"
}

// newHandler wires the store, the extractor, the exporters and the
// embedded frontend into cfg and returns the API's handler.
func newHandler(st *graph.Store, p *extract.Pipeline, cfg api.Config) http.Handler {
	cfg.Store = st
	cfg.Extractor = p
	cfg.Exporter = func(ctx context.Context, w io.Writer, format string, f seckg.Filter) error {
		return export.Write(ctx, w, format, st, f)
	}
	cfg.SubgraphWriter = export.WriteSubgraph
	cfg.Simplify = extract.ToSimplified
	cfg.WebFS = web.FS()
	return api.New(cfg)
}
