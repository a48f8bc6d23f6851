#!/usr/bin/env bash
# Check that the committed parser in grammar/src matches grammar/grammar.js
# and that the corpus tests pass. Called from CI.
set -euo pipefail

TS_VERSION=0.27.1
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# The CLI must match the runtime's version, or the generated parser differs.
installed="$(tree-sitter --version 2>/dev/null | awk '{print $2}' || true)"
if [[ "$installed" != "$TS_VERSION" ]]; then
  echo "installing tree-sitter-cli $TS_VERSION" >&2
  cargo install tree-sitter-cli --locked --version "$TS_VERSION"
fi

# Regenerate in a scratch copy so a failed check leaves the worktree alone.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp -R "$root/grammar/grammar.js" "$root/grammar/tree-sitter.json" \
  "$root/grammar/package.json" "$root/grammar/src" "$tmp/"
(cd "$tmp" && tree-sitter generate --js-runtime native)

# Compare only what `generate` writes; scanner.c is hand-written.
stale=0
for f in grammar.json node-types.json parser.c tree_sitter/parser.h tree_sitter/alloc.h tree_sitter/array.h; do
  if ! diff -u "$root/grammar/src/$f" "$tmp/src/$f" >"$tmp/diff" 2>&1; then
    echo "grammar/src/$f is out of date with grammar/grammar.js:" >&2
    head -n 40 "$tmp/diff" >&2
    stale=1
  fi
done
if [[ $stale -ne 0 ]]; then
  echo "run 'tree-sitter generate --js-runtime native' in grammar/ (tree-sitter $TS_VERSION) and commit grammar/src" >&2
  exit 1
fi
echo "grammar/src is up to date"

cd "$root/grammar"
tree-sitter test
