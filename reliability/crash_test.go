package reliability

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/seckg/seckg"
	"github.com/seckg/seckg/graph"
)

// batch writes copies × the corpus files into a fresh folder.
func batch(t testing.TB, copies int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "batch")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range corpus(t) {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i := range copies {
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%03d-%s", i, filepath.Base(f))), raw, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

var progressRE = regexp.MustCompile(`^ingest: (\d+) documents stored`)

// TestKillIngest kills an ingest with SIGKILL in the middle of a batch,
// after it has reported documents stored, and checks that the bolt store
// opens, holds at least the documents reported and each of them whole (as
// a clean run stores it), and that a re-run completes the batch to exactly
// the clean run's graph.
func TestKillIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests a batch three times")
	}
	in := batch(t, 80) // 160 documents: several progress reports of 100 ms
	clean := filepath.Join(t.TempDir(), "clean.db")
	if r := run(t, "ingest", "--quiet", "--db", clean, in); r.code != 0 {
		t.Fatalf("clean ingest: exit %d\n%s", r.code, tail(r.stderr))
	}

	killed := filepath.Join(t.TempDir(), "killed.db")
	cmd := seckgCmd(context.Background(), "ingest", "--progress", "100ms", "--db", killed, in)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	reported, finished := -1, false
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		line := sc.Text()
		if m := progressRE.FindStringSubmatch(line); m != nil {
			if n, _ := strconv.Atoi(m[1]); n > 0 {
				reported = n
				break
			}
		}
	}
	if reported > 0 {
		if err := cmd.Process.Kill(); err != nil {
			finished = true
		}
	} else {
		finished = true
	}
	go io.Copy(io.Discard, stderr)
	err = cmd.Wait()
	if finished || err == nil {
		t.Fatalf("the ingest ended (%v) before it could be killed after reporting documents; make the batch larger", err)
	}
	t.Logf("killed after %d documents were reported stored: %v", reported, err)

	want := documents(t, clean)
	got := documents(t, killed)
	if len(got) < reported {
		t.Errorf("the killed store holds %d documents, %d were reported stored", len(got), reported)
	}
	if len(got) >= len(want) {
		t.Logf("note: the killed ingest had stored all %d documents", len(got))
	}
	for id, d := range got {
		w, ok := want[id]
		if !ok {
			t.Errorf("document %s is not in the clean run", id)
			continue
		}
		if !reflect.DeepEqual(d, w) {
			t.Errorf("document %s is not whole after the kill: %d entities, %d relations; clean run %d, %d",
				id, len(d.Entities), len(d.Relations), len(w.Entities), len(w.Relations))
		}
	}

	r := run(t, "ingest", "--quiet", "--db", killed, in)
	if r.code != 0 {
		t.Fatalf("resumed ingest: exit %d\n%s", r.code, tail(r.stderr))
	}
	if !strings.Contains(r.stdout, fmt.Sprintf("(%d unchanged, 0 failed)", len(got))) {
		t.Errorf("resumed ingest did not skip the %d stored documents: %s", len(got), r.stdout)
	}
	if s, c := stats(t, killed), stats(t, clean); !reflect.DeepEqual(s, c) {
		t.Errorf("resumed store's stats differ from the clean run's:\n got %+v\nwant %+v", s, c)
	}
	got = documents(t, killed)
	if len(got) != len(want) {
		t.Errorf("resumed store holds %d documents, the clean run %d", len(got), len(want))
	}
	for id, w := range want {
		if d, ok := got[id]; !ok || !reflect.DeepEqual(d, w) {
			t.Errorf("document %s differs between the resumed and the clean run", id)
		}
	}
	nq := func(db string) string {
		r := run(t, "export", "--db", db, "--format", "nquads")
		if r.code != 0 {
			t.Fatalf("export nquads: %s", r.stderr)
		}
		return r.stdout
	}
	// The same quads; their order follows the order they were written in.
	if a, b := nq(killed), nq(clean); lineDiff(a, b, 10) != "" {
		t.Errorf("N-Quads of the resumed store (%d bytes) differ from the clean run's (%d bytes):\n%s", len(a), len(b), lineDiff(a, b, 10))
	}
}

// docDigest is what a document contributes to the store: its record, the
// entities it names and its relations with the evidence it gives.
type docDigest struct {
	Doc       seckg.Document
	Entities  []seckg.EntityID
	Relations []string
}

// documents opens a bolt store and returns each document's digest.
func documents(t testing.TB, dir string) map[seckg.DocID]docDigest {
	t.Helper()
	ctx := context.Background()
	st, err := graph.Open(ctx, graph.Options{Backend: "bolt", Path: dir, ReadOnly: true})
	if err != nil {
		t.Fatalf("open store %s: %v", dir, err)
	}
	defer st.Close()
	docs, err := st.Documents(ctx)
	if err != nil {
		t.Fatalf("documents of %s: %v", dir, err)
	}
	out := map[seckg.DocID]docDigest{}
	for _, d := range docs {
		dd, err := st.Document(ctx, d.ID)
		if err != nil {
			t.Fatalf("document %s of %s: %v", d.ID, dir, err)
		}
		g := docDigest{Doc: dd.Document}
		for _, e := range dd.Entities {
			g.Entities = append(g.Entities, e.ID)
		}
		for _, r := range dd.Relations {
			for _, ev := range r.Evidence {
				if ev.Doc == d.ID {
					g.Relations = append(g.Relations, fmt.Sprintf("%s @%d %s", r.Key(), ev.Offset, ev.Sentence))
				}
			}
		}
		slices.Sort(g.Entities)
		slices.Sort(g.Relations)
		out[d.ID] = g
	}
	return out
}

// lineDiff lists up to n lines only in a (-) or only in b (+).
func lineDiff(a, b string, n int) string {
	count := func(s string) map[string]int {
		m := map[string]int{}
		for _, l := range strings.Split(s, "\n") {
			m[l]++
		}
		return m
	}
	ca, cb := count(a), count(b)
	var out []string
	for l, k := range ca {
		if cb[l] < k {
			out = append(out, "- "+l)
		}
	}
	for l, k := range cb {
		if ca[l] < k {
			out = append(out, "+ "+l)
		}
	}
	slices.Sort(out)
	if len(out) > n {
		out = append(out[:n], fmt.Sprintf("... %d more", len(out)-n))
	}
	return strings.Join(out, "\n")
}
