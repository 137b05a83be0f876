#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# check-exercises.sh [--timeout S] [--seed N] KERNEL_ENV OUTDIR EXERCISE...
# - test the exercises' checkers: for every EXERCISE, its solution must
# score full marks without a build warning, its skeleton (skel.sh) must build
# and score nothing, and each of its mutants/*.patch (a common mistake,
# applied to the solution) must lose exactly the tasks that its
# "Loses:" line names (on a kernel with CONFIG_X, those of a "Loses
# with CONFIG_X:" line; a task written "T1?" may be lost or kept) and
# keep every other point.  Every variant must
# also pass vet.sh, the grader's check before boot, against its
# solution's imports, as a student's submission would. A mutant whose
# "Needs:" line names kernel options (CONFIG_DEBUG_KMEMLEAK: a mistake
# only a sanitizer sees) is skipped on a kernel without them.
#
# All the variants of all the exercises are built together (stage.sh)
# and run in one VM session per core (check.sh boots again where a
# variant crashes); their results are then scored on the host.  The seed is
# random unless given, and printed.  Exit status 1 on any difference.
set -euo pipefail
timeout=10 seed=$(( $(od -An -N4 -tu4 /dev/urandom) ))
while [ $# -gt 0 ]; do
	case $1 in
	--timeout) timeout=$2; shift ;;
	--seed) seed=$2; shift ;;
	*) break ;;
	esac
	shift
