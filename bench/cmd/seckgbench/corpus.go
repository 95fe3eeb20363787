package main

import (
	"bufio"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/seckg/seckg/data"
)

// template is one sentence of the sample corpus with its gazetteer names
// and dates marked as slots to fill.
type template struct {
	parts []string // literal text; slot i sits between parts[i] and parts[i+1]
	slots []string // gazetteer file of the name that stood there, or "date"
}

var dateRE = regexp.MustCompile(`[0-9０-９]{4}\s*年(\s*[0-9０-９]{1,2}\s*月(\s*[0-9０-９]{1,2}\s*日)?)?`)

// gazetteerNames returns, per gazetteer file, its names and aliases written
// in Han characters (two or more runes), longest first.
func gazetteerNames() (map[string][]string, error) {
	out := map[string][]string{}
	err := fs.WalkDir(data.Gazetteer, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".tsv") {
			return err
		}
		b, err := fs.ReadFile(data.Gazetteer, p)
		if err != nil {
			return err
		}
		file := strings.TrimSuffix(filepath.Base(p), ".tsv")
		seen := map[string]bool{}
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Split(line, "\t")
			if len(f) < 5 || strings.HasPrefix(line, "#") || f[0] == "id" {
				continue
			}
			for _, n := range append([]string{f[2]}, strings.Split(f[4], "|")...) {
				if utf8.RuneCountInString(n) >= 2 && hanOnly(n) && !seen[n] {
					seen[n] = true
					out[file] = append(out[file], n)
				}
			}
		}
		sort.Slice(out[file], func(i, j int) bool {
			a, b := out[file][i], out[file][j]
			if len(a) != len(b) {
				return len(a) > len(b)
			}
			return a < b
		})
		return nil
	})
	return out, err
}

func hanOnly(s string) bool {
	for _, r := range s {
		if r < 0x3400 || r > 0x9fff {
			return false
		}
	}
	return true
}

// sentences splits the files of dir into sentences ending in 。！？ with
// the PDF line breaks inside them removed.
func sentences(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		text := strings.NewReplacer("\r", "", "\n", "").Replace(string(b))
		start := 0
		for i, r := range text {
			if r == '。' || r == '！' || r == '？' {
				s := strings.TrimSpace(text[start : i+utf8.RuneLen(r)])
				if utf8.RuneCountInString(s) >= 8 && utf8.ValidString(s) {
					out = append(out, s)
				}
				start = i + utf8.RuneLen(r)
			}
		}
	}
	return out, nil
}

// makeTemplate marks in s the gazetteer names (longest match first, no
// overlaps) and the dates as slots.
func makeTemplate(s string, names map[string][]string, files []string) template {
	type span struct {
		i, j int
		slot string
	}
	var spans []span
	taken := make([]bool, len(s))
	mark := func(i, j int, slot string) {
		for k := i; k < j; k++ {
			if taken[k] {
				return
			}
		}
		for k := i; k < j; k++ {
			taken[k] = true
		}
		spans = append(spans, span{i, j, slot})
	}
	for _, loc := range dateRE.FindAllStringIndex(s, -1) {
		mark(loc[0], loc[1], "date")
	}
	for _, f := range files {
		for _, n := range names[f] {
			for off := 0; ; {
				k := strings.Index(s[off:], n)
				if k < 0 {
					break
				}
				mark(off+k, off+k+len(n), f)
				off += k + len(n)
			}
		}
	}
	sort.Slice(spans, func(a, b int) bool { return spans[a].i < spans[b].i })
	t := template{}
	prev := 0
	for _, sp := range spans {
		t.parts = append(t.parts, s[prev:sp.i])
		t.slots = append(t.slots, sp.slot)
		prev = sp.j
	}
	t.parts = append(t.parts, s[prev:])
	return t
}

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩凯健俊帆帅旭宁龙林欣颖")
	orgHeads = []string{"亚洲", "东亚", "南亚", "中亚", "东南亚", "东北亚", "欧亚", "太平洋", "印度洋", "丝路", "湄公河", "澜湄", "上海", "博鳌", "香山", "东盟"}
	orgTails = []string{"安全论坛", "安全合作组织", "防务对话会", "反恐中心", "海上安全机制", "信任措施会议", "安全观研讨会", "战略对话", "联合演习机制", "和平倡议"}
)

