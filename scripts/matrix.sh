#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# matrix.sh RUN KERNEL... - `make RUN-one KERNEL=K` (check or stress) on
# each kernel, one after the other, whatever the previous one gave.  Each
# run leaves "PASS FAIL SKIP" in build/K/RUN/summary; a run that leaves
# none (the build failed, the VM never came up) counts as one failure.
# With several kernels the last lines are one per kernel and then the
# sum, "N passed, N failed[, N skipped]"; the exit status is 1 if
# anything failed.
set -uo pipefail
run=$1
shift
counts() { # counts PASS FAIL SKIP
	echo "$1 passed, $2 failed$([ "$3" -eq 0 ] || echo ", $3 skipped")"
}
pass=0 fail=0 skip=0 recap=
for k in "$@"; do
	sum=build/$k/$run/summary
	rm -f "$sum"
	${MAKE:-make} --no-print-directory "$run-one" KERNEL="$k"
	if ! read -r p f s 2>/dev/null <"$sum"; then
		echo "not ok - $run on kernel $k did not run to its end"
		p=0 f=1 s=0
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	recap+="  kernel $k: $(counts "$p" "$f" "$s")"$'\n'
done
if [ $# -gt 1 ]; then
	echo
	echo "== $run on kernels $* =="
	printf '%s' "$recap"
	counts "$pass" "$fail" "$skip"
fi
[ "$fail" -eq 0 ]
