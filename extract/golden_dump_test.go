package extract

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seckg/seckg"
)

// TestGoldenDump writes the JSON of each Extraction of the corpus, its
// variants and the held-out texts to the folder SECKG_GOLDEN_DIR, so that
// a performance change can be checked to leave the output byte for byte
// the same (diff -r two dumps). It is skipped when the variable is unset.
// SECKG_GOLDEN_SRC names a further folder whose .txt files are dumped too
// (a synthetic corpus of seckgbench, say).
func TestGoldenDump(t *testing.T) {
	out := os.Getenv("SECKG_GOLDEN_DIR")
	if out == "" {
		t.Skip("set SECKG_GOLDEN_DIR=/tmp/golden to write the extraction dump")
	}
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	files, raws := allTexts(t)
	if src := os.Getenv("SECKG_GOLDEN_SRC"); src != "" {
		m, err := filepath.Glob(filepath.Join(src, "*.txt"))
		if err != nil || len(m) == 0 {
			t.Fatalf("SECKG_GOLDEN_SRC=%s: no .txt files (%v)", src, err)
		}
		for _, f := range m {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			files, raws = append(files, "src/"+filepath.Base(f)), append(raws, raw)
		}
	}
	for i, f := range files {
		raw := raws[i]
		id := seckg.DocID(strings.TrimSuffix(filepath.Base(f), ".txt"))
		x, err := p.Extract(t.Context(), id, raw)
		if err != nil {
			t.Fatalf("Extract(%s): %v", f, err)
		}
		js, err := json.MarshalIndent(x, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		name := strings.NewReplacer("../", "", "/", "_").Replace(f) + ".json"
		if err := os.WriteFile(filepath.Join(out, name), js, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkExtractAll extracts every corpus, variant (Traditional and
// GB18030) and held-out text once per iteration.
func BenchmarkExtractAll(b *testing.B) {
	p := newPipeline(b)
	_, raws := allTexts(b)
	n := 0
	for _, raw := range raws {
		n += len(raw)
	}
	for b.Loop() {
		for _, raw := range raws {
			if _, err := p.Extract(b.Context(), "bench", raw); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*n)/1e6/b.Elapsed().Seconds(), "MB/s")
}

// BenchmarkExtractAllParallel is BenchmarkExtractAll with one text per
// goroutine call, GOMAXPROCS goroutines sharing the pipeline.
func BenchmarkExtractAllParallel(b *testing.B) {
	p := newPipeline(b)
	_, raws := allTexts(b)
	n := 0
	for _, raw := range raws {
		n += len(raw)
	}
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for _, raw := range raws {
				if _, err := p.Extract(context.Background(), "bench", raw); err != nil {
					b.Error(err)
					return
				}
			}
		}
	})
	b.ReportMetric(float64(b.N*n)/1e6/b.Elapsed().Seconds(), "MB/s")
}

// allTexts reads every corpus, variant (Traditional and GB18030) and
// held-out text, returning their paths and contents in the same order.
func allTexts(tb testing.TB) (files []string, raws [][]byte) {
	tb.Helper()
	for _, g := range []string{"../data/corpus/*.txt", "../data/corpus-variants/*/*.txt", "testdata/heldout/*.txt"} {
		m, err := filepath.Glob(g)
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		tb.Fatal("no input files")
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		raws = append(raws, raw)
	}
	return files, raws
}