done
[ $# -ge 3 ] || { echo "usage: check-exercises.sh [--timeout S] [--seed N] KERNEL_ENV OUTDIR EXERCISE..." >&2; exit 2; }
kenv=$1 out=$2
shift 2
here=$(dirname "$0")
kconfig=$(. "$kenv" && echo "$KDIR/.config")

# The stage is kept: kbuild rebuilds only the variants that changed.
rm -rf "$out/skel" "$out/mutants" "$out"/check*
mkdir -p "$out/skel" "$out/mutants"
out=$(cd "$out" && pwd)
specs=() expect=$out/expect	# expect: variant exercise lost-tasks...
: >"$expect"
for ex in "$@"; do
	base=$(basename "$ex") nn=${base%%-*}
	specs+=("$nn-solution=$ex:$ex/solution")
	echo "$nn-solution $ex" >>"$expect"
	"$here/skel.sh" "$ex" "$out/skel/$base"
	specs+=("$nn-skeleton=$ex:$out/skel/$base")
	echo "$nn-skeleton $ex all" >>"$expect"
	for p in "$ex"/mutants/*.patch; do
		[ -e "$p" ] || continue
		m=$nn-$(basename "$p" .patch)
		# A mistake that only a sanitizer sees ("Needs: CONFIG_X",
		# KERNEL=debug) is checked only on a kernel that has it.
		missing=
		for opt in $(sed -n 's/^Needs: *//p' "$p"); do
			grep -qx "$opt=y" "$kconfig" || missing="$missing $opt"
		done
		if [ -n "$missing" ]; then
			echo "skip $(basename "$ex") mutant $(basename "$p" .patch): the kernel has no$missing"
			continue
		fi
		cp -R "$ex/solution" "$out/mutants/$m"
		patch -s -p1 -d "$out/mutants/$m" <"$p" ||
			{ echo "$p: does not apply to $ex/solution" >&2; exit 1; }
		lost=$(sed -n 's/^Loses: *//p' "$p")
		[ -n "$lost" ] || { echo "$p: no \"Loses:\" line" >&2; exit 1; }
		# "Loses with CONFIG_X: ...": what a sanitizer adds where the
		# kernel has it (kmemleak fails every task that leaks).
		while read -r opt tasks; do
			! grep -qx "$opt=y" "$kconfig" || lost=$tasks
		done < <(sed -n 's/^Loses with \(CONFIG_[A-Z0-9_]*\): */\1 /p' "$p")
		specs+=("$m=$ex:$out/mutants/$m")
		echo "$m $ex $lost" >>"$expect"
	done
done

echo "exercises: building ${#specs[@]} variants"
if ! "$here/stage.sh" "$kenv" "$out/stage" "${specs[@]}"; then
	grep -E -A3 ': error: ' "$out/stage/build.log" | sed -n 1,30p
	echo "exercises: a variant does not build (log: $out/stage/build.log)"
	exit 1
fi
# A skeleton may warn of what its TODOs leave unused; a solution not.
warnings=$(grep -E -- '-solution/[^:]*:[0-9]+:[0-9]+: warning' \
	"$out/stage/build.log" || true)
if [ -n "$warnings" ]; then
	echo "$warnings"
	echo "exercises: a solution builds with warnings"
	exit 1
fi

# Every variant must pass vet.sh against its solution's imports, as a
# student's submission would: a refusal is the grader being too strict.
for spec in "${specs[@]}"; do
	name=${spec%%=*} nn=${spec%%-*}
	nm -u "$out/stage/kit/$nn-solution"/*.ko | awk '{ print $NF }' >"$out/stage/$nn.imports"
	asm=("$out"/stage/src/p*/"$name"/*.s)
	[ -e "${asm[0]}" ] || asm=()
	if ! why=$("$here/vet.sh" "$out/stage/$nn.imports" "$out/stage/kit/$name"/*.ko \
		${asm[@]+"${asm[@]}"}); then
		echo "$why" | sed "s/^/$name: /"
		echo "exercises: vet.sh refuses a variant"
		exit 1
	fi
done

# The variants go to KIT_JOBS VMs side by side (one per core, one vCPU
# each: a test uses one CPU at a time), a share of the exercises each.
jobs=${KIT_JOBS:-$(nproc)}
[ "$#" -ge "$jobs" ] || jobs=$#
[ "$jobs" -gt 1 ] && export KIT_SMP=1
declare -A share=()
i=0
for ex in "$@"; do
	share[$(basename "$ex" | sed 's/-.*//')]=$((i++ % jobs + 1))
done
echo "exercises: running their checkers in $jobs VMs, seed $seed (logs: $out/check-*.log)"
for j in $(seq "$jobs"); do
	kits=()
	for spec in "${specs[@]}"; do
		name=${spec%%=*}
		[ "${share[${name%%-*}]}" = "$j" ] && kits+=("$out/stage/kit/$name")
	done
	{
		"$here/initramfs.sh" "$kenv" "$out/initramfs-$j.cpio" \
			"$out/stage/kit/checkers" "${kits[@]}" &&
		"$here/check.sh" --jobs 1 --timeout "$timeout" --arg "kit.seed=$seed" \
			"$kenv" "$out/initramfs-$j.cpio" "$out/check-$j" "${kits[@]}"
	} >"$out/check-$j.log" 2>&1 &
done
wait
cat "$out"/check-*/results.ktap >"$out/results.ktap"

bad=0
while read -r variant ex lost; do
	report=$("$here/score.sh" "$ex/points" "$out/results.ktap" "$variant")
	echo "$report" >"$out/$variant.score"
	score=$(echo "$report" | sed -n 's/^Score: //p')
	# Every task with points: full marks, or none when it is lost.
	verdict=$(echo "$report" | sed -n 's/^Tasks: //p' | tr ',' '\n' |
		awk -v lost=" $lost " '
		{ split($2, p, "/"); if (p[2] == 0) next
		  # "T1?": lost or kept (what a sanitizer sees only at times).
		  if (index(lost, " " $1 "? ") && (p[1] == 0 || p[1] == p[2])) next
		  want = (lost == " all " || index(lost, " " $1 " ")) ? 0 : p[2]
		  if (p[1] != want) bad = bad " " $1 " " p[1] "/" p[2] " (want " want ")" }
		END { print bad }')
	what=${variant#*-}
	[ "$what" = solution ] || [ "$what" = skeleton ] || what="mutant $what, loses $lost"
	if [ -z "$verdict" ]; then
		echo "ok $(basename "$ex") $what: $score"
	else
		echo "not ok $(basename "$ex") $what: $score; wrong:$verdict"
		echo "$report" | sed 's/^/  # /'
		bad=1
	fi
done <"$expect"
exit $bad
