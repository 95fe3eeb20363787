package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/longbridgeapp/opencc"
	"github.com/seckg/seckg"
	"golang.org/x/text/encoding/simplifiedchinese"
)

var shared struct {
	once sync.Once
	p    *Pipeline
	err  error
}

// newPipeline returns a Pipeline shared by the tests of this package.
func newPipeline(tb testing.TB) *Pipeline {
	tb.Helper()
	shared.once.Do(func() { shared.p, shared.err = New() })
	if shared.err != nil {
		tb.Fatalf("New: %v", shared.err)
	}
	return shared.p
}

func corpusFiles(tb testing.TB) []string {
	tb.Helper()
	fs, err := filepath.Glob("../data/corpus/*.txt")
	if err != nil || len(fs) == 0 {
		tb.Fatalf("no corpus files: %v", err)
	}
	return fs
}

func readText(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	s, _, err := Decode(b)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func extract(t *testing.T, text string) seckg.Extraction {
	t.Helper()
	x, err := newPipeline(t).Extract(t.Context(), "test", []byte(text))
	if err != nil {
		t.Fatalf("Extract(%q): %v", text, err)
	}
	return x
}

func entityIDs(x seckg.Extraction) []string {
	var out []string
	for _, e := range x.Entities {
		out = append(out, string(e.ID))
	}
	return out
}

func relationKeys(x seckg.Extraction) []string {
	var out []string
	for _, r := range x.Relations {
		out = append(out, r.Key())
	}
	return out
}

func TestRecognize(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		want, not  []string
	}{
		{"gazetteer names", "上合组织与东盟都重视协商一致。", []string{"sco", "asean", "consensus"}, nil},
		{"traditional script", "亞信會議與上海合作組織。", []string{"cica", "sco"}, nil},
		{"gazetteer meeting", "亚信第六次峰会召开。", []string{"cica-summit-6"}, nil},
		{"ordinal with the series named before", "亚信会议发展迅速。此后又举行了第四届外长会议。", []string{"cica", "cica-fm-meeting-2012"}, nil},
		{"ordinal with the organisation before it", "亚信第五次外长会议在北京召开。", []string{"cica-fm-meeting-2016", "beijing"}, nil},
		{"dated meeting of a series", "2014年亚信峰会取得成功。", []string{"cica-summit-4"}, []string{"cica-summit-mechanism"}},
		{"unknown ordinal meeting", "东盟地区论坛第三十次会议讨论了南海问题。", []string{"event:东盟地区论坛第三十次会议"}, nil},
		{"title typed as document", "各方发表了《东亚合作联合声明》。", []string{"document:东亚合作联合声明"}, nil},
		{"periodical skipped", "参见某文，载《世界知识》2020年第3期。", nil, []string{"document:世界知识"}},
		{"short principle needs a boundary", "各国共建安全家园。", nil, []string{"joint-contribution"}},
		{"short principle standing alone", "共建是途径，共享是目标。", []string{"joint-contribution", "shared-benefits"}, nil},
		{"bare body without its organisation", "秘书处设在首都。", nil, []string{"cica-secretariat"}},
		{"bare body after another organisation", "亚信会议和东盟都很重要。上合组织外长会议在北京召开。", []string{"sco"}, []string{"cica-ministerial-council"}},
		{"latin name inside a word", "EUROPEAN studies", nil, []string{"eu"}},
		{"bilateral compound", "中老铁路已经通车。", []string{"china", "laos"}, nil},
		{"name of a founded forum", "2019年，有关各方正式成立了澜沧江青年发展论坛。", []string{"organization:澜沧江青年发展论坛"}, nil},
		{"quoted proposal", "该国领导人提出了“蓝色伙伴”倡议。", []string{"concept:蓝色伙伴倡议"}, nil},
		{"author of a cited work", "①王晓明：《东盟与地区安全》，载《东南亚研究》2019年第2期。", []string{"person:王晓明", "document:东盟与地区安全"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := entityIDs(extract(t, tt.text))
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("entities of %q = %v, want %s among them", tt.text, got, w)
				}
			}
			for _, w := range tt.not {
				if slices.Contains(got, w) {
					t.Errorf("entities of %q = %v, want no %s", tt.text, got, w)
				}
			}
		})
	}
}

