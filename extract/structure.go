package extract

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/seckg/seckg"
)

// structural adds the facts a name itself states: a numbered meeting is
// part of its series, a standing body part of its organisation, a
// document named after a meeting was adopted there, a joint statement
// "A与B关于…" is signed by A and B, a meeting named after a place was
// held there, and each item of a coordinated name ("全球发展、安全、文明倡议")
// is part of the whole. Meetings also get the date their clause gives.
func (d *docState) structural() {
	for _, m := range d.ments {
		if m.anaphor {
			continue
		}
		si := int(d.sentOf[min(m.Start, len(d.sentOf)-1)])
		e := d.ents[m.ID]
		if e == nil {
			continue
		}
		if s := seckg.EntityID(e.Attrs[seckg.AttrSeries]); s != "" && e.Type == seckg.Event {
			d.relate(m.ID, seckg.PartOf, s, si)
			if g := d.p.gaz.byID[s]; g != nil && g.parent != "" && d.p.gaz.byID[m.ID] == nil {
				d.relate(m.ID, seckg.PartOf, seckg.EntityID(g.parent), si)
			}
			if b := d.bodyNamed(m, s); b != "" {
				d.relate(m.ID, seckg.PartOf, b, si)
			}
		}
		if g := d.p.gaz.byID[m.ID]; g != nil && g.Type == seckg.Organization && g.parent != "" {
			d.relate(m.ID, seckg.PartOf, seckg.EntityID(g.parent), si)
		}
		if e.Type == seckg.Event {
			if _, ok := e.Attrs[seckg.AttrDate]; !ok && !m.kindWord {
				lo := d.clauseStartOf(m.Start)
				if ds := d.datesIn(lo, m.Start); len(ds) > 0 {
					setAttr(e, seckg.AttrDate, ds[len(ds)-1])
				}
			}
			if !m.kindWord {
				d.placeInName(m, e, si)
			}
		}
		if e.Type == seckg.DocumentType && !m.inTitle {
			d.titleFacts(m, si)
			if _, ok := e.Attrs[seckg.AttrDate]; !ok {
				lo, _ := d.sentBounds(m.Start)
				lead := d.simpStr(lo, m.Start)
				if ds := d.datesIn(lo, m.Start); len(ds) > 0 && strings.ContainsAny(lead, "签发通布台订") && len([]rune(lead)) <= 40 {
					setAttr(e, seckg.AttrDate, ds[len(ds)-1])
				}
			}
		}
		if strings.Contains(d.simpStr(m.Start, m.End), "、") && !m.kindWord {
			d.coordinated(m, si)
		}
	}
}

// placeAttrs gives each meeting the place it was held in, if it has none:
// the place of its held-in relation stated first (the relations are taken
// in text order, not map order, so that extraction is deterministic).
func (d *docState) placeAttrs() {
	var held []*seckg.Relation
	for _, r := range d.rels {
		if r.Predicate == seckg.HeldIn {
			held = append(held, r)
		}
	}
	first := func(r *seckg.Relation) int {
		if len(r.Evidence) == 0 {
			return math.MaxInt
		}
		return slices.MinFunc(r.Evidence, func(a, b seckg.Evidence) int { return cmp.Compare(a.Offset, b.Offset) }).Offset
	}
	slices.SortFunc(held, func(a, b *seckg.Relation) int {
		return cmp.Or(cmp.Compare(first(a), first(b)), cmp.Compare(a.Key(), b.Key()))
	})
	for _, r := range held {
		if e := d.ents[r.Head]; e != nil && e.Attrs[seckg.AttrPlace] == "" {
			setAttr(e, seckg.AttrPlace, string(r.Tail))
		}
	}
}

