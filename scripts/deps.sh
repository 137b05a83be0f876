#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh GROUP|PACKAGE... - make sure the host has the Debian packages
# the kit needs: as root, install what is missing; as anyone else, stop
# with the exact command to run.  Groups: build (modules and programs),
# vm (the test VM).
set -euo pipefail
[ $# -gt 0 ] || set -- build vm
pkgs=
for arg in "$@"; do
	case $arg in
	# gcc-multilib: the 32-bit programs (*_m32.c) that test compat ioctls.
	# bubblewrap: the sandbox of a submission's build (sandbox.sh).
	build) pkgs="$pkgs gcc-12 gcc gcc-multilib make libc6-dev libelf1 kmod xz-utils zstd dwarves patch bubblewrap" ;;
	vm) pkgs="$pkgs qemu-system-x86 busybox-static cpio" ;;
	*) pkgs="$pkgs $arg" ;;
	esac
done

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -n "$missing" ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: the kit needs these Debian packages; please run:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends $missing >&2 ||
	{ apt-get update >&2 && apt-get install -y --no-install-recommends $missing >&2; }
