#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vm.sh [options] KERNEL_ENV INITRD OUTDIR [KERNEL_ARGS...] - boot the
# kit's VM once and never let it hang.
#
#   --shell      the console on this terminal, for a person
#   --gdb SOCKET QEMU's gdb stub on this unix socket (make debug); with
#                --shell, the results channel still goes to OUTDIR/results
#   --follow     print the results channel (the second serial port) as it
#                arrives; the kernel log goes to OUTDIR/console.log
#
# Files the guest sends with /kit/export land in OUTDIR/files/.
#   --timeout S  hard limit for the whole boot (default 900)
#   --idle S     stop the VM when the results channel is silent S seconds
#   --test-limit S  stop the VM when a test (from the runner's "# kit-begin"
#                line on) has not ended ("# kit-ran") after S seconds,
#                when the runner's checks after it take 30 s (120 with
#                kmemleak), or when it
#                has not powered off 10 s after the runner's last line (a
#                CPU a module stopped can hold up the power-off)
#
# Exit status: 0 when the VM powered off, 124 when a limit stopped it,
# otherwise QEMU's.  A limit is also KIT_LOG_MAX MiB (64) of console or
# results (a tenth of that for results): a flood.  Why a limit stopped
# the VM is written to OUTDIR/stopped; when the VM ended inside a test,
# how long that test had run (seconds) to OUTDIR/test-time.
set -euo pipefail
shell= follow= limit=900 idle=0 gdb= testlimit=0
while [ $# -gt 0 ]; do
	case $1 in
	--shell) shell=1 ;;
	--follow) follow=1 ;;
	--timeout) limit=$2; shift ;;
	--idle) idle=$2; shift ;;
	--test-limit) testlimit=$2; shift ;;
	--gdb) gdb=$2; shift ;;
	*) break ;;
	esac
	shift
