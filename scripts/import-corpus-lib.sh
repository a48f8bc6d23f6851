# Shared by the PDF and page-text form scripts of scripts/import-corpus/ (sourced; kept
# outside that folder, whose every script is a form): the
# nianbao binary, the tools cache, and the report printed to PDF by headless
# Chromium (the PDF every text form is extracted from).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=editors-lib.sh
source "$root/scripts/editors-lib.sh"
bin=${NIANBAO_BIN:-${CARGO_TARGET_DIR:-$root/target}/debug/nianbao}

# A Python with pypdf and pdfminer.six (a venv in the tools cache).
tools_python() {
  local venv="$tools/venv"
  if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv" >&2 || fail "python3 -m venv failed"
  fi
  "$venv/bin/python" -c 'import pypdf, pdfminer' 2>/dev/null ||
    "$venv/bin/pip" install -q pypdf pdfminer.six >&2 || fail "pip install pypdf pdfminer.six failed"
  echo "$venv/bin/python"
}

# render SRC.nianbao → DIR/<slug>.html (the official web page).
render_html() {
  local src=$1 dir=$2
  "$bin" render "$src" -o "$dir/$(basename "$src" .nianbao).html" 2>/dev/null
  echo "$dir/$(basename "$src" .nianbao).html"
}

# SRC.nianbao → DIR/<slug>.pdf: the web page printed by headless Chromium
# (A4, CJK fonts from fonts-noto-cjk).
print_pdf() {
  local src=$1 dir=$2
  apt_install chromium fonts-noto-cjk
  local html pdf
  html=$(render_html "$src" "$dir")
  pdf="$dir/$(basename "$src" .nianbao).pdf"
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$pdf" "file://$html" >/dev/null 2>&1 || fail "chromium --print-to-pdf failed on $html"
  [[ -s "$pdf" ]] || fail "chromium wrote no PDF for $html"
  echo "$pdf"
}
