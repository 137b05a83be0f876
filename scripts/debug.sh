#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# debug.sh KERNEL_ENV INITRD OUTDIR DIR... - make debug: the VM's shell
# and gdb attached to the VM's kernel, side by side in one terminal (a
# tmux session of two panes: the VM above, gdb below; Ctrl-B o switches).
#
# The VM loads the modules of the chapters DIR... and reports where
# their sections are (scripts/guest/debug); gdb then has each module's
# symbols at its addresses, and the kernel's: the kernel's own vmlinux
# where it has debug information (KDEBUG_VMLINUX in KERNEL_ENV, or a
# kernel built with the kernel's gdb scripts, the debug kernel: then
# lx-symbols, lx-dmesg and the other lx- commands work too), else
# the text symbols the VM sent from /proc/kallsyms once, booted with
# nokaslr so that they stay valid (OUTDIR/vmlinux-KVER.sym).  Quitting
# gdb or powering the VM off ends both.
#
#   debug.sh --gdb-pane ...   (internal) the lower pane: wait for the VM,
#                             then start gdb
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")

gdb_pane() { # gdb_pane KERNEL_ENV OUTDIR DIR...
	local kenv=$1 out=$2 end=$((SECONDS + 300)) sym name ch sections
	shift 2
	. "$kenv"
	gdb_scripts
	echo "debug: waiting for the VM to load the modules..."
	until grep -q '^# kit-debug-ready' "$out/results" 2>/dev/null; do
		[ $SECONDS -lt $end ] || { echo "debug: the VM did not get ready in 300 s"; sleep 30; exit 1; }
		sleep 0.5
	done
	sym=${KDEBUG_VMLINUX:-$out/vmlinux-$KVER.sym}
	if [ ! -s "$sym" ]; then
		"$here/files.sh" "$out/results" "$out/files"
		echo "debug: adding the kernel's symbols to a copy of its vmlinux"
		kernel_symbols "$VMLINUX" "$out/files/kallsyms.gz" "$sym"
	fi
	{
		echo "set pagination off"
		echo "set confirm off"
		if [ -n "$KGDB_PY" ]; then
			echo "add-auto-load-safe-path $KDIR"
			echo "source $KGDB_PY"
		fi
		echo "file $sym"
		echo "target remote $out/gdb.sock"
		tr -d '\r' <"$out/results" | while read -r _ tag name ch sections; do
			[ "$tag" = kit-module ] || continue
			for d in "$@"; do
				[ "$(basename "$d")" = "$ch" ] || continue
				echo "add-symbol-file $top/$d/$name.ko $(echo "$sections" |
					awk '{ for (i = 1; i < NF; i += 2) printf " -s %s %s", $i, $(i + 1) }')"
			done
		done
		echo 'echo \nkit: the VM is stopped. Set a breakpoint (break kit_write), then continue.\n'
		echo 'echo kit: Ctrl-B o switches between gdb and the VM shell; quit ends both.\n'
	} >"$out/kit.gdb"
	exec gdb -q -x "$out/kit.gdb"
}

# A kernel built with CONFIG_GDB_SCRIPTS has vmlinux-gdb.py beside its
# vmlinux, which has its debug information.
gdb_scripts() {
	KGDB_PY=
	[ -f "$KDIR/vmlinux-gdb.py" ] || return 0
	KGDB_PY=$KDIR/vmlinux-gdb.py
	KDEBUG_VMLINUX=${KDEBUG_VMLINUX:-$VMLINUX}
}

# kernel_symbols VMLINUX KALLSYMS_GZ OUT: a copy of VMLINUX (stripped,
# with its sections at their addresses) with the text symbols of
# KALLSYMS_GZ ("ADDRESS t|T NAME") added in the sections holding them.
kernel_symbols() {
	[ -s "$2" ] || { echo "debug: the VM sent no kallsyms" >&2; return 1; }
	# The executable sections: "[Nr] Name Type Address Off Size ES Flg...".
	readelf -SW "$1" | sed -n 's/^ *\[ *[0-9]*\] *//p' |
		awk '$2 == "PROGBITS" && $7 ~ /X/ { print $1, $3, $5 }' >"$3.sections"
	# 64-bit addresses: perl, not awk (doubles).
	gzip -dc "$2" | perl -e '
		open(my $m, "<", shift) or die;
		my @s = map { my @f = split; [$f[0], hex($f[1]), hex($f[1]) + hex($f[2])] } <$m>;
		while (<>) {
			my ($a, $t, $name) = split;
			$a = hex($a);
			for (@s) {
				next unless $a >= $_->[1] && $a < $_->[2];
				printf "--add-symbol %s=%s:0x%x,function,%s\n", $name, $_->[0],
					$a - $_->[1], $t eq "T" ? "global" : "local";
				last;
			}
		}' "$3.sections" >"$3.args"
	objcopy @"$3.args" "$1" "$3.tmp"
	mv "$3.tmp" "$3"
	rm -f "$3.args" "$3.sections"
}

[ "${1:-}" != --gdb-pane ] || { shift; gdb_pane "$@"; }
[ $# -ge 4 ] || { echo "usage: debug.sh KERNEL_ENV INITRD OUTDIR DIR..." >&2; exit 2; }
kenv=$1 initrd=$2 out=$3
shift 3
[ -t 0 ] && [ -t 1 ] || { echo "debug: make debug needs a terminal" >&2; exit 2; }
"$here/deps.sh" terminal
. "$kenv"
gdb_scripts
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/gdb.sock" "$out/results"
chapters=$(for d in "$@"; do basename "$d"; done | paste -sd,)
kallsyms=
[ -n "${KDEBUG_VMLINUX:-}" ] || [ -s "$out/vmlinux-$KVER.sym" ] || kallsyms=kit.kallsyms=1

# KIT_DEBUG_TMUX names the tmux server (the terminal test ends it so).
sock=${KIT_DEBUG_TMUX:-kit-debug-$$}
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null' EXIT
trap 'exit 1' HUP INT TERM
read -r rows cols < <(stty size)
end="; tmux -L $sock kill-server"
tm -f /dev/null new-session -d -s debug -x "$cols" -y "$rows" \
	"$(printf '%q ' "$here/vm.sh" --shell --gdb "$out/gdb.sock" --timeout 86400 \
		"$kenv" "$initrd" "$out" kit.mode=debug "kit.chapters=$chapters" nokaslr $kallsyms)$end"
tm split-window -v -t debug \
	"$(printf '%q ' "$0" --gdb-pane "$kenv" "$out" "$@")$end"
tm set-option -t debug status off >/dev/null
# Attach here, also from inside another tmux; the session ends when
# gdb quits or the VM powers off.
TMUX= tm attach -t debug || true
