#!/usr/bin/env bash
# The whole import layout corpus (issue 11; tests/fixtures/import-corpus/README.md):
# generate reports, turn each into every form a report travels in with the real
# tools of scripts/import-corpus/<form>.sh, import every file and compare every
# table cell with its source (server/tests/import_corpus.rs on the generated corpus).
#
#   scripts/import-corpus.sh                 30 generated reports + every real transcription
#   scripts/import-corpus.sh 100             100 generated reports
#   scripts/import-corpus.sh 10 pdf docx     only these forms
#   KEEP=DIR scripts/import-corpus.sh        keep the corpus in DIR (else a temporary folder)
#
# The test command (scripts/test.sh) runs the committed sample only.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
n=${1:-30}
shift || true
forms=("$@")
if [ ${#forms[@]} -eq 0 ]; then
  mapfile -t forms < <(ls scripts/import-corpus/ | sed -n 's/\.sh$//p')
fi
cargo build --locked -q -p nianbao
export NIANBAO_BIN=${NIANBAO_BIN:-$PWD/${CARGO_TARGET_DIR:-target}/debug/nianbao}
work=${KEEP:-$(mktemp -d)}
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
cargo run --locked -q -p nianbao --example gen_reports -- "$work/src" "$n"
for f in tests/fixtures/real/*.nianbao; do
  cp "$f" "$work/src/real-$(basename "$f")"
done
srcs=("$work"/src/*.nianbao)
echo "import-corpus: ${#srcs[@]} sources × ${#forms[@]} forms (${forms[*]}) in $work"
for form in "${forms[@]}"; do
  start=$(date +%s)
  made=0
  for s in "${srcs[@]}"; do
    if bash "scripts/import-corpus/$form.sh" "$s" "$work/$form" >"$work/$form.log" 2>&1; then
      made=$((made + 1))
    else
      echo "  $form: could not make $(basename "$s") (see $work/$form.log)"
    fi
  done
  echo "  $form: $made files in $(( $(date +%s) - start )) s"
done
NIANBAO_IMPORT_CORPUS="$work" cargo test --locked -q -p nianbao --test import_corpus -- --nocapture
