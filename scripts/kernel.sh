#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch one of Debian's kernels (image, headers, kbuild) into the kit's
# private cache, without installing anything on the host and without
# touching the system's apt configuration.
#
#   kernel.sh dir 6.1     fetch if needed, print the kernel's cache dir
#   kernel.sh tools 6.1   fetch linux-source once, print a dir with the
#                         kselftest headers and checkpatch taken from it
#   kernel.sh update      forget which package each series resolved to
#
# The cache dir holds root/ (the extracted packages), vmlinux (the kernel
# unpacked from vmlinuz: under TCG, QEMU boots it through its PVH entry
# about 5 s faster than it unpacks itself) and kernel.env (KVER, KDIR,
# VMLINUZ, VMLINUX, MODDIR), written last, so a dir without it is a
# partial extraction and is redone.
set -euo pipefail

cache=${KIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kernel-kit}
apt_dir=$cache/apt
debs=$cache/debs

say() { printf 'kernel: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

apt_opts=(
	-o "Dir::State=$apt_dir/state"
	-o "Dir::Cache=$apt_dir/cache"
	-o "Dir::Etc::SourceList=$apt_dir/sources.list"
	-o "Dir::Etc::SourceParts=/dev/null"
	-o "Dir::Etc::Preferences=/dev/null"
	-o "Dir::Etc::PreferencesParts=/dev/null"
	-o "Dir::State::status=/dev/null"
	-o "Debug::NoLocking=1"
	-o "APT::Sandbox::User=root"
)

# A private apt tree: Debian 12 with security updates and backports.
apt_setup() {
	mkdir -p "$apt_dir/state/lists/partial" "$apt_dir/cache/archives/partial"
	cat >"$apt_dir/sources.list" <<SRC
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
deb http://deb.debian.org/debian bookworm-backports main
SRC
	# apt dates the lists by the archive's clock: keep our own stamp.
	if [ -z "$(find "$apt_dir/updated" -mmin -1440 2>/dev/null)" ]; then
		say "updating the private package lists"
		apt-get "${apt_opts[@]}" -q update >&2 || die "apt-get update failed"
		touch "$apt_dir/updated"
	fi
}

# The first record's field.  awk reads to the end: an early exit would
# kill apt-cache with SIGPIPE, and pipefail would end the script with
# no word of why.
field() { # field PKG=VER NAME
	apt-cache "${apt_opts[@]}" show "$1" 2>/dev/null |
		awk -v f="$2:" '$1 == f && !done { sub(/^[^:]*: */, ""); print; done = 1 }'
}

# The newest linux-image-amd64 of the series picks the ABI and version.
resolve() { # resolve SERIES -> writes $cache/kernels/SERIES.pin
	local series=$1 ver image headers dep pin=$cache/kernels/$1.pin
	apt_setup
	ver=$(apt-cache "${apt_opts[@]}" madison linux-image-amd64 |
		awk -v s="$series." '{ v = $3 } index(v, s) == 1 { print v }' |
		sort -V | tail -n 1)
	[ -n "$ver" ] || die "no Debian 12 kernel of series $series (try 6.1 or 6.12)"
	image=$(field "linux-image-amd64=$ver" Depends | sed 's/ .*//')
	headers=$(field "linux-headers-amd64=$ver" Depends | sed 's/ .*//')
	dep=$(field "$headers=$ver" Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//' |
		grep -E '^linux-(headers-.*-common|kbuild-)' | tr '\n' ' ')
	mkdir -p "$cache/kernels"
	printf 'VERSION=%s\nABI=%s\nPACKAGES="%s %s %s"\n' "$ver" \
		"${image#linux-image-}" "$image" "$headers" "$dep" >"$pin.tmp"
	mv "$pin.tmp" "$pin"
}

# Download one package and check it against the archive's SHA256, so a
# damaged or truncated file in the cache is fetched again.
fetch_deb() { # fetch_deb PKG VER -> prints path
	local pkg=$1 ver=$2 sum f d
	sum=$(field "$pkg=$ver" SHA256)
	[ -n "$sum" ] || die "$pkg $ver is not in the archive any more; run: make kernel-update"
	mkdir -p "$debs"
	f=
	for d in "$debs/${pkg}_"*.deb; do
		if [ -f "$d" ] && [ "$(sha256sum <"$d" | cut -d' ' -f1)" = "$sum" ]; then
			f=$d
			break
		fi
	done
	if [ -z "$f" ]; then
		printf 'kernel: downloading %s %s (%d MiB):' "$pkg" "$ver" \
			$(( $(field "$pkg=$ver" Size) / 1048576 )) >&2
		rm -f "$debs/${pkg}_"*.deb
		# apt shows no progress without a terminal: print its status
		# lines (APT::Status-Fd) as a percentage on one line.
		(cd "$debs" && apt-get "${apt_opts[@]}" -o APT::Status-Fd=3 \
			download "$pkg=$ver" 3>&1 >/dev/null) |
			awk -F: '/^dlstatus/ && int($3 / 10) > step {
					step = int($3 / 10)
					printf " %d%%", step * 10 > "/dev/stderr"
				}
				END { print "" > "/dev/stderr" }'
		[ "${PIPESTATUS[0]}" -eq 0 ] || die "download of $pkg failed"
		f=$(find "$debs" -name "${pkg}_*.deb" -print -quit)
		[ "$(sha256sum <"$f" | cut -d' ' -f1)" = "$sum" ] ||
			{ rm -f "$f"; die "$pkg: checksum mismatch, removed; run again"; }
	fi
	echo "$f"
}

