#!/usr/bin/env bash
# Form `render-docx`: the report as `nianbao render --format docx` writes it
# (the round trip: render to Word, import back).
#   scripts/import-corpus/render-docx.sh SRC.nianbao OUT_DIR   → OUT_DIR/<slug>.docx
set -euo pipefail
src=$1 out=$2
bin=${NIANBAO_BIN:-target/debug/nianbao}
mkdir -p "$out"
"$bin" render --format docx "$src" -o "$out/$(basename "$src" .nianbao).docx" 2>/dev/null
