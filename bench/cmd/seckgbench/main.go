// Command seckgbench is the helper of bench/run.sh (make bench): it
// generates the synthetic corpus and graph deterministically, times
// segmentation and extraction, and drives HTTP load.
//
//	seckgbench corpus -out DIR -mb 100        recombined sample sentences
//	seckgbench graph -out G.nq -ids IDS -quads 1000000
//	seckgbench seg -mode gojieba|extract -workers N DIR
//	seckgbench load -url URL -target neighbors|search|gizmo -ids IDS -conc 8 -dur 10s
//	seckgbench import -db DIR -cpuprofile P -memprofile M G.nq   (profiling)
//	seckgbench ingest -db DIR -cpuprofile P CORPUS_DIR            (profiling)
package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: seckgbench corpus|graph|seg|load [flags]")
		os.Exit(2)
	}
	cmds := map[string]func([]string) error{"corpus": cmdCorpus, "graph": cmdGraph, "seg": cmdSeg, "load": cmdLoad, "import": cmdImport, "ingest": cmdIngest}
	f, ok := cmds[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "seckgbench: unknown command %q\n", os.Args[1])
		os.Exit(2)
	}
	if err := f(os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, "seckgbench:", err)
		os.Exit(1)
	}
}

// startCPUProfile starts a CPU profile written to path, and returns what
// stops it and closes the file; an empty path profiles nothing.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// writeProfile writes the runtime profile called name ("heap", "allocs")
// to path; an empty path writes nothing.
func writeProfile(path, name string) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
