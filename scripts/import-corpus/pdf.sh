#!/usr/bin/env bash
# Form `pdf`: the report rendered as the official web page (`nianbao render`),
# then printed to PDF by headless Chromium, as a browser's "save as PDF" does.
#   scripts/import-corpus/pdf.sh SRC OUT_DIR [--header-footer]   → OUT_DIR/<slug>.pdf
# SRC is one .nianbao file or a folder of them (each is printed). With
# --header-footer, Chromium's default running head and foot are printed too
# (date, title, file address, `2/6`), as a browser's "print to PDF" does.
# Installs Debian's chromium and fonts-noto-cjk when missing.
set -euo pipefail
src=$1 out=$2
hf=--no-pdf-header-footer
[[ "${3:-}" == "--header-footer" ]] && hf=
bin=${NIANBAO_BIN:-target/debug/nianbao}
mkdir -p "$out"

cjk_font() { command -v fc-list >/dev/null && fc-list :lang=zh family | grep -q .; }
if ! command -v chromium >/dev/null || ! cjk_font; then
  echo "chromium-pdf: installing chromium and fonts-noto-cjk (Debian)" >&2
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk fontconfig >/dev/null; } \
    || { echo "chromium-pdf: could not install chromium and fonts-noto-cjk" >&2; exit 1; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ -d "$src" ]]; then files=("$src"/*.nianbao); else files=("$src"); fi
for f in "${files[@]}"; do
  slug=$(basename "$f" .nianbao)
  "$bin" render "$f" -o "$work/$slug.html" 2>/dev/null
  # Its own profile per run: other Chromiums may be running.
  timeout 120 chromium --headless --no-sandbox --disable-gpu $hf \
    --disable-quic --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$work/profile-$slug" \
    --print-to-pdf="$out/$slug.pdf" "file://$work/$slug.html" 2>"$work/chromium.log" \
    || { cat "$work/chromium.log" >&2; echo "chromium-pdf: $slug failed" >&2; exit 1; }
  [[ -s "$out/$slug.pdf" ]] || { echo "chromium-pdf: $slug: no PDF written" >&2; exit 1; }
done
