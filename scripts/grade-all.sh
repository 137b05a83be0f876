#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# grade-all.sh [--seed N] [--timeout S] [--allow FILE] KERNEL_ENV EXERCISE SUBMISSIONS OUTDIR
# - grade a class: every folder in SUBMISSIONS is one student's
# submission, graded by grade.sh into OUTDIR/<student>/, each in a VM of
# its own, KIT_JOBS of them at a time (the number of cores unless set),
# all with the same seed.  A student's crash or hang stays in that
# student's VM and score.
#
# Then OUTDIR/gradebook.csv: a row per student, a column per test with
# the points it scored (the header gives each test's task and maximum),
# the total, the seed that reproduces the row, and the verdict when the
# submission was not graded as usual: "does not build", "refused: ..."
# (what vet.sh found), "tampering: ..." (what check.sh saw), or what
# stopped a test: "timed out", "log flood", "console flood", "stopped",
# "out of memory", "crashed: <test> (...)" (grade.sh).
set -euo pipefail
seed=$(( $(od -An -N4 -tu4 /dev/urandom) )) opts=()
while [ $# -gt 0 ]; do
	case $1 in
	--seed) seed=$2; shift ;;
	--timeout) opts+=(--timeout "$2"); shift ;;
	--allow) opts+=(--allow "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift ;;
	*) break ;;
	esac
	shift
done
[ $# -eq 4 ] || { echo "usage: grade-all.sh [--seed N] [--timeout S] [--allow FILE] KERNEL_ENV EXERCISE SUBMISSIONS OUTDIR" >&2; exit 2; }
kenv=$1 ex=${2%/} subs=${3%/} out=$4
here=$(cd "$(dirname "$0")" && pwd)

students=()
for d in "$subs"/*/; do
	[ -d "$d" ] && students+=("$(basename "$d")")
done
[ ${#students[@]} -gt 0 ] || { echo "grade-all: no submission folder in $subs" >&2; exit 2; }
# Two vCPUs each even so: with one, a module that spins in the kernel
# would stop the whole VM, not only its test.
jobs=${KIT_JOBS:-$(nproc)}
mkdir -p "$out"
echo "== grading ${#students[@]} submissions of $(basename "$ex"), $jobs at a time, seed $seed (SEED=$seed reproduces) =="

start=$SECONDS
printf '%s\n' "${students[@]}" |
	xargs -P "$jobs" -I{} "$here/grade.sh" --seed "$seed" ${opts[@]+"${opts[@]}"} \
		"$kenv" "$ex" "$subs/{}" "$out/{}" >/dev/null 2>&1 || true
for s in "${students[@]}"; do
	printf '%-20s %s  %s\n' "$s" \
		"$(sed -n 's/^Score: //p' "$out/$s/report.txt" 2>/dev/null || echo '?')" \
		"$(sed -n 's/^(graded in \([0-9]*\) s.*/\1 s/p' "$out/$s/report.txt" 2>/dev/null)"
done
echo "(${#students[@]} submissions in $((SECONDS - start)) s; reports in $out/<student>/report.txt)"

# The gradebook, from each student's result.json (one test a line).
awk -v seed="$seed" '
FNR == NR {
	if (NF >= 3 && $1 !~ /^#/ && $3 > 0) {
		test[++n] = $1; head = head sprintf(",%s %s /%d", $2, $1, $3)
		max += $3
	}
	next
}
FNR == 1 { student = FILENAME; sub(/\/result\.json$/, "", student); sub(/.*\//, "", student); order[++ns] = student }
/"test": / {
	t = $0; sub(/.*"test": "/, "", t); sub(/".*/, "", t)
	p = $0; sub(/.*"points": /, "", p); sub(/,.*/, "", p)
	got[student, t] = p
}
/^  "score": / { s = $2; sub(/,/, "", s); total[student] = s }
/^  "verdict": / {
	v = $0; sub(/^  "verdict": "/, "", v); sub(/",$/, "", v)
	gsub(/\\"|"/, "\"\"", v); verdict[student] = "\"" v "\""
}
END {
	printf "student%s,total /%d,seed,verdict\n", head, max
	for (i = 1; i <= ns; i++) {
		line = order[i]
		for (j = 1; j <= n; j++)
			line = line "," ((order[i], test[j]) in got ? got[order[i], test[j]] : 0)
		print line "," total[order[i]] + 0 "," seed "," verdict[order[i]]
	}
}' "$ex/points" $(for s in "${students[@]}"; do
		[ -f "$out/$s/result.json" ] && echo "$out/$s/result.json" ||
			echo "grade-all: $s has no result" >&2
	done) >"$out/gradebook.csv"
echo "gradebook: $out/gradebook.csv"
column -s, -t <"$out/gradebook.csv" 2>/dev/null || cat "$out/gradebook.csv"
