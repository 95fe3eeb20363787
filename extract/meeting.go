package extract

import (
	"slices"
	"strconv"
	"strings"

	"github.com/seckg/seckg"
)

// runeOffsets holds the byte offset of each rune of a string, then the
// string's length.
type runeOffsets []int32

// runeAt maps byte offset b to the index of the rune starting there, or
// of the next rune when b falls inside one; the length maps to the number
// of runes.
func (ro runeOffsets) runeAt(b int) int {
	i, _ := slices.BinarySearch(ro, int32(b))
	return i
}

// meetingKindWords are the bare kinds of meeting datedMeetings looks for.
var meetingKindWords = newWordSet([]string{"副外长会议", "外长会议", "国家元首会议", "元首会议", "峰会"})

// parentOr returns the organisation a meeting body belongs to, or the body.
func (g *gazetteer) parentOr(e *gazEntry) seckg.EntityID {
	if p := e.parent; p != "" && e.kind != "" {
		return seckg.EntityID(p)
	}
	return e.ID
}

// findEvent returns the gazetteer meeting of series s with ordinal n and
// kind k (any kind if k is "" and only one meeting has that number).
func (g *gazetteer) findEvent(s seckg.EntityID, n int, k string) *gazEntry {
	var hits []*gazEntry
	for _, e := range g.entries {
		if e.Type != seckg.Event || seckg.EntityID(e.Attrs["series"]) != s || e.Attrs["number"] != strconv.Itoa(n) {
			continue
		}
		if k == "" || e.kind == k {
			hits = append(hits, e)
		}
	}
	if len(hits) == 1 {
		return hits[0]
	}
	return nil
}

// eventsInYear returns the gazetteer meetings of body b held in year y.
func (g *gazetteer) eventsInYear(b *gazEntry, y string) []*gazEntry {
	series, kind := b.ID, ""
	if b.kind != "" && b.parent != "" {
		series, kind = seckg.EntityID(b.parent), b.kind
	}
	var out []*gazEntry
	for _, e := range g.entries {
		if e.Type == seckg.Event && seckg.EntityID(e.Attrs["series"]) == series && (kind == "" || e.kind == kind) && strings.HasPrefix(e.Attrs["date"], y) {
			out = append(out, e)
		}
	}
	return out
}

func (g *gazetteer) isSeries(id seckg.EntityID) bool {
	for _, e := range g.entries {
		if e.Type == seckg.Event && seckg.EntityID(e.Attrs["series"]) == id {
			return true
		}
	}
	return false
}

// orgEndingAt returns the longest Organization match ending at rune i.
func (d *docState) orgEndingAt(i int, covered []bool) *match {
	var best *match
	for a := max(0, i-30); a < i; a++ {
		for k := range d.byStart.at(a) {
			c := &d.byStart.at(a)[k]
			if c.End == i && c.Entry.Type == seckg.Organization && free(covered, c.Start, c.End) && (best == nil || c.Start < best.Start) {
				best = c
			}
		}
	}
	return best
}

func (d *docState) orgAt(i int) *match {
	if i >= d.byStart.len() {
		return nil
	}
	for k := range d.byStart.at(i) {
		if c := &d.byStart.at(i)[k]; c.Entry.Type == seckg.Organization {
			return c
		}
	}
	return nil
}

func (d *docState) suffixAt(i int) string {
	for _, s := range meetingSuffixes {
		if d.at(i, s) {
			return s
		}
	}
	return ""
}

// gazEventCovers reports whether a gazetteer Event name spans [a, b).
func (d *docState) gazEventCovers(a, b int) bool {
	for s := max(0, a-20); s <= a; s++ {
		for _, c := range d.byStart.at(s) {
			if c.Entry.Type == seckg.Event && c.End >= b {
				return true
			}
		}
	}
	return false
}

