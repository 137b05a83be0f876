#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# initramfs.sh KERNEL_ENV OUT DIR... - pack the VM's root filesystem:
# static busybox, the guest scripts, each DIR's modules (built for that
# kernel) and programs (from build/user/DIR), and the in-tree modules
# that the kit's modules depend on, as an uncompressed cpio archive OUT.
# A DIR given as an absolute path is a chapter laid out already (the
# exercises' checkers stage their variants so): it is copied as it is.
set -euo pipefail
kenv=$1 out=$2
shift 2
. "$kenv"
top=$(cd "$(dirname "$0")/.." && pwd)

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
chmod 755 "$root"
mkdir -p "$root"/{bin,dev,etc,proc,root,sys,tmp,kit}
chmod 1777 "$root/tmp"

cp /bin/busybox "$root/bin/busybox"
# Every applet a link to busybox, made by one process: a fork per link
# costs seconds on a busy host.
perl -e '$dir = shift; for (@ARGV) {
	next if $_ eq "busybox";
	symlink("busybox", "$dir/$_") or die "$dir/$_: $!\n" }' \
	"$root/bin" $("$root/bin/busybox" --list)
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' \
	>"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
install -m 755 "$top/scripts/guest/init" "$root/init"
install -m 755 "$top/scripts/guest/runner" "$top/scripts/guest/tour" \
	"$top/scripts/guest/export" "$root/kit/"

depends=
for dir in "$@"; do
	dest=$root/kit/$(basename "$dir")
	mkdir -p "$dest"
	case $dir in
	/*) cp -R "$dir/." "$dest/" ;;
	*) cp "$top/$dir"/*.ko "$dest/" 2>/dev/null || true ;;
	esac
	for ko in "$dest"/*.ko; do
		[ -e "$ko" ] || continue
		depends="$depends $(modinfo -F depends "$ko" | tr ',' ' ')"
	done
	case $dir in /*) continue ;; esac
	[ -d "$top/build/user/$dir" ] || continue
	(cd "$top/build/user/$dir" && find . -type f -perm -u+x) |
		while read -r prog; do
			mkdir -p "$(dirname "$dest/$prog")"
			cp "$top/build/user/$dir/$prog" "$dest/$prog"
		done
done

# In-tree modules the kit's modules need, dependencies first, unpacked
# because busybox's insmod does not read .ko.xz.  Debian's image package
# leaves modules.dep to depmod at installation: when the cache has none,
# a dry run of depmod computes it, once, beside OUT (its output starts
# with modules.dep, up to the first comment line).
moddep=$MODDIR/modules.dep
if [ ! -e "$moddep" ]; then
	moddep=$(dirname "$out")/modules.dep.$KVER
	if [ ! -s "$moddep" ]; then
		mkdir -p "$(dirname "$out")"
		depmod -n -b "${MODDIR%/lib/modules/*}" "$KVER" 2>/dev/null |
			sed '/^#/,$d' >"$moddep.tmp"
		mv "$moddep.tmp" "$moddep"
	fi
fi
: >"$root/kit/modules"
declare -A seen=()
add_module() { # add_module NAME
	local name=$1 path dep line
	line=$(grep -E "(^|/)${name//_/[_-]}\\.ko(\\.xz)?:" "$moddep" || true)
	[ -n "$line" ] || return 0	# built in
	path=${line%%:*}
	[ -z "${seen[$path]:-}" ] || return 0
	seen[$path]=1
	for dep in ${line#*:}; do
		dep=$(basename "$dep")
		add_module "${dep%%.ko*}"
	done
	mkdir -p "$root/lib/modules/$KVER/$(dirname "$path")"
	case $path in
	*.xz) xz -dc "$MODDIR/$path" >"$root/lib/modules/$KVER/${path%.xz}" ;;
	*) cp "$MODDIR/$path" "$root/lib/modules/$KVER/$path" ;;
	esac
	echo "/lib/modules/$KVER/${path%.xz}" >>"$root/kit/modules"
}
for name in $(echo "$depends" | tr ' ' '\n' | sort -u); do
	add_module "$name"
done

mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
