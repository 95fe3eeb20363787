package data_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/seckg/seckg"
	"github.com/seckg/seckg/data"
)

// header is the documented first non-comment line of every gazetteer file.
const header = "id\ttype\tname\tname_en\taliases\tattrs"

// fileTypes is the node type each documented file holds (gazetteer/README.md).
var fileTypes = map[string]seckg.NodeType{
	"countries.tsv":     seckg.Country,
	"places.tsv":        seckg.Place,
	"persons.tsv":       seckg.Person,
	"organizations.tsv": seckg.Organization,
	"events.tsv":        seckg.Event,
	"documents.tsv":     seckg.DocumentType,
	"principles.tsv":    seckg.Principle,
	"concepts.tsv":      seckg.Concept,
}

// refKeys are the attributes whose value is the id of another entry, with
// the types that entry may have (nil: any type).
var refKeys = map[string][]seckg.NodeType{
	"place":    {seckg.Place, seckg.Country},
	"location": {seckg.Country, seckg.Place},
	"series":   {seckg.Organization},
	"parent":   {seckg.Organization},
}

// sharedAliases lists surface forms (as foldKey gives them) that may name
// two entries, with why.
// Keep it short: every entry here is an ambiguity the extractor must resolve.
var sharedAliases = map[string]string{}

var (
	idRe   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	keyRe  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	dateRe = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)
)

type entry struct {
	file, id, name, nameEn string
	typ                    seckg.NodeType
	aliases                []string
	attrs                  map[string]string
	line                   int
}

func (e entry) String() string { return fmt.Sprintf("%s:%d %s", e.file, e.line, e.id) }

// parseFile reads one gazetteer file. Row-level format errors are returned
// alongside the entries that did parse.
func parseFile(name string, b []byte) ([]entry, []error) {
	var (
		out     []entry
		errs    []error
		sawHead bool
	)
	if !utf8.Valid(b) {
		return nil, []error{fmt.Errorf("%s: not UTF-8", name)}
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !sawHead {
			sawHead = true
			if line != header {
				errs = append(errs, fmt.Errorf("%s:%d: header %q, want %q", name, n, line, header))
			}
			continue
		}
		cols := strings.Split(line, "\t")
		// README fixes six columns. Trailing empty aliases/attrs columns may
		// be left off (editors strip trailing tabs); more than six, or fewer
		// than the four that are never empty, is an error.
		if len(cols) < 4 || len(cols) > 6 {
			errs = append(errs, fmt.Errorf("%s:%d: %d columns, want 6", name, n, len(cols)))
			continue
		}
		for len(cols) < 6 {
			cols = append(cols, "")
		}
		e := entry{file: name, line: n, id: cols[0], typ: seckg.NodeType(cols[1]), name: cols[2], nameEn: cols[3], attrs: map[string]string{}}
		if cols[4] != "" {
			e.aliases = strings.Split(cols[4], "|")
		}
		if cols[5] != "" {
			for _, kv := range strings.Split(cols[5], ";") {
				k, v, ok := strings.Cut(kv, "=")
				switch {
				case !ok || !keyRe.MatchString(k) || v == "" || strings.Contains(v, "="):
					errs = append(errs, fmt.Errorf("%s: attribute %q is not key=value", e, kv))
				case e.attrs[k] != "":
					errs = append(errs, fmt.Errorf("%s: attribute %q given twice", e, k))
				default:
					e.attrs[k] = v
				}
			}
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", name, err))
	}
	if !sawHead {
		errs = append(errs, fmt.Errorf("%s: no header line", name))
	}
	return out, errs
}

// validDate reports whether s is YYYY, YYYY-MM or YYYY-MM-DD and a real date.
func validDate(s string) bool {
	if !dateRe.MatchString(s) {
		return false
	}
	layout := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}[len(s)]
	_, err := time.Parse(layout, s)
	return err == nil
}

