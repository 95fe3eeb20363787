package main

import (
	"context"

	"github.com/seckg/seckg/graph"
)

func (s storeFlags) open(ctx context.Context, readOnly bool) (*graph.Store, error) {
	return graph.Open(ctx, graph.Options{Backend: s.backendName(), Path: *s.db, ReadOnly: readOnly})
}
