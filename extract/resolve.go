package extract

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/seckg/seckg"
)

var (
	reAuthor = regexp.MustCompile(`(?m)(?:^|[。\]】\n])((?:\p{Han}{2,4}[、，])*\p{Han}{2,4})[：:]《`)
	reEditor = regexp.MustCompile(`(?:责任编辑|作者|编辑)[：:]\s?(\p{Han}{2,4})`)
	// titleWords follow or precede a person's name.
	personAfter  = []string{"主席", "总统", "总理", "总书记", "外长", "部长", "秘书长", "国务卿", "首相", "大使", "教授", "研究员", "先生", "女士"}
	personBefore = []string{"总统", "主席", "总理", "外长", "部长", "首相", "秘书长", "国务卿", "教授"}
	personTitles = newWordSet(personAfter)
	authorMarks  = newWordSet([]string{"：《", ":《", "编辑", "作者"})
)

// wordSet finds any of a few words in a text of runes in one pass: a
// bitmap of their first runes says where one may start.
type wordSet struct {
	first [1 << 16 / 64]uint64
	words [][]rune
	text  []string // the words as given
	// byFirst holds the indices of the words grouped by first rune;
	// heads, open addressing on the rune, gives each group's bounds, so
	// that findAll tries at a rune only the words beginning with it
	byFirst []int32
	heads   []wordHead // a power of two long
}

// wordHead is one slot of wordSet.heads: the words byFirst[lo:hi] begin
// with rune r; hi is 0 in an empty slot.
type wordHead struct {
	r      rune
	lo, hi int32
}

func newWordSet(words []string) *wordSet {
	ws := &wordSet{}
	for _, w := range words {
		rs := []rune(w)
		if len(rs) == 0 || rs[0] >= 1<<16 {
			panic("extract: wordSet takes non-empty words starting below U+10000")
		}
		ws.first[rs[0]>>6] |= 1 << (rs[0] & 63)
		ws.words = append(ws.words, rs)
		ws.text = append(ws.text, w)
	}
	order := make([]int32, len(ws.words))
	for k := range order {
		order[k] = int32(k)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return int(ws.words[a][0] - ws.words[b][0]) })
	ws.byFirst = order
	ws.heads = make([]wordHead, 2)
	for len(ws.heads) < 2*len(ws.words) {
		ws.heads = make([]wordHead, 2*len(ws.heads))
	}
	for lo := 0; lo < len(order); {
		r, hi := ws.words[order[lo]][0], lo+1
		for hi < len(order) && ws.words[order[hi]][0] == r {
			hi++
		}
		h := ws.slot(r)
		for ws.heads[h].hi != 0 {
			h = (h + 1) & (len(ws.heads) - 1)
		}
		ws.heads[h] = wordHead{r, int32(lo), int32(hi)}
		lo = hi
	}
	return ws
}

// slot is where the probe for rune r in ws.heads starts.
func (ws *wordSet) slot(r rune) int { return int(uint32(r)*2654435761>>16) & (len(ws.heads) - 1) }

// startingWith returns the indices of the words that begin with r, which
// the bitmap says some word does.
func (ws *wordSet) startingWith(r rune) []int32 {
	for h := ws.slot(r); ; h = (h + 1) & (len(ws.heads) - 1) {
		if e := ws.heads[h]; e.r == r && e.hi != 0 {
			return ws.byFirst[e.lo:e.hi]
		}
	}
}

// findAll returns, for each word in order, the runes of rs where it
// starts, left to right and not overlapping (as repeated strings.Index).
// The places of one word do not depend on the other words of the set.
func (ws *wordSet) findAll(rs []rune) [][]int {
	out := make([][]int, len(ws.words))
	next := make([]int, len(ws.words)) // where word k may next start
	for i, r := range rs {
		if r >= 1<<16 || ws.first[r>>6]&(1<<(r&63)) == 0 {
			continue
		}
		for _, k := range ws.startingWith(r) {
			if w := ws.words[k]; i >= next[k] && len(rs)-i >= len(w) && slices.Equal(rs[i:i+len(w)], w) {
				out[k] = append(out[k], i)
				next[k] = i + len(w)
			}
		}
	}
	return out
}