func TestDocumentDate(t *testing.T) {
	x := extract(t, "2007年8月，各国在比什凯克签署了《长期睦邻友好合作协定》。外长马尔蒂表示支持。")
	for _, e := range x.Entities {
		if e.ID == "document:长期睦邻友好合作协定" && e.Attrs[seckg.AttrDate] != "2007-08" {
			t.Errorf("document date = %q, want 2007-08", e.Attrs[seckg.AttrDate])
		}
	}
	if ids := entityIDs(x); !slices.Contains(ids, "document:长期睦邻友好合作协定") || !slices.Contains(ids, "person:马尔蒂") {
		t.Errorf("entities = %v, want the agreement and the minister", ids)
	}
}

func TestDisambiguate(t *testing.T) {
	p := newPipeline(t)
	shared := &gazEntry{ID: "x-summit", Type: seckg.Event, Name: "甲峰会", Attrs: map[string]string{"series": "sco"}}
	other := &gazEntry{ID: "y-summit", Type: seckg.Event, Name: "甲峰会", Attrs: map[string]string{"series": "cica"}}
	for _, tt := range []struct{ text, want string }{
		{"上海合作组织召开甲峰会", "x-summit"},
		{"亚信会议召开甲峰会", "y-summit"},
	} {
		d := newDocState(p, "t", tt.text)
		d.simpCase = []rune(tt.text)
		d.byStart = newMatchIndex(nil, p.gaz.matchAll(nil, d.simp), len(d.simp)+1)
		at := len([]rune(tt.text)) - 3
		cs := []match{{at, at + 3, shared}, {at, at + 3, other}}
		if got := d.disambiguate(cs, cs[0]); string(got.Entry.ID) != tt.want {
			t.Errorf("disambiguate in %q = %s, want %s", tt.text, got.Entry.ID, tt.want)
		}
	}
}

func TestEntityDetails(t *testing.T) {
	x := extract(t, "亞信會議成立於1992年。2019年，亚信第五次峰会在杜尚别举行。")
	byID := map[seckg.EntityID]seckg.Entity{}
	for _, e := range x.Entities {
		byID[e.ID] = e
	}
	cica := byID["cica"]
	if cica.Name != "亚洲相互协作与信任措施会议" || !slices.Contains(cica.Aliases, "亞信會議") {
		t.Errorf("cica = %+v, want the canonical name and the Traditional alias", cica)
	}
	x2 := extract(t, "[責任編輯：陳鴻斌]")
	if len(x2.Entities) != 1 || x2.Entities[0].Name != "陈鸿斌" || !slices.Contains(x2.Entities[0].Aliases, "陳鴻斌") {
		t.Errorf("editor = %+v, want a Simplified name with the Traditional alias", x2.Entities)
	}
	ev := byID["cica-summit-5"]
	if ev.Type != seckg.Event || ev.Attrs[seckg.AttrDate] != "2019-06" || ev.Attrs[seckg.AttrPlace] != "dushanbe" {
		t.Errorf("cica-summit-5 = %+v, want an Event dated 2019-06 in dushanbe", ev)
	}
	if x.Doc.Chars != utf8.RuneCountInString(Normalize("亞信會議成立於1992年。2019年，亚信第五次峰会在杜尚别举行。")) || len(x.Doc.Hash) != 64 || x.Doc.Title == "" {
		t.Errorf("document = %+v, want chars, hash and title", x.Doc)
	}
}

