#!/usr/bin/env bash
# `nianbao render --format docx` opened by headless LibreOffice: the example
# (2021) and the 2019 fixture rendered to .docx (the same bytes twice),
# converted to PDF by `soffice --headless`, and the PDF's text
# (`pdftotext -layout`) checked against the report by
# scripts/render/check-docx-pdf.py: every number of every table in its row
# and order, merged header labels once. The annotated example must open with
# every diagnostic in a Word comment, and a terminal must not get the binary.
# Last, a picture of 表三 as LibreOffice prints it (pdftoppm).
# Installs Debian's libreoffice-writer, fonts-noto-cjk and poppler-utils when
# missing; fails (never skips) when it cannot run.
#
#   bash scripts/test-render-docx.sh                  # test
#   bash scripts/test-render-docx.sh --update-image   # also refresh docs/images/render-docx-table3.png
set -euo pipefail
source "$(dirname "$0")/editors-lib.sh"
cd "$root"
update=false
[[ "${1:-}" == "--update-image" ]] && update=true

fail() { printf 'test-render-docx: FAIL: %s\n' "$*" >&2; exit 1; }

apt_install libreoffice-writer fonts-noto-cjk fontconfig poppler-utils python3
command -v soffice >/dev/null || fail "soffice is not installed"
fc-list :lang=zh family | grep -q . || fail "no CJK font installed: Chinese would print as boxes"

bin=$(server_bin)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# LibreOffice with a profile of its own: other runs may be going on.
office() {
  timeout 180 soffice -env:UserInstallation="file://$work/lo-profile" --headless \
    --convert-to "$1" --outdir "$work" "$2" >"$work/soffice.log" 2>&1 \
    || { cat "$work/soffice.log" >&2; fail "soffice could not convert $2 to $1"; }
}

for input in examples/gongnong-2021.nianbao tests/fixtures/valid-2019.nianbao; do
  name=$(basename "$input" .nianbao)
  echo "== $input"
  "$bin" render --format docx "$input" -o "$work/$name.docx" 2>/dev/null || fail "render $input"
  "$bin" render --format docx "$input" -o "$work/$name-again.docx" 2>/dev/null || fail "render $input"
  cmp -s "$work/$name.docx" "$work/$name-again.docx" || fail "$name: two runs gave different bytes"
  echo "   the same bytes on two runs ($(stat -c %s "$work/$name.docx") bytes)"
  # (a) LibreOffice opens it and prints it.
  office pdf "$work/$name.docx"
  [[ -s "$work/$name.pdf" ]] || fail "$name: soffice wrote no PDF"
  pages=$(pdfinfo "$work/$name.pdf" | awk '/^Pages:/ { print $2 }')
  (( pages >= 2 )) || fail "$name: the PDF has $pages page(s)"
  echo "   converted to PDF by LibreOffice: $pages pages"
  # (b) Every number in its row, merged headers once.
  pdftotext -layout "$work/$name.pdf" "$work/$name.txt"
  if ! python3 scripts/render/check-docx-pdf.py "$input" "$work/$name.txt" >"$work/$name.check"; then
    grep -v '^ok' "$work/$name.check" | sed 's/^/   /' >&2
    fail "$name: the printed tables are not the report's"
  fi
  echo "   $(grep -c '^ok' "$work/$name.check") checks of the printed text against the report: ok"
done

# --annotate: LibreOffice reads every diagnostic of check in a comment.
echo "== --annotate"
"$bin" render --annotate examples/gongnong-2021.nianbao -o "$work/annotated.docx" 2>/dev/null \
  || fail "render --annotate"
office fodt "$work/annotated.docx"
comments=$(grep -o '<office:annotation[ >]' "$work/annotated.fodt" | wc -l)
(( comments >= 2 )) || fail "LibreOffice found $comments comments in the annotated document"
# check exits 1: the example has errors.
codes=$({ "$bin" check --format json examples/gongnong-2021.nianbao || true; } | grep -o '"code": *"NB[0-9]*"' | grep -o 'NB[0-9]*' | sort -u)
[[ -n "$codes" ]] || fail "check found nothing in the example"
for code in $codes; do
  grep -q "$code" "$work/annotated.fodt" || fail "no comment with $code in the annotated document"
done
echo "   $comments comments, holding $(echo $codes | wc -w) rule codes: ok"

# A terminal does not get the binary: a clear message and status 2.
echo "== a terminal"
set +e
script -qec "$bin render --format docx examples/gongnong-2021.nianbao" /dev/null >"$work/tty.out" 2>&1
status=$?
set -e
(( status == 2 )) || fail "docx to a terminal: status $status, expected 2"
grep -q '不能输出到终端' "$work/tty.out" || fail "docx to a terminal: no message: $(cat "$work/tty.out")"
echo "   refused with status 2: ok"

# (c) 表三 as LibreOffice prints it: from its section heading to its last row.
page=""
for ((p = 1; p <= $(pdfinfo "$work/gongnong-2021.pdf" | awk '/^Pages:/ { print $2 }'); p++)); do
  if pdftotext -f "$p" -l "$p" -layout "$work/gongnong-2021.pdf" - | grep -q '申请人情况'; then page=$p; break; fi
done
[[ -n "$page" ]] || fail "no page with 表三"
pdftotext -bbox -f "$page" -l "$page" "$work/gongnong-2021.pdf" "$work/page.html"
read -r x y w h < <(python3 - "$work/page.html" <<'PY'
import re, sys
words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                   open(sys.argv[1], encoding="utf-8").read())
page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', open(sys.argv[1], encoding="utf-8").read())
top = min(float(w[1]) for w in words if "收到和处理" in w[4])
bottom = max(float(w[3]) for w in words if "结转下年度继续办理" in w[4])
left = min(float(w[0]) for w in words)
right = max(float(w[2]) for w in words)
scale = 110 / 72
x, y = max(left - 14, 0), max(top - 12, 0)
print(int(x * scale), int(y * scale), int((right - left + 28) * scale), int((bottom - top + 24) * scale))
PY
)
pdftoppm -png -r 110 -f "$page" -l "$page" -x "$x" -y "$y" -W "$w" -H "$h" -singlefile \
  "$work/gongnong-2021.pdf" "$work/render-docx-table3"
size=$(stat -c %s "$work/render-docx-table3.png" 2>/dev/null || echo 0)
(( size > 30000 )) || fail "picture of 表三 is empty or blank ($size bytes)"
echo "== picture of 表三 (page $page, ${w}x${h} px): $size bytes"
if $update; then
  mkdir -p docs/images
  cp "$work/render-docx-table3.png" docs/images/render-docx-table3.png
  echo "   saved docs/images/render-docx-table3.png"
fi
echo "test-render-docx: ok"
