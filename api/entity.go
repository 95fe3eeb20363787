package api

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/seckg/seckg"
)

// Limits of the read parameters.
const (
	maxQueryRunes = 200
	maxSubgraphID = 100
)

func (s *server) stats(c *gin.Context) {
	ctx, cancel := s.readCtx(c)
	defer cancel()
	st, err := s.cfg.Store.Stats(ctx)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if st.ByType == nil {
		st.ByType = map[seckg.NodeType]int{}
	}
	if st.ByPredicate == nil {
		st.ByPredicate = map[seckg.Predicate]int{}
	}
	c.JSON(http.StatusOK, st)
}

func (s *server) searchEntities(c *gin.Context) {
	q := strings.TrimSpace(c.Query("q"))
	if utf8.RuneCountInString(q) > maxQueryRunes {
		s.writeError(c, invalid(fmt.Sprintf("q must be at most %d characters", maxQueryRunes)))
		return
	}
	t := seckg.NodeType(c.Query("type"))
	if t != "" && !t.Valid() {
		s.writeError(c, invalid(fmt.Sprintf("type: %q is not a node type (one of %s)", t, joinTypes())))
		return
	}
	limit, err := intParam(c, "limit", 20, 1, 200)
	if err != nil {
		s.writeError(c, err)
		return
	}
	cursor := c.Query("cursor")
	if len(cursor) > 1000 {
		s.writeError(c, invalid("cursor is not valid"))
		return
	}
	ctx, cancel := s.readCtx(c)
	defer cancel()
	res, err := s.cfg.Store.Search(ctx, seckg.SearchQuery{Q: s.cfg.Simplify(q), Type: t, Limit: limit, Cursor: cursor})
	if err != nil {
		s.writeError(c, err)
		return
	}
	writeJSON(c, func(b []byte) []byte { return appendSearchResult(b, res) })
}