done
[ $# -ge 3 ] || { echo "usage: vm.sh [options] KERNEL_ENV INITRD OUTDIR [ARGS...]" >&2; exit 2; }
kenv=$1 initrd=$2 out=$3
shift 3
. "$kenv"
# The runner's checks after a test get 30 s; on a kernel with kmemleak
# (the debug kernel) they wait 5 s for it and scan twice, which under
# TCG on a busy machine took 20 s.
# Its boot is slow too, and the runner's first scan comes before its
# first line: at least 180 s without progress there.
checks=30
if grep -qx 'CONFIG_DEBUG_KMEMLEAK=y' "$KDIR/.config" 2>/dev/null; then
	checks=120
	[ "$idle" -eq 0 ] || [ "$idle" -ge 180 ] || idle=180
fi
mkdir -p "$out"
: >"$out/console.log"
: >"$out/results"
rm -rf "$out/files"	# only what this boot sends

# A kernel.env may ask for more memory (KIT_MEM: KASAN's shadow) and
# name the image to boot (KIT_BOOT: the debug kernel's vmlinux does not
# boot through the PVH entry).
accel=$("$(dirname "$0")/kvm-probe.sh" "$kenv")
# panic=-1 with -no-reboot: a panic ends QEMU at once.  The allocator
# debugging of the stock kernel makes memory bugs visible: red zones and
# poison on the kmalloc caches, where the modules allocate (and on caches
# of their own, named kit_*), not on the kernel's other caches, which
# cost a second of every boot.  On a busy
# host an emulated CPU can miss the boot's timer check and panic:
# no_timer_check skips it.  quiet: the boot's 400 lines on an emulated
# serial port cost a second; /init turns the console's log level back up.
size=
# The guest's console takes the size of this terminal (stty in /init).
[ -z "$shell" ] || size=$(stty size 2>/dev/null) || size=
# A VM of one CPU (check.sh runs one a core) is preemptible everywhere,
# where the kernel has the choice: its tasks still race in the modules.
smp=${KIT_SMP:-2} preempt=
[ "$smp" -gt 1 ] || preempt=preempt=full
append="${size:+kit.rows=${size% *} kit.cols=${size#* } }console=ttyS0 quiet panic=-1 no_timer_check slub_debug=FZPU,kmalloc-*,kit_* page_poison=1 init_on_free=1 $preempt $*"
qemu=(qemu-system-x86_64 -accel "$accel" -nodefaults -no-reboot
	-display none -m ${KIT_MEM:-512M} -smp "$smp" -kernel "${KIT_BOOT:-${VMLINUX:-$VMLINUZ}}"
	-initrd "$initrd"
	-append "$append")
[ -z "$gdb" ] || qemu+=(-gdb "unix:$gdb,server=on,wait=off")

if [ -n "$shell" ]; then
	echo "vm: Ctrl-A X leaves the VM (or poweroff -f in it); Ctrl-A H lists the other keys" >&2
	# --foreground: timeout must not put QEMU in a process group of its
	# own, or QEMU is a background job of the terminal and the first
	# read of its console stops it (SIGTTIN).
	results=null
	[ -z "$gdb" ] || results=file:$out/results
	exec timeout --foreground -k 5 "$limit" "${qemu[@]}" -serial mon:stdio -serial "$results"
fi

"${qemu[@]}" -serial "file:$out/console.log" -serial "file:$out/results" \
	</dev/null >"$out/qemu.log" 2>&1 &
qpid=$!
if [ -n "$follow" ]; then
	# sed -u: each line as it comes (tr would hold them to the end).
	tail -n +1 -F -s 0.1 --pid=$qpid "$out/results" 2>/dev/null |
		sed -u -e 's/\r//g' -e '/^# kit-file /,/^# kit-file-end/d' &
fi

begin=$SECONDS last=$SECONDS size=0 stopped= began= ran= ended= t0=
logmax=$(( ${KIT_LOG_MAX:-64} * 1024 * 1024 ))
rm -f "$out/stopped" "$out/test-time"
now_us() { echo "${EPOCHREALTIME/./}"; }
while kill -0 $qpid 2>/dev/null; do
	sleep 0.2
	now=$(stat -c %s "$out/results")
	if [ "$now" != "$size" ]; then
		size=$now last=$SECONDS
		# A test runs from its "# kit-begin" to its "# kit-ran", then
		# the runner checks what it did until its result.
		case $(tail -n 1 "$out/results") in
		"# kit-begin "*) [ -n "$began" ] ||
			began=$(now_us) t0=$(now_us) ran= c0=$(stat -c %s "$out/console.log") ;;
		"# kit-ran "*) began= ran=$SECONDS ;;
		"# kit-reboot"* | "# kit-done"*) began= ran= t0= ended=$SECONDS ;;
		"ok "* | "not ok "* | "# kit-"*) began= ran= t0= ;;
		esac
	fi
	why=
	if [ "$(stat -c %s "$out/console.log")" -gt "$logmax" ]; then
		why="its console passed ${KIT_LOG_MAX:-64} MiB (a flood)"
	elif [ "$now" -gt $((logmax / 10)) ]; then
		why="its results channel passed a tenth of ${KIT_LOG_MAX:-64} MiB (a flood)"
	elif [ -n "$began" ] && [ "$testlimit" -gt 0 ] &&
	     [ $(( $(now_us) - began )) -ge $((testlimit * 1000000)) ]; then
		why="the test did not end within its limit ($testlimit s)"
		# Too slow a flood to reach the cap is named all the same.
		c0=$(( ($(stat -c %s "$out/console.log") - c0) / 1024 ))
		[ "$c0" -lt 256 ] || why="$why; its console grew $c0 KiB meanwhile (a flood)"
	elif [ -n "$ran" ] && [ "$testlimit" -gt 0 ] && [ $((SECONDS - ran)) -ge "$checks" ]; then
		why="the runner's checks after the test took $checks s"
	elif [ -n "$ended" ] && [ "$testlimit" -gt 0 ] && [ $((SECONDS - ended)) -ge 10 ]; then
		why="it did not power off within 10 s of its last result"
	elif [ $((SECONDS - begin)) -ge "$limit" ]; then
		why="the boot's limit ($limit s) passed"
	elif [ "$idle" -gt 0 ] && [ $((SECONDS - last)) -ge "$idle" ]; then
		why="no progress for $idle s"
	fi
	if [ -n "$why" ]; then
		echo "$why" >"$out/stopped"
		stopped=1
		kill $qpid 2>/dev/null || true
		break
	fi
done
if [ -n "$t0" ]; then
	t0=$(( ($(now_us) - t0) / 100000 ))
	echo "$((t0 / 10)).$((t0 % 10))" >"$out/test-time"
fi
rc=0
wait $qpid || rc=$?
wait 2>/dev/null || true	# let tail print the last lines
"$(dirname "$0")/files.sh" "$out/results" "$out/files"
[ -z "$stopped" ] || exit 124
exit $rc
