#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# grade.sh [--seed N] [--timeout S] [--allow FILE] KERNEL_ENV EXERCISE
# SUBMISSION OUTDIR - grade one student's submission of an exercise.
# --allow FILE: more kernel symbols the module may import (one a line;
# the instructor's choice, beside the reference's and the common set).
#
# The student owns the files that have TODO markers in the solution;
# SUBMISSION must hold them.  Every other file (headers, Kbuild) is put
# back from the exercise as it was handed out, so the contract cannot
# change.  The module is built by kbuild in a sandbox (stage.sh); a
# compile error scores 0 and shows the compiler's messages about the
# student's files.  A module that imports a kernel symbol its exercise
# does not need (the reference solution's imports and the common set),
# or that has assembly, is refused before it boots (vet.sh) and scores
# 0, with what was found.  Otherwise a fresh VM
# runs the checker's tests, each with a time limit (enforced by the host
# too, see check.sh), and score.sh prints a line per test and
# "Score: a/b"; a test that a limit or a crash stopped names the verdict.  Inputs are drawn from the seed,
# random unless given and always printed, so SEED=N reproduces a score.
#
# OUTDIR gets result.json, report.txt (what was printed), build.log, and
# the VM's logs under check/.  Exit status 0 once a score is written.
set -euo pipefail
timeout=10 seed=$(( $(od -An -N4 -tu4 /dev/urandom) )) more=/dev/null
while [ $# -gt 0 ]; do
	case $1 in
	--seed) seed=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--allow) more=$2; shift ;;
	*) break ;;
	esac
	shift
done
[ $# -eq 4 ] || { echo "usage: grade.sh [--seed N] [--timeout S] [--allow FILE] KERNEL_ENV EXERCISE SUBMISSION OUTDIR" >&2; exit 2; }
kenv=$1 ex=${2%/} sub=${3%/} out=$4
here=$(dirname "$0")
top=$(cd "$here/.." && pwd)
. "$kenv"
name=$(basename "$ex") student=$(basename "$sub")
[ -f "$ex/points" ] || { echo "grade: $ex is not an exercise" >&2; exit 2; }
[ -d "$sub" ] || { echo "grade: no submission $sub" >&2; exit 2; }

rm -rf "$out" && mkdir -p "$out"
# A flood on the console stops the VM at 2 MiB (vm.sh): some 20 times
# what a graded boot prints with an out-of-memory report in it.
export KIT_LOG_MAX=${KIT_LOG_MAX:-2}
out=$(cd "$out" && pwd)

# fail_all WHY: every test of the exercise fails for WHY, unrun.
fail_all() {
	mkdir -p "$out/check"
	awk -v ch="$name" -v why="$1" 'NF >= 3 && $1 !~ /^#/ {
		printf "not ok %d %s.%s\n  # %s\n", ++n, ch, $1, why }' \
		"$ex/points" >"$results"
}

# compiler_says DIR LOG: the compiler's messages about the student's own
# files in DIR (with the lines of them it quotes) and the assembler's
# about what they compiled to, none about a header or any other file;
# 40 lines of at most 160 characters.
compiler_says() {
	# kbuild names the files by their full path, or (7.x) from M=.
	awk -v dir="$1" -v rel="$(basename "$1")/" -v files=" $owned ${owned//.c/.s} " '
	index($0, dir) == 1 || index($0, rel) == 1 {
		p = index($0, dir) == 1 ? dir : rel
		rest = substr($0, length(p) + 1); f = rest; sub(/:.*/, "", f)
		keep = index(files, " " f " ") && rest ~ /^[^:]+:([0-9]+:)+ |^[^:]+: In /
		if (keep) print rest
		next
	}
	keep && /^ +([0-9]+ )?\|/ { print; next }
	{ keep = 0 }' "$2" | cut -c 1-160 | sed -n '1,40s/^/  /p'
	# The sandbox's own complaints (bwrap cannot start, time is up).
	{ grep -E '^(bwrap|sandbox): ' "$2" || true; } | cut -c 1-160 | sed -n '1,3s/^/  /p'
	! grep -q 'poisoned "' "$2" ||
		echo "  (assembly is not allowed in your files: asm, __asm__ or a macro that makes them)"
}

