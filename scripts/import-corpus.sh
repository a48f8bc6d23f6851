#!/usr/bin/env bash
# The whole import layout corpus (issue 11): every source of
# tests/fixtures/import-corpus/src turned into every form by its script in
# scripts/import-corpus/, then imported with `nianbao import --strict`
# (exit 1 when anything is left unplaced). Only the committed sample is
# checked cell by cell (server/tests/import_corpus.rs); copy a form folder
# from OUT_DIR into tests/fixtures/import-corpus/ to hold it to that.
#   scripts/import-corpus.sh [OUT_DIR] [FORM...]   (default: a temporary folder, every form)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out=${1:-$(mktemp -d)}
shift || true
forms=("$@")
if [[ ${#forms[@]} -eq 0 ]]; then
  forms=(html innertext pdftotext pdftotext-layout pypdf pdfminer)
fi
(cd "$root" && cargo build --locked -q -p nianbao)
export NIANBAO_BIN=${NIANBAO_BIN:-${CARGO_TARGET_DIR:-$root/target}/debug/nianbao}
ok=0 bad=0
for form in "${forms[@]}"; do
  for src in "$root"/tests/fixtures/import-corpus/src/*.nianbao; do
    "$root/scripts/import-corpus/$form.sh" "$src" "$out/$form" 2>/dev/null
  done
  for f in "$out/$form"/*; do
    if "$NIANBAO_BIN" import --strict "$f" >/dev/null 2>&1; then
      ok=$((ok + 1))
    else
      bad=$((bad + 1))
      echo "not clean: $form/$(basename "$f")"
    fi
  done
done
echo "$ok imported with nothing unplaced, $bad not; files in $out"
