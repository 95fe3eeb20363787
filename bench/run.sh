#!/usr/bin/env bash
# bench/run.sh (make bench): builds seckg, the seckgbench helper and the
# Cayley v0.7.7 CLI, generates a deterministic synthetic corpus and graph in
# $BENCH_DIR (default /tmp/seckg-bench; generated inputs are reused by later
# runs, never committed), measures seckg side by side with its baselines and
# prints a table of medians and ratios. See BENCHMARKS.md.
#
#   BENCH_SCALE=full (default: 100 MB corpus, 1M-quad graph) | small (quick try)
#   BENCH_RUNS=3     runs per measurement (medians)
#   BENCH_DIR=/tmp/seckg-bench
#
# Missing Debian packages (python3-jieba, python3-networkx, postgresql, wrk) are
# installed with apt-get, loudly. A throwaway PostgreSQL server is started
# on a loopback port and stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCALE=${BENCH_SCALE:-full}
RUNS=${BENCH_RUNS:-3}
case $SCALE in
full) MB=100 QUADS=1000000 SEGMB=4 SEGPASSES=5 PGQUADS=50000 DUR=5s EDGES=1000000 ;;
small) MB=4 QUADS=100000 SEGMB=1 SEGPASSES=2 PGQUADS=20000 DUR=2s EDGES=100000 ;;
*) echo "bench: BENCH_SCALE must be full or small" >&2; exit 2 ;;
esac
W=${BENCH_DIR:-/tmp/seckg-bench}
rm -rf "$W/log"
mkdir -p "$W/bin" "$W/log"
R=$W/results.txt
: >"$R"
PY=/usr/bin/python3
say() { printf '== %s\n' "$*" >&2; }
rec() { printf '%s\n' "$*" >>"$R"; printf '   %s\n' "$*" >&2; }

