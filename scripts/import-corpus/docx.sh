#!/usr/bin/env bash
# Form `docx`: the report rendered as the official web page (`nianbao render`),
# converted to Word by headless LibreOffice, the way an officer gets a .docx
# from a published page.
#   scripts/import-corpus/docx.sh SRC.nianbao OUT_DIR   → OUT_DIR/<slug>.docx
# A saved web page (SRC.html, e.g. a real one of tests/fixtures/import/) is
# converted as it is.
# Installs libreoffice-writer and fonts-noto-cjk (Debian) when missing.
set -euo pipefail
src=$1 out=$2
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../editors-lib.sh
source "$here/../editors-lib.sh"
command -v soffice >/dev/null || apt_install libreoffice-writer fonts-noto-cjk
bin=${NIANBAO_BIN:-$(server_bin)}
slug=$(basename "${src%.*}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
case $src in
  *.html | *.htm) cp "$src" "$tmp/$slug.html" ;;
  *) "$bin" render "$src" -o "$tmp/$slug.html" 2>/dev/null ;;
esac
# A private profile: no first-run dialogs, no clash with a running office.
soffice --headless --norestore "-env:UserInstallation=file://$tmp/profile" \
  --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp" "$tmp/$slug.html" >/dev/null 2>&1
[[ -s "$tmp/$slug.docx" ]] || fail "LibreOffice wrote no $slug.docx"
mv "$tmp/$slug.docx" "$out/$slug.docx"
