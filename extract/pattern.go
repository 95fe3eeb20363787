package extract

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/seckg/seckg"
)

// Type sets used by the patterns.
var (
	agentTypes  = []seckg.NodeType{seckg.Person, seckg.Country, seckg.Organization}
	ideaTypes   = []seckg.NodeType{seckg.Concept, seckg.Principle, seckg.DocumentType}
	thingTypes  = []seckg.NodeType{seckg.Concept, seckg.Principle, seckg.DocumentType, seckg.Organization}
	bodyTypes   = []seckg.NodeType{seckg.Organization, seckg.DocumentType}
	docTypes    = []seckg.NodeType{seckg.DocumentType}
	eventTypes  = []seckg.NodeType{seckg.Event}
	placeTypes  = []seckg.NodeType{seckg.Place}
	countryType = []seckg.NodeType{seckg.Country}
	orgTypes    = []seckg.NodeType{seckg.Organization}
	signerTypes = []seckg.NodeType{seckg.Country, seckg.Organization}
)

// clause is the view of one sentence the patterns work on.
type clause struct {
	d       *docState
	si      int
	a, b    int       // runes of the sentence
	ms      []mention // mentions in the sentence, by start; shared, not to be written
	hidden  []bool    // runes inside a mention (triggers there are ignored); shared
	used    []bool    // runes of triggers already used
	usedBuf []bool    // the array used was last made in, for mark to reuse
	ready   bool      // grams is set
	loose   bool      // list items may carry a short descriptor: “A”的总体框架以及“B”
	grams   bitset2k  // a hash of each rune and each two runes in a row, so find skips absent words
}

// reLooseGap is a descriptor and a connector between two list items.
var reLooseGap = regexp.MustCompile(`^”?的\p{Han}{1,6}(?:以及|和|与|及)\p{Han}{0,3}“?$`)

// view returns the clause of sentence si. Its mentions and hidden runes
// are slices of tables made once per document (see prepareViews), since
// the patterns view most sentences, some of them more than once.
func (d *docState) view(si int) *clause { return d.viewIn(new(clause), si) }

// viewIn makes c the clause of sentence si and returns it. c keeps the
// array of its used runes (see mark), so that patterns, which views every
// sentence in turn, reuses one clause and one such array.
func (d *docState) viewIn(c *clause, si int) *clause {
	if d.viewStart == nil {
		d.prepareViews()
	}
	st := d.sents[si]
	lo, hi := d.viewStart[si], d.viewStart[si+1]
	*c = clause{d: d, si: si, a: st.Start, b: st.End, hidden: d.hidden[st.Start:st.End:st.End], usedBuf: c.usedBuf}
	if hi > lo {
		c.ms = d.viewMents[lo:hi:hi]
	}
	return c
}

// prepareViews lays out what view gives each sentence: the mentions lying
// within it that are not inside a title (viewMents[viewStart[si]:
// viewStart[si+1]]), and the runes inside those mentions or inside 《》
// of the sentence (hidden). d.ments must be final and sorted.
func (d *docState) prepareViews() {
	b := d.bufs
	b.viewStart = zeroed(b.viewStart, len(d.sents)+1)
	b.hidden = zeroed(b.hidden, len(d.text)+1)
	b.viewMents = slices.Grow(b.viewMents[:0], len(d.ments)) // each mention is in one sentence at most
	d.viewStart, d.hidden, d.viewMents = b.viewStart, b.hidden, b.viewMents
	k := 0
	for si, st := range d.sents {
		d.viewStart[si] = int32(len(d.viewMents))
		for k < len(d.ments) && d.ments[k].Start < st.Start {
			k++
		}
		for j := k; j < len(d.ments) && d.ments[j].Start < st.End; j++ {
			if m := d.ments[j]; m.End <= st.End && !m.inTitle {
				d.viewMents = append(d.viewMents, m)
				cover(d.hidden, m.Start, m.End)
			}
		}
		// runes inside 《》 are hidden too
		depth := 0
		for i := st.Start; i < st.End; i++ {
			switch d.simp[i] {
			case '《':
				depth++
			case '》':
				depth = max(0, depth-1)
			default:
				if depth > 0 {
					d.hidden[i] = true
				}
			}
		}
	}
	d.viewStart[len(d.sents)] = int32(len(d.viewMents))
}

func is(t seckg.NodeType, set []seckg.NodeType) bool {
	for _, s := range set {
		if s == t {
			return true
		}
	}
	return false
}

