#!/usr/bin/env bash
# Helix cannot be installed here, so its files are checked without it:
# languages.toml (valid, known keys, language + server + grammar wired),
# the capture names (Helix scopes), and the queries run with `tree-sitter
# query` against the grammar on the example reports. Installs tree-sitter-cli
# (crates.io, the version scripts/check-grammar.sh pins) when missing.
set -euo pipefail
. "$(dirname "$0")/editors-lib.sh"

ts_version="$(sed -n 's/^TS_VERSION=//p' "$root/scripts/check-grammar.sh")"
[[ -n "$ts_version" ]] || fail "no TS_VERSION in scripts/check-grammar.sh"
if [[ "$(tree-sitter --version 2>/dev/null | awk '{print $2}')" != "$ts_version" ]]; then
  echo "installing tree-sitter-cli $ts_version" >&2
  cargo install tree-sitter-cli --locked --version "$ts_version" || fail "cargo install tree-sitter-cli failed"
fi
python3 -c 'import tomllib' 2>/dev/null || fail "python3 >= 3.11 (tomllib) is needed"
command -v "${CC:-cc}" >/dev/null || fail "a C compiler (cc) is needed to build the grammar"

echo "== helix" >&2
python3 "$root/editors/helix/test/check.py" "$root" "$(command -v tree-sitter)" || fail "Helix check failed"
echo "Helix: all checks passed"
