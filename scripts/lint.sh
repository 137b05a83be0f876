#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# lint.sh [--kernels "6.1 6.12"] [--tools SERIES] DIR... - the kernel
# community's own checks on the kit's code, on the host (no VM):
#
#   checkpatch    scripts/checkpatch.pl --strict, from Debian's
#                 linux-source, on every kernel source: the kit_*.c files
#                 and the kit's headers that kbuild saw them include.
#                 Allowed, because the kit builds for several kernels:
#                 LINUX_VERSION_CODE itself (checkpatch wants in-tree code
#                 written for one kernel only), the CONSTANT_COMPARISON
#                 it sees in "LINUX_VERSION_CODE >= KERNEL_VERSION()", and
#                 CONST_STRUCT on a line whose constness is a KIT_*_CONST
#                 macro (const only on the kernels whose API takes it)
#   clang-format  the kernel's .clang-format, with ColumnLimit 0: where
#                 to break a line is left to the author (checkpatch holds
#                 the 80 columns), so clang-format checks the rest:
#                 indentation, braces, spaces around operators, after
#                 keywords and casts, pointer stars, continuation lines.
#                 Also allowed: spacing inside a line after its
#                 indentation (the kernel aligns #define values and
#                 trailing comments with tabs, clang-format with one
#                 space), "{ }" for "{}", and a change that only moves
#                 line breaks (clang-format puts each element of a braced
#                 list with a trailing comma on a line of its own)
#   sparse, W=1   the modules built by kbuild with C=2 (sparse on every
#                 file) and W=1, on each kernel, in a copy of the sources
#                 under build/lint/ (in the kernel's build root if it has
#                 one): any message at all fails.  7.x's kbuild refuses
#                 Debian's sparse (too old for __typeof_unqual__): there
#                 W=1 runs alone, and the line says so
#   cppcheck      every user-space program and test
#   clang         clang --analyze (the static analyzer) on the same,
#                 without core.NonNullParamChecker: it cannot know that
#                 getopt_long() sets optarg for an option that requires
#                 an argument, and takes every "x = optarg" for a NULL
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

# Each line says how long its check took.
t0=$SECONDS
ok() { echo "lint: $* [$((SECONDS - t0)) s]"; t0=$SECONDS; }
bad() { echo "lint: $* [$((SECONDS - t0)) s]"; t0=$SECONDS; failed=1; }

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
		scripts/buildroot.sh --kenv "$kenv" make -C "$KDIR" M="$tree" C=2 CHECK=sparse W=1 modules
	) >"$log" 2>&1
	local rc=$? what="sparse, W=1"
	# From 6.13 kbuild runs sparse only if it knows __typeof_unqual__
	# (scripts/checker-valid.sh, which Debian's headers lack): Debian's
	# sparse 0.6.4 does not, and kbuild says so and builds without it.
	if grep -q 'C=2 specified, but sparse is not available or not up to date' "$log"; then
		what="W=1 (sparse not run: this kernel's kbuild wants a sparse newer than Debian's)"
		sed -i '/checker-valid\.sh: No such file or directory$/d
			/C=2 specified, but sparse is not available or not up to date$/d' "$log"
	fi
	# Anything but kbuild's progress lines is a finding.
	sed "s|$tree/||g" "$log" | grep -vE \
		'^make(\[[0-9]+\])?: (Entering|Leaving) directory|^  [A-Z]+( \[M\])? +[^ ]|^Skipping BTF generation for .* due to unavailability of vmlinux$' \
		>"$log.findings"
	if [ -s "$log.findings" ] || [ $rc -ne 0 ]; then
		bad "$what on Debian kernel $k: FAILED (exit $rc):"
		sed 's/^/  /' "$log.findings" | head -n 80
	else
		ok "$what on Debian kernel $k ok (${#ksrc[@]} files)"
	fi
	# Older kbuild names them by absolute path, 7.x relative to M=.
	headers=$(find "$tree" -name '.kit_*.o.cmd' -exec cat {} + 2>/dev/null |
		grep -oE '[^ :]+\.h' | sed "s|^$tree/||" | grep -v '^/' | sort -u)
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
		--terse --show-types --ignore LINUX_VERSION_CODE -f "${kfiles[@]}" 2>&1 |
		grep -v '^total: ' | while IFS= read -r line; do
			src=$(echo "$line" | awk -F: '{ print $1 }')
			ln=$(echo "$line" | awk -F: '{ print $2 }')
			src=$(sed -n "${ln}p" "$src" 2>/dev/null)
			case $line in
			*:CONSTANT_COMPARISON:*)
				[[ $src == *LINUX_VERSION_CODE* ]] && continue ;;
			*:CONST_STRUCT:*)
				[[ $src =~ [A-Z0-9_]+_CONST([^A-Z0-9_]|$) ]] && continue ;;
			esac
			echo "$line"
		done)
	if [ -n "$cp_out" ]; then
		bad "checkpatch --strict: FAILED:"
		echo "$cp_out" | sed 's/^/  /'
	else
		ok "checkpatch --strict ok (${#kfiles[@]} files: ${#ksrc[@]} sources, $(( ${#kfiles[@]} - ${#ksrc[@]} )) headers)"
	fi
fi

