package extract

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seckg/seckg"
)

var (
	reOrdinal = regexp.MustCompile(`第([0-9一二三四五六七八九十百零〇两]+)(次|届)`)
	reDate    = regexp.MustCompile(`([12][0-9]{3})\s?年(?:\s?([01]?[0-9])\s?月(?:\s?([0-3]?[0-9])\s?日)?)?`)
	reYearAt  = regexp.MustCompile(`([12][0-9]{3})年(?:[01]?[0-9]月)?(?:的)?$`)
)

// meetingSuffixes are the words that end the name of a meeting, longest first.
var meetingSuffixes = []string{"国家和政府首脑峰会", "国家元首和政府首脑会议", "国家元首会议", "首脑峰会", "元首峰会", "元首会议", "首脑会议",
	"高官委员会会议", "副外长会议", "外交部长会议", "外长会议", "防长会议", "集体学习", "全国代表大会", "峰会", "年会", "会议", "大会"}

// meetingSuffixRunes[i] is the length in runes of meetingSuffixes[i].
var meetingSuffixRunes = func() []int {
	ns := make([]int, len(meetingSuffixes))
	for i, s := range meetingSuffixes {
		ns[i] = utf8.RuneCountInString(s)
	}
	return ns
}()

// recognize finds the mentions of the text: titles in 《》, ordinal
// meetings, gazetteer names, and meetings named by a body and a date.
func (d *docState) recognize() {
	b := d.bufs
	b.covered = zeroed(b.covered, len(d.simp)+1)
	covered := b.covered
	b.matches = d.p.gaz.matchAll(b.matches[:0], d.simp)
	d.byStart = newMatchIndex(b.matchStart, b.matches, len(d.simp)+1)
	b.matchStart = d.byStart.start
	// numbered meetings first, inside titles too; then titles, whose
	// inner names must not overlap them
	b.ordCovered = zeroed(b.ordCovered, len(d.simp)+1)
	d.ordCovered = b.ordCovered
	d.ordinals(d.ordCovered)
	d.placeMeetings(d.ordCovered)
	d.titles(covered)
	for i := range d.ments {
		if d.ments[i].Type == seckg.Event && d.inTitleSpan(covered, d.ments[i]) {
			d.ments[i].inTitle = true
		}
	}
	for i, c := range d.ordCovered {
		covered[i] = covered[i] || c
	}
	d.greedy(covered, 0, len(d.simp), false)
	d.suffixNames(covered)
	d.dropWeak()
	d.datedMeetings()
}

// surface returns the original text of runes [a, b).
func (d *docState) surface(a, b int) string { return d.textS[d.textRB[a]:d.textRB[b]] }

// simplified returns the Simplified (not lower-cased) text of runes [a, b).
func (d *docState) simplified(a, b int) string { return d.caseS[d.caseRB[a]:d.caseRB[b]] }

// simpStr returns the match text of runes [a, b).
func (d *docState) simpStr(a, b int) string { return d.simpS[d.simpRB[a]:d.simpRB[b]] }

func (d *docState) add(m mention) {
	if m.Surface == "" {
		m.Surface = d.surface(m.Start, m.End)
	}
	d.ments = append(d.ments, m)
}

// mentionFlags returns a table over the runes of the text (and one past
// the end) that is true inside the current mentions. It is one array per
// document, remade at each call: the caller may write to it, but only
// until it calls mentionFlags again.
func (d *docState) mentionFlags() []bool {
	d.bufs.inMention = zeroed(d.bufs.inMention, len(d.simp)+1)
	in := d.bufs.inMention
	for _, m := range d.ments {
		cover(in, m.Start, m.End)
	}
	return in
}

func cover(c []bool, a, b int) {
	for i := a; i < b; i++ {
		c[i] = true
	}
}

func free(c []bool, a, b int) bool {
	for i := a; i < b; i++ {
		if c[i] {
			return false
		}
	}
	return true
}

// lookup returns the gazetteer entries whose match key is exactly key.
func (g *gazetteer) lookup(key string) []*gazEntry { return g.lookup3(key, "", "") }

