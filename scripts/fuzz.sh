#!/usr/bin/env bash
# Fuzzes the parser for SECONDS (default 60): builds fuzz_parser with clang-19 into build-fuzz/,
# seeds fuzz-out/corpus and runs libFuzzer there. Crashing inputs land in fuzz-out/crashes/;
# replay one with `build-fuzz/tests/fuzz_parser FILE`. Not part of CI.
#
#   scripts/fuzz.sh [SECONDS] [extra libFuzzer flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true

bash scripts/deps.sh
cmake -S . -B build-fuzz -DFUZZ=ON -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19
cmake --build build-fuzz -j"${JOBS:-2}" --target fuzz_parser

bash scripts/fuzz-corpus.sh ../shared/conformance/suite fuzz-out/corpus
mkdir -p fuzz-out/crashes
build-fuzz/tests/fuzz_parser -max_total_time="$seconds" -artifact_prefix=fuzz-out/crashes/ \
	-print_final_stats=1 "$@" fuzz-out/corpus