func TestRelations(t *testing.T) {
	for _, tt := range []struct{ name, text, want string }{
		{"proposed-by 倡导成立的", "由中国倡导成立的澜湄合作机制运行良好。", "lmc proposed-by china"},
		{"proposed-by 首次提出", "2013年秋，习近平主席首次提出了一带一路倡议。", "belt-and-road-initiative proposed-by xi-jinping"},
		{"proposed-by across ；", "多年来东盟积极推动区域合作；创建了东盟防长扩大会议。", "admm-plus proposed-by asean"},
		{"proposed-by through 该组织", "上海合作组织成立于2001年。该组织倡导“上海精神”。", "shanghai-spirit proposed-by sco"},
		{"proposed-by strategy of a state", "美国的印太战略影响地区格局。", "indo-pacific-strategy proposed-by usa"},
		{"adopted-at 通过了", "亚信第五次峰会通过了《杜尚别宣言》。", "document:杜尚别宣言 adopted-at cica-summit-5"},
		{"adopted-at 在…上提出", "习近平主席在亚信第四次峰会上提出了亚洲安全观。", "asian-security-concept adopted-at cica-summit-4"},
		{"adopted-at 此次会议", "亚信第二次外长会议于2004年召开。此次会议通过了《亚信程序规则》。", "cica-rules-of-procedure adopted-at cica-fm-meeting-2004"},
		{"adopted-at named in the title", "会议发表了《亚信第六次峰会宣言》。", "document:亚信第六次峰会宣言 adopted-at cica-summit-6"},
		{"held-in 在…举行", "亚信第五次峰会在杜尚别举行。", "cica-summit-5 held-in dushanbe"},
		{"held-in 于…召开的", "2016年于北京召开的亚信第五次外长会议很成功。", "cica-fm-meeting-2016 held-in beijing"},
		{"held-in 在…举行 the meeting", "各国领导人于2022年10月在阿斯塔纳举行亚信第六次峰会。", "cica-summit-6 held-in astana"},
		{"adopted-at a declaration named by its first line", "亚信第六次峰会宣言\n各成员国领导人出席会议。", "document:亚信第六次峰会宣言 adopted-at cica-summit-6"},
		{"based-on 以…为原则", "东盟以协商一致为原则开展合作。", "asean based-on consensus"},
		{"part-of a numbered meeting", "亚信第三次峰会召开。", "cica-summit-3 part-of cica"},
		{"part-of 组成部分", "互不侵犯是和平共处五项原则的重要组成部分。", "mutual-non-aggression part-of five-principles-peaceful-coexistence"},
		{"part-of 包括 list", "和平共处五项原则包括互不侵犯、平等互利等内容。", "equality-mutual-benefit part-of five-principles-peaceful-coexistence"},
		{"part-of 包括 items with descriptors", "人类命运共同体的内涵不断丰富，包括“五位一体”的总体布局以及建设“五个世界”的目标。", "five-worlds part-of community-shared-future"},
		{"part-of standing body", "上海合作组织秘书处设在北京。", "sco-secretariat part-of sco"},
		{"member-of 等…成员国", "哈萨克斯坦、吉尔吉斯斯坦等上海合作组织成员国反对恐怖主义。", "kyrgyzstan member-of sco"},
		{"member-of 囊括", "上海合作组织囊括了印度和巴基斯坦。", "pakistan member-of sco"},
		{"chaired-by 担任…主席国", "2018年，塔吉克斯坦担任亚信会议轮值主席国。", "cica chaired-by tajikistan"},
		{"signed-by 与…签订", "俄罗斯同中国签订了《睦邻友好合作条约》。", "document:睦邻友好合作条约 signed-by russia"},
		{"signed-by from the title", "双方发表《中华人民共和国与俄罗斯联邦关于世界多极化的联合声明》。", "document:中华人民共和国与俄罗斯联邦关于世界多极化的联合声明 signed-by russia"},
		{"evolved-into 升级为", "上海五国会晤机制于2001年升级为上海合作组织。", "shanghai-five evolved-into sco"},
		{"member-of 加入 with a list", "2017年，印度和巴基斯坦加入上海合作组织。", "india member-of sco"},
		{"member-of 成员国包括 after the founding", "东南亚国家联盟成立于1967年，成员国包括泰国和菲律宾。", "thailand member-of asean"},
		{"adopted-at 在会上", "1955年万隆会议召开。周恩来总理在会上提出了求同存异的方针。", "seeking-common-ground adopted-at bandung-conference"},
		{"proposed-by a person with a title", "1955年万隆会议召开。周恩来总理在会上提出了求同存异的方针。", "seeking-common-ground proposed-by zhou-enlai"},
		{"held-in an ordinal summit of another body", "上合组织成员国元首理事会第十八次会议在青岛举行。", "sco-summit-18 held-in qingdao"},
		{"based-on 体现了 a qualified idea", "上海精神充分体现了中国特色的新安全观。", "shanghai-spirit based-on new-security-concept"},
		{"proposed-by in a relative clause before more words", "这体现了中国倡导的全球安全倡议的核心要义。", "global-security-initiative proposed-by china"},
		{"proposed-by a list joined by 和", "中国提出了“双暂停”倡议和“双轨并进”的思路。", "dual-track-approach proposed-by china"},
		{"proposed-by a collective subject", "1954年，中国与印度、缅甸达成共识，三国共同倡导了和平共处五项原则。", "five-principles-peaceful-coexistence proposed-by myanmar"},
		{"based-on 一脉相承", "亚洲安全观与新安全观一脉相承。", "asian-security-concept based-on new-security-concept"},
		{"based-on 以…为基础", "全球安全倡议以联合国宪章为基础。", "global-security-initiative based-on un-charter"},
		{"based-on 是…的基础", "和平共处五项原则是万隆精神的思想基础。", "bandung-spirit based-on five-principles-peaceful-coexistence"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			x := extract(t, tt.text)
			got := relationKeys(x)
			if !slices.Contains(got, tt.want) {
				t.Fatalf("relations of %q = %v, want %q", tt.text, got, tt.want)
			}
			for _, r := range x.Relations {
				if r.Key() != tt.want {
					continue
				}
				norm := []rune(Normalize(tt.text))
				for _, ev := range r.Evidence {
					if ev.Doc != "test" || ev.Offset < 0 || ev.Offset+utf8.RuneCountInString(ev.Sentence) > len(norm) ||
						string(norm[ev.Offset:ev.Offset+utf8.RuneCountInString(ev.Sentence)]) != ev.Sentence {
						t.Errorf("evidence %+v does not point into the normalised text", ev)
					}
				}
			}
		})
	}
}

