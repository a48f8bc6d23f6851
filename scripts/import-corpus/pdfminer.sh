#!/usr/bin/env bash
# Form `pdfminer`: the report printed to PDF by headless Chromium, then its
# text extracted by pdfminer.six (`pdfminer.high_level.extract_text`, the
# library's default layout analysis, as `pdf2txt.py` does).
#   scripts/import-corpus/pdfminer.sh SRC.nianbao OUT_DIR   → OUT_DIR/<slug>.txt
set -euo pipefail
src=$1 out=$2
source "$(dirname "$0")/../import-corpus-lib.sh"
py=$(tools_python)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pdf=$(print_pdf "$src" "$tmp")
mkdir -p "$out"
"$py" - "$pdf" "$out/$(basename "$src" .nianbao).txt" <<'PY'
import sys
from pdfminer.high_level import extract_text
open(sys.argv[2], "w", encoding="utf-8").write(extract_text(sys.argv[1]))
PY
