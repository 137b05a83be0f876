#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# beside.sh OUTDIR "COMMAND" -- CMD... - run CMD, and COMMAND beside it
# in the background (make check CHAPTER= lints while the VMs run the
# tests, on the CPU they leave idle).  COMMAND's output is kept in
# OUTDIR/log and printed when CMD has ended; it counts as one host test
# in OUTDIR/summary ("PASS FAIL SKIP", which matrix.sh adds up).  The
# exit status is CMD's, or 1 if COMMAND failed.
set -uo pipefail
if [ $# -lt 4 ] || [ "$3" != -- ]; then
	echo "usage: beside.sh OUTDIR \"COMMAND\" -- CMD..." >&2
	exit 2
fi
out=$1 beside=$2
shift 3
rm -rf "$out" && mkdir -p "$out"
bash -c "$beside" </dev/null >"$out/log" 2>&1 &
pid=$!
"$@"
rc=$?
echo "== beside the tests: $beside =="
wait "$pid"
brc=$?
cat "$out/log"
if [ "$brc" -eq 0 ]; then
	echo "1 0 0" >"$out/summary"
else
	echo "not ok - $beside (exit $brc)"
	echo "0 1 0" >"$out/summary"
	rc=1
fi
exit "$rc"
