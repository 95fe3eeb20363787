package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/seckg/seckg"
)

// API-local error kinds, mapped to statuses by writeError alongside the
// seckg sentinels.
var (
	errUnauthorized = errors.New("unauthorized")
	errRateLimited  = errors.New("rate limited")
	// errQueryTimeout marks a POST /query that ran out of time (408, where
	// other deadlines give 504).
	errQueryTimeout = errors.New("query timeout")
)

// errorBody is the JSON envelope of every error answer.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// invalid returns a seckg.ErrInvalid error whose message is shown as is.
func invalid(msg string) error { return seckg.Errorf(seckg.ErrInvalid, msg) }

// writeError answers err as a JSON error and aborts the chain. It is the
// one place that maps errors to statuses; only internal errors are logged.
func (s *server) writeError(c *gin.Context, err error) {
	status, code, msg := http.StatusInternalServerError, "internal", "internal error"
	var maxBytes *http.MaxBytesError
	switch {
	case errors.As(err, &maxBytes):
		status, code, msg = http.StatusRequestEntityTooLarge, "too_large", "request body is larger than the limit"
	case errors.Is(err, errUnauthorized):
		status, code, msg = http.StatusUnauthorized, "unauthorized", messageOf(err, "a valid bearer token is needed")
		c.Header("WWW-Authenticate", `Bearer realm="seckg"`)
	case errors.Is(err, errRateLimited):
		status, code, msg = http.StatusTooManyRequests, "rate_limited", messageOf(err, "too many requests, retry later")
	case errors.Is(err, errQueryTimeout):
		status, code, msg = http.StatusRequestTimeout, "timeout", messageOf(err, "query took longer than the time limit")
	case errors.Is(err, seckg.ErrInvalid):
		status, code, msg = http.StatusBadRequest, "invalid", messageOf(err, "invalid request")
	case errors.Is(err, seckg.ErrNotFound):
		status, code, msg = http.StatusNotFound, "not_found", messageOf(err, "not found")
	case errors.Is(err, seckg.ErrTooLarge):
		status, code, msg = http.StatusRequestEntityTooLarge, "too_large", messageOf(err, "too large")
	case errors.Is(err, seckg.ErrConflict):
		status, code, msg = http.StatusConflict, "conflict", messageOf(err, "conflict")
	case errors.Is(err, context.DeadlineExceeded):
		status, code, msg = http.StatusGatewayTimeout, "timeout", "the request took longer than the time limit"
	case errors.Is(err, context.Canceled) && c.Request.Context().Err() != nil:
		// The client went away: nobody reads the answer, nothing to log.
		c.AbortWithStatus(499)
		return
	default:
		s.log.ErrorContext(c.Request.Context(), "internal error",
			"method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	}
	if status == http.StatusRequestEntityTooLarge {
		c.Header("Connection", "close")
	}
	c.AbortWithStatusJSON(status, errorBody{errorDetail{Code: code, Message: msg}})
}

// messageOf returns the user-facing message of err: the Msg of the
// *seckg.Error or *localError it wraps, else def.
func messageOf(err error, def string) string {
	var user *seckg.Error
	if errors.As(err, &user) && user.Msg != "" {
		return user.Msg
	}
	var local *localError
	if errors.As(err, &local) && local.msg != "" {
		return local.msg
	}
	return def
}

// localError gives an api-local kind a user-facing message.
type localError struct {
	kind error
	msg  string
}

func (e *localError) Error() string { return e.msg }
func (e *localError) Unwrap() error { return e.kind }