// find returns the positions of w in the sentence outside mentions, left
// to right and not overlapping (as repeated strings.Index). It works on
// the document's runes, so that it decodes only w; a word one of whose
// runes or rune pairs the sentence lacks is rejected by the hashes in
// c.grams without a scan.
func (c *clause) find(w string) []int {
	s := c.d.simp[c.a:c.b]
	if !c.ready {
		for i, r := range s {
			c.grams.set(runeHash(r))
			if i > 0 {
				c.grams.set(pairHash(s[i-1], r))
			}
		}
		c.ready = true
	}
	// most words fail at their first rune or rune pair: w is decoded,
	// Chinese runes inline, only as far as the sentence may hold it
	var buf [16]rune
	ws := buf[:0]
	for i := 0; i < len(w); {
		var r rune
		n := 3
		if b := w[i]; b >= 0xe1 && b <= 0xef && b != 0xed && i+2 < len(w) && w[i+1]&0xc0 == 0x80 && w[i+2]&0xc0 == 0x80 {
			r = rune(b&0x0f)<<12 | rune(w[i+1]&0x3f)<<6 | rune(w[i+2]&0x3f) // as decodeWide
		} else {
			r, n = decodeAt(w, i)
		}
		if len(ws) == 0 && !c.grams.has(runeHash(r)) || len(ws) > 0 && !c.grams.has(pairHash(ws[len(ws)-1], r)) {
			return nil
		}
		ws = append(ws, r)
		i += n
	}
	if len(ws) == 0 {
		return nil
	}
	r0 := ws[0]
	var out []int
	n := len(ws)
	for i := 0; i+n <= len(s); {
		if s[i] != r0 || !equalRunes(s[i+1:i+n], ws[1:]) {
			i++
			continue
		}
		if !c.hidden[i] && !c.hidden[i+n-1] {
			out = append(out, c.a+i)
		}
		i += n
	}
	return out
}

// bitset2k is a set of numbers below 2048.
type bitset2k [32]uint64

func (s *bitset2k) set(h uint32)      { s[h>>6] |= 1 << (h & 63) }
func (s *bitset2k) has(h uint32) bool { return s[h>>6]&(1<<(h&63)) != 0 }

// runeHash hashes a rune to a number below 2048.
func runeHash(r rune) uint32 { return uint32(r) * 2654435761 >> 21 }

// pairHash hashes two runes in a row to a number below 2048.
func pairHash(a, b rune) uint32 { return (uint32(a)*0x9e3779b1 ^ uint32(b)) * 2246822519 >> 21 }

func (c *clause) text(a, b int) string {
	a, b = max(a, c.a), min(b, c.b)
	if a >= b {
		return ""
	}
	return c.d.simpStr(a, b)
}

func isBoundary(r rune) bool {
	switch r {
	case '，', '；', '：', '。', '！', '？', ',', ';', ':':
		return true
	}
	return false
}

// clauseOf returns the clause [lo, hi) around rune p.
func (c *clause) clauseOf(p int) (int, int) {
	lo, hi := p, p
	for lo > c.a && !isBoundary(c.d.simp[lo-1]) {
		lo--
	}
	for hi < c.b && !isBoundary(c.d.simp[hi]) {
		hi++
	}
	return lo, hi
}

// before returns the nearest mention of a type in set ending at or before
// p and starting at or after lo.
func (c *clause) before(p, lo int, set []seckg.NodeType) *mention {
	var best *mention
	for i := range c.ms {
		m := &c.ms[i]
		if m.End <= p && m.Start >= lo && is(m.Type, set) && (best == nil || m.End > best.End || m.End == best.End && m.Start < best.Start) {
			best = m
		}
	}
	return best
}

// first returns the first mention of a type in set starting in [p, hi).
func (c *clause) first(p, hi int, set []seckg.NodeType) *mention {
	for i := range c.ms {
		m := &c.ms[i]
		if m.Start >= p && m.End <= hi && is(m.Type, set) {
			return m
		}
	}
	return nil
}

// list returns the mentions of a type in set that start a list at or
// after p within hi: the first one within maxGap runes, then each one
// joined to the previous by a connector (、和与及以及并“”). A list item
// followed by 的 and another item only modifies it and is dropped.
func (c *clause) list(p, hi, maxGap int, set []seckg.NodeType) []mention {
	var out []mention
	last := -1
	for i := range c.ms {
		m := c.ms[i]
		if m.Start < p || m.End > hi {
			continue
		}
		if last < 0 {
			if m.Start-p <= maxGap && !is(m.Type, set) && (m.Type == seckg.Country || m.Type == seckg.Place) && c.modifier(&m) {
				continue // "中国特色的X", "中国倡导的X": the state only qualifies X
			}
			if m.Start-p > maxGap || !is(m.Type, set) {
				return nil
			}
			out = append(out, m)
			last = m.End
			continue
		}
		if m.Start < last {
			if is(m.Type, set) && m.Start == out[len(out)-1].Start {
				out = append(out, m)
			}
			continue
		}
		gap := c.text(last, m.Start)
		if c.loose && reLooseGap.MatchString(gap) {
			gap = ""
		}
		if !connector(gap) {
			if gap == "的" || gap == "的“" || gap == "”的" {
				if is(m.Type, set) {
					out = out[:0]
					out = append(out, m)
					last = m.End
				}
				continue
			}
			break
		}
		if is(m.Type, set) {
			out = append(out, m)
		}
		last = m.End
	}
	return out
}

