#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A first pull of a district larger than one snapshot piece (10 000 rows):
# the device asks for the pieces one after another, the next while it stores
# the one before, and puts them all into one registry load, so it holds the
# whole district or, when the pull fails anywhere, none of it and no cursor.
# The server answers a snapshot without ?rows= whole, as older devices ask.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
FCA="$FC_BUILD/tests/fc-attack"
N=20001

awk -v n="$N" 'BEGIN {
	print "id,district,address,resident,phone,kind,last_check"
	for (i = 1; i <= n; i++)
		if (i == 5) # a quote: the first piece goes to the JSON parser, the next is asked for after it
			printf "H%05d,D1,\"人民路\"\"5\"\"号\",居民%d,138%08d,residential,\n", i, i, i
		else
			printf "H%05d,D1,人民路%d号,居民%d,138%08d,residential,\n", i, i, i, i
	print "A1,D2,和平街2号,吴磊,13900000002,residential,"
	print "Z1,D2,和平街1号,周杰,13900000001,residential,"
}' >"$T/hh.csv"
expect_exit 0 "the server imports a district of $N households" \
    "$FCS" --db "$DB" households import "$T/hh.csv"

# held HOME: the households that device holds.
held() {
	sqlite3 "$1/store.db" "SELECT count(*) FROM households"
}
# cursor HOME: the registry cursor that device keeps ("" for none).
cursor() {
	sqlite3 "$1/store.db" "SELECT value FROM settings WHERE key = 'sync.households_cursor'"
}
# pieces: the row counts of the households answers in the server's journal since mark.
pieces() {
	households_sent "$mark" | tr '\n' ' '
}
# get HOME PATH: a signed GET by that device; prints "status N" and the answer.
get() {
	echo "$PIN" | "$FCA" send "$URL" GET "$2" --home "$1"
}

start_server
# An inspector of one district: the snapshot in pieces.
A="$T/a"
enrolled_device "$A" ana D1
mark=$(wc -l <"$T/server.log")
expect_exit 0 "a first sync" dsync "$A"
contains "receives every household of the district" "$T/out" "received $N households"
ok "in three pieces of at most 10 000, one request each (journal: $(pieces))" \
    test "$(pieces)" = "10000 10000 1 "
ok "the device holds all of them" test "$(held "$A")" = "$N"
ok "and keeps the cursor of the last piece" test -n "$(cursor "$A")"
ok "a household of the first piece is found by search" \
    sh -c "FIELDCHECK_HOME='$A' '$FC' households search 人民路1号 --json | grep -q H00001"
ok "  and the one with quotes in its address, as it was" \
    sh -c "FIELDCHECK_HOME='$A' '$FC' households search 13800000005 --json | grep -qF '人民路\\\"5\\\"号'"
ok "and one of the last piece, by its phone" \
    sh -c "FIELDCHECK_HOME='$A' '$FC' households search 13800020001 --json | grep -q H20001"
ok "and by one character of its resident's name with a number" \
    sh -c "FIELDCHECK_HOME='$A' '$FC' households search 居民20001 --json | grep -q H20001"
mark=$(wc -l <"$T/server.log")
expect_exit 0 "the next sync" dsync "$A"
contains "receives nothing again" "$T/out" "received 0 households"
ok "asking once for the changes since the cursor (journal: $(pieces))" test "$(pieces)" = "0 "

# An inspector of both districts: their snapshot comes whole, one answer (the
# database sorts a list of districts' rows: pieces would read them again each
# time; the route's checks below). Assignments: one list, in one order (never
# checked first, then by household), the first 1 000 of both together.
D="$T/duo"
enrolled_device "$D" duo "D1,D2"
get "$D" "/v1/assignments" >"$T/duo.out" 2>&1
ok "the households due to an inspector of both are the first 1 000 of both in one order" \
    python3 -c '
import json, sys
text = open(sys.argv[1]).read()
due = [d["household"] for d in json.loads(text[text.index("{"):])["due"]]
sys.exit(not (len(due) == 1000 and due[0] == "A1" and due[1] == "H00001" and
              due[-1] == "H00999" and due == sorted(due)))' "$T/duo.out"

