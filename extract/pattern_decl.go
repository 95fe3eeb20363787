package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/seckg/seckg"
)

// declarations applies the patterns of the wording of declarations, joint
// statements and encyclopaedia articles: signatories listed as the
// subject, adherence (遵循, 恪守), "在…的基础上", "由…发起", components
// (核心内容是, 共同构成) and a meeting described as held somewhere.
func (c *clause) declarations() {
	c.signedBySubject()
	c.adheres()
	c.onBasisOf()
	c.byWhom()
	c.constitute()
	c.heldAsDescribed()
	c.evolvedAsDeveloped()
	c.jointly()
	c.basisChain()
	c.derivedFrom()
	c.memberList()
	c.submitted()
}

// subjectOf returns the first mention of a type in set standing as the
// subject of the sentence.
func (c *clause) subjectOf(set []seckg.NodeType) *mention {
	for i := range c.ms {
		m := &c.ms[i]
		if is(m.Type, set) && c.subject(m) {
			return m
		}
		if m.Start-c.a > 12 {
			break
		}
	}
	return nil
}

// signerNouns follow a state named as the party that signs.
var signerNouns = []string{"总统", "元首", "外长", "外交部长", "总理", "首相", "政府", "领导人", "代表", "各国外长"}

// signedBySubject: "A、B和C三国外长在曼谷签署了《X》": the states listed
// before their representatives sign what follows the verb.
func (c *clause) signedBySubject() {
	for _, v := range []string{"签署了", "签署", "签订了", "签订"} {
		for _, p := range c.find(v) {
			e := p + utf8.RuneCountInString(v)
			docs := c.docsAfter(e)
			if len(docs) == 0 {
				continue
			}
			// the nearest signer before the verb, followed by who signs for it
			var last *mention
			for i := range c.ms {
				if m := &c.ms[i]; m.End <= p && is(m.Type, signerTypes) {
					last = m
				}
			}
			if last == nil {
				// "五国元首在莫斯科签署了": the states the sentence before named
				for _, st := range c.collectiveBack(p) {
					for i := range docs {
						c.rel(&docs[i], seckg.SignedBy, &st)
					}
				}
				continue
			}
			if last.Type != seckg.Country {
				continue // "东盟外长": the members' ministers, not the body
			}
			after := strings.TrimLeft(c.text(last.End, min(last.End+6, p)), "一二三四五六七八九十两国")
			ok := false
			for _, w := range signerNouns {
				if strings.HasPrefix(after, w) {
					ok = true
					break
				}
			}
			if !ok || strings.ContainsAny(c.text(last.End, p), "。；") {
				continue
			}
			for _, s := range c.listBefore(last) {
				for i := range docs {
					c.rel(&docs[i], seckg.SignedBy, &s)
				}
			}
		}
	}
}

var adhereVerbs = []string{"重申恪守", "恪守", "遵循", "遵守", "奉行", "秉持", "秉承"}

// adheres: "X遵循Y", "X各成员国重申恪守《Y》": X is based on Y.
func (c *clause) adheres() {
	ideas := []seckg.NodeType{seckg.Concept, seckg.Principle, seckg.DocumentType}
	for _, v := range adhereVerbs {
		for _, p := range c.find(v) {
			e := p + utf8.RuneCountInString(v)
			if c.covered(p, e) {
				continue
			}
			c.mark(p, e)
			x := c.subjectOf(thingTypes)
			if x != nil && x.End > p {
				x = nil
			}
			if x == nil && utf8.RuneCountInString(c.text(c.a, p)) <= 4 {
				// "论坛遵循…": a bare head noun for the body named before
				if m := c.d.headNounBefore(p, ""); m != nil && m.Type == seckg.Organization && int(c.d.sentOf[m.Start]) >= c.si-3 {
					x = m
				}
			}
			if x == nil {
				// "东盟的决策遵循…": the first name of the clause
				lo, _ := c.clauseOf(p)
				if m := c.first(lo, p, thingTypes); m != nil && utf8.RuneCountInString(c.text(lo, m.Start)) <= 6 && strings.HasPrefix(c.text(m.End, p), "的") {
					x = m
				}
			}
			if x == nil || x.End > p {
				continue
			}
			gap := c.text(x.End, p)
			if utf8.RuneCountInString(gap) > 8 || strings.ContainsAny(gap, "，；：。") {
				// a later clause of the same subject: "…，遵循…"
				if lo, _ := c.clauseOf(p); lo != p && c.text(lo, p) != "" || !strings.Contains(c.text(c.a, p), "恪守") {
					continue
				}
			}
			_, hi := c.clauseOf(e)
			for i := range c.ms {
				m := &c.ms[i]
				if m.Start >= e && m.End <= hi && is(m.Type, ideas) {
					c.rel(x, seckg.BasedOn, m)
				}
			}
		}
	}
}

