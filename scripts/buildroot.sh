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
# The build root is only ever seen read-only, through bind mounts on a
# tmpfs, so a build writes nothing into it and mount points need no write
# access to it (a cache shared by a group).  New user, mount and PID namespaces
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

# In the namespaces: a tmpfs for the new root, in which each entry of
# the build root is bound read-only, except the directories on the way
# to a bound path, which are made anew on the tmpfs and filled the same
# way (so nothing is ever created in the build root, whoever owns it),
# and /dev, /proc, /tmp and /run, which start empty.
new=$(dirname "$BR_ROOT")/mnt
mount -t tmpfs -o mode=755 buildroot "$new"
paths=$(printf '%s\n' /dev /proc /tmp /run $BR_BINDS $BR_ROBINDS)
on_path() { # on_path REL: a bound path is REL or lies below it
	local p
	while IFS= read -r p; do
		case $p/ in "$1"/*) return 0 ;; esac
	done <<<"$paths"
	return 1
}
shadow() { # shadow REL: fill $new/REL from the build root's REL
	local e rel=$1
	for e in "$BR_ROOT$rel"/* "$BR_ROOT$rel"/.[!.]*; do
		[ -e "$e" ] || [ -L "$e" ] || continue
		e=$rel/${e##*/}
		if [ -L "$BR_ROOT$e" ]; then
			cp -P "$BR_ROOT$e" "$new$e"
		elif on_path "$e"; then
			[ -d "$BR_ROOT$e" ] || die "$e is a file in the build root"
			mkdir "$new$e"
			shadow "$e"
		else
			if [ -d "$BR_ROOT$e" ]; then mkdir "$new$e"; else : >"$new$e"; fi
			mount --bind "$BR_ROOT$e" "$new$e"
			mount -o remount,bind,ro "$new$e"
		fi
	done
}
shadow ""
bind() { # bind PATH [ro]
	[ -n "$1" ] || return 0
	[ -e "$1" ] || die "nothing to bind at $1"
	mkdir -p "$new$1"
	mount --bind "$1" "$new$1"
	[ -z "${2:-}" ] || mount -o remount,bind,ro "$new$1"
}
while IFS= read -r p; do bind "$p"; done <<<"$BR_BINDS"
while IFS= read -r p; do bind "$p" ro; done <<<"$BR_ROBINDS"
mkdir -p "$new/dev" "$new/proc" "$new/tmp"
chmod 1777 "$new/tmp"
mount --rbind /dev "$new/dev"
mount -t proc proc "$new/proc"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
wd=$BR_WD
[ -d "$new$wd" ] || wd=/
unset BR_ROOT BR_WD BR_BINDS BR_ROBINDS
exec unshare --root="$new" --wd="$wd" -- "$@"
