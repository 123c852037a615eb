#!/usr/bin/env bash
# Fuzzes sonde for SECONDS (default 60) with libFuzzer, built with clang-19 into build-fuzz/:
#   parser    the parser alone, on any bytes;
#   compiler  parse, sema, codegen and the verifier (a --dry-run load, as root) on program text,
#             seeded with the tests' and the conformance suite's programs, which libFuzzer mutates;
#   generate  the same stages on well-typed programs that tests/fuzz/gen.c writes from the
#             fuzzer's bytes.
# Each target keeps its corpus in fuzz-out/TARGET/ and its findings in fuzz-out/crashes/; replay
# one with `build-fuzz/tests/fuzz_TARGET FILE` (SONDE_FUZZ_SHOW=1 prints the program). Not part
# of CI.
#
#   scripts/fuzz.sh [TARGET] [SECONDS] [extra libFuzzer flags...]   (TARGET defaults to parser)
set -euo pipefail
cd "$(dirname "$0")/.."
target=parser
case ${1:-} in parser | compiler | generate) target=$1; shift ;; esac
seconds=${1:-60}
shift || true

bash scripts/deps.sh
cmake -S . -B build-fuzz -DFUZZ=ON -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19
cmake --build build-fuzz -j"${JOBS:-2}" --target "fuzz_$target"

corpus=fuzz-out/$target
[[ $target == parser ]] && corpus=fuzz-out/corpus   # where earlier runs kept it
mkdir -p "$corpus" fuzz-out/crashes
[[ $target != generate ]] && bash scripts/fuzz-corpus.sh ../shared/conformance/suite "$corpus"
# The verifier is part of what is fuzzed where it can be reached.
[[ $target != parser && $(id -u) -eq 0 ]] && export SONDE_FUZZ_LOAD=1
# Compiling and loading may take a while; a program that takes 10 s is a finding of its own.
"build-fuzz/tests/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
	-artifact_prefix=fuzz-out/crashes/"$target"- -print_final_stats=1 "$@" "$corpus"
