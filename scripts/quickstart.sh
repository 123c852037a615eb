#!/usr/bin/env bash
# Fresh Debian 12 to a first run: installs what is missing, builds sonde into build/ and runs an
# example. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

SONDE_NO_VM=1 bash scripts/deps.sh   # a first run needs no VM lane
cmake -S . -B build
cmake --build build -j"${JOBS:-2}"

echo
echo "== build/sonde examples/hello.bt"
build/sonde examples/hello.bt
echo "== build/sonde examples/syscount_1s.bt (traces every system call for one second)"
build/sonde examples/syscount_1s.bt
