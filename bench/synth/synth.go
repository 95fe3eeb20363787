// Package synth generates deterministic synthetic graphs shaped like
// seckg's own (eight node types, nine predicates, hub-skewed tails, one
// evidence sentence per relation), for the benchmarks and the load test.
package synth

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/seckg/seckg"
)

// names of the generated entities per type, in the style of the extractor's
// ids ("<type>:<canonical name>").
var stems = map[seckg.NodeType][]string{
	seckg.Organization: {"亚洲安全合作组织", "东盟地区论坛", "上海合作组织", "亚信会议", "澜湄合作机制"},
	seckg.Event:        {"亚信峰会", "香山论坛", "外长会议", "联合军演", "防长会议"},
	seckg.DocumentType: {"联合声明", "行动计划", "合作宣言", "安全公约", "白皮书"},
	seckg.Principle:    {"互不干涉内政", "协商一致", "和平共处", "主权平等", "不使用武力"},
	seckg.Concept:      {"亚洲新安全观", "共同安全", "综合安全", "合作安全", "可持续安全"},
	seckg.Person:       {"王伟", "李明", "张华", "刘洋", "陈静"},
	seckg.Country:      {"中国", "哈萨克斯坦", "印度尼西亚", "蒙古国", "越南"},
	seckg.Place:        {"上海", "阿斯塔纳", "杜尚别", "曼谷", "比什凯克"},
}

// EntityID is the id, type and name of generated entity number e.
func EntityID(e int) (seckg.EntityID, seckg.NodeType, string) {
	t := seckg.NodeTypes[e%len(seckg.NodeTypes)]
	st := stems[t]
	name := fmt.Sprintf("%s%d", st[(e/len(seckg.NodeTypes))%len(st)], e)
	return seckg.EntityID(strings.ToLower(string(t)) + ":" + name), t, name
}

// Doc makes document n of a synthetic graph over pool entities: about
// ents mentions and rels relations, tails skewed towards low ids (hubs), as
// the graph package's own benchmark generator does.
func Doc(r *rand.Rand, n, pool, ents, rels int) seckg.Extraction {
	id := seckg.DocID(fmt.Sprintf("synth-%06d", n))
	x := seckg.Extraction{Doc: seckg.Document{ID: id, Title: fmt.Sprintf("亚洲安全合作文集第%d篇", n), Source: string(id) + ".txt",
		Hash: fmt.Sprintf("%064x", n), Chars: 20000 + r.IntN(180000), Date: fmt.Sprintf("%04d-%02d-%02d", 1990+n%35, 1+n%12, 1+n%28)}}
	mentioned := map[int]bool{}
	mention := func(e int) seckg.EntityID {
		eid, t, name := EntityID(e)
		if !mentioned[e] {
			mentioned[e] = true
			ent := seckg.Entity{ID: eid, Type: t, Name: name, NameEN: fmt.Sprintf("%s %d", t, e), Aliases: []string{fmt.Sprintf("简称%d", e)}}
			if t == seckg.Event || t == seckg.DocumentType {
				ent.Attrs = map[string]string{seckg.AttrDate: fmt.Sprintf("%04d-%02d", 1950+e%75, 1+e%12)}
			}
			x.Entities = append(x.Entities, ent)
		}
		return eid
	}
	pick := func() int { return r.IntN(pool) }
	hub := func() int { return int(float64(pool) * r.Float64() * r.Float64() * r.Float64()) }
	for len(mentioned) < ents {
		mention(pick())
	}
	for i := range rels {
		h, t := mention(pick()), mention(hub())
		p := seckg.Predicates[r.IntN(len(seckg.Predicates))]
		off := i * 40
		x.Relations = append(x.Relations, seckg.Relation{Head: h, Predicate: p, Tail: t,
			Evidence: []seckg.Evidence{{Doc: id, Offset: off, Sentence: fmt.Sprintf("第%d句：%s于%d年%s%s。", i, h, 1950+i%75, p, t)}}})
	}
	return x
}

// Writer is what Fill needs from a store; *graph.Store satisfies it.
type Writer interface {
	WriteDocument(ctx context.Context, x seckg.Extraction) error
	Stats(ctx context.Context) (seckg.Stats, error)
}

// Fill writes generated documents into st until it holds at least quads
// quads, and returns the number of entities in the pool the documents
// draw from (ids EntityID(0..pool-1)). The same seed gives the same graph.
func Fill(ctx context.Context, st Writer, quads int, seed uint64) (pool int, err error) {
	r := rand.New(rand.NewPCG(seed, 4))
	pool = max(quads/15, 100)
	for n := 0; ; n++ {
		s, err := st.Stats(ctx)
		if err != nil {
			return pool, err
		}
		if s.Quads >= quads {
			return pool, nil
		}
		if err := st.WriteDocument(ctx, Doc(r, n, pool, 100, 200)); err != nil {
			return pool, err
		}
	}
}