// lookup3 is lookup(a + b + c), walking the trie over the three parts
// instead of building the key (coordinated tries many such keys).
func (g *gazetteer) lookup3(a, b, c string) []*gazEntry {
	var n int32
	for _, part := range [3]string{a, b, c} {
		for _, r := range part {
			if n = g.child(n, r); n == 0 {
				return nil
			}
		}
	}
	return g.hitsOf(n)
}

// titles turns every 《…》 into a mention: the gazetteer entry of that
// name, else a Document named by the title; titles of periodicals are
// skipped. Names inside a title are recognised too, marked inTitle.
func (d *docState) titles(covered []bool) {
	d.headline(covered)
	var inner []bool // greedyInner reads and writes only [a, b) of it
	for i := 0; i < len(d.simp); i++ {
		if d.simp[i] != '《' {
			continue
		}
		j := i + 1
		for j < len(d.simp) && j-i < 120 && d.simp[j] != '》' && d.simp[j] != '\n' && d.simp[j] != '《' {
			j++
		}
		if j >= len(d.simp) || d.simp[j] != '》' || j == i+1 {
			continue
		}
		a, b := i+1, j
		cover(covered, i, j+1)
		i = j
		key := d.simpStr(a, b)
		if hits := d.p.gaz.lookup(key); len(hits) > 0 {
			e := hits[0]
			d.add(mention{Start: a, End: b, ID: e.ID, Type: e.Type})
		} else if d.periodical(a, b) {
			continue
		} else {
			name := d.simplified(a, b)
			id := newID(seckg.DocumentType, name)
			d.add(mention{Start: a, End: b, ID: id, Type: seckg.DocumentType})
			e := d.entity(id, seckg.DocumentType, name)
			for _, sep := range []string{"：", ":", "——"} {
				if main, _, ok := strings.Cut(name, sep); ok && main != "" {
					addAlias(e, main)
					break
				}
			}
			if m := reDate.FindStringSubmatch(name); m != nil {
				setAttr(e, seckg.AttrDate, isoDate(m))
			}
		}
		if inner == nil {
			d.bufs.inner = zeroed(d.bufs.inner, len(covered))
			inner = d.bufs.inner
		}
		clear(inner[a:b])
		d.greedyInner(inner, a, b)
	}
}

// docHeads are the words a document's name ends with.
var docHeads = []string{"宣言", "声明", "公报", "条约", "宪章", "公约", "协定", "文件", "纲要", "规划", "准则", "议定书", "备忘录", "白皮书", "概念文件", "行动计划", "倡议"}

// headline treats the first line of the text as a document's name when it
// is short, has no final stop and ends like one ("…峰会宣言"): the text
// is that document, and the names inside it are recognised as in a title.
func (d *docState) headline(covered []bool) {
	b := 0
	for b < len(d.simp) && d.simp[b] != '\n' {
		b++
	}
	name := d.simpStr(0, b)
	if b < 4 || b > 60 || strings.ContainsAny(name, "。，；《") {
		return
	}
	ok := false
	for _, h := range docHeads {
		ok = ok || strings.HasSuffix(name, h)
	}
	if !ok {
		return
	}
	cover(covered, 0, b)
	if hits := d.p.gaz.lookup(name); len(hits) > 0 {
		d.add(mention{Start: 0, End: b, ID: hits[0].ID, Type: hits[0].Type})
	} else {
		n := d.simplified(0, b)
		id := newID(seckg.DocumentType, n)
		d.entity(id, seckg.DocumentType, n)
		d.add(mention{Start: 0, End: b, ID: id, Type: seckg.DocumentType})
	}
	d.bufs.inner = zeroed(d.bufs.inner, len(covered))
	inner := d.bufs.inner
	for k := range inner {
		inner[k] = k >= b
	}
	d.greedyInner(inner, 0, b)
}

// periodical reports whether the title at runes [a, b) names a journal or
// newspaper (载《…》, …报, 《…》2014年第1期).
func (d *docState) periodical(a, b int) bool {
	name := d.simpStr(a, b)
	for _, s := range []string{"报", "杂志", "学报", "期刊", "周刊", "月刊", "评论", "研究", "论坛"} {
		if strings.HasSuffix(name, s) && !strings.HasSuffix(name, "报告") {
			if s != "研究" && s != "论坛" && s != "评论" || d.before(a-1, "载") {
				return true
			}
		}
	}
	if d.before(a-1, "载") || d.before(a-1, "见") || d.before(a-1, "载于") {
		return true
	}
	after := d.simpStr(b+1, min(len(d.simp), b+12))
	return reIssueAfter.MatchString(after)
}

