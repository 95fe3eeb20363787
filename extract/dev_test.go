package extract

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/seckg/seckg"
)

// TestDevExport extracts a corpus folder and writes a minimal GraphML for
// checks/score.py. It runs only when SECKG_DEV_GRAPHML names the output;
// SECKG_DEV_CORPUS picks the folder (default ../data/corpus).
func TestDevExport(t *testing.T) {
	out := os.Getenv("SECKG_DEV_GRAPHML")
	if out == "" {
		t.Skip("set SECKG_DEV_GRAPHML=/tmp/dev.graphml to write the dev export")
	}
	dir := os.Getenv("SECKG_DEV_CORPUS")
	if dir == "" {
		dir = "../data/corpus"
	}
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	ents := map[seckg.EntityID]*seckg.Entity{}
	rels := map[string]*seckg.Relation{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		id := seckg.DocID(strings.TrimSuffix(filepath.Base(f), ".txt"))
		x, err := p.Extract(t.Context(), id, raw)
		if err != nil {
			t.Fatalf("Extract(%s): %v", f, err)
		}
		for _, e := range x.Entities {
			cur := ents[e.ID]
			if cur == nil {
				e := e
				ents[e.ID] = &e
				continue
			}
			for _, a := range e.Aliases {
				addAlias(cur, a)
			}
		}
		for _, r := range x.Relations {
			if cur := rels[r.Key()]; cur != nil {
				cur.Evidence = append(cur.Evidence, r.Evidence...)
			} else {
				r := r
				rels[r.Key()] = &r
			}
		}
	}
	if err := os.WriteFile(out, devGraphML(ents, rels), 0o644); err != nil {
		t.Fatal(err)
	}
	if dump := os.Getenv("SECKG_DEV_DUMP"); dump != "" {
		var b strings.Builder
		ids := make([]string, 0, len(ents))
		for id := range ents {
			ids = append(ids, string(id))
		}
		sort.Strings(ids)
		for _, id := range ids {
			e := ents[seckg.EntityID(id)]
			fmt.Fprintf(&b, "E\t%s\t%s\t%s\t%s\t%v\n", e.ID, e.Type, e.Name, strings.Join(e.Aliases, "|"), e.Attrs)
		}
		keys := make([]string, 0, len(rels))
		for k := range rels {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			r := rels[k]
			fmt.Fprintf(&b, "R\t%s\t%s\t%s\t%s\n", r.Head, r.Predicate, r.Tail, r.Evidence[0].Sentence)
		}
		os.WriteFile(dump, []byte(b.String()), 0o644)
	}
}

func devGraphML(ents map[seckg.EntityID]*seckg.Entity, rels map[string]*seckg.Relation) []byte {
	esc := func(s string) string {
		var b strings.Builder
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns">` + "\n")
	for _, k := range []string{"label", "label_en", "type", "aliases", "date", "place"} {
		fmt.Fprintf(&b, `<key id="%s" for="node" attr.name="%s" attr.type="string"/>`+"\n", k, k)
	}
	b.WriteString(`<key id="predicate" for="edge" attr.name="predicate" attr.type="string"/>` + "\n")
	b.WriteString(`<key id="weight" for="edge" attr.name="weight" attr.type="int"/>` + "\n")
	b.WriteString(`<graph edgedefault="directed">` + "\n")
	ids := make([]string, 0, len(ents))
	for id := range ents {
		ids = append(ids, string(id))
	}
	sort.Strings(ids)
	for _, id := range ids {
		e := ents[seckg.EntityID(id)]
		fmt.Fprintf(&b, `<node id="%s"><data key="label">%s</data><data key="label_en">%s</data><data key="type">%s</data><data key="aliases">%s</data><data key="date">%s</data><data key="place">%s</data></node>`+"\n",
			esc(id), esc(e.Name), esc(e.NameEN), e.Type, esc(strings.Join(e.Aliases, "|")), esc(e.Attrs["date"]), esc(e.Attrs["place"]))
	}
	keys := make([]string, 0, len(rels))
	for k := range rels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		r := rels[k]
		fmt.Fprintf(&b, `<edge id="e%d" source="%s" target="%s"><data key="predicate">%s</data><data key="weight">%d</data></edge>`+"\n",
			i, esc(string(r.Head)), esc(string(r.Tail)), r.Predicate, len(r.Evidence))
	}
	b.WriteString("</graph>\n</graphml>\n")
	return []byte(b.String())
}

// TestDevSentence prints the mentions and relations of SECKG_DEV_TEXT.
func TestDevSentence(t *testing.T) {
	text := os.Getenv("SECKG_DEV_TEXT")
	if text == "" {
		t.Skip("set SECKG_DEV_TEXT")
	}
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	d := newDocState(p, "dev", Normalize(text))
	if err := d.run(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, m := range d.ments {
		t.Logf("M %d-%d %s %s %q anaphor=%v title=%v kind=%v", m.Start, m.End, m.ID, m.Type, m.Surface, m.anaphor, m.inTitle, m.kindWord)
	}
	_, rels := d.results()
	for _, r := range rels {
		t.Logf("R %s", r.Key())
	}
}

// TestDevTags lists the nt/ns/nz/nr words gojieba finds outside mentions
// in the corpus (SECKG_DEV_TAGS=1).
func TestDevTags(t *testing.T) {
	if os.Getenv("SECKG_DEV_TAGS") == "" {
		t.Skip("set SECKG_DEV_TAGS=1")
	}
	p := newPipeline(t)
	for _, f := range corpusFiles(t) {
		d := newDocState(p, "dev", Normalize(readText(t, f)))
		if err := d.run(t.Context()); err != nil {
			t.Fatal(err)
		}
		in := make([]bool, len(d.simp)+1)
		for _, m := range d.ments {
			cover(in, m.Start, m.End)
		}
		for _, st := range d.sents {
			words, tags := p.tag(string(d.simp[st.Start:st.End]))
			pos := st.Start
			for i, w := range words {
				n := utf8.RuneCountInString(w)
				if (tags[i] == "nt" || tags[i] == "ns" || tags[i] == "nz" || tags[i] == "nr") && free(in, pos, pos+n) {
					t.Logf("%s\t%s", tags[i], w)
				}
				pos += n
			}
		}
	}
}
