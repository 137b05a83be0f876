#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# stage.sh KERNEL_ENV STAGE NAME=EXERCISE:SRC... - build variants of the
# exercises (a solution, a skeleton, a mutant, a student's submission)
# for the VM, and lay each out as a chapter of the VM in STAGE/kit/NAME:
# the variant's modules (without debug information), its EXERCISE's
# points table, and tests/ pointing to the exercise's checker (built by
# make under build/user/), which is in STAGE/kit/checkers/ once.
#
# SRC is copied to STAGE/src/pN/NAME, a file only when it changed, so
# that kbuild rebuilds only what changed.  The variants of one exercise
# share their module's name, which one kbuild pass refuses: the N-th
# variant of every exercise goes to pass N, and the passes run side by
# side.  kbuild's output goes to STAGE/build.log; the status is kbuild's.
#
# Only kbuild runs on the host: nothing of a variant is executed here.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: stage.sh KERNEL_ENV STAGE NAME=EXERCISE:SRC..." >&2; exit 2; }
kenv=$1 stage=$2
shift 2
. "$kenv"
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$stage/src"
stage=$(cd "$stage" && pwd)

declare -A rank=()
passes=0
rm -f "$stage"/src/p*/Kbuild.new "$stage"/build-p*.log
for spec in "$@"; do
	name=${spec%%=*} ex=${spec#*=} src=${spec#*:}
	ex=${ex%%:*}
	p=$(( ${rank[$ex]:-0} + 1 ))
	rank[$ex]=$p
	[ "$p" -le "$passes" ] || passes=$p
	dir=$stage/src/p$p/$name
	mkdir -p "$dir"
	for f in "$src"/*; do
		cmp -s "$f" "$dir/$(basename "$f")" || cp "$f" "$dir/"
	done
	echo "obj-y += $name/" >>"$stage/src/p$p/Kbuild.new"
done

pids=()
for p in $(seq "$passes"); do
	cmp -s "$stage/src/p$p/Kbuild.new" "$stage/src/p$p/Kbuild" ||
		mv "$stage/src/p$p/Kbuild.new" "$stage/src/p$p/Kbuild"
	"$(dirname "$0")/buildroot.sh" --kenv "$kenv" make -C "$KDIR" M="$stage/src/p$p" modules >"$stage/build-p$p.log" 2>&1 &
	pids+=($!)
done
status=0
for pid in "${pids[@]}"; do
	wait "$pid" || status=1
done
cat "$stage"/build-p*.log >"$stage/build.log"
[ "$status" -eq 0 ] || exit 1

rm -rf "$stage/kit"
for spec in "$@"; do
	name=${spec%%=*} ex=${spec#*=}
	ex=${ex%%:*}
	dest=$stage/kit/$name checkers=$stage/kit/checkers/$(basename "$ex")
	mkdir -p "$dest/tests" "$checkers"
	for ko in "$stage"/src/p*/"$name"/*.ko; do
		objcopy --strip-debug "$ko" "$dest/$(basename "$ko")"
	done
	cp "$top/$ex/points" "$dest/"
	for t in "$top/build/user/$ex/tests"/*; do
		[ -x "$t" ] || continue
		[ -e "$checkers/${t##*/}" ] || cp "$t" "$checkers/"
		ln -s "/kit/checkers/$(basename "$ex")/${t##*/}" "$dest/tests/"
	done
done
