#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch one of Debian's kernels (image, headers, kbuild) into the kit's
# private cache, without installing anything on the host and without
# touching the system's apt configuration.
#
#   kernel.sh dir 6.1     fetch if needed, print the kernel's cache dir
#   kernel.sh dir debug   the kit's sanitizer kernel, built from the
#                         linux-source of $DEBUG_SERIES (debug-kernel.sh)
#   kernel.sh tools 6.1   fetch linux-source once, print a dir with the
#                         kselftest headers and checkpatch taken from it
#   kernel.sh list        the series Debian carries in the suites read
#   kernel.sh newest      the newest of them
#   kernel.sh update      forget which package each series resolved to
#
# The cache dir holds root/ (the extracted packages), vmlinux (the kernel
# unpacked from vmlinuz: under TCG, QEMU boots it through its PVH entry
# about 5 s faster than it unpacks itself) and kernel.env (KVER, KDIR,
# VMLINUZ, VMLINUX, MODDIR, and BUILDROOT: the build root its modules are
# built in, empty where the host builds them), written last, so a dir
# without it is a partial extraction and is redone.
set -euo pipefail

cache=${KIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kernel-kit}
# apt/ held the lists of Debian 12 alone; apt2/ adds trixie-backports.
apt_dir=$cache/apt2
debs=$cache/debs
# The cache may be shared by the users of one group (a group-owned,
# setgid KIT_CACHE): what is made here stays writable by that group.
umask 002
# Debian keeps depmod and friends in /usr/sbin, off a user's PATH.
PATH=$PATH:/usr/sbin:/sbin

say() { printf 'kernel: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# locked NAME CMD... - run CMD holding the cache's lock NAME, so that two
# builds on one cold cache never fetch or unpack the same thing at once.
# A lock file made by another user of the group is opened read-only:
# flock does not care.
locked() {
	local name=$1 fd
	shift
	mkdir -p "$cache/locks"
	{ exec {fd}<>"$cache/locks/$name"; } 2>/dev/null || exec {fd}<"$cache/locks/$name"
	flock "$fd"
	"$@"
	local rc=$?
	exec {fd}<&-
	return $rc
}

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

# The suites the kit reads: Debian 12 with its updates, security updates
# and backports, and Debian 13's backports for the newest kernels (not
# Debian 13 itself: its 6.12 is built with gcc-14, bookworm-backports'
# with gcc-12, which the host has).
suites="bookworm bookworm-updates bookworm-backports trixie-backports"

# host_repo SUITE...: the URI that the host's apt reads the first of
# these suites from (deb822 and one-line sources alike: apt lists them,
# slowly: $host_targets keeps its answer).
host_targets=
host_repo() {
	local s
	[ -n "$host_targets" ] ||
		host_targets=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null | sort -u)
	for s in "$@"; do
		echo "$host_targets" |
			awk -v s="$s" '$2 == s && !done { sub(/\/$/, "", $1); print $1; done = 1 }' |
			grep . && return 0
	done
	return 1
}

# A private apt tree with the kit's suites, from KIT_MIRROR or else the
# mirror the host's apt uses (so that a machine behind a local mirror or
# proxy is served as its apt is), security updates from
# KIT_SECURITY_MIRROR or the host's; the host's configuration (proxy,
# options) applies, its sources and state are left alone.
apt_setup() { locked apt apt_setup_locked; }
apt_setup_locked() {
	local m sec s codename want
	mkdir -p "$apt_dir/state/lists/partial" "$apt_dir/cache/archives/partial"
	# Lists younger than a day, read with the same overrides: nothing to do.
	# (apt dates the lists by the archive's clock: keep our own stamp.)
	want="KIT_MIRROR=${KIT_MIRROR:-} KIT_SECURITY_MIRROR=${KIT_SECURITY_MIRROR:-}"
	if [ -n "$(find "$apt_dir/updated" -mmin -1440 2>/dev/null)" ] &&
		[ "$(cat "$apt_dir/updated")" = "$want" ]; then
		return 0
	fi
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	m=${KIT_MIRROR:-$(host_repo bookworm "$codename" || true)}
	[ -n "$m" ] || die "no Debian mirror in the host's apt sources: set KIT_MIRROR=http://.../debian"
	sec=${KIT_SECURITY_MIRROR:-}
	[ -n "$sec" ] || [ -n "${KIT_MIRROR:-}" ] ||
		sec=$(host_repo bookworm-security "$codename-security" || true)
	{
		for s in $suites; do echo "deb ${m%/} $s main"; done
		[ -z "$sec" ] || echo "deb ${sec%/} bookworm-security main"
	} >"$apt_dir/sources.list"
	say "updating the private package lists (${m%/})"
	apt-get "${apt_opts[@]}" -q update >&2 || die "apt-get update failed"
	echo "$want" >"$apt_dir/updated"
}

