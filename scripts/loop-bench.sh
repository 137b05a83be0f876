#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# loop-bench.sh [-n RUNS] CHAPTER [MAKE_ARGS...] - time the student's
# edit-and-test loop: RUNS times (default 3), change one line of the
# chapter's module (a comment at its end, a new one each time), then
# `make check CHAPTER=CHAPTER MAKE_ARGS...`.  One warm-up run comes
# first (its time not counted).  Prints each run's wall and CPU time
# (the make's and all it ran, QEMU included) and the load average when
# it began, then the best and the median.  The module's source is put
# back as it was, whatever happens.
set -euo pipefail
runs=3
[ "${1:-}" != -n ] || { runs=$2; shift 2; }
[ $# -ge 1 ] || { echo "usage: loop-bench.sh [-n RUNS] CHAPTER [MAKE_ARGS...]" >&2; exit 2; }
chapter=$1
shift
cd "$(dirname "$0")/.."
srcs=("$chapter"/kit_*.c)
src=${srcs[0]}
[ -f "$src" ] || { echo "loop-bench: no kit_*.c in $chapter" >&2; exit 2; }
keep=$(mktemp)
cp "$src" "$keep"
# A new time stamp on the way back too: the next build rebuilds it.
trap 'cp "$keep" "$src"; rm -f "$keep" "$keep.time" "$keep.log"' EXIT

one() { # one N [MAKE_ARGS...]: prints "WALL CPU LOAD"
	local load start end
	{ cat "$keep"; echo "/* loop-bench: edit $1 */"; } >"$src"
	shift
	load=$(cut -d' ' -f1 /proc/loadavg)
	start=$(date +%s.%N)
	/usr/bin/time -f '%U %S' -o "$keep.time" \
		make --no-print-directory check CHAPTER="$chapter" "$@" >"$keep.log" 2>&1 ||
		{ echo "loop-bench: make check failed:" >&2; tail -n 30 "$keep.log" >&2; exit 1; }
	end=$(date +%s.%N)
	awk -v s="$start" -v e="$end" -v l="$load" '{ printf "%.1f %.1f %s\n", e - s, $1 + $2, l }' \
		"$keep.time"
}
one 0 "$@" >/dev/null
times=()
for ((i = 1; i <= runs; i++)); do
	read -r wall cpu load <<<"$(one "$i" "$@")"
	echo "run $i: ${wall} s wall, ${cpu} s CPU, load average ${load} at its start"
	times+=("$wall")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 }
	END { printf "make check CHAPTER=%s after a one-line change: best %.1f s, median %.1f s (%d runs, %d CPUs)\n",
		chapter, t[1], NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2, NR, cpus }' \
		chapter="$chapter" cpus="$(nproc)"
