#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# SQL meta characters in every text field are data, never SQL: household CSV
# fields, the inspector's name, a text answer in a record, and on the server
# the enrolled name and district. Each comes back byte for byte, the stores
# keep every table and verify, and a search for "%" or "_" matches only rows
# holding that character (LIKE wildcards are escaped).
. "$(dirname "$0")/../lib.sh"

printf '246813\n' >"$T/pin"
EVIL="x'); DROP TABLE records;--"
"$FCH" init-fast "P1" "$EVIL" <"$T/pin" >/dev/null 2>&1 || { fail "init-fast with a hostile name"; exit 0; }

{
	printf 'id,district,address,resident,phone,kind,last_check\n'
	printf '%s\n' "H'1,D1,\"x'); DROP TABLE households;--\",Robert'; DELETE FROM records; --,1' OR '1'='1,residential,"
	printf '%s\n' 'H2,D2,100% 真_路 \ 5号,张_三,%_%,catering,'
	printf '%s\n' 'H3,D2,平安路1号,李四,13900000000,residential,'
} >"$T/evil.csv"
# A district is an id with a stated character set (core/ids.h): a quote in
# one refuses the file, naming the line and the rule, before any SQL.
printf 'id,district,address,resident,phone,kind,last_check\nH1,D1,a,r,1,residential,\nH9,"D""1",a,r,1,residential,\n' >"$T/q.csv"
expect_exit 1 "a CSV whose district holds a quote is refused" "$FC" households import "$T/q.csv"
contains "naming the line and the rule" "$T/err" "q.csv:3: district id 'D\"1' is refused"
expect_exit 0 "a CSV full of SQL meta characters imports" "$FC" households import "$T/evil.csv"
contains "all three rows" "$T/out" "imported 3 households"

expect_exit 0 "search by a quote-laden fragment" "$FC" households search "DROP TABLE" --json
contains "finds the row with its address verbatim" "$T/out" "x'); DROP TABLE households;--"
contains "the resident keeps the injection attempt as text" "$T/out" "Robert'; DELETE FROM records; --"
expect_exit 0 "search by the quoted id" "$FC" households search "H'1" --json
contains "the id with a quote is found" "$T/out" "\"H'1\""

# One or two characters search a word index that holds letters and digits
# only, so punctuation alone finds nothing; longer fragments go to FTS5.
for q in "%" "_" "%_" '\\'; do
	expect_exit 0 "search for '$q' alone" "$FC" households search "$q" --json
	if grep -q '"H3"' "$T/out"; then fail "'$q' acted as a wildcard: it matched a row without it"; else pass "'$q' matches no row that lacks it"; fi
done
expect_exit 0 "search for '100%'" "$FC" households search "100%" --json
contains "finds the row holding it" "$T/out" '"H2"'
if grep -q '"H3"' "$T/out"; then fail "'100%' matched a row without it"; else pass "'100%' matches only that row"; fi
expect_exit 0 "search for '张_三'" "$FC" households search "张_三" --json
contains "finds the resident with the underscore" "$T/out" '"H2"'
if grep -q '"H3"' "$T/out"; then fail "'张_三' matched 李四"; else pass "'张_三' is no LIKE pattern"; fi

# A text answer with SQL in it, signed and stored as given.
sed '$ s/}[[:space:]]*$/, "G39": "'"'"'); DROP TABLE records; -- 100% _x_ \\\\ end"}/' \
    "$FC_ROOT/tests/data/answers/gas-clean.json" >"$T/answers.json"
expect_exit 0 "a record with SQL in a text answer is made" \
    sh -c "'$FC' record --template gas --household H3 --answers '$T/answers.json' --pin-stdin <'$T/pin'"
id=$(tail -n 1 "$T/out")
expect_exit 0 "show prints it" "$FC" show "$id" --json
contains "the answer comes back verbatim" "$T/out" "'); DROP TABLE records; -- 100% _x_ \\\\ end"
expect_exit 0 "the store still verifies" "$FC" verify
contains "with the record in it" "$T/out" "1 records verified"
expect_exit 0 "list still works" "$FC" list --json
ok "the hostile inspector name is kept as given" grep -qF "$EVIL" "$FIELDCHECK_HOME/key.json"

# The server: an enrolled name and district full of quotes.
if [ -x "$FCS" ]; then
	. "$FC_ROOT/tests/sync/common.inc"
	start_server
	# A district id has a stated character set (core/ids.h): quotes are refused.
	expect_exit 2 "the server refuses a district id with a quote" "$FCS" --db "$DB" enroll \
	    --inspector Q1 --name X --district "D'1"
	contains "naming the rule" "$T/err" "district id 'D'1' is refused"
	c=$("$FCS" --db "$DB" enroll --inspector "Q1" --name "O'Brien\"; DROP TABLE devices;--" \
	    --district D1 2>"$T/enroll.err")
	if [ -n "$c" ]; then pass "the server enrols a name with quotes"; else fail "server enroll" "$(cat "$T/enroll.err")"; fi
	D="$T/dev"
	new_device "$D" Q1
	expect_exit 0 "the device enrols" sh -c "echo $PIN | FIELDCHECK_HOME='$D' '$FC' enroll '$URL' '$c' --pin-stdin"
	{
		printf 'id,district,address,resident,phone,kind,last_check\n'
		printf '%s\n' "S'2,D1,\"x'); DROP TABLE households;--\",O'Neil,1' OR '1'='1,residential,"
	} >"$T/server.csv"
	printf 'id,district,address,resident,phone,kind,last_check\nS1,D'"'"'1,a,r,1,residential,\n' >"$T/sq.csv"
	expect_exit 1 "the server refuses a registry whose district holds a quote" \
	    "$FCS" --db "$DB" households import "$T/sq.csv"
	contains "naming the line and the rule" "$T/err" "sq.csv:2: district id 'D'1' is refused"
	expect_exit 0 "the server imports the hostile CSV" "$FCS" --db "$DB" households import "$T/server.csv"
	echo "$PIN" | FIELDCHECK_HOME="$D" "$FCH" add-records 3 >/dev/null 2>&1
	expect_exit 0 "the device syncs" dsync "$D"
	expect_exit 0 "and finds the pulled household verbatim" \
	    env FIELDCHECK_HOME="$D" "$FC" households search "DROP TABLE" --json
	contains "the address came through the server unchanged" "$T/out" "x'); DROP TABLE households;--"
	expect_exit 0 "the server's store verifies" "$FCS" --db "$DB" verify
	ok "the server holds the three records" test "$(server_count records)" = 3
	stop_server
fi
