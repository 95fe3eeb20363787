#!/bin/sh
# compare.sh [edges]: writes one generated graph as GraphML with seckg (the
# export package's BenchmarkGraphML) and with networkx.write_graphml (the
# same graph, read back from seckg's file), both to an in-memory sink, and
# prints both rates in edges/s and their ratio. Default: 200000 edges.
set -eu
N=${1:-200000}
OUT=${TMPDIR:-/tmp}/seckg-compare-$$.graphml
trap 'rm -f "$OUT"' EXIT
cd "$(dirname "$0")/../.."
go test -run '^$' -bench '^BenchmarkGraphML$' -benchtime 3x \
	-export.edges="$N" -export.out="$OUT" ./export >"$OUT.log"
grep '^BenchmarkGraphML' "$OUT.log"
RATE=$(awk '/^BenchmarkGraphML/ { for (i = 2; i <= NF; i++) if ($i == "edges/s") print $(i-1) }' "$OUT.log")
rm -f "$OUT.log"
/usr/bin/python3 - "$OUT" "$RATE" <<'PY'
import sys, time
import networkx as nx

class Sink:
    n = 0
    def write(self, b):
        self.n += len(b)
        return len(b)

path, seckg = sys.argv[1], float(sys.argv[2])
G = nx.read_graphml(path)
m = G.number_of_edges()
rates = {}
for name, fn in (("write_graphml", nx.write_graphml), ("write_graphml_xml", nx.write_graphml_xml)):
    best = None
    for _ in range(2):
        sink = Sink()
        t = time.perf_counter()
        fn(G, sink)
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    rates[name] = m / best
    print(f"networkx {nx.__version__} {name}: {m} edges in {best:.2f}s = {m / best:,.0f} edges/s ({sink.n / best / 1e6:.1f} MB/s)")
print(f"seckg export.Write graphml: {seckg:,.0f} edges/s")
for name, r in rates.items():
    print(f"ratio seckg / networkx {name}: {seckg / r:.1f}x")
PY
