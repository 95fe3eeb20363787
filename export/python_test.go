package export

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// python is the interpreter whose networkx and igraph (Debian's
// python3-networkx and python3-igraph) read the exports.
const python = "/usr/bin/python3"

// readersScript loads the GraphML with networkx and igraph and the GEXF
// with networkx, turning every warning into an error, and prints what it
// read as JSON.
const readersScript = `
import json, sys, warnings
warnings.simplefilter("error")
import networkx as nx
import igraph as ig

graphml, gexf, hostile_graphml, hostile_gexf = sys.argv[1:5]

def nxsummary(G, hostile):
    e = {}
    for u, v, d in G.edges(data=True):
        e[u + " " + str(d.get("predicate", d.get("label"))) + " " + v] = d
    return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "directed": G.is_directed(),
            "cica": G.nodes["cica"], "summit": G.nodes["cica-summit-4"], "hostile": G.nodes[hostile],
            "part_of": e["cica-summit-4 part-of cica"], "held_in": e["cica-summit-4 held-in shanghai"],
            "weight_types": sorted({type(d["weight"]).__name__ for _, _, d in G.edges(data=True)})}

out = {"networkx": nx.__version__, "igraph": ig.__version__}
out["nx_graphml"] = nxsummary(nx.read_graphml(graphml), hostile_graphml)
out["nx_gexf"] = nxsummary(nx.read_gexf(gexf), hostile_gexf)

g = ig.Graph.Read_GraphML(graphml)
v = g.vs.find(id="cica")
part = [e for e in g.es if e["predicate"] == "part-of"][0]
out["igraph_graphml"] = {"nodes": g.vcount(), "edges": g.ecount(), "directed": g.is_directed(),
    "cica": {k: v[k] for k in ("label", "label_en", "type", "aliases", "date")},
    "hostile": {"label": g.vs.find(id=hostile_graphml)["label"]},
    "part_of": {"weight": part["weight"], "docs": part["docs"], "source": g.vs[part.source]["id"]}}
json.dump(out, sys.stdout, ensure_ascii=False)
`

