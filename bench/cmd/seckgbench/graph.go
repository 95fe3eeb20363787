package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"time"

	"github.com/seckg/seckg/bench/synth"
	"github.com/seckg/seckg/graph"
)

// cmdGraph writes a graph of about -quads quads, generated through a memory
// store so that its quads are exactly the graph package's schema, as
// N-Quads, and a sample of its entity ids and names (tab-separated) for the
// load generator.
func cmdGraph(args []string) error {
	fs := flag.NewFlagSet("graph", flag.ExitOnError)
	out := fs.String("out", "", "N-Quads file to write")
	ids := fs.String("ids", "", "file of sample entity ids to write")
	quads := fs.Int("quads", 1000000, "approximate quads")
	seed := fs.Uint64("seed", 3, "random seed")
	fs.Parse(args)
	ctx := context.Background()
	st, err := graph.Open(ctx, graph.Options{Backend: "memory"})
	if err != nil {
		return err
	}
	defer st.Close()
	t0 := time.Now()
	pool, err := synth.Fill(ctx, st, *quads, *seed)
	if err != nil {
		return err
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := st.WriteNQuads(ctx, w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if *ids != "" {
		f, err := os.Create(*ids)
		if err != nil {
			return err
		}
		w := bufio.NewWriter(f)
		rr := rand.New(rand.NewPCG(*seed, 5))
		seen := map[int]bool{}
		for len(seen) < 2000 && len(seen) < pool/2 {
			e := rr.IntN(pool)
			id, _, name := synth.EntityID(e)
			if seen[e] {
				continue
			}
			if _, err := st.Entity(ctx, id); err != nil {
				continue
			}
			seen[e] = true
			fmt.Fprintf(w, "%s\t%s\n", id, name)
		}
		if err := w.Flush(); err != nil {
			return err
		}
		f.Close()
	}
	fmt.Printf("graph: %d quads, %d entities, %d relations, %d documents written to %s in %s\n",
		stats.Quads, stats.Entities, stats.Relations, stats.Documents, *out, time.Since(t0).Round(time.Millisecond))
	return nil
}
