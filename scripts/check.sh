#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [options] KERNEL_ENV INITRD OUTDIR DIR... - run the tests of
# the chapters in DIR... in the VM and report them.
#
#   --expect FILE   lines "TEST pass|fail REGEX": the TEST passes when it
#                   ends as expected and, for a failure, its report
#                   matches REGEX (the harness's self-tests use this)
#   --timeout S     per-test limit inside the VM (default 60); the host
#                   stops the VM when a test has not ended after that plus
#                   KIT_TEST_SLACK seconds (5), when the runner's checks
#                   after it take 30 s, and a boot after 120 s plus the
#                   limit, the slack and 30 s per test
#   --jobs N        VMs to run at once, each on a share of the tests
#                   (default: the number of CPUs, at most 4), each with
#                   its share of the CPUs (KIT_SMP, unless set)
#   --append WORDS  more kernel command line words (kit.x=y settings:
#                   kit.seed=N reaches the tests as $kit_seed)
#   --arg WORD      the same, one word
#
# The VM is booted again after a test that left the kernel unclean, and
# after a crash or hang the host reports the test that caused it, with
# the console's excerpt, and goes on from the next one.  The first VM's
# results are printed as they arrive, the others' when they end, then
# "N passed, N failed[, N skipped]" (also written to OUTDIR/summary as
# "PASS FAIL SKIP"); the exit status is 1 if any failed.  A passing
# test's "# info:" lines (what it measured) are shown too.
#
# The host knows which tests it asked each boot for, and in which order:
# a result it did not ask for, a second or out-of-order one, or results
# channel output outside a test (what a module that writes to the port
# would cause) is tampering, written to OUTDIR/tamper, a line each.
set -uo pipefail
expect=/dev/null timeout=60 jobs=$(nproc) append= slack=${KIT_TEST_SLACK:-5}

[ "$jobs" -le 4 ] || jobs=4
while [ $# -gt 0 ]; do
	case $1 in
	--expect) expect=$2; shift ;;
	--jobs) jobs=$2; shift ;;
	--arg) append="$append $2"; shift ;;
	--timeout) timeout=$2; shift ;;
	--append) append="$append $2"; shift ;;
	*) break ;;
	esac
	shift
