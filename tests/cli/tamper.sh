#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# When a stored record is changed, removed, reordered or replaced behind
# fieldcheck's back, `fieldcheck verify` exits 1 and names the first broken
# record and why; on the untouched store it exits 0. Each tamper starts from a
# fresh copy of the same home and changes record 3 of 6 in store.db directly.
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