// contextSeries returns the organisation whose meetings the text at rune i
// most likely speaks of: the last series named before i.
func (d *docState) contextSeries(i int) seckg.EntityID {
	for a := i - 1; a >= 0; a-- {
		for _, c := range d.byStart.at(a) {
			if c.End > i || c.Entry.Type != seckg.Organization {
				continue
			}
			if id := d.p.gaz.parentOr(c.Entry); d.p.gaz.isSeries(id) {
				return id
			}
		}
	}
	return ""
}

// shortName is the shortest Chinese name of a gazetteer entry.
func (g *gazetteer) shortName(id seckg.EntityID) string {
	e := g.byID[id]
	if e == nil {
		return ""
	}
	best := e.Name
	for _, a := range e.Aliases {
		if len([]rune(a)) >= 2 && len(a) < len(best) && isWide([]rune(a)[0]) {
			best = a
		}
	}
	return best
}

// ordinals recognises "亚信第五次外长会议", "第二届国家元首会议",
// "第47届联合国大会": an ordinal, the organisation (named before or
// after, or the series the text speaks of) and the kind of meeting.
func (d *docState) ordinals(covered []bool) {
	s, bi := d.simpText()
	for _, loc := range reOrdinal.FindAllStringSubmatchIndex(s, -1) {
		os, oe := bi.runeAt(loc[0]), bi.runeAt(loc[1])
		if covered[os] {
			continue
		}
		n := chineseNumber(s[loc[2]:loc[3]])
		if n <= 0 {
			continue
		}
		start := os
		left := d.orgEndingAt(os, covered)
		if left != nil {
			start = left.Start
		}
		pos := oe
		var right *gazEntry
		if r := d.orgAt(oe); r != nil {
			right, pos = r.Entry, r.End
		}
		suffix := d.suffixAt(pos)
		if suffix == "" && (right == nil || right.kind == "") {
			continue
		}
		end := pos + len([]rune(suffix))
		if !free(covered, start, end) || d.gazEventCovers(start, end) {
			continue
		}
		kind := meetingKind(suffix)
		var series seckg.EntityID
		switch {
		case right != nil && right.kind != "":
			series, kind = d.p.gaz.parentOr(right), right.kind
		case right != nil:
			series = right.ID
		case left != nil:
			series = d.p.gaz.parentOr(left.Entry)
		default:
			series = d.contextSeries(start)
		}
		if ev := d.p.gaz.findEvent(series, n, kind); ev != nil {
			d.add(mention{Start: start, End: end, ID: ev.ID, Type: seckg.Event})
			cover(covered, start, end)
			continue
		}
		if suffix == "" && (right == nil || right.kind == "") {
			continue
		}
		name := d.simplified(start, end)
		if suffix == "" {
			// "第十三届东盟峰会": the ordinal of a meeting body's session,
			// named as the other numbered meetings are ("东盟第十三次峰会")
			short := d.p.gaz.shortName(series)
			if kind, ok := strings.CutPrefix(right.Name, short); ok && short != "" && kind != "" {
				name = short + "第" + chineseOrdinal(n) + "次" + kind
			}
			id := newID(seckg.Event, name)
			e := d.entity(id, seckg.Event, name)
			setAttr(e, seckg.AttrNumber, strconv.Itoa(n))
			setAttr(e, seckg.AttrSeries, string(series))
			d.add(mention{Start: start, End: end, ID: id, Type: seckg.Event})
			cover(covered, start, end)
			continue
		}
		if series != "" {
			name = d.p.gaz.shortName(series) + "第" + chineseOrdinal(n) + "次" + strings.TrimPrefix(d.simplified(pos, end), "")
			if right != nil && right.kind == "" {
				name = d.p.gaz.shortName(series) + "第" + chineseOrdinal(n) + "次" + suffix
			}
		}
		id := newID(seckg.Event, name)
		e := d.entity(id, seckg.Event, name)
		setAttr(e, seckg.AttrNumber, strconv.Itoa(n))
		if series != "" {
			setAttr(e, seckg.AttrSeries, string(series))
		}
		d.add(mention{Start: start, End: end, ID: id, Type: seckg.Event})
		cover(covered, start, end)
	}
}

