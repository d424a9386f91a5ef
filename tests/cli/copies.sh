#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The store keeps copies of body members in columns (household, outcome,
# type, ...) for indexing. Those columns are not signed: anyone who can write
# store.db can edit them. An edited column is never shown (list, show and
# export read the copies from the signed body) and `fieldcheck verify` fails
# naming the record and the column.
. "$(dirname "$0")/../lib.sh"

PIN=258036
printf '%s\n' "$PIN" >"$T/pin"
expect_exit 0 "init" sh -c "'$FCH' init-fast I1 张三 <'$T/pin'"
expect_exit 0 "three records" sh -c "'$FCH' add-records 3 --pin-stdin <'$T/pin'"
DB="$FIELDCHECK_HOME/store.db"
ID=$(sqlite3 "$DB" "select id from records where seq = 2")
HH=$(sqlite3 "$DB" "select household from records where seq = 2")
[ -n "$ID" ] && [ -n "$HH" ] && pass "record 2 is $ID for household $HH" || fail "record 2 is there"
expect_exit 0 "verify passes before any edit" "$FC" verify
cp "$DB" "$T/pristine.db"

# seen WHAT: none of list, list --json, show and both exports shows WHAT.
seen_nowhere() {
	for cmd in "list" "list --json" "show $ID" "show $ID --json" "export --format csv" \
	    "export --format json"; do
		# shellcheck disable=SC2086
		if ! "$FC" $cmd >"$T/view" 2>"$T/view.err"; then
			fail "$cmd runs after the edit" "$(cat "$T/view.err")"
		elif grep -qF -- "$1" "$T/view"; then
			fail "$cmd does not show the edited $2" "$(grep -F -- "$1" "$T/view" | head -n 2)"
		else
			pass "$cmd does not show the edited $2"
		fi
	done
}

# The outcome column edited: pass -> fail.
sqlite3 "$DB" "update records set outcome = 'EDITED-OUTCOME' where seq = 2"
expect_exit 1 "verify fails after the outcome column is edited" "$FC" verify
contains "verify names the record" "$T/err" "$ID"
contains "verify names the column" "$T/err" "stored outcome \"EDITED-OUTCOME\" differs from the signed body"
seen_nowhere EDITED-OUTCOME outcome
"$FC" export --format csv >"$T/csv"
row=$(grep -F "$ID" "$T/csv" | cut -d, -f10)
[ "$row" = pass ] && pass "the CSV outcome column says what the body says (pass)" ||
    fail "the CSV outcome column says what the body says" "got '$row'"

# The household column edited: a record moved to another household.
cp "$T/pristine.db" "$DB"
sqlite3 "$DB" "update records set household = 'HH-EDITED' where seq = 2"
expect_exit 1 "verify fails after the household column is edited" "$FC" verify --json
contains "verify --json names the record" "$T/out" "\"id\": \"$ID\""
contains "verify --json names the column" "$T/out" "stored household"
seen_nowhere HH-EDITED household
expect_exit 0 "list --json still runs" "$FC" list --json
contains "list --json shows the signed household" "$T/out" "\"household\": \"$HH\""

# Every other copied column is compared too.
for col in inspector type template time; do
	cp "$T/pristine.db" "$DB"
	sqlite3 "$DB" "update records set $col = 'X-$col' where seq = 2"
	expect_exit 1 "verify fails after the $col column is edited" "$FC" verify
	contains "verify names the $col column" "$T/err" "stored $col"
done
cp "$T/pristine.db" "$DB"
sqlite3 "$DB" "update records set template_version = template_version + 7 where seq = 2"
expect_exit 1 "verify fails after the template_version column is edited" "$FC" verify
contains "verify names the template_version column" "$T/err" "stored template_version"

cp "$T/pristine.db" "$DB"
expect_exit 0 "verify passes again on the untouched copy" "$FC" verify
