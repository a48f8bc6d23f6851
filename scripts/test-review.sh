#!/usr/bin/env bash
# Headless Chromium test of `nianbao review`: a folder of 1,000 generated
# reports over three years (gen-review: chained numbers, known defects,
# similar agency names, a share converted to HTML and Word), the real
# fixtures (.nianbao, PDF, text) and inputs that are no report, reviewed into
# a site that scripts/review/test.mjs opens from file:// and holds to
# `nianbao check` (sorting, filtering, every page, findings, cross-year
# pairing, charts). Installs Debian's chromium and fonts-noto-cjk and the npm
# module playwright-core when missing; fails (never skips) when it cannot run.
#
#   bash scripts/test-review.sh                   # test
#   bash scripts/test-review.sh --update-images   # also refresh docs/images/review-*.png
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
update=false
[[ "${1:-}" == "--update-images" ]] && update=true

fail() { printf 'test-review: FAIL: %s\n' "$*" >&2; exit 1; }
step() { printf '== %s\n' "$*"; }

# shellcheck source=scripts/chromium-lib.sh
source scripts/chromium-lib.sh
need_chromium test-review
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
((node_major >= 20)) || fail "Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))"

step "npm modules (playwright-core)"
npm_dir=scripts/review
stamp="$npm_dir/node_modules/.nianbao-lock"
if ! cmp -s "$npm_dir/package-lock.json" "$stamp"; then
  (cd "$npm_dir" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in $npm_dir"
  cp "$npm_dir/package-lock.json" "$stamp"
fi

step "build nianbao and gen-review (debug)"
cargo build --locked -q -p nianbao --bin nianbao --example gen-review
target="${CARGO_TARGET_DIR:-$root/target}"
bin="$target/debug/nianbao"
gen="$target/debug/examples/gen-review"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
reports="$work/reports"

step "1,000 generated reports, 2022–2024; every tenth as HTML, every tenth as Word"
"$gen" "$reports" 1000 --manifest "$work/manifest.json"
for f in "$reports"/r???3-*.nianbao; do
  "$bin" render "$f" -o "${f%.nianbao}.html" >/dev/null 2>&1 || fail "render $f"
  rm "$f"
done
for f in "$reports"/r???7-*.nianbao; do
  "$bin" render --format docx "$f" -o "${f%.nianbao}.docx" >/dev/null 2>&1 || fail "render --format docx $f"
  rm "$f"
done

step "the real reports, each in one form (.nianbao where transcribed, else the PDF, else the text)"
mkdir -p "$reports/real"
for source in tests/fixtures/real/*.source; do
  slug=${source%.source}
  for form in nianbao pdf txt; do
    if [[ -f "$slug.$form" ]]; then cp "$slug.$form" "$reports/real/"; break; fi
  done
done
cp examples/*.nianbao "$reports/real/"

step "inputs that are no report, and two files of one agency and year"
mkdir -p "$reports/bad"
printf '床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n' >"$reports/bad/不是年报.txt"
printf 'PK\003\004 这不是一个完整的 Word 文档' >"$reports/bad/损坏的文档.docx"
mkdir -p "$reports/dup"
# Another 新收 in the copy: two reports of one agency and year, not one in two files.
sed 's/^| 一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |$/| 一、本年新收政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |/' \
  examples/gongnong-2021.nianbao >"$reports/dup/gongnong-2021-副本.nianbao"
cmp -s examples/gongnong-2021.nianbao "$reports/dup/gongnong-2021-副本.nianbao" && fail "the copy under dup/ should differ"
printf '%s files in %s\n' "$(find "$reports" -type f | wc -l)" "$reports"

step "nianbao review"
# The folder has errors (exit 1) and inputs that cannot be reviewed, which
# take precedence (exit 2): the review completes all the same.
site="$work/site"
start=$(date +%s%N)
status=0
# Run in $work: the pages name the files as given (reports/…), the same on every run.
(cd "$work" && "$bin" review reports -o site >review.out 2>review.err) || status=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "   exit $status in $ms ms"
((status == 2)) || { tail -20 "$work/review.err" >&2; fail "nianbao review exited $status, want 2 (some inputs are no report)"; }
[[ -f "$site/index.html" ]] || fail "nianbao review wrote no $site/index.html"
status=0
"$bin" review "$reports/real" -o "$work/site-real" >/dev/null 2>&1 || status=$?
((status == 1)) || fail "nianbao review of the real reports exited $status, want 1 (they have errors)"

step "the site in headless Chromium (scripts/review/test.mjs)"
node "$npm_dir/test.mjs" --site "$site" --reports "$reports" --cwd "$work" \
  --manifest "$work/manifest.json" --nianbao "$bin" --screenshots "$work/shots" || fail "the review site does not do what it must"

for name in review-index review-report; do
  size=$(stat -c %s "$work/shots/$name.png" 2>/dev/null || echo 0)
  ((size > 20000)) || fail "screenshot $name.png is empty or blank ($size bytes)"
done
if $update; then
  mkdir -p docs/images
  cp "$work/shots/review-index.png" "$work/shots/review-report.png" docs/images/
  echo "   saved docs/images/review-index.png, docs/images/review-report.png"
fi
echo "test-review: ok"
