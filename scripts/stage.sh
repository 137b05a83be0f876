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
# kbuild runs in scripts/sandbox.sh, which sees the kernel's headers
# and tools, the build root (BUILDROOT of KERNEL_ENV, else the host's
# /usr) and the pass's own folder only.  The files a student writes (those
# with TODO markers in the exercise's solution) are compiled with
# assembly poisoned (see guard below) and their assembler input kept
# (-save-temps) for scripts/vet.sh.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: stage.sh KERNEL_ENV STAGE NAME=EXERCISE:SRC..." >&2; exit 2; }
kenv=$1 stage=$2
shift 2
. "$kenv"
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$stage/src"
stage=$(cd "$stage" && pwd)

# guard DIR FILE: the header compiled before a student's FILE: the
# kernel headers that FILE includes, then "asm" poisoned, so that the
# headers' own inline functions and macros keep working while any asm
# that FILE writes, or builds by pasting tokens, is an error.  The
# student's own #includes then find those headers already included.
guard() {
	{
		echo "/* made by stage.sh: $2 may not use assembly */"
		sed -nE 's/^[ \t]*#[ \t]*include[ \t]*(<[A-Za-z0-9_/.-]+\.h>|"[A-Za-z0-9_.-]+\.h").*/\1/p' \
			"$1/$2" | grep -v '\.\.' |
			awk '{ printf "#if __has_include(%s)\n#include %s\n#endif\n", $0, $0 }'
		# A prefix the student sets before the includes replaces
		# the headers' default, as it would have.
		sed -nE 's/^[ \t]*#[ \t]*define[ \t]+(pr_fmt|dev_fmt)\(.*/#undef \1/p' "$1/$2"
		echo '#pragma GCC poison asm __asm__ __asm'
	} >"$1/.kit-guard-${2%.c}.h"
}

declare -A rank=() flags=()
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
	for f in $(grep -l 'TODO(' "$top/$ex"/solution/*.c); do
		f=$(basename "$f")
		guard "$dir" "$f"
		flags[$p]+="CFLAGS_${f%.c}.o=-include $dir/.kit-guard-${f%.c}.h -save-temps=obj"$'\n'
	done
done
kusr=${KDIR%/src/*}

pids=()
for p in $(seq "$passes"); do
	cmp -s "$stage/src/p$p/Kbuild.new" "$stage/src/p$p/Kbuild" ||
		mv "$stage/src/p$p/Kbuild.new" "$stage/src/p$p/Kbuild"
	mapfile -t pflags < <(printf '%s' "${flags[$p]:-}")
	"$top/scripts/sandbox.sh" --root "${BUILDROOT:-/}" --ro "$kusr" --rw "$stage/src/p$p" \
		make -C "$KDIR" M="$stage/src/p$p" ${pflags[@]+"${pflags[@]}"} modules \
		>"$stage/build-p$p.log" 2>&1 &
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
