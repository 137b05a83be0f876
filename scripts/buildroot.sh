#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Run a command inside a build root (a Debian tree made by kernel.sh), as
# the calling user, root or not, and without changing the host:
#
#   buildroot.sh --kenv KERNEL_ENV CMD...   the kernel's build root
#       (BUILDROOT= in its kernel.env), with the current directory and the
#       kit's cache bound at their own paths; a kernel without one (the
#       host builds its modules) runs CMD here, as it is.
#   buildroot.sh --root DIR [--bind PATH]... [--ro-bind PATH]... CMD...
#       any root; nothing of the host is seen but /dev, a fresh /proc
#       and the PATHs given, each at its own path.
#
# The root is the lower layer of an overlay whose upper layer is a tmpfs,
# so a build writes nothing into it and mount points need no write access
# to it (a cache shared by a group).  New user, mount and PID namespaces
# (unshare, util-linux): the build sees its own /proc (objtool reads it)
# and every process it leaves is killed with it.  The current directory
# is kept.
set -euo pipefail

die() { printf 'buildroot: %s\n' "$*" >&2; exit 1; }

root= binds=() robinds=()
while [ $# -gt 0 ]; do
	case $1 in
	--kenv)
		[ -f "${2:-}" ] || die "no kernel.env: ${2:-}"
		root=$(sed -n 's/^BUILDROOT=//p' "$2")
		# No build root: the host builds this kernel's modules.
		if [ -z "$root" ]; then
			shift 2
			[ "${1:-}" != -- ] || shift
			exec "$@"
		fi
		binds+=("$PWD" "${KIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kernel-kit}")
		shift 2 ;;
	--root) root=$2; shift 2 ;;
	--bind) binds+=("$2"); shift 2 ;;
	--ro-bind) robinds+=("$2"); shift 2 ;;
	--inside) break ;;
	--) shift; break ;;
	*) break ;;
	esac
done

if [ "${1:-}" != --inside ]; then
	[ $# -gt 0 ] || die "usage: buildroot.sh --kenv FILE | --root DIR [--bind PATH]... CMD..."
	[ -x "$root/usr/bin/env" ] || die "not a build root: $root (make it again: remove its dir)"
	[ -d "$(dirname "$root")/mnt" ] || die "no $(dirname "$root")/mnt beside the build root"
	# Root maps to itself; anyone else to root of a namespace of its own.
	userns=-r
	[ "$(id -u)" -ne 0 ] || userns=
	# The binds travel as one variable each: a path with spaces survives.
	export BR_ROOT=$root BR_WD=$PWD
	BR_BINDS=$(printf '%s\n' "${binds[@]}" | sort -u)
	BR_ROBINDS=$(printf '%s\n' "${robinds[@]}" | sort -u)
	export BR_BINDS BR_ROBINDS
	exec unshare $userns -m -p -f --kill-child -- "$0" --inside "$@"
fi
shift

# In the namespaces: an overlay of the root, the binds, /dev and /proc.
mnt=$(dirname "$BR_ROOT")/mnt
mount -t tmpfs -o mode=755 buildroot "$mnt"
mkdir "$mnt/upper" "$mnt/work" "$mnt/root"
mount -t overlay -o "lowerdir=$BR_ROOT,upperdir=$mnt/upper,workdir=$mnt/work" \
	buildroot "$mnt/root"
new=$mnt/root
bind() { # bind PATH [ro]
	[ -n "$1" ] || return 0
	[ -e "$1" ] || die "nothing to bind at $1"
	mkdir -p "$new$1"
	mount --bind "$1" "$new$1"
	[ -z "${2:-}" ] || mount -o remount,bind,ro "$new$1"
}
while IFS= read -r p; do bind "$p"; done <<<"$BR_BINDS"
while IFS= read -r p; do bind "$p" ro; done <<<"$BR_ROBINDS"
mount --rbind /dev "$new/dev"
mount -t proc proc "$new/proc"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
wd=$BR_WD
[ -d "$new$wd" ] || wd=/
unset BR_ROOT BR_WD BR_BINDS BR_ROBINDS
exec unshare --root="$new" --wd="$wd" -- "$@"
