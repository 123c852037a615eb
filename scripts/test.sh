#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, then builds and runs ctest
# twice: a gcc build in build/ and an ASan+UBSan clang-19 build in build-asan/ (so both
# compilers' -Werror and the sanitizers see every change). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-2}

bash scripts/deps.sh

# build_and_test DIR CMAKE_ARGS...: configures DIR (once), builds it and runs every test.
build_and_test() {
	local dir=$1
	shift
	echo "== $dir: configure and build"
	cmake -S . -B "$dir" "$@"
	cmake --build "$dir" -j"$jobs"
	echo "== $dir: ctest"
	ctest --test-dir "$dir" --output-on-failure -j"$jobs"
}

build_and_test build   # the default compiler: gcc on Debian
build_and_test build-asan -DSANITIZE=ON -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19
echo "== all tests passed"
