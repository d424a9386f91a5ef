#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# When a stored record is changed, removed, reordered or replaced behind
# fieldcheck's back, `fieldcheck verify` exits 1 and names the first broken
# record and why; on the untouched store it exits 0. Each tamper starts from a
# fresh copy of the same home and changes record 3 of 6 in store.db directly.
# Then the key file and the store, each lost or replaced alone: every command
# names the file to put back, and nothing is created, unlocked or signed.
. "$(dirname "$0")/../lib.sh"

PIN=246813
printf '%s\n' "$PIN" >"$T/pin"
with_pin() { "$@" <"$T/pin"; }

expect_exit 0 "init makes a key and a store" with_pin "$FC" init --inspector I1 --name 张三 --kdf 1:8 --pin-stdin
expect_exit 0 "the test helper adds 6 records" with_pin "$FCH" add-records 6 --pin-stdin
contains "the sixth record is acknowledged" "$T/out" "acked 6"
DEV=$(sed -n 's/.*"device": *"\([0-9a-f]\{8\}\)".*/\1/p' "$FIELDCHECK_HOME/key.json")
[ -n "$DEV" ] && pass "the key file names the device ($DEV)" || fail "no device id in key.json"

expect_exit 0 "verify passes on the intact store" "$FC" verify
contains "verify counts all six records" "$T/out" "6 records verified"
expect_exit 0 "verify --json passes on the intact store" "$FC" verify --json
contains "verify --json says ok" "$T/out" '"ok": true'

cp -a "$FIELDCHECK_HOME" "$T/pristine"

# tamper_case KIND RECORD-SEQ REASON: tamper with record 3, then verify must
# exit 1 naming <device>-<RECORD-SEQ padded> and REASON on stderr.
tamper_case() {
	kind=$1; bad=$(printf '%s-%06d' "$DEV" "$2"); reason=$3
	rm -rf "$FIELDCHECK_HOME"
	cp -a "$T/pristine" "$FIELDCHECK_HOME"
	if ! "$FCH" tamper "$kind" 3 >"$T/tamper.out" 2>&1; then
		fail "tamper $kind 3" "$(cat "$T/tamper.out")"
		return
	fi
	expect_exit 1 "verify fails after: $kind" "$FC" verify
	contains "$kind: stderr names record $bad" "$T/err" "$bad"
	contains "$kind: stderr says why" "$T/err" "$reason"
	contains "$kind: stderr uses the error format" "$T/err" "fieldcheck: "
}

SIG="signature does not verify"
tamper_case body 3 "$SIG"
tamper_case sig 3 "$SIG"
tamper_case prev-body 3 "$SIG"
tamper_case prev 3 "stored prev differs from the signed body"
tamper_case delete 4 "record 3 is missing"
tamper_case swap 4 "records swapped or out of order"
tamper_case foreign 3 "$SIG"

# The JSON report names the same record and reason for scripts.
expect_exit 1 "verify --json fails after a foreign record" "$FC" verify --json
contains "verify --json names the first bad record" "$T/out" "\"id\": \"$DEV-000003\""
contains "verify --json gives the reason" "$T/out" "$SIG"
# show checks the one record: it shows it with the reason and exits 1.
expect_exit 1 "show of the foreign record exits 1" "$FC" show "$DEV-000003"
contains "  its verification line says why" "$T/out" "verification: BROKEN: $DEV-000003: $SIG"
contains "  and stderr says not to trust it" "$T/err" "show: record $DEV-000003 does not verify"
expect_exit 1 "show --json of it exits 1 too" "$FC" show "$DEV-000003" --json
contains "  its verification says why" "$T/out" "\"verification\": \"BROKEN: $DEV-000003: $SIG"
expect_exit 0 "show of an intact record before it exits 0" "$FC" show "$DEV-000002"

# A copy of a record slipped in below seq 1, where no record is numbered:
# verify, list and export read every row, and the chain names it first.
rm -rf "$FIELDCHECK_HOME"
cp -a "$T/pristine" "$FIELDCHECK_HOME"
sqlite3 "$FIELDCHECK_HOME/store.db" "INSERT INTO records SELECT -1, 'hidden', body, sig, hash, prev,
	device, inspector, type, household, template, template_version, time, outcome, 0
	FROM records WHERE seq = 6" || fail "insert a record at seq -1"
expect_exit 1 "a record stored at seq -1 fails verify" "$FC" verify
contains "  named, with where it was signed" "$T/err" \
	"record hidden (number -1) is broken: signed as seq 6 but stored as seq -1, where 1 was expected"
expect_exit 0 "  and list shows it" "$FC" list
contains "  among the others" "$T/out" "hidden"

# A record whose stored body no longer reads: list does not leave a blank row.
rm -rf "$FIELDCHECK_HOME"
cp -a "$T/pristine" "$FIELDCHECK_HOME"
sqlite3 "$FIELDCHECK_HOME/store.db" "UPDATE records SET body = substr(body, 1, 40) WHERE seq = 2" ||
	fail "cut record 2's body"
expect_exit 0 "list shows a store with a record whose body is cut" "$FC" list
ok "  that record's row says it is damaged and what to run" \
	grep -q "^\*  $DEV-000002 .*damaged: run 'fieldcheck verify'" "$T/out"
expect_exit 0 "list --json too" "$FC" list --json
contains "  marking it damaged" "$T/out" '"damaged": true'