func TestNoNonsense(t *testing.T) {
	for _, tt := range []struct{ name, text, not string }{
		{"different meetings stay apart", "亚信第一次峰会和亚信第四次峰会都很重要。", "cica-summit-1 evolved-into cica-summit-4"},
		{"object behind 与 is not proposed", "中国主张的模式与东盟方式形成对接。", "asean-way proposed-by china"},
		{"modifier is not an agent", "亚信会议框架下的合作应倡导新安全观。", "new-security-concept proposed-by cica"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := relationKeys(extract(t, tt.text)); slices.Contains(got, tt.not) {
				t.Errorf("relations of %q = %v, want no %q", tt.text, got, tt.not)
			}
		})
	}
	x := extract(t, "亚信第一次峰会与亚信第四次峰会。")
	if ids := entityIDs(x); !slices.Contains(ids, "cica-summit-1") || !slices.Contains(ids, "cica-summit-4") {
		t.Errorf("entities = %v, want two summits", ids)
	}
	for _, r := range x.Relations {
		h, t2 := typeIn(x, r.Head), typeIn(x, r.Tail)
		if !allowed(r.Predicate, h, t2) {
			t.Errorf("relation %s joins %s to %s", r.Key(), h, t2)
		}
	}
}

func typeIn(x seckg.Extraction, id seckg.EntityID) seckg.NodeType {
	for _, e := range x.Entities {
		if e.ID == id {
			return e.Type
		}
	}
	return ""
}

const sample = `一、上海合作组织的由来
上海五国会晤机制始于1996年，2001年升级为上海合作组织。哈萨克斯坦、吉尔吉斯斯坦等上海合作组织成员国积极参与地区安全合作。
该组织倡导“上海精神”，主张互不干涉内政。2014年5月，亚信第四次峰会在上海举行，会议通过了《上海宣言》。
中国担任亚信会议轮值主席国期间，提出了亚洲安全观。`

