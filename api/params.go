package api

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/seckg/seckg"
)

// intParam reads the integer query parameter name, def if absent, and
// checks it lies in [lo, hi].
func intParam(c *gin.Context, name string, def, lo, hi int) (int, error) {
	v, ok := c.GetQuery(name)
	if !ok || v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < lo || n > hi {
		return 0, invalid(fmt.Sprintf("%s must be between %d and %d", name, lo, hi))
	}
	return n, nil
}

// listParam reads a list parameter given as name=a,b and/or repeated.
func listParam(c *gin.Context, name string) []string {
	var out []string
	for _, v := range c.QueryArray(name) {
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
	}
	return out
}

// typesParam reads a list of node types.
func typesParam(c *gin.Context, name string) ([]seckg.NodeType, error) {
	var out []seckg.NodeType
	for _, v := range listParam(c, name) {
		t := seckg.NodeType(v)
		if !t.Valid() {
			return nil, invalid(fmt.Sprintf("%s: %q is not a node type (one of %s)", name, v, joinTypes()))
		}
		out = append(out, t)
	}
	return out, nil
}

// predicatesParam reads a list of predicates.
func predicatesParam(c *gin.Context, name string) ([]seckg.Predicate, error) {
	var out []seckg.Predicate
	for _, v := range listParam(c, name) {
		p := seckg.Predicate(v)
		if !p.Valid() {
			return nil, invalid(fmt.Sprintf("%s: %q is not a predicate (one of %s)", name, v, joinPredicates()))
		}
		out = append(out, p)
	}
	return out, nil
}

func joinTypes() string {
	s := make([]string, len(seckg.NodeTypes))
	for i, t := range seckg.NodeTypes {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

func joinPredicates() string {
	s := make([]string, len(seckg.Predicates))
	for i, p := range seckg.Predicates {
		s[i] = string(p)
	}
	return strings.Join(s, ", ")
}

var dateRE = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// dateParam reads an optional ISO 8601 date at year, month or day precision.
func dateParam(c *gin.Context, name string) (string, error) {
	v := strings.TrimSpace(c.Query(name))
	if v != "" && !dateRE.MatchString(v) {
		return "", invalid(fmt.Sprintf("%s must be a date: YYYY, YYYY-MM or YYYY-MM-DD", name))
	}
	return v, nil
}

// maxIDLen bounds entity ids taken from requests.
const maxIDLen = 500

// entityID checks a required entity id taken from the path or query.
func entityID(name, v string) (seckg.EntityID, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", invalid(name + " is required")
	}
	if len(v) > maxIDLen {
		return "", invalid(fmt.Sprintf("%s must be at most %d bytes", name, maxIDLen))
	}
	return seckg.EntityID(v), nil
}

// docID checks a required document id with seckg.ValidDocID.
func docID(name, v string) (seckg.DocID, error) {
	id := seckg.DocID(v)
	if v == "" {
		return "", invalid(name + " is required")
	}
	if !seckg.ValidDocID(id) {
		return "", invalid(name + " must be 1 to 200 letters, digits, '-', '_' or '.', not starting with '.'")
	}
	return id, nil
}

// filterParams reads the export filter: types, predicates, doc, since, until.
func filterParams(c *gin.Context) (seckg.Filter, error) {
	var f seckg.Filter
	var err error
	if f.Types, err = typesParam(c, "types"); err != nil {
		return f, err
	}
	if f.Predicates, err = predicatesParam(c, "predicates"); err != nil {
		return f, err
	}
	if d := c.Query("doc"); d != "" {
		if f.Doc, err = docID("doc", d); err != nil {
			return f, err
		}
	}
	if f.Since, err = dateParam(c, "since"); err != nil {
		return f, err
	}
	if f.Until, err = dateParam(c, "until"); err != nil {
		return f, err
	}
	return f, nil
}

// filterEmpty reports whether f selects everything.
func filterEmpty(f seckg.Filter) bool {
	return len(f.Types) == 0 && len(f.Predicates) == 0 && f.Doc == "" && f.Since == "" && f.Until == ""
}
