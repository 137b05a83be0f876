#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# hostile.sh KERNEL_ENV OUTDIR - grade the hostile submissions of
# scripts/selftest/hostile/ with the reference solution of exercise 01,
# as one class, through grade-all.sh (the real path), and check:
#   - each fixture (a patch to the solution, one route of attack) scores
#     0 with its "Verdict:" (an ERE that the gradebook's column starts
#     with; empty: graded as usual) and its report matches its "Report:"
#     regex (the floods, memory eaters, spins and the panic: each must
#     be stopped within its test's limit, with its verdict);
#   - a fixture with "Escaped:" symbols is graded again with them allowed
#     (as if vet.sh had missed it): then its "Escaped-verdict:" holds;
#   - the reference scores full marks, its verdict empty;
#   - no byte of the secret file (/tmp/kit-hostile-secret, made here with
#     a random line, which the fixtures try to read) is in any file a
#     student may be given: OUTDIR holds reports, JSON, gradebooks, logs;
#   - every report is short: at most 80 lines of at most 200 characters;
#   - the gradebook has a row for every submission.
# Prints "ok"/"not ok" a check, each submission's grading time and, for
# one that was stopped, how long its test had run.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: hostile.sh KERNEL_ENV OUTDIR" >&2; exit 2; }
kenv=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
ex=exercises/01-procfs file=kit_ex01_procfs.c fixtures=$here/selftest/hostile
secret=/tmp/kit-hostile-secret
seed=${SEED:-$(( $(od -An -N4 -tu4 /dev/urandom) ))}

# The secret: kept when it exists (another run may be using it).
[ -s "$secret" ] || echo "KITSECRET-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')" >"$secret"
token=$(head -n 1 "$secret")

rm -rf "$out" && mkdir -p "$out/class" "$out/escaped"
cp -R "$ex/solution" "$out/class/reference"
for p in "$fixtures"/*.patch; do
	name=$(basename "$p" .patch)
	mkdir -p "$out/class/$name"
	cp "$ex/solution/$file" "$out/class/$name/"
	patch -s -d "$out/class/$name" -p1 <"$p"
	if grep -q '^Escaped:' "$p"; then
		cp -R "$out/class/$name" "$out/escaped/"
		sed -n 's/^Escaped: *//p' "$p" | tr ' ' '\n' >"$out/escaped.allow"
	fi
done

"$here/grade-all.sh" --seed "$seed" "$kenv" "$ex" "$out/class" "$out/grade"
[ ! -s "$out/escaped.allow" ] ||
	"$here/grade-all.sh" --seed "$seed" --allow "$out/escaped.allow" \
		"$kenv" "$ex" "$out/escaped" "$out/grade-escaped"

bad=0
check() { # check WHAT CONDITION...
	local what=$1
	shift
	if "$@"; then echo "ok     $what"; else echo "not ok $what"; bad=1; fi
}
# verdict BOOK STUDENT: the gradebook's last column (after the seed) for
# STUDENT, unquoted.
verdict() {
	awk -F, -v s="$2" 'NR == 1 { n = NF - 1 }
		$1 == s { v = $0; for (i = 0; i < n; i++) v = substr(v, index(v, ",") + 1)
			gsub(/^"|"$/, "", v); print v }' "$1"
}
# starts TEXT REGEX: TEXT starts with a match of the ERE (both may be empty).
starts() { if [ -n "$2" ]; then [[ $1 =~ ^($2) ]]; else [ -z "$1" ]; fi; }
score() { sed -n 's/^Score: //p' "$1/report.txt"; }
expect() { # expect BOOK DIR STUDENT VERDICT REPORT-REGEX SCORE
	local v
	v=$(verdict "$1" "$3")
	check "$3: verdict \"$v\"" starts "$v" "$4"
	check "$3: the report says /$5/" grep -Eq "$5" "$2/$3/report.txt"
	check "$3: score $(score "$2/$3"), want $6" [ "$(score "$2/$3")" = "$6" ]
}
field() { sed -n "s/^$1: *//p" "$2"; }
for p in "$fixtures"/*.patch; do
	name=$(basename "$p" .patch)
	expect "$out/grade/gradebook.csv" "$out/grade" "$name" "$(field Verdict "$p")" \
		"$(field Report "$p")" 0/10
	[ ! -d "$out/escaped/$name" ] ||
		expect "$out/grade-escaped/gradebook.csv" "$out/grade-escaped" "$name" \
			"$(field Escaped-verdict "$p")" "$(field Escaped-verdict "$p" | sed 's/^[^:]*: //')" 0/10
done
expect "$out/grade/gradebook.csv" "$out/grade" reference "" '^Score: 10/10' 10/10

leaks=$(grep -rlF -- "$token" "$out" || true)
check "no byte of the secret in $out${leaks:+: $leaks}" [ -z "$leaks" ]
rows=$(($(wc -l <"$out/grade/gradebook.csv") - 1))
check "the gradebook has a row for each of the $(ls "$out/class" | wc -l) submissions" \
	[ "$rows" -eq "$(ls "$out/class" | wc -l)" ]
long=$(for r in "$out"/grade*/*/report.txt; do
	awk -v r="$r" 'length > 200 || NR > 80 { print r; exit }' "$r"; done)
check "every report is short${long:+: not $long}" [ -z "$long" ]
# The figures: each submission's grading time, and for one that a limit
# or a crash stopped, how long its test had run then (the runner's
# "timed out after", or the host's "N s into this test").
echo "grading times (stopped: how long the test ran before it was stopped):"
for r in "$out"/grade*/*/report.txt; do
	awk -v who="$(basename "$(dirname "$r")")" '
		!stop && match($0, /[0-9.]+ s into this test/) { stop = substr($0, RSTART, RLENGTH - 17) }
		!stop && match($0, /timed out after [0-9]+s/) { stop = substr($0, RSTART + 16, RLENGTH - 17) }
		/^\(graded in/ { t = $3 }
		END { printf "  %-20s graded in %4s s%s\n", who, t, stop ? sprintf(", stopped after %s s", stop) : "" }' "$r"
done
exit $bad