func TestVariantsExtractTheSameGraph(t *testing.T) {
	s2t, err := opencc.New("s2t")
	if err != nil {
		t.Fatal(err)
	}
	trad, err := s2t.Convert(sample)
	if err != nil {
		t.Fatal(err)
	}
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	p := newPipeline(t)
	want, err := p.Extract(t.Context(), "s", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Relations) < 5 {
		t.Fatalf("sample gives only %v", relationKeys(want))
	}
	for name, raw := range map[string][]byte{"traditional": []byte(trad), "gb18030": gb} {
		got, err := p.Extract(t.Context(), "s", raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(entityIDs(want), entityIDs(got)); diff != "" {
			t.Errorf("%s entities differ (-simplified +%s):\n%s", name, name, diff)
		}
		if diff := cmp.Diff(relationKeys(want), relationKeys(got)); diff != "" {
			t.Errorf("%s relations differ (-simplified +%s):\n%s", name, name, diff)
		}
	}
}

func TestExtractErrors(t *testing.T) {
	p := newPipeline(t)
	_, err := p.Extract(t.Context(), "bin", []byte{0x89, 'P', 'N', 'G', 0, 0, 0, 0x0d, 1, 2, 3})
	if !errors.Is(err, seckg.ErrInvalid) {
		t.Errorf("Extract(binary) = %v, want ErrInvalid", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := p.Extract(ctx, "x", []byte(sample)); !errors.Is(err, context.Canceled) {
		t.Errorf("Extract(cancelled) = %v, want context.Canceled", err)
	}
}

func TestConcurrentExtract(t *testing.T) {
	p := newPipeline(t)
	want, err := p.Extract(t.Context(), "c", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 3 {
				got, err := p.Extract(t.Context(), "c", []byte(sample))
				if err != nil {
					t.Error(err)
					return
				}
				if !slices.Equal(relationKeys(got), relationKeys(want)) {
					t.Error("concurrent Extract gave a different result")
				}
			}
		})
	}
	wg.Wait()
}

// TestConcurrentExtractPooled extracts several different texts at once
// with one Pipeline, so that the pooled per-document tables (docBufs)
// pass from one text to another, and checks each Extraction, whole, is
// the one a sequential run gives: and still is after all the runs, which
// it would not be if a result shared a pooled array.
func TestConcurrentExtractPooled(t *testing.T) {
	p := newPipeline(t)
	_, raws := allTexts(t)
	want := make([]seckg.Extraction, len(raws))
	for i, raw := range raws {
		x, err := p.Extract(t.Context(), "c", raw)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = x
	}
	first := make([][]byte, len(raws))
	for i := range want {
		first[i], _ = json.Marshal(want[i])
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for k := range 2 * len(raws) {
				i := (k + w*3) % len(raws)
				got, err := p.Extract(t.Context(), "c", raws[i])
				if err != nil {
					t.Error(err)
					return
				}
				if !reflect.DeepEqual(got, want[i]) {
					t.Errorf("text %d: concurrent Extract differs from the sequential one", i)
				}
			}
		})
	}
	wg.Wait()
	for i := range want {
		if js, _ := json.Marshal(want[i]); !bytes.Equal(js, first[i]) {
			t.Errorf("text %d: the sequential result changed during later extractions", i)
		}
	}
}

func TestCorpusExtracts(t *testing.T) {
	p := newPipeline(t)
	for _, f := range corpusFiles(t) {
		raw, _ := os.ReadFile(f)
		x, err := p.Extract(t.Context(), "doc", raw)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(x.Entities) < 50 || len(x.Relations) < 30 {
			t.Errorf("%s: %d entities, %d relations, want many more", f, len(x.Entities), len(x.Relations))
		}
		ids := map[seckg.EntityID]bool{}
		for _, e := range x.Entities {
			if !e.Type.Valid() || e.Name == "" || ids[e.ID] {
				t.Errorf("%s: bad or duplicate entity %+v", f, e)
			}
			ids[e.ID] = true
		}
		for _, r := range x.Relations {
			if !ids[r.Head] || !ids[r.Tail] || len(r.Evidence) == 0 {
				t.Errorf("%s: relation %s lacks its entities or evidence", f, r.Key())
			}
		}
	}
}