func (s *server) entity(c *gin.Context) {
	id, err := entityID("id", c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	ctx, cancel := s.readCtx(c)
	defer cancel()
	d, err := s.cfg.Store.Entity(ctx, id)
	if err != nil {
		s.writeError(c, notFoundAs(err, "no entity "+string(id)))
		return
	}
	if d.Relations == nil {
		d.Relations = []seckg.Relation{}
	}
	if d.Others == nil {
		d.Others = map[seckg.EntityID]seckg.Entity{}
	}
	c.JSON(http.StatusOK, d)
}

func (s *server) neighbors(c *gin.Context) {
	id, err := entityID("id", c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	q := seckg.NeighborQuery{Direction: seckg.Direction(c.DefaultQuery("direction", string(seckg.Both)))}
	switch q.Direction {
	case seckg.Out, seckg.In, seckg.Both:
	default:
		s.writeError(c, invalid("direction must be out, in or both"))
		return
	}
	if q.Predicates, err = predicatesParam(c, "predicate"); err != nil {
		s.writeError(c, err)
		return
	}
	if q.Types, err = typesParam(c, "type"); err != nil {
		s.writeError(c, err)
		return
	}
	if q.Depth, err = intParam(c, "depth", 1, 1, 3); err != nil {
		s.writeError(c, err)
		return
	}
	if q.Limit, err = intParam(c, "limit", 100, 1, 1000); err != nil {
		s.writeError(c, err)
		return
	}
	// No readCtx: a neighbourhood is bounded (depth 3, 1000 nodes) and
	// takes well under a millisecond, so a timer would bound nothing and
	// its context, timer and parent link were a sixth of the request's
	// allocations. The request's context still ends it with its client.
	g, err := s.cfg.Store.Neighbors(c.Request.Context(), id, q)
	if err != nil {
		s.writeError(c, notFoundAs(err, "no entity "+string(id)))
		return
	}
	writeJSON(c, func(b []byte) []byte { return appendSubgraph(b, g) })
}

func (s *server) paths(c *gin.Context) {
	from, err := entityID("from", c.Query("from"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	to, err := entityID("to", c.Query("to"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	maxLen, err := intParam(c, "max", 4, 1, 6)
	if err != nil {
		s.writeError(c, err)
		return
	}
	k, err := intParam(c, "k", 3, 1, 10)
	if err != nil {
		s.writeError(c, err)
		return
	}
	ctx, cancel := s.readCtx(c)
	defer cancel()
	ps, err := s.cfg.Store.Paths(ctx, from, to, maxLen, k)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if ps == nil {
		ps = []seckg.Path{}
	}
	for i := range ps {
		if ps[i].Nodes == nil {
			ps[i].Nodes = []seckg.Entity{}
		}
		if ps[i].Edges == nil {
			ps[i].Edges = []seckg.Relation{}
		}
	}
	c.JSON(http.StatusOK, gin.H{"paths": ps})
}

func (s *server) timeline(c *gin.Context) {
	var entity seckg.EntityID
	if v := c.Query("entity"); v != "" {
		id, err := entityID("entity", v)
		if err != nil {
			s.writeError(c, err)
			return
		}
		entity = id
	}
	from, err := dateParam(c, "from")
	if err != nil {
		s.writeError(c, err)
		return
	}
	to, err := dateParam(c, "to")
	if err != nil {
		s.writeError(c, err)
		return
	}
	if from != "" && to != "" && from > to {
		s.writeError(c, invalid("from must not be after to"))
		return
	}
	ctx, cancel := s.readCtx(c)
	defer cancel()
	items, err := s.cfg.Store.Timeline(ctx, entity, from, to)
	if err != nil {
		s.writeError(c, notFoundAs(err, "no entity "+string(entity)))
		return
	}
	if items == nil {
		items = []seckg.TimelineItem{}
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

func (s *server) subgraph(c *gin.Context) {
	raw := listParam(c, "ids")
	if len(raw) == 0 {
		s.writeError(c, invalid("ids is required: a comma-separated list of entity ids"))
		return
	}
	if len(raw) > maxSubgraphID {
		s.writeError(c, invalid(fmt.Sprintf("ids must list at most %d ids", maxSubgraphID)))
		return
	}
	ids := make([]seckg.EntityID, len(raw))
	for i, v := range raw {
		id, err := entityID("ids", v)
		if err != nil {
			s.writeError(c, err)
			return
		}
		ids[i] = id
	}
	expand, err := intParam(c, "expand", 0, 0, 2)
	if err != nil {
		s.writeError(c, err)
		return
	}
	format := c.DefaultQuery("format", "cytoscape")
	if format != "cytoscape" && format != "graphml" {
		s.writeError(c, invalid("format must be cytoscape or graphml"))
		return
	}
	if format != "cytoscape" && s.cfg.SubgraphWriter == nil {
		s.writeError(c, invalid("format graphml is not available on this server"))
		return
	}
	ctx, cancel := s.readCtx(c)
	defer cancel()
	g, err := s.cfg.Store.Subgraph(ctx, ids, expand)
	if err != nil {
		s.writeError(c, err)
		return
	}
	g = nonNil(g)
	if s.cfg.SubgraphWriter == nil {
		c.JSON(http.StatusOK, cytoscape(g))
		return
	}
	var buf bytes.Buffer
	if err := s.cfg.SubgraphWriter(&buf, format, g); err != nil {
		s.writeError(c, fmt.Errorf("api: subgraph as %s: %w", format, err))
		return
	}
	ctype := "application/json; charset=utf-8"
	if format == "graphml" {
		ctype = "application/xml; charset=utf-8"
	}
	c.Data(http.StatusOK, ctype, buf.Bytes())
}

// nonNil gives g empty rather than null lists.
func nonNil(g seckg.Subgraph) seckg.Subgraph {
	if g.Nodes == nil {
		g.Nodes = []seckg.Entity{}
	}
	if g.Edges == nil {
		g.Edges = []seckg.Relation{}
	}
	return g
}

// notFoundAs gives a bare seckg.ErrNotFound a message naming what is
// missing; other errors pass unchanged.
func notFoundAs(err error, msg string) error {
	var user *seckg.Error
	if errors.Is(err, seckg.ErrNotFound) && !errors.As(err, &user) {
		return seckg.Errorf(seckg.ErrNotFound, msg)
	}
	return err
}
