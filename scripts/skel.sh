#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# skel.sh EXERCISE OUT - write the student's copy of an exercise to OUT:
# its README.md and the files of its solution/, where the lines that
# each TODO marker names are cut.
#
# A marker is a comment of the solution whose first line holds
# "TODO(<task>, cut <N>)": the N lines after the comment are that task's
# answer.  The skeleton keeps the comment, shortened to "TODO(<task>)",
# drops the N lines and puts in their place the comment's "stub:" lines,
# which keep the skeleton building:
#
#	/*
#	 * TODO(T1, cut 9): copy the text in and store it under msg_lock.
#	 * stub: return -ENOSYS;
#	 */
#
# Every other line, and every other file, is copied unchanged.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: skel.sh EXERCISE OUT" >&2; exit 2; }
ex=$1 out=$2

rm -rf "$out" && mkdir -p "$out"
cp "$ex/README.md" "$out/"
for f in "$ex"/solution/*; do
	awk '
	function fail(msg) {
		printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
		failed = 1
		exit 1
	}
	skip > 0 {
		if (/TODO\(/)
			fail("a marker inside the lines that another one cuts")
		skip--
		next
	}
	match($0, /TODO\([^,()]+, cut [0-9]+\)/) {
		marker = substr($0, RSTART + 5, RLENGTH - 6)
		task = marker; sub(/, cut .*/, "", task)
		cut = marker; sub(/.*, cut /, "", cut)
		sub(/TODO\([^,()]+, cut [0-9]+\)/, "TODO(" task ")")
		# A stub is indented as the comment is.
		indent = $0; sub(/[^ \t].*/, "", indent)
		if (substr($0, length(indent) + 1, 1) == "*")
			sub(/ $/, "", indent)
		stubs = ""
		print
		if (/\*\//)
			skip = cut
		else
			incomment = 1
		next
	}
	incomment && /^[ \t]*\* stub: / {
		sub(/^[ \t]*\* stub: /, "")
		stubs = stubs indent $0 "\n"
		next
	}
	incomment && /\*\// {
		print
		printf "%s", stubs
		incomment = 0
		skip = cut
		next
	}
	/stub: / && !incomment { fail("a stub outside a marker comment") }
	{ print }
	END {
		if (failed)
			exit 1
		if (skip > 0 || incomment)
			fail("the last marker cuts past the end of the file")
	}' "$f" >"$out/$(basename "$f")"
done
