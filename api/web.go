package api

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

// placeholder is served at / when no frontend is configured.
const placeholder = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>seckg</title></head>
<body><h1>seckg</h1>
<p>The web frontend is not built into this server. The API is at
<a href="/api/v1/stats">/api/v1</a>, described by <a href="/api/v1/openapi.json">openapi.json</a>.</p>
</body></html>
`

// serveWeb serves a file of WebFS, or index.html for client-side routes
// (paths whose last element has no extension).
func (s *server) serveWeb(c *gin.Context) {
	if s.webFS == nil {
		c.Header("Cache-Control", "no-cache")
		c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(placeholder))
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+c.Request.URL.Path), "/")
	if name != "" && name != "index.html" {
		if st, err := fs.Stat(s.webFS, name); err == nil && !st.IsDir() {
			if strings.HasPrefix(name, "assets/") {
				c.Header("Cache-Control", "public, max-age=31536000, immutable")
			}
			http.ServeFileFS(c.Writer, c.Request, s.webFS, name)
			return
		}
		if path.Ext(name) != "" {
			c.Data(http.StatusNotFound, "text/plain; charset=utf-8", []byte("404 page not found\n"))
			return
		}
	}
	index, err := fs.ReadFile(s.webFS, "index.html")
	if err != nil {
		c.Data(http.StatusNotFound, "text/plain; charset=utf-8", []byte("404 page not found\n"))
		return
	}
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "text/html; charset=utf-8", index)
}
