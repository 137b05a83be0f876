#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [options] KERNEL_ENV INITRD OUTDIR DIR... - run the tests of
# the chapters in DIR... in the VM and report them.
#
#   --expect FILE   lines "TEST pass|fail REGEX": the TEST passes when it
#                   ends as expected and, for a failure, its report
#                   matches REGEX (the harness's self-tests use this)
#   --timeout S     per-test limit inside the VM (default 60)
#   --arg WORD      add WORD to the VM's command line (kit.seed=N reaches
#                   the tests as $kit_seed); may be repeated
#
# The VM is booted again after a test that left the kernel unclean, and
# after a crash or hang the host reports the test that caused it, with
# the console's excerpt, and goes on from the next one.  Every result is
# printed as it arrives, then "N passed, N failed[, N skipped]"; the
# exit status is 1 if any test failed.
set -uo pipefail
expect=/dev/null timeout=60 args=()
while [ $# -gt 0 ]; do
	case $1 in
	--expect) expect=$2; shift ;;
	--arg) args+=("$2"); shift ;;
	--timeout) timeout=$2; shift ;;
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
all=$out/results.ktap	# every result of every boot, as reported
: >"$all"

# report: pass KTAP from the VM through, keeping failure diagnostics,
# applying expectations, and remembering where the boot stopped.
report() {
	awk -v expect="$expect" -v state="$1" '
	BEGIN {
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
	/^# kit-reboot/ { print "reboot" > state; next }
	/^# kit-done/ { print "done" > state; next }
	/^# / { diag = diag "  " $0 "\n"; next }
	/^(not )?ok / {
		failed = ($1 == "not")
		n = failed ? $3 : $2
		name = failed ? $4 : $3
		if (name in want) {
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

# failed_so_far: the numbers of the failed tests of the chapter that the
# last result belongs to, for the runner's prerequisites after a reboot.
failed_so_far() {
	awk '/^(not )?ok / { failed = ($1 == "not"); id = failed ? $4 : $3
		ch = id; sub(/\..*/, "", ch)
		if (ch != last) { list = ""; last = ch }
		if (failed) list = list (list == "" ? "" : ",") $3 }
		END { print list }' "$all"
}

start=1 boot=0 total=
while :; do
	boot=$((boot + 1))
	run=$out/boot$boot
	mkdir -p "$run"
	failed=$(failed_so_far)
	"$here/vm.sh" --follow --idle $((timeout + 60)) "$kenv" "$initrd" "$run" \
		kit.mode=check "kit.chapters=$chapters" "kit.start=$start" \
		"kit.timeout=$timeout" ${failed:+"kit.failed=$failed"} \
		${args[@]+"${args[@]}"} | report "$run/state" | tee -a "$all"
	vm_rc=${PIPESTATUS[0]}
	state=$(cat "$run/state" 2>/dev/null)
	total=${total:-$(echo "$state" | awk '$1 == "total" { print $2 }')}
	last_begin=$(echo "$state" | awk '$1 == "begin" { n = $2; id = $3 } END { print n, id }')
	last_result=$(echo "$state" | awk '$1 == "result" { n = $2 } END { print n }')
	if echo "$state" | grep -qx done; then
		break
	elif echo "$state" | grep -qx reboot; then
		start=$((last_result + 1))
		continue
	fi
	# The VM died or hung: the test it was running failed.
	read -r n id <<<"$last_begin"
	if [ -z "$n" ] || [ "$n" = "$last_result" ]; then
		echo "not ok ${n:-1} ${chapters}.boot # the VM stopped outside any test (exit $vm_rc)" | tee -a "$all"
		tail -n 30 "$run/console.log" | sed 's/^/  # /'
		break
	fi
	why="the VM crashed"
	[ "$vm_rc" = 124 ] && why="the VM hung (no progress for $((timeout + 60)) s)"
	{
		echo "# kit-begin $n $id"
		echo "# $why during this test; console:"
		tr -d '\r' <"$run/console.log" |
			sed -n "/kit: begin $id\$/,\$p" | tail -n 40 | sed 's/^/#   /'
		echo "not ok $n $id"
	} | report "$run/state.crash" | tee -a "$all"
	[ "$n" -lt "${total:-0}" ] || break
	start=$((n + 1))
done

pass=$(grep -c '^ok ' "$all" | tr -d ' ')
skip=$(grep -c '^ok .* # SKIP' "$all" | tr -d ' ')
fail=$(grep -c '^not ok ' "$all" | tr -d ' ')
pass=$((pass - skip))
missing=$(( ${total:-0} - pass - skip - fail ))
[ "$missing" -le 0 ] || { fail=$((fail + missing)); echo "# $missing tests did not report"; }
echo "$pass passed, $fail failed${skip:+, $skip skipped}" | sed 's/, 0 skipped$//'
[ "$fail" -eq 0 ]
