package graph

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/cayley/query/graphql"

	"github.com/seckg/seckg"
)

// Query limits.
const (
	DefaultQueryLimit   = 100
	MaxQueryLimit       = 10000
	DefaultQueryTimeout = 30 * time.Second // when ctx has no deadline
)

// Query runs a read-only Gizmo ("gizmo") or GraphQL ("graphql") query and
// returns at most limit results (0: DefaultQueryLimit) as JSON-ready
// values. The session sees a quad store whose writes fail. It stops at
// ctx's deadline (DefaultQueryTimeout if none): a Gizmo script that loops
// forever is interrupted. A query that does not parse or fails to run is
// an ErrInvalid *seckg.Error carrying the engine's message.
func (s *Store) Query(ctx context.Context, lang, q string, limit int) ([]any, error) {
	switch {
	case limit == 0:
		limit = DefaultQueryLimit
	case limit < 0 || limit > MaxQueryLimit:
		return nil, invalid("limit must be between 1 and %d", MaxQueryLimit)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultQueryTimeout)
		defer cancel()
	}
	ro := readOnlyQS{s.qs}
	var sess query.Session
	switch lang {
	case "gizmo":
		sess = gizmo.NewSession(ro)
	case "graphql":
		sess = graphql.NewSession(ro)
	default:
		return nil, invalid("unknown query language %q (want gizmo or graphql)", lang)
	}
	it, err := sess.Execute(ctx, q, query.Options{Limit: limit, Collation: query.JSON})
	if err != nil {
		return nil, queryError(ctx, err)
	}
	defer it.Close()
	out := []any{}
	for len(out) < limit && it.Next(ctx) {
		r := it.Result()
		if r == nil {
			continue
		}
		if m, ok := r.(map[string]any); ok && lang == "graphql" {
			trimGraphQL(m, limit)
		}
		out = append(out, r)
	}
	if err := it.Err(); err != nil {
		return nil, queryError(ctx, err)
	}
	return out, nil
}

func queryError(ctx context.Context, err error) error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || ctx.Err() != nil {
		return fmt.Errorf("graph: query: %w", ctx.Err())
	}
	return seckg.Errorf(seckg.ErrInvalid, "query: "+err.Error())
}

// trimGraphQL caps every list in a GraphQL answer at limit items.
func trimGraphQL(m map[string]any, limit int) {
	for k, v := range m {
		switch v := v.(type) {
		case []map[string]any:
			if len(v) > limit {
				v = v[:limit]
				m[k] = v
			}
			for _, x := range v {
				trimGraphQL(x, limit)
			}
		case []any:
			if len(v) > limit {
				m[k] = v[:limit]
			}
		case map[string]any:
			trimGraphQL(v, limit)
		}
	}
}