// onBasisOf: "X在Y的基础上开展合作": X is based on Y.
func (c *clause) onBasisOf() {
	ideas := []seckg.NodeType{seckg.Concept, seckg.Principle, seckg.DocumentType}
	for _, p := range c.find("基础上") {
		lo, _ := c.clauseOf(p)
		y := c.before(p, lo, ideas)
		if y == nil {
			continue
		}
		gap := c.text(y.End, p)
		if gap != "的" && gap != "" && gap != "”的" {
			continue
		}
		if c.text(y.Start-1, y.Start) != "在" && c.text(y.Start-2, y.Start) != "在“" {
			continue
		}
		x := c.before(y.Start-1, lo, thingTypes)
		if x == nil && c.text(lo, y.Start) == "在" && lo > c.a {
			// "X遵循…，在Y的基础上作出决定": the sentence's subject
			x = c.subjectOf(thingTypes)
		} else if x == nil || !c.subject(x) || utf8.RuneCountInString(c.text(x.End, y.Start)) > 4 {
			continue
		}
		if x == nil {
			continue
		}
		c.rel(x, seckg.BasedOn, y)
	}
}

// byWhom: "X…由A、B和C五国发起", "X由A…倡议成立": the agents after 由.
func (c *clause) byWhom() {
	for _, v := range []string{"倡议成立", "倡导成立", "共同发起", "发起成立", "发起", "倡议建立", "首倡"} {
		for _, p := range c.find(v) {
			lo, _ := c.clauseOf(p)
			by := -1
			for _, q := range c.find("由") {
				if q < p && q >= c.a && q > by {
					by = q
				}
			}
			if by < 0 || strings.ContainsAny(c.text(by, p), "，；") && by < lo {
				continue
			}
			ags := c.list(by+1, p, 12, agentTypes)
			var persons []mention
			for _, a := range ags {
				if a.Type == seckg.Person {
					persons = append(persons, a)
				}
			}
			if len(persons) > 0 {
				ags = persons
			} else if len(ags) == 1 && ags[0].Type == seckg.Country {
				// "由哈萨克斯坦总统X": the person named after the state
				if m := c.first(ags[0].End, p, []seckg.NodeType{seckg.Person}); m != nil && m.Start-ags[0].End <= 6 {
					ags = []mention{*m}
				}
			}
			if len(ags) == 0 {
				continue
			}
			h := c.before(by, c.a, append([]seckg.NodeType{seckg.Event}, thingTypes...))
			if h == nil || by-h.End > 2 {
				h = c.subjectOf(append([]seckg.NodeType{seckg.Event}, thingTypes...))
			}
			if h == nil || h.End > by {
				continue
			}
			for i := range ags {
				c.rel(h, seckg.ProposedBy, &ags[i])
			}
		}
	}
}

// constitute: "A与B、C共同构成D": each is part of D; "X的核心内容是Y": Y
// is part of X.
func (c *clause) constitute() {
	for _, v := range []string{"共同构成", "共同组成"} {
		for _, p := range c.find(v) {
			e := p + utf8.RuneCountInString(v)
			_, hi := c.clauseOf(e)
			whole := c.first(e, hi, thingTypes)
			if whole == nil || whole.Start-e > 2 {
				continue
			}
			for i := range c.ms {
				m := &c.ms[i]
				if m.End <= p && m.Type == whole.Type && m.ID != whole.ID {
					c.rel(m, seckg.PartOf, whole)
				}
			}
		}
	}
	for _, v := range []string{"的核心内容是", "的主要内容是", "的核心要义是"} {
		for _, p := range c.find(v) {
			e := p + utf8.RuneCountInString(v)
			_, hi := c.clauseOf(e)
			part := c.first(e, hi, thingTypes)
			if part == nil || part.Start-e > 1 {
				continue
			}
			whole := c.before(p, c.a, thingTypes)
			if whole == nil || whole.End != p {
				whole = c.d.headNounBefore(p, part.Type)
			}
			if whole != nil {
				c.rel(part, seckg.PartOf, whole)
			}
		}
	}
}

