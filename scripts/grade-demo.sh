#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# grade-demo.sh KERNEL_ENV OUTDIR - what an instructor does, on exercise
# 01, checked: grade the solution and the skeleton, then a class of
# three made from the exercise's own files:
#   ana   the solution with the mistake of mutants/ignores-offset.patch
#   ben   the solution with mutants/assumes-newline.patch: an oops
#   cleo  the solution with a semicolon missing: it does not compile
# Each score must be the one expected; the time of each grading is
# printed.  SEED=N in the environment fixes the seed.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: grade-demo.sh KERNEL_ENV OUTDIR" >&2; exit 2; }
kenv=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
ex=exercises/01-procfs file=kit_ex01_procfs.c
seed=${SEED:-$(( $(od -An -N4 -tu4 /dev/urandom) ))}

rm -rf "$out" && mkdir -p "$out/class"
"$here/skel.sh" "$ex" "$out/skeleton"
cp -R "$ex/solution" "$out/solution"
for s in ana ben cleo; do
	mkdir -p "$out/class/$s"
	cp "$ex/solution/$file" "$out/class/$s/"
done
patch -s -d "$out/class/ana" -p1 <"$ex/mutants/ignores-offset.patch"
patch -s -d "$out/class/ben" -p1 <"$ex/mutants/assumes-newline.patch"
sed -i 's/^\treturn count;$/\treturn count/' "$out/class/cleo/$file"

bad=0
expect() { # expect WHAT REPORT SCORE
	local got
	got=$(sed -n 's/^Score: //p' "$2")
	if [ "$got" = "$3" ]; then
		echo "demo: ok   $1: $got"
	else
		echo "demo: FAIL $1: $got, expected $3"
		bad=1
	fi
}
for s in solution skeleton; do
	"$here/grade.sh" --seed "$seed" "$kenv" "$ex" "$out/$s" "$out/grade/$s"
	expect "$s" "$out/grade/$s/report.txt" "$([ $s = solution ] && echo 10/10 || echo 0/10)"
done
"$here/grade-all.sh" --seed "$seed" "$kenv" "$ex" "$out/class" "$out/grade/class"
expect "ana (ignores the offset)" "$out/grade/class/ana/report.txt" 9/10
expect "ben (oopses)" "$out/grade/class/ben/report.txt" 7/10
expect "cleo (does not compile)" "$out/grade/class/cleo/report.txt" 0/10
grep -q 'BUG: kernel NULL pointer dereference' "$out/grade/class/ben/report.txt" ||
	{ echo "demo: FAIL ben's report does not show the oops"; bad=1; }
grep -q 'error: ' "$out/grade/class/cleo/report.txt" ||
	{ echo "demo: FAIL cleo's report does not show the compiler's error"; bad=1; }
exit $bad