# ---------------------------------------------------------------- setup
pkgs=()
$PY -c 'import jieba' 2>/dev/null || pkgs+=(python3-jieba)
$PY -c 'import networkx' 2>/dev/null || pkgs+=(python3-networkx)
PGBIN=
for d in "$(dirname "$(command -v initdb 2>/dev/null || echo /x/x)")" /usr/lib/postgresql/*/bin /usr/local/bin; do
	[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { PGBIN=$d; break; }
done
[ -n "$PGBIN" ] || pkgs+=(postgresql)
command -v wrk >/dev/null || pkgs+=(wrk)
if [ ${#pkgs[@]} -gt 0 ]; then
	say "installing missing Debian packages with apt-get: ${pkgs[*]}"
	[ "$(id -u)" = 0 ] || { echo "bench: need root (or install ${pkgs[*]} yourself)" >&2; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${pkgs[@]}" >&2 ||
		{ apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${pkgs[@]}" >&2; }
	for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && PGBIN=$d; done
fi

say "building seckg, seckgbench and the cayley v0.7.7 CLI"
export CGO_ENABLED=1
go build -o "$W/bin/seckg" ./cmd/seckg
go build -o "$W/bin/seckgbench" ./bench/cmd/seckgbench
if [ ! -x "$W/bin/cayley" ]; then
	# Its own module: cayley's CLI needs drivers (sqlite, mysql, ...) that
	# seckg's go.mod does not carry.
	CB=$W/cayley-build
	mkdir -p "$CB"
	printf 'module cayleybuild\n\ngo 1.26\n\nrequire github.com/cayleygraph/cayley v0.7.7\n' >"$CB/go.mod"
	printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/cayleygraph/cayley/cmd/cayley"\n' >"$CB/tools.go"
	(cd "$CB" && go mod tidy >&2 && go build -o "$W/bin/cayley" github.com/cayleygraph/cayley/cmd/cayley 2>"$W/log/cayley-build.log") ||
		{ tail -20 "$W/log/cayley-build.log" >&2; exit 1; }
fi
SECKG=$W/bin/seckg SB=$W/bin/seckgbench CAYLEY=$W/bin/cayley

say "generating inputs (deterministic; reused when present)"
gen_corpus() { # dir mb seed
	[ -f "$1/.done" ] || { rm -rf "$1"; "$SB" corpus -src data/corpus -out "$1" -mb "$2" -seed "$3" >&2 && touch "$1/.done"; }
}
gen_graph() { # quads
	[ -f "$W/graph-$1.done" ] || { "$SB" graph -out "$W/graph-$1.nq" -ids "$W/ids-$1.tsv" -quads "$1" >&2 && touch "$W/graph-$1.done"; }
}
gen_corpus "$W/corpus-$MB" "$MB" 7
gen_corpus "$W/seg-$SEGMB" "$SEGMB" 9
gen_graph "$QUADS"
gen_graph "$PGQUADS"
NQ=$W/graph-$QUADS.nq NQQ=$(grep -c . "$NQ")
PGNQ=$W/graph-$PGQUADS.nq PGNQQ=$(grep -c . "$PGNQ")

PIDS=()
PGDATA=
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	if [ -n "$PGDATA" ]; then pgrun pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
field() { tr ' ' '\n' | sed -n "s/^$1=//p"; } # key=value from a line
calc() { awk "BEGIN {printf \"%.${2:-2}f\", $1}"; }
freeport() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# timed LOG CMD...: runs CMD under /usr/bin/time; LOG gets "wall user sys maxrss_kb".
timed() { local log=$1; shift; /usr/bin/time -f '%e %U %S %M' -o "$log" "$@"; }
hwm() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; } # peak RSS in kB of a live process
waiturl() { for _ in $(seq 1 600); do curl -sf -o /dev/null -X "${2:-GET}" ${3:+--data "$3"} "$1" && return 0; sleep 0.5; done; echo "bench: $1 never answered" >&2; return 1; }

# ------------------------------------------------- segmentation/extraction
SEGB=$(du -sb --exclude=.done "$W/seg-$SEGMB" | cut -f1)
# Each Go run queues the $SEGMB MB folder $SEGPASSES times over (seckgbench seg
# -passes): a steady rate over ~180 documents, not one pass over 36 files
# whose last file leaves a worker idle. These runs take seconds, so they are
# repeated at least 7 times, the four measurements interleaved: the speed of
# this shared host drifts by 20 % and more from one run to the next, so each
# extraction ratio is the median of the ratios within a run (measurements
# seconds apart), not the ratio of two medians taken from different runs.
SEGRUNS=$((RUNS > 7 ? RUNS : 7))
say "segmentation and extraction on $SEGMB MB x $SEGPASSES passes, $SEGRUNS runs each (CPU-seconds of the work, dictionaries loaded beforehand)"
for i in $(seq "$SEGRUNS"); do
	"$SB" seg -mode gojieba -workers 1 -passes "$SEGPASSES" "$W/seg-$SEGMB" >>"$W/log/seg.txt"
	"$SB" seg -mode extract -workers 1 -passes "$SEGPASSES" "$W/seg-$SEGMB" >>"$W/log/seg.txt"
	"$SB" seg -mode extract -workers 2 -passes "$SEGPASSES" "$W/seg-$SEGMB" >>"$W/log/seg.txt"
	$PY bench/pyjieba.py "$W/seg-$SEGMB" >>"$W/log/seg.txt"
done
segrates() { # mode workers wall|cpu -> MB/s of each of the last $SEGRUNS runs, in order
	grep "mode=$1 workers=$2 " "$W/log/seg.txt" | tail -n "$SEGRUNS" | while read -r l; do
		b=$(echo "$l" | field bytes) t=$(echo "$l" | field "${3}_s")
		calc "$b/1048576/$t" 6; echo
	done
}
segrate() { segrates "$@" | median | xargs printf '%.3f'; } # -> median MB/s, 3 decimals
# segpair MODE_X WORKERS_X MODE_Y WORKERS_Y wall|cpu -> the rate ratio X/Y of
# each run, in order, one per line.
segpair() { paste <(segrates "$1" "$2" "$5") <(segrates "$3" "$4" "$5") | awk '{printf "%.3f\n", $1/$2}'; }
segpr() { segpair "$@" | median | xargs printf '%.3f'; } # -> median of the per-run ratios
segspread() { segpair "$@" | sort -g | awk 'NR == 1 {a=$1} {b=$1} END {print a "-" b}'; } # -> min-max
GJ=$(segrate gojieba 1 cpu) EX1=$(segrate extract 1 cpu) PYJ=$(segrate python-jieba 1 cpu)
EXW1=$(segrate extract 1 wall) EXW2=$(segrate extract 2 wall) EXC2=$(segrate extract 2 cpu)
rec "seg gojieba_cut_hmm_MB_per_cpu_s=$GJ extract_MB_per_cpu_s=$EX1 python_jieba_MB_per_cpu_s=$PYJ"
rec "seg extract_wall_MB_s_1worker=$EXW1 extract_wall_MB_s_2workers=$EXW2 extract_2workers_MB_per_cpu_s=$EXC2"
R_GJ=$(segpr extract 1 gojieba 1 cpu) R_CORES=$(segpr extract 2 extract 1 wall) R_PY=$(segpr extract 1 python-jieba 1 cpu) R_OVER=$(segpr extract 2 extract 1 cpu)
rec "seg paired_ratios vs_gojieba=$R_GJ($(segspread extract 1 gojieba 1 cpu)) cores=$R_CORES($(segspread extract 2 extract 1 wall)) cpu_overhead=$R_OVER($(segspread extract 2 extract 1 cpu)) vs_python=$R_PY($(segspread extract 1 python-jieba 1 cpu)) ratio_of_medians_cores=$(calc "$EXW2/$EXW1" 3)"

# ------------------------------------------------------ ingest 100 MB text
CB=$(du -sb --exclude=.done "$W/corpus-$MB" | cut -f1)
say "ingest of the $MB MB corpus into bolt (1 run: it is the longest step)"
rm -rf "$W/ingest.db"
timed "$W/log/ingest.time" "$SECKG" ingest --quiet --db "$W/ingest.db" "$W/corpus-$MB" >"$W/log/ingest.out" 2>"$W/log/ingest.err" ||
	{ tail -5 "$W/log/ingest.err" >&2; echo "bench: ingest failed" >&2; }
read -r IW IU IS IM <"$W/log/ingest.time"
rec "ingest corpus_MB=$(calc "$CB/1048576" 1) wall_s=$IW cpu_s=$(calc "$IU+$IS" 1) MB_s=$(calc "$CB/1048576/$IW") peak_rss_MiB=$(calc "$IM/1024" 0) $(tr -d '\n' <"$W/log/ingest.out" | sed 's/^ingested/result: ingested/')"
rm -rf "$W/ingest.db"

# ------------------------------------------------------- bolt: import vs load
# The 1M-quad loads take minutes each: BENCH_BIG_RUNS of them (default 1 at
# full scale), and RUNS of the smaller $PGQUADS-quad graph for medians.
BIGRUNS=${BENCH_BIG_RUNS:-$([ "$SCALE" = full ] && echo 1 || echo "$RUNS")}
boltrun() { # tag nq runs
	for i in $(seq "$3"); do
		rm -rf "$W/bolt-seckg" "$W/bolt-cayley"
		timed "$W/log/$1-seckg.$i" "$SECKG" import --db "$W/bolt-seckg" "$2" >"$W/log/$1-seckg.out" 2>&1
		timed "$W/log/$1-cayley.$i" "$CAYLEY" load --init --db bolt --dbpath "$W/bolt-cayley" --load "$2" >"$W/log/$1-cayley.out" 2>&1
	done
}
tstat() { # prefix col -> median of column (1 wall, 2 user, 3 sys, 4 rss, 5 user+sys)
	for f in "$W/log/$1".[0-9]*; do awk -v c="$2" '{print (c == 5) ? $2+$3 : $c}' "$f"; done | median
}
say "bolt: seckg import vs cayley load of the same $PGNQQ quads, $RUNS runs each"
boltrun boltsmall "$PGNQ" "$RUNS"
rec "boltsmall quads=$PGNQQ seckg_wall_s=$(tstat boltsmall-seckg 1) seckg_cpu_s=$(tstat boltsmall-seckg 5) seckg_rss_MiB=$(calc "$(tstat boltsmall-seckg 4)/1024" 0) cayley_wall_s=$(tstat boltsmall-cayley 1) cayley_cpu_s=$(tstat boltsmall-cayley 5) cayley_rss_MiB=$(calc "$(tstat boltsmall-cayley 4)/1024" 0)"
say "bolt: seckg import vs cayley load of the same $NQQ quads, $BIGRUNS runs each"
boltrun bolt "$NQ" "$BIGRUNS"
BSW=$(tstat bolt-seckg 1) BSC=$(tstat bolt-seckg 5) BSM=$(tstat bolt-seckg 4)
BCW=$(tstat bolt-cayley 1) BCC=$(tstat bolt-cayley 5) BCM=$(tstat bolt-cayley 4)
rec "bolt quads=$NQQ seckg_wall_s=$BSW seckg_cpu_s=$BSC seckg_rss_MiB=$(calc "$BSM/1024" 0) cayley_wall_s=$BCW cayley_cpu_s=$BCC cayley_rss_MiB=$(calc "$BCM/1024" 0)"

# ------------------------------------------------------------ HTTP one-hop
# wrkload URL TARGET IDS CONC: one closed-loop wrk run of $DUR (wrk: far less
# CPU than a Go load generator on these cores), cycling through the ids;
# prints "load target=T conc=C requests=R errors=E rps=X p50_ms=A p99_ms=B".
# With BENCH_PIN=1 (the default on 2+ cores) the servers run on every core
# but the last (Go's GOMAXPROCS follows) and wrk, one thread, on the last, so
# that client and server do not take each other's time slices: on 2 shared
# cores that contention, not the server, made most of the p99.
NCPU=$(nproc) SRVPIN=() CLIPIN=()
if [ "${BENCH_PIN:-1}" = 1 ] && [ "$NCPU" -ge 2 ] && command -v taskset >/dev/null; then
	SRVPIN=(taskset -c "0-$((NCPU - 2))") CLIPIN=(taskset -c "$((NCPU - 1))")
fi
WRKT=${BENCH_WRK_THREADS:-$([ ${#CLIPIN[@]} -gt 0 ] && echo 1 || echo 2)}
wrkload() {
	local out
	out=$("${CLIPIN[@]}" wrk -t"$WRKT" -c"$4" -d"$DUR" --latency -s bench/wrk-neighbors.lua "$1" -- "$2" "$3" 2>&1) || { printf '%s\n' "$out" >&2; return 1; }
	printf '%s\n' "$out" >>"$W/log/wrk.txt"
	printf 'load target=%s conc=%s %s\n' "$2" "$4" "$(printf '%s\n' "$out" | grep '^requests=' | tail -1)"
}
say "HTTP: seckg neighbours and search vs cayley http Gizmo one-hop on the $NQQ-quad bolt stores (wrk -t$WRKT${CLIPIN[*]:+, servers on ${SRVPIN[*]:2}, wrk on ${CLIPIN[*]:2}}), $RUNS x $DUR per connection count"
P1=$(freeport) P2=$(freeport)
SECKG_LOG_LEVEL=WARN "${SRVPIN[@]}" "$SECKG" serve --db "$W/bolt-seckg" --addr "127.0.0.1:$P1" >"$W/log/serve.log" 2>&1 &
PIDS+=($!)
"${SRVPIN[@]}" "$CAYLEY" http --db bolt --dbpath "$W/bolt-cayley" --read_only --host "127.0.0.1:$P2" >"$W/log/cayley-http.log" 2>&1 &
PIDS+=($!)
waiturl "http://127.0.0.1:$P1/api/v1/health"
ID1=$(head -1 "$W/ids-$QUADS.tsv" | cut -f1)
waiturl "http://127.0.0.1:$P2/api/v2/query?lang=gizmo" POST "g.V(\"<seckg:e/$ID1>\").Both().All()"
NB=$(curl -s "http://127.0.0.1:$P1/api/v1/entities/$($PY -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""))' "$ID1")/neighbors" | $PY -c 'import json,sys; d=json.load(sys.stdin); print(len(d["nodes"]), "nodes", len(d["edges"]), "edges")')
GZ=$(curl -s -X POST --data "g.V(\"<seckg:e/$ID1>\").Both().All()" "http://127.0.0.1:$P2/api/v2/query?lang=gizmo" | $PY -c 'import json,sys; d=json.load(sys.stdin); print(len(d.get("result") or []), "results")')
# The search index is built by the first search (about a second at 1M
# quads): build it before timing.
curl -s -o /dev/null "http://127.0.0.1:$P1/api/v1/entities?q=warm-up"
rec "http wrk threads=$WRKT pinning servers=${SRVPIN[*]:2} wrk=${CLIPIN[*]:2}"
rec "http sample $ID1: seckg neighbours $NB; cayley gizmo Both() $GZ"
for c in 8 16 32; do
	for i in $(seq "$RUNS"); do
		wrkload "http://127.0.0.1:$P1" neighbors "$W/ids-$QUADS.tsv" "$c" >>"$W/log/http.txt"
		wrkload "http://127.0.0.1:$P1" search "$W/ids-$QUADS.tsv" "$c" >>"$W/log/http.txt"
		wrkload "http://127.0.0.1:$P2" gizmo "$W/ids-$QUADS.tsv" "$c" >>"$W/log/http.txt"
	done
done
lstat() { grep "target=$1 conc=$2 " "$W/log/http.txt" | tail -n "$RUNS" | field "$3" | median; }
for c in 8 16 32; do
	rec "http conc=$c seckg_rps=$(lstat neighbors $c rps) seckg_p50_ms=$(lstat neighbors $c p50_ms) seckg_p99_ms=$(lstat neighbors $c p99_ms) seckg_errors=$(lstat neighbors $c errors) search_rps=$(lstat search $c rps) search_p50_ms=$(lstat search $c p50_ms) search_p99_ms=$(lstat search $c p99_ms) search_errors=$(lstat search $c errors) cayley_rps=$(lstat gizmo $c rps) cayley_p50_ms=$(lstat gizmo $c p50_ms) cayley_p99_ms=$(lstat gizmo $c p99_ms) cayley_errors=$(lstat gizmo $c errors)"
done
rec "http peak_rss_MiB seckg_serve=$(calc "$(hwm "${PIDS[0]}")/1024" 0) cayley_http=$(calc "$(hwm "${PIDS[1]}")/1024" 0)"
for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
PIDS=()

# ------------------------------------------------------------- PostgreSQL
say "PostgreSQL: throwaway server; seckg import vs cayley load of $PGNQQ quads, $RUNS runs each"
PGDIR=$W/pg
rm -rf "$PGDIR" && mkdir -p "$PGDIR"
pgrun() { local b=$1; shift; if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PGBIN/$b" "$@"; else "$PGBIN/$b" "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres: "$PGDIR"
pgrun initdb -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --locale=C >"$W/log/initdb.log" 2>&1
PGPORT=$(freeport)
pgrun pg_ctl -D "$PGDIR/data" -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c max_connections=100" -l "$PGDIR/log" -w -t 60 start >/dev/null
PGDATA=$PGDIR/data
PGV=$(pgrun postgres --version)
psqlc() { psql -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -c "$1" >/dev/null; }
dsn() { echo "postgres://postgres@127.0.0.1:$PGPORT/$1?sslmode=disable"; }
for i in $(seq "$RUNS"); do
	psqlc "CREATE DATABASE s$i" && psqlc "CREATE DATABASE c$i"
	timed "$W/log/pg-seckg.$i" "$SECKG" import --db "$(dsn s$i)" "$PGNQ" >"$W/log/pg-seckg.out" 2>&1 || { cat "$W/log/pg-seckg.out" >&2; exit 1; }
	timed "$W/log/pg-cayley.$i" "$CAYLEY" load --init --db postgres --dbpath "$(dsn c$i)" --load "$PGNQ" >"$W/log/pg-cayley.out" 2>&1 || { tail -5 "$W/log/pg-cayley.out" >&2; exit 1; }
done
PSW=$(tstat pg-seckg 1) PSC=$(tstat pg-seckg 5) PCW=$(tstat pg-cayley 1) PCC=$(tstat pg-cayley 5)
rec "pg server=\"$PGV\" quads=$PGNQQ seckg_wall_s=$PSW seckg_cpu_s=$PSC cayley_wall_s=$PCW cayley_cpu_s=$PCC"
say "PostgreSQL: seckg serve on the imported database, neighbours and search at 8 connections"
P3=$(freeport)
SECKG_LOG_LEVEL=WARN "${SRVPIN[@]}" "$SECKG" serve --db "$(dsn s1)" --addr "127.0.0.1:$P3" >"$W/log/pg-serve.log" 2>&1 &
PIDS+=($!)
waiturl "http://127.0.0.1:$P3/api/v1/health"
curl -s -o /dev/null "http://127.0.0.1:$P3/api/v1/entities?q=warm-up"
for i in $(seq "$RUNS"); do
	wrkload "http://127.0.0.1:$P3" neighbors "$W/ids-$PGQUADS.tsv" 8 | sed 's/target=/target=pg-/' >>"$W/log/http.txt"
	wrkload "http://127.0.0.1:$P3" search "$W/ids-$PGQUADS.tsv" 8 | sed 's/target=/target=pg-/' >>"$W/log/http.txt"
done
# A second seckg process on the same database (the team set-up of SCALING.md)
# sees what the first holds once it opens.
P4=$(freeport)
SECKG_LOG_LEVEL=WARN "$SECKG" serve --db "$(dsn s1)" --addr "127.0.0.1:$P4" >"$W/log/pg-serve2.log" 2>&1 &
PIDS+=($!)
waiturl "http://127.0.0.1:$P4/api/v1/health"
quadsof() { curl -s "http://127.0.0.1:$1/api/v1/stats" | $PY -c 'import json,sys; d=json.load(sys.stdin); print(d["quads"])'; }
S1=$(quadsof "$P3") S2=$(quadsof "$P4")
# One write through the first process: does the second one see it?
T0=$(date +%s.%N)
PC=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary @data/corpus/cica-security-cooperation-2015.txt "http://127.0.0.1:$P3/api/v1/documents?id=bench-shared")
PT=$(calc "$(date +%s.%N) - $T0")
# The second process re-reads changed documents every 2 s (serve --refresh):
# poll it for up to 10 s and time how long it took to answer the document.
T1=$(date +%s.%N) GC=000
for _ in $(seq 1 100); do
	GC=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P4/api/v1/documents/bench-shared")
	[ "$GC" = 200 ] && break
	sleep 0.1
done
VT=$(calc "$(date +%s.%N) - $T1")
rec "pg shared post_status=$PC post_s=$PT writer_quads=$S1->$(quadsof "$P3") other_quads=$S2->$(quadsof "$P4") other_get_new_doc=$GC other_sees_it_s=$VT"
PGSM=$(hwm "${PIDS[0]}")
rec "pg http conc=8 neighbors_rps=$(lstat pg-neighbors 8 rps) neighbors_p99_ms=$(lstat pg-neighbors 8 p99_ms) search_rps=$(lstat pg-search 8 rps) search_p99_ms=$(lstat pg-search 8 p99_ms) two_processes_quads=$S1/$S2"
for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
PIDS=()
rec "pg serve peak_rss_MiB=$(calc "${PGSM:-0}/1024" 0)"
pgrun pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
PGDATA=
rm -rf "$PGDIR" "$W/bolt-seckg" "$W/bolt-cayley"

# --------------------------------------------------------------- GraphML
say "GraphML: export.Write vs networkx.write_graphml on one $EDGES-edge graph (export/bench/compare.sh)"
sh export/bench/compare.sh "$EDGES" >"$W/log/graphml.txt" 2>&1 || { tail -5 "$W/log/graphml.txt" >&2; exit 1; }
cat "$W/log/graphml.txt" >&2
GX=$(sed -n 's/^ratio seckg \/ networkx write_graphml: \([0-9.]*\)x (wall), \([0-9.]*\)x (cpu)/\1 \2/p' "$W/log/graphml.txt")
NXV=$(sed -n 's/^networkx \([^ ]*\) write_graphml:.*/\1/p' "$W/log/graphml.txt")
NXR=$(sed -n 's/^networkx [^ ]* write_graphml: .* = \([0-9,]*\) edges\/s, \([0-9,]*\) edges\/cpu-s.*/\1 \2/p' "$W/log/graphml.txt" | tr -d ,)
SXR=$(sed -n 's/^seckg export.Write graphml: \([0-9,]*\) edges\/s, \([0-9,]*\) edges\/cpu-s/\1 \2/p' "$W/log/graphml.txt" | tr -d ,)
rec "graphml edges=$EDGES networkx=$NXV seckg_edges_s=${SXR% *} seckg_edges_cpu_s=${SXR#* } networkx_edges_s=${NXR% *} networkx_edges_cpu_s=${NXR#* } ratio_wall=${GX% *} ratio_cpu=${GX#* }"