# incident RESULTS: the first test that a limit or a crash stopped, and
# how: "timed out", "log flood" (the runner killed it), "stopped",
# "console flood" (the host stopped the VM), "crashed", "out of memory".
incident() {
	awk 'function say(what, why) { if (!done++) printf "%s: %s (%s)\n", what, t, why }
	function flush() { if (crash != "") say("crashed", crash); crash = "" }
	function after(s, re) { sub(re, "", s); sub(/; console:.*|;.*hung$/, "", s); return s }
	/^(not )?ok / { flush(); t = ""; if ($1 == "not") { t = $4; sub(/^[^.]*\./, "", t) } next }
	t == "" || done { next }
	/^  # the VM was stopped: its console passed|^  # the VM was stopped: .*console grew .*a flood/ { say("console flood", after($0, "^  # the VM was stopped: ")); next }
	/^  # the VM was stopped: / { say("stopped", after($0, "^  # the VM was stopped: ")); next }
	/^  # the VM crashed, / { crash = after($0, "^  # the VM crashed, "); next }
	crash != "" && /Out of memory|oom-kill/ { say("out of memory", crash); crash = ""; next }
	crash != "" && /Kernel panic - not syncing: / {
		p = $0; sub(/.*Kernel panic - not syncing: /, "", p)
		say("crashed", substr(p, 1, 80) ", " crash); crash = ""; next }
	/^  # the kernel log overflowed/ { say("log flood", "killed at its time limit"); next }
	/^  # timed out after / { say("timed out", after($0, "^  # ")); next }
	END { flush() }' "$1"
}

grade() {
	start=$SECONDS
	echo "== $student: exercise $name on $KVER, seed $seed (SEED=$seed reproduces) =="

	# The handed-out files, then the student's own over them.
	"$here/skel.sh" "$ex" "$out/src"
	rm -f "$out/src/README.md"
	owned=
	for f in $(grep -l 'TODO(' "$ex"/solution/*); do
		f=$(basename "$f")
		owned="$owned $f"
		# A regular file only: a link could show a file of the host.
		if [ -f "$sub/$f" ] && [ ! -L "$sub/$f" ]; then
			cp "$sub/$f" "$out/src/$f"
		else
			echo "grade: $sub/$f is missing: the skeleton's is graded"
		fi
	done

	meta=(exercise="$name" submission="$student" seed="$seed" kernel="$KVER")
	results=$out/check/results.ktap
	# The reference's imports, built once per kernel beside the student's.
	allow=$top/build/imports/$KVER/$name
	specs=("$name=$ex:$out/src")
	[ -s "$allow" ] && [ -z "$(find "$ex/solution" -newer "$allow")" ] ||
		specs+=("$name-reference=$ex:$ex/solution")
	built=
	"$here/stage.sh" "$kenv" "$out/stage" "${specs[@]}" && built=1
	cp "$out/stage/build.log" "$out/build.log"
	if [ ${#specs[@]} -gt 1 ] && [ -f "$(echo "$out/stage/src/p2/$name-reference"/*.ko)" ]; then
		mkdir -p "${allow%/*}"
		nm -u "$out/stage/src/p2/$name-reference"/*.ko | awk '{ print $NF }' >"$allow.$$"
		mv "$allow.$$" "$allow"
	fi
	cat "$allow" "$more" >"$out/allowed" 2>/dev/null || true
	if [ -n "$built" ] && ! "$here/vet.sh" "$out/allowed" "$out/stage/kit/$name"/*.ko \
		"$out/stage/src/p1/$name"/*.s >"$out/vet.log"; then
		echo "The module is refused before it runs:"
		sed 's/^refused: /  /' "$out/vet.log"
		fail_all "$(sed -n '1s/^refused: //p' "$out/vet.log")"
		meta+=(build=refused "verdict=$(sed -n 1p "$out/vet.log")")
	elif [ -n "$built" ]; then
		# Only the student's module boots, not the reference's.
		"$here/initramfs.sh" "$kenv" "$out/initramfs.cpio" \
			"$out/stage/kit/checkers" "$out/stage/kit/$name"
		"$here/check.sh" --jobs 1 --timeout "$timeout" --arg "kit.seed=$seed" \
			"$kenv" "$out/initramfs.cpio" "$out/check" \
			"$out/stage/kit/$name" >"$out/check.log" 2>&1 || true
		meta+=(build=ok)
	else
		echo "The module does not build; the compiler says:"
		compiler_says "$out/stage/src/p1/$name/" "$out/build.log"
		fail_all "the module does not build"
		meta+=(build=failed "verdict=does not build")
	fi
	# What stopped a test when it did not end by itself (the first).
	stop=$(incident "$results")
	[ -z "$stop" ] || meta+=("verdict=$stop")
	[ ! -s "$out/check/tamper" ] ||
		meta+=("verdict=tampering: $(sed -n '1{s/^[^:]*: //; p}' "$out/check/tamper" | cut -c 1-200)")
	"$here/score.sh" --tamper "$out/check/tamper" --json "$out/result.json" "${meta[@]}" \
		"$ex/points" "$results" "$name"
	echo "(graded in $((SECONDS - start)) s; $out/result.json)"
}
grade 2>&1 | tee "$out/report.txt"