// headNounBefore resolves a bare head noun ending at rune p ("倡议的…")
// to the last mention before it, other than a part of type t found
// after p, whose name ends with that noun.
func (d *docState) headNounBefore(p int, t seckg.NodeType) *mention {
	_ = t
	for _, n := range []string{"倡议", "理念", "组织", "原则", "条约", "宣言", "会议", "论坛"} {
		k := utf8.RuneCountInString(n)
		if p-k < 0 || d.simpStr(p-k, p) != n {
			continue
		}
		for i := len(d.ments) - 1; i >= 0; i-- {
			m := &d.ments[i]
			if m.End <= p-k && !m.anaphor && !m.inTitle && strings.HasSuffix(d.entityName(m.ID), n) {
				return m
			}
		}
	}
	return nil
}

// heldAsDescribed: "X是…在A举行的国际会议": the sentence's subject
// meeting was held where the relative clause says.
func (c *clause) heldAsDescribed() {
	x := c.subjectOf(eventTypes)
	if x == nil || !strings.HasPrefix(c.text(x.End, x.End+1), "，") && !strings.HasPrefix(c.text(x.End, x.End+1), "是") {
		return
	}
	for _, v := range []string{"举行的", "召开的"} {
		for _, p := range c.find(v) {
			at := -1
			for _, q := range c.find("在") {
				if q > x.End && q < p {
					at = q
				}
			}
			if at < 0 {
				continue
			}
			var place *mention
			for i := range c.ms {
				m := &c.ms[i]
				if m.Start > at && m.End <= p {
					if m.Type == seckg.Event {
						place = nil
						break
					}
					if m.Type == seckg.Place {
						place = m
					}
				}
			}
			if place != nil && place.End == p {
				c.rel(x, seckg.HeldIn, place)
			}
		}
	}
}

// evolvedAsDeveloped: "Y是X的引申和发展": X evolved into Y.
func (c *clause) evolvedAsDeveloped() {
	for _, v := range []string{"的引申和发展", "的延伸和发展", "的发展和延伸", "的引申与发展"} {
		for _, p := range c.find(v) {
			lo, _ := c.clauseOf(p)
			x := c.before(p, lo, thingTypes)
			if x == nil || x.End != p {
				continue
			}
			if !strings.HasSuffix(c.text(lo, x.Start), "是") {
				continue
			}
			y := c.subjectOf(thingTypes)
			if y != nil && y.Type == x.Type && y.End <= lo {
				c.rel(x, seckg.EvolvedInto, y)
			}
		}
	}
}

// jointly: "A与B、C共同倡导X": every agent before the verb proposed X.
func (c *clause) jointly() {
	for _, v := range []string{"共同倡导", "共同提出", "共同倡议"} {
		for _, p := range c.find(v) {
			e := p + utf8.RuneCountInString(v)
			lo, hi := c.clauseOf(p)
			tails := c.list(e, hi, 4, thingTypes)
			if len(tails) == 0 {
				continue
			}
			first := c.first(lo, p, agentTypes)
			if first == nil || !c.subject(first) {
				continue
			}
			for i := range c.ms {
				m := &c.ms[i]
				if m.Start < first.Start || m.End > p || !is(m.Type, agentTypes) {
					continue
				}
				if gap := c.text(first.End, m.Start); m != first && strings.ContainsAny(gap, "在于对向从") {
					continue
				}
				for j := range tails {
					c.rel(&tails[j], seckg.ProposedBy, m)
				}
			}
		}
	}
}

// basisChain: "X以A为理念指引，以B为基本遵循，以C为重要原则": X, the
// subject of the sentence, is based on each.
func (c *clause) basisChain() {
	ideas := []seckg.NodeType{seckg.Concept, seckg.Principle, seckg.DocumentType}
	x := c.subjectOf(thingTypes)
	if x == nil {
		return
	}
	for _, p := range c.find("以") {
		if p < x.End || p-x.End > 1 && !strings.HasSuffix(c.text(x.End, p), "，") {
			continue
		}
		_, hi := c.clauseOf(p)
		y := c.first(p+1, hi, ideas)
		if y == nil || y.Start != p+1 && c.text(p+1, y.Start) != "“" {
			continue
		}
		rest := strings.TrimLeft(c.text(y.End, hi), "”")
		rest, ok := strings.CutPrefix(rest, "为")
		if !ok {
			continue
		}
		for _, w := range append([]string{"重要原则", "理念指引", "根本遵循"}, basisWords...) {
			if strings.HasPrefix(rest, w) {
				c.rel(x, seckg.BasedOn, y)
				break
			}
		}
	}
}

