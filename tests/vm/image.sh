# Kernel and initramfs preparation for tests/vm/run (sourced, bash): finds an installed Debian
# kernel by series, cuts the uncompressed vmlinux out of its bzImage (qemu boots that ELF through
# its PVH note, about twice as fast as the bzImage under TCG) and builds a busybox initramfs with
# the virtio/9p/overlay modules. Both are cached, keyed by content hashes of what went into them.
# shellcheck shell=bash

# The modules the guest init loads; their dependencies come first, as modprobe orders them.
VM_MODULES=(virtio_pci 9pnet_virtio 9p overlay virtio_rng)

# vm_kernel_release SERIES: prints the newest installed release of SERIES (6.1, 6.12, or a full
# release name such as 6.1.0-57-amd64) that has both an image in /boot and its modules.
vm_kernel_release() {
	local series=$1 re
	case $series in
	6.1) re='^6\.1\.0-[0-9]+-amd64$' ;;
	6.12) re='^6\.12\.[0-9]+\+deb12-amd64$' ;;
	*) re="^$(printf '%s' "$series" | sed 's/[].[^$*+?(){}|\\]/\\&/g')\$" ;;
	esac
	local rel image
	for rel in $(for image in /boot/vmlinuz-*; do printf '%s\n' "${image#/boot/vmlinuz-}"; done |
		grep -E "$re" | sort -rV); do
		if [[ -d /lib/modules/$rel/kernel ]]; then
			printf '%s\n' "$rel"
			return 0
		fi
	done
	return 1
}

# vm_cache_dir: where extracted kernels and initramfs images are kept between runs.
vm_cache_dir() {
	printf '%s/sonde-vm\n' "${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}"
}

# vm_hash FILE...: one short hash over the contents of all FILEs, in order.
vm_hash() {
	sha256sum "$@" | awk '{ print $1 }' | sha256sum | cut -c1-16
}

# le32 FILE OFFSET: the little-endian 32-bit unsigned integer at OFFSET of FILE.
le32() {
	od -An -t u4 -j "$2" -N 4 "$1" | tr -d ' '
}

# vm_extract_vmlinux BZIMAGE OUT: writes the ELF kernel inside BZIMAGE to OUT. The boot protocol
# header says where the compressed payload sits (payload_offset/length, relative to the protected-mode
# code after the setup sectors); its last 4 bytes are the decompressed size, not compressed data.
vm_extract_vmlinux() {
	local img=$1 out=$2
	local setup_sects offset length
	setup_sects=$(od -An -t u1 -j $((0x1f1)) -N 1 "$img" | tr -d ' ')
	[[ $setup_sects -eq 0 ]] && setup_sects=4
	offset=$(( (setup_sects + 1) * 512 + $(le32 "$img" $((0x248))) ))
	length=$(( $(le32 "$img" $((0x24c))) - 4 ))
	local magic
	magic=$(od -An -t x1 -j "$offset" -N 4 "$img" | tr -d ' ')
	local -a decompress
	case $magic in
	fd377a58) decompress=(xz -dc) ;;
	28b52ffd) decompress=(zstd -dcq) ;;
	1f8b*) decompress=(gzip -dc) ;;
	*) echo "vm: $img: unknown kernel payload (magic $magic)" >&2; return 1 ;;
	esac
	dd if="$img" iflag=skip_bytes,count_bytes skip="$offset" count="$length" bs=1M status=none |
		"${decompress[@]}" >"$out.tmp.$$" || {
		rm -f "$out.tmp.$$"
		echo "vm: $img: could not decompress the kernel payload" >&2
		return 1
	}
	if [[ $(od -An -c -j 1 -N 3 "$out.tmp.$$" | tr -d ' ') != ELF ]]; then
		rm -f "$out.tmp.$$"
		echo "vm: $img: the kernel payload is not an ELF file" >&2
		return 1
	fi
	mv -f "$out.tmp.$$" "$out"
}

# vm_module_files REL: the module files to load for VM_MODULES, dependencies first, each once
# (built-in ones are skipped).
vm_module_files() {
	local rel=$1 m
	for m in "${VM_MODULES[@]}"; do
		modprobe -S "$rel" --show-depends "$m" || return 1
	done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }'
}

# vm_build_initrd REL INIT OUT: an uncompressed newc cpio with static busybox as /bin/busybox, INIT
# as /init, the modules (decompressed: busybox insmod reads plain .ko) and their load order.
vm_build_initrd() {
	local rel=$1 init=$2 out=$3
	local root
	root=$(mktemp -d "${TMPDIR:-/tmp}/sonde-vm-initrd.XXXXXX")
	mkdir -p "$root"/{bin,dev,proc,sys,lib/modules}
	cp /bin/busybox "$root/bin/busybox"
	cp "$init" "$root/init"
	chmod 755 "$root/init"
	local f name
	while read -r f; do
		name=$(basename "$f")
		case $f in
		*.ko.xz) xz -dc "$f" >"$root/lib/modules/${name%.xz}" ;;
		*.ko.zst) zstd -dcq "$f" >"$root/lib/modules/${name%.zst}" ;;
		*) cp "$f" "$root/lib/modules/$name" ;;
		esac
		printf '%s\n' "${name%.ko*}.ko" >>"$root/modules"
	done < <(vm_module_files "$rel")
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$out.tmp.$$"
	rm -rf "$root"
	mv -f "$out.tmp.$$" "$out"
}

# vm_prepare SERIES INIT: sets VM_REL, VM_VMLINUX and VM_INITRD, building what the cache lacks.
# A new entry replaces the older ones of the same release.
vm_prepare() {
	local series=$1 init=$2
	VM_REL=$(vm_kernel_release "$series") || {
		echo "vm: no installed kernel $series (/boot/vmlinuz-* with /lib/modules): run tests/vm/deps.sh" >&2
		return 1
	}
	local cache
	cache=$(vm_cache_dir)
	mkdir -p "$cache"
	local image=/boot/vmlinuz-$VM_REL
	VM_VMLINUX=$cache/vmlinux-$VM_REL-$(vm_hash "$image")
	if [[ ! -s $VM_VMLINUX ]]; then
		rm -f "$cache/vmlinux-$VM_REL-"*
		vm_extract_vmlinux "$image" "$VM_VMLINUX" || return 1
	fi
	local -a inputs
	mapfile -t inputs < <(vm_module_files "$VM_REL")
	[[ ${#inputs[@]} -gt 0 ]] || { echo "vm: no modules found for $VM_REL" >&2; return 1; }
	VM_INITRD=$cache/initrd-$VM_REL-$(vm_hash /bin/busybox "$init" "${inputs[@]}").cpio
	if [[ ! -s $VM_INITRD ]]; then
		rm -f "$cache/initrd-$VM_REL-"*
		vm_build_initrd "$VM_REL" "$init" "$VM_INITRD" || return 1
	fi
}