func connector(gap string) bool {
	g := strings.Trim(gap, "“”\"'、，, 《》")
	switch g {
	case "", "和", "与", "及", "以及", "并", "或", "和“", "与“", "及其", "等", "等以及", "以及“":
		return strings.TrimSpace(gap) != "" || gap == ""
	}
	return false
}

// listBefore returns m and the mentions of its type listed right before
// it ("印度和巴基斯坦", "A、B、C").
func (c *clause) listBefore(m *mention) []mention {
	out := []mention{*m}
	q := m.Start
	for i := len(c.ms) - 1; i >= 0; i-- {
		x := c.ms[i]
		if x.End > q {
			continue
		}
		if x.Type != m.Type || !connector(c.text(x.End, q)) {
			break
		}
		out = append(out, x)
		q = x.Start
	}
	return out
}

// agent finds who did what the trigger at p says: the nearest agent in the
// clause before p, else the first agent of the sentence, else of the
// sentences before it joined by ；.
func (c *clause) agent(p int) *mention {
	lo, _ := c.clauseOf(p)
	if m := c.before(p, lo, agentTypes); m != nil && !c.modifier(m) {
		return m
	}
	for i := range c.ms {
		if c.ms[i].End <= p && is(c.ms[i].Type, agentTypes) && c.subject(&c.ms[i]) {
			return &c.ms[i]
		}
	}
	for si := c.si - 1; si >= 0 && si >= c.si-2; si-- {
		st := c.d.sents[si]
		if !strings.HasSuffix(st.Text, "；") {
			break
		}
		v := c.d.view(si)
		for i := range v.ms {
			if is(v.ms[i].Type, agentTypes) && v.subject(&v.ms[i]) {
				return &v.ms[i]
			}
		}
	}
	return nil
}

// modifier reports whether m only modifies what follows it (亚信会议框架下,
// 阿富汗问题, 中国的…) rather than acting.
func (c *clause) modifier(m *mention) bool {
	next := c.text(m.End, m.End+2)
	if strings.HasPrefix(c.text(m.End, m.End+3), "代表团") {
		return true // "会见印度代表团": the state names the delegation
	}
	for _, w := range []string{"的", "框架", "下", "内", "之", "问题", "国家", "地区", "学者", "方面", "特色", "倡导的", "提出的", "主张的"} {
		if strings.HasPrefix(next, w) {
			return true
		}
	}
	return false
}

// subject reports whether m stands where a subject stands: near the start
// of its clause, after no preposition.
func (c *clause) subject(m *mention) bool {
	lo, _ := c.clauseOf(m.Start)
	lead := c.text(lo, m.Start)
	if utf8.RuneCountInString(lead) > 6 || strings.ContainsAny(lead, "在于对向同与和从针为把被将给由及") {
		return false
	}
	return !c.modifier(m)
}

// dropWordsWithPreps removes words that hold a preposition's character
// without being one ("共同、综合…的X", "和平…").
var dropWordsWithPreps = strings.NewReplacer("共同", "", "和平", "")

// objectOK reports whether the text between a verb and its first object
// leaves the object the verb's own (no 与, 在…; no noun after 的).
func (c *clause) objectOK(e int, tails []mention) bool {
	if len(tails) == 0 {
		return false
	}
	if gap := c.text(e, tails[0].Start); strings.ContainsAny(dropWordsWithPreps.Replace(gap), "与和在对向同") && !connector(gap) {
		return false
	}
	if strings.HasPrefix(c.text(e, e+1), "的") {
		return true // "A倡导的X": X is named by the relative clause
	}
	after := strings.TrimLeft(c.text(tails[len(tails)-1].End, c.b), "”\"")
	if rest, ok := strings.CutPrefix(after, "的"); ok && rest != "" && !isBoundary([]rune(rest)[0]) {
		for _, w := range []string{"理念", "倡议", "主张", "构想", "思路", "概念", "战略", "原则", "精神", "安全观", "全球治理观", "目标", "愿景", "多边", "对话", "合作机制", "机制", "方针", "政策", "方案"} {
			if strings.HasPrefix(rest, w) {
				return true
			}
		}
		return false
	}
	return true
}

// skipFrame moves a verb's end past "以…为特征的" so that the object is
// what the frame describes.
func (c *clause) skipFrame(e, hi int) int {
	if !strings.HasPrefix(c.text(e, hi), "以") {
		return e
	}
	rest := c.text(e, hi)
	k := strings.Index(rest, "为")
	if k < 0 {
		return e
	}
	j := strings.Index(rest[k:], "的")
	if j < 0 {
		return e
	}
	return e + utf8.RuneCountInString(rest[:k+j]) + 1
}

// patterns applies every relation pattern to sentence si.
func (d *docState) patterns(si int) {
	c := d.viewIn(&d.sentView, si)
	if len(c.ms) < 1 {
		return
	}
	c.proposed()
	c.adopted()
	c.held()
	c.partOf()
	c.member()
	c.chaired()
	c.signed()
	c.evolved()
	c.based()
	c.declarations()
}

