package api

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
)

// exportRoute is one /export.<ext> route.
type exportRoute struct {
	ext         string // file extension in the path
	format      string // format handed to Config.Exporter; "" for N-Quads
	contentType string
}

var exports = []exportRoute{
	{"graphml", "graphml", "application/xml; charset=utf-8"},
	{"gexf", "gexf", "application/xml; charset=utf-8"},
	{"json", "cytoscape", "application/json; charset=utf-8"},
	{"jsonld", "jsonld", "application/ld+json; charset=utf-8"},
	{"nq", "", "application/n-quads; charset=utf-8"},
}

// export streams the graph as an attachment. The headers go out with the
// first byte, so an error before it is still a JSON error answer; one
// after it can only cut the download short (and is logged).
func (s *server) export(e exportRoute) gin.HandlerFunc {
	return func(c *gin.Context) {
		f, err := filterParams(c)
		if err != nil {
			s.writeError(c, err)
			return
		}
		w := &attachment{c: c, contentType: e.contentType, filename: "seckg." + e.ext}
		ctx := c.Request.Context()
		switch {
		case e.format == "":
			if !filterEmpty(f) {
				s.writeError(c, invalid("the N-Quads export takes no filters (types, predicates, doc, since, until)"))
				return
			}
			err = s.cfg.Store.WriteNQuads(ctx, w)
		case s.cfg.Exporter == nil:
			err = errors.New("api: export: no exporter configured")
		default:
			err = s.cfg.Exporter(ctx, w, e.format, f)
		}
		if err == nil {
			if !w.started {
				w.start() // an empty export is still a file
			}
			return
		}
		if !w.started {
			s.writeError(c, fmt.Errorf("api: export %s: %w", e.ext, err))
			return
		}
		if ctx.Err() == nil {
			s.log.ErrorContext(ctx, "export cut short", "format", e.ext, "err", err)
		}
		c.Abort()
	}
}

// attachment is an io.Writer that sends the download headers before its
// first byte.
type attachment struct {
	c           *gin.Context
	contentType string
	filename    string
	started     bool
}

func (a *attachment) start() {
	a.started = true
	h := a.c.Writer.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Content-Disposition", `attachment; filename="`+a.filename+`"`)
	a.c.Status(http.StatusOK)
	a.c.Writer.WriteHeaderNow()
}

func (a *attachment) Write(p []byte) (int, error) {
	if !a.started {
		if len(p) == 0 {
			return 0, nil
		}
		a.start()
	}
	return a.c.Writer.Write(p)
}
