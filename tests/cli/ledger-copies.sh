#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The ledger's rows (hazards, programmes with their due dates, versions, the
# households to revisit) are
# unsigned copies of what a household's records mean, and the TUI and CLI
# show them. `fieldcheck verify` recomputes every household from its signed
# records and fails, naming the household, the table and the row, when a row
# was edited, removed or added in store.db; an untouched store passes.
. "$(dirname "$0")/../lib.sh"
A="$FC_ROOT/tests/data/answers"

expect_exit 0 "init" sh -c "echo 258036 | '$FC' init --inspector I1 --name 张三 --kdf 1:8 --pin-stdin"
printf 'id,district,address,resident,phone,kind,last_check\nH1,d1,新华路1号,王五,,residential,\nH2,d1,新华路2号,赵六,,residential,\n' >"$T/h.csv"
expect_exit 0 "households import" "$FC" households import "$T/h.csv"
sed "s|\"stove.jpg\"|\"$A/stove.jpg\"|" "$A/gas-major.json" >"$T/major.json"
expect_exit 0 "an inspection with hazards" sh -c \
	"echo 258036 | '$FC' record --template gas --household H1 --answers '$T/major.json' --pin-stdin"
insp=$(cat "$T/out")
expect_exit 0 "a nobody-home visit to H2" sh -c \
	"echo 258036 | '$FC' record --template gas --household H2 --answers '$A/gas-nobody-home.json' --pin-stdin"
visit=$(cat "$T/out")
DB="$FIELDCHECK_HOME/store.db"
rows() { sqlite3 "$DB" "$1"; }
[ "$(rows "select count(*) from hazards where household = 'H1' and item = 'G04' and status = 'open'")" = 1 ] &&
    pass "G04 is an open hazard of H1" || fail "G04 is an open hazard of H1"
due=$(rows "select due from programmes where household = 'H1' and programme = 'gas'")
[ -n "$due" ] && pass "H1 has a gas due date ($due)" || fail "H1 has a gas due date"
[ "$(rows "select record from revisits where household = 'H2'")" = "$visit" ] &&
    pass "H2 is to be revisited" || fail "H2 is to be revisited"
expect_exit 0 "verify passes on the untouched store" "$FC" verify
contains "verify counts the household's ledger" "$T/out" "the ledger rows of 2 households match"
cp "$DB" "$T/pristine.db"

# edit NAME SQL WANT...: after SQL on a fresh copy, verify fails saying each WANT.
edit() {
	name=$1 sql=$2
	shift 2
	cp "$T/pristine.db" "$DB"
	sqlite3 "$DB" "$sql" || fail "$name: the edit applies"
	expect_exit 1 "verify fails after $name" "$FC" verify
	for want in "$@"; do
		contains "verify after $name says $want" "$T/err" "$want"
	done
}

edit "a hazard marked rectified" \
    "update hazards set status = 'rectified' where household = 'H1' and item = 'G04'" \
    "household H1" "hazards row gas/G04 says status \"rectified\"" "give \"open\""
edit "a due date moved" \
    "update programmes set due = '2099-01-01' where household = 'H1' and programme = 'gas'" \
    "household H1" "programmes row gas says due \"2099-01-01\"" "give \"$due\""
edit "a version row changed" \
    "update versions set current = 'X-1' where id = '$insp'" \
    "household H1" "versions row $insp says current \"X-1\""
edit "a hazard row deleted" \
    "delete from hazards where household = 'H1' and item = 'G04'" \
    "household H1" "hazards row gas/G04 that its signed records give is missing"
edit "a hazard row added" \
    "insert into hazards (household, programme, item, record, root, found, status)
     values ('H1', 'gas', 'G99', '$insp', '$insp', '2026-01-01', 'open')" \
    "household H1" "store has a hazards row gas/G99 that its signed records do not give"
edit "a programme row added for a household without records" \
    "insert into programmes (household, programme, due) values ('H3', 'gas', '2099-01-01')" \
    "household H3" "store has a programmes row gas"
edit "a revisit's outcome changed" \
    "update revisits set outcome = 'refused' where household = 'H2'" \
    "household H2" "revisits row H2 says outcome \"refused\""
edit "a revisit row deleted" "delete from revisits where household = 'H2'" \
    "household H2" "revisits row H2 that its signed records give is missing"
edit "a column only the store keeps" \
    "update hazards set idx = 5 where household = 'H1' and item = 'G04'" "says idx \"5\""

cp "$T/pristine.db" "$DB"
sqlite3 "$DB" "update hazards set status = 'rectified' where household = 'H1' and item = 'G04'"
expect_exit 1 "verify --json fails after a hazard edit" "$FC" verify --json
contains "verify --json says not ok" "$T/out" '"ok": false'
contains "verify --json names the household" "$T/out" '"household": "H1"'
expect_exit 1 "verify in Chinese fails" env LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL= "$FC" verify
contains "verify says it in Chinese" "$T/err" "住户 H1"

cp "$T/pristine.db" "$DB"
expect_exit 0 "verify passes again on the untouched copy" "$FC" verify

# A registry import that makes H1 a restaurant recomputes its rows at once:
# the gas check is due a year after the inspection, not two, and verify passes.
before=$(rows "select due from programmes where household = 'H1' and programme = 'gas'")
printf 'id,district,address,resident,phone,kind,last_check\nH1,d1,新华路1号,王五,,catering,\n' >"$T/h2.csv"
expect_exit 0 "households import makes H1 a restaurant" "$FC" households import "$T/h2.csv"
after=$(rows "select due from programmes where household = 'H1' and programme = 'gas'")
[ -n "$after" ] && [ "$after" \< "$before" ] &&
    pass "H1's gas due date moved from $before to $after with its kind" ||
    fail "H1's gas due date follows its new kind" "before $before after $after"
expect_exit 0 "verify passes after the registry changed H1's kind" "$FC" verify
