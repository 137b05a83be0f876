#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# matrix.sh RUN KERNEL... - `make RUN-one KERNEL=K` (check or stress) on
# each kernel, one after the other, whatever the previous one gave.  Each
# run leaves "PASS FAIL SKIP" in build/K/RUN/summary; a run that leaves
# none (the build failed, the VM never came up), or that fails where its
# summary shows no failure (check-exercises after the tests), counts as
# one failure more.
# The last lines are one per kernel (the VM's tests and the host's, such
# as the terminal tests of RUN.terminal/) and then the sum, "N passed,
# N failed[, N skipped]"; the exit status is 1 if anything failed.
set -uo pipefail
run=$1
shift
counts() { # counts PASS FAIL SKIP
	echo "$1 passed, $2 failed$([ "$3" -eq 0 ] || echo ", $3 skipped")"
}
pass=0 fail=0 skip=0 recap=
for k in "$@"; do
	sum=build/$k/$run/summary
	rm -f "$sum" build/"$k"/"$run".*/summary
	${MAKE:-make} --no-print-directory "$run-one" KERNEL="$k"
	rc=$?
	# The tests in the VM, then those on the host (RUN.*/summary).
	if ! read -r p f s 2>/dev/null <"$sum"; then
		echo "not ok - $run on kernel $k did not run to its end"
		p=0 f=1 s=0
	else
		for more in build/"$k"/"$run".*/summary; do
			[ -f "$more" ] && read -r mp mf ms <"$more" || continue
			p=$((p + mp)) f=$((f + mf)) s=$((s + ms))
		done
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $run on kernel $k failed after its tests (exit $rc)"
		f=1
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	recap+="  kernel $k: $(counts "$p" "$f" "$s")"$'\n'
done
echo
echo "== $run on kernel$([ $# -eq 1 ] || echo s) $* =="
printf '%s' "$recap"
counts "$pass" "$fail" "$skip"
[ "$fail" -eq 0 ]
