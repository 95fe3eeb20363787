// Package api serves the knowledge graph over HTTP: the JSON API under
// /api/v1 (reads, writes, queries, exports and its OpenAPI document) and the
// web frontend at /.
package api

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/seckg/seckg"
)

// Reader is what the graph read handlers need from the store. *graph.Store
// satisfies it.
type Reader interface {
	Stats(ctx context.Context) (seckg.Stats, error)
	Search(ctx context.Context, q seckg.SearchQuery) (seckg.SearchResult, error)
	Entity(ctx context.Context, id seckg.EntityID) (seckg.EntityDetail, error)
	Neighbors(ctx context.Context, id seckg.EntityID, q seckg.NeighborQuery) (seckg.Subgraph, error)
	Paths(ctx context.Context, from, to seckg.EntityID, maxLen, k int) ([]seckg.Path, error)
	Timeline(ctx context.Context, entity seckg.EntityID, from, to string) ([]seckg.TimelineItem, error)
	Subgraph(ctx context.Context, ids []seckg.EntityID, expand int) (seckg.Subgraph, error)
}

// DocumentStore is what the document handlers need from the store.
// *graph.Store satisfies it.
type DocumentStore interface {
	Documents(ctx context.Context) ([]seckg.Document, error)
	Document(ctx context.Context, id seckg.DocID) (seckg.DocumentDetail, error)
	WriteDocument(ctx context.Context, x seckg.Extraction) error
	DeleteDocument(ctx context.Context, id seckg.DocID) error
}

// Querier runs read-only Gizmo or GraphQL queries. *graph.Store satisfies it.
type Querier interface {
	Query(ctx context.Context, lang, query string, limit int) ([]any, error)
}

// NQuadsWriter dumps the whole graph as N-Quads. *graph.Store satisfies it.
type NQuadsWriter interface {
	WriteNQuads(ctx context.Context, w io.Writer) error
}

// Store is everything the API reads and writes; *graph.Store satisfies it.
type Store interface {
	Reader
	DocumentStore
	Querier
	NQuadsWriter
}

// Extractor turns the raw bytes of a document (any supported charset) into
// what it states. *extract.Pipeline satisfies it.
type Extractor interface {
	Extract(ctx context.Context, id seckg.DocID, raw []byte) (seckg.Extraction, error)
}

// ExportFunc streams the filtered graph to w in format ("graphml", "gexf",
// "cytoscape", "jsonld"). Wire it to a closure over export.Write and the
// store. It returns a seckg.ErrInvalid error for an unknown format.
type ExportFunc func(ctx context.Context, w io.Writer, format string, f seckg.Filter) error

// SubgraphFunc writes g to w in format ("graphml" or "cytoscape");
// export.WriteSubgraph has this signature.
type SubgraphFunc func(w io.Writer, format string, g seckg.Subgraph) error

// Rate is a per-client token bucket: PerSecond requests refill per second,
// up to Burst at once. The zero Rate means the default; a negative
// PerSecond means no limit.
type Rate struct {
	PerSecond float64
	Burst     int
}

// Defaults used for zero Config fields.
const (
	DefaultQueryTimeout = 5 * time.Second
	DefaultReadTimeout  = 15 * time.Second
	DefaultQueryLimit   = 1000
	DefaultMaxBody      = 10 << 20
	DefaultMaxQueries   = 4
)

var (
	defaultWriteRate = Rate{PerSecond: 2, Burst: 20}
	defaultQueryRate = Rate{PerSecond: 5, Burst: 20}
)

