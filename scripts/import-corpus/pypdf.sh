#!/usr/bin/env bash
# Form `pypdf`: the report printed to PDF by headless Chromium, then its
# text extracted by pypdf (`PdfReader(...).pages[i].extract_text()`, pages
# joined by a line break).
#   scripts/import-corpus/pypdf.sh SRC.nianbao OUT_DIR   → OUT_DIR/<slug>.txt
set -euo pipefail
src=$1 out=$2
source "$(dirname "$0")/../import-corpus-lib.sh"
py=$(tools_python)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pdf=$(print_pdf "$src" "$tmp")
mkdir -p "$out"
"$py" - "$pdf" "$out/$(basename "$src" .nianbao).txt" <<'PY'
import sys
from pypdf import PdfReader
pages = [p.extract_text() for p in PdfReader(sys.argv[1]).pages]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(pages) + "\n")
PY
