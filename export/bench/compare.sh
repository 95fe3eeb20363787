#!/bin/sh
# compare.sh [edges]: writes one generated graph as GraphML with seckg (the
# export package's BenchmarkGraphML) and with networkx.write_graphml (the
# same graph, read back from seckg's file), both to an in-memory sink, and
# prints both rates in edges/s (wall clock, and per CPU second, which is
# steadier on a shared machine) and their ratios. Default: 200000 edges.
set -eu
N=${1:-200000}
OUT=${TMPDIR:-/tmp}/seckg-compare-$$.graphml
trap 'rm -f "$OUT" "$OUT.log"' EXIT
cd "$(dirname "$0")/../.."
go test ./export -run '^$' -bench '^BenchmarkGraphML$' -benchtime 3x \
	-export.edges="$N" -export.out="$OUT" >"$OUT.log"
grep '^BenchmarkGraphML' "$OUT.log"
metric() { awk -v m="$1" '/^BenchmarkGraphML/ { for (i = 2; i <= NF; i++) if ($i == m) print $(i-1) }' "$OUT.log"; }
RATE=$(metric edges/s)
CPURATE=$(metric edges/cpu-s)
/usr/bin/python3 - "$OUT" "$RATE" "$CPURATE" <<'PY'
import sys, time
import networkx as nx

class Sink:
    n = 0
    def write(self, b):
        self.n += len(b)
        return len(b)

path, seckg, seckg_cpu = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
G = nx.read_graphml(path)
m = G.number_of_edges()
rates = {}
for name, fn in (("write_graphml", nx.write_graphml), ("write_graphml_xml", nx.write_graphml_xml)):
    best, best_cpu = None, None
    for _ in range(2):
        sink = Sink()
        t, c = time.perf_counter(), time.process_time()
        fn(G, sink)
        dt, dc = time.perf_counter() - t, time.process_time() - c
        best = dt if best is None else min(best, dt)
        best_cpu = dc if best_cpu is None else min(best_cpu, dc)
    rates[name] = (m / best, m / best_cpu)
    print(f"networkx {nx.__version__} {name}: {m} edges in {best:.2f}s = {m / best:,.0f} edges/s, "
          f"{m / best_cpu:,.0f} edges/cpu-s ({sink.n / best / 1e6:.1f} MB/s)")
print(f"seckg export.Write graphml: {seckg:,.0f} edges/s, {seckg_cpu:,.0f} edges/cpu-s")
for name, (r, rc) in rates.items():
    print(f"ratio seckg / networkx {name}: {seckg / r:.1f}x (wall), {seckg_cpu / rc:.1f}x (cpu)")
PY
