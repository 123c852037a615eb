#!/usr/bin/env bash
# Runs README's two commands (scripts/quickstart.sh, then scripts/test.sh) as root in a fresh
# Debian 12 minbase root, so an install step the project forgot fails here rather than only in CI
# (this machine has packages installed by hand that CI lacks). The minbase root is built once
# with debootstrap and kept as a pristine tarball; every check unpacks it anew, clones this
# repository's HEAD commit into it (uncommitted changes are not included) and chroots there.
#
# Usage: bash scripts/fresh-check.sh [--keep] [--rebuild]   (as root)
#   --keep     leave the work root ($FRESH_DIR/root, unmounted) for inspection
#   --rebuild  debootstrap the pristine minbase root again
# FRESH_DIR (default /tmp/sonde-fresh) holds the tarball and the work root; FRESH_MIRROR overrides
# the Debian mirror (default: the first bookworm source of this machine's apt); JOBS is passed on.
set -euo pipefail

fresh_dir=${FRESH_DIR:-/tmp/sonde-fresh}
pristine=$fresh_dir/minbase-bookworm.tar
root=$fresh_dir/root
keep=0
rebuild=0
for arg in "$@"; do
	case $arg in
	--keep) keep=1 ;;
	--rebuild) rebuild=1 ;;
	-h | --help) sed -n '8,12s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "fresh-check: unknown option '$arg' (try --help)" >&2; exit 2 ;;
	esac
done
[[ $(id -u) -eq 0 ]] || { echo "fresh-check: must run as root (debootstrap, mount, chroot)" >&2; exit 2; }

repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
commit=$(git -C "$repo" rev-parse HEAD)
shared=$(dirname "$repo")/shared

current_step=setup
step_start=0
timings=()

# step NAME COMMAND...: runs COMMAND as the named step and records how long it took.
step() {
	current_step=$1
	step_start=$SECONDS
	shift
	echo "== fresh-check: $current_step"
	"$@"
	timings+=("$(printf '  %-12s %5d s' "$current_step" $((SECONDS - step_start)))")
	echo "== fresh-check: $current_step done in $((SECONDS - step_start)) s"
}

# The first "deb" source for bookworm with the main component, in either apt source format.
host_mirror() {
	local file
	for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[[ -r $file ]] || continue
		# "deb [options] URI SUITE COMPONENT...", options dropped first.
		sed -E 's/\[[^]]*\]//' "$file" |
			awk '$1 == "deb" && $3 == "bookworm" { for (i = 4; i <= NF; i++) if ($i == "main") print $2 }'
	done
	for file in /etc/apt/sources.list.d/*.sources; do
		[[ -r $file ]] || continue
		# deb822: stanzas of "Field: value" lines separated by blank lines.
		awk 'function has(list, word) { return (" " list " ") ~ (" " word " ") }
		     function flush() {
		         if (has(types, "deb") && has(suites, "bookworm") && has(comps, "main") && uri != "") print uri
		         types = suites = comps = uri = ""
		     }
		     /^[ \t]*$/ { flush(); next }
		     /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
		     /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
		     /^Components:/ { sub(/^Components:[ \t]*/, ""); comps = $0 }
		     /^URIs:/ { uri = $2 }
		     END { flush() }' "$file"
	done
}

install_debootstrap() {
	if command -v debootstrap >/dev/null; then
		echo "debootstrap already installed"
		return
	fi
	DEBIAN_FRONTEND=noninteractive apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap
}

# Debootstraps into a scratch directory and keeps only its tarball, so no check can alter it.
build_minbase() {
	if [[ -f $pristine && $rebuild -eq 0 ]]; then
		echo "reusing $pristine (built $(date -r "$pristine" '+%F %T'); --rebuild to redo)"
		return
	fi
	local mirror=${FRESH_MIRROR:-$(host_mirror | head -n1)}
	if [[ -z $mirror ]]; then
		mirror=http://deb.debian.org/debian
		echo "no bookworm source found in /etc/apt; using $mirror"
	fi
	local scratch=$fresh_dir/minbase.tmp
	rm -rf --one-file-system "$scratch" "$pristine"
	echo "debootstrap --variant=minbase bookworm from $mirror"
	debootstrap --variant=minbase bookworm "$scratch" "$mirror"
	tar --numeric-owner --xattrs --xattrs-include='*' -C "$scratch" -cf "$pristine.tmp" .
	mv "$pristine.tmp" "$pristine"
	rm -rf --one-file-system "$scratch"
	du -h "$pristine"
}