# The compressed kernel sits inside vmlinuz after the boot stub: find its
# magic and unpack it (trailing data after the stream is expected).
unpack_vmlinux() { # unpack_vmlinux VMLINUZ OUT
	local off
	if off=$(grep -abo -m1 $'\xfd7zXZ\x00' "$1" | cut -d: -f1) && [ -n "$off" ]; then
		tail -c +$((off + 1)) "$1" | xz -dc --single-stream >"$2.tmp" 2>/dev/null || true
	elif off=$(grep -abo -m1 $'\x28\xb5\x2f\xfd' "$1" | cut -d: -f1) && [ -n "$off" ]; then
		tail -c +$((off + 1)) "$1" | zstd -dcq >"$2.tmp" 2>/dev/null || true
	fi
	[ "$(head -c 4 "$2.tmp" 2>/dev/null)" = $'\x7fELF' ] ||
		die "cannot unpack the kernel from $1"
	mv "$2.tmp" "$2"
}

fetch() { # fetch SERIES -> prints the kernel dir
	local series=$1 pin=$cache/kernels/$1.pin dir p d root hdr VERSION ABI PACKAGES
	[ -f "$pin" ] || resolve "$series"
	. "$pin"
	dir=$cache/kernels/$ABI
	if ! grep -qs '^VMLINUX=' "$dir/kernel.env"; then
		apt_setup
		rm -rf "$dir"
		root=$dir/root
		mkdir -p "$root"
		for p in $PACKAGES; do
			d=$(fetch_deb "$p" "$VERSION")
			say "unpacking $(basename "$d")"
			dpkg-deb -x "$d" "$root" || die "cannot unpack $d"
		done
		hdr=$root/usr/src/linux-headers-$ABI
		# The arch headers include the common tree by an absolute path.
		sed -i "s|/usr/src/linux-headers-|$root/usr/src/linux-headers-|g" \
			"$hdr/Makefile"
		[ -f "$root/boot/vmlinuz-$ABI" ] || die "no kernel image in $series packages"
		unpack_vmlinux "$root/boot/vmlinuz-$ABI" "$dir/vmlinux"
		cat >"$dir/kernel.env.tmp" <<ENV
KVER=$ABI
KDIR=$hdr
VMLINUZ=$root/boot/vmlinuz-$ABI
VMLINUX=$dir/vmlinux
MODDIR=$root/lib/modules/$ABI
ENV
		mv "$dir/kernel.env.tmp" "$dir/kernel.env"
		say "Debian kernel $ABI ($VERSION) ready in $dir"
	fi
	echo "$dir"
}

# The kselftest harness, checkpatch and kunit's KTAP parser come from
# Debian's linux-source: only the files the kit uses are kept.
tool_files=('*/tools/testing/selftests/kselftest_harness.h'
	'*/tools/testing/selftests/kselftest.h'
	'*/scripts/checkpatch.pl' '*/scripts/spelling.txt'
	'*/scripts/const_structs.checkpatch' '*/.clang-format'
	'*/tools/testing/kunit/*.py')
tools() { # tools SERIES -> prints the tools dir
	local pin=$cache/kernels/$1.pin dir VERSION ABI PACKAGES d src
	[ -f "$pin" ] || resolve "$1"
	. "$pin"
	dir=$cache/source/$VERSION
	# The marker lists what was taken: a cache made when the kit took
	# less is completed.
	if [ "$(cat "$dir/complete" 2>/dev/null)" != "${tool_files[*]}" ]; then
		apt_setup
		src=linux-source-$1
		d=$(fetch_deb "$src" "$VERSION")
		rm -rf "$dir" && mkdir -p "$dir"
		say "extracting the kselftest headers, checkpatch and kunit's parser from $src"
		dpkg-deb --fsys-tarfile "$d" | tar -xO --wildcards '*.tar.xz' |
			tar -xJ -C "$dir" --strip-components=1 --wildcards "${tool_files[@]}" ||
			die "cannot extract from $src"
		echo "${tool_files[*]}" >"$dir/complete"
	fi
	echo "$dir"
}

case ${1:-} in
tools) [ $# -eq 2 ] || die "usage: kernel.sh tools SERIES"; tools "$2" ;;
dir) [ $# -eq 2 ] || die "usage: kernel.sh dir SERIES"; fetch "$2" ;;
update) rm -f "$cache"/kernels/*.pin; say "kernel pins dropped; the next build resolves again" ;;
*) die "usage: kernel.sh dir SERIES | tools SERIES | update" ;;
esac