# The route itself, as a device signs it.
get "$A" "/v1/households?snapshot=1&since=0&rows=2" >"$T/two.out" 2>&1
contains "?rows=2 answers a piece of two households" "$T/two.out" "status 200"
ok "  the first two, and says more follow" \
    sh -c "grep -q '\"rows\":\[\[\"H00001\".*\[\"H00002\".*\]\],\"cursor\":[0-9]*,\"more\":true}' '$T/two.out'"
c2=$(sed -n 's/.*"cursor":\([0-9]*\).*/\1/p' "$T/two.out")
get "$A" "/v1/households?snapshot=1&since=$c2&rows=2" >"$T/next.out" 2>&1
ok "  since its cursor, the next two" grep -q '"rows":\[\["H00003"' "$T/next.out"
get "$A" "/v1/households?snapshot=1&since=0" >"$T/whole.out" 2>&1
ok "without ?rows= the whole district in one answer (an older device)" \
    sh -c "grep -q '\"H20001\".*\"more\":false}' '$T/whole.out' && ! grep -q Z1 '$T/whole.out'"
# A district of exactly two pieces ends in an empty one: its cursor must be
# the one asked with, not 0, or the device would keep 0 and fetch the whole
# district again at every sync.
cw=$(sed -n 's/.*"cursor":\([0-9]*\).*/\1/p' "$T/whole.out")
get "$A" "/v1/households?snapshot=1&since=$cw&rows=2" >"$T/empty.out" 2>&1
ok "  a piece after the last household is empty and keeps the cursor it was asked with" \
    grep -q "\"rows\":\[\],\"cursor\":$cw,\"more\":false}" "$T/empty.out"
get "$D" "/v1/households?snapshot=1&since=0&rows=2" >"$T/list.out" 2>&1
ok "for a list of districts ?rows= is not taken: both whole" \
    sh -c "grep -q '\"Z1\".*\"more\":false}' '$T/list.out' && grep -q H20001 '$T/list.out'"
get "$D" "/v1/households?snapshot=1&since=0&rows=2&district=D2" >"$T/d2.out" 2>&1
ok "  one of them asked for alone comes in a piece" \
    grep -q '"rows":\[\["A1",[^]]*\],\["Z1",[^]]*\]\],"cursor":[0-9]*,"more":true}' "$T/d2.out"
get "$A" "/v1/households?snapshot=1&since=0&rows=ten" >"$T/bad.out" 2>&1
contains "?rows= that is not a number is refused" "$T/bad.out" "status 400"
contains "  saying what it must be" "$T/bad.out" "since, limit and rows must be numbers"

# Cut in the second piece (the first is about 90 KB on the wire), after the
# first was stored: the device keeps nothing, and the next sync completes.
B="$T/b"
enrolled_device "$B" bo D1
start_proxy "$PORT" --cut-down 130000
expect_exit 1 "a sync cut after 130 000 bytes from the server fails" \
    dsync "$B" --server "http://127.0.0.1:$PP"
kill "$PROXY" 2>/dev/null
wait "$PROXY" 2>/dev/null
contains "  after the first piece was stored" "$T/err" "households received: 10000"
ok "  and the device holds no household of the district ($(held "$B")) and no cursor" \
    test "$(held "$B")" = 0 -a -z "$(cursor "$B")"
expect_exit 0 "  the next sync completes" dsync "$B"
ok "  with every household" test "$(held "$B")" = "$N"

if [ "${FC_TEST_DB:-sqlite}" = sqlite ]; then
	# A household the server cannot send stops its piece, the second: the twin
	# connection's failure is the pull's, and the first piece is not kept either.
	sqlite3 "$DB" "UPDATE households SET address = CAST(x'e4ba' AS TEXT) WHERE id = 'H15000'"
	C="$T/c"
	enrolled_device "$C" cy D1
	expect_exit 1 "a pull whose second piece the server cannot send fails" dsync "$C"
	contains "  naming the household and why" "$T/err" "household H15000: a field is not UTF-8"
	ok "  and the device holds none of the first piece" test "$(held "$C")" = 0
	sqlite3 "$DB" "UPDATE households SET address = '人民路15000号' WHERE id = 'H15000'"
	expect_exit 0 "  once the server's row is mended, the next sync completes" dsync "$C"
	ok "  with every household" test "$(held "$C")" = "$N"
fi
stop_server