func hanOnly(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

// validate checks every gazetteer/*.tsv of fsys against the rules of
// gazetteer/README.md and returns every violation found.
func validate(fsys fs.FS) (map[string]entry, []error) {
	files, err := fs.Glob(fsys, "gazetteer/*.tsv")
	if err != nil {
		return nil, []error{err}
	}
	if len(files) == 0 {
		return nil, []error{fmt.Errorf("no gazetteer/*.tsv files")}
	}
	var (
		errs []error
		all  []entry
		byID = map[string]entry{}
	)
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		es, perrs := parseFile(path.Base(f), b)
		errs = append(errs, perrs...)
		all = append(all, es...)
	}
	for _, e := range all {
		if !idRe.MatchString(e.id) {
			errs = append(errs, fmt.Errorf("%s: id not shaped %s", e, idRe))
		}
		if prev, dup := byID[e.id]; dup {
			errs = append(errs, fmt.Errorf("%s: id also used at %s", e, prev))
		} else {
			byID[e.id] = e
		}
		if !e.typ.Valid() {
			errs = append(errs, fmt.Errorf("%s: type %q is not a node type", e, e.typ))
		} else if want, ok := fileTypes[e.file]; ok && e.typ != want {
			errs = append(errs, fmt.Errorf("%s: type %s in a file of %s", e, e.typ, want))
		}
		if strings.TrimSpace(e.name) == "" {
			errs = append(errs, fmt.Errorf("%s: empty name", e))
		}
		if strings.TrimSpace(e.nameEn) == "" {
			errs = append(errs, fmt.Errorf("%s: empty name_en", e))
		}
		if e.typ == seckg.DocumentType && (strings.HasPrefix(e.name, "《") || strings.HasSuffix(e.name, "》")) {
			errs = append(errs, fmt.Errorf("%s: document name %q keeps its 《》", e, e.name))
		}
		seen := map[string]bool{e.name: true}
		for _, a := range e.aliases {
			switch {
			case a == "" || strings.TrimSpace(a) != a:
				errs = append(errs, fmt.Errorf("%s: alias %q empty or padded", e, a))
			case seen[a]:
				errs = append(errs, fmt.Errorf("%s: alias %q repeated (or equal to the name)", e, a))
			case hanOnly(a) && utf8.RuneCountInString(a) < 2:
				errs = append(errs, fmt.Errorf("%s: one-character alias %q is too ambiguous", e, a))
			}
			seen[a] = true
		}
		for k, v := range e.attrs {
			if (k == "date" || strings.HasSuffix(k, "_date")) && !validDate(v) {
				errs = append(errs, fmt.Errorf("%s: %s=%q is not an ISO 8601 date", e, k, v))
			}
		}
	}
	// References, abbreviations and shared surface forms need every entry
	// read first.
	forms := map[string][]string{} // surface form -> ids
	abbrs := map[string]string{}   // abbr -> id
	for _, e := range all {
		if a, ok := e.attrs["abbr"]; ok {
			if !hanOnly(a) || utf8.RuneCountInString(a) != 1 {
				errs = append(errs, fmt.Errorf("%s: abbr=%q is not one Chinese character", e, a))
			} else if prev, dup := abbrs[a]; dup {
				errs = append(errs, fmt.Errorf("%s: abbr=%s also abbreviates %s", e, a, prev))
			}
			abbrs[a] = e.id
		}
		for k, types := range refKeys {
			v, ok := e.attrs[k]
			if !ok {
				continue
			}
			t, ok := byID[v]
			if !ok {
				errs = append(errs, fmt.Errorf("%s: %s=%s names no entry", e, k, v))
				continue
			}
			if v == e.id {
				errs = append(errs, fmt.Errorf("%s: %s refers to itself", e, k))
			}
			if types != nil && !typeIn(t.typ, types) {
				errs = append(errs, fmt.Errorf("%s: %s=%s is a %s, want one of %v", e, k, v, t.typ, types))
			}
		}
		// The extractor matches name_en too.
		for _, s := range append([]string{e.name, e.nameEn}, e.aliases...) {
			if s == "" {
				continue
			}
			k := foldKey(s)
			if !contains(forms[k], e.id) {
				forms[k] = append(forms[k], e.id)
			}
		}
	}
	keys := make([]string, 0, len(forms))
	for s := range forms {
		keys = append(keys, s)
	}
	sort.Strings(keys)
	for _, s := range keys {
		if ids := forms[s]; len(ids) > 1 && sharedAliases[s] == "" {
			errs = append(errs, fmt.Errorf("surface form %q names %v: disambiguate or add it to sharedAliases with a reason", s, ids))
		}
	}
	return byID, errs
}