// TestPythonReaders opens the GraphML in networkx and igraph and the GEXF
// in networkx, as analysts do, and checks what they read. It skips when
// python3, networkx or igraph is missing, unless CI=true.
func TestPythonReaders(t *testing.T) {
	if out, err := exec.Command(python, "-c", "import networkx, igraph").CombinedOutput(); err != nil {
		msg := "python readers unavailable (" + python + " with networkx and igraph; apt-get install python3-networkx python3-igraph): " +
			err.Error() + ": " + string(bytes.TrimSpace(out))
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	dir := t.TempDir()
	src := sampleGraph()
	files := map[string]string{"graphml": filepath.Join(dir, "g.graphml"), "gexf": filepath.Join(dir, "g.gexf")}
	for format, path := range files {
		if err := os.WriteFile(path, write(t, format, src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	script := filepath.Join(dir, "readers.py")
	if err := os.WriteFile(script, []byte(readersScript), 0o644); err != nil {
		t.Fatal(err)
	}
	// The GEXF keeps entity ids as they are (cleaned); GraphML encodes
	// them as NMTOKENs, so networkx and igraph see the encoded id.
	hostileGraphML, hostileGEXF := nmtoken(hostileID), clean(hostileID)
	cmd := exec.Command(python, "-W", "error", script, files["graphml"], files["gexf"], hostileGraphML, hostileGEXF)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s readers.py: %v\n%s", python, err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("readers.py wrote to stderr (a warning?):\n%s", stderr.String())
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("readers.py output %q: %v", b, err)
	}
	t.Logf("networkx %v, igraph %v", got["networkx"], got["igraph"])
	for _, tt := range []struct {
		reader, path string
		want         any
	}{
		{"nx_graphml", "nodes", float64(sampleNodes)},
		{"nx_graphml", "edges", float64(sampleEdges)},
		{"nx_graphml", "directed", true},
		{"nx_graphml", "cica.label", "亚洲相互协作与信任措施会议"},
		{"nx_graphml", "cica.aliases", "亚信会议|亚信|CICA|СВМДА|a｜b;c"},
		{"nx_graphml", "cica.date", "1992-10-05"},
		{"nx_graphml", "summit.attributes", "chair country=中国|motto=共同｜安全"},
		{"nx_graphml", "hostile.label", hostileNameOK},
		{"nx_graphml", "hostile.label_en", arabic},
		{"nx_graphml", "part_of.weight", float64(3)},
		{"nx_graphml", "part_of.offset", float64(40)},
		{"nx_graphml", "part_of.docs", "cica-2015|cica-2019"},
		{"nx_graphml", "held_in.weight", float64(1)},
		{"nx_graphml", "weight_types", []any{"int"}},
		{"igraph_graphml", "nodes", float64(sampleNodes)},
		{"igraph_graphml", "edges", float64(sampleEdges)},
		{"igraph_graphml", "directed", true},
		{"igraph_graphml", "cica.label_en", "Conference on Interaction and Confidence-Building Measures in Asia"},
		{"igraph_graphml", "cica.type", "Organization"},
		{"igraph_graphml", "hostile.label", hostileNameOK},
		{"igraph_graphml", "part_of.weight", float64(3)},
		{"igraph_graphml", "part_of.source", "cica-summit-4"},
	} {
		if v := lookup(got[tt.reader], tt.path); !jsonEqual(v, tt.want) {
			t.Errorf("%s %s = %#v, want %#v", tt.reader, tt.path, v, tt.want)
		}
	}
	for _, tt := range []struct {
		path string
		want any
	}{
		{"nodes", float64(sampleNodes)},
		{"edges", float64(sampleEdges)},
		{"directed", true},
		{"cica.label", "亚洲相互协作与信任措施会议"},
		{"cica.start", "1992-10-05"},
		{"summit.start", "2014-05-01"},
		{"summit.number", "4"},
		{"hostile.label", hostileNameOK},
		{"hostile.aliases", "🚀|" + arabic + "|bad｜pipe"},
		{"part_of.weight", float64(3)},
		{"part_of.offset", float64(40)},
		{"part_of.start", "2014-05-01"},
		{"part_of.evidence", "亚信第四次峰会在上海举行。"},
		{"held_in.weight", float64(1)},
	} {
		if v := lookup(got["nx_gexf"], tt.path); !jsonEqual(v, tt.want) {
			t.Errorf("nx_gexf %s = %#v, want %#v", tt.path, v, tt.want)
		}
	}
}

// TestPythonReadersHostile loads the exports of hostileGraph, whose ids,
// names and predicates are built from control characters, markup,
// invalid UTF-8 and right-to-left text, in networkx and igraph.
func TestPythonReadersHostile(t *testing.T) {
	if out, err := exec.Command(python, "-c", "import networkx, igraph").CombinedOutput(); err != nil {
		msg := "python readers unavailable: " + err.Error() + ": " + string(bytes.TrimSpace(out))
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	dir := t.TempDir()
	gml, gexf := filepath.Join(dir, "h.graphml"), filepath.Join(dir, "h.gexf")
	for path, format := range map[string]string{gml: "graphml", gexf: "gexf"} {
		if err := os.WriteFile(path, write(t, format, hostileGraph()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const script = `
import sys, warnings
warnings.simplefilter("error")
import networkx as nx, igraph as ig
a, b = nx.read_graphml(sys.argv[1]), nx.read_gexf(sys.argv[2])
g = ig.Graph.Read_GraphML(sys.argv[1])
print(a.number_of_nodes(), a.number_of_edges(), b.number_of_nodes(), b.number_of_edges(), g.vcount(), g.ecount())
`
	out, err := exec.Command(python, "-W", "error", "-c", script, gml, gexf).CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	if got, want := string(bytes.TrimSpace(out)), "8 12 8 12 8 12"; got != want {
		t.Errorf("nodes and edges read by networkx (GraphML, GEXF) and igraph = %s, want %s", got, want)
	}
}

// lookup follows a dotted path through decoded JSON objects.
func lookup(v any, path string) any {
	for _, k := range splitPath(path) {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func splitPath(p string) []string {
	var parts []string
	start := 0
	for i := 0; i < len(p); i++ {
		if p[i] == '.' {
			parts = append(parts, p[start:i])
			start = i + 1
		}
	}
	return append(parts, p[start:])
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}
