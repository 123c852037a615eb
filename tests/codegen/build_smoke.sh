#!/bin/sh
# Throwaway build of the codegen smoke test (until it is registered in CMake).
# Usage: tests/codegen/build_smoke.sh [OUT] [extra cflags...]   e.g. -fsanitize=address
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-/tmp/bpfmod_smoke}
[ $# -gt 0 ] && shift
CC=${CC:-gcc}
LLVM_CONFIG=${LLVM_CONFIG:-llvm-config-19}
# shellcheck disable=SC2046
$CC -std=gnu17 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter "$@" -I"$root" \
	-isystem "$($LLVM_CONFIG --includedir)" \
	"$root"/tests/codegen/bpfmod_smoke.c "$root"/codegen/bpfmod*.c -o "$out" \
	-L"$($LLVM_CONFIG --libdir)" $($LLVM_CONFIG --link-static --libs bpf passes core target mc) \
	-lstdc++ -lz -lzstd -lm -lbpf -lelf
echo "built $out"
