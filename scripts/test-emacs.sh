#!/usr/bin/env bash
# Emacs (batch) with eglot: editors/emacs/nianbao-mode.el byte-compiles
# without warnings, opens the example report, highlights it, and eglot shows
# the diagnostics `nianbao check` prints. Installs Emacs and eglot (Debian:
# emacs-nox, elpa-eglot) when missing.
set -euo pipefail
. "$(dirname "$0")/editors-lib.sh"

apt_install emacs-nox elpa-eglot
command -v emacs >/dev/null || fail "emacs is not on PATH after installing emacs-nox"
bin="$(server_bin)"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# A HOME of its own: no user init files, nothing written to the user's ~/.emacs.d.
mkdir -p "$scratch/home"

echo "== emacs: byte-compile nianbao-mode.el" >&2
cp "$root/editors/emacs/nianbao-mode.el" "$scratch/"
HOME="$scratch/home" emacs --batch -Q --eval "(progn (setq byte-compile-error-on-warn t)
  (unless (byte-compile-file \"$scratch/nianbao-mode.el\") (kill-emacs 1)))" ||
  fail "nianbao-mode.el does not byte-compile cleanly"

echo "== emacs: eglot" >&2
# Without -Q: Debian's site-lisp puts elpa-eglot on the load-path.
HOME="$scratch/home" NIANBAO_ROOT="$root" NIANBAO_BIN="$bin" \
  timeout 300 emacs --batch -l "$root/editors/emacs/test/nianbao-test.el" </dev/null ||
  fail "Emacs test failed"
echo "Emacs: all checks passed"
