#!/usr/bin/env bash
# Run the fuzz targets under fuzz/ (cargo fuzz, libFuzzer, AddressSanitizer
# for the C parser) for a set time each, seeded from the examples and test
# fixtures, and print a table of executions and findings.
#
#   scripts/fuzz.sh                 every target for 60 s (what scripts/test.sh runs)
#   scripts/fuzz.sh 600             every target for 10 minutes (docs/robustness.md)
#   scripts/fuzz.sh 600 lsp fmt     chosen targets
#
# A crash leaves its input in fuzz/artifacts/TARGET/ and makes the script
# fail; turn it into a regression test (tests/fixtures/regressions/) before
# fixing it. Needs cargo-fuzz (installed when missing) and runs on stable
# Rust through RUSTC_BOOTSTRAP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^nianbao-fuzz$')
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --version 0.13.2
export RUSTC_BOOTSTRAP=1

# Seeds: every report the project has, as text.
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  find examples tests/fixtures -name '*.nianbao' -size -256k -print0 |
    while IFS= read -r -d '' f; do
      cp "$f" "fuzz/corpus/$t/seed-$(printf '%s' "$f" | md5sum | cut -c1-12)"
    done
  # The docx target's input is word/document.xml: the committed Word files'.
  if [ "$t" = docx ]; then
    find tests/fixtures -name '*.docx' -print0 |
      while IFS= read -r -d '' f; do
        python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("word/document.xml"))' "$f" \
          >"fuzz/corpus/$t/docx-$(printf '%s' "$f" | md5sum | cut -c1-12)" 2>/dev/null || true
      done
  fi
  if [ -d /work/shared/corpus/real ] && [ "$t" = import ]; then
    cp /work/shared/corpus/real/* "fuzz/corpus/$t/" 2>/dev/null || true
  fi
done

(cd fuzz && cargo fuzz build -O -a)
status=0
summary=$(mktemp)
printf '| target | seconds | executions | exec/s | corpus | result |\n| --- | --- | --- | --- | --- | --- |\n' >"$summary"
for t in "${targets[@]}"; do
  log=fuzz/artifacts/$t-${secs}s.log
  mkdir -p fuzz/artifacts
  echo "== fuzz $t for ${secs}s"
  # Short runs (the test command's) use a fixed seed, so CI explores the
  # same inputs each time; long runs a random one, to find new ones.
  seed=0
  if [ "$secs" -le 120 ]; then seed=1; fi
  if (cd fuzz && cargo fuzz run -O -a "$t" -- -max_total_time="$secs" -rss_limit_mb=4096 \
      -timeout=30 -max_len=65536 -seed="$seed" -print_final_stats=1) >"$log" 2>&1; then
    result=ok
  else
    result="FAILED (see $log and fuzz/artifacts/$t/)"
    status=1
    tail -40 "$log"
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
  printf '| %s | %s | %s | %s | %s | %s |\n' "$t" "$secs" "${runs:-?}" "${rate:-?}" "$corpus" "$result" >>"$summary"
done
cat "$summary"
exit $status
