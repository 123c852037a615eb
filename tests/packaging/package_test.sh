#!/usr/bin/env bash
# Install and package: `cmake --install --prefix` puts every file in its FHS place, and the
# .deb that cpack builds declares what sonde links against, would install (apt-get --simulate),
# and once unpacked into a scratch root runs: --version, its man page renders without warnings,
# and an installed example tool runs (when BPF can be loaded here).
# Usage: package_test.sh SOURCE_DIR BUILD_DIR VERSION CMAKE CPACK
src=$(realpath "$1")
build=$(realpath "$2")
version=$3
cmake_bin=$4
cpack_bin=$5
source "$(dirname "$0")/lib.sh"

# The files an install must hold, under its prefix.
installed_files=(bin/sonde share/man/man1/sonde.1.gz share/bash-completion/completions/sonde
                 share/zsh/vendor-completions/_sonde)
for tool in "$src"/examples/*.bt; do
	installed_files+=("share/sonde/tools/$(basename "$tool")")
done

# has_files ROOT: every installed file is under ROOT.
has_files() {
	local f ok=0
	for f in "${installed_files[@]}"; do
		[[ -f $1/$f ]] || { echo "  missing $1/$f"; ok=1; }
	done
	return $ok
}

# runs_version SONDE: prints "sonde vVERSION".
runs_version() {
	local out
	out=$("$1" --version 2>&1)
	[[ $out == "sonde v$version" ]] || { echo "  $1 --version: $out"; return 1; }
}

# ---- cmake --install ------------------------------------------------------------------------------
if "$cmake_bin" --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1; then
	check "cmake --install: files in place" has_files "$tmp/prefix"
	check "cmake --install: bin/sonde runs" runs_version "$tmp/prefix/bin/sonde"
	check "cmake --install: bash completion is the generated one" \
		cmp -s "$tmp/prefix/share/bash-completion/completions/sonde" "$build/doc/sonde.bash"
else
	fail "cmake --install --prefix failed: $(tail -5 "$tmp/install.log")"
fi

# ---- cpack: the .deb ----------------------------------------------------------------------------
if ! "$cpack_bin" --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1; then
	fail "cpack failed: $(tail -5 "$tmp/cpack.log")"
	finish
fi
debs=("$tmp"/pkg/sonde_"$version"_*.deb)
if [[ ${#debs[@]} -ne 1 || ! -f ${debs[0]} ]]; then
	fail "cpack made no single sonde_${version}_ARCH.deb: $(ls "$tmp/pkg")"
	finish
fi
deb=${debs[0]}
field() { dpkg-deb --field "$deb" "$1"; }
check "Package: sonde" test "$(field Package)" = sonde
check "Version: $version" test "$(field Version)" = "$version"

# Depends names every package that owns a library the binary links (as ldd and dpkg -S see it).
depends=$(field Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//')
expected_depends=(libbpf1 libelf1 zlib1g libzstd1 libc6 libstdc++6 libgcc-s1)
while IFS= read -r lib; do
	owner=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -1 | cut -d: -f1)
	[[ -n $owner ]] && expected_depends+=("$owner")
done < <(ldd "$build/sonde" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }')
for pkg in $(printf '%s\n' "${expected_depends[@]}" | sort -u); do
	grep -qxF "$pkg" <<<"$depends" && pass || fail "Depends lacks $pkg: $(field Depends)"
done
# libclang is dlopen()ed (sema/cdefs.c), so ldd cannot see it: a Recommends of its package.
check "Recommends: libclang1-19" grep -qw libclang1-19 <<<"$(field Recommends)"
check "Suggests: the headers #include needs" grep -q 'linux-libc-dev, libclang-common-19-dev' <<<"$(field Suggests)"

# apt resolves the dependencies against this machine's archive and installed packages.
if command -v apt-get >/dev/null; then
	if out=$(apt-get --simulate -o Debug::NoLocking=1 install "$deb" 2>&1) && grep -q '^Inst sonde ' <<<"$out"; then
		pass
	else
		fail "apt-get --simulate install $deb: $(tail -5 <<<"$out")"
	fi
else
	skip "apt-get --simulate: no apt-get here"
fi

# ---- the unpacked package -----------------------------------------------------------------------
root=$tmp/root
dpkg -x "$deb" "$root"
check "deb: files in place" has_files "$root/usr"
check "deb: usr/bin/sonde runs" runs_version "$root/usr/bin/sonde"
if command -v readelf >/dev/null; then
	check "deb: sonde is stripped" bash -c "! readelf -S '$root/usr/bin/sonde' | grep -q '\.debug_info'"
else
	skip "stripped binary: no readelf here"
fi

# The man page renders without warnings and documents every option -h prints.
page=$root/usr/share/man/man1/sonde.1.gz
if command -v man >/dev/null; then
	MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$page" >"$tmp/man.txt" 2>"$tmp/man.err"
	rc=$?
	[[ $rc -eq 0 && ! -s $tmp/man.err ]] && pass || fail "man --warnings -l: status $rc: $(head -5 "$tmp/man.err")"
	check "man: SONDE(1) page" grep -q '^SONDE(1)' "$tmp/man.txt"
	for opt in $("$root/usr/bin/sonde" -h | grep -E '^    -' | grep -oE '(^    |, )--?[A-Za-z][-A-Za-z]*' |
		sed 's/^[ ,]*//'); do
		grep -qE -- "(^|[ ,])$opt([ ,]|$)" "$tmp/man.txt" && pass || fail "man page lacks $opt"
	done
else
	skip "man page rendering: no man here (scripts/deps.sh installs man-db)"
fi

# An installed example tool runs from the unpacked root.
hello=$root/usr/share/sonde/tools/hello.bt
if ! out=$("$root/usr/bin/sonde" -q -e 'begin { exit(); }' 2>&1); then
	skip "running $hello: BPF programs cannot be loaded here: $out"
else
	out=$("$root/usr/bin/sonde" "$hello" 2>&1)
	rc=$?
	[[ $rc -eq 0 && $out == *"hello world"* ]] && pass || fail "sonde $hello: status $rc: $out"
fi

finish
