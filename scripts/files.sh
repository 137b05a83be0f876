#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# files.sh RESULTS DIR - write the files that the guest sent on its
# results channel (/kit/export: "# kit-file NAME", base64 lines behind
# "# ", "# kit-file-end") to DIR/NAME.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: files.sh RESULTS DIR" >&2; exit 2; }
tr -d '\r' <"$1" | awk -v dir="$2" '
	/^# kit-file-end/ { if (f) close(f); f = ""; next }
	/^# kit-file / { system("mkdir -p " dir); f = dir "/" $3 ".b64"; printf "" > f; next }
	f { print substr($0, 3) > f }'
for b in "$2"/*.b64; do
	[ -e "$b" ] || break
	base64 -d "$b" >"${b%.b64}" && rm -f "$b"
done
