#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# lint.sh [--kernels "6.1 6.12"] [--tools SERIES] DIR... - the kernel
# community's own checks on the kit's code, on the host (no VM):
#
#   checkpatch    scripts/checkpatch.pl --strict, from Debian's
#                 linux-source, on every kernel source: the kit_*.c files
#                 and the kit's headers that kbuild saw them include
#   clang-format  the kernel's .clang-format on the same files, with two
#                 allowances: where to break a long line is left to the
#                 author (ColumnLimit 0; checkpatch holds the 80 columns)
#                 and spacing inside a line after its indentation is free,
#                 since the kernel aligns #define values and trailing
#                 comments with tabs that clang-format makes one space
#   sparse, W=1   the modules built by kbuild with C=2 (sparse on every
#                 file) and W=1, on each kernel, in a copy of the sources
#                 under build/lint/: any message at all fails
#   cppcheck      every user-space program and test
#   clang         clang --analyze (the static analyzer) on the same
#
# Each check prints "lint: NAME ok (...)" or its findings; the exit
# status is 1 if any check failed.
set -uo pipefail
kernels=6.1 series=6.12
while [ $# -gt 0 ]; do
	case $1 in
	--kernels) kernels=$2; shift ;;
	--tools) series=$2; shift ;;
	*) break ;;
	esac
	shift
