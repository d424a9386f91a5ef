# SPDX-License-Identifier: Apache-2.0
# The ledger conformance table (cases.json: data, one case per record
# sequence and the state it must produce) against every backend that
# fc-ledger-conform was built with (tests/helper/conform.h): the device
# store, the server on SQLite and the server on PostgreSQL (a private
# cluster started here, tests/pg/pg.inc). Every case must pass on every
# backend with the same expectations; a case that fails anywhere is named
# once more with the backends it failed on, so a disagreement between
# backends is visible, and a case whose state differs between backends
# fails even if both differ from the table in the same member. On the
# server backends every case also checks that the summary's counters kept as
# its records arrived equal a recount from scratch (rebuild-aggregates --check).
. "$(cd "$(dirname "$0")" && pwd)/../lib.sh"
. "$FC_ROOT/tests/pg/pg.inc"

CONFORM="$FC_BUILD/tests/fc-ledger-conform"
CASES="$FC_ROOT/tests/ledger/cases.json"

n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$CASES")
ok "the table has at least 60 cases ($n)" [ "$n" -ge 60 ]
ok "case names are unique" python3 -c '
import json, sys
names = [c["name"] for c in json.load(open(sys.argv[1]))]
sys.exit(len(names) != len(set(names)))' "$CASES"

backends=$("$CONFORM" --list)
for b in device server-sqlite server-pg; do
	ok "the runner knows the $b backend" sh -c 'echo "$1" | grep -qx "$2"' - "$backends" "$b"
done
if pg_start; then
	export FC_TEST_PG_URI="$PG_URI"
else
	fail "a private PostgreSQL for the server-pg backend starts"
fi
for b in $backends; do
	FC_CONFORM_STATES="$T/$b.states" "$CONFORM" "$b" "$CASES" >"$T/$b.tap" 2>"$T/$b.err"
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

# Beyond each case's "expect": every backend's whole state, member by member,
# must be the device's. same_states FILE... prints what differs, exits 1 then.
same_states() {
	python3 - "$@" <<'PY'
import json, sys
states = {}
for path in sys.argv[1:]:
    name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    with open(path) as f:
        states[name] = dict(l.rstrip("\n").split("\t", 1) for l in f)
first, *rest = sys.argv[1:]
ref = first.rsplit("/", 1)[-1].rsplit(".", 1)[0]
bad = 0
for case, want in states[ref].items():
    w = json.loads(want)
    for other in states:
        got = states[other].get(case)
        g = json.loads(got) if got else {}
        for member in sorted(set(w) | set(g)):
            if w.get(member) != g.get(member):
                print(f"{case}: {member}: {ref} {json.dumps(w.get(member))}, "
                      f"{other} {json.dumps(g.get(member))}")
                bad = 1
sys.exit(bad)
PY
}
files=""
for b in $backends; do
	files="$files $T/$b.states"
done
# shellcheck disable=SC2086 # one file name per backend
ok "every backend's whole state is the device's, for every case" same_states $files
# The comparison itself must see a difference: a server that kept one hazard
# open where the device rectified it.
sed '0,/"rectified"/s//"open"/' "$T/server-sqlite.states" >"$T/doctored.states"
expect_exit 1 "a state that differs in one hazard is found" same_states "$T/device.states" \
    "$T/doctored.states"
contains "the difference is named" "$T/out" '"open"'
