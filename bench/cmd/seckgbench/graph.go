package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/seckg/seckg"
	"github.com/seckg/seckg/graph"
)

// names of the generated entities per type, in the style of the extractor's
// ids ("<type>:<canonical name>").
var genStems = map[seckg.NodeType][]string{
	seckg.Organization: {"亚洲安全合作组织", "东盟地区论坛", "上海合作组织", "亚信会议", "澜湄合作机制"},
	seckg.Event:        {"亚信峰会", "香山论坛", "外长会议", "联合军演", "防长会议"},
	seckg.DocumentType: {"联合声明", "行动计划", "合作宣言", "安全公约", "白皮书"},
	seckg.Principle:    {"互不干涉内政", "协商一致", "和平共处", "主权平等", "不使用武力"},
	seckg.Concept:      {"亚洲新安全观", "共同安全", "综合安全", "合作安全", "可持续安全"},
	seckg.Person:       {"王伟", "李明", "张华", "刘洋", "陈静"},
	seckg.Country:      {"中国", "哈萨克斯坦", "印度尼西亚", "蒙古国", "越南"},
	seckg.Place:        {"上海", "阿斯塔纳", "杜尚别", "曼谷", "比什凯克"},
}

func genEntityID(e int) (seckg.EntityID, seckg.NodeType, string) {
	t := seckg.NodeTypes[e%len(seckg.NodeTypes)]
	stems := genStems[t]
	name := fmt.Sprintf("%s%d", stems[(e/len(seckg.NodeTypes))%len(stems)], e)
	return seckg.EntityID(strings.ToLower(string(t)) + ":" + name), t, name
}

// genDoc makes document n of a synthetic graph over pool entities: about
// ents mentions and rels relations, tails skewed towards low ids (hubs), as
// the graph package's own benchmark generator does.
func genDoc(r *rand.Rand, n, pool, ents, rels int) seckg.Extraction {
	id := seckg.DocID(fmt.Sprintf("synth-%06d", n))
	x := seckg.Extraction{Doc: seckg.Document{ID: id, Title: fmt.Sprintf("亚洲安全合作文集第%d篇", n), Source: string(id) + ".txt",
		Hash: fmt.Sprintf("%064x", n), Chars: 20000 + r.IntN(180000), Date: fmt.Sprintf("%04d-%02d-%02d", 1990+n%35, 1+n%12, 1+n%28)}}
	mentioned := map[int]bool{}
	mention := func(e int) seckg.EntityID {
		eid, t, name := genEntityID(e)
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

// cmdGraph writes a graph of about -quads quads, generated through a memory
// store so that its quads are exactly the graph package's schema, as
// N-Quads, and a sample of its entity ids and names (tab-separated) for the
// load generator.
func cmdGraph(args []string) error {
	fs := flag.NewFlagSet("graph", flag.ExitOnError)
	out := fs.String("out", "", "N-Quads file to write")
	ids := fs.String("ids", "", "file of sample entity ids to write")
	quads := fs.Int("quads", 1000000, "approximate quads")
	seed := fs.Uint64("seed", 3, "random seed")
	fs.Parse(args)
	ctx := context.Background()
	st, err := graph.Open(ctx, graph.Options{Backend: "memory"})
	if err != nil {
		return err
	}
	defer st.Close()
	r := rand.New(rand.NewPCG(*seed, 4))
	pool := max(*quads/15, 100)
	t0 := time.Now()
	var stats seckg.Stats
	for n := 0; ; n++ {
		if stats, err = st.Stats(ctx); err != nil {
			return err
		}
		if stats.Quads >= *quads {
			break
		}
		if err := st.WriteDocument(ctx, genDoc(r, n, pool, 100, 200)); err != nil {
			return err
		}
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := st.WriteNQuads(ctx, w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if *ids != "" {
		f, err := os.Create(*ids)
		if err != nil {
			return err
		}
		w := bufio.NewWriter(f)
		rr := rand.New(rand.NewPCG(*seed, 5))
		seen := map[int]bool{}
		for len(seen) < 2000 && len(seen) < pool/2 {
			e := rr.IntN(pool)
			id, _, name := genEntityID(e)
			if seen[e] {
				continue
			}
			if _, err := st.Entity(ctx, id); err != nil {
				continue
			}
			seen[e] = true
			fmt.Fprintf(w, "%s\t%s\n", id, name)
		}
		if err := w.Flush(); err != nil {
			return err
		}
		f.Close()
	}
	fmt.Printf("graph: %d quads, %d entities, %d relations, %d documents written to %s in %s\n",
		stats.Quads, stats.Entities, stats.Relations, stats.Documents, *out, time.Since(t0).Round(time.Millisecond))
	return nil
}
