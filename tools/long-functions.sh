#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tools/long-functions.sh MAX FILE...: print "FILE:LINE NAME LINES" for every
# function whose body (from its opening to its closing brace, both at column 0,
# as .clang-format lays them out) is longer than MAX lines.
max=$1
shift
awk -v max="$max" '
FNR == 1 { name = ""; start = 0 }
/^[A-Za-z_][A-Za-z_0-9]*\(/ { n = $0; sub(/\(.*/, "", n); name = n }
/^\{/ { start = FNR }
/^\}/ && start > 0 {
	len = FNR - start + 1
	if (len > max) printf "%s:%d %s %d\n", FILENAME, start, name, len
	start = 0
}' "$@"