// clauseStart returns the start of the clause holding rune i: after the
// last ，；： before it within its sentence.
func (d *docState) clauseStart(i int) int {
	si := int(d.sentOf[min(i, len(d.sentOf)-1)])
	lo := 0
	if si >= 0 {
		lo = d.sents[si].Start
	}
	for k := i - 1; k >= lo; k-- {
		if strings.ContainsRune("，；：", d.simp[k]) {
			return k + 1
		}
	}
	return lo
}

func (d *docState) sentBounds(i int) (int, int) {
	si := int(d.sentOf[min(i, len(d.sentOf)-1)])
	if si < 0 {
		return i, i
	}
	return d.sents[si].Start, d.sents[si].End
}

// datesIn returns the dates written in runes [a, b), as ISO strings.
func (d *docState) datesIn(a, b int) []string {
	if a >= b {
		return nil
	}
	var out []string
	for _, m := range reDate.FindAllStringSubmatch(d.simpStr(a, b), -1) {
		out = append(out, isoDate(m))
	}
	return out
}

func years(dates []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range dates {
		y := x[:4]
		if !seen[y] {
			seen[y] = true
			out = append(out, y)
		}
	}
	return out
}

// datedMeetings resolves meetings named by their body and a date:
// "2014年亚信峰会", "博鳌亚洲论坛年会" with the year in the sentence,
// "1999年…召开的亚信外长会议", "于1996年2月和1997年12月召开了两次副外长会议".
func (d *docState) datedMeetings() {
	ments := d.ments // only read: the result is built in out
	// out goes into the spare array, and ments's array becomes the spare
	out := slices.Grow(d.bufs.spareMents[:0], len(ments)+len(ments)/4)
	d.bufs.spareMents = ments
	inMention := d.mentionFlags()
	for _, m := range ments {
		g := d.p.gaz.byID[m.ID]
		if m.inTitle || g == nil || g.Type != seckg.Organization {
			out = append(out, m)
			continue
		}
		// (a) a year right before the body
		lo := max(0, m.Start-10)
		if loc := reYearAt.FindStringSubmatchIndex(d.simpStr(lo, m.Start)); loc != nil {
			y := d.simpStr(lo, m.Start)[loc[2]:loc[3]]
			if evs := d.p.gaz.eventsInYear(g, y); len(evs) == 1 {
				end := m.End
				if d.at(end, "年会") || d.at(end, "会议") {
					end += 2
				}
				start := lo + len([]rune(d.simpStr(lo, m.Start)[:loc[0]]))
				out = append(out, mention{Start: start, End: end, ID: evs[0].ID, Type: seckg.Event, Surface: d.surface(start, end)})
				continue
			}
		}
		// (b) the body followed by 会议 or 年会
		if suf := d.at(m.End, "年会") || d.at(m.End, "会议") && !strings.HasSuffix(g.Name, "会议"); suf {
			ss, _ := d.sentBounds(m.Start)
			dates := d.datesIn(ss, m.Start)
			if len(dates) > 0 {
				last := dates[len(dates)-1]
				end := m.End + 2
				if evs := d.p.gaz.eventsInYear(g, last[:4]); len(evs) == 1 {
					out = append(out, mention{Start: m.Start, End: end, ID: evs[0].ID, Type: seckg.Event, Surface: d.surface(m.Start, end)})
					continue
				}
				if d.at(m.End, "会议") && g.parent != "" {
					name := last[:4] + "年" + g.Name + "会议"
					id := newID(seckg.Event, name)
					e := d.entity(id, seckg.Event, name)
					setAttr(e, seckg.AttrDate, last)
					setAttr(e, seckg.AttrSeries, string(g.ID))
					out = append(out, mention{Start: m.Start, End: end, ID: id, Type: seckg.Event, Surface: d.surface(m.Start, end)})
					continue
				}
			}
		}
		out = append(out, m)
		// (c) a meeting body with the dates it met on
		if g.kind != "" && g.parent != "" {
			out = append(out, d.meetingsOn(g, m.Start, m.End)...)
		}
	}
	// bare kinds of meeting: 副外长会议, 峰会 ...
	for ki, starts := range d.wordsIn(meetingKindWords) {
		kw := meetingKindWords.words[ki]
		for _, a := range starts {
			b := a + len(kw)
			if !free(inMention, a, b) {
				continue
			}
			cover(inMention, a, b)
			ss, _ := d.sentBounds(a)
			var series seckg.EntityID
			for _, m := range out {
				if m.Start >= ss && m.End <= a && m.Type == seckg.Organization {
					if g := d.p.gaz.byID[m.ID]; g != nil {
						series = d.p.gaz.parentOr(g)
					}
				}
			}
			if series == "" {
				series = d.contextSeries(a)
			}
			body := &gazEntry{ID: series, kind: meetingKind(meetingKindWords.text[ki]), Attrs: map[string]string{"parent": string(series)}}
			if series != "" {
				out = append(out, d.meetingsOn(body, a, b)...)
			}
		}
	}
	d.ments = out
}