// Config holds what the server is wired to and its limits. Store is
// required; the other fields may be left zero.
type Config struct {
	Store     Store
	Extractor Extractor // nil: POST /documents answers 500
	// Exporter serves /export.graphml, .gexf, .json (format "cytoscape")
	// and .jsonld; nil makes them answer 500. /export.nq uses Store.
	Exporter ExportFunc
	// SubgraphWriter serves /subgraph in both formats (export.WriteSubgraph,
	// so that /subgraph and /export.json give one Cytoscape shape); nil
	// makes format=graphml unavailable (400) and the api builds the
	// Cytoscape JSON itself.
	SubgraphWriter SubgraphFunc
	// Simplify turns Traditional Chinese search input into Simplified
	// (extract.ToSimplified); nil leaves the input as it is.
	Simplify func(string) string

	// Token, if set, is the bearer token writes need. If empty, writes are
	// accepted only from loopback clients.
	Token string
	// ReadToken, if set, is a bearer token every read (but /health and
	// /openapi.json) needs; Token is accepted for reads too.
	ReadToken string

	QueryTimeout time.Duration // bound of one POST /query; default 5s
	ReadTimeout  time.Duration // bound of one store read; default 15s
	QueryLimit   int           // most results of one query; default 1000
	// MaxQueries bounds the queries running at once, counting those whose
	// store call outlived its 408 answer; beyond it /query answers 429.
	// Default 4.
	MaxQueries int
	MaxBody    int64 // largest request body in bytes; default 10 MiB
	WriteRate  Rate  // per client IP for POST/DELETE; default 2/s, burst 20
	QueryRate  Rate  // per client IP for POST /query; default 5/s, burst 20
	// TrustedProxies lists the proxies whose X-Forwarded-For is believed
	// when finding the client IP; nil trusts none.
	TrustedProxies []string
	// CORSOrigin, if set, is the origin (or "*") allowed cross-origin.
	CORSOrigin string
	Logger     *slog.Logger // nil: discard
	// WebFS is the built frontend, index.html at its root; nil serves a
	// placeholder page.
	WebFS fs.FS
}

// server holds the configured handlers' state.
type server struct {
	cfg        Config
	log        *slog.Logger
	writeLimit *limiter
	queryLimit *limiter
	querySlots chan struct{} // one token per running query
	webFS      fs.FS
}

// New returns the HTTP handler of the API and the frontend. It panics if
// cfg.Store is nil. The handler is safe for concurrent use.
func New(cfg Config) http.Handler {
	if cfg.Store == nil {
		panic("api: New: Config.Store is nil")
	}
	if cfg.QueryTimeout <= 0 {
		cfg.QueryTimeout = DefaultQueryTimeout
	}
	if cfg.ReadTimeout <= 0 {
		cfg.ReadTimeout = DefaultReadTimeout
	}
	if cfg.QueryLimit <= 0 {
		cfg.QueryLimit = DefaultQueryLimit
	}
	if cfg.MaxQueries <= 0 {
		cfg.MaxQueries = DefaultMaxQueries
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.WriteRate == (Rate{}) {
		cfg.WriteRate = defaultWriteRate
	}
	if cfg.QueryRate == (Rate{}) {
		cfg.QueryRate = defaultQueryRate
	}
	if cfg.Simplify == nil {
		cfg.Simplify = func(s string) string { return s }
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &server{
		cfg:        cfg,
		log:        log,
		writeLimit: newLimiter(cfg.WriteRate),
		queryLimit: newLimiter(cfg.QueryRate),
		querySlots: make(chan struct{}, cfg.MaxQueries),
		webFS:      cfg.WebFS,
	}
	return s.router()
}

func (s *server) router() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.UseRawPath = true // ids may hold an escaped '/'
	r.UnescapePathValues = true
	r.ContextWithFallback = false
	if err := r.SetTrustedProxies(s.cfg.TrustedProxies); err != nil {
		s.log.Warn("trusting no proxy", "err", err)
		_ = r.SetTrustedProxies(nil)
	}
	r.Use(s.logRequests, s.recover, s.securityHeaders)
	if s.cfg.CORSOrigin != "" {
		r.Use(s.cors)
	}

	v1 := r.Group("/api/v1")
	v1.GET("/health", s.health)
	v1.GET("/openapi.json", s.openAPI)

	read := v1.Group("", s.authRead)
	read.GET("/stats", s.stats)
	read.GET("/entities", s.searchEntities)
	read.GET("/entities/:id", s.entity)
	read.GET("/entities/:id/neighbors", s.neighbors)
	read.GET("/paths", s.paths)
	read.GET("/timeline", s.timeline)
	read.GET("/documents", s.documents)
	read.GET("/documents/:id", s.document)
	read.GET("/subgraph", s.subgraph)
	for _, e := range exports {
		read.GET("/export."+e.ext, s.export(e))
	}
	read.POST("/query", s.limit(s.queryLimit), s.limitBody, s.query)

	write := v1.Group("", s.limit(s.writeLimit), s.authWrite, s.limitBody)
	write.POST("/documents", s.postDocument)
	write.DELETE("/documents/:id", s.deleteDocument)

	r.NoRoute(s.noRoute)
	return r
}

func (s *server) health(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readCtx bounds one store read.
func (s *server) readCtx(c *gin.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.Request.Context(), s.cfg.ReadTimeout)
}
