#!/usr/bin/env bash
# Reproduce docs/performance.md: corpus throughput (criterion), process wall
# time of one check (hyperfine) and peak memory on a 10 MB report.
# and the language server: where a keystroke's time goes (criterion), the
# latency of didChange -> publishDiagnostics through a real process and its
# memory (examples/lsp-latency.rs).
# Usage: scripts/bench.sh            (about 8 minutes on 2 cores)
#        NIANBAO_BENCH_REPORTS=1000 scripts/bench.sh   (quick look)
# Needs hyperfine (apt-get install hyperfine), jq and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench
mkdir -p "$out"

for tool in hyperfine jq /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done

echo "## machine"
echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (dirty)')"
echo "cores: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "ram: $(free -h | awk '/^Mem:/ {print $2}'); $(rustc --version)"

cargo build --release -p nianbao --bin nianbao --example gen-corpus --example lsp-latency

echo "## corpus throughput (criterion)"
cargo bench -p nianbao --bench check -- --noplot 2>&1 | tee "$out/criterion.txt" \
  | grep -E '^corpus:|^corpus/|thrpt:'

mbps() { # MB/s (10^6 bytes) from criterion's mean
  local d=target/criterion/corpus/$1/new
  jq -n --slurpfile e "$d/estimates.json" --slurpfile b "$d/benchmark.json" \
    '$b[0].throughput.Bytes / $e[0].mean.point_estimate * 1e3'
}
parse=$(mbps parse); model=$(mbps model); check=$(mbps check)

echo "## one report as a process (hyperfine)"
# Exit status 1 means "errors found" (the example has some): not a failure here.
hyperfine -N -i --warmup 10 --runs 100 --export-json "$out/hyperfine.json" \
  "target/release/nianbao check examples/gongnong-2021.nianbao"
wall_ms=$(jq '.results[0].mean * 1e3' "$out/hyperfine.json")
wall_sd=$(jq '.results[0].stddev * 1e3' "$out/hyperfine.json")

echo "## 10 MB report: time and peak memory"
big=$out/big-10mb.nianbao
target/release/examples/gen-corpus --big 10000000 "$big"
/usr/bin/time -v target/release/nianbao check "$big" >/dev/null 2>"$out/time-v.txt" || true
rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$out/time-v.txt")
big_wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/time-v.txt")

{
  printf '| measure | result |\n| --- | --- |\n'
  printf '| parse (tree-sitter only) | %.1f MB/s |\n' "$parse"
  printf '| model (parse + Document) | %.1f MB/s |\n' "$model"
  printf '| whole check | %.1f MB/s |\n' "$check"
  printf '| check time / parse time | %.2f× |\n' "$(jq -n "$parse / $check")"
  printf '| `nianbao check examples/gongnong-2021.nianbao` | %.2f ms ± %.2f ms |\n' "$wall_ms" "$wall_sd"
  printf '| 10 MB report (%s bytes): wall time | %s |\n' "$(stat -c %s "$big")" "$big_wall"
  printf '| 10 MB report: peak RSS | %.1f MB |\n' "$(jq -n "$rss_kb / 1024")"
} | tee "$out/summary.md"

echo "## language server: split of one keystroke (criterion)"
cargo bench -p nianbao --bench lsp -- --noplot 2>&1 | tee "$out/criterion-lsp.txt" | grep -E '^lsp-|time:'
us() { jq '.mean.point_estimate / 1e3' "target/criterion/$1/new/estimates.json"; }
{
  printf '| step (one keystroke) | typical report | 1 MB report |\n| --- | --- | --- |\n'
  for step in reparse check check-reusing serialize; do
    printf '| %s | %.1f µs | %.1f µs |\n' "$step" "$(us lsp-typical/$step)" "$(us lsp-1mb/$step)"
  done
} | tee "$out/summary-lsp-split.md"

echo "## language server: end-to-end latency and memory"
target/release/examples/lsp-latency target/release/nianbao "${NIANBAO_BENCH_EDITS:-1000}" \
  | tee "$out/summary-lsp.md"

echo "## import on the corpus (criterion)"
cargo bench -p nianbao --bench import -- --noplot 2>&1 | tee "$out/criterion-import.txt" | grep -E '^import/|time:|thrpt:'
