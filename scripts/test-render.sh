#!/usr/bin/env bash
# Headless Chromium test of `nianbao render`: the official tables' merged
# cells measured in a real browser (scripts/render/measure.js, against
# shared/reference/domain.md §2.3 and §3.3), and a screenshot of 表三.
# Installs Debian's chromium and fonts-noto-cjk when missing; fails (never
# skips) when it cannot run.
#
#   bash scripts/test-render.sh                  # test
#   bash scripts/test-render.sh --update-image   # also refresh docs/images/render-table3.png
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
update=false
[[ "${1:-}" == "--update-image" ]] && update=true

fail() { printf 'test-render: FAIL: %s\n' "$*" >&2; exit 1; }

# shellcheck source=scripts/chromium-lib.sh
source scripts/chromium-lib.sh
need_chromium test-render

cargo build --locked -q -p nianbao
bin="${CARGO_TARGET_DIR:-target}/debug/nianbao"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Each Chromium gets its own profile: other runs may be going on.
browser() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$work/profile-$RANDOM$RANDOM" "$@" 2>"$work/chromium.log"
}

# The example (2021 edition, real defects) and the 2019 fixture.
for input in examples/gongnong-2021.nianbao tests/fixtures/valid-2019.nianbao; do
  name=$(basename "$input" .nianbao)
  "$bin" render "$input" -o "$work/$name.html" 2>/dev/null || fail "render $input"
  # The page itself has no script; the measuring copy gets one.
  { sed 's#</body>##; s#</html>##' "$work/$name.html"
    printf '<script>\n'; cat scripts/render/measure.js; printf '</script>\n</body>\n</html>\n'
  } >"$work/$name-measure.html"
  browser --window-size=1200,4000 --virtual-time-budget=5000 --dump-dom \
    "file://$work/$name-measure.html" >"$work/$name.dom" \
    || { cat "$work/chromium.log" >&2; fail "chromium could not load $name"; }
  result=$(perl -0ne 'print $1 if m{<pre id="nb-measure">(.*?)</pre>}s' "$work/$name.dom")
  [[ -n "$result" ]] || fail "$name: no measurements (did the page load?)"
  echo "== $input"
  printf '%s\n' "$result" | sed 's/^/   /'
  if grep -q '^FAIL' <<<"$result"; then fail "$name: merged cells are not laid out as the official tables"; fi
  oks=$(grep -c '^ok' <<<"$result")
  (( oks >= 20 )) || fail "$name: only $oks checks ran"
done

# Screenshot of 表三 as a reviewer sees it (--annotate), one tooltip shown
# as on hover.
"$bin" render --annotate examples/gongnong-2021.nianbao -o "$work/annotated.html" 2>/dev/null \
  || fail "render --annotate"
first_flag=$(grep -o 'id="src-[0-9]*-[0-9]*"' "$work/annotated.html" | head -1 | cut -d'"' -f2)
[[ -n "$first_flag" ]] || fail "render --annotate marked nothing in the example"
cat >"$work/only-table3.css" <<CSS
<style>
.nb-report > * { display: none; }
.nb-report > h2:nth-of-type(3), .nb-report > .nb-table-wrap:has(table[data-template~="t3"]) { display: block; }
.nb-report { padding: 6mm 8mm; }
#$first_flag > .nb-tip { display: block; left: auto; right: 0; }
</style>
CSS
awk -v css="$(cat "$work/only-table3.css")" '$0 == "</head>" { print css } { print }' \
  "$work/annotated.html" >"$work/table3.html"
browser --window-size=960,1140 --virtual-time-budget=5000 --screenshot="$work/render-table3.png" \
  "file://$work/table3.html" >/dev/null \
  || { cat "$work/chromium.log" >&2; fail "chromium could not take the screenshot"; }
size=$(stat -c %s "$work/render-table3.png" 2>/dev/null || echo 0)
(( size > 30000 )) || fail "screenshot is empty or blank ($size bytes)"
echo "== screenshot of 表三: $size bytes"
if $update; then
  mkdir -p docs/images
  cp "$work/render-table3.png" docs/images/render-table3.png
  echo "   saved docs/images/render-table3.png"
fi
echo "test-render: ok"