// placeInName relates a meeting or visit named by where it happened
// ("在新加坡国立大学的演讲", "出访东南亚三国") to that place.
func (d *docState) placeInName(m mention, e *seckg.Entity, si int) {
	for a := m.Start; a < m.End; a++ {
		lead := d.simpStr(max(0, m.Start-1), a)
		if !strings.HasSuffix(lead, "在") && !strings.HasSuffix(lead, "出访") && !strings.HasSuffix(lead, "访问") && !strings.HasSuffix(lead, "于") {
			continue
		}
		for _, c := range d.byStart.at(a) {
			if c.Entry.ID == m.ID || c.End > m.End {
				continue
			}
			if c.Entry.Type != seckg.Place || meetingKind(d.simpStr(c.End, m.End)) != "" || strings.HasSuffix(d.simpStr(c.End, m.End), "会议") {
				break
			}
			d.entity(c.Entry.ID, c.Entry.Type, c.Entry.Name)
			d.relate(m.ID, seckg.HeldIn, c.Entry.ID, si)
			if e.Attrs[seckg.AttrPlace] == "" {
				setAttr(e, seckg.AttrPlace, string(c.Entry.ID))
			}
			break
		}
	}
}

func (d *docState) clauseStartOf(i int) int { return d.clauseStart(i) }

// titleFacts draws what a document's own name states.
func (d *docState) titleFacts(m mention, si int) {
	var inner []mention
	for _, x := range d.mentionsIn(m.Start, m.End) {
		if x.inTitle {
			inner = append(inner, x)
		}
	}
	title := d.simpStr(m.Start, m.End)
	about := strings.Index(title, "关于")
	for i, x := range inner {
		switch x.Type {
		case seckg.Event:
			d.relate(m.ID, seckg.AdoptedAt, x.ID, si)
		case seckg.Country, seckg.Organization:
			if about < 0 || x.End-m.Start > len([]rune(title[:about])) {
				continue
			}
			joined := i > 0 && strings.Trim(d.simpStr(inner[i-1].End, x.Start), "与和同") == "" ||
				i+1 < len(inner) && strings.Trim(d.simpStr(x.End, inner[i+1].Start), "与和同") == "" && inner[i+1].End-m.Start <= len([]rune(title[:about]))
			if joined {
				d.relate(m.ID, seckg.SignedBy, x.ID, si)
			}
		}
	}
}

// coordinated expands an elliptical coordination like
// "全球发展、安全、文明倡议" into 全球发展倡议, 全球安全倡议, 全球文明倡议
// and, where those are gazetteer names, makes them part of the whole.
func (d *docState) coordinated(m mention, si int) {
	parts := strings.Split(d.simpStr(m.Start, m.End), "、")
	if len(parts) < 2 {
		return
	}
	// the prefix and head are cut at rune boundaries of the first and
	// last parts: fb and lb are the byte offsets of their runes
	first, last := parts[0], parts[len(parts)-1]
	fb, lb := runeBytes(first, runeCount(first)), runeBytes(last, runeCount(last))
	nf, nl := len(fb)-1, len(lb)-1 // runes of first and last
	best := []seckg.EntityID(nil)
	// an empty prefix, or a part that names nothing, is never taken
	for j := 1; j < nf; j++ {
		for k := 1; k < nl; k++ {
			prefix, head := first[:fb[j]], last[lb[nl-k]:]
			var ids []seckg.EntityID
			for i, p := range parts {
				core := p
				if i == 0 {
					core = first[fb[j]:]
				}
				if i == len(parts)-1 {
					core = last[:lb[nl-k]]
				}
				hits := d.p.gaz.lookup3(prefix, core, head)
				if len(hits) == 0 || hits[0].ID == m.ID {
					break
				}
				ids = append(ids, hits[0].ID)
			}
			if prefix != "" && len(ids) == len(parts) && len(ids) > len(best) {
				best = ids
			}
		}
	}
	for _, id := range best {
		d.entity(id, d.typeOf(id), nameFromID(id))
		d.relate(id, seckg.PartOf, m.ID, si)
	}
}

// bodyNamed returns the standing body of series s whose full name the
// meeting's name holds before its ordinal ("…元首理事会第二次会议").
func (d *docState) bodyNamed(m mention, s seckg.EntityID) seckg.EntityID {
	name := d.simpStr(m.Start, m.End)
	for _, e := range d.p.gaz.entries {
		if e.Type == seckg.Organization && seckg.EntityID(e.parent) == s && e.kind != "" {
			if k := e.keys[0]; k != "" && strings.Contains(name, k+"第") {
				return e.ID
			}
		}
	}
	return ""
}