# The Debian mirror of the private apt tree (for the build root).
mirror() { apt_setup; awk '{ print $2; exit }' "$apt_dir/sources.list"; }

# The first record's field.  awk reads to the end: an early exit would
# kill apt-cache with SIGPIPE, and pipefail would end the script with
# no word of why.
field() { # field PKG=VER NAME
	apt-cache "${apt_opts[@]}" show "$1" 2>/dev/null |
		awk -v f="$2:" '$1 == f && !done { sub(/^[^:]*: */, ""); print; done = 1 }'
}

# The names in a Depends field, without versions; of alternatives, the
# first (6.12's "image | image-unsigned" would fetch the kernel twice).
dep_names() { # dep_names PKG=VER
	field "$1" Depends | tr ',' '\n' | sed 's/^ *//; s/[ (:|].*//' | grep . || true
}

# Every version of linux-image-amd64 the suites carry, with its suite:
# "VERSION SUITE" lines.
images() {
	apt-cache "${apt_opts[@]}" madison linux-image-amd64 |
		awk -F'|' '{ gsub(/ /, "", $2); split($3, a, " "); sub(/\/.*/, "", a[2]); print $2, a[2] }'
}

# The series (major.minor) available now, oldest first.
series_list() {
	apt_setup
	images | awk '{ split($1, v, "."); print v[1] "." v[2] }' | sort -uV
}

