#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh GROUP... - make sure the host has the Debian packages a target
# needs.  As root, install what is missing.  As anyone else, stop before
# anything is done and print the one command that installs, as root,
# every package the kit uses that is missing (not only this target's):
# after it, every target works as an ordinary user.
#
#   deps.sh build lint     the packages of these groups
#   deps.sh all            every group
set -euo pipefail
declare -A groups=(
	# gcc-multilib: the 32-bit programs (*_m32.c) that test compat ioctls.
	# bubblewrap: the sandbox of a submission's build (sandbox.sh).
	# pkg-config and the -dev packages: the libraries that programs'
	# <program>.pkg files name (the Makefile links them statically).
	[build]="gcc-12 gcc gcc-multilib make libc6-dev libelf1 kmod xz-utils zstd dwarves patch bubblewrap pkg-config libnl-genl-3-dev"
	[vm]="qemu-system-x86 busybox-static cpio"
	[lint]="sparse cppcheck clang clang-format"
	[stress]="stress-ng trinity"
	[bench]="gnuplot-nox"
	# make check drives make shell and make debug in a terminal.
	[terminal]="tmux gdb"
	# A Debian 13 build root for the kernels whose headers need one,
	# made without root (mmdebstrap --mode=unshare, newuidmap).
	[buildroot]="mmdebstrap uidmap"
	# The sanitizer kernel (KERNEL=debug), built from linux-source.
	[kernel]="flex bison bc libelf-dev libssl-dev"
)
[ $# -gt 0 ] || set -- build vm
[ "$*" != all ] || set -- "${!groups[@]}"

missing() { # missing GROUP... -> the packages not installed
	local g want=
	for g in "$@"; do
		[ -n "${groups[$g]:-}" ] || { echo "deps: no group $g (${!groups[*]})" >&2; exit 2; }
		want="$want ${groups[$g]}"
	done
	# One dpkg-query for them all: one a package costs a second a target
	# (every make check calls this four times).  Unknown packages make
	# it exit 1; they are missing too.
	# shellcheck disable=SC2086
	{ dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' $want 2>/dev/null || true; } |
		awk -v want="$want" '$1 ~ /^.i$/ { ok[$2] = 1 }
			END { n = split(want, w, " "); for (i = 1; i <= n; i++) if (!(w[i] in ok)) print w[i] }' |
		sort -u | tr '\n' ' '
}

need=$(missing "$@")
[ -n "$need" ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
	all=$(missing "${!groups[@]}")
	cmd="apt-get install -y --no-install-recommends ${all% }"
	echo "deps: the kit needs Debian packages that are not installed: ${need% }" >&2
	echo "deps: run this once as root (it installs all the kit uses), then try again:" >&2
	if command -v sudo >/dev/null; then
		echo "  sudo $cmd" >&2
	else
		echo "  su -c '$cmd'" >&2
	fi
	exit 1
fi
echo "deps: installing $need" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends $need >&2 ||
	{ apt-get update >&2 && apt-get install -y --no-install-recommends $need >&2; }