// reIssueAfter is the issue of a periodical after its title: 》2014年第.
// It is compiled once: periodical runs for every title.
var reIssueAfter = regexp.MustCompile(`^[12][0-9]{3}年第`)

// before reports whether the text ending at rune i (exclusive) ends with s.
func (d *docState) before(i int, s string) bool {
	n := utf8.RuneCountInString(s)
	if i-n < 0 {
		return false
	}
	return d.simpStr(i-n, i) == s
}

func (d *docState) at(i int, s string) bool {
	n := utf8.RuneCountInString(s)
	if i+n > len(d.simp) {
		return false
	}
	return d.simpStr(i, i+n) == s
}

// inTitleSpan reports whether ordinal mention m lies inside a title
// (covered by a title, and not itself a title mention).
func (d *docState) inTitleSpan(covered []bool, m mention) bool {
	if !d.ordCovered[m.Start] {
		return false
	}
	for i := m.Start; i < m.End; i++ {
		if !covered[i] {
			return false
		}
	}
	return true
}

// greedyInner recognises the names inside the title at runes [a, b),
// leaving out the name of the whole title. It reads and writes covered
// only in [a, b).
func (d *docState) greedyInner(covered []bool, a, b int) {
	for i := a; i < b; i++ {
		covered[i] = covered[i] || d.ordCovered[i]
	}
	for i := a; i < b; i++ {
		if covered[i] {
			continue
		}
		for _, c := range d.byStart.at(i) {
			if c.End > b || c.Start == a && c.End == b || !free(covered, c.Start, c.End) || !d.boundaryOK(c) {
				continue
			}
			d.add(mention{Start: c.Start, End: c.End, ID: c.Entry.ID, Type: c.Entry.Type, inTitle: true})
			cover(covered, c.Start, c.End)
			i = c.End - 1
			break
		}
	}
}

// greedy takes gazetteer matches left to right, longest first, over the
// uncovered runes of [a, b).
func (d *docState) greedy(covered []bool, a, b int, inTitle bool) {
	for i := a; i < b; i++ {
		if covered[i] {
			continue
		}
		for k, c := range d.byStart.at(i) {
			if c.End > b || !free(covered, c.Start, c.End) || !d.boundaryOK(c) {
				continue
			}
			c = d.disambiguate(d.byStart.at(i)[k:], c)
			d.add(mention{Start: c.Start, End: c.End, ID: c.Entry.ID, Type: c.Entry.Type, inTitle: inTitle})
			cover(covered, c.Start, c.End)
			i = c.End - 1
			break
		}
	}
}

