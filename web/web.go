// Package web holds the seckg frontend: the sources in web/src are bundled
// by esbuild (npm run build) into web/dist, which is committed and embedded
// here so that building the Go binary needs no Node.js.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// FS returns the built frontend (index.html, app.js, app.css) rooted at
// the dist folder, ready for http.FileServer(http.FS(web.FS())).
func FS() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub fails only for an invalid path; "dist" is valid.
		panic("web: " + err.Error())
	}
	return sub
}
