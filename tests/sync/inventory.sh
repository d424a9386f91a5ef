#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The administrator's inventory and audit log (SQLite, and PostgreSQL with
# FC_TEST_DB=pg): `inspectors list`, `devices list` and `codes list` show
# what was done (enrolments, syncs, revocations, cancelled codes), `codes
# cancel` refuses a code at enrolment, and every administrative command left
# one line in `audit`, which only grows.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

# jv JSON EXPR: a value out of JSON with Python's json (EXPR over "d").
jv() {
	printf '%s' "$1" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$2"
}
S() { "$FCS" --db "$DB" "$@"; }

start_server
A="$T/a"
enrolled_device "$A" ana D1
add "$A" 3
ok "ana's device syncs three records" dsync "$A"

# Codes: one for ben left pending, one cancelled by reference, one by the code itself.
pending=$(code ben D2)
ben2=$(S enroll --inspector ben --name "Ben" --district D2 2>"$T/enroll.err")
ref2=$(sed -n "s/.*audit log: \([0-9a-f]*\)$/\1/p" "$T/enroll.err")
ok "enroll prints the code's reference" test "${#ref2}" -eq 10
ben3=$(code ben D2)
expect_exit 0 "codes cancel takes a reference, in capitals too" \
    S codes cancel "$(printf %s "$ref2" | tr a-f A-F)"
contains "cancel says which code" "$T/out" "cancelled enrolment code $ref2 of inspector ben"
expect_exit 0 "codes cancel takes the code itself, typed without dashes in small letters" \
    S codes cancel "$(printf %s "$ben3" | tr -d - | tr A-Z a-z)"
expect_exit 1 "cancelling it again: no such pending code" S codes cancel "$ben3"
expect_exit 1 "an unknown reference is refused" S codes cancel 0123456789
expect_exit 2 "codes cancel without a code is a usage error" S codes cancel

new_device "$T/b2" ben
expect_exit 1 "a cancelled code no longer enrols a device" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$T/b2' '$FC' enroll '$URL' '$ben2' --pin-stdin"
contains "the device is told the code was cancelled" "$T/err" "cancelled"

expect_exit 0 "codes list" S codes list --json
j=$(cat "$T/out")
ok "codes list shows the one pending code, of ben" \
    test "$(jv "$j" '[(c["inspector"], c["state"]) for c in d]')" = "[('ben', 'pending')]"
expect_exit 0 "codes list --all" S codes list --all --json
j=$(cat "$T/out")
ok "codes list --all: ana's used, ben's pending and two cancelled" \
    test "$(jv "$j" 'sorted((c["inspector"], c["state"]) for c in d)')" = \
    "[('ana', 'used'), ('ben', 'cancelled'), ('ben', 'cancelled'), ('ben', 'pending')]"
ok "no code is ever shown, only references" sh -c "! grep -q '$pending' '$T/out'"
expect_exit 0 "codes list --all as text in Chinese" env LANGUAGE=zh_CN "$FCS" --db "$DB" codes list --all
ok "  each state in Chinese: a code's 待用, not a warning's 待发送" \
    sh -c "grep -q ' 待用\$' '$T/out' && grep -q ' 已用\$' '$T/out' && grep -q ' 已取消\$' '$T/out' &&
	! grep -q '待发送\|pending\|cancelled' '$T/out'"

expect_exit 0 "inspectors list" S inspectors list --json
j=$(cat "$T/out")
ok "ana: one device, three records, synced, no pending code" \
    test "$(jv "$j" '[(i["devices"], i["records"], i["last_sync"] > 0, i["pending_codes"]) for i in d if i["inspector"] == "ana"]')" = "[(1, 3, True, 0)]"
ok "ben: no device, one pending code, active" \
    test "$(jv "$j" '[(i["devices"], i["pending_codes"], i["revoked_at"]) for i in d if i["inspector"] == "ben"]')" = "[(0, 1, 0)]"

# Revoking ben voids his pending code; revoking ana marks her device.
expect_exit 0 "revoke ben" S revoke --inspector ben
expect_exit 0 "codes list after the revocation" S codes list --json
ok "ben's pending code went with the revocation" test "$(cat "$T/out")" = "[]"
expect_exit 0 "revoke ana" S revoke --inspector ana
expect_exit 0 "devices list" S devices list --json
j=$(cat "$T/out")
ok "devices list: ana's one device, three records, synced, revoked" \
    test "$(jv "$j" '[(x["inspector"], x["records"], x["last_sync"] > 0, x["revoked"]) for x in d]')" = "[('ana', 3, True, True)]"
