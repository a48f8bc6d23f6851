#!/usr/bin/env bash
# Form `pdftotext`: the report printed to PDF by headless Chromium, then its
# text extracted by poppler's `pdftotext`.
#   scripts/import-corpus/pdftotext.sh SRC.nianbao OUT_DIR   → OUT_DIR/<slug>.txt
set -euo pipefail
src=$1 out=$2
source "$(dirname "$0")/../import-corpus-lib.sh"
apt_install poppler-utils
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pdf=$(print_pdf "$src" "$tmp")
mkdir -p "$out"
pdftotext  -enc UTF-8 "$pdf" "$out/$(basename "$src" .nianbao).txt"
