package extract

import "github.com/seckg/seckg"

// allowed reports whether ONTOLOGY.md lets predicate p join a head of type
// h to a tail of type t.
func allowed(p seckg.Predicate, h, t seckg.NodeType) bool {
	in := func(x seckg.NodeType, set ...seckg.NodeType) bool {
		for _, s := range set {
			if x == s {
				return true
			}
		}
		return false
	}
	const (
		org, evt, doc, pri, con = seckg.Organization, seckg.Event, seckg.DocumentType, seckg.Principle, seckg.Concept
		per, cty, plc           = seckg.Person, seckg.Country, seckg.Place
	)
	switch p {
	case seckg.ProposedBy:
		return in(h, org, evt, doc, pri, con) && in(t, per, cty, org)
	case seckg.AdoptedAt:
		return in(h, doc, pri, con) && t == evt
	case seckg.EvolvedInto:
		return h == t || in(h, pri, con) && in(t, pri, con)
	case seckg.PartOf:
		return h == evt && t == org || h == org && t == org || in(h, con, pri) && in(t, con, pri)
	case seckg.MemberOf:
		return h == cty && t == org
	case seckg.HeldIn:
		return h == evt && t == plc
	case seckg.SignedBy:
		return h == doc && in(t, cty, org)
	case seckg.ChairedBy:
		return h == org && t == cty
	case seckg.BasedOn:
		return in(h, con, pri, doc, org) && in(t, con, pri, doc)
	}
	return false
}