// foldKey is the form under which names are compared, as the extractor and
// the gold matching see them: white space dropped, full-width ASCII folded
// to half-width, lower case.
func foldKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			continue
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func typeIn(t seckg.NodeType, ts []seckg.NodeType) bool {
	for _, x := range ts {
		if t == x {
			return true
		}
	}
	return false
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// TestGazetteer validates what the binary embeds.
func TestGazetteer(t *testing.T) {
	byID, errs := validate(data.Gazetteer)
	for _, err := range errs {
		t.Error(err)
	}
	counts := map[seckg.NodeType]int{}
	for _, e := range byID {
		counts[e.typ]++
	}
	t.Logf("entries by type: %v", counts)
}

// TestGazetteerCoverage pins the size and a few facts of the country, place
// and person lists, so that a truncated or mangled file fails.
func TestGazetteerCoverage(t *testing.T) {
	byID, _ := validate(data.Gazetteer)
	min := map[seckg.NodeType]int{seckg.Country: 60, seckg.Place: 80, seckg.Person: 40}
	counts := map[seckg.NodeType]int{}
	for _, e := range byID {
		counts[e.typ]++
	}
	for typ, n := range min {
		if counts[typ] < n {
			t.Errorf("%d entries of type %s, want at least %d", counts[typ], typ, n)
		}
	}
	tests := []struct {
		id, name, nameEn string
		typ              seckg.NodeType
		aliases          []string
		attrs            map[string]string
	}{
		{"china", "中国", "China", seckg.Country, []string{"中华人民共和国", "中國", "PRC"}, nil},
		{"kazakhstan", "哈萨克斯坦", "Kazakhstan", seckg.Country, []string{"哈萨克斯坦共和国", "Казахстан"}, nil},
		{"russia", "俄罗斯", "Russia", seckg.Country, []string{"俄罗斯联邦", "Россия"}, nil},
		{"usa", "美国", "United States", seckg.Country, []string{"美利坚合众国", "USA"}, nil},
		{"south-korea", "韩国", "South Korea", seckg.Country, []string{"大韩民国", "韓國"}, nil},
		{"almaty", "阿拉木图", "Almaty", seckg.Place, []string{"阿拉木圖", "Алматы"}, map[string]string{"location": "kazakhstan"}},
		{"astana", "阿斯塔纳", "Astana", seckg.Place, []string{"努尔苏丹", "Нур-Султан"}, map[string]string{"location": "kazakhstan"}},
		{"bandung", "万隆", "Bandung", seckg.Place, []string{"萬隆"}, map[string]string{"location": "indonesia"}},
		{"asia-pacific", "亚太地区", "Asia-Pacific", seckg.Place, []string{"亚太"}, nil},
		{"south-china-sea", "南海", "South China Sea", seckg.Place, nil, nil},
		{"nazarbayev", "纳扎尔巴耶夫", "Nursultan Nazarbayev", seckg.Person, []string{"努尔苏丹·纳扎尔巴耶夫", "納扎爾巴耶夫", "Назарбаев"}, nil},
		{"xi-jinping", "习近平", "Xi Jinping", seckg.Person, []string{"習近平"}, nil},
		{"zhou-enlai", "周恩来", "Zhou Enlai", seckg.Person, []string{"周恩來"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			e, ok := byID[tt.id]
			if !ok {
				t.Fatalf("no entry %q", tt.id)
			}
			if e.name != tt.name || e.nameEn != tt.nameEn || e.typ != tt.typ {
				t.Errorf("got %s %q %q, want %s %q %q", e.typ, e.name, e.nameEn, tt.typ, tt.name, tt.nameEn)
			}
			for _, a := range tt.aliases {
				if !contains(e.aliases, a) {
					t.Errorf("alias %q missing from %v", a, e.aliases)
				}
			}
			for k, v := range tt.attrs {
				if e.attrs[k] != v {
					t.Errorf("attribute %s=%q, want %q", k, e.attrs[k], v)
				}
			}
		})
	}
}

// TestValidateRejects makes sure each rule can fail: every broken file must
// give at least one error mentioning want.
func TestValidateRejects(t *testing.T) {
	const ok = "id\ttype\tname\tname_en\taliases\tattrs\n" +
		"china\tCountry\t中国\tChina\t中华人民共和国\t\n" +
		"beijing\tPlace\t北京\tBeijing\t\tlocation=china\n"
	tests := []struct {
		name, file, body, want string
	}{
		{"header", "places.tsv", "id\ttype\tname\taliases\tattrs\n", "header"},
		{"too few columns", "places.tsv", header + "\nx\tPlace\tX\n", "columns"},
		{"too many columns", "places.tsv", header + "\nx\tPlace\tX\tX\t\t\textra\n", "columns"},
		{"id shape", "places.tsv", header + "\nBei_Jing\tPlace\t北京二\tBeijing\t\t\n", "id not shaped"},
		{"duplicate id", "places.tsv", header + "\nchina\tPlace\t中国城\tChina town\t\t\n", "id also used"},
		{"bad type", "places.tsv", header + "\nx\tCity\t某地\tX\t\t\n", "not a node type"},
		{"type of file", "places.tsv", header + "\nx\tPerson\t某人\tX\t\t\n", "in a file of"},
		{"empty name", "places.tsv", header + "\nx\tPlace\t\tX\t\t\n", "empty name"},
		{"shared alias", "places.tsv", header + "\npeking\tPlace\t北平\tPeiping\t北京\t\n", "surface form \"北京\""},
		{"shared alias up to case and width", "places.tsv", header + "\nprc\tPlace\t某国\tX\tＰＲＣ\t\nprc2\tPlace\t某国二\tX2\tp r c\t\n", "surface form \"prc\""},
		{"one-character alias", "places.tsv", header + "\nx\tPlace\t某地\tX\t某\t\n", "one-character"},
		{"empty alias", "places.tsv", header + "\nx\tPlace\t某地\tX\ta||b\t\n", "empty or padded"},
		{"attrs shape", "places.tsv", header + "\nx\tPlace\t某地\tX\t\tlocation\n", "not key=value"},
		{"attrs twice", "places.tsv", header + "\nx\tPlace\t某地\tX\t\tlocation=china;location=china\n", "given twice"},
		{"date shape", "events.tsv", header + "\nx\tEvent\t某会\tX\t\tdate=2014/05\n", "ISO 8601"},
		{"date value", "events.tsv", header + "\nx\tEvent\t某会\tX\t\tdate=2014-13-01\n", "ISO 8601"},
		{"dangling ref", "events.tsv", header + "\nx\tEvent\t某会\tX\t\tplace=atlantis;date=2014\n", "names no entry"},
		{"valid references", "misc.tsv", header + "\nx\tOrganization\t某组织\tX\t\t\nx2\tOrganization\t某秘书处\tX2\t\tparent=x\n" +
			"e\tEvent\t某会\tX3\t\tseries=x;place=beijing;date=2014-05-21\n", ""},
		{"reference type", "events.tsv", header + "\ne\tEvent\t某会\tX\t\tplace=e2\ne2\tEvent\t某会二\tX2\t\t\n", "is a Event"},
		{"self reference", "places.tsv", header + "\nx\tPlace\t某地\tX\t\tlocation=x\n", "refers to itself"},
		{"trailing empty columns left off", "places.tsv", header + "\nx\tPlace\t某地\tX\nx2\tPlace\t某地二\tX2\t某处\n", ""},
		{"abbr shape", "places.tsv", header + "\nx\tPlace\t某地\tX\t\tabbr=某地\n", "not one Chinese character"},
		{"abbr twice", "places.tsv", header + "\nx\tCountry\t某国\tX\t\tabbr=某\nx2\tCountry\t某某国\tX2\t\tabbr=某\n", "also abbreviates"},
		{"document brackets", "documents.tsv", header + "\nx\tDocument\t《某宣言》\tX\t\t\n", "keeps its"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"gazetteer/base.tsv":   {Data: []byte(ok)},
				"gazetteer/" + tt.file: {Data: []byte(tt.body)},
			}
			_, errs := validate(fsys)
			if tt.want == "" {
				for _, err := range errs {
					t.Errorf("unexpected error: %v", err)
				}
				return
			}
			for _, err := range errs {
				if strings.Contains(err.Error(), tt.want) {
					return
				}
			}
			t.Errorf("no error mentioning %q; got %v", tt.want, errs)
		})
	}
	t.Run("valid", func(t *testing.T) {
		if _, errs := validate(fstest.MapFS{"gazetteer/base.tsv": {Data: []byte(ok)}}); len(errs) > 0 {
			t.Errorf("valid file rejected: %v", errs)
		}
	})
}

// BenchmarkValidate measures reading and checking every embedded file.
func BenchmarkValidate(b *testing.B) {
	var n int
	for b.Loop() {
		byID, errs := validate(data.Gazetteer)
		if len(errs) > 0 {
			b.Fatal(errs[0])
		}
		n = len(byID)
	}
	b.ReportMetric(float64(n), "entries")
}
