#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# grade.sh [--seed N] [--timeout S] KERNEL_ENV EXERCISE SUBMISSION OUTDIR
# - grade one student's submission of an exercise.
#
# The student owns the files that have TODO markers in the solution;
# SUBMISSION must hold them.  Every other file (headers, Kbuild) is put
# back from the exercise as it was handed out, so the contract cannot
# change.  The module is built on the host by kbuild only; a compile
# error scores 0 and shows the compiler's output.  Otherwise a fresh VM
# runs the checker's tests, each with a time limit, and score.sh prints
# a line per test and "Score: a/b".  Inputs are drawn from the seed,
# random unless given and always printed, so SEED=N reproduces a score.
#
# OUTDIR gets result.json, report.txt (what was printed), build.log, and
# the VM's logs under check/.  Exit status 0 once a score is written.
set -euo pipefail
timeout=10 seed=$(( $(od -An -N4 -tu4 /dev/urandom) ))
while [ $# -gt 0 ]; do
	case $1 in
	--seed) seed=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	*) break ;;
	esac
	shift
done
[ $# -eq 4 ] || { echo "usage: grade.sh [--seed N] [--timeout S] KERNEL_ENV EXERCISE SUBMISSION OUTDIR" >&2; exit 2; }
kenv=$1 ex=${2%/} sub=${3%/} out=$4
here=$(dirname "$0")
. "$kenv"
name=$(basename "$ex") student=$(basename "$sub")
[ -f "$ex/points" ] || { echo "grade: $ex is not an exercise" >&2; exit 2; }
[ -d "$sub" ] || { echo "grade: no submission $sub" >&2; exit 2; }

rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)

grade() {
	start=$SECONDS
	echo "== $student: exercise $name on $KVER, seed $seed (SEED=$seed reproduces) =="

	# The handed-out files, then the student's own over them.
	"$here/skel.sh" "$ex" "$out/src"
	rm -f "$out/src/README.md"
	for f in $(grep -l 'TODO(' "$ex"/solution/*); do
		f=$(basename "$f")
		# A regular file only: a link could show a file of the host.
		if [ -f "$sub/$f" ] && [ ! -L "$sub/$f" ]; then
			cp "$sub/$f" "$out/src/$f"
		else
			echo "grade: $sub/$f is missing: the skeleton's is graded"
		fi
	done

	meta=(exercise="$name" submission="$student" seed="$seed" kernel="$KVER")
	results=$out/check/results.ktap
	if "$here/stage.sh" "$kenv" "$out/stage" "$name=$ex:$out/src"; then
		cp "$out/stage/build.log" "$out/build.log"
		"$here/initramfs.sh" "$kenv" "$out/initramfs.cpio" \
			"$out/stage/kit/checkers" "$out/stage/kit/$name"
		"$here/check.sh" --jobs 1 --timeout "$timeout" --arg "kit.seed=$seed" \
			"$kenv" "$out/initramfs.cpio" "$out/check" \
			"$out/stage/kit/$name" >"$out/check.log" 2>&1 || true
		meta+=(build=ok)
	else
		cp "$out/stage/build.log" "$out/build.log"
		echo "The module does not build; the compiler says:"
		grep -vE '^make(\[[0-9]+\])?: |^  [A-Z]+ ' "$out/build.log" |
			sed -n "1,40{s|$out/stage/src/p[0-9]*/$name/||; s/^/  /; p}"
		mkdir -p "$out/check"
		awk -v ch="$name" 'NF >= 3 && $1 !~ /^#/ {
			printf "not ok %d %s.%s\n  # the module does not build\n", ++n, ch, $1 }' \
			"$ex/points" >"$results"
		meta+=(build=failed)
	fi
	"$here/score.sh" --json "$out/result.json" "${meta[@]}" \
		"$ex/points" "$results" "$name"
	echo "(graded in $((SECONDS - start)) s; $out/result.json)"
}
grade 2>&1 | tee "$out/report.txt"
