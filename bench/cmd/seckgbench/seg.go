package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/seckg/seckg"
	"github.com/seckg/seckg/extract"
	"github.com/yanyiwu/gojieba"
)

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cmdSeg segments (gojieba Cut with HMM) or extracts (extract.Pipeline) the
// .txt files of a folder with -workers goroutines, timing only the work
// (dictionary loading excluded), and prints one line:
//
//	seg mode=M workers=N passes=P bytes=B wall_s=W cpu_s=C
//
// B counts every pass. With -passes P the workers take documents from one queue that holds the
// folder N times over, so that a run measures the steady rate of an archive
// of many documents: with a single pass over a few dozen files, the last
// file keeps one worker busy while the other idles, and that tail is a
// property of the small sample, not of the pipeline.
func cmdSeg(args []string) error {
	fs := flag.NewFlagSet("seg", flag.ExitOnError)
	mode := fs.String("mode", "extract", "gojieba or extract")
	workers := fs.Int("workers", 1, "goroutines")
	passes := fs.Int("passes", 1, "times the workers' queue holds each file")
	cpuprof := fs.String("cpuprofile", "", "write a CPU profile of the timed work here")
	memprof := fs.String("memprofile", "", "write a heap (alloc) profile after the timed work here")
	fs.Parse(args)
	var files []string
	for _, a := range fs.Args() {
		m, _ := filepath.Glob(filepath.Join(a, "*.txt"))
		files = append(files, m...)
	}
	sort.Strings(files)
	texts := make([][]byte, len(files))
	var bytes int64
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		texts[i] = b
		bytes += int64(len(b))
	}
	if *passes < 1 {
		return fmt.Errorf("seg: -passes must be at least 1, not %d", *passes)
	}
	var work func(i int) error
	switch *mode {
	case "gojieba":
		j := gojieba.NewJieba()
		defer j.Free()
		work = func(i int) error { _ = j.Cut(string(texts[i%len(texts)]), true); return nil }
	case "extract":
		p, err := extract.New()
		if err != nil {
			return err
		}
		defer p.Close()
		work = func(i int) error {
			_, err := p.Extract(context.Background(), seckg.DocID(fmt.Sprintf("d%d", i)), texts[i%len(texts)])
			return err
		}
	default:
		return fmt.Errorf("seg: unknown mode %q", *mode)
	}
	// Warm up on a small file so lazily built tables are not timed.
	if len(texts) > 0 {
		_ = work(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, *workers)
	stopCPU, err := startCPUProfile(*cpuprof)
	if err != nil {
		return err
	}
	c0, t0 := cpuTime(), time.Now()
	for range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(texts)**passes {
					return
				}
				if err := work(i); err != nil {
					errs <- fmt.Errorf("%s: %w", files[i%len(texts)], err)
					return
				}
			}
		}()
	}
	wg.Wait()
	wall, cpu := time.Since(t0), cpuTime()-c0
	stopCPU()
	if err := writeProfile(*memprof, "allocs"); err != nil {
		return err
	}
	close(errs)
	for err := range errs {
		return err
	}
	fmt.Printf("seg mode=%s workers=%d passes=%d bytes=%d wall_s=%.3f cpu_s=%.3f\n", *mode, *workers, *passes, bytes*int64(*passes), wall.Seconds(), cpu.Seconds())
	return nil
}