// textWords joins the word sets looked for in the whole match text of
// each document, so that docState.wordsIn finds them all in one pass.
var textWords = newWordUnion(meetingKindWords, reFounded.words, reProposedName.words, foundedIn, authorMarks, anaphorPhrases)

// wordUnion is one wordSet of the words of several.
type wordUnion struct {
	all *wordSet
	off map[*wordSet]int // where each set's words begin in all.words
}

func newWordUnion(sets ...*wordSet) *wordUnion {
	u := &wordUnion{off: map[*wordSet]int{}}
	var words []string
	for _, ws := range sets {
		u.off[ws] = len(words)
		words = append(words, ws.text...)
	}
	u.all = newWordSet(words)
	return u
}

// wordsIn returns ws.findAll(d.simp) for ws one of the sets of
// textWords; the first call finds the words of all of them.
func (d *docState) wordsIn(ws *wordSet) [][]int {
	if d.textWords == nil {
		d.textWords = textWords.all.findAll(d.simp)
	}
	off, ok := textWords.off[ws]
	if !ok {
		panic("extract: wordsIn of a set not in textWords")
	}
	return d.textWords[off : off+len(ws.words) : off+len(ws.words)]
}

// in reports whether rs holds one of the words.
func (ws *wordSet) in(rs []rune) bool {
	for i, r := range rs {
		if r >= 1<<16 || ws.first[r>>6]&(1<<(r&63)) == 0 {
			continue
		}
		for _, w := range ws.words {
			if len(rs)-i >= len(w) && slices.Equal(rs[i:i+len(w)], w) {
				return true
			}
		}
	}
	return false
}

// persons finds people the gazetteer does not know: authors of cited
// works (姓名：《…》), editors (责任编辑：姓名) and names gojieba tags nr
// next to a title (…总统, 外长…).
func (d *docState) persons() {
	inMention := d.mentionFlags()
	addPerson := func(a, b int) {
		if b-a < 2 || !free(inMention, a, b) {
			return
		}
		name := d.simplified(a, b)
		if !plausibleName(name) {
			return
		}
		cover(inMention, a, b)
		d.add(mention{Start: a, End: b, ID: newID(seckg.Person, name), Type: seckg.Person})
	}
	// look only around the marks these patterns need
	s, ro := d.simpText()
	for mi, starts := range d.wordsIn(authorMarks) {
		mark := authorMarks.text[mi]
		for _, i := range starts {
			at := int(ro[i])
			lo, hi := max(0, at-40), min(len(s), at+len(mark)+20)
			for lo > 0 && !utf8.RuneStart(s[lo]) {
				lo--
			}
			for hi < len(s) && !utf8.RuneStart(s[hi]) {
				hi++
			}
			win := s[lo:hi]
			for _, re := range []*regexp.Regexp{reAuthor, reEditor} {
				for _, loc := range re.FindAllStringSubmatchIndex(win, -1) {
					if lo > 0 && loc[0] == 0 && re == reAuthor && !strings.ContainsAny(win[:loc[3]], "。]】\n") {
						continue
					}
					a, b := ro.runeAt(lo+loc[2]), ro.runeAt(lo+loc[3])
					for _, part := range splitNames(d.simp[a:b]) {
						addPerson(a+part[0], a+part[1])
					}
				}
			}
		}
	}
	d.frontMatter(addPerson)
	for _, st := range d.sents {
		if !personTitles.in(d.simp[st.Start:st.End]) {
			continue
		}
		// gojieba cuts a text at its separators first and segments each
		// piece alone, and a name counts only next to a title word in its
		// piece: the pieces without a title need no tagging.
		for a := st.Start; a < st.End; {
			b := a
			for b < st.End && !isJiebaSeparator(d.simp[b]) {
				b++
			}
			if b > a && personTitles.in(d.simp[a:b]) && d.mayTagPerson(a, b, inMention) {
				d.taggedPersons(a, b, addPerson)
			}
			a = b + 1
		}
	}
}

// isJiebaSeparator reports whether gojieba's segmenter (cppjieba's
// SPECIAL_SEPARATORS) cuts a text at r before segmenting it.
func isJiebaSeparator(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '，' || r == '。'
}