# A store.db cut short (a copy interrupted, a card pulled): named as damaged,
# with what to do, not in SQLite's words alone.
rm -rf "$FIELDCHECK_HOME"
cp -a "$T/pristine" "$FIELDCHECK_HOME"
truncate -s 8192 "$FIELDCHECK_HOME/store.db"
expect_exit 1 "a truncated store: list fails" "$FC" list
contains "  saying store.db is damaged and to put back a backup" "$T/err" \
	"store.db is damaged (database disk image is malformed); put back store.db from a backup"
rm "$FIELDCHECK_HOME/store.db"
mkdir "$FIELDCHECK_HOME/store.db"
expect_exit 1 "a store.db that is a directory: list fails" "$FC" list
contains "  with the system's reason, not 'unable to open database file'" "$T/err" \
	"store.db: cannot open the record store: Is a directory"

# The key file and the store are one pair (app/home.c). A store.db deleted
# beside its key: nothing reads it as empty, makes it anew or signs into it
# (record number 1 again would be a fork of this device's chain).
fresh() { rm -rf "$FIELDCHECK_HOME"; cp -a "$T/pristine" "$FIELDCHECK_HOME"; }
ANS="$FC_ROOT/tests/data/answers/gas-clean.json"
GONE="key.json is there but store.db, the records it signed, is missing; put back store.db"
fresh
rm "$FIELDCHECK_HOME/store.db"
expect_exit 1 "a deleted store: list refuses" "$FC" list
contains "  naming the missing store and what to do" "$T/err" "$GONE"
[ ! -e "$FIELDCHECK_HOME/store.db" ] && pass "  and makes no new store.db" ||
	fail "  and makes no new store.db" "$(ls "$FIELDCHECK_HOME")"
expect_exit 1 "a deleted store: record refuses" \
	with_pin "$FC" record --template gas --household H1 --answers "$ANS" --pin-stdin
contains "  naming the missing store" "$T/err" "$GONE"
expect_exit 1 "a deleted store: verify refuses" "$FC" verify
contains "  naming the missing store" "$T/err" "$GONE"

# A store.db replaced by one that belongs to nobody (made by list in an empty home).
fresh
FIELDCHECK_HOME="$T/empty" "$FC" list >/dev/null 2>&1
cp "$T/empty/store.db" "$FIELDCHECK_HOME/store.db"
expect_exit 1 "a replaced store: record refuses before signing" \
	with_pin "$FC" record --template gas --household H1 --answers "$ANS" --pin-stdin
contains "  naming the store with no device" "$T/err" \
	"store.db has no device but key.json is inspector I1's on device $DEV"
expect_exit 1 "a replaced store: verify refuses" "$FC" verify
contains "  saying to put back store.db" "$T/err" "put back store.db from a backup"
n=$(sqlite3 "$FIELDCHECK_HOME/store.db" "SELECT count(*) FROM records" 2>&1)
[ "$n" = 0 ] && pass "  and nothing was signed into it" || fail "  and nothing was signed into it" "$n"

# A key.json deleted beside its store: init would make a key that can never
# continue the chain; it refuses before the PIN and writes no key file.
fresh
rm "$FIELDCHECK_HOME/key.json"
expect_exit 1 "a deleted key: verify refuses" "$FC" verify
contains "  naming the chain the store holds" "$T/err" \
	"key.json is missing but store.db holds the chain of inspector I1 on device $DEV; put back key.json"
expect_exit 1 "a deleted key: init refuses" \
	with_pin "$FC" init --inspector I2 --name 李四 --kdf 1:8 --pin-stdin
contains "  saying to put back key.json" "$T/err" "put back key.json from a backup"
[ ! -e "$FIELDCHECK_HOME/key.json" ] && pass "  and writes no key file" ||
	fail "  and writes no key file"

# A key.json from another home, and one whose public key was edited.
FIELDCHECK_HOME="$T/other" with_pin "$FC" init --inspector I2 --name 李四 --kdf 1:8 --pin-stdin >/dev/null 2>&1
OTHER=$(sed -n 's/.*"device": *"\([0-9a-f]\{8\}\)".*/\1/p' "$T/other/key.json")
fresh
cp "$T/other/key.json" "$FIELDCHECK_HOME/key.json"
expect_exit 1 "another home's key: verify fails" "$FC" verify
contains "  naming both devices" "$T/err" \
	"store.db belongs to inspector I1 on device $DEV but key.json to inspector I2 on device $OTHER"
expect_exit 1 "another home's key: the TUI does not open" "$FC" </dev/null
contains "  and says why" "$T/err" "one of them comes from another home"
fresh
sed 's/"inspector": "I1"/"inspector": "I9"/' "$T/pristine/key.json" >"$FIELDCHECK_HOME/key.json"
expect_exit 1 "an edited inspector in key.json: record refuses before signing" \
	with_pin "$FC" record --template gas --household H1 --answers "$ANS" --pin-stdin
contains "  naming both inspectors" "$T/err" \
	"store.db belongs to inspector I1 on device $DEV but key.json to inspector I9 on device $DEV"
fresh
python3 -c 'import json,sys; k=json.load(open(sys.argv[1])); p=k["public_key"]
k["public_key"]=("f" if p[0] != "f" else "e")+p[1:]; json.dump(k, open(sys.argv[1], "w"))' \
	"$FIELDCHECK_HOME/key.json"
expect_exit 1 "an edited public key: verify fails" "$FC" verify
contains "  saying the key file was replaced or edited" "$T/err" \
	"the public key in key.json is not the one device $DEV was set up with"
