#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ktap-check.sh KTOOLS RESULTS OUTDIR - does the kernel's own KTAP parser
# (kunit.py parse, from linux-source) read RESULTS, the KTAP document of
# a check.sh run, as the kit counted it: no parse error, and the same
# numbers of tests passed, failed and skipped as RESULTS' summary
# (check.sh writes it beside the results).  Prints one KTAP line and
# its counts in OUTDIR/summary ("PASS FAIL SKIP").
set -uo pipefail
[ $# -eq 3 ] || { echo "usage: ktap-check.sh KTOOLS RESULTS OUTDIR" >&2; exit 2; }
ktools=$1 results=$(realpath "$2") out=$3
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)	# kunit.py works in the kernel's tree
read -r pass fail skip <"$(dirname "$results")/summary" || { echo "ktap-check: no summary beside $results" >&2; exit 2; }
python3 "$ktools/tools/testing/kunit/kunit.py" parse --json="$out/kunit.json" "$results" >"$out/kunit.log" 2>&1
# kunit.py's closing line: "Ran N tests: passed: P, failed: F, skipped: S, errors: E"
got=$(sed -n 's/.*Testing complete\. Ran [0-9]* tests\?: //p' "$out/kunit.log" | tail -n 1)
val() { echo "$got" | grep -o "$1: [0-9]*" | grep -o '[0-9]*$' || echo 0; }
want="passed $pass, failed $fail, skipped $skip, errors 0"
seen="passed $(val passed), failed $(val failed), skipped $(val skipped), errors $(val errors)"
if [ -n "$got" ] && [ "$seen" = "$want" ]; then
	echo "ok 1 ktap.kunit_parser_reads_the_results"
	echo "1 0 0" >"$out/summary"
else
	echo "# kunit.py parse $results: ${got:-no closing line}; the kit counted $want"
	grep -E 'ERROR|error' "$out/kunit.log" | head -n 5 | sed 's/^/#   /'
	echo "not ok 1 ktap.kunit_parser_reads_the_results"
	echo "0 1 0" >"$out/summary"
	exit 1
fi
