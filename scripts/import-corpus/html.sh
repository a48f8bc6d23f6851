#!/usr/bin/env bash
# Form `html`: the report rendered as the official web page (`nianbao render`).
#   scripts/import-corpus/html.sh SRC.nianbao OUT_DIR   → OUT_DIR/<slug>.html
set -euo pipefail
src=$1 out=$2
bin=${NIANBAO_BIN:-target/debug/nianbao}
mkdir -p "$out"
"$bin" render "$src" -o "$out/$(basename "$src" .nianbao).html" 2>/dev/null