// meetingsOn returns mentions of the meetings of body b whose dates the
// clause before runes [a, b) gives with 召开 or 举行.
func (d *docState) meetingsOn(g *gazEntry, a, b int) []mention {
	cs := d.clauseStart(a)
	_, se := d.sentBounds(a)
	between := d.simpStr(cs, a)
	after := d.simpStr(b, min(se, b+4))
	if !strings.Contains(between, "召开") && !strings.Contains(between, "举行") && !strings.Contains(after, "召开") && !strings.Contains(after, "举行") {
		return nil
	}
	var out []mention
	for _, y := range years(d.datesIn(cs, a)) {
		if evs := d.p.gaz.eventsInYear(g, y); len(evs) == 1 {
			out = append(out, mention{Start: a, End: b, ID: evs[0].ID, Type: seckg.Event, Surface: d.surface(a, b), kindWord: true})
		}
	}
	return out
}

// placeMeetings recognises a meeting named by its organisation and the
// city it met in ("上合组织比什凯克峰会"): the organisation's meeting of that
// kind held there, in the year the sentence gives if it met there often.
func (d *docState) placeMeetings(covered []bool) {
	for i := range d.byStart.len() {
		if covered[i] {
			continue
		}
		var org, place *match
		for k := range d.byStart.at(i) {
			if c := &d.byStart.at(i)[k]; c.Entry.Type == seckg.Organization && (org == nil || c.End > org.End) {
				org = c
			}
		}
		if org == nil || org.End >= d.byStart.len() {
			continue
		}
		for k := range d.byStart.at(org.End) {
			if c := &d.byStart.at(org.End)[k]; c.Entry.Type == seckg.Place && (place == nil || c.End > place.End) {
				place = c
			}
		}
		if place == nil {
			continue
		}
		suffix := d.suffixAt(place.End)
		if suffix == "" || suffix == "会议" || suffix == "大会" {
			continue
		}
		end := place.End + len([]rune(suffix))
		if !free(covered, i, end) {
			continue
		}
		series, kind := d.p.gaz.parentOr(org.Entry), meetingKind(suffix)
		if org.Entry.kind != "" && org.Entry.parent != "" {
			kind = org.Entry.kind
		}
		var hits []*gazEntry
		for _, e := range d.p.gaz.entries {
			if e.Type == seckg.Event && seckg.EntityID(e.Attrs["series"]) == series && e.Attrs["place"] == string(place.Entry.ID) && (kind == "" || e.kind == kind) {
				hits = append(hits, e)
			}
		}
		if len(hits) > 1 {
			ss, _ := d.sentBounds(i)
			ds := d.datesIn(ss, i)
			var in []*gazEntry
			for _, e := range hits {
				if len(ds) > 0 && strings.HasPrefix(e.Attrs["date"], ds[len(ds)-1][:4]) {
					in = append(in, e)
				}
			}
			hits = in
		}
		if len(hits) != 1 {
			continue
		}
		d.add(mention{Start: i, End: end, ID: hits[0].ID, Type: seckg.Event})
		cover(covered, i, end)
	}
}
