package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/seckg/seckg"
	"github.com/seckg/seckg/extract"
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
	stop, err := startCPUProfile(*cpuprof)
	if err != nil {
		return err
	}
	defer stop()
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
	if err := writeProfile(*memprof, "heap"); err != nil {
		return err
	}
	fmt.Printf("import quads=%d wall_s=%.2f cpu_s=%.2f\n", n, time.Since(t0).Seconds(), (cpuTime() - c0).Seconds())
	return nil
}

// cmdIngest extracts the .txt files of a folder and writes them into a
// fresh bolt store -batch documents per transaction, as 'seckg ingest' does
// (without its splitting of large files), optionally under the CPU
// profiler: for seeing how ingest's time divides between extraction and
// the store.
func cmdIngest(args []string) error {
	fs := flag.NewFlagSet("ingest", flag.ExitOnError)
	db := fs.String("db", "", "bolt folder (created)")
	cpuprof := fs.String("cpuprofile", "", "CPU profile to write")
	batch := fs.Int("batch", 16, "documents per transaction")
	memprof := fs.String("memprofile", "", "heap profile (in use at the end) to write")
	fs.Parse(args)
	files, _ := filepath.Glob(filepath.Join(fs.Arg(0), "*.txt"))
	sort.Strings(files)
	stop, err := startCPUProfile(*cpuprof)
	if err != nil {
		return err
	}
	defer stop()
	ctx := context.Background()
	st, err := graph.Open(ctx, graph.Options{Backend: "bolt", Path: *db})
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := extract.New()
	if err != nil {
		return err
	}
	defer p.Close()
	var (
		ext, wr time.Duration
		pending []seckg.Extraction
	)
	write := func() error {
		c0 := cpuTime()
		err := st.WriteDocuments(ctx, pending)
		wr, pending = wr+cpuTime()-c0, pending[:0]
		return err
	}
	for i, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		c0 := cpuTime()
		x, err := p.Extract(ctx, seckg.DocID(fmt.Sprintf("doc-%05d", i)), raw)
		if err != nil {
			return err
		}
		ext += cpuTime() - c0
		if pending = append(pending, x); len(pending) >= max(*batch, 1) {
			if err := write(); err != nil {
				return err
			}
		}
	}
	if err := write(); err != nil {
		return err
	}
	if err := writeProfile(*memprof, "heap"); err != nil {
		return err
	}
	fmt.Printf("ingest files=%d extract_cpu_s=%.2f write_cpu_s=%.2f\n", len(files), ext.Seconds(), wr.Seconds())
	return nil
}