// derivedFrom: "X源于…提出的Y，与Z理念一脉相承": X, the subject of the
// sentence, is based on Y and on Z.
func (c *clause) derivedFrom() {
	ideas := []seckg.NodeType{seckg.Concept, seckg.Principle, seckg.DocumentType}
	x := c.subjectOf(thingTypes)
	if x == nil {
		return
	}
	for _, v := range []string{"源于", "源自"} {
		for _, p := range c.find(v) {
			if p != x.End {
				continue
			}
			e := p + utf8.RuneCountInString(v)
			_, hi := c.clauseOf(e)
			for i := range c.ms {
				m := &c.ms[i]
				if m.Start >= e && m.End <= hi && is(m.Type, ideas) && strings.HasSuffix(c.text(e, m.Start), "的") {
					c.rel(x, seckg.BasedOn, m)
					break
				}
			}
		}
	}
	for _, p := range c.find("一脉相承") {
		lo, _ := c.clauseOf(p)
		if lo <= x.End || !strings.ContainsAny(c.text(lo, lo+1), "与和同") {
			continue
		}
		if y := c.first(lo+1, p, ideas); y != nil && y.Start-lo <= 4 {
			c.rel(x, seckg.BasedOn, y)
		}
	}
}

// collectiveBack resolves a clause subject like "五国元首" with no state
// named before it in its sentence to the states of the sentence before,
// when their number matches.
func (c *clause) collectiveBack(p int) []mention {
	lo, _ := c.clauseOf(p)
	lead := []rune(c.text(lo, p))
	if len(lead) < 4 || lead[1] != '国' || c.si == 0 {
		return nil
	}
	n := chineseNumber(string(lead[0]))
	if n < 2 || !hasAny(string(lead[2:]), signerNouns) {
		return nil
	}
	v := c.d.view(c.si - 1)
	var out []mention
	seen := map[seckg.EntityID]bool{}
	for _, m := range v.ms {
		if m.Type == seckg.Country && !seen[m.ID] {
			seen[m.ID] = true
			out = append(out, m)
		}
	}
	if len(out) != n {
		return nil
	}
	return out
}

var reMemberCount = regexp.MustCompile(`^(?:现有|共有|目前有|拥有|有)?[0-9一二三四五六七八九十]+个$`)

// memberList: "ORG现有27个成员，包括A、B…": the states listed are members;
// items that are not states ("东盟十国") are passed over.
func (c *clause) memberList() {
	for _, w := range []string{"成员国", "成员"} {
		for _, p := range c.find(w) {
			org := c.before(p, c.a, orgTypes)
			if org == nil || !reMemberCount.MatchString(c.text(org.End, p)) {
				continue
			}
			e := p + utf8.RuneCountInString(w)
			rest := c.text(e, min(c.b, e+4))
			k := 0
			for _, lead := range []string{"，包括", "，分别是", "：", "，即", "包括"} {
				if strings.HasPrefix(rest, lead) {
					k = utf8.RuneCountInString(lead)
					break
				}
			}
			if k == 0 {
				continue
			}
			last := e + k
			for i := range c.ms {
				m := &c.ms[i]
				if m.Start < last {
					continue
				}
				gap := c.text(last, m.Start)
				if strings.ContainsAny(gap, "，；。：") || utf8.RuneCountInString(gap) > 8 {
					break
				}
				if m.Type == seckg.Country {
					c.rel(m, seckg.MemberOf, org)
				}
				last = m.End
			}
		}
	}
}

// submitted: "A在E上提交了《D》": D is A's proposal, put before E.
func (c *clause) submitted() {
	for _, v := range []string{"提交了", "提交"} {
		for _, p := range c.find(v) {
			e := p + utf8.RuneCountInString(v)
			lo, hi := c.clauseOf(p)
			docs := c.list(e, hi, 2, docTypes)
			if len(docs) == 0 {
				continue
			}
			if ag := c.agent(p); ag != nil && ag.Type != seckg.Organization {
				for i := range docs {
					c.rel(&docs[i], seckg.ProposedBy, ag)
				}
			}
			if ev := c.before(p, lo, eventTypes); ev != nil && strings.HasPrefix(c.text(ev.End, p), "上") {
				for i := range docs {
					c.rel(&docs[i], seckg.AdoptedAt, ev)
				}
			}
		}
	}
}

// docsAfter returns the Document mentions listed right after rune offset
// e: the first within three runes of it, each next one joined to the last
// by a connector (see connector).
func (c *clause) docsAfter(e int) []mention {
	var docs []mention
	for _, m := range c.ms {
		if m.Start >= e && m.Type == seckg.DocumentType {
			if len(docs) > 0 && !connector(c.text(docs[len(docs)-1].End, m.Start)) {
				break
			}
			if len(docs) == 0 && m.Start-e > 3 {
				break
			}
			docs = append(docs, m)
		}
	}
	return docs
}
