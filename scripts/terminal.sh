#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# terminal.sh KERNEL OUTDIR - use the kit's targets the way a person
# does: in a real terminal (a tmux pane of 100x30 on a pseudo-terminal),
# typing at the prompts and reading the screen, not the files.
#
#   shell   make shell gives a prompt of the terminal's size, a module
#           loads, its file reads back, poweroff returns to the host
#   leave   Ctrl-A X leaves make shell
#   run     make run shows the tour of a chapter on the screen
#   grade   make grade shows each test's points and the score
#   gradeall  make grade-all shows each student's score and the
#           gradebook's table (a class of one that does not build: no VM)
#   debug   make debug stops gdb at a breakpoint in a module
#   bench   make bench shows the benchmark's table: its header and a row
#           of figures for each path (the cheapest bench, sensors, with
#           BENCH_REPS=3)
#   help    make help lists the targets and the chapters
#
# Prints a KTAP line per target ("not ok" with the screen as it was),
# then "N passed, N failed", also written to OUTDIR/summary as
# "PASS FAIL SKIP".  Each wait is bounded.
set -uo pipefail
[ $# -eq 2 ] || { echo "usage: terminal.sh KERNEL OUTDIR" >&2; exit 2; }
kernel=$1 out=$2
top=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
"$top/scripts/deps.sh" terminal || exit 1

# A tmux server of its own for each terminal.
sock=
tm() { tmux -L "$sock" "$@"; }
# Ending a terminal ends all that runs in it, a stopped QEMU included
# (its session is the pane's).
end_terminal() {
	[ -n "$sock" ] || return 0
	# make debug's own tmux server runs apart from the pane's session.
	tmux -L "$sock-debug" kill-server 2>/dev/null
	pkill -KILL -s "$(tm display -p -t t '#{pane_pid}')" 2>/dev/null
	tm kill-server 2>/dev/null
	sock=
}
trap end_terminal EXIT
# The host prompt the tests wait for; bash without rc files, so that
# nobody's settings change what the screen shows.
prompt='kit-host> '

screen() { tm capture-pane -p -J -t t -S -300; }
type_line() { tm send-keys -t t -l "$1" && tm send-keys -t t Enter; }
# wait_for REGEX SECONDS: until the screen shows REGEX (extended).
wait_for() {
	local end=$((SECONDS + $2))
	while [ $SECONDS -lt $end ]; do
		screen | grep -Eq "$1" && return 0
		sleep 0.5
	done
	why="waited $2 s for /$1/"
	return 1
}
# A new terminal with an ordinary shell in the kit's folder.
new_terminal() {
	end_terminal
	sock=kit-terminal-$$-$n
	tm -f /dev/null new-session -d -x 100 -y 30 -s t \
		env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS PS1="$prompt" KIT_DEBUG_TMUX="$sock-debug" \
		bash --norc --noprofile -i
	tm send-keys -t t "cd '$top'" Enter
	wait_for "$prompt\$" 10
}

n=0 pass=0 fail=0
result() { # result NAME STATUS
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $n terminal.$1"
		pass=$((pass + 1))
	else
		echo "# $why; the screen:"
		screen | grep -v '^$' | tail -n 25 | sed 's/^/#   /'
		echo "not ok $n terminal.$1"
		fail=$((fail + 1))
	fi
	screen >"$out/$1.screen"
}

# The VM's prompt at the start of a line: what follows it may be a
# kernel message, printed on the console at any moment as on a real one
# (the debug kernel under TCG: "clocksource: Watchdog remote CPU 1 read
# timed out" right after the prompt).
vm_prompt='^kit-vm:/# '

t_shell() {
	new_terminal &&
	type_line "make shell KERNEL=$kernel" &&
	wait_for "$vm_prompt" 240 &&
	type_line 'insmod /kit/procfs/kit_procfs.ko && stty size && cat /proc/kit_procfs/message' &&
	wait_for '^30 100$' 20 &&
	wait_for '^hello from kit_procfs' 10 &&
	type_line poweroff &&
	wait_for "$prompt\$" 30
}

t_leave() {
	new_terminal &&
	type_line "make shell KERNEL=$kernel" &&
	wait_for "$vm_prompt" 240 &&
	tm send-keys -t t C-a x &&
	wait_for 'QEMU: Terminated' 20 &&
	wait_for "$prompt\$" 10
}

t_run() {
	new_terminal &&
	type_line "make run KERNEL=$kernel CHAPTER=procfs" &&
	wait_for '=== procfs ===' 240 &&
	wait_for '# procfs/reader' 60 &&
	wait_for '# rmmod kit_procfs' 60 &&
	wait_for "$prompt\$" 60
}

t_grade() {
	new_terminal &&
	type_line "make grade KERNEL=$kernel EX=01 SUBMISSION=exercises/01-procfs/solution" &&
	wait_for 'loaded\.echo_replaces_message' 240 &&
	wait_for '^Score: ([0-9]+)/\1' 120 &&
	wait_for "$prompt\$" 30
}

# gdb below, the VM's shell above, in make debug's own tmux; keys go to
# the pane in front (gdb first), Ctrl-B o switches.
t_debug() {
	new_terminal &&
	type_line "make debug KERNEL=$kernel CHAPTER=cdev" &&
	wait_for 'kit: the VM is stopped' 300 &&
	type_line 'break kit_write' &&
	wait_for 'Breakpoint 1 at 0x[0-9a-f]+' 30 &&
	type_line 'continue' &&
	wait_for '^Continuing\.' 10 &&
	tm send-keys -t t C-b o &&
	type_line 'echo hi >/dev/kit_cdev' &&
	# gdb names the address too when it stops off a line's first
	# instruction (the debug kernel's frame pointers).
	wait_for 'Breakpoint 1(\.[0-9]+)?, (0x[0-9a-f]+ in )?kit_write \(' 60 &&
	tm send-keys -t t C-b o &&
	type_line 'bt 3' &&
	wait_for '^#1 .* in vfs_write' 20 &&
	{ screen >"$out/debug.backtrace"; } &&
	# On the debug kernel gdb also puts a location inside kit_write
	# (line 119) and would stop again in the same call.
	type_line 'delete 1' &&
	type_line 'continue' &&
	tm send-keys -t t C-b o &&
	type_line 'poweroff' &&
	wait_for "$prompt\$" 60
}

t_gradeall() {
	# A student whose module misses a semicolon: graded without a VM.
	rm -rf "$out/class" && mkdir -p "$out/class/ada" &&
	sed 's/^\treturn count;$/\treturn count/' \
		"$top/exercises/01-procfs/solution/kit_ex01_procfs.c" \
		>"$out/class/ada/kit_ex01_procfs.c" &&
	new_terminal &&
	type_line "make grade-all KERNEL=$kernel EX=01 SUBMISSIONS='$out/class' GRADE_OUT='$out/grade'" &&
	wait_for '^== grading 1 submissions of 01-procfs' 30 &&
	wait_for '^ada +0/10' 240 &&
	wait_for '^student +.* total /10 +seed +verdict *$' 30 &&
	wait_for '^ada( +0)+ +[0-9]+ +"?does not build' 10 &&
	wait_for "$prompt\$" 30
}

# Every path's row: its size, name and four figures, the floor's ratio 1.
t_bench() {
	local row='[0-9]+\.[0-9]+ +[0-9]+\.[0-9]+ +[0-9]+\.[0-9]+ +[0-9]+\.[0-9]+ +[0-9]+\.[0-9]+'
	new_terminal &&
	type_line "make bench KERNEL=$kernel CHAPTER=sensors BENCH_REPS=3" &&
	wait_for '=== sensors ===' 240 &&
	wait_for "$prompt\$" 400 &&
	wait_for '^ +sensors +path +us/snapshot +\(median\) +MB/s +ns/sensor +x floor$' 1 &&
	wait_for "^ +256 +floor +.* 1\.000\$" 1 &&
	for size in 256 1024 4096 16384; do
		for p in floor mmap read ioctl-batch ioctl-get; do
			wait_for "^ +$size +$p +$row\$" 1 || return 1
		done
	done &&
	wait_for '^sensors: build/.*/sensors\.csv build/.*/sensors\.svg$' 1
}

t_help() {
	new_terminal &&
	type_line "make help" &&
	wait_for '^make check +lint, build everything' 30 &&
	wait_for '^make shell +a shell in the VM' 5 &&
	wait_for '^chapters: .*procfs' 5 &&
	wait_for '^exercises: .*01-procfs' 5 &&
	wait_for "$prompt\$" 5
}

for t in ${KIT_TERMINAL_TESTS:-shell leave run grade gradeall debug bench help}; do
	why=
	"t_$t"
	result "$t" $?
done
echo "$pass passed, $fail failed"
echo "$pass $fail 0" >"$out/summary"
[ "$fail" -eq 0 ]
