package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"time"
)

var cmdImport = &command{
	name:  "import",
	usage: "[--db PATH] FILE.nq...",
	short: "load N-Quads written by 'seckg export --format nquads' back into a store",
	run:   runImport,
}

func runImport(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	sf := addStoreFlags(fs)
	memLimit := fs.Int("memlimit", 700, "soft limit in MiB on the Go heap (runtime/debug.SetMemoryLimit): the collector works harder near it; 0 for none; GOMEMLIMIT, when set, wins")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no N-Quads file given", errUsage)
	}
	if os.Getenv("GOGC") == "" {
		// An import builds the whole read index while the store's writes
		// make garbage fast: collecting at twice the live heap instead of
		// at 1x took a 1M-quad import from 51 s to 41 s, at a peak RSS of
		// 1.49 GB (Cayley's loader: 1.73 GB).
		debug.SetGCPercent(200)
	}
	if *memLimit > 0 && os.Getenv("GOMEMLIMIT") == "" {
		// At twice the live heap the peak depends on where the last
		// collections fall: 1,031-1,327 MiB for the same 1M-quad file on
		// one evening. Near the limit the collector runs sooner instead.
		debug.SetMemoryLimit(int64(*memLimit) << 20)
	}
	st, err := sf.openWriteOnly(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	t0 := time.Now()
	total := 0
	for _, path := range fs.Args() {
		f, err := os.Open(path)
		if err != nil {
			return pathError(path, err)
		}
		n, err := st.ImportNQuads(ctx, f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		total += n
	}
	fmt.Fprintf(e.stdout, "imported %d quads in %.1fs\n", total, time.Since(t0).Seconds())
	return nil
}
