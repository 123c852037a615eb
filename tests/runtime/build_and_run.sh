#!/bin/sh
# Builds the runtime smoke test against the real runtime/ sources and runs it (root, real BPF).
# The BPF side is compiled here from C with clang, not by sonde's codegen, so the runtime is tested
# on its own. Until runtime/output*.c and the diagnostics of parser/ exist, point EXTRA_SRC at
# stand-ins for them (files outside the repository). GEN_DIR is the build directory, whose
# runtime/ holds the tables configuring generates. Exit 77 = skipped.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${WORK_DIR:-$(mktemp -d)}
cc=${CC:-gcc}
extra_cflags=${EXTRA_CFLAGS:-}
clang=${CLANG:-clang-19}
gen_dir=${GEN_DIR:-$root/build}

command -v "$clang" >/dev/null || { echo "SKIP: $clang not found"; exit 77; }
arch_inc=/usr/include/$(uname -m)-linux-gnu
for p in prog bad; do
	"$clang" -target bpf -O2 -g -I"$arch_inc" -c "$here/$p.bpf.c" -o "$work/$p.bpf.o"
done

srcs=$(ls "$root"/runtime/*.c "$root"/runtime/attach/*.c "$root"/core/*.c "$root"/util/*.c)
# The diagnostics (diag_plain_error), wherever they live once written.
for f in "$root"/parser/*.c; do
	[ -e "$f" ] || continue
	if grep -q "^void diag_plain_error\|^bool type_is_agg\|^const struct type \*type_int" "$f"; then
		srcs="$srcs $f"
	fi
done
srcs="$srcs ${EXTRA_SRC:-}"

# shellcheck disable=SC2086
"$cc" $extra_cflags -std=gnu17 -Wall -Wextra -Werror -Wno-unused-parameter -g -I"$root" -I"$gen_dir/runtime" -o "$work/runtime_smoke" \
	"$here/runtime_smoke.c" $srcs $(pkg-config --cflags --libs libbpf libdw libelf zlib)

exec "$work/runtime_smoke" "$work/prog.bpf.o" "$work/bad.bpf.o"
