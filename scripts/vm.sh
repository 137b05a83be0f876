#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vm.sh [options] KERNEL_ENV INITRD OUTDIR [KERNEL_ARGS...] - boot the
# kit's VM once and never let it hang.
#
#   --shell      the console on this terminal, for a person
#   --follow     print the results channel (the second serial port) as it
#                arrives; the kernel log goes to OUTDIR/console.log
#
# Files the guest sends with /kit/export land in OUTDIR/files/.
#   --timeout S  hard limit for the whole boot (default 900)
#   --idle S     stop the VM when the results channel is silent S seconds
#
# Exit status: 0 when the VM powered off, 124 when a limit stopped it,
# otherwise QEMU's.
set -euo pipefail
shell= follow= limit=900 idle=0
while [ $# -gt 0 ]; do
	case $1 in
	--shell) shell=1 ;;
	--follow) follow=1 ;;
	--timeout) limit=$2; shift ;;
	--idle) idle=$2; shift ;;
	*) break ;;
	esac
	shift
done
[ $# -ge 3 ] || { echo "usage: vm.sh [options] KERNEL_ENV INITRD OUTDIR [ARGS...]" >&2; exit 2; }
kenv=$1 initrd=$2 out=$3
shift 3
. "$kenv"
mkdir -p "$out"
: >"$out/console.log"
: >"$out/results"
rm -rf "$out/files"	# only what this boot sends

# A kernel.env may ask for more memory (KIT_MEM: KASAN's shadow) and
# name the image to boot (KIT_BOOT: the debug kernel's vmlinux does not
# boot through the PVH entry).
accel=$("$(dirname "$0")/kvm-probe.sh" "$kenv")
# panic=-1 with -no-reboot: a panic ends QEMU at once.  The allocator
# debugging of the stock kernel makes memory bugs visible.  On a busy
# host an emulated CPU can miss the boot's timer check and panic:
# no_timer_check skips it.
append="console=ttyS0 panic=-1 no_timer_check slub_debug=FZPU page_poison=1 init_on_free=1 $*"
qemu=(qemu-system-x86_64 -accel "$accel" -nodefaults -no-reboot
	-display none -m ${KIT_MEM:-512M} -smp ${KIT_SMP:-2} -kernel "${KIT_BOOT:-${VMLINUX:-$VMLINUZ}}"
	-initrd "$initrd"
	-append "$append")

if [ -n "$shell" ]; then
	exec timeout -k 5 "$limit" "${qemu[@]}" -serial mon:stdio -serial null
fi

"${qemu[@]}" -serial "file:$out/console.log" -serial "file:$out/results" \
	</dev/null >"$out/qemu.log" 2>&1 &
qpid=$!
if [ -n "$follow" ]; then
	tail -n +1 -F --pid=$qpid "$out/results" 2>/dev/null | tr -d '\r' |
		sed -u '/^# kit-file /,/^# kit-file-end/d' &
fi

begin=$SECONDS last=$SECONDS size=0 stopped=
while kill -0 $qpid 2>/dev/null; do
	sleep 0.2
	now=$(stat -c %s "$out/results")
	[ "$now" = "$size" ] || { size=$now; last=$SECONDS; }
	if [ $((SECONDS - begin)) -ge "$limit" ] ||
	   { [ "$idle" -gt 0 ] && [ $((SECONDS - last)) -ge "$idle" ]; }; then
		stopped=1
		kill $qpid 2>/dev/null || true
		break
	fi
done
rc=0
wait $qpid || rc=$?
wait 2>/dev/null || true	# let tail print the last lines
tr -d '\r' <"$out/results" | awk -v dir="$out/files" '
	/^# kit-file-end/ { if (f) close(f); f = ""; next }
	/^# kit-file / { system("mkdir -p " dir); f = dir "/" $3 ".b64"; printf "" > f; next }
	f { print substr($0, 3) > f }' &&
	for b in "$out"/files/*.b64; do
		[ -e "$b" ] || break
		base64 -d "$b" >"${b%.b64}" && rm -f "$b"
	done
[ -z "$stopped" ] || exit 124
exit $rc
