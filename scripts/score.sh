#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# score.sh [--tamper FILE] [--json FILE key=value...] POINTS RESULTS
# CHAPTER - score one run of an exercise's checker.
#
# POINTS is the exercise's table, a line per test:
#     TEST  TASK  POINTS  [PREREQUISITE...]
# RESULTS is the KTAP that check.sh wrote; the tests of CHAPTER (ids
# CHAPTER.TEST) are scored.  A test scores its points when it passed; a
# test that failed or did not report scores 0 with the reason, and the
# kernel log's excerpt when the kernel complained.  Prints a line per
# test, a line per task, then "Score: a/b".  --json writes the same as
# JSON, one test a line, with the key=value pairs given (strings) first.
# A non-empty --tamper FILE (check.sh's: the results broke the protocol)
# scores every test 0 with that reason, and says so ("Tampering: ...",
# "tampering" in the JSON).  Every line shown is cut at 200 characters.
set -euo pipefail
json=/dev/null extra=() tamper=
if [ "${1:-}" = --tamper ]; then
	[ ! -s "$2" ] || tamper=$(sed -n '1{s/^[^:]*: //; p}' "$2" | cut -c 1-200)
	shift 2
fi
if [ "${1:-}" = --json ]; then
	json=$2
	shift 2
	while [ $# -gt 0 ] && [[ $1 == *=* ]]; do extra+=("$1"); shift; done
fi
[ $# -eq 3 ] || { echo "usage: score.sh [--tamper FILE] [--json FILE key=value...] POINTS RESULTS CHAPTER" >&2; exit 2; }

awk -v ch="$3" -v json="$json" -v tamper="$tamper" -v extra="$(printf '%s\n' ${extra[@]+"${extra[@]}"})" '
function esc(s) {
	s = cut(s)
	gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, "\\t", s)
	gsub(/\n/, "\\n", s); gsub(/[\001-\037]/, "", s)
	return s
}
# Lines of any length come from the module: each is cut.
function cut(s,    n, i, l, r) {
	n = split(s, l, "\n")
	for (i = 1; i <= n; i++)
		r = r (i > 1 ? "\n" : "") substr(l[i], 1, 200)
	return r
}
# The reason of a failure: the first assertion that failed, and what
# the runner or the host saw (its last line, or why the test did not run).
function reason(t,    n, i, l, r, why) {
	n = split(diag[t], l, "\n")
	for (i = 1; i <= n; i++) {
		if (r == "" && l[i] ~ /^# [^ ]*:[0-9]+:[^:]*:Expected /) {
			r = l[i]; sub(/^# [^ ]*:[0-9]+:[^:]*:/, "", r)
		}
		if (l[i] != "" && l[i] !~ /^(#|  )/)
			why = l[i]
	}
	if (t in verdict)
		why = verdict[t]
	sub(/^the test failed \(exit [0-9]+\)(; )?/, "", why)
	sub(/; $/, "", why)
	if (r == "")
		return why == "" ? "the test failed" : why
	return why == "" ? r : r "; " why
}
# The kernel log from its first complaint on: the lines that say what
# and where, without the registers.
# A sanitizer report (the debug kernel) is cut the same way, without
# the frames of the reporting machinery; a leak (kmemleak, as the
# runner prints it) keeps its size and the frames of the kit modules.
function excerpt(t,    n, i, l, out, k, leak) {
	n = split(diag[t], l, "\n")
	for (i = 1; i <= n && k < 10; i++) {
		if (l[i] ~ /^  leaked [0-9]+ bytes/) {
			leak = 1; out = out "      " substr(l[i], 3) "\n"; k++
			continue
		}
		if (leak && l[i] ~ /^    allocated by / ||
		    leak && l[i] ~ /^      [^ ].*\[[a-z0-9_]+\]$/) {
			out = out "      " substr(l[i], 3) "\n"; k++
			continue
		}
		if (l[i] !~ /^  \[/)
			continue
		sub(/^  \[ *[0-9.]+\] /, "", l[i])
		if (!k && l[i] !~ /BUG|WARNING|Oops|general protection|Kernel panic|usercopy|blocked for|task:|RIP: .*\[|ODEBUG|UBSAN|possible circular|inconsistent lock|possible recursive/)
			continue
		if (l[i] ~ /^(Code|RSP|RAX|RDX|RBP|R10|R13|FS|CS|CR2|DR[0-7]|PKRU|Hardware name|#PF|PGD|Modules linked in|Tainted|CPU):|^PGD |^ ?[A-Z0-9]+: [0-9a-f]{16}/)
			continue
		if (l[i] ~ /^ *(<\/?TASK>|dump_stack|show_stack|print_report|print_address|kasan_|__asan_|kfence_|__warn|warn_slowpath|report_bug|handle_bug|exc_invalid_op|asm_exc|debug_print_object|__debug_check_no_obj|__ubsan|ubsan_)/)
			continue
		out = out "      " substr(l[i], 1, 200) "\n"; k++
	}
	return out
}
FNR == NR {
	if (NF < 3 || $1 ~ /^#/) next
	order[++n] = $1; task[$1] = $2; pts[$1] = $3; max += $3
	if (!($2 in tmax)) torder[++nt] = $2
	tmax[$2] += $3
	next
}
/^(not )?ok / {
	failed = ($1 == "not"); id = failed ? $4 : $3; cur = ""
	if (index(id, ch ".") != 1) next
	cur = substr(id, length(ch) + 2)
	result[cur] = failed ? "fail" : ($0 ~ /# SKIP/ ? "fail" : "pass")
	if ($0 ~ /# SKIP/) diag[cur] = "skipped: " substr($0, index($0, "# SKIP") + 7) "\n"
	next
}
cur != "" && /^  # / {
	line = substr($0, 5, 200)
	# 100 lines are kept, and the verdict of the runner (its last line) past them.
	if (++lines[cur] <= 100) diag[cur] = diag[cur] line "\n"
	else if (line != "" && line !~ /^(#|  )/) verdict[cur] = line
	next
}
{ cur = "" }
END {
	if (json != "/dev/null") {
		printf "{\n" > json
		k = split(extra, e, "\n")
		for (i = 1; i <= k; i++) {
			key = e[i]; sub(/=.*/, "", key); val = substr(e[i], length(key) + 2)
			printf "  \"%s\": \"%s\",\n", esc(key), esc(val) > json
		}
		if (tamper != "")
			printf "  \"tampering\": \"%s\",\n", esc(tamper) > json
		printf "  \"tests\": [\n" > json
	}
	for (i = 1; i <= n; i++) {
		t = order[i]
		r = (t in result) ? result[t] : "fail"
		if (!(t in result)) diag[t] = "the test did not report\n"
		if (tamper != "") { r = "fail"; diag[t] = "tampering: " tamper "\n" }
		got = r == "pass" ? pts[t] : 0
		score += got; tgot[task[t]] += got
		why = r == "pass" ? "" : cut(reason(t))
		printf "%s %2d/%-2d %-6s %s%s\n", r == "pass" ? "PASS" : "FAIL", got,
			pts[t], task[t], t, why == "" ? "" : ": " why
		if (r != "pass")
			printf "%s", excerpt(t)
		if (json != "/dev/null")
			printf("    {\"test\": \"%s\", \"task\": \"%s\", \"points\": %d, \"max\": %d, \"result\": \"%s\", \"reason\": \"%s\", \"log\": \"%s\"}%s\n",
				esc(t), esc(task[t]), got, pts[t], r, esc(why),
				esc(diag[t]), i < n ? "," : "") > json
	}
	line = ""
	for (i = 1; i <= nt; i++)
		if (tmax[torder[i]])
			line = line sprintf("%s%s %d/%d", line != "" ? ", " : "",
				torder[i], tgot[torder[i]], tmax[torder[i]])
	print "Tasks: " line
	if (tamper != "")
		print "Tampering: " tamper
	printf "Score: %d/%d\n", score, max
	if (json != "/dev/null") {
		printf "  ],\n  \"tasks\": {" > json
		for (i = 1; i <= nt; i++)
			printf("%s\"%s\": [%d, %d]", i > 1 ? ", " : "", esc(torder[i]),
				tgot[torder[i]], tmax[torder[i]]) > json
		printf "},\n  \"score\": %d,\n  \"max\": %d\n}\n", score, max > json
	}
}' "$1" "$2"
