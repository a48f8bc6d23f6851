#!/usr/bin/env bash
# The terminal editors' tests (called from scripts/test.sh): Neovim, Emacs,
# Helix. Runs all three, then fails if any failed.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
failed=()
for editor in nvim emacs helix; do
  printf '\n== editors: %s\n' "$editor"
  bash "$here/test-$editor.sh" || failed+=("$editor")
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "FAIL: editor tests failed: ${failed[*]}" >&2
  exit 1
fi
