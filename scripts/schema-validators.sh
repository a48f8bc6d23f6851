#!/usr/bin/env bash
# Prints the path of a Python that has the validators of the CI formats'
# schemas (jsonschema for GitLab's Code Quality schema, xmlschema for the
# JUnit XSD), installing them from PyPI into the tools cache once.
# scripts/test.sh exports it as NIANBAO_SCHEMA_PYTHON for
# server/tests/ci_formats.rs, which then fails rather than skips.
set -euo pipefail
source "$(dirname "$0")/editors-lib.sh"

venv="$tools/venv-schemas"
if ! "$venv/bin/python" -c 'import jsonschema, xmlschema' 2>/dev/null; then
  echo "installing jsonschema and xmlschema (PyPI) into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv" 2>/dev/null || {
    rm -rf "$venv"
    apt_install python3-venv
    python3 -m venv "$venv"
  } || fail "python3 -m venv failed"
  "$venv/bin/pip" install -q --disable-pip-version-check jsonschema xmlschema >&2 ||
    fail "pip install jsonschema xmlschema failed"
fi
echo "$venv/bin/python"
