package export

import (
	"bufio"
	"context"
	"flag"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/seckg/seckg"
)

var (
	benchEdges = flag.Int("export.edges", 20000, "edges of the graph BenchmarkGraphML writes (nodes: a tenth)")
	benchOut   = flag.String("export.out", "", "if set, BenchmarkGraphML also writes its graph there as GraphML (for bench/compare.sh)")
)

// genSource generates a deterministic graph on the fly, holding nothing,
// so a benchmark measures the writer's memory alone. Relation j joins
// node j%nodes to node (j%nodes + 1 + j/nodes) % nodes, so (head,
// predicate, tail) never repeats while edges < nodes*(nodes-1).
type genSource struct{ nodes, edges int }

var genTypes = []seckg.NodeType{seckg.Organization, seckg.Event, seckg.DocumentType, seckg.Concept, seckg.Country}

func genID(i int) seckg.EntityID { return seckg.EntityID("concept:亚洲安全观" + strconv.Itoa(i)) }

func (g genSource) EachEntity(ctx context.Context, _ seckg.Filter, fn func(seckg.Entity) error) error {
	for i := range g.nodes {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := strconv.Itoa(i)
		e := seckg.Entity{
			ID: genID(i), Type: genTypes[i%len(genTypes)], Name: "亚洲相互协作与信任措施会议" + n,
			NameEN:  "Conference on Interaction and Confidence-Building Measures in Asia " + n,
			Aliases: []string{"亚信" + n, "CICA-" + n}, Docs: []seckg.DocID{"cica-security-cooperation-2015"},
		}
		if e.Type == seckg.Event || e.Type == seckg.DocumentType {
			e.Attrs = map[string]string{seckg.AttrDate: strconv.Itoa(1950 + i%75), seckg.AttrPlace: "shanghai"}
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func (g genSource) EachRelation(ctx context.Context, _ seckg.Filter, fn func(seckg.Relation) error) error {
	ev := make([]seckg.Evidence, 3)
	for j := range g.edges {
		if err := ctx.Err(); err != nil {
			return err
		}
		h := j % g.nodes
		t := (h + 1 + j/g.nodes) % g.nodes
		k := 1 + j%3
		for i := range k {
			ev[i] = seckg.Evidence{Doc: "cica-security-cooperation-2015",
				Sentence: "2030年，某组织在某城召开第九次成员国会议，会议通过了某某宣言并建立了常设秘书处",
				Offset:   j*7 + i}
		}
		r := seckg.Relation{Head: genID(h), Predicate: seckg.Predicates[j%len(seckg.Predicates)], Tail: genID(t), Evidence: ev[:k]}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// peakHeap samples the live heap every millisecond until stop is called
// and returns the highest value seen.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(finished)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); <-finished; return peak.Load() }
}

// peakRSS returns the process's peak resident set (VmHWM), or 0.
func peakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// cpuTime is the user and system CPU time of the process so far, which
// on a shared machine measures the work better than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// BenchmarkGraphML writes a generated graph of -export.edges edges (default
// small; -export.edges=1000000 for the 1M-edge figure) to a counting
// writer and reports edges/s (wall clock), edges/cpu-s (process CPU time,
// GC included), MB/s, the peak live heap during the writes and the
// process's peak RSS. The graph is generated as it is read, so the
// figures include the generator's cost.
func BenchmarkGraphML(b *testing.B) {
	benchFormat(b, "graphml")
}

// BenchmarkFormats writes the same graph in every format.
func BenchmarkFormats(b *testing.B) {
	for _, f := range Formats() {
		b.Run(f, func(b *testing.B) { benchFormat(b, f) })
	}
}

func benchFormat(b *testing.B, format string) {
	src := genSource{nodes: max(2, *benchEdges/10), edges: *benchEdges}
	runtime.GC()
	stop := peakHeap()
	var w countWriter
	cpu0 := cpuTime()
	for b.Loop() {
		if err := Write(b.Context(), &w, format, src, seckg.Filter{}); err != nil {
			b.Fatal(err)
		}
	}
	cpu := cpuTime() - cpu0
	peak := stop()
	b.ReportMetric(float64(b.N*src.edges)/b.Elapsed().Seconds(), "edges/s")
	if cpu > 0 {
		b.ReportMetric(float64(b.N*src.edges)/cpu.Seconds(), "edges/cpu-s")
	}
	b.ReportMetric(float64(w.n)/1e6/b.Elapsed().Seconds(), "MB/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MB")
	if *benchOut != "" && format == "graphml" {
		writeFile(b, *benchOut, format, src)
	}
}

func writeFile(b *testing.B, path, format string, src Source) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	bw := bufio.NewWriter(f)
	var w io.Writer = bw
	if err := Write(context.Background(), w, format, src, seckg.Filter{}); err != nil {
		b.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}
