# SPDX-License-Identifier: Apache-2.0
# The ledger conformance table (cases.json: data, one case per record
# sequence and the state it must produce) against every backend that
# fc-ledger-conform was built with (tests/helper/conform.h): the device
# store, and the server on SQLite and on PostgreSQL once their backends are
# linked in. Every case must pass on every backend with the same
# expectations; a case that fails anywhere is named once more with the
# backends it failed on, so a disagreement between backends is visible.
. "$(cd "$(dirname "$0")" && pwd)/../lib.sh"

CONFORM="$FC_BUILD/tests/fc-ledger-conform"
CASES="$FC_ROOT/tests/ledger/cases.json"

n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$CASES")
ok "the table has at least 60 cases ($n)" [ "$n" -ge 60 ]
ok "case names are unique" python3 -c '
import json, sys
names = [c["name"] for c in json.load(open(sys.argv[1]))]
sys.exit(len(names) != len(set(names)))' "$CASES"

backends=$("$CONFORM" --list)
ok "the runner knows the device backend" sh -c 'echo "$1" | grep -qx device' - "$backends"
for b in $backends; do
	"$CONFORM" "$b" "$CASES" >"$T/$b.tap" 2>"$T/$b.err"
	rc=$?
	cat "$T/$b.tap"
	# A crash or a sanitizer report after the last case still fails the suite.
	[ "$rc" -eq 0 ] && pass "$b: the runner exits 0" || fail "$b: the runner exits 0" "exit $rc: $(head -c 400 "$T/$b.err")"
done
for b in $backends; do
	sed -n "s/^not ok - $b: //p" "$T/$b.tap"
done | sort -u >"$T/failed"
while IFS= read -r c; do
	on=$(grep -lF "not ok - " "$T"/*.tap | while read -r f; do
		grep -qF ": $c" "$f" && basename "$f" .tap
	done | tr '\n' ' ')
	echo "not ok - $c: fails on $on"
done <"$T/failed"
