#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vet.sh ALLOWED KO [ASM...] - decide on the host, before it boots,
# whether a student's built module may run.  It is refused, with a line
# "refused: ..." per finding and exit status 1, when:
#   - it imports a kernel symbol that neither the file ALLOWED (the
#     reference solution's imports, one a line) nor the exercises' common
#     set (exercises/imports.common) names;
#   - its assembler input ASM (the student's files compiled with
#     -save-temps, see stage.sh) reads a file: .incbin or .include, from
#     wherever they came (a section name can carry them past the asm
#     poison);
#   - its machine code holds an instruction that only the kernel's own
#     code has a use for: port I/O, MSRs, control and debug registers,
#     descriptor tables, interrupts off, halting, cache and TLB control.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: vet.sh ALLOWED KO [ASM...]" >&2; exit 2; }
allowed=$1 ko=$2
shift 2
common=$(dirname "$0")/../exercises/imports.common
bad=0

# Imports: names, and patterns that end in *.
nm -u "$ko" | awk '
	FILENAME != "-" { if ($1 !~ /^(#|$)/) {
			if (sub(/\*$/, "", $1)) prefix[$1] = 1; else name[$1] = 1 }
		next }
	{ sym = $NF; ok = sym in name
	  for (p in prefix) if (!ok && index(sym, p) == 1) ok = 1
	  if (!ok) { print "refused: it imports " sym ", which this exercise does not need"; bad = 1 } }
	END { exit bad }' "$allowed" "$common" - || bad=1

for s in "$@"; do
	awk '{ n = split($0, st, ";")
		for (i = 1; i <= n; i++)
			if (st[i] ~ /^[ \t]*\.(incbin|include)([ \t"]|$)/) {
				print "refused: its assembler input reads a file (." \
					(st[i] ~ /incbin/ ? "incbin" : "include") ")"
				exit 1
			} }' "$s" || bad=1
done

# The executable sections' instructions, prefixes dropped; one finding
# per kind is enough.
objdump -d --no-show-raw-insn "$ko" | awk -F'\t' '
	NF >= 2 && $1 ~ /^ *[0-9a-f]+:$/ {
		insn = $2
		while (sub(/^(rep[a-z]*|lock|data16|cs|ds|es|ss|notrack|bnd) +/, "", insn)) ;
		op = insn; sub(/ .*/, "", op)
		what = ""
		if (op ~ /^(in|out)[bwl]?$|^(in|out)s[bwld]?$/) what = "port I/O (" op ")"
		else if (op ~ /^(rd|wr)msr/) what = "an MSR access (" op ")"
		else if (insn ~ /%(cr|db|dr)[0-9]/) what = "a control or debug register (" op ")"
		else if (op ~ /^(cli|sti|hlt|lgdt|lidt|lldt|ltr|invlpg|invpcid|invd|wbinvd|wbnoinvd|clts|swapgs|sysret[lq]?|sysexit[lq]?|xsetbv|wrpkru|int1|int3|vm(call|mcall|launch|resume|xon|xoff|read|write|ptrld|ptrst|clear|run|load|save|func))$/) what = "a privileged instruction (" op ")"
		if (what != "" && !(what in seen)) {
			seen[what] = 1
			print "refused: its machine code uses " what
			bad = 1
		}
	}
	END { exit bad }' || bad=1
exit $bad