done
[ $# -ge 1 ] || { echo "usage: lint.sh [--kernels LIST] [--tools SERIES] DIR..." >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
dirs=("$@")
out=build/lint
mkdir -p "$out"
ktools=$(scripts/kernel.sh tools "$series") || exit 1
failed=0

ok() { echo "lint: $*"; }
bad() { echo "lint: $*"; failed=1; }

# Kernel sources: kit_*.c (kbuild's generated *.mod.c aside).
ksrc=()
for d in "${dirs[@]}"; do
	for f in "$d"/kit_*.c; do
		[ -f "$f" ] && [ "${f%.mod.c}" = "$f" ] && ksrc+=("$f")
	done
done
# User space: every other C file of the dirs, tests included.
usrc=()
for d in "${dirs[@]}"; do
	for f in "$d"/*.c "$d"/tests/*.c; do
		[ -f "$f" ] || continue
		case $(basename "$f") in kit_*) continue ;; esac
		usrc+=("$f")
	done
done

# --- sparse and W=1, on each kernel ------------------------------------
# In a copy, so that the kit's own build is neither rebuilt nor mixed
# with other flags; the copy's Kbuild names only the dirs linted.
# Sets $headers: the kit headers the modules include (from kbuild's
# dependency files).
headers=
kbuild_check() { # kbuild_check KERNEL
	local k=$1 kenv tree log d
	kenv=$(scripts/kernel.sh dir "$k")/kernel.env || return 1
	tree=$top/$out/$k
	log=$out/$k.log
	rm -rf "$tree" && mkdir -p "$tree"
	# The whole source tree: a module may include another dir's header.
	tar -c --exclude=./build --exclude=./.git --exclude='*.o' \
		--exclude='*.ko' --exclude='*.mod' --exclude='*.mod.c' \
		--exclude='.*.cmd' --exclude='*.order' --exclude=Module.symvers \
		--exclude='*.d' . | tar -x -C "$tree" || return 1
	: >"$tree/Kbuild"
	for d in "${dirs[@]}"; do
		[ -f "$d/Kbuild" ] && echo "obj-y += $d/" >>"$tree/Kbuild"
	done
	[ -s "$tree/Kbuild" ] || { ok "sparse, W=1 on $k: no modules"; return 0; }
	(
		. "$kenv"
		make -C "$KDIR" M="$tree" C=2 CHECK=sparse W=1 modules
	) >"$log" 2>&1
	local rc=$?
	# Anything but kbuild's progress lines is a finding.
	sed "s|$tree/||g" "$log" | grep -vE \
		'^make(\[[0-9]+\])?: (Entering|Leaving) directory|^  [A-Z]+( \[M\])? +[^ ]|^Skipping BTF generation for .* due to unavailability of vmlinux$' \
		>"$log.findings"
	if [ -s "$log.findings" ] || [ $rc -ne 0 ]; then
		bad "sparse, W=1 on Debian kernel $k: FAILED (exit $rc):"
		sed 's/^/  /' "$log.findings" | head -n 80
	else
		ok "sparse, W=1 on Debian kernel $k ok (${#ksrc[@]} files)"
	fi
	headers=$(find "$tree" -name '.kit_*.o.cmd' -exec cat {} + 2>/dev/null |
		grep -o "$tree/[^ :]*\\.h" | sed "s|$tree/||" | sort -u)
	return 0
}

for k in $kernels; do
	kbuild_check "$k" || bad "sparse, W=1 on $k: could not run"
done

# --- checkpatch ----------------------------------------------------------
kfiles=("${ksrc[@]}")
for h in $headers; do
	[ -f "$h" ] && kfiles+=("$h")
done
if [ ${#kfiles[@]} -gt 0 ]; then
	cp_out=$(perl "$ktools/scripts/checkpatch.pl" --strict --no-tree --quiet \
		--terse --show-types -f "${kfiles[@]}" 2>&1)
	cp_rc=$?
	cp_out=$(echo "$cp_out" | grep -v '^total: 0 errors, 0 warnings, 0 checks')
	if [ $cp_rc -ne 0 ] || [ -n "$cp_out" ]; then
		bad "checkpatch --strict: FAILED:"
		echo "$cp_out" | sed 's/^/  /'
	else
		ok "checkpatch --strict ok (${#kfiles[@]} files: ${#ksrc[@]} sources, $(( ${#kfiles[@]} - ${#ksrc[@]} )) headers)"
	fi
fi

# --- clang-format ------------------------------------------------------
norm() { # indentation exact, spacing after it collapsed
	awk '{ match($0, /^[ \t]*/); l = substr($0, 1, RLENGTH)
	       r = substr($0, RLENGTH + 1); gsub(/[ \t]+/, " ", r); print l r }'
}
if [ ${#kfiles[@]} -gt 0 ]; then
	sed 's/^ColumnLimit:.*/ColumnLimit: 0/' "$ktools/.clang-format" >"$out/.clang-format"
	cf_bad=
	for f in "${kfiles[@]}"; do
		d=$(diff -u --label "$f" --label "$f (clang-format)" \
			<(norm <"$f") <(clang-format --style="file:$out/.clang-format" "$f" | norm))
		[ -z "$d" ] || cf_bad="$cf_bad$d"$'\n'
	done
	if [ -n "$cf_bad" ]; then
		bad "clang-format (kernel style): FAILED; the lines as clang-format wants them:"
		echo "$cf_bad" | head -n 80 | sed 's/^/  /'
	else
		ok "clang-format (kernel .clang-format, ColumnLimit 0) ok (${#kfiles[@]} files)"
	fi
fi

# --- user space: cppcheck and clang's analyzer ---------------------------
incs() { # incs FILE - the include dirs the Makefile gives it
	echo "-I$(dirname "$1") -Ilib -I$ktools/tools/testing/selftests -Ibuild/gen"
}
if [ ${#usrc[@]} -gt 0 ]; then
	cc_out=
	for f in "${usrc[@]}"; do
		# shellcheck disable=SC2046
		cc_out+=$(cppcheck -q --std=c11 -D_GNU_SOURCE -D__GNUC__ \
			--enable=warning,style,performance,portability \
			--inline-suppr --suppress=missingIncludeSystem \
			--suppress="*:$ktools/*" $(incs "$f") "$f" 2>&1)
	done
	if [ -n "$cc_out" ]; then
		bad "cppcheck: FAILED:"
		echo "$cc_out" | sed 's/^/  /'
	else
		ok "cppcheck ok (${#usrc[@]} files)"
	fi

	an_out=$(for f in "${usrc[@]}"; do echo "$f"; done |
		xargs -P "$(nproc)" -I{} sh -c \
		"clang --analyze -Xanalyzer -analyzer-output=text -std=c11 -D_GNU_SOURCE \
		 -I\$(dirname {}) -Ilib -I$ktools/tools/testing/selftests -Ibuild/gen \
		 -o /dev/null {} 2>&1")
	if [ -n "$an_out" ]; then
		bad "clang --analyze: FAILED:"
		echo "$an_out" | head -n 120 | sed 's/^/  /'
	else
		ok "clang --analyze ok (${#usrc[@]} files)"
	fi
fi

[ $failed -eq 0 ] || { echo "lint: FAILED"; exit 1; }
echo "lint: all clean"
