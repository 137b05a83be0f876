#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# initramfs.sh [--no-tests] [--with PROGRAM]... KERNEL_ENV OUT DIR... - pack the VM's
# root filesystem: static busybox, the guest scripts, each DIR's modules
# (built for that kernel), programs (from build/user/DIR) and test
# scripts (executable files in DIR/tests/ that are not C), and the
# in-tree modules that the kit's modules depend on, as an uncompressed
# cpio archive OUT.  OUT.tests gets the list of tests (/kit/tests in the
# VM); --no-tests leaves the tests out (the tour needs none).  --with
# adds a host program (the outside stressors) in /usr/bin, with the
# shared libraries ldd finds for it.
# A DIR given as an absolute path is a chapter laid out already (the
# exercises' checkers stage their variants so): it is copied as it is.
set -euo pipefail
export LC_ALL=C
with=() tests=1
while [ $# -gt 0 ]; do
	case $1 in
	--with) with+=("$2"); shift ;;
	--no-tests) tests= ;;
	*) break ;;
	esac
	shift
done
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
# The shell's prompt says where it runs (make shell).
printf "PS1='kit-vm:\\w# '\n" >"$root/etc/profile"
install -m 755 "$top/scripts/guest/init" "$root/init"
install -m 755 "$top/scripts/guest/runner" "$top/scripts/guest/tour" \
	"$top/scripts/guest/export" "$top/scripts/guest/bench" \
	"$top/scripts/guest/debug" "$root/kit/"
# The runner's check of what a test left behind is the fuzzer's walk.
if [ -n "$tests" ]; then
	install -m 755 "$top/build/user/scripts/stress/fuzz" "$root/kit/" ||
		{ echo "initramfs: build the fuzzer first (make user)" >&2; exit 1; }
fi

depends= skip=()
[ -n "$tests" ] || skip=(-path ./tests -prune -o)
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
	for t in "$top/$dir"/tests/*; do
		[ -n "$tests" ] || break
		[ -f "$t" ] && [ -x "$t" ] && [ "${t%.c}" = "$t" ] || continue
		mkdir -p "$dest/tests"
		cp "$t" "$dest/tests/"
	done
	[ -d "$top/build/user/$dir" ] || continue
	(cd "$top/build/user/$dir" && find . "${skip[@]}" -type f -perm -u+x -print) |
		while read -r prog; do
			mkdir -p "$(dirname "$dest/$prog")"
			cp "$top/build/user/$dir/$prog" "$dest/$prog"
		done
done

for prog in "${with[@]}"; do
	path=$(command -v "$prog") || { echo "initramfs: no $prog on this host" >&2; exit 1; }
	mkdir -p "$root/usr/bin"
	cp "$path" "$root/usr/bin/"
	for lib in $(ldd "$path" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
done

# The list of tests, "CHAPTER PROGRAM TEST [PREREQUISITE...]" a line, in
# the order they run: the VM's runner and the host's check.sh both
# number tests by it.  --list only prints names, so the static test
# programs run here too.  A chapter with a points table (the exercises)
# runs its tests in the table's order, each with the prerequisites its
# line names from the fourth word on.
for dir in "$@"; do
	ch=$(basename "$dir")
	for t in "$root/kit/$ch"/tests/*; do
		# A link to a program elsewhere in the VM (the exercises'
		# checkers) is read from the packed tree.
		bin=$t
		case $(readlink "$t") in /*) bin=$root$(readlink "$t") ;; esac
		[ -x "$bin" ] || continue
		"$bin" --list | sed "s|^|$ch /kit/$ch/tests/$(basename "$t") |"
	done >"$root/chapter"
	if [ -f "$root/kit/$ch/points" ]; then
		awk -v ch="$ch" 'NR == FNR {
			if (!NF || $1 ~ /^#/) next
			order[$1] = ++n; needs[$1] = ""
			for (i = 4; i <= NF; i++) needs[$1] = needs[$1] " " $i
			next
		}
		{ t = $3; sub(/^global\./, "", t); sub("^" ch "\\.", "", t)
		  print (t in order ? order[t] : n + FNR), $0 needs[t] }' \
			"$root/kit/$ch/points" "$root/chapter" | sort -n | cut -d' ' -f2-
	else
		cat "$root/chapter"
	fi
	rm -f "$root/chapter"
done >"$root/kit/tests"
mkdir -p "$(dirname "$out")"
cp "$root/kit/tests" "$out.tests"

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
		# A file of this run's own: packs may run side by side.
		depmod -n -b "${MODDIR%/lib/modules/*}" "$KVER" 2>/dev/null |
			sed '/^#/,$d' >"$moddep.$$"
		mv -f "$moddep.$$" "$moddep"
	fi
fi
: >"$root/kit/modules"
declare -A seen=()
add_module() { # add_module NAME
	local name=$1 path dep line
	line=$(grep -E "(^|/)${name//_/[_-]}\\.ko(\\.xz)?:" "$moddep" || true)
	if [ -z "$line" ]; then
		grep -qE "/${name//_/[_-]}\.ko\$" "$MODDIR/modules.builtin" ||
			{ echo "initramfs: no module $name in $KVER" >&2; exit 1; }
		return 0	# built into the kernel
	fi
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

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