func isASCIIAlnum(r rune) bool { return r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// boundaryOK rejects matches that cut a word: a Latin name inside a longer
// Latin word, or a two-character principle or concept inside Chinese prose.
func (d *docState) boundaryOK(c match) bool {
	first, last := d.simp[c.Start], d.simp[c.End-1]
	var prev, next rune = ' ', ' '
	if c.Start > 0 {
		prev = d.simp[c.Start-1]
	}
	if c.End < len(d.simp) {
		next = d.simp[c.End]
	}
	if isASCIIAlnum(first) && isASCIIAlnum(prev) || isASCIIAlnum(last) && isASCIIAlnum(next) {
		return false
	}
	// "外长会议" inside "副外长会议": a longer meeting word ends here
	for k, suf := range meetingSuffixes {
		n := meetingSuffixRunes[k]
		if n > c.End-c.Start && c.End-n >= 0 && c.End-n < c.Start && d.simpStr(c.End-n, c.End) == suf {
			return false
		}
	}
	if c.End-c.Start <= 2 && (c.Entry.Type == seckg.Principle || c.Entry.Type == seckg.Concept) {
		han := func(r rune) bool { return unicode.Is(unicode.Han, r) }
		if han(prev) && !strings.ContainsRune("即", prev) || han(next) && !strings.ContainsRune("是为和与及", next) {
			return false
		}
	}
	return true
}

// disambiguate picks, among the entries sharing the name matched by c
// ("上海峰会" of one series or another), the one whose series or parent
// the text names nearest before; else the first.
func (d *docState) disambiguate(cs []match, c match) match {
	var same []match
	for _, x := range cs {
		if x.Start == c.Start && x.End == c.End {
			same = append(same, x)
		}
	}
	if len(same) < 2 {
		return c
	}
	best, bestAt := c, -1
	for _, x := range same {
		owner := x.Entry.Attrs["series"]
		if owner == "" {
			owner = x.Entry.parent
		}
		if owner == "" {
			continue
		}
		for a := c.Start - 1; a >= 0 && a > bestAt; a-- {
			hit := false
			for _, y := range d.byStart.at(a) {
				if string(y.Entry.ID) == owner || y.Entry.parent == owner {
					hit = true
					break
				}
			}
			if hit {
				best, bestAt = x, a
				break
			}
		}
	}
	return best
}

// Suffixes that make a phrase the name of an organisation or a concept
// when the text founds or proposes it.
var (
	orgSuffixes     = []string{"组织", "论坛", "联盟", "机制", "委员会", "理事会", "共同体"}
	conceptSuffixes = []string{"倡议", "战略", "构想", "理念", "安全观", "计划", "模式"}
	// a founding verb and the name after it; the verb is a match's first
	// word or follows one of two runes
	reFounded = newNearRegexp(`(?:(?:倡议|倡导|发起|宣布|正式)(?:成立|建立|创建|设立)了?|(?:成立|建立|创建|设立)了)([\p{Han}A-Za-z0-9+“”—-]{3,20})`,
		[]string{"成立", "建立", "创建", "设立"}, 6, 90)
	// a proposing verb and the quoted name after it
	reProposedName = newNearRegexp(`(?:提出了?|发起了?|倡导|倡议)的?“([^“”，。、]{2,12})”(倡议|战略|构想|理念|安全观|计划)?`,
		[]string{"提出", "发起", "倡导", "倡议"}, 0, 90)
	foundedIn = newWordSet([]string{"成立于", "创建于", "创立于", "建立于"})
)

// nearRegexp is a regular expression each match of which holds one of
// words, starting at most before bytes ahead of it and ending at most
// after bytes past its start; findAllNear finds its matches.
type nearRegexp struct {
	re            *regexp.Regexp // the expression, anchored at the start
	words         *wordSet
	before, after int
}

func newNearRegexp(expr string, words []string, before, after int) *nearRegexp {
	return &nearRegexp{re: regexp.MustCompile(`^(?:` + expr + `)`), words: newWordSet(words), before: before, after: after}
}

// findAllNear returns what FindAllStringSubmatchIndex(s, -1) of the
// expression would give on the stretches of the match text s = d.simpS
// around the words of nr, merged where they overlap. A match can start
// only at a rune up to nr.before bytes ahead of a word, so the anchored
// expression is tried at those runes alone, left to right, each past the
// end of the last match, as FindAll would find them.
func (d *docState) findAllNear(nr *nearRegexp) [][]int {
	s := d.simpS
	stretches, starts := d.nearStretches(nr)
	var out [][]int
	k := 0 // starts[k:] are yet to be tried
	for _, sp := range stretches {
		a, b := sp[0], sp[1]
		pos := a // where the next match may start
		for ; k < len(starts) && starts[k] < b; k++ {
			c := starts[k]
			if c < pos {
				continue
			}
			loc := nr.re.FindStringSubmatchIndex(s[c:b])
			if loc == nil {
				continue
			}
			for i := range loc {
				if loc[i] >= 0 {
					loc[i] += c
				}
			}
			out = append(out, loc)
			pos = loc[1]
		}
	}
	return out
}

// nearStretches returns the stretches of d.simpS around the words of nr
// (from nr.before bytes ahead of a word to nr.after bytes past its start,
// merged where they overlap, widened to whole runes), in order, and the
// byte offsets, in order, of the runes where a match may start.
func (d *docState) nearStretches(nr *nearRegexp) (stretches [][2]int, starts []int) {
	s := d.simpS
	var spans [][2]int
	for _, at := range d.wordsIn(nr.words) {
		for _, i := range at {
			at := int(d.simpRB[i])
			spans = append(spans, [2]int{max(0, at-nr.before), min(len(s), at+nr.after)})
			for k := max(0, at-nr.before); k <= at; k++ {
				if utf8.RuneStart(s[k]) {
					starts = append(starts, k)
				}
			}
		}
	}
	if len(spans) == 0 {
		return nil, nil
	}
	slices.Sort(starts)
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	merged := spans[:1]
	for _, sp := range spans[1:] {
		if last := &merged[len(merged)-1]; sp[0] <= last[1] {
			last[1] = max(last[1], sp[1])
		} else {
			merged = append(merged, sp)
		}
	}
	for i := range merged {
		a, b := merged[i][0], merged[i][1]
		for a > 0 && !utf8.RuneStart(s[a]) {
			a--
		}
		for b < len(s) && !utf8.RuneStart(s[b]) {
			b++
		}
		merged[i] = [2]int{a, b}
	}
	return merged, starts
}

// suffixNames recognises names the gazetteer lacks: an organisation the
// text says was founded ("成立了X论坛", "X组织成立于2001年") and a quoted
// concept the text says someone proposed ("提出“X”倡议").
func (d *docState) suffixNames(covered []bool) {
	s, bi := d.simpText()
	try := func(a, b int, t seckg.NodeType, name string) {
		if b-a < 3 || !free(covered, a, b) {
			return
		}
		for _, bad := range []string{"的", "和", "与", "及", "、", "等", "各", "一批", "一些", "这", "该", "那", "多个", "对话机制", "合作机制", "安全机制"} {
			if strings.Contains(name, bad) && !(bad == "对话机制" || bad == "合作机制" || bad == "安全机制") || (bad == "对话机制" || bad == "合作机制" || bad == "安全机制") && name == bad {
				return
			}
		}
		if r := []rune(name)[0]; strings.ContainsRune("一二三四五六七八九十两几多每某其", r) {
			return
		}
		id := newID(t, name)
		d.entity(id, t, name)
		d.add(mention{Start: a, End: b, ID: id, Type: t})
		cover(covered, a, b)
	}
	hasSuffix := func(name string, sufs []string) bool {
		for _, x := range sufs {
			if strings.HasSuffix(name, x) && utf8.RuneCountInString(name) > utf8.RuneCountInString(x)+1 {
				return true
			}
		}
		return false
	}
	var spans [][2]int
	for _, loc := range d.findAllNear(reFounded) {
		spans = append(spans, [2]int{bi.runeAt(loc[2]), bi.runeAt(loc[3])})
	}
	// "X组织成立于2001年": the name runs back from the verb to a boundary
	for _, starts := range d.wordsIn(foundedIn) {
		for _, b := range starts {
			if d.before(b, "正式") {
				b -= 2
			}
			a := b
			for a > 0 && b-a < 20 && (unicode.Is(unicode.Han, d.simp[a-1]) || isASCIIAlnum(d.simp[a-1]) || strings.ContainsRune("+“”—-", d.simp[a-1])) && !strings.ContainsRune("的了是在和与将于", d.simp[a-1]) {
				a--
			}
			spans = append(spans, [2]int{a, b})
		}
	}
	{
		for _, sp := range spans {
			a, b := sp[0], sp[1]
			// the longest prefix of the run that ends in an organisation suffix
			for e := b; e > a+2; e-- {
				name := strings.Trim(d.simplified(a, e), "“”")
				if hasSuffix(name, orgSuffixes) {
					try(a, e, seckg.Organization, name)
					break
				}
			}
		}
	}
	for _, loc := range d.findAllNear(reProposedName) {
		a, b := bi.runeAt(loc[2]), bi.runeAt(loc[3])
		name := d.simplified(a, b)
		end := b
		if loc[4] >= 0 {
			name += s[loc[4]:loc[5]]
			end = bi.runeAt(loc[5])
		} else if !hasSuffix(name, conceptSuffixes) {
			continue
		}
		if !free(covered, a, b) {
			continue
		}
		try(a-1, end, seckg.Concept, name)
	}
}

// dropWeak removes mentions by a bare alias of a standing body
// ("秘书处") whose parent organisation the document never names.
func (d *docState) dropWeak() {
	// the maps are the document's tables, emptied (see docBufs)
	if d.bufs.named == nil {
		d.bufs.named = make(map[seckg.EntityID]bool, len(d.ments))
		d.bufs.ends = make(map[int]mention, len(d.ments))
	}
	named, ends := d.bufs.named, d.bufs.ends
	clear(named)
	clear(ends)
	for _, m := range d.ments {
		named[m.ID] = true
	}
	for _, m := range d.ments {
		if !m.inTitle {
			ends[m.End] = m
		}
	}
	out := d.ments[:0]
	for _, m := range d.ments {
		if g := d.p.gaz.byID[m.ID]; g != nil && !m.inTitle && g.parent != "" && !d.namesParent(m, seckg.EntityID(g.parent)) {
			// "秘书处" in a text about another organisation is that
			// organisation's secretariat
			if alt := d.sameBodyOf(m, d.contextOrg(m.Start)); alt != nil && alt != g {
				m.ID, g = alt.ID, alt
				named[alt.ID] = true
			}
		}
		if g := d.p.gaz.byID[m.ID]; g != nil && !m.inTitle {
			parent := seckg.EntityID(g.parent)
			if parent != "" && !d.namesParent(m, parent) {
				if !named[parent] {
					continue
				}
				// "东盟外长会议" is not the CICA body "外长会议"
				if prev, ok := ends[m.Start]; ok && prev.ID != parent && (prev.Type == seckg.Organization || prev.Type == seckg.Country) {
					continue
				}
			}
		}
		out = append(out, m)
	}
	d.ments = out
}

// contextOrg returns the top organisation (not a standing body, which
// may itself be named by a bare alias) named last before rune i.
func (d *docState) contextOrg(i int) seckg.EntityID {
	for a := i - 1; a >= 0 && a > i-400; a-- {
		for _, c := range d.byStart.at(a) {
			if c.End > i || c.Entry.Type != seckg.Organization {
				continue
			}
			if c.Entry.parent == "" {
				return c.Entry.ID
			}
		}
	}
	return ""
}

// sameBodyOf returns the standing body of organisation org whose name
// ends with the bare name m uses ("秘书处" → 东盟秘书处), if just one.
func (d *docState) sameBodyOf(m mention, org seckg.EntityID) *gazEntry {
	if org == "" {
		return nil
	}
	bare := d.simpStr(m.Start, m.End)
	var hit *gazEntry
	for _, e := range d.p.gaz.entries {
		if e.Type != seckg.Organization || seckg.EntityID(e.parent) != org || !strings.HasSuffix(e.keys[0], bare) {
			continue
		}
		if hit != nil {
			return nil
		}
		hit = e
	}
	return hit
}

func (d *docState) namesParent(m mention, parent seckg.EntityID) bool {
	p := d.p.gaz.byID[parent]
	if p == nil {
		return false
	}
	s := d.simpStr(m.Start, m.End)
	for _, k := range p.keys {
		if k != "" && strings.Contains(s, k) {
			return true
		}
	}
	return false
}

// chineseNumber parses 47, 四十七, 二十七 and the like.
func chineseNumber(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	digit := map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	total, cur := 0, 0
	for _, r := range s {
		switch r {
		case '十':
			if cur == 0 {
				cur = 1
			}
			total += cur * 10
			cur = 0
		case '百':
			if cur == 0 {
				cur = 1
			}
			total += cur * 100
			cur = 0
		default:
			v, ok := digit[r]
			if !ok {
				return 0
			}
			cur = v
		}
	}
	return total + cur
}

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// chineseOrdinal writes n in Chinese numerals (1–99).
func chineseOrdinal(n int) string {
	switch {
	case n <= 0 || n >= 100:
		return strconv.Itoa(n)
	case n < 10:
		return cnDigits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + cnDigits[n-10]
	case n%10 == 0:
		return cnDigits[n/10] + "十"
	}
	return cnDigits[n/10] + "十" + cnDigits[n%10]
}

// isoDate formats a reDate submatch as ISO 8601 at its precision.
func isoDate(m []string) string {
	s := m[1]
	if len(m) > 2 && m[2] != "" {
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 {
			return s
		}
		s += "-" + twoDigits(mo)
		if len(m) > 3 && m[3] != "" {
			dd, _ := strconv.Atoi(m[3])
			if dd >= 1 && dd <= 31 {
				s += "-" + twoDigits(dd)
			}
		}
	}
	return s
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
