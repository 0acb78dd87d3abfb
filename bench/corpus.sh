#!/usr/bin/env bash
# bench/corpus.sh: the corpus table of docs/performance.md. Runs every program in corpus/ on Piglet's
# engines (steady state in a warm JVM, and whole `run` processes with JVM start) beside two peers measured
# in the same run: the C reference pigletvm (all its engines; the table shows its fastest) and pvm2c.py's
# C translation compiled with gcc -O2. Prints Markdown tables on stdout; progress and raw lines on stderr.
#
#   bench/corpus.sh [options] [PROGRAM...]            (no program: all 24)
#     --ref PATH        use this C reference binary (default: build ../shared/peers/pigletvm-ref)
#     --peers DIR       where pigletvm-ref/ and pvm2c.py are (default: ../shared/peers of the checkout)
#     --engines a,b     Piglet engines for the steady-state table (default: every registered engine)
#     --jvms N          warm JVMs per program and engine, the table showing their median (default 3)
#     --no-process      skip the whole-process columns      --no-peers  skip both peers
#     --raw FILE        keep the raw measurements (TSV; bench.CorpusTable FILE re-renders them)
#
# A missing peer is skipped with a message. Needs JDK 25 (found like ./piglet does), Maven for the build,
# and for the peers gcc and python3. About 10-15 minutes on 2 quiet cores.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
peers="$root/../shared/peers"
ref=""
engines=""
process=1
use_peers=1
raw=""
jvms=3
programs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --ref) ref=$2; shift 2 ;;
    --peers) peers=$2; shift 2 ;;
    --engines) engines=$2; shift 2 ;;
    --no-process) process=0; shift ;;
    --no-peers) use_peers=0; shift ;;
    --raw) raw=$2; shift 2 ;;
    --jvms) jvms=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    -*) echo "corpus.sh: unknown option $1" >&2; exit 2 ;;
    *) programs+=("$1"); shift ;;
  esac