func (c *clause) rel(h *mention, p seckg.Predicate, t *mention) {
	if h == nil || t == nil {
		return
	}
	c.d.relate(h.ID, p, t.ID, c.si)
}

var proposeVerbs = []string{"倡议成立", "倡导成立", "倡导建立", "首次提出", "首先提出", "正式提出", "明确提出", "创造性提出", "提出了", "提出", "倡导", "倡议", "发起", "主张", "阐述了", "阐述", "力推", "出台", "建立了", "建立", "推动搭建", "创建", "创立", "推出"}

func (c *clause) proposed() {
	for _, v := range proposeVerbs {
		for _, p := range c.find(v) {
			e := p + utf8.RuneCountInString(v)
			if c.covered(p, e) {
				continue
			}
			c.mark(p, e)
			_, hi := c.clauseOf(e)
			set := thingTypes
			switch v {
			case "倡议成立", "倡导成立", "倡导建立", "建立了", "建立", "创建", "创立", "出台", "推动搭建":
				set = bodyTypes
			}
			e = c.skipFrame(e, hi)
			tails := c.list(e, hi, 16, set)
			if !c.objectOK(e, tails) {
				tails = nil
			}
			if group := c.collective(p); len(group) > 0 && len(tails) > 0 {
				for i := range tails {
					for j := range group {
						c.rel(&tails[i], seckg.ProposedBy, &group[j])
					}
				}
				continue
			}
			ag := c.agent(p)
			if lo, _ := c.clauseOf(p); strings.Contains(c.text(lo, p), "分别") && len(tails) > 1 {
				if groups := c.groups(lo, p); len(groups) == len(tails) {
					for i := range tails {
						for j := range groups[i] {
							c.rel(&tails[i], seckg.ProposedBy, &groups[i][j])
						}
					}
					continue
				}
			}
			if len(tails) == 0 {
				// Y 由 X 提出 / X 提出的 Y already handled; try passive
				if ag != nil && ag.Start >= 1 && c.text(ag.Start-1, ag.Start) == "由" {
					if h := c.before(ag.Start-1, c.a, thingTypes); h != nil {
						c.rel(h, seckg.ProposedBy, ag)
					}
				}
				continue
			}
			if ag == nil {
				continue
			}
			for i := range tails {
				if tails[i].ID != ag.ID {
					c.rel(&tails[i], seckg.ProposedBy, ag)
				}
			}
		}
	}
	// 中国构建X的理念/主张; 美国“X”战略
	for _, ct := range c.ms {
		if !is(ct.Type, agentTypes) || ct.Type == seckg.Organization {
			continue
		}
		for i := range c.ms {
			m := &c.ms[i]
			if m.Start < ct.End {
				continue
			}
			gap := c.text(ct.End, m.Start)
			if (gap == "构建" || gap == "建设") && is(m.Type, []seckg.NodeType{seckg.Concept}) {
				after := c.text(m.End, m.End+4)
				if strings.HasPrefix(after, "的理念") || strings.HasPrefix(after, "的主张") || strings.HasPrefix(after, "的构想") {
					c.rel(m, seckg.ProposedBy, &ct)
				}
			}
			if ct.Type == seckg.Country && m.Type == seckg.Concept && utf8.RuneCountInString(gap) <= 2 && strings.Trim(gap, "“的以") == "" {
				name := c.d.entityName(m.ID)
				after := c.text(m.End, m.End+3)
				if strings.HasSuffix(name, "战略") || strings.HasSuffix(name, "政策") || strings.HasPrefix(strings.TrimLeft(after, "”"), "战略") {
					c.rel(m, seckg.ProposedBy, &ct)
				}
			}
			break
		}
	}
}