// mayTagPerson reports whether taggedPersons(a, b) could hand addPerson a
// name, so that gojieba, most of the cost of persons, tags only pieces
// where it might: a name it adds is a word of two to four runes inside
// [a, b) that ends where a word beginning with a title of personAfter
// begins, or begins where a word ending with a title of personBefore
// ends (every title of personBefore is one of personAfter, the words of
// personTitles). Such a title stands in the text there, and the name's runes
// must be outside every mention and make a plausible name (see
// addPerson); a piece where no title occurrence has a run of two to four
// such runes beside it yields nothing.
func (d *docState) mayTagPerson(a, b int, inMention []bool) bool {
	ok := func(x, y int) bool {
		return x >= a && y <= b && free(inMention, x, y) && plausibleName(d.simplified(x, y))
	}
	for i := a; i < b; i++ {
		for _, t := range personTitles.words {
			if i+len(t) > b || !equalRunes(d.simp[i:i+len(t)], t) {
				continue
			}
			for n := 2; n <= 4; n++ {
				if ok(i-n, i) || ok(i+len(t), i+len(t)+n) {
					return true
				}
			}
		}
	}
	return false
}

// taggedPersons tags runes [a, b) with gojieba and hands addPerson each
// word tagged nr that a title word follows or precedes.
func (d *docState) taggedPersons(a, b int, addPerson func(a, b int)) {
	words, tags := d.p.tag(d.simpStr(a, b))
	pos := a
	for i, w := range words {
		n := utf8.RuneCountInString(w)
		if tags[i] == "nr" && n >= 2 && n <= 4 {
			next, prev := "", ""
			if i+1 < len(words) {
				next = words[i+1]
			}
			if i > 0 {
				prev = words[i-1]
			}
			if hasAny(next, personAfter) || hasAnySuffix(prev, personBefore) {
				addPerson(pos, pos+n)
			}
		}
		pos += n
	}
}

var reLatinName = regexp.MustCompile(`^[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}$`)

// frontMatter recognises the English front matter journals print: a
// title, the author's name, then "Abstract:". The title names the paper
// itself (a Document) and the author is a Person.
func (d *docState) frontMatter(addPerson func(a, b int)) {
	type para struct{ a, b int }
	var ps []para
	start := 0
	for i := 0; i <= len(d.text); i++ {
		if i == len(d.text) || d.text[i] == '\n' {
			ps = append(ps, para{start, i})
			start = i + 1
		}
	}
	for i := 2; i < len(ps); i++ {
		if !strings.HasPrefix(d.surface(ps[i].a, ps[i].b), "Abstract") {
			continue
		}
		au, ti := ps[i-1], ps[i-2]
		author := d.surface(au.a, au.b)
		title := strings.TrimSpace(d.surface(ti.a, ti.b))
		if !reLatinName.MatchString(author) || title == "" || len(title) > 300 || strings.IndexFunc(title, isWide) >= 0 {
			continue
		}
		d.add(mention{Start: au.a, End: au.b, ID: newID(seckg.Person, author), Type: seckg.Person})
		d.add(mention{Start: ti.a, End: ti.b, ID: newID(seckg.DocumentType, title), Type: seckg.DocumentType})
	}
}

func splitNames(rs []rune) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i <= len(rs); i++ {
		if i == len(rs) || rs[i] == '、' || rs[i] == '，' {
			out = append(out, [2]int{start, i})
			start = i + 1
		}
	}
	return out
}

// plausibleName rejects words that are common nouns rather than names.
func plausibleName(s string) bool {
	for _, bad := range []string{"中国", "国家", "政府", "会议", "组织", "安全", "合作", "同上", "参见", "详见", "转引", "引自", "新华", "网站", "报告", "主席", "总统", "外长", "部长"} {
		if strings.Contains(s, bad) {
			return false
		}
	}
	return true
}

func hasAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