# ----------------------------------------------------------------- table
v() { grep "^$1 " "$R" | head -1 | field "$2"; }
http() { grep "^http conc=$1 " "$R" | field "$2"; }
pass() { awk -v a="$1" -v t="$2" -v d="${3:-ge}" 'BEGIN { if (a == "" || a == "nan") print "n/a"; else if ((d == "ge" && a+0 >= t+0) || (d == "le" && a+0 <= t+0)) print "meets"; else print "BELOW" }'; }
# Three decimals: a verdict on a ratio rounded to two called 1.795 ">=1.8".
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b+0 == 0) print "nan"; else printf "%.3f", a/b }'; }
R_BOLT=$(ratio "$BCW" "$BSW") R_BOLTC=$(ratio "$BCC" "$BSC")
R_PG=$(ratio "$PCW" "$PSW") R_PGC=$(ratio "$PCC" "$PSC")
R_H8=$(ratio "$(http 8 seckg_rps)" "$(http 8 cayley_rps)")
R_H16=$(ratio "$(http 16 seckg_rps)" "$(http 16 cayley_rps)")
R_H32=$(ratio "$(http 32 seckg_rps)" "$(http 32 cayley_rps)")
IRSS=$(v ingest peak_rss_MiB)
{
	echo
	echo "seckg make bench ($SCALE scale, medians of $RUNS runs unless noted) on $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "corpus $MB MB (seg sample $SEGMB MB queued $SEGPASSES times per run, $SEGRUNS runs; extraction ratios are medians of the per-run ratios), graph $NQQ quads (PostgreSQL: $PGNQQ quads), HTTP $DUR per run"
	printf '%-58s %14s %14s %8s %8s %s\n' measure seckg baseline ratio target verdict
	printf '%-58s %14s %14s %8s %8s %s\n' "extraction vs gojieba Cut+HMM, MB per CPU-s (1 core)" "$EX1" "$GJ" "$R_GJ" ">=1.0" "$(pass "$R_GJ" 1.0)"
	printf '%-58s %14s %14s %8s %8s %s\n' "extraction 2 workers vs 1, MB/s wall" "$EXW2" "$EXW1" "$R_CORES" ">=1.8" "$(pass "$R_CORES" 1.8)"
	printf '%-58s %14s %14s %8s %8s %s\n' "extraction 2 workers vs 1: range of the per-run ratios" "-" "-" "$(segspread extract 2 extract 1 wall)" report "-"
	printf '%-58s %14s %14s %8s %8s %s\n' "extraction 2 workers vs 1, MB per CPU-s (overhead check)" "$EXC2" "$EX1" "$R_OVER" report "-"
	printf '%-58s %14s %14s %8s %8s %s\n' "extraction vs python3-jieba cut, MB per CPU-s" "$EX1" "$PYJ" "$R_PY" report "-"
	printf '%-58s %14s %14s %8s %8s %s\n' "bolt at $NQQ quads ($BIGRUNS run(s)): quads/s wall" "$(calc "$NQQ/$BSW" 0)" "$(calc "$NQQ/$BCW" 0)" "$R_BOLT" ">=1.5" "$(pass "$R_BOLT" 1.5)"
	printf '%-58s %14s %14s %8s %8s %s\n' "bolt at $NQQ quads: quads per CPU-s" "$(calc "$NQQ/$BSC" 0)" "$(calc "$NQQ/$BCC" 0)" "$R_BOLTC" ">=1.5" "$(pass "$R_BOLTC" 1.5)"
	printf '%-58s %14s %14s %8s %8s %s\n' "bolt at $NQQ quads: peak RSS MiB" "$(v bolt seckg_rss_MiB)" "$(v bolt cayley_rss_MiB)" "$(ratio "$(v bolt seckg_rss_MiB)" "$(v bolt cayley_rss_MiB)")" "<1.0" "$(pass "$(ratio "$(v bolt seckg_rss_MiB)" "$(v bolt cayley_rss_MiB)")" 0.999 le)"
	bs() { v boltsmall "$1"; }
	r1=$(ratio "$(bs cayley_wall_s)" "$(bs seckg_wall_s)") r2=$(ratio "$(bs cayley_cpu_s)" "$(bs seckg_cpu_s)") r3=$(ratio "$(bs seckg_rss_MiB)" "$(bs cayley_rss_MiB)")
	printf '%-58s %14s %14s %8s %8s %s\n' "bolt at $PGNQQ quads ($RUNS runs): quads/s wall" "$(calc "$PGNQQ/$(bs seckg_wall_s)" 0)" "$(calc "$PGNQQ/$(bs cayley_wall_s)" 0)" "$r1" ">=1.5" "$(pass "$r1" 1.5)"
	printf '%-58s %14s %14s %8s %8s %s\n' "bolt at $PGNQQ quads: quads per CPU-s" "$(calc "$PGNQQ/$(bs seckg_cpu_s)" 0)" "$(calc "$PGNQQ/$(bs cayley_cpu_s)" 0)" "$r2" ">=1.5" "$(pass "$r2" 1.5)"
	printf '%-58s %14s %14s %8s %8s %s\n' "bolt at $PGNQQ quads: peak RSS MiB" "$(bs seckg_rss_MiB)" "$(bs cayley_rss_MiB)" "$r3" "<1.0" "$(pass "$r3" 0.999 le)"
	printf '%-58s %14s %14s %8s %8s %s\n' "postgres: seckg import vs cayley load, quads/s wall" "$(calc "$PGNQQ/$PSW" 0)" "$(calc "$PGNQQ/$PCW" 0)" "$R_PG" ">=3" "$(pass "$R_PG" 3)"
	printf '%-58s %14s %14s %8s %8s %s\n' "postgres: same, quads per CPU-s (client process)" "$(calc "$PGNQQ/$PSC" 0)" "$(calc "$PGNQQ/$PCC" 0)" "$R_PGC" report "-"
	printf '%-58s %14s %14s %8s %8s %s\n' "postgres: neighbours p99 ms / req/s (8 conns)" "$(v 'pg http' neighbors_p99_ms)" "$(v 'pg http' neighbors_rps)" "-" report "-"
	printf '%-58s %14s %14s %8s %8s %s\n' "postgres: 2nd process after a POST to the 1st (quads)" "$(v 'pg shared' other_quads)" "$(v 'pg shared' writer_quads)" "-" report "$(v 'pg shared' other_quads | awk -F'->' -v t="$(v 'pg shared' other_sees_it_s)" '{print ($1 == $2) ? "stale after 10 s" : "sees it after " t " s"}')"
	printf '%-58s %14s %14s %8s %8s %s\n' "postgres: search p99 ms / req/s (8 conns)" "$(v 'pg http' search_p99_ms)" "$(v 'pg http' search_rps)" "-" report "-"
	for c in 8 16 32; do
		rr=$(ratio "$(http $c seckg_rps)" "$(http $c cayley_rps)")
		printf '%-58s %14s %14s %8s %8s %s\n' "HTTP neighbours vs cayley http Gizmo one-hop, req/s, $c conns" "$(http $c seckg_rps)" "$(http $c cayley_rps)" "$rr" ">=2" "$(pass "$rr" 2)"
		printf '%-58s %14s %14s %8s %8s %s\n' "HTTP p99 ms, $c conns (seckg <= 5 ms)" "$(http $c seckg_p99_ms)" "$(http $c cayley_p99_ms)" "-" "<=5" "$(pass "$(http $c seckg_p99_ms)" 5 le)"
		printf '%-58s %14s %14s %8s %8s %s\n' "HTTP p50 ms, $c conns" "$(http $c seckg_p50_ms)" "$(http $c cayley_p50_ms)" "-" report "-"
		printf '%-58s %14s %14s %8s %8s %s\n' "HTTP search ?q=NAME p99 ms / req/s, $c conns" "$(http $c search_p99_ms)" "$(http $c search_rps)" "-" report "-"
	done
	printf '%-58s %14s %14s %8s %8s %s\n' "HTTP servers' peak RSS MiB (seckg serve / cayley http)" "$(v 'http peak_rss_MiB' seckg_serve)" "$(v 'http peak_rss_MiB' cayley_http)" "-" report "-"
	printf '%-58s %14s %14s %8s %8s %s\n' "GraphML export vs networkx $NXV write_graphml, edges/s wall" "$(v graphml seckg_edges_s)" "$(v graphml networkx_edges_s)" "$(v graphml ratio_wall)" ">=6" "$(pass "$(v graphml ratio_wall)" 6)"
	printf '%-58s %14s %14s %8s %8s %s\n' "GraphML same, edges per CPU-s" "$(v graphml seckg_edges_cpu_s)" "$(v graphml networkx_edges_cpu_s)" "$(v graphml ratio_cpu)" ">=6" "$(pass "$(v graphml ratio_cpu)" 6)"
	printf '%-58s %14s %14s %8s %8s %s\n' "ingest $MB MB text into bolt: peak RSS MiB (1 run)" "$IRSS" "-" "-" "<=1024" "$(pass "$IRSS" 1024 le)"
	printf '%-58s %14s %14s %8s %8s %s\n' "ingest $MB MB text into bolt: MB/s wall, CPU-s (1 run)" "$(v ingest MB_s)" "$(v ingest cpu_s)" "-" report "-"
	echo
	echo "Wall-clock figures are noisy: the machine is shared (see the load average); per-CPU-second figures are steadier."
	echo "Raw results: $R; logs: $W/log"
} | tee -a "$R"
