#!/usr/bin/env bash
# Bad PDFs for server/tests/import_pdf.rs, made by real tools from a real
# published report (tests/fixtures/real/hongze-2024.pdf):
#   scanned.pdf        its first page as a picture (pdftoppm), printed to PDF by
#                      headless Chromium: a scan with no text layer
#   encrypted.pdf      qpdf, AES-256, user password "secret"
#   locked.pdf         qpdf, AES-256, empty user password, printing forbidden (opens
#                      without a password, as many published reports do)
#   no-tounicode.pdf   qpdf --qdf, every /ToUnicode renamed, fix-qdf, recompressed
#   digits-no-tounicode.pdf  the same for the digits' font (TimesNewRomanPSMT) only
# Installs qpdf, poppler-utils, chromium and fonts-noto-cjk when missing.
#   scripts/import-pdf-bad.sh [OUT_DIR]   (default tests/fixtures/pdf-bad)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-tests/fixtures/pdf-bad}
src=tests/fixtures/real/hongze-2024.pdf
need=()
command -v qpdf >/dev/null || need+=(qpdf)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v chromium >/dev/null || need+=(chromium fonts-noto-cjk)
if ((${#need[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pdftoppm -r 60 -gray -png -f 1 -l 1 "$src" "$work/page"
printf '<!DOCTYPE html><html><body style="margin:0"><img src="%s" style="width:100%%"></body></html>\n' \
  "$(ls "$work"/page*.png)" >"$work/scan.html"
timeout 120 chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --print-to-pdf="$out/scanned.pdf" "file://$work/scan.html" 2>/dev/null

qpdf --encrypt secret owner 256 -- "$src" "$out/encrypted.pdf"
qpdf --encrypt "" owner 256 --print=none -- "$src" "$out/locked.pdf"

qpdf --qdf --object-streams=disable "$src" "$work/qdf.pdf"
LC_ALL=C sed 's|/ToUnicode|/XoUnicode|g' "$work/qdf.pdf" | fix-qdf >"$work/all.pdf"
qpdf "$work/all.pdf" "$out/no-tounicode.pdf"
# The digits' font only: /ToUnicode renamed inside the Type0 font object
# whose /BaseFont is TimesNewRomanPSMT.
python3 - "$work/qdf.pdf" "$work/digits-qdf.pdf" <<'PY'
import re, sys
data = open(sys.argv[1], 'rb').read()
parts = re.split(rb'(?<=\nendobj\n)', data)
hit = 0
for i, p in enumerate(parts):
    if b'/Subtype /Type0' in p and b'TimesNewRomanPSMT' in p and b'/ToUnicode' in p:
        parts[i] = p.replace(b'/ToUnicode', b'/XoUnicode'); hit += 1
assert hit == 1, hit
open(sys.argv[2], 'wb').write(b''.join(parts))
PY
fix-qdf "$work/digits-qdf.pdf" >"$work/digits.pdf"
qpdf "$work/digits.pdf" "$out/digits-no-tounicode.pdf"
ls -l "$out"