# The packages of one kernel: the image and headers that the metapackages
# of version VER name, and their dependencies of the same version (the
# headers' common part and kbuild; on 7.x the image's binary, base and
# modules packages).  Both layouts follow from the Depends fields.
packages_of() { # packages_of VER
	local ver=$1 todo p d seen=" "
	todo=$(dep_names "linux-image-amd64=$ver" && dep_names "linux-headers-amd64=$ver")
	todo=$(echo "$todo" | grep -E '^linux-(image|headers)-' | grep -vxE 'linux-(image|headers)-amd64' || true)
	while [ -n "$todo" ]; do
		p=${todo%%$'\n'*}
		[ "$p" = "$todo" ] && todo= || todo=${todo#*$'\n'}
		case $seen in *" $p "*) continue ;; esac
		seen="$seen$p "
		echo "$p"
		for d in $(dep_names "$p=$ver" | grep '^linux-'); do
			[ -n "$(field "$d=$ver" Package)" ] && todo="$todo"$'\n'"$d"
		done
		todo=${todo#$'\n'}
	done
}

# The newest linux-image-amd64 of the series picks the ABI and version.
resolve() { locked "resolve-$1" resolve_locked "$1"; }
resolve_locked() { # resolve SERIES -> writes $cache/kernels/SERIES.pin
	local series=$1 line ver suite pkgs image headers deps p pin=$cache/kernels/$1.pin
	apt_setup
	line=$(images | awk -v s="$series." 'index($1, s) == 1' | sort -V | tail -n 1)
	[ -n "$line" ] || die "Debian has no kernel of series $series in $suites; these are: $(series_list | tr '\n' ' ')"
	ver=${line% *} suite=${line#* }
	pkgs=$(packages_of "$ver")
	image=$(echo "$pkgs" | awk '/^linux-image-/ && !done { print; done = 1 }')
	headers=$(echo "$pkgs" | awk '/^linux-headers-/ && !/-common$/ && !done { print; done = 1 }')
	[ -n "$image" ] || die "no linux-image package for $ver"
	# What the headers need from a build system (compiler, libraries),
	# should the host not have it: the build root gets these.
	deps=
	for p in $pkgs; do
		case $p in linux-headers-* | linux-kbuild-*)
			deps="$deps $(dep_names "$p=$ver" | { grep -v '^linux-' || true; } | tr '\n' ' ')" ;;
		esac
	done
	[ -n "$headers" ] || die "no linux-headers package for $ver"
	mkdir -p "$cache/kernels"
	printf 'VERSION=%s\nABI=%s\nPACKAGES="%s"\nSUITE=%s\nBUILD_DEPENDS="%s"\n' "$ver" \
		"${image#linux-image-}" "$(echo $pkgs)" "$suite" "$(echo $deps)" >"$pin.tmp"
	mv "$pin.tmp" "$pin"
}

# Download one package and check it against the archive's SHA256, so a
# damaged or truncated file in the cache is fetched again.
fetch_deb() { locked "deb-$1" fetch_deb_locked "$@"; }
fetch_deb_locked() { # fetch_deb PKG VER -> prints path
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

# The newest glibc version that the headers' kbuild programs (modpost,
# objtool, fixdep...) were linked against.
glibc_needed() { # glibc_needed HDR
	find -L "$1/scripts" "$1/tools" -type f -perm -u+x -print0 2>/dev/null |
		xargs -0 -r objdump -T 2>/dev/null |
		grep -o 'GLIBC_[0-9.]*[0-9]' | sed 's/GLIBC_//' | sort -uV | tail -n 1
}

# Does the host build modules for these headers?  Their config names the
# compiler (CONFIG_CC_VERSION_TEXT) and their programs the glibc they
# need; a host without that compiler or with an older glibc cannot.
host_builds() { # host_builds HDR
	local cc need have
	cc=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\([^ "]*\).*/\1/p' "$1/.config")
	[ -n "$cc" ] && command -v "$cc" >/dev/null || return 1
	need=$(glibc_needed "$1")
	have=$(getconf GNU_LIBC_VERSION | sed 's/.* //')
	[ -z "$need" ] || [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | tail -n 1)" = "$have" ]
}

# A build root of the kernel's own Debian release (the suite it came from,
# without -backports): minbase, make, sparse and what the headers depend
# on (their compiler, libraries, pahole).  Made once per suite and set of
# packages, unpacked from mmdebstrap's tarball as the calling user, so an
# ordinary user makes it through user namespaces (mode unshare), root
# directly.  scripts/buildroot.sh enters it.  Prints the root's path.
buildroot() { # buildroot SUITE PACKAGES...
	local suite=${1%%-*} pkgs dir
	shift
	pkgs=$(printf '%s\n' make sparse "$@" | sort -u | tr '\n' ',')
	pkgs=${pkgs%,}
	dir=$cache/buildroot/$suite-$(echo "$pkgs" | md5sum | cut -c1-8)
	locked "buildroot-${dir##*/}" buildroot_locked "$suite" "$pkgs" "$dir"
	echo "$dir/root"
}
buildroot_locked() {
	local suite=$1 pkgs=$2 dir=$3 mode=root m start
	# Checked on each use: the marker is written last, and the programs
	# a build runs must be there.
	if [ -f "$dir/complete" ] && [ -x "$dir/root/usr/bin/make" ] &&
		[ -x "$dir/root/usr/bin/sparse" ] && [ -d "$dir/root/usr/lib" ]; then
		return 0
	fi
	[ "$(id -u)" -eq 0 ] || mode=unshare
	# uidmap: newuidmap, for mmdebstrap's unshare mode (non-root).
	"$(dirname "$0")/deps.sh" buildroot >&2 || exit 1
	m=$(mirror)
	say "making a Debian $suite build root in $dir (once; about 400 MB)"
	rm -rf "$dir"
	mkdir -p "$dir/root" "$dir/mnt"
	start=$SECONDS
	# mmdebstrap prints its progress on stderr; the tarball is unpacked
	# as this user (no device nodes: the build root gets the host's /dev).
	if ! mmdebstrap --mode=$mode --variant=minbase --format=tar --skip=output/dev \
		--include="$pkgs" "$suite" - "$m" | tar -x --no-same-owner -C "$dir/root"; then
		rm -rf "$dir"
		[ $mode = root ] || die "mmdebstrap could not make the build root as $(id -un) (it needs subordinate ids in /etc/subuid and /etc/subgid, package uidmap); as root, run:
  sudo mmdebstrap --mode=root --variant=minbase --format=tar --skip=output/dev --include=$pkgs $suite - $m | tar -x --no-same-owner -C $dir/root && sudo mkdir $dir/mnt $dir/root/dev && sudo touch $dir/complete"
		die "mmdebstrap could not make the build root"
	fi
	mkdir -p "$dir/root/dev"
	echo "$pkgs" >"$dir/complete"
	say "build root ready in $((SECONDS - start)) s"
}

fetch() { locked "kernel-$1" fetch_locked "$1"; }
fetch_locked() { # fetch SERIES -> prints the kernel dir
	local series=$1 pin=$cache/kernels/$1.pin dir p d root hdr image moddir broot
	local VERSION ABI PACKAGES SUITE=bookworm BUILD_DEPENDS=
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
		# Up to 6.12 the image is in /boot and the modules in /lib; from
		# 7.0 both are in /usr/lib/modules/ABI.
		image= moddir=
		for d in "$root/boot/vmlinuz-$ABI" "$root/usr/lib/modules/$ABI/vmlinuz"; do
			[ -f "$d" ] && image=$d
		done
		for d in "$root/lib/modules/$ABI" "$root/usr/lib/modules/$ABI"; do
			[ -d "$d/kernel" ] && moddir=$d
		done
		[ -n "$image" ] || die "no kernel image in the $series packages"
		[ -n "$moddir" ] || die "no modules in the $series packages"
		unpack_vmlinux "$image" "$dir/vmlinux"
		broot=
		if ! host_builds "$hdr"; then
			say "the $ABI headers need $(sed -n 's/^CONFIG_CC_VERSION_TEXT="\([^ "]*\).*/\1/p' \
				"$hdr/.config") and glibc $(glibc_needed "$hdr"): modules are built in a build root"
			# shellcheck disable=SC2086 # a list of package names
			broot=$(buildroot "$SUITE" $BUILD_DEPENDS)
		fi
		cat >"$dir/kernel.env.tmp" <<ENV
KVER=$ABI
KDIR=$hdr
VMLINUZ=$image
VMLINUX=$dir/vmlinux
MODDIR=$moddir
BUILDROOT=$broot
ENV
		mv "$dir/kernel.env.tmp" "$dir/kernel.env"
		say "Debian kernel $ABI ($VERSION) ready in $dir"
	fi
	# A build root removed or damaged since is made again.
	broot=$(sed -n 's/^BUILDROOT=//p' "$dir/kernel.env")
	if [ -n "$broot" ] && [ ! -f "${broot%/root}/complete" ]; then
		# shellcheck disable=SC2086
		broot=$(buildroot "$SUITE" $BUILD_DEPENDS)
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
tools() { locked "tools-$1" tools_locked "$1"; }
tools_locked() { # tools SERIES -> prints the tools dir
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
dir) [ $# -eq 2 ] || die "usage: kernel.sh dir SERIES"
	[ "$2" != debug ] || exec "$(dirname "$0")/debug-kernel.sh" dir "${DEBUG_SERIES:-7.3}"
	fetch "$2" ;;
list) # each series with the newest version Debian has of it, and where
	apt_setup
	images | sort -V | awk '{ split($1, v, "."); s = v[1] "." v[2]; last[s] = $0 }
		END { for (s in last) print s, last[s] }' | sort -V |
		awk '{ printf "%-6s %-22s %s\n", $1, $2, $3 }' ;;
newest) # apt-cache takes half a second, and every make asks: the answer
	# is kept until the package lists change.
	# A cache it cannot write to only costs the time.
	apt_setup
	kept=$cache/answers/newest
	if [ -s "$kept" ] && [ ! "$apt_dir/updated" -nt "$kept" ]; then
		cat "$kept"
	else
		newest=$(series_list | tail -n 1)
		echo "$newest"
		{ mkdir -p "$cache/answers" && echo "$newest" >"$kept.$$" &&
			mv -f "$kept.$$" "$kept"; } 2>/dev/null || rm -f "$kept.$$"
	fi ;;
update) rm -f "$cache"/kernels/*.pin "$apt_dir/updated"
	say "kernel pins dropped; the next build resolves again" ;;
*) die "usage: kernel.sh dir SERIES | tools SERIES | list | newest | update" ;;
esac