done
[ $# -ge 4 ] || { echo "usage: check.sh [options] KERNEL_ENV INITRD OUTDIR DIR..." >&2; exit 2; }
kenv=$1 initrd=$2 out=$3
shift 3
chapters=$(for d in "$@"; do basename "$d"; done | paste -sd,)
here=$(dirname "$0")

rm -rf "$out" && mkdir -p "$out"
# mawk (Debian's awk) reads a pipe a block at a time: the results would
# show when the VM ends, not as they come.
line_awk=(awk)
! awk -W version 2>/dev/null | grep -q mawk || line_awk=(awk -W interactive)

# report STATE [FIRST LAST]: pass KTAP from the VM through, keeping
# failure diagnostics, applying expectations, and remembering where the
# boot stopped.  With FIRST and LAST (the VM's stream, not the host's
# own lines), the stream must follow the runner's protocol for tests
# FIRST to LAST, or each line that breaks it (20 at most) is written to
# OUTDIR/tamper.
report() {
	local boot=${1#"$out"/}
	"${line_awk[@]}" -v expect="$expect" -v state="$1" -v next_n="${2:-}" -v last_n="${3:-}" \
		-v ids="$ids" -v tamper="$out/tamper" -v boot="${boot%/state*}" '
	function forged(why) {
		if (++forgeries > 20) return
		printf "%s: %s: %s\n", boot, why, substr($0, 1, 80) >> tamper
		close(tamper)
	}
	# The protocol: header, then per test "# kit-begin N ID", its
	# lines, "ok|not ok N ID" (then "# info:" lines after an ok), and
	# "# kit-reboot" or "# kit-done" between tests.
	next_n != "" {
		if (ended) forged("after the end of the run")
		else if (/^KTAP version 1$|^1\.\.[0-9]+$/) {
			if (started || seen[$0]++) forged("a second header")
		} else if (/^# kit-begin /) {
			if (in_test || $3 != next_n || $4 != asked[$3]) forged("a test it did not ask for")
			in_test = 1; cur = $3; started = 1; info = 0
		} else if (/^(not )?ok /) {
			n = $1 == "not" ? $3 : $2; t = $1 == "not" ? $4 : $3
			if (!in_test || n != cur || t != asked[cur]) forged("a result it did not ask for")
			in_test = 0; next_n = cur + 1; info = ($1 == "ok")
		} else if (/^# kit-(reboot|done)$/) {
			if (in_test) forged("the end of a run inside a test")
			if ($0 ~ /done/ && next_n <= last_n) forged("the end of a run before its last test")
			ended = 1
		} else if (!in_test && !(info && /^# info: /))
			forged("output outside a test")
	}
	BEGIN {
		while ((getline l < ids) > 0) asked[++k] = l
		while ((getline l < expect) > 0) {
			if (l ~ /^[ \t]*(#|$)/) continue
			split(l, f, " ")
			want[f[1]] = f[2]
			sub(/^[^ ]+ +[^ ]+ */, "", l)
			pattern[f[1]] = l
		}
	}
	/^KTAP version|^1\.\./ { if ($0 ~ /^1\./) print "total " substr($0, 4) > state; next }
	/^# kit-begin / { cur = $3; id = $4; diag = ""; print "begin " cur " " id > state; next }
	/^# kit-ran / { next }
	/^# kit-reboot/ { print "reboot" > state; next }
	/^# kit-done/ { print "done" > state; next }
	/^# info: / { print "  " $0; fflush(); next }
	/^# / { diag = diag "  " $0 "\n"; next }
	/^(not )?ok / {
		failed = ($1 == "not")
		n = failed ? $3 : $2
		name = failed ? $4 : $3
		# A skipped test (a sanitizer the kernel lacks) has
		# nothing to compare with its expectation.
		if ((name in want) && $0 !~ / # SKIP/) {
			got = failed ? "fail" : "pass"
			if (got == want[name] && (got == "pass" || diag ~ pattern[name])) {
				line = "ok " n " " name " # expected " got
				if (got == "fail") {
					split(diag, d, "\n")
					for (i = 1; i in d; i++)
						if (d[i] ~ pattern[name]) { line = line ": " substr(d[i], 5); break }
				}
				print line; failed = 0
			} else {
				print "not ok " n " " name " # expected " want[name] " /" pattern[name] "/, got " got
				failed = 1
			}
		} else {
			print
		}
		if (failed)
			printf "%s", diag
		print "result " n > state
		fflush()
		next
	}
	{ print "  # " $0 }
	'
}

# excerpt: the first 30 and last 15 lines, where the report's headline
# and the end of the trace are, and between them (at most 10) the lines
# that say how the kernel died: diagnostics (sysrq's backtraces, a
# debug kernel's reports) can put "Out of memory" hundreds of lines in.
excerpt() {
	awk '{ line[NR] = $0 }
	END {
		for (i = 1; i <= NR; i++) {
			if (i <= 30 || i > NR - 15 ||
			    (line[i] ~ /Out of memory|oom-kill|Kernel panic|BUG:|Oops:|general protection/ && kept++ < 10)) {
				if (cut) print "... (" cut " lines)"
				cut = 0
				print line[i]
			} else
				cut++
		}
	}'
}

# failed_so_far RESULTS: the numbers of the failed tests of the chapter
# that the last result belongs to, for the runner's prerequisites after
# a reboot (kit.failed).
failed_so_far() {
	awk '/^(not )?ok / { failed = ($1 == "not"); id = failed ? $4 : $3
		ch = id; sub(/\..*/, "", ch)
		if (ch != last) { list = ""; last = ch }
		if (failed) list = list (list == "" ? "" : ",") $3 }
		END { print list }' "$1"
}

# leaked_so_far RESULTS: 1 if kmemleak found a leak in a test of the
# chapter that the last result belongs to (kit.leaked: the runner then
# ends the boot with that chapter, see there).
leaked_so_far() {
	awk '/^(not )?ok / { id = $1 == "not" ? $4 : $3; ch = id; sub(/\..*/, "", ch)
		if (ch != last) { leaked = 0; last = ch } }
		/^  #   leaked [0-9]+ bytes,$/ { leaked = 1 }
		END { if (leaked) print 1 }' "$1"
}

# shard FIRST LAST DIR: run tests FIRST..LAST, boot after boot, until
# each has reported; every result goes to DIR/results.ktap and stdout.
shard() {
	local first=$1 last=$2 dir=$3 boot=0 boot_failed= run state vm_rc n id last_result failed leaked
	local all=$3/results.ktap
	mkdir -p "$dir" && : >"$all"
	while [ "$first" -le "$last" ]; do
		boot=$((boot + 1))
		run=$dir/boot$boot
		mkdir -p "$run"
		failed=$(failed_so_far "$all") leaked=$(leaked_so_far "$all")
		"$here/vm.sh" --follow --idle $((timeout + 60)) --test-limit $((timeout + slack)) \
			--timeout $((120 + (last - first + 1) * (timeout + slack + 30))) "$kenv" "$initrd" "$run" \
			kit.mode=check "kit.chapters=$chapters" "kit.first=$first" \
			"kit.last=$last" "kit.timeout=$timeout" \
			${failed:+"kit.failed=$failed"} ${leaked:+kit.leaked=1} $append |
			report "$run/state" "$first" "$last" | tee -a "$all"
		vm_rc=${PIPESTATUS[0]}
		state=$(cat "$run/state" 2>/dev/null)
		last_result=$(echo "$state" | awk '$1 == "result" { n = $2 } END { print n }')
		echo "$state" | grep -qx done && break
		if echo "$state" | grep -qx reboot; then
			first=$((last_result + 1))
			continue
		fi
		# The VM died or hung: the test it was running failed.
		read -r n id <<<"$(echo "$state" | awk '$1 == "begin" { n = $2; id = $3 } END { print n, id }')"
		if [ -z "$n" ] || [ "$n" = "$last_result" ]; then
			# Outside any test: the boot itself failed.  Try once
			# more before the tests left are reported as failed.
			[ "$boot_failed" ] || { boot_failed=1; continue; }
			echo "# the VM stopped outside any test twice (exit $vm_rc):" | tee -a "$all"
			tail -n 30 "$run/console.log" | tr -d '\r' | sed 's/^/  # /' | tee -a "$all"
			break
		fi
		why="the VM crashed"
		[ ! -s "$run/stopped" ] || why="the VM was stopped: $(cat "$run/stopped")"
		{
			echo "# kit-begin $n $id"
			echo "# $why, $(cat "$run/test-time" 2>/dev/null || echo '?') s into this test; console:"
			tr -d '\r' <"$run/console.log" |
				sed -n "/kit: begin $id\$/,\$p" | excerpt | sed 's/^/#   /'
			echo "not ok $n $id"
		} | report "$run/state.crash" | tee -a "$all"
		first=$((n + 1))
	done
}

# The tests in the order the VM numbers them (see initramfs.sh).
total=$(grep -cE "^($(echo "$chapters" | tr ',' '|')) " "$initrd.tests")
[ "$total" -gt 0 ] || { echo "no tests in $chapters"; exit 1; }
# Split so that a test and its prerequisites run in the same VM: at
# chapter boundaries, or anywhere in a chapter whose tests have no
# prerequisites (the stress suite); each share ends where its ideal end
# is first crossed.  A test of the stress suite weighs as much as eight
# others (its runs take seconds, a chapter's test a third of one).
read -ra ends <<<"$(grep -E "^($(echo "$chapters" | tr ',' '|')) " "$initrd.tests" |
	awk -v jobs="$jobs" '
	{ ch[NR] = $1; if (NF > 3) pre[$1] = 1
	  sum[NR] = sum[NR - 1] + ($1 == "stress" ? 8 : 1) }
	END {
		share = 1
		for (i = 2; i <= NR; i++)
			if ((ch[i] != ch[i - 1] || !(ch[i] in pre)) &&
			    sum[i - 1] >= share * sum[NR] / jobs) {
				print i - 1
				share++
			}
		print NR
	}' | tr '\n' ' ')"
jobs=${#ends[@]}
# As many virtual CPUs in all as the host has: two VMs of two CPUs each
# on two cores took 40% longer (and 50% more CPU time) than two of one,
# their CPUs spinning for each other.
[ -n "${KIT_SMP:-}" ] || export KIT_SMP=$(( $(nproc) / jobs > 1 ? $(nproc) / jobs : 1 ))
# Each test's id, a line each in the VM's order (the runner's set_id).
ids=$out/ids
grep -E "^($(echo "$chapters" | tr ',' '|')) " "$initrd.tests" |
	awk '{ t = $3; sub(/^global\./, "", t)
		if (index(t, $1 ".") == 1) t = substr(t, length($1) + 2)
		print $1 "." t }' >"$ids"
pids=()
for ((j = 0; j < jobs; j++)); do
	first=$(( j == 0 ? 1 : ends[j - 1] + 1 )) last=${ends[$j]}
	if [ "$j" -eq 0 ]; then
		shard "$first" "$last" "$out/vm1" &
	else
		shard "$first" "$last" "$out/vm$((j + 1))" >"$out/vm$((j + 1)).out" &
	fi
	pids+=($!)
done
wait "${pids[0]}"
for ((j = 1; j < jobs; j++)); do
	wait "${pids[$j]}"
	cat "$out/vm$((j + 1)).out"
done

# One KTAP document, as the kernel's own tools read it (kunit.py parse).
{
	echo "KTAP version 1"
	echo "1..$total"
	cat "$out"/vm*/results.ktap
} >"$out/results.ktap"
[ ! -s "$out/tamper" ] ||
	echo "# the results channel broke the protocol (tampering?): see $out/tamper"
all=$out/results.ktap
pass=$(grep -c '^ok ' "$all")
skip=$(grep -c '^ok .* # SKIP' "$all")
fail=$(grep -c '^not ok ' "$all")
pass=$((pass - skip))
missing=$((total - pass - skip - fail))
[ "$missing" -le 0 ] || { fail=$((fail + missing)); echo "# $missing tests did not report"; }
echo "$pass passed, $fail failed, $skip skipped" | sed 's/, 0 skipped$//'
echo "$pass $fail $skip" >"$out/summary"
[ "$fail" -eq 0 ]