# Everything mounted at or under the work root, deepest first.
mounts_under_root() {
	findmnt -rn -o TARGET | awk -v r="$root" '$0 == r || index($0, r "/") == 1' | sort -ru
}

# Unmounts everything under the work root (lazily if busy); fails if anything is still mounted.
unmount_root() {
	local target
	while read -r target; do
		umount -R "$target" 2>/dev/null || umount -R -l "$target" 2>/dev/null || true
	done < <(mounts_under_root)
	if [[ -n $(mounts_under_root) ]]; then
		echo "fresh-check: still mounted under $root: $(mounts_under_root | tr '\n' ' ')" >&2
		return 1
	fi
}

unpack_root() {
	unmount_root   # a check killed before its trap ran may have left mounts
	rm -rf --one-file-system "$root"
	mkdir -p "$root"
	tar --numeric-owner --xattrs --xattrs-include='*' -C "$root" -xf "$pristine"
}

clone_repo() {
	echo "checking commit $(git -C "$repo" log -1 --format='%h %s' "$commit")"
	echo "uncommitted changes are NOT included: only what is committed at HEAD is checked"
	local dirty
	dirty=$(git -C "$repo" status --porcelain | wc -l)
	[[ $dirty -eq 0 ]] || echo "note: $repo has $dirty uncommitted change(s), left out of this check"
	mkdir -p "$root/work"
	git clone -q --no-hardlinks --no-checkout "$repo" "$root/work/main"
	git -C "$root/work/main" checkout -q --detach "$commit"
}

# proc, sys and dev from the host (sys and dev recursively, for bpffs, tracefs, debugfs and
# devpts), made slaves so unmounting them here never propagates back; shared read-only.
mount_root() {
	mount --bind /proc "$root/proc"
	mount --rbind /sys "$root/sys"
	mount --make-rslave "$root/sys"
	mount --rbind /dev "$root/dev"
	mount --make-rslave "$root/dev"
	if [[ -d $shared ]]; then
		mkdir -p "$root/work/shared"
		mount --bind "$shared" "$root/work/shared"
		mount -o remount,bind,ro "$root/work/shared"
		echo "$shared mounted read-only at /work/shared"
	else
		echo "no $shared beside the repository: /work/shared left empty"
	fi
	cp -L /etc/resolv.conf "$root/etc/resolv.conf"
}

# in_root SCRIPT: runs bash SCRIPT from /work/main in the root with a clean login-like environment.
in_root() {
	echo "# chroot $root: cd /work/main && bash $1"
	chroot "$root" /usr/bin/env -i -C /work/main HOME=/root TERM="${TERM:-dumb}" ${JOBS:+JOBS=$JOBS} \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin bash "$1"
}

finish() {
	local status=$1
	trap - EXIT INT TERM HUP
	[[ $status -eq 0 ]] || timings+=("$(printf '  %-12s %5d s  FAILED' "$current_step" $((SECONDS - step_start)))")
	if [[ -d $root ]] && ! unmount_root; then
		keep=1   # never delete a tree something is still mounted into
	fi
	if [[ $keep -eq 1 && -d $root ]]; then
		echo "fresh-check: work root kept at $root"
	elif [[ -d $root ]]; then
		rm -rf --one-file-system "$root"
	fi
	echo "== fresh-check timings:"
	printf '%s\n' "${timings[@]}"
	echo "  total        $(printf '%5d' "$SECONDS") s"
	if [[ $status -eq 0 ]]; then
		echo "== fresh-check: PASSED on commit ${commit:0:12}: quickstart.sh and test.sh work on a fresh Debian 12"
	else
		echo "== fresh-check: FAILED in step '$current_step' (exit $status) on commit ${commit:0:12}" >&2
		[[ $keep -eq 1 ]] || echo "   rerun with --keep to inspect the root afterwards" >&2
	fi
	exit "$status"
}

mkdir -p "$fresh_dir"
exec 9>"$fresh_dir/lock"
flock -n 9 || { echo "fresh-check: another check holds $fresh_dir/lock" >&2; exit 2; }
trap 'finish $?' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

step host-deps install_debootstrap
step minbase build_minbase
step unpack unpack_root
step clone clone_repo
step mount mount_root
step quickstart in_root scripts/quickstart.sh
step test in_root scripts/test.sh
