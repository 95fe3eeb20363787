package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"time"
)

var cmdQuery = &command{
	name:  "query",
	usage: "[--db PATH] [--lang gizmo|graphql] [--timeout 5s] [--limit N] QUERY",
	short: "run a read-only Gizmo or GraphQL query against the store and print the results as JSON",
	run:   runQuery,
}

func runQuery(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	sf := addStoreFlags(fs)
	lang := fs.String("lang", "gizmo", "query language: gizmo or graphql")
	timeout := fs.Duration("timeout", 5*time.Second, "stop the query after this long")
	limit := fs.Int("limit", 1000, "most results returned")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no query given", errUsage)
	}
	st, err := sf.open(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	res, err := st.Query(ctx, *lang, strings.Join(fs.Args(), " "), *limit)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(map[string]any{"result": res})
}
