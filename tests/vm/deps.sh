#!/usr/bin/env bash
# Installs what the VM test lane (tests/vm/run) needs on Debian 12: qemu, a static busybox for the
# initramfs, cpio, kmod (module dependency order), xz/zstd (kernel payloads, compressed modules) and
# two kernels that have kprobes and the BPF tracing program type: bookworm's linux-image-amd64 (6.1)
# and bookworm-backports' 6.12 unsigned image. Runs apt only when something is missing.
set -euo pipefail

# nftables: nft, which module-BTF cases drive (a table added in the guest loads nf_tables).
VM_PACKAGES=(qemu-system-x86 busybox-static cpio kmod xz-utils zstd linux-image-amd64 nftables)
# The backports ABI name changes with each upload, so it is found by pattern.
BACKPORTS_IMAGE_RE='^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$'

installed() {
	dpkg-query -W -f '${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

backports_image_installed() {
	dpkg-query -W -f '${Package} ${Status}\n' 'linux-image-6.12.*' 2>/dev/null |
		awk '$2 == "install" && $3 == "ok" && $4 == "installed" { print $1 }' |
		grep -Eq "$BACKPORTS_IMAGE_RE"
}

# Prints a deb822 entry for bookworm-backports built from the entry that carries bookworm itself,
# so it uses the mirror and keyring this machine is already configured with.
backports_entry() {
	awk 'BEGIN { RS = ""; FS = "\n" }
	     /(^|\n)Suites:([^\n]* )?bookworm( |\n|$)/ {
	         for (i = 1; i <= NF; i++) {
	             if ($i ~ /^Suites:/) print "Suites: bookworm-backports"
	             else if ($i !~ /^#/) print $i
	         }
	         exit
	     }' /etc/apt/sources.list.d/*.sources 2>/dev/null
}

# Adds bookworm-backports to apt's sources unless some source already has it.
ensure_backports_source() {
	if grep -Eqs '^[^#]*bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources; then
		return
	fi
	local entry
	# No *.sources files (a debootstrapped root has only sources.list): awk fails, entry stays empty.
	entry=$(backports_entry) || entry=""
	if [[ -z $entry ]]; then
		local uri
		uri=$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
		[[ -n $uri ]] || { echo "vm-deps: no bookworm apt source to derive backports from" >&2; exit 1; }
		entry=$(printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\n' "$uri")
	fi
	echo "vm-deps: adding bookworm-backports to apt sources (only the 6.12 image is taken from it)"
	printf '%s\n' "$entry" | "${sudo[@]}" tee /etc/apt/sources.list.d/sonde-vm-backports.sources >/dev/null
}

sudo=()
if [[ $(id -u) -ne 0 ]]; then
	command -v sudo >/dev/null || { echo "vm-deps: run as root or install sudo" >&2; exit 1; }
	sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive

missing=()
for pkg in "${VM_PACKAGES[@]}"; do
	installed "$pkg" || missing+=("$pkg")
done
need_backports=0
backports_image_installed || need_backports=1

if [[ ${#missing[@]} -eq 0 && $need_backports -eq 0 ]]; then
	echo "vm-deps: all packages present"
	exit 0
fi

if [[ $need_backports -eq 1 ]]; then
	ensure_backports_source
fi
"${sudo[@]}" apt-get update -q

if [[ $need_backports -eq 1 ]]; then
	# Named alone (never -t bookworm-backports, which would also upgrade bpftool and friends).
	image=$(apt-cache pkgnames linux-image-6.12. | grep -E "$BACKPORTS_IMAGE_RE" | sort -V | tail -n 1)
	[[ -n $image ]] || { echo "vm-deps: no linux-image-6.12.*+deb12-amd64-unsigned in apt" >&2; exit 1; }
	missing+=("$image")
fi
echo "vm-deps: installing ${missing[*]}"
# INITRD=No: the host never boots these kernels, so initramfs-tools' hook (30-50 s a kernel)
# need not build an initramfs for them; tests/vm/run makes its own.
"${sudo[@]}" env INITRD=No apt-get install -y -q --no-install-recommends "${missing[@]}"