func TestEmbeddedDictionaries(t *testing.T) {
	total := int64(0)
	err := fs.WalkDir(dictFS, "dict", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		total += info.Size()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if total > 3<<20 {
		t.Errorf("embedded dictionaries take %d bytes, want under 3 MB", total)
	}
	paths, err := dictPaths()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if st, err := os.Stat(p); err != nil || st.Size() == 0 {
			t.Errorf("dictionary %s not unpacked: %v", p, err)
		}
	}
}

func TestGazetteerLoads(t *testing.T) {
	g, err := defaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []seckg.EntityID{"cica", "sco", "asean", "cica-summit-4", "shanghai-declaration", "five-principles-peaceful-coexistence", "asian-security-concept"} {
		if g.byID[id] == nil {
			t.Errorf("gazetteer lacks %s", id)
		}
	}
	for _, e := range g.entries {
		for _, k := range []string{"series", "parent"} {
			if ref := e.Attrs[k]; ref != "" && g.byID[seckg.EntityID(ref)] == nil && g.byID["china"] != nil {
				t.Errorf("%s: %s=%s names no entry", e.ID, k, ref)
			}
		}
	}
	if _, err := loadGazetteer(os.DirFS(t.TempDir())); err != nil {
		t.Errorf("loading an empty gazetteer folder: %v", err)
	}
}

func TestToSimplified(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"亞洲相互協作與信任措施會議", "亚洲相互协作与信任措施会议"},
		{"上海合作組織", "上海合作组织"},
		{"东盟", "东盟"},
	} {
		if got := ToSimplified(tt.in); got != tt.want {
			t.Errorf("ToSimplified(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestChineseNumber(t *testing.T) {
	for in, want := range map[string]int{"四": 4, "十": 10, "十二": 12, "二十七": 27, "四十七": 47, "47": 47, "一百零三": 103} {
		if got := chineseNumber(in); got != want {
			t.Errorf("chineseNumber(%q) = %d, want %d", in, got, want)
		}
	}
	if got := chineseOrdinal(27); got != "二十七" {
		t.Errorf("chineseOrdinal(27) = %q", got)
	}
	_ = strings.TrimSpace
}

// BenchmarkExtract and BenchmarkJiebaCut run on the same sample paper:
// issue 7 wants extraction at least as fast per CPU-second as gojieba's
// segmentation alone (compare their MB/cpu-s).
func BenchmarkExtract(b *testing.B) {
	p := newPipeline(b)
	raw, err := os.ReadFile(corpusFiles(b)[0])
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	c0 := cpuTime()
	for b.Loop() {
		if _, err := p.Extract(b.Context(), "bench", raw); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b, b.N*len(raw), cpuTime()-c0)
}

func BenchmarkJiebaCut(b *testing.B) {
	p := newPipeline(b)
	text := Normalize(readText(b, corpusFiles(b)[0]))
	b.ReportAllocs()
	c0 := cpuTime()
	for b.Loop() {
		p.mu.RLock()
		p.jb.Cut(text, true)
		p.mu.RUnlock()
	}
	reportRate(b, b.N*len(text), cpuTime()-c0)
}

// reportRate reports n bytes done as MB/s (wall) and, where the CPU time
// cpu of the loop is known, MB/cpu-s.
func reportRate(b *testing.B, n int, cpu time.Duration) {
	b.ReportMetric(float64(n)/1e6/b.Elapsed().Seconds(), "MB/s")
	if cpu > 0 {
		b.ReportMetric(float64(n)/1e6/cpu.Seconds(), "MB/cpu-s")
	}
}