# --- clang-format ------------------------------------------------------
norm() { # indentation exact, spacing after it collapsed, "{ }" as "{}"
	awk '{ match($0, /^[ \t]*/); l = substr($0, 1, RLENGTH)
	       r = substr($0, RLENGTH + 1); gsub(/[ \t]+/, " ", r)
	       gsub(/\{ \}/, "{}", r); print l r }'
}
# The hunks of diff(1) between the file and clang-format's version, both
# normalized, except those whose lines only break elsewhere.
cf_check() { # cf_check FILE
	diff <(norm <"$1") <(clang-format --style="file:$out/.clang-format" "$1" | norm) |
	awk -v file="$1" '
	function flush(   i, a, b) {
		if (hdr == "")
			return
		a = b = ""
		for (i = 1; i <= no; i++)
			a = a " " o[i]
		for (i = 1; i <= nn; i++)
			b = b " " n[i]
		gsub(/[ \t]+/, " ", a)
		gsub(/[ \t]+/, " ", b)
		if (no == nn || a != b) {
			print file ": lines " hdr " (- as written, + as clang-format has them):"
			for (i = 1; i <= no; i++)
				print "-" o[i]
			for (i = 1; i <= nn; i++)
				print "+" n[i]
		}
		hdr = ""
		no = nn = 0
	}
	/^[0-9]/ { flush(); hdr = $0; next }
	/^< / { o[++no] = substr($0, 3); next }
	/^> / { n[++nn] = substr($0, 3); next }
	END { flush() }'
}
if [ ${#kfiles[@]} -gt 0 ]; then
	sed 's/^ColumnLimit:.*/ColumnLimit: 0/' "$ktools/.clang-format" >"$out/.clang-format"
	cf_bad=
	for f in "${kfiles[@]}"; do
		d=$(cf_check "$f")
		[ -z "$d" ] || cf_bad+="$d"$'\n'
	done
	if [ -n "$cf_bad" ]; then
		bad "clang-format (kernel style): FAILED:"
		echo "$cf_bad" | head -n 80 | sed 's/^/  /'
	else
		ok "clang-format (kernel .clang-format, ColumnLimit 0) ok (${#kfiles[@]} files)"
	fi
fi

# --- user space: cppcheck and clang's analyzer ---------------------------
# Both are slow on the kselftest harness, so a file found clean is not
# analysed again until its preprocessed text (its own and every header
# it includes), the tool or its options change: build/lint/clean/ keeps
# one stamp per clean result.
uflags() { # uflags FILE - the flags the Makefile builds it with
	echo "-std=c11 -D_GNU_SOURCE -I$(dirname "$1") -Ilib" \
		"-I$ktools/tools/testing/selftests -Ibuild/gen"
	# shellcheck disable=SC2046
	[ ! -f "${1%.c}.pkg" ] || pkg-config --cflags $(cat "${1%.c}.pkg")
}
pp_hash() { # pp_hash FILE - "FILE HASH": the hash of its preprocessed text
	# shellcheck disable=SC2046
	echo "$1 $(clang -E $(uflags "$1") "$1" 2>&1 | sha256sum | cut -d' ' -f1)"
}
stamp() { # stamp TOOL_AND_OPTIONS FILE - the name of its clean stamp
	# Preprocessing costs 0.3 s a file: done once for both tools
	# (pp.hashes).
	{ echo "$1"; awk -v f="$2" '$1 == f { print $2 }' "$out/pp.hashes"; } | sha256sum |
		sed "s|^\([0-9a-f]*\).*|$out/clean/\1|"
}
mkdir -p "$out/clean"
cppcheck_opts="--std=c11 -D_GNU_SOURCE -D__GNUC__ --enable=warning,style,performance,portability --inline-suppr --suppress=missingIncludeSystem"
analyze_opts="-Xanalyzer -analyzer-output=text -Xanalyzer -analyzer-disable-checker=core.NonNullParamChecker"
one_cppcheck() { # one_cppcheck FILE
	local s r
	s=$(stamp "$(cppcheck --version) $cppcheck_opts" "$1")
	[ -e "$s" ] && return 0
	# shellcheck disable=SC2046,SC2086
	r=$(cppcheck -q $cppcheck_opts --suppress="*:$ktools/*" \
		-I"$(dirname "$1")" -Ilib -I"$ktools/tools/testing/selftests" \
		-Ibuild/gen "$1" 2>&1)
	[ -n "$r" ] && echo "$r" || touch "$s"
}
one_analyze() { # one_analyze FILE
	local s r
	s=$(stamp "$(clang --version | head -n 1) $analyze_opts" "$1")
	[ -e "$s" ] && return 0
	# shellcheck disable=SC2046,SC2086
	r=$(clang --analyze $analyze_opts $(uflags "$1") -o /dev/null "$1" 2>&1)
	[ -n "$r" ] && echo "$r" || touch "$s"
}
export -f one_cppcheck one_analyze stamp uflags pp_hash
export out ktools cppcheck_opts analyze_opts
if [ ${#usrc[@]} -gt 0 ]; then
	printf '%s\n' "${usrc[@]}" | xargs -P "$(nproc)" -I{} bash -c 'pp_hash {}' >"$out/pp.hashes"
	cc_out=$(printf '%s\n' "${usrc[@]}" | xargs -P "$(nproc)" -I{} bash -c 'one_cppcheck {}')
	if [ -n "$cc_out" ]; then
		bad "cppcheck: FAILED:"
		echo "$cc_out" | sed 's/^/  /'
	else
		ok "cppcheck ok (${#usrc[@]} files)"
	fi
	an_out=$(printf '%s\n' "${usrc[@]}" | xargs -P "$(nproc)" -I{} bash -c 'one_analyze {}')
	if [ -n "$an_out" ]; then
		bad "clang --analyze: FAILED:"
		echo "$an_out" | head -n 120 | sed 's/^/  /'
	else
		ok "clang --analyze ok (${#usrc[@]} files)"
	fi
fi

[ $failed -eq 0 ] || { echo "lint: FAILED"; exit 1; }
echo "lint: all clean"