func hasAnySuffix(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// anaphors maps a referring phrase to the types it may stand for and the
// ending the antecedent's name must have ("" for any).
var anaphors = []struct {
	phrase string
	types  []seckg.NodeType
	suffix string
}{
	{"该组织", []seckg.NodeType{seckg.Organization}, ""},
	{"该机制", []seckg.NodeType{seckg.Organization}, ""},
	{"这一机制", []seckg.NodeType{seckg.Organization}, ""},
	{"该论坛", []seckg.NodeType{seckg.Organization}, ""},
	{"此次会议", []seckg.NodeType{seckg.Event}, ""},
	{"本次会议", []seckg.NodeType{seckg.Event}, ""},
	{"该次会议", []seckg.NodeType{seckg.Event}, ""},
	{"该会议", []seckg.NodeType{seckg.Event}, ""},
	{"此次峰会", []seckg.NodeType{seckg.Event}, ""},
	{"该倡议", []seckg.NodeType{seckg.Concept, seckg.DocumentType}, "倡议"},
	{"这一倡议", []seckg.NodeType{seckg.Concept, seckg.DocumentType}, "倡议"},
	{"该理念", []seckg.NodeType{seckg.Concept}, ""},
	{"这一理念", []seckg.NodeType{seckg.Concept}, ""},
	{"这一概念", []seckg.NodeType{seckg.Concept}, ""},
	{"这一原则", []seckg.NodeType{seckg.Principle}, "原则?"},
	{"该原则", []seckg.NodeType{seckg.Principle}, "原则?"},
	{"这一安全模式", []seckg.NodeType{seckg.Concept}, "模式"},
	{"这一模式", []seckg.NodeType{seckg.Concept}, "模式"},
	{"该宣言", []seckg.NodeType{seckg.DocumentType}, ""},
	{"该文件", []seckg.NodeType{seckg.DocumentType}, ""},
	{"该条约", []seckg.NodeType{seckg.DocumentType}, ""},
	{"会议", []seckg.NodeType{seckg.Event}, ""}, // only at the start of a clause
	{"会上", []seckg.NodeType{seckg.Event}, ""}, // only after 在
}

var anaphorPhrases = func() *wordSet {
	ps := make([]string, len(anaphors))
	for i, an := range anaphors {
		ps[i] = an.phrase
	}
	return newWordSet(ps)
}()

// resolveAnaphora adds a mention for each referring phrase (该组织,
// 此次会议, 这一原则…) whose antecedent is unambiguous: the latest earlier
// mention of a fitting type within the last three sentences.
func (d *docState) resolveAnaphora() {
	inMention := d.mentionFlags()
	var added []mention
	for ai, starts := range d.wordsIn(anaphorPhrases) {
		an := anaphors[ai]
		for _, a := range starts {
			b := a + utf8.RuneCountInString(an.phrase)
			if !free(inMention, a, b) {
				continue
			}
			if an.phrase == "会上" && (a == 0 || d.simp[a-1] != '在') {
				continue
			}
			if an.phrase == "会议" && !(a == 0 || strings.ContainsRune("，。；：\n", d.simp[a-1]) || d.sentOf[a] >= 0 && d.sents[d.sentOf[a]].Start == a) {
				continue
			}
			si := int(d.sentOf[a])
			if si < 0 {
				continue
			}
			lo := d.sents[max(0, si-3)].Start
			var best *mention
			suffix, optional := strings.CutSuffix(an.suffix, "?")
			window := d.mentionsIn(lo, a)
			for pass := 0; pass < 2 && best == nil; pass++ {
				for i := range window {
					m := &window[i]
					if m.inTitle || m.anaphor {
						continue
					}
					ok := false
					for _, t := range an.types {
						ok = ok || m.Type == t
					}
					if !ok || pass == 0 && suffix != "" && !strings.HasSuffix(d.entityName(m.ID), suffix) {
						continue
					}
					if best == nil || m.Start > best.Start {
						best = m
					}
				}
				if !optional {
					break
				}
			}
			if best != nil {
				cover(inMention, a, b)
				added = append(added, mention{Start: a, End: b, ID: best.ID, Type: best.Type, Surface: an.phrase, anaphor: true})
			}
		}
	}
	d.ments = append(d.ments, added...)
}

func (d *docState) entityName(id seckg.EntityID) string {
	if e := d.ents[id]; e != nil {
		return e.Name
	}
	if g := d.p.gaz.byID[id]; g != nil {
		return g.Name
	}
	return nameFromID(id)
}
