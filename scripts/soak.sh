#!/usr/bin/env bash
# Soak of the language server (docs/robustness.md): 100,000 edits over 50
# open reports with hovers and completions interleaved; prints a summary and
# writes target/soak/soak.csv and target/soak/soak.svg (the plot committed
# as docs/images/soak.svg). About 3 minutes on 2 cores.
#   scripts/soak.sh [EDITS]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p nianbao --bin nianbao --example lsp-soak
target/release/examples/lsp-soak target/release/nianbao "${1:-100000}" target/soak
