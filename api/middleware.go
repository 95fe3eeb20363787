package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/seckg/seckg"
)

// contentSecurityPolicy suits a same-origin single-page application:
// scripts, data and fonts from this origin only; inline styles allowed for
// the graph library; no framing, plugins or foreign form targets.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// logRequests logs one line per request: method, path (without the query
// string), status, duration, size and client. It never logs headers.
func (s *server) logRequests(c *gin.Context) {
	t0 := time.Now()
	c.Next()
	status := c.Writer.Status()
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelWarn
	}
	if !s.log.Enabled(c.Request.Context(), level) {
		return // spares the attributes' allocations
	}
	s.log.Log(c.Request.Context(), level, "request",
		"method", c.Request.Method,
		"path", c.Request.URL.Path,
		"status", status,
		"took", time.Since(t0),
		"bytes", c.Writer.Size(),
		"client", c.ClientIP())
}

// recover turns a panic in a handler into a 500 JSON answer and a log line.
func (s *server) recover(c *gin.Context) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v)
		}
		s.log.ErrorContext(c.Request.Context(), "panic",
			"method", c.Request.Method, "path", c.Request.URL.Path,
			"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		if c.Writer.Written() {
			c.Abort()
			return
		}
		c.AbortWithStatusJSON(http.StatusInternalServerError,
			errorBody{errorDetail{Code: "internal", Message: "internal error"}})
	}()
	c.Next()
}

// The security headers' values, shared by every answer (net/http copies
// them when it writes the header; nothing appends to them).
var (
	nosniff    = []string{"nosniff"}
	cspValue   = []string{contentSecurityPolicy}
	denyFrames = []string{"DENY"}
	noReferrer = []string{"no-referrer"}
)

func (s *server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h["X-Content-Type-Options"] = nosniff
	h["Content-Security-Policy"] = cspValue
	h["X-Frame-Options"] = denyFrames
	h["Referrer-Policy"] = noReferrer
	c.Next()
}

// cors allows the configured origin and answers preflight requests.
func (s *server) cors(c *gin.Context) {
	origin := c.GetHeader("Origin")
	if origin == "" {
		c.Next()
		return
	}
	h := c.Writer.Header()
	h.Add("Vary", "Origin")
	allowed := s.cfg.CORSOrigin == "*" || origin == s.cfg.CORSOrigin
	if allowed {
		if s.cfg.CORSOrigin == "*" {
			h.Set("Access-Control-Allow-Origin", "*")
		} else {
			h.Set("Access-Control-Allow-Origin", origin)
		}
		h.Set("Access-Control-Expose-Headers", "Content-Disposition, Retry-After")
	}
	if c.Request.Method == http.MethodOptions && c.GetHeader("Access-Control-Request-Method") != "" {
		if allowed {
			h.Set("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
			h.Set("Access-Control-Max-Age", "600")
		}
		c.AbortWithStatus(http.StatusNoContent)
		return
	}
	c.Next()
}

// bearer returns the token of an "Authorization: Bearer <token>" header.
func bearer(r *http.Request) (string, bool) {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}

// tokenEqual compares in constant time; hashing first hides the length.
func tokenEqual(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}

func unauthorized(msg string) error { return &localError{kind: errUnauthorized, msg: msg} }

// authRead lets a read through when no ReadToken is set or the request
// carries ReadToken or Token.
func (s *server) authRead(c *gin.Context) {
	if s.cfg.ReadToken == "" {
		c.Next()
		return
	}
	tok, ok := bearer(c.Request)
	if !ok {
		s.writeError(c, unauthorized("reads need an Authorization: Bearer token"))
		return
	}
	if !tokenEqual(tok, s.cfg.ReadToken) && (s.cfg.Token == "" || !tokenEqual(tok, s.cfg.Token)) {
		s.writeError(c, unauthorized("the bearer token is not valid"))
		return
	}
	c.Next()
}

// authWrite lets a write through when it carries Token, or, with no Token
// configured, when it comes from a loopback address.
func (s *server) authWrite(c *gin.Context) {
	if s.cfg.Token == "" {
		if ip := net.ParseIP(c.ClientIP()); ip == nil || !ip.IsLoopback() {
			s.writeError(c, unauthorized("writes are accepted only from localhost when no token is configured"))
			return
		}
		c.Next()
		return
	}
	tok, ok := bearer(c.Request)
	if !ok {
		s.writeError(c, unauthorized("writes need an Authorization: Bearer token"))
		return
	}
	if !tokenEqual(tok, s.cfg.Token) {
		s.writeError(c, unauthorized("the bearer token is not valid"))
		return
	}
	c.Next()
}

// limit refuses requests beyond the client IP's token bucket.
func (s *server) limit(l *limiter) gin.HandlerFunc {
	return func(c *gin.Context) {
		if ok, wait := l.take(c.ClientIP(), time.Now()); !ok {
			c.Header("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			s.writeError(c, errRateLimited)
			return
		}
		c.Next()
	}
}

// limitBody refuses a declared Content-Length over MaxBody before reading
// anything and caps what the handler can read to MaxBody.
func (s *server) limitBody(c *gin.Context) {
	if c.Request.ContentLength > s.cfg.MaxBody {
		s.writeError(c, seckg.Errorf(seckg.ErrTooLarge,
			fmt.Sprintf("request body is larger than the limit of %d bytes", s.cfg.MaxBody)))
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxBody)
	c.Next()
}

// noRoute answers unknown API paths with a JSON 404 and serves the
// frontend elsewhere.
func (s *server) noRoute(c *gin.Context) {
	p := c.Request.URL.Path
	if p == "/api" || strings.HasPrefix(p, "/api/") {
		s.writeError(c, seckg.Errorf(seckg.ErrNotFound, "no such route: "+c.Request.Method+" "+p))
		return
	}
	if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
		s.writeError(c, seckg.Errorf(seckg.ErrNotFound, "no such route: "+c.Request.Method+" "+p))
		return
	}
	s.serveWeb(c)
}

// isMaxBytes reports whether err comes from http.MaxBytesReader.
func isMaxBytes(err error) bool {
	var e *http.MaxBytesError
	return errors.As(err, &e)
}