done
if [ ${#programs[@]} -eq 0 ]; then
  mapfile -t programs < <(tail -n +2 "$root/corpus/MANIFEST.tsv" | cut -f1)
fi

jdk=""
for d in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [ -n "$d" ] && [ -x "$d/bin/java" ] && [ -f "$d/release" ] || continue
  v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$d/release" | head -n 1)
  if [ "${v:-0}" -ge 25 ]; then jdk=$d; break; fi
done
[ -n "$jdk" ] || { echo "corpus.sh: no JDK 25 found; set JAVA_HOME" >&2; exit 1; }
java="$jdk/bin/java"

work=$(mktemp -d "${TMPDIR:-/tmp}/piglet-corpus.XXXXXX")
trap 'rm -rf "$work"' EXIT
out=${raw:-$work/raw.tsv}
: > "$out"
log() { echo "corpus.sh: $*" >&2; }
ms_now() { date +%s%N; }

log "building runtime.jar and benchmarks.jar"
(cd "$root" && JAVA_HOME="$jdk" mvn -B -q -Dstyle.color=never -DskipTests -pl bench -am package) >&2
bench_jar="$root/bench/target/benchmarks.jar"
runtime_jar="$root/runtime/target/runtime.jar"
"$root/piglet" engines >/dev/null  # builds the launcher's start-up cache now, not inside a timed run

# The C reference's time per run on its fastest engine when the corpus was made: sizes the repetitions.
manifest_ms() { awk -F'\t' -v p="$1" '$1 == p { print $6 }' "$root/corpus/MANIFEST.tsv"; }
reps_for() {  # reps_for PROGRAM TARGET_MS DIVISOR: runs to fill about TARGET_MS on an engine DIVISOR x faster
  awk -v m="$(manifest_ms "$1")" -v t="$2" -v d="$3" 'BEGIN { r = int(t / (m / d)) + 1; print (r < 1 ? 1 : r) }'
}

# --- Peers ------------------------------------------------------------------------------------------
if [ $use_peers = 1 ]; then
  if [ -z "$ref" ]; then
    if [ -x "$peers/pigletvm-ref/build.sh" ] && command -v gcc >/dev/null; then
      ref=$("$peers/pigletvm-ref/build.sh" "$work/ref" | tail -n 1)
    else
      log "no C reference column: $peers/pigletvm-ref not found (give --ref PATH or --peers DIR)"
    fi
  fi
  [ -z "$ref" ] || [ -x "$ref" ] || { log "no C reference column: $ref is not executable"; ref=""; }
  pvm2c="$peers/pvm2c.py"
  if [ ! -f "$pvm2c" ] || ! command -v python3 >/dev/null || ! command -v gcc >/dev/null; then
    log "no gcc column: needs $pvm2c, python3 and gcc"
    pvm2c=""
  fi
  for p in "${programs[@]}"; do
    bin="$root/corpus/$p.bin"
    if [ -n "$ref" ]; then
      # runtimes prints whole milliseconds per engine for N runs: N fills ~60 ms on the fastest engine;
      # short programs are repeated three times (median), long ones run once per engine.
      n=$(reps_for "$p" 60 1)
      repeats=$([ "$n" -gt 1 ] && echo 3 || echo 1)
      log "reference: $p x$n ($repeats times)"
      for _ in $(seq "$repeats"); do
        "$ref" runtimes "$bin" "$n" 2>&1 >/dev/null | sed -n 's/^PROFILE: \(.*\) finished took \([0-9]*\)ms$/\1\t\2/p' \
          | awk -F'\t' -v p="$p" -v n="$n" '{ printf "ref\t%s\t%s\t%.6f\n", p, $1, $2 / n }' >> "$out" || true
      done
    fi
    if [ -n "$pvm2c" ]; then
      python3 "$pvm2c" "$bin" "$work/$p.c" && gcc -O2 -o "$work/$p" "$work/$p.c" 2>"$work/gcc.err" || {
        log "gcc: $p did not translate or compile: $(head -n 1 "$work/gcc.err")"; continue; }
      n=$(reps_for "$p" 100 4)
      log "gcc -O2: $p x$n (3 times, with and without PRINT)"
      for print in 1 0; do
        mode=$([ $print = 1 ] && echo print || echo noprint)
        for _ in 1 2 3; do
          "$work/$p" "$n" "$print" 2>&1 >/dev/null | sed -n 's/^PROFILE: .* took \([0-9.]*\) ms.*/\1/p' \
            | awk -v p="$p" -v n="$n" -v m="$mode" '{ printf "gcc\t%s\t%s\t%.6f\n", p, m, $1 / n }' >> "$out" || true
        done
      done
    fi
  done
fi

# --- Piglet, steady state: warm JVMs, one per program and engine ----------------------------------------
# (Engines share compiled classes and HotSpot's profiles of them: `tiered` and `jit` run the same generated
# methods, so one measured after the other in the same JVM would inherit its compilations.) Several JVMs per
# cell, the table showing their median: what C2 makes of a generated method depends on the profile it has
# when it compiles, and the same program's steady state can differ several-fold from one JVM to the next.
# The JVMs get the HotSpot options the ./piglet launcher adds (`piglet --jvm-options`), as a user of the
# launcher or a host following docs/embedding.md runs with.
mapfile -t speed_options < <("$root/piglet" --jvm-options)
jvm=(--enable-preview --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow "${speed_options[@]}")
if [ -n "$engines" ]; then
  IFS=, read -r -a engine_list <<< "$engines"
else
  mapfile -t engine_list < <("$root/piglet" engines)
fi
for p in "${programs[@]}"; do
  log "steady state: $p"
  for e in "${engine_list[@]}"; do
    for ((j = 0; j < jvms; j++)); do
      "$java" "${jvm[@]}" -cp "$bench_jar" dev.piglet.bench.CorpusSteady --engines "$e" "$p" | tee -a "$out" >&2
    done
  done
done

# --- Piglet, whole processes (JVM start included) -----------------------------------------------------
# java-jar: `java --enable-preview -jar runtime.jar run FILE`, as the README shows it without the launcher.
# piglet: the ./piglet launcher (its AOT start-up cache).
if [ $process = 1 ]; then
  timed() {  # timed MODE PROGRAM COMMAND...
    local mode=$1 p=$2 t0 t1
    shift 2
    t0=$(ms_now)
    "$@" > /dev/null 2>&1 < /dev/null || true
    t1=$(ms_now)
    awk -v p="$p" -v m="$mode" -v a="$t0" -v b="$t1" 'BEGIN { printf "process\t%s\t%s\t%.3f\n", p, m, (b - a) / 1e6 }' >> "$out"
  }
  for p in "${programs[@]}"; do
    log "whole process: $p"
    bin="$root/corpus/$p.bin"
    for _ in 1 2 3; do
      timed java-jar "$p" "$java" --enable-preview -jar "$runtime_jar" run "$bin"
      timed piglet "$p" "$root/piglet" run "$bin"
    done
  done
fi

echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)."
echo
"$java" -cp "$bench_jar" dev.piglet.bench.CorpusTable "$out"
