#!/usr/bin/env bash
# Set up and run the main job on a fresh machine: build nianbao and check the
# example report. The example is a real published report with real defects,
# so `check` lists them and exits with status 1; this script exits 0 when the
# check ran and 2 when it could not run.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "需要 Rust 工具链（cargo ≥ 1.90）。Rust toolchain (cargo >= 1.90) not found." >&2
    exit 2
  fi
fi

cargo build --release --locked -q -p nianbao
echo "+ nianbao check examples/gongnong-2021.nianbao"
set +e
./target/release/nianbao check examples/gongnong-2021.nianbao
status=$?
set -e
case $status in
  0) echo "检查通过，没有发现错误。" ;;
  1) echo "（退出码 1：报告中发现了错误，这正是示例报告应有的结果。）" ;;
  *) exit "$status" ;;
esac
