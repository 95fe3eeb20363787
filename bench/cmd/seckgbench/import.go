package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/seckg/seckg/graph"
)

// cmdImport imports an N-Quads file into a fresh bolt store as
// 'seckg import' does, optionally under the CPU profiler, and writes a heap
// profile at the end: for finding the store's bottlenecks.
func cmdImport(args []string) error {
	fs := flag.NewFlagSet("import", flag.ExitOnError)
	db := fs.String("db", "", "bolt folder (created)")
	backend := fs.String("backend", "bolt", "bolt, memory or postgres")
	cpuprof := fs.String("cpuprofile", "", "CPU profile to write")
	memprof := fs.String("memprofile", "", "heap profile (in use at the end) to write")
	fs.Parse(args)
	if fs.NArg() != 1 {
		return fmt.Errorf("import: one N-Quads file")
	}
	if *cpuprof != "" {
		f, err := os.Create(*cpuprof)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	ctx := context.Background()
	t0, c0 := time.Now(), cpuTime()
	st, err := graph.Open(ctx, graph.Options{Backend: *backend, Path: *db})
	if err != nil {
		return err
	}
	defer st.Close()
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	n, err := st.ImportNQuads(ctx, f)
	if err != nil {
		return err
	}
	if *memprof != "" {
		mf, err := os.Create(*memprof)
		if err != nil {
			return err
		}
		if err := pprof.Lookup("heap").WriteTo(mf, 0); err != nil {
			return err
		}
		mf.Close()
	}
	fmt.Printf("import quads=%d wall_s=%.2f cpu_s=%.2f\n", n, time.Since(t0).Seconds(), (cpuTime() - c0).Seconds())
	return nil
}