dev=$(jv "$j" 'd[0]["device"]')
expect_exit 0 "unrevoke ana" S unrevoke --inspector ana
expect_exit 0 "revoke ana's device alone" S revoke --device "$dev"
expect_exit 0 "devices list after the device's revocation" S devices list --json
j=$(cat "$T/out")
ok "devices list: the device itself is revoked, its inspector no longer" \
    test "$(jv "$j" '[(x["revoked"], x["device_revoked_at"] > 0, x["inspector_revoked_at"]) for x in d]')" = "[(True, True, 0)]"
expect_exit 0 "devices list as text" S devices list
contains "the text list says the device is revoked" "$T/out" "device 20"
expect_exit 1 "devices list --inspector with an id nobody has is refused, not an empty list" \
    S devices list --inspector bne
contains "  naming it" "$T/err" "no inspector bne"
expect_exit 1 "so is codes list --inspector" env LANGUAGE=zh_CN "$FCS" --db "$DB" codes list --inspector bne --all
contains "  (Chinese)" "$T/err" "没有检查员 bne"
expect_exit 0 "devices list --inspector ben" S devices list --inspector ben --json
ok "ben has no device" test "$(cat "$T/out")" = "[]"
expect_exit 0 "inspectors list as text" S inspectors list
contains "the text list says ben is revoked" "$T/out" "revoked 20"
contains "the text list has a header" "$T/out" "last sync"

# The registry and a template, for their audit lines.
printf 'id,district,address,resident,phone,kind,last_check\nH1,D1,1 Road,R,1,residential,\n' >"$T/h.csv"
expect_exit 0 "households import" S households import "$T/h.csv"
expect_exit 0 "templates add" S templates add "$FC_ROOT/schema/checklists/gas.json"
if [ "${FC_TEST_DB:-sqlite}" = sqlite ]; then
	mkdir "$T/bk"
	expect_exit 0 "backup" S backup "$T/bk" --keep 2
fi

expect_exit 0 "audit --json" S audit --json
j=$(cat "$T/out")
want="['enroll', 'enroll', 'enroll', 'enroll', 'codes cancel', 'codes cancel', 'revoke', 'revoke', 'unrevoke', 'revoke', 'households import', 'templates add']"
[ "${FC_TEST_DB:-sqlite}" = sqlite ] && want="${want%]}, 'backup']"
ok "audit: one line per administrative command, in order" \
    test "$(jv "$j" '[a["action"] for a in d]')" = "$want"
ok "audit: who is the system user, from the command line" \
    test "$(jv "$j" 'set((a["actor"], a["origin"].split(" on ")[0]) for a in d)')" = \
    "{('$(id -un)', 'command line')}"
ok "audit: the cancel names the code's reference" \
    test "$(jv "$j" '[a["detail"] for a in d if a["action"] == "codes cancel"][0]')" = \
    "enrolment code $ref2 of inspector ben cancelled"
ok "audit: the import names the file and count" \
    test "$(jv "$j" '[a["detail"] for a in d if a["action"] == "households import"][0]')" = \
    "1 households from $T/h.csv"
expect_exit 0 "audit --since a future day" S audit --since 2999-01-01 --json
ok "nothing after a future day" test "$(cat "$T/out")" = "[]"
expect_exit 0 "audit --since today" S audit --since "$(date -u +%F)" --csv
contains "the CSV has its header" "$T/out" "time,actor,action,detail,origin"
ok "the CSV has a line per act and the header" test "$(wc -l <"$T/out")" -eq $(($(jv "$j" 'len(d)') + 1))
expect_exit 2 "audit --since a bad date is a usage error" S audit --since yesterday
expect_exit 0 "audit as text" S audit
contains "the text log names the revocation" "$T/out" "inspector ana revoked"
expect_exit 0 "audit as text in Chinese" env LANGUAGE=zh_CN "$FCS" --db "$DB" audit
ok "  its first column is headed time (时间), not a checklist rule's condition (条件)" \
    sh -c "head -n 1 '$T/out' | grep -q '^时间 ' && ! head -n 1 '$T/out' | grep -q 条件"

# The log only grows: the store itself refuses to change or remove a line.
if [ "${FC_TEST_DB:-sqlite}" = sqlite ]; then
	ok "an audit line cannot be changed" sh -c "! sqlite3 '$DB' \"UPDATE audit SET actor = 'x'\" 2>/dev/null"
	ok "an audit line cannot be deleted" sh -c "! sqlite3 '$DB' 'DELETE FROM audit' 2>/dev/null"
else
	refused() { ! pg_sql "$1" 2>/dev/null; }
	ok "an audit line cannot be changed" refused "UPDATE audit SET actor = 'x'"
	ok "an audit line cannot be deleted" refused "DELETE FROM audit"
fi
expect_exit 0 "audit after the attempts" S audit --json
ok "every line is still there, unchanged" test "$(cat "$T/out")" = "$j"
stop_server
