package main

import (
	"context"

	"github.com/seckg/seckg/extract"
	"github.com/seckg/seckg/graph"
)

func (s storeFlags) open(ctx context.Context, readOnly bool) (*graph.Store, error) {
	return graph.Open(ctx, graph.Options{Backend: s.backendName(), Path: *s.db, ReadOnly: readOnly})
}

// openWritable opens the store for writing and the extraction pipeline
// that feeds it; closeAll releases both.
func (s storeFlags) openWritable(ctx context.Context) (*graph.Store, *extract.Pipeline, func(), error) {
	st, err := s.open(ctx, false)
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := extract.New()
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	return st, p, func() { p.Close(); st.Close() }, nil
}
