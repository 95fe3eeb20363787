package extract

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/seckg/seckg"
)

// reliabilitySeeds are inputs that once troubled a decoder or extractor:
// stray controls, truncated and mixed encodings, unbalanced brackets.
var reliabilitySeeds = []string{
	"",
	"亚信会议是一个多边论坛。",
	"abc\xff\xfe\xfd 亚信\x80\x81 def\n",
	"亚洲相互协作与信任措施会议\x01（亚信）\x0b于1992年\x1b[0m成立。\f\n",
	"\xef\xbb\xbf上海合作组织成员国元首理事会",
	"《《《《亚信》》",
	"》》》《",
	"2014年5月，第四次亚信峰会在上海举行，习近平主席出席并讲话。",
	"该组织\n\n\n①②③\n\u3000\u3000第\n",
	"\xe4\xb8",
	strings.Repeat("，", 300),
	strings.Repeat("亚信", 500),
}

// FuzzDecodeBytes checks Decode on arbitrary bytes: it never panics; what
// it accepts is valid UTF-8 without control characters (but \t \n \f \r),
// and its UTF-8 decodes to itself again.
func FuzzDecodeBytes(f *testing.F) {
	for _, s := range reliabilitySeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		text, enc, err := Decode(raw)
		if err != nil {
			if text != "" {
				t.Fatalf("Decode failed (%v) but returned text %q", err, text)
			}
			return
		}
		if !utf8.ValidString(text) {
			t.Fatalf("Decode(%q) = invalid UTF-8 %q (%s)", raw, text, enc)
		}
		for _, r := range text {
			if r < 0x20 && r != '\t' && r != '\n' && r != '\f' && r != '\r' || r == 0x7f {
				t.Fatalf("Decode(%q) kept control character %U", raw, r)
			}
		}
		again, enc2, err := Decode([]byte(text))
		if err != nil || again != text || enc2 != "utf-8" {
			t.Fatalf("Decode of Decode's own output %q = %q, %q, %v", text, again, enc2, err)
		}
	})
}

var (
	fuzzPipelineOnce sync.Once
	fuzzPipeline     *Pipeline
	fuzzPipelineErr  error
)

// FuzzExtractDoc runs the whole pipeline (every recogniser and relation
// pattern) on arbitrary bytes: it never panics, refuses only with an
// ErrInvalid, is deterministic, and what it returns is consistent.
func FuzzExtractDoc(f *testing.F) {
	for _, s := range reliabilitySeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		fuzzPipelineOnce.Do(func() { fuzzPipeline, fuzzPipelineErr = New() })
		if fuzzPipelineErr != nil {
			t.Fatal(fuzzPipelineErr)
		}
		ctx := context.Background()
		x, err := fuzzPipeline.Extract(ctx, "fuzz", raw)
		if err != nil {
			if _, ok := err.(*seckg.Error); !ok {
				t.Fatalf("Extract(%q): %v is not a *seckg.Error", raw, err)
			}
			return
		}
		ents := map[seckg.EntityID]bool{}
		for _, e := range x.Entities {
			if e.ID == "" || !e.Type.Valid() || !utf8.ValidString(e.Name) {
				t.Fatalf("Extract(%q): bad entity %+v", raw, e)
			}
			ents[e.ID] = true
		}
		for _, r := range x.Relations {
			if !r.Predicate.Valid() || !ents[r.Head] || !ents[r.Tail] {
				t.Fatalf("Extract(%q): relation %s with an unknown end or predicate", raw, r.Key())
			}
			if len(r.Evidence) == 0 {
				t.Fatalf("Extract(%q): relation %s without evidence", raw, r.Key())
			}
			for _, ev := range r.Evidence {
				if ev.Sentence == "" || !utf8.ValidString(ev.Sentence) || ev.Offset < 0 || ev.Offset > x.Doc.Chars {
					t.Fatalf("Extract(%q): relation %s: bad evidence %+v (document of %d runes)", raw, r.Key(), ev, x.Doc.Chars)
				}
			}
		}
		y, err := fuzzPipeline.Extract(ctx, "fuzz", raw)
		if err != nil || !reflect.DeepEqual(x, y) {
			t.Fatalf("Extract(%q) is not deterministic (%v)", raw, err)
		}
	})
}

// TestExtractDeterministic extracts each corpus document several times:
// the results must be identical (a resumed ingest must store what a clean
// run stores; map order once chose a meeting's place at random).
func TestExtractDeterministic(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "data", "corpus", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		first, err := p.Extract(context.Background(), "d", raw)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 8 {
			x, err := p.Extract(context.Background(), "d", raw)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(x, first) {
				for j := range min(len(x.Entities), len(first.Entities)) {
					if !reflect.DeepEqual(x.Entities[j], first.Entities[j]) {
						t.Fatalf("%s, run %d: entity %s differs: %+v, first run %+v", filepath.Base(f), i+2, x.Entities[j].ID, x.Entities[j], first.Entities[j])
					}
				}
				t.Fatalf("%s, run %d: the extraction differs from the first run's", filepath.Base(f), i+2)
			}
		}
	}
}