// groups returns the agents of runes [lo, hi) grouped by 、: "中马、中柬"
// gives {China, Malaysia}, {China, Cambodia}.
func (c *clause) groups(lo, hi int) [][]mention {
	var out [][]mention
	var cur []mention
	last := lo
	for _, m := range c.ms {
		if m.Start < lo || m.End > hi || !is(m.Type, agentTypes) {
			continue
		}
		if len(cur) > 0 && strings.Contains(c.text(last, m.Start), "、") {
			out = append(out, cur)
			cur = nil
		}
		cur = append(cur, m)
		last = m.End
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// collective resolves a clause subject like "三国" or "双方" to the
// states the sentence named before it, when their number matches.
func (c *clause) collective(p int) []mention {
	lo, _ := c.clauseOf(p)
	lead := []rune(c.text(lo, p))
	n := 0
	switch {
	case len(lead) >= 2 && lead[1] == '国':
		n = chineseNumber(string(lead[0]))
	case strings.HasPrefix(string(lead), "双方") || strings.HasPrefix(string(lead), "两国"):
		n = 2
	}
	if n < 2 {
		return nil
	}
	var out []mention
	seen := map[seckg.EntityID]bool{}
	for _, m := range c.ms {
		if m.End <= lo && m.Type == seckg.Country && !seen[m.ID] {
			seen[m.ID] = true
			out = append(out, m)
		}
	}
	if len(out) != n {
		return nil
	}
	return out
}

// covered/mark keep a longer trigger from being reused by a shorter one.
func (c *clause) covered(a, b int) bool {
	if c.used == nil {
		return false
	}
	for i := a; i < b; i++ {
		if c.used[i-c.a] {
			return true
		}
	}
	return false
}

func (c *clause) mark(a, b int) {
	if c.used == nil {
		c.used = zeroed(c.usedBuf, c.b-c.a+1)
		c.usedBuf = c.used
	}
	for i := a; i < b; i++ {
		c.used[i-c.a] = true
	}
}

var adoptVerbs = []string{"通过了", "通过", "发表了", "发表", "签署了", "签署", "发布了", "发布", "首次提出", "提出了", "提出", "阐述了", "阐述", "确立了", "确立", "形成了"}

func (c *clause) adopted() {
	c.used = nil
	for _, v := range adoptVerbs {
		for _, p := range c.find(v) {
			e := p + utf8.RuneCountInString(v)
			if c.covered(p, e) {
				continue
			}
			c.mark(p, e)
			ev := c.before(p, c.a, eventTypes)
			if ev == nil {
				continue
			}
			_, hi := c.clauseOf(e)
			e = c.skipFrame(e, hi)
			var tails []mention
			if strings.HasPrefix(v, "通过") || strings.HasPrefix(v, "发表") || strings.HasPrefix(v, "签署") || strings.HasPrefix(v, "发布") {
				for _, m := range c.ms {
					if m.Start >= e && m.Type == seckg.DocumentType {
						tails = append(tails, m)
					}
				}
			}
			tails = append(tails, c.list(e, hi, 16, ideaTypes)...)
			for i := range tails {
				c.rel(&tails[i], seckg.AdoptedAt, ev)
			}
		}
	}
	c.used = nil
}

func (c *clause) held() {
	for _, v := range []string{"召开", "举行", "开幕", "举办"} {
		for _, p := range c.find(v) {
			lo, _ := c.clauseOf(p)
			at := -1
			for _, w := range []string{"在", "于"} {
				for _, q := range c.find(w) {
					if q >= lo && q < p && q > at {
						at = q
					}
				}
			}
			if at < 0 {
				continue
			}
			var places []mention
			for _, m := range c.ms {
				if m.Start > at && m.End <= p && m.Type == seckg.Place {
					places = append(places, m)
				}
			}
			if len(places) == 0 {
				continue
			}
			pl := &places[len(places)-1]
			ev := c.before(at, lo, eventTypes)
			if ev == nil {
				vend := p + utf8.RuneCountInString(v)
				ev = c.first(vend, c.b, eventTypes)
				if ev != nil && !strings.HasPrefix(c.text(vend, ev.Start), "的") && c.text(vend, ev.Start) != "" && c.text(vend, ev.Start) != "了" {
					ev = nil
				}
			}
			if ev != nil {
				c.rel(ev, seckg.HeldIn, pl)
				for a := pl.Start; a < pl.End; a++ {
					for _, x := range c.d.byStart.at(a) {
						if x.End <= pl.End && x.Entry.Type == seckg.Place && x.Entry.ID != pl.ID {
							c.d.entity(x.Entry.ID, x.Entry.Type, x.Entry.Name)
							c.d.relate(ev.ID, seckg.HeldIn, x.Entry.ID, c.si)
						}
					}
				}
			}
		}
	}
}

var partWords = []string{"组成部分", "重要内容", "核心理念", "核心内容", "一部分", "重要支柱", "关键环节", "有机组成", "基本内容", "主要内容"}

func (c *clause) partOf() {
	// X 是 Y 的(重要)组成部分
	for _, p := range c.find("是") {
		lo, hi := c.clauseOf(p)
		x := c.before(p, lo, thingTypes)
		y := c.first(p+1, hi, thingTypes)
		if x == nil || y == nil || y.Start-p > 8 {
			continue
		}
		rest := c.text(y.End, hi)
		if !strings.HasPrefix(rest, "的") {
			continue
		}
		for _, w := range partWords {
			if k := strings.Index(rest, w); k >= 0 && utf8.RuneCountInString(rest[:k]) <= 6 {
				c.rel(x, seckg.PartOf, y)
				break
			}
		}
	}
	// Y(，)即/包括 A、B、C
	for _, v := range []string{"即", "包括", "包含", "主要包括", "涵盖"} {
		for _, p := range c.find(v) {
			e := p + utf8.RuneCountInString(v)
			_, hi := c.clauseOf(e)
			y := c.before(p, c.a, thingTypes)
			if y == nil {
				continue
			}
			gap := c.text(y.End, p)
			if utf8.RuneCountInString(gap) > 12 || strings.ContainsAny(gap, "；。") {
				continue
			}
			set := []seckg.NodeType{seckg.Concept, seckg.Principle}
			if y.Type == seckg.Organization {
				set = orgTypes
				if utf8.RuneCountInString(gap) > 4 {
					continue
				}
			}
			if y.Type == seckg.DocumentType {
				continue
			}
			c.loose = true
			parts := c.list(e, hi, 12, set)
			c.loose = false
			if len(parts) == 0 {
				continue
			}
			if v == "即" || len(parts) >= 2 || strings.Contains(gap, "发展") {
				for i := range parts {
					c.rel(&parts[i], seckg.PartOf, y)
				}
			}
		}
	}
	// 以“A、B、C”为特征的 Y
	for _, p := range c.find("以") {
		lo, hi := c.clauseOf(p)
		_ = lo
		items := c.list(p+1, hi, 2, []seckg.NodeType{seckg.Principle, seckg.Concept})
		if len(items) == 0 {
			continue
		}
		rest := c.text(items[len(items)-1].End, hi)
		rest = strings.TrimLeft(rest, "”\"")
		for _, w := range []string{"为特征的", "为核心的", "为主要内容的", "为内涵的"} {
			if strings.HasPrefix(rest, w) {
				y := c.first(items[len(items)-1].End, hi, []seckg.NodeType{seckg.Principle, seckg.Concept})
				for i := range items {
					c.rel(&items[i], seckg.PartOf, y)
				}
			}
		}
	}
	// Y 的核心内容之一就是 X
	for _, w := range []string{"的核心内容", "的主要内容", "的组成部分"} {
		for _, p := range c.find(w) {
			_, hi := c.clauseOf(p)
			y := c.before(p, c.a, thingTypes)
			if y == nil || y.End != p {
				continue
			}
			rest := c.text(p, hi)
			if k := strings.Index(rest, "是"); k >= 0 {
				q := p + utf8.RuneCountInString(rest[:k]) + 1
				if x := c.first(q, hi, thingTypes); x != nil && x.Start-q <= 2 {
					c.rel(x, seckg.PartOf, y)
				}
			}
		}
	}
	// 其中，X 是…, Y 是…: parts of the previous sentence's topic
	if strings.HasPrefix(c.text(c.a, c.a+3), "其中") && c.si > 0 {
		prev := c.d.view(c.si - 1)
		var topic *mention
		for i := range prev.ms {
			if is(prev.ms[i].Type, []seckg.NodeType{seckg.Principle, seckg.Concept}) {
				topic = &prev.ms[i]
				break
			}
		}
		if topic != nil && topic.Start-prev.a <= 2 {
			for _, p := range c.find("是") {
				lo, _ := c.clauseOf(p)
				if x := c.first(lo, p, []seckg.NodeType{seckg.Principle, seckg.Concept}); x != nil && x.End == p {
					c.rel(x, seckg.PartOf, topic)
				}
			}
		}
	}
}

func (c *clause) member() {
	for _, w := range []string{"核心国家", "成员国", "创始成员国", "成员", "创始国"} {
		for _, p := range c.find(w) {
			org := c.before(p, c.a, orgTypes)
			if lo, _ := c.clauseOf(p); org != nil && p-org.End > 1 && p == lo {
				// "X成立于…，成员国包括A、B": the members of the sentence's organisation
				e := p + utf8.RuneCountInString(w)
				_, hi := c.clauseOf(e)
				if rest := c.text(e, hi); strings.HasPrefix(rest, "包括") || strings.HasPrefix(rest, "有") {
					k := utf8.RuneCountInString(rest[:strings.IndexAny(rest, "括有")]) + 1
					for _, m := range c.list(e+k, hi, 2, countryType) {
						c.rel(&m, seckg.MemberOf, org)
					}
				}
				continue
			}
			if org == nil || p-org.End > 1 {
				continue
			}
			// A、B 等 ORG 成员国
			var cs []mention
			q := org.Start
			if strings.HasSuffix(c.text(q-1, q), "等") {
				q--
			}
			for i := len(c.ms) - 1; i >= 0; i-- {
				m := c.ms[i]
				if m.End > q {
					continue
				}
				if gap := c.text(m.End, q); m.Type != seckg.Country || !connector(gap) || strings.ContainsAny(gap, "与同") {
					break
				}
				cs = append(cs, m)
				q = m.Start
			}
			for i := range cs {
				c.rel(&cs[i], seckg.MemberOf, org)
			}
			// ORG 成员国包括 A、B
			_, hi := c.clauseOf(p)
			e := p + utf8.RuneCountInString(w)
			rest := c.text(e, hi)
			for _, v := range []string{"包括", "有", "为"} {
				if strings.HasPrefix(rest, v) {
					for _, m := range c.list(e+utf8.RuneCountInString(v), hi, 2, countryType) {
						c.rel(&m, seckg.MemberOf, org)
					}
				}
			}
		}
	}
	for _, v := range []string{"囊括了", "囊括", "加入了", "加入"} {
		for _, p := range c.find(v) {
			e := p + utf8.RuneCountInString(v)
			_, hi := c.clauseOf(e)
			if strings.HasPrefix(v, "囊括") {
				org := c.before(p, c.a, orgTypes)
				for _, m := range c.list(e, hi, 8, countryType) {
					c.rel(&m, seckg.MemberOf, org)
				}
				continue
			}
			if org := c.first(e, hi, orgTypes); org != nil && org.Start-e <= 1 {
				if ct := c.agent(p); ct != nil {
					for _, m := range c.listBefore(ct) {
						c.rel(&m, seckg.MemberOf, org)
					}
				}
			}
		}
	}
}

func (c *clause) chaired() {
	for _, p := range c.find("担任") {
		q := -1
		for _, x := range c.find("主席国") {
			if x > p && (q < 0 || x < q) {
				q = x
			}
		}
		if q < 0 || q-p > 20 {
			continue
		}
		ct := c.before(p, c.a, countryType)
		org := c.first(p, q, orgTypes)
		if org == nil {
			org = c.first(q, c.b, orgTypes)
		}
		if org == nil {
			org = c.before(p, c.a, orgTypes)
		}
		c.rel(org, seckg.ChairedBy, ct)
	}
}

func (c *clause) signed() {
	for _, v := range []string{"签署了", "签署", "签订了", "签订", "缔结", "共同发表", "发表了", "发表", "发布"} {
		for _, p := range c.find(v) {
			e := p + utf8.RuneCountInString(v)
			lo, _ := c.clauseOf(p)
			// the partners: after 与/同/和 in the clause
			with := -1
			for _, w := range []string{"与", "同", "和"} {
				for _, q := range c.find(w) {
					if q >= lo && q < p && (with < 0 || q < with) {
						with = q
					}
				}
			}
			if with < 0 {
				continue
			}
			partners := c.list(with+1, p, 3, signerTypes)
			if len(partners) == 0 {
				continue
			}
			docs := c.docsAfter(e)
			subj := c.before(with, lo, signerTypes)
			if subj == nil {
				subj = c.agent(with)
			}
			respectively := strings.Contains(c.text(lo, p), "分别")
			for i := range docs {
				if subj != nil {
					c.rel(&docs[i], seckg.SignedBy, subj)
				}
				for j := range partners {
					if !respectively || len(partners) != len(docs) || i == j {
						c.rel(&docs[i], seckg.SignedBy, &partners[j])
					}
				}
			}
		}
	}
	for _, v := range []string{"加入了", "加入"} {
		for _, p := range c.find(v) {
			e := p + utf8.RuneCountInString(v)
			if doc := c.first(e, c.b, docTypes); doc != nil && doc.Start-e <= 1 {
				if ag := c.agent(p); ag != nil && is(ag.Type, signerTypes) {
					c.rel(doc, seckg.SignedBy, ag)
				}
			}
		}
	}
}

var evolveVerbs = []string{"引申发展为", "发展成为", "发展为", "发展成", "演变为", "演变成", "升级为", "转变为", "扩大为"}

func (c *clause) evolved() {
	for _, v := range evolveVerbs {
		for _, p := range c.find(v) {
			e := p + utf8.RuneCountInString(v)
			lo, hi := c.clauseOf(p)
			x := c.before(p, lo, thingTypes)
			if x == nil {
				x = c.before(p, c.a, thingTypes)
			}
			y := c.first(e, hi, thingTypes)
			if x == nil || y == nil {
				continue
			}
			c.rel(x, seckg.EvolvedInto, y)
		}
	}
}

var basisWords = []string{"基本遵循", "根本遵循", "指导思想", "理念指引", "战略引领", "战略支撑", "引领", "支撑", "基础", "指导", "遵循", "前提", "原则", "准则", "宗旨"}

func (c *clause) based() {
	ideas := []seckg.NodeType{seckg.Concept, seckg.Principle, seckg.DocumentType}
	// X 与 Y 一脉相承
	for _, p := range c.find("一脉相承") {
		lo, _ := c.clauseOf(p)
		y := c.before(p, lo, ideas)
		if y == nil {
			continue
		}
		x := c.before(y.Start, lo, thingTypes)
		if x != nil && strings.Trim(c.text(x.End, y.Start), "与和同“”") == "" {
			c.rel(x, seckg.BasedOn, y)
		}
	}
	// X 建立在 Y 基础上
	for _, p := range c.find("建立在") {
		lo, hi := c.clauseOf(p)
		x := c.before(p, lo, thingTypes)
		y := c.first(p+3, hi, ideas)
		if x != nil && y != nil && strings.Contains(c.text(y.End, hi), "基础") {
			c.rel(x, seckg.BasedOn, y)
		}
	}
	head := c.purpose()
	// 以 Y 为基本遵循 / 引领 / 支撑
	for _, p := range c.find("以") {
		lo, hi := c.clauseOf(p)
		_ = lo
		for _, q := range c.find("为") {
			if q <= p || q >= hi {
				continue
			}
			rest := c.text(q+1, hi)
			ok := false
			for _, w := range basisWords {
				if strings.HasPrefix(rest, w) {
					ok = true
					break
				}
			}
			if !ok {
				break
			}
			y := c.before(q, p+1, ideas)
			if y == nil || q-y.End > 1 {
				break
			}
			x := head
			if x == nil {
				x = c.before(p, c.a, thingTypes)
			}
			if x != nil {
				c.rel(x, seckg.BasedOn, y)
			}
			break
		}
	}
	// Y 是(构建) X 的 战略引领 / 理念指引 / 基础 / 要义
	for _, p := range c.find("是") {
		lo, hi := c.clauseOf(p)
		y := c.before(p, lo, ideas)
		if y == nil || p-y.End > 1 {
			continue
		}
		x := c.first(p+1, hi, thingTypes)
		if x == nil || x.Start-p > 6 {
			continue
		}
		rest := c.text(x.End, hi)
		if !strings.HasPrefix(rest, "的") && !strings.Contains(rest, "的") {
			continue
		}
		for _, w := range []string{"基础", "引领", "指引", "遵循", "基本原则", "思想来源", "指导思想", "前提", "根基", "要义", "理论来源"} {
			if k := strings.Index(rest, w); k >= 0 && utf8.RuneCountInString(rest[:k]) <= 12 {
				c.rel(x, seckg.BasedOn, y)
				break
			}
		}
	}
	// X 体现了 Y; X 源于 Y
	for _, v := range []string{"充分体现了", "体现了", "源于", "源自"} {
		for _, p := range c.find(v) {
			e := p + utf8.RuneCountInString(v)
			_, hi := c.clauseOf(e)
			x := c.before(p, c.a, thingTypes)
			if head != nil && (x == nil || x.End <= head.End) {
				x = head
			}
			for _, y := range c.list(e, hi, 8, ideas) {
				c.rel(x, seckg.BasedOn, &y)
			}
		}
	}
	// A、B 均为(构建) X 提供了…基础 / 奠定了…基础
	for _, v := range []string{"提供了", "奠定了", "提供"} {
		for _, p := range c.find(v) {
			_, hi := c.clauseOf(p)
			if !strings.Contains(c.text(p, hi), "基础") && !strings.Contains(c.text(p, hi), "来源") {
				continue
			}
			w := -1
			for _, q := range c.find("为") {
				if q < p && q > w {
					w = q
				}
			}
			if w < 0 {
				continue
			}
			x := c.first(w+1, p, thingTypes)
			if x == nil {
				continue
			}
			lo, _ := c.clauseOf(w)
			for i := range c.ms {
				m := &c.ms[i]
				if m.End <= w && m.Start >= lo && is(m.Type, ideas) {
					c.rel(x, seckg.BasedOn, m)
				}
			}
		}
	}
	// 坚持 Y 是根本遵循 / 理念指引: Y is what the sentence's topic rests on
	topic := head
	if topic == nil {
		for i := range c.ms {
			if is(c.ms[i].Type, thingTypes) && c.subject(&c.ms[i]) {
				topic = &c.ms[i]
				break
			}
		}
	}
	if topic != nil {
		for _, p := range c.find("坚持") {
			_, hi := c.clauseOf(p + 2)
			y := c.first(p+2, hi, ideas)
			if y == nil || y.Start-p > 6 || y.Start < topic.End {
				continue
			}
			rest := c.text(y.End, hi)
			k := strings.Index(rest, "是")
			if k < 0 {
				continue
			}
			after := rest[k+len("是"):]
			for _, w := range []string{"理念指引", "根本遵循", "基本遵循", "基本前提", "前提", "基础", "根基", "指导思想"} {
				if strings.HasPrefix(after, w) {
					c.rel(topic, seckg.BasedOn, y)
					break
				}
			}
		}
		// 成为 Y 的指导思想 / 基础: Y rests on the topic
		for _, p := range c.find("成为") {
			_, hi := c.clauseOf(p)
			y := c.first(p+2, hi, thingTypes)
			if y == nil {
				continue
			}
			rest := c.text(y.End, hi)
			for _, w := range []string{"的指导思想", "的思想基础", "的基础", "的理论基础", "的基本原则"} {
				if strings.HasPrefix(rest, w) {
					c.rel(y, seckg.BasedOn, topic)
					break
				}
			}
		}
	}
	// 为构建 X，…坚持 Y
	if head != nil {
		for _, p := range c.find("坚持") {
			_, hi := c.clauseOf(p + 2)
			for _, y := range c.list(p+2, hi, 4, ideas) {
				if y.Start > head.End {
					c.rel(head, seckg.BasedOn, &y)
				}
			}
		}
	}
}

// purpose returns what the sentence says is being built: X of
// 为构建 X, or of a sentence opening 构建 X，.
func (c *clause) purpose() *mention {
	for _, w := range []string{"为构建", "为建设", "为实现", "构建"} {
		for _, p := range c.find(w) {
			e := p + utf8.RuneCountInString(w)
			x := c.first(e, c.b, []seckg.NodeType{seckg.Concept, seckg.Organization})
			if x == nil || x.Start != e {
				continue
			}
			if w == "构建" && (p != c.a || !strings.HasPrefix(c.text(x.End, x.End+1), "，")) {
				continue
			}
			return x
		}
	}
	return nil
}
