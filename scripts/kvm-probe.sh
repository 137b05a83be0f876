#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kvm-probe.sh KERNEL_ENV - print "kvm" if a KVM boot of this kernel
# really starts here, else "tcg".  /dev/kvm can exist on a CPU without
# virtualisation (a KVM boot then hangs), so only a boot counts, and the
# boot has a hard time limit.  The answer is kept until the host reboots.
set -u
. "$1"
cache=${KIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kernel-kit}
stamp=$cache/kvm-probe.$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)
[ -f "$stamp" ] && exec cat "$stamp"

answer=tcg
if [ -r /dev/kvm ] && [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then
	log=$(mktemp)
	# No initramfs: the kernel panics at once looking for a root fs.
	timeout -k 2 20 qemu-system-x86_64 -accel kvm -nodefaults -no-reboot \
		-display none -m 256M -kernel "$VMLINUZ" -serial "file:$log" \
		-append "console=ttyS0 panic=-1" >/dev/null 2>&1
	grep -q 'Kernel panic' "$log" && answer=kvm
	rm -f "$log"
fi
mkdir -p "$cache" && echo "$answer" | tee "$stamp"
