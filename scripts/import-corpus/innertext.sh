#!/usr/bin/env bash
# Form `innertext`: the page text a browser gives (`document.body.innerText`,
# what select-all and copy gives): the rendered web page opened by headless
# Chromium with a script that replaces the body by its own innerText in a
# <pre>; `--dump-dom` prints it, and the <pre>'s text is the form.
#   scripts/import-corpus/innertext.sh SRC.nianbao OUT_DIR   → OUT_DIR/<slug>.txt
set -euo pipefail
src=$1 out=$2
source "$(dirname "$0")/../import-corpus-lib.sh"
apt_install chromium fonts-noto-cjk
py=$(tools_python)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
html=$(render_html "$src" "$tmp")
cat >>"$html" <<'JS'
<script>
window.addEventListener('load', function () {
  var t = document.body.innerText;
  var pre = document.createElement('pre');
  pre.id = 'nianbao-innertext';
  pre.textContent = t;
  document.body.replaceChildren(pre);
});
</script>
JS
chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$html" >"$tmp/dom.html" 2>/dev/null ||
  fail "chromium --dump-dom failed on $html"
mkdir -p "$out"
"$py" - "$tmp/dom.html" "$out/$(basename "$src" .nianbao).txt" <<'PY'
import html, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<pre id="nianbao-innertext">(.*?)</pre>', dom, re.S)
if not m:
    sys.exit("no innerText in the dumped page")
open(sys.argv[2], "w", encoding="utf-8").write(html.unescape(m.group(1)) + "\n")
PY
