#!/usr/bin/env bash
# Form `gbk`: the official web page as many government sites still serve it:
# GB2312 declared, GB18030 bytes (iconv).
#   scripts/import-corpus/gbk.sh SRC.nianbao OUT_DIR   → OUT_DIR/<slug>.html
set -euo pipefail
src=$1 out=$2
bin=${NIANBAO_BIN:-target/debug/nianbao}
mkdir -p "$out"
"$bin" render "$src" 2>/dev/null |
  sed 's/<meta charset="utf-8">/<meta http-equiv="Content-Type" content="text\/html; charset=gb2312">/I' |
  iconv -f UTF-8 -t GB18030 >"$out/$(basename "$src" .nianbao).html"
