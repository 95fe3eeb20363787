package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

// queryRequest is the body of POST /query.
type queryRequest struct {
	Lang  string `json:"lang"`
	Query string `json:"query"`
}

type queryAnswer struct {
	result []any
	err    error
}

// query runs a read-only Gizmo or GraphQL query bounded by QueryTimeout.
// If the store does not return at the deadline the handler answers 408
// anyway and leaves the store's goroutine to finish on its own.
func (s *server) query(c *gin.Context) {
	var req queryRequest
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		if isMaxBytes(err) {
			s.writeError(c, err)
			return
		}
		s.writeError(c, invalid("the body must be a JSON object {\"lang\": \"gizmo\"|\"graphql\", \"query\": \"...\"}"))
		return
	}
	req.Lang = strings.ToLower(strings.TrimSpace(req.Lang))
	if req.Lang != "gizmo" && req.Lang != "graphql" {
		s.writeError(c, invalid("lang must be gizmo or graphql"))
		return
	}
	if strings.TrimSpace(req.Query) == "" {
		s.writeError(c, invalid("query is required"))
		return
	}

	select {
	case s.querySlots <- struct{}{}:
	default:
		c.Header("Retry-After", strconv.Itoa(int(math.Ceil(s.cfg.QueryTimeout.Seconds()))))
		s.writeError(c, &localError{kind: errRateLimited, msg: "too many queries are running, retry later"})
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.QueryTimeout)
	defer cancel()
	done := make(chan queryAnswer, 1) // buffered: a late store call never blocks
	go func() {
		defer func() { <-s.querySlots }()
		defer func() {
			if v := recover(); v != nil {
				done <- queryAnswer{err: fmt.Errorf("api: query panicked: %v", v)}
			}
		}()
		res, err := s.cfg.Store.Query(ctx, req.Lang, req.Query, s.cfg.QueryLimit)
		done <- queryAnswer{res, err}
	}()
	var a queryAnswer
	select {
	case a = <-done:
	case <-ctx.Done():
		a.err = ctx.Err()
	}
	if a.err != nil {
		if errors.Is(a.err, context.DeadlineExceeded) || (errors.Is(ctx.Err(), context.DeadlineExceeded) && c.Request.Context().Err() == nil) {
			a.err = &localError{kind: errQueryTimeout, msg: fmt.Sprintf("query took longer than %s", s.cfg.QueryTimeout)}
		}
		s.writeError(c, a.err)
		return
	}
	if a.result == nil {
		a.result = []any{}
	}
	body, err := json.Marshal(gin.H{"result": a.result})
	if err != nil {
		s.writeError(c, fmt.Errorf("api: encode query result: %w", err))
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}
