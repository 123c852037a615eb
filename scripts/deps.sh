#!/usr/bin/env bash
# Installs the Debian 12 packages sonde needs to build and test, skipping any already installed,
# so running it again does nothing. Runs apt as root (or through sudo).
set -euo pipefail

# Beyond the build's own needs: g++ because the top-level CMake project enables C++ (LLVM's
# static libraries link with it); libclang-rt-19-dev for clang's ASan/UBSan/libFuzzer runtimes
# (only recommended by clang-19, and apt here skips recommends); python3 for the conformance
# runner (../shared/conformance/run) and the zsh completion test. The packaging tests
# (tests/packaging/) need dpkg-dev and file (cpack's dpkg-shlibdeps computes the .deb's Depends), man-db
# and groff-base (the man page must render without warnings) and zsh. systemtap-sdt-dev gives
# <sys/sdt.h>, with which the usdt tests build their USDT provider.
SONDE_PACKAGES=(llvm-19-dev libclang-19-dev clang-19 libclang-rt-19-dev libbpf-dev libelf-dev
                zlib1g-dev libdw-dev libzstd-dev flex bison cmake pkg-config bpftool gcc g++ make python3
                dpkg-dev file man-db groff-base zsh systemtap-sdt-dev)

missing=()
for pkg in "${SONDE_PACKAGES[@]}"; do
	# dpkg -s also succeeds for removed packages whose config files remain: check the status.
	if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
		missing+=("$pkg")
	fi
done

# The VM test lane's qemu and kernels (scripts/test.sh runs it); SONDE_NO_VM=1 leaves them out.
if [[ ${SONDE_NO_VM:-0} != 1 ]]; then
	bash "$(dirname "$0")/../tests/vm/deps.sh"
fi

if [[ ${#missing[@]} -eq 0 ]]; then
	echo "deps: all ${#SONDE_PACKAGES[@]} packages present"
	exit 0
fi

echo "deps: installing ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
	command -v sudo >/dev/null || { echo "deps: run as root or install sudo" >&2; exit 1; }
	sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
