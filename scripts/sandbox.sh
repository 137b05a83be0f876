#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# sandbox.sh [options] [--] CMD... - run CMD (a build of code we do not
# trust) in a bubblewrap sandbox that sees nothing of the host but:
#   --root DIR    the build root whose usr/ is the sandbox's /usr, read-only
#                 (default: $BUILDROOT, else /, the host's own tools)
#   --ro PATH     PATH, read-only, at the same place (kernel headers...)
#   --rw PATH     PATH, writable, at the same place (the build folder)
#   --time S      wall-clock limit (default 300)
#   --mem MIB     address space of each process (default 2048)
#   --out MIB     largest file it may write, its output too (default 64)
# No network, no /etc, /home or /root, a fresh /tmp, its own pid, IPC
# and UTS namespaces, no terminal (a new session).  CMD runs as an
# unprivileged uid: as root, bwrap makes the mounts and setpriv drops to
# KIT_BUILD_UID (65534, nobody), which gets the --rw folders; as anyone
# else, bwrap uses an unprivileged user namespace and CMD keeps the uid.
# Exit status: CMD's, 124 when the time ran out.
set -euo pipefail
root=${BUILDROOT:-/} time=300 mem=2048 outmax=64 binds=() rw=()
while [ $# -gt 0 ]; do
	case $1 in
	--root) root=$2; shift ;;
	--ro) binds+=(--ro-bind "$2" "$2"); shift ;;
	--rw) binds+=(--bind "$2" "$2"); rw+=("$2"); shift ;;
	--time) time=$2; shift ;;
	--mem) mem=$2; shift ;;
	--out) outmax=$2; shift ;;
	--) shift; break ;;
	*) break ;;
	esac
	shift
done
[ $# -gt 0 ] || { echo "usage: sandbox.sh [--root DIR] [--ro PATH]... [--rw PATH]... [--time S] [--mem MIB] [--out MIB] CMD..." >&2; exit 2; }
[ -d "$root/usr/bin" ] || { echo "sandbox: $root has no usr/bin" >&2; exit 2; }
command -v bwrap >/dev/null || { echo "sandbox: bwrap is missing (scripts/deps.sh build)" >&2; exit 2; }

# A merged-/usr root; /etc/alternatives only holds links (cc, awk...).
args=(--unshare-ipc --unshare-pid --unshare-net --unshare-uts --unshare-cgroup-try
	--die-with-parent --new-session
	--ro-bind "$root/usr" /usr --symlink usr/bin /bin --symlink usr/sbin /sbin
	--symlink usr/lib /lib --symlink usr/lib64 /lib64
	--dev /dev --proc /proc --perms 1777 --tmpfs /tmp
	--clearenv --setenv PATH /usr/bin:/usr/sbin --setenv HOME /tmp
	--setenv LC_ALL C.UTF-8 --chdir /tmp)
[ ! -d "$root/etc/alternatives" ] ||
	args+=(--perms 0755 --dir /etc --ro-bind "$root/etc/alternatives" /etc/alternatives)
# bwrap would make the folders above a bind as closed as the host's
# (/root is 0700): make them searchable, so that the uid can reach it.
made=" /tmp /usr /dev /proc"
for ((i = 1; i < ${#binds[@]}; i += 3)); do
	d=${binds[$i]}
	while d=$(dirname "$d") && [ "$d" != / ]; do
		case " ${made-} " in *" $d "*) continue ;; esac
		made="${made-} $d"
		dirs=("$d" ${dirs[@]+"${dirs[@]}"})
	done
	for d in ${dirs[@]+"${dirs[@]}"}; do
		args+=(--perms 0755 --dir "$d")
	done
	dirs=()
done
args+=(${binds[@]+"${binds[@]}"})
drop=()
if [ "$(id -u)" -eq 0 ]; then
	# Without --unshare-user bwrap keeps root for the mounts only.
	uid=${KIT_BUILD_UID:-65534}
	[ ${#rw[@]} -eq 0 ] || chown -R "$uid:$uid" "${rw[@]}"
	drop=(setpriv --reuid="$uid" --regid="$uid" --clear-groups --inh-caps=-all
		--bounding-set=-all --no-new-privs --)
else
	args+=(--unshare-user)
fi
# The limits are set inside, on the command's own processes (dash counts
# ulimit -f in 512-byte blocks, -v in KiB); ulimit -f also bounds what
# it writes to the output it was given.
rc=0
timeout -k 5 "$time" bwrap "${args[@]}" ${drop[@]+"${drop[@]}"} \
	/bin/sh -c 'ulimit -v $(($1 * 1024)) && ulimit -f $(($2 * 2048)) && shift 2 && exec "$@"' \
	sandbox "$mem" "$outmax" "$@" || rc=$?
[ "$rc" -ne 124 ] || echo "sandbox: stopped after $time s"
exit "$rc"