// fill writes t to w with its slots filled from r: a name of the same
// gazetteer file, now and then an invented person or organisation, and a
// random date.
func fill(w *bufio.Writer, t template, names map[string][]string, r *rand.Rand) {
	for i, p := range t.parts {
		w.WriteString(p)
		if i == len(t.slots) {
			break
		}
		switch slot := t.slots[i]; {
		case slot == "date":
			y := 1950 + r.IntN(76)
			switch r.IntN(3) {
			case 0:
				fmt.Fprintf(w, "%d年", y)
			case 1:
				fmt.Fprintf(w, "%d年%d月", y, 1+r.IntN(12))
			default:
				fmt.Fprintf(w, "%d年%d月%d日", y, 1+r.IntN(12), 1+r.IntN(28))
			}
		case slot == "persons" && r.IntN(4) == 0:
			w.WriteRune(surnames[r.IntN(len(surnames))])
			for range 1 + r.IntN(2) {
				w.WriteRune(given[r.IntN(len(given))])
			}
		case slot == "organizations" && r.IntN(4) == 0:
			w.WriteString(orgHeads[r.IntN(len(orgHeads))])
			w.WriteString(orgTails[r.IntN(len(orgTails))])
		default:
			ns := names[slot]
			w.WriteString(ns[r.IntN(len(ns))])
		}
	}
}

// cmdCorpus writes -mb megabytes of text made by recombining the sentences
// of -src into documents of 20-200 KB, deterministically for a -seed.
func cmdCorpus(args []string) error {
	fs := flag.NewFlagSet("corpus", flag.ExitOnError)
	src := fs.String("src", "data/corpus", "folder of sample .txt files")
	out := fs.String("out", "", "folder to write into (created)")
	mb := fs.Float64("mb", 100, "megabytes to write")
	seed := fs.Uint64("seed", 7, "random seed")
	fs.Parse(args)
	if *out == "" {
		return fmt.Errorf("corpus: -out is required")
	}
	names, err := gazetteerNames()
	if err != nil {
		return err
	}
	var files []string
	for f := range names {
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i] < files[j] })
	ss, err := sentences(*src)
	if err != nil {
		return err
	}
	if len(ss) == 0 {
		return fmt.Errorf("corpus: no sentences in %s", *src)
	}
	ts := make([]template, len(ss))
	slots := 0
	for i, s := range ss {
		ts[i] = makeTemplate(s, names, files)
		slots += len(ts[i].slots)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(*seed, 11))
	want := int64(*mb * (1 << 20))
	var total int64
	for n := 1; total < want; n++ {
		f, err := os.Create(filepath.Join(*out, fmt.Sprintf("synth-%05d.txt", n)))
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 1<<16)
		size := int64(20<<10 + r.IntN(180<<10))
		// A title line made of a sentence's start, then paragraphs of 3-8
		// sentences drawn from runs of the sample (neighbouring sentences
		// stay together, as in real texts).
		fill(w, ts[r.IntN(len(ts))], names, r)
		w.WriteString("\n\n")
		for w.Buffered() > 0 || true {
			k := r.IntN(len(ts))
			for j := range 3 + r.IntN(6) {
				fill(w, ts[(k+j)%len(ts)], names, r)
			}
			w.WriteString("\n\n")
			st, _ := f.Stat()
			if st.Size()+int64(w.Buffered()) >= size {
				break
			}
		}
		if err := w.Flush(); err != nil {
			return err
		}
		st, _ := f.Stat()
		total += st.Size()
		if err := f.Close(); err != nil {
			return err
		}
	}
	fmt.Printf("corpus: %d sentences (%d name/date slots) from %s recombined into %.1f MB in %s\n", len(ss), slots, *src, float64(total)/(1<<20), *out)
	return nil
}
