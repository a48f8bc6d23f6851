#!/usr/bin/env bash
# Regenerate the Word files of tests/fixtures/docx/ that real tools make
# (server/tests/import_docx.rs reads them):
#   - shanghai-office-2019.docx, shuyang-fgj-2023.docx: the real published
#     pages of tests/fixtures/import/ converted by headless LibreOffice;
#   - gen-2022-0.doc: a report saved as legacy binary Word (.doc) by LibreOffice,
#     and ../import-corpus/docx-via-doc/gen-2022-0.docx: that .doc converted
#     with the very command import's message gives (soffice --convert-to docx);
#   - gen-2022-0-encrypted.docx: the official template filled in with that
#     report, encrypted with the password 1234 by msoffcrypto-tool (PyPI), as
#     Word's 用密码进行加密 does (an OLE container holding EncryptedPackage).
# Installs libreoffice-writer, fonts-noto-cjk (Debian) and msoffcrypto-tool
# (a virtualenv in the tools cache) when missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../editors-lib.sh
source "$here/../editors-lib.sh"
cd "$root"
out=tests/fixtures/docx
command -v soffice >/dev/null || apt_install libreoffice-writer fonts-noto-cjk
for page in shanghai-office-2019 shuyang-fgj-2023; do
  bash "$here/docx.sh" "tests/fixtures/import/$page.html" "$out"
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=${NIANBAO_BIN:-$(server_bin)}
"$bin" render tests/fixtures/import-corpus/src/gen-2022-0.nianbao -o "$tmp/gen-2022-0.html" 2>/dev/null
soffice --headless --norestore "-env:UserInstallation=file://$tmp/profile" \
  --convert-to 'doc:MS Word 97' --outdir "$tmp" "$tmp/gen-2022-0.html" >/dev/null 2>&1
mv "$tmp/gen-2022-0.doc" "$out/gen-2022-0.doc"
mkdir -p "$tmp/via" tests/fixtures/import-corpus/docx-via-doc
(cd "$tmp/via" && soffice --headless --norestore "-env:UserInstallation=file://$tmp/profile" \
  --convert-to docx "$root/$out/gen-2022-0.doc" >/dev/null 2>&1)
mv "$tmp/via/gen-2022-0.docx" tests/fixtures/import-corpus/docx-via-doc/gen-2022-0.docx
venv="$tools/msoffcrypto"
[[ -x "$venv/bin/msoffcrypto-tool" ]] || {
  python3 -m venv "$venv" && "$venv/bin/pip" install -q msoffcrypto-tool
} || fail "pip install msoffcrypto-tool failed"
python3 "$here/docx-template.py" "$out/official-template.docx" \
  tests/fixtures/import-corpus/src/gen-2022-0.nianbao "$tmp"
"$venv/bin/msoffcrypto-tool" -e -p 1234 "$tmp/gen-2022-0.docx" "$out/gen-2022-0-encrypted.docx"
