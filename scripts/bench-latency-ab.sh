#!/usr/bin/env bash
# Keystroke latency of two (or more) server binaries, side by side: runs
# examples/lsp-latency on each in turn, RUNS times, and prints for each
# binary the median of the runs' medians and every run, for the baseline
# round trip, the typical report and the 1 MB report. One run's median moves
# by ±25 % on a shared 2-core machine, more than most changes, so compare
# binaries in one session, alternated, never against an older figure.
#
# Usage: scripts/bench-latency-ab.sh RUNS BINARY... (each an `nianbao` built
# with `--profile profiling` or `--release`; copy a build aside before
# building the next). The memory run is kept short (1,000 edits).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:?usage: $0 RUNS BINARY...}
shift
[ $# -ge 1 ] || { echo "usage: $0 RUNS BINARY..." >&2; exit 2; }
latency=target/profiling/examples/lsp-latency
[ -x "$latency" ] || cargo build -q --profile profiling -p nianbao --example lsp-latency
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for _ in $(seq "$runs"); do
  for bin in "$@"; do
    "$latency" "$bin" 1000 1000 | awk -F'|' -v b="$bin" '
      /baseline/             { print b "\tbaseline\t" $3 }
      /typical report \(/    { print b "\ttypical\t" $3 }
      /1 MB report \(/       { print b "\t1 MB\t" $3 }' >>"$results"
  done
done
printf '| binary | measure | median of %s runs | each run (sorted) |\n| --- | --- | --- | --- |\n' "$runs"
for bin in "$@"; do
  for m in baseline typical "1 MB"; do
    vals=$(awk -F'\t' -v b="$bin" -v m="$m" '$1 == b && $2 == m { split($3, a, " "); print a[1] }' "$results" | sort -g)
    n=$(echo "$vals" | wc -l)
    med=$(echo "$vals" | awk -v n="$n" 'NR == int((n + 1) / 2) { lo = $1 } NR == int(n / 2) + 1 { hi = $1 } END { printf "%.3f", (lo + hi) / 2 }')
    printf '| %s | %s | %s ms | %s |\n' "$bin" "$m" "$med" "$(echo "$vals" | tr '\n' ' ' | sed 's/ $//')"
  done
done
