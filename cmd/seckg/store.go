package main

import (
	"context"

	"github.com/seckg/seckg/extract"
	"github.com/seckg/seckg/graph"
)

func (s storeFlags) open(ctx context.Context, readOnly bool) (*graph.Store, error) {
	return graph.Open(ctx, graph.Options{Backend: s.backendName(), Path: *s.db, ReadOnly: readOnly})
}

// openWriteOnly opens the store for a command that only writes (ingest,
// import): what it writes is not added to the read index, so its memory
// does not grow with the text (see graph.Options.WriteOnly).
func (s storeFlags) openWriteOnly(ctx context.Context) (*graph.Store, error) {
	return graph.Open(ctx, graph.Options{Backend: s.backendName(), Path: *s.db, WriteOnly: true})
}

// openWritable opens the store for writing and the extraction pipeline
// that feeds it; closeAll releases both.
func (s storeFlags) openWritable(ctx context.Context, writeOnly bool) (*graph.Store, *extract.Pipeline, func(), error) {
	open := func(ctx context.Context) (*graph.Store, error) { return s.open(ctx, false) }
	if writeOnly {
		open = s.openWriteOnly
	}
	st, err := open(ctx)
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
