#!/usr/bin/env bash
# `nianbao review` of 1,000 reports in mixed forms, timed beside the work it
# is made of, in one run on one machine (docs/performance.md, "Issue 14"):
#   review -o SITE          the whole review: read/import, pair, check, pages
#   review --figures json   the same without the pages
#   import alone            every non-.nianbao file through `nianbao import`
#                           (one process per file, two at a time: both cores)
#   check after import      `check` of the same 1,003 reports as .nianbao
#
#   bash scripts/bench-review.sh [RUNS]      # default 5 runs each (hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
runs=${1:-5}

command -v hyperfine >/dev/null || cargo install --locked -q hyperfine
cargo build --locked --release -q -p nianbao --bin nianbao --example gen-review
target="${CARGO_TARGET_DIR:-$PWD/target}"
bin="$target/release/nianbao"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
reports="$work/reports"
# As scripts/test-review.sh: every tenth report as a web page, every tenth
# as Word; and the three real PDFs.
"$target/release/examples/gen-review" "$reports" 1000
for f in "$reports"/r???3-*.nianbao; do "$bin" render "$f" -o "${f%.nianbao}.html" 2>/dev/null; rm "$f"; done
for f in "$reports"/r???7-*.nianbao; do "$bin" render --format docx "$f" -o "${f%.nianbao}.docx" 2>/dev/null; rm "$f"; done
cp tests/fixtures/real/*.pdf "$reports/"
printf 'forms: %s .nianbao, %s .html, %s .docx, %s .pdf\n' \
  "$(find "$reports" -name '*.nianbao' | wc -l)" "$(find "$reports" -name '*.html' | wc -l)" \
  "$(find "$reports" -name '*.docx' | wc -l)" "$(find "$reports" -name '*.pdf' | wc -l)"

# The same reports, all as .nianbao, for `check`.
imported="$work/imported"
mkdir -p "$imported"
cp "$reports"/*.nianbao "$imported/"
find "$reports" -name '*.html' -o -name '*.docx' -o -name '*.pdf' | while read -r f; do
  base=$(basename "$f"); "$bin" import "$f" -o "$imported/${base%.*}.nianbao" 2>/dev/null
done

cat >"$work/import-all.sh" <<SH
find "$reports" -name '*.html' -o -name '*.docx' -o -name '*.pdf' | xargs -P2 -I{} "$bin" import {} >/dev/null 2>&1 || true
SH

hyperfine --runs "$runs" --warmup 1 -N --ignore-failure --export-markdown "$work/bench.md" \
  -n "review -o SITE (1,003 reports)" "$bin review $reports -o $work/site -q" \
  -n "review --figures json (no pages)" "$bin review $reports --figures json -q" \
  -n "import alone (203 files, a process each)" "bash $work/import-all.sh" \
  -n "check after import (1,003 .nianbao)" "$bin check $imported --format json -q"
cat "$work/bench.md"
