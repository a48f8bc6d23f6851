#!/usr/bin/env bash
# Form `pdf-header-footer`: as form `pdf`, with Chromium's default running head
# and foot printed (date, title, file address, `1/6`), as a browser's "print to
# PDF" does by default.
#   scripts/import-corpus/pdf-header-footer.sh SRC OUT_DIR   → OUT_DIR/<slug>.pdf
exec bash "$(dirname "$0")/pdf.sh" "$1" "$2" --header-footer
