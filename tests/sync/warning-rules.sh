#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Each warning rule of docs/warnings.md fires, end to end, exactly once: a
# real device files a year's records with their real times (record --batch):
# a major gas hazard 45 days ago, long past its 7-day deadline (hazard_found
# and hazard_overdue, while the general hazard of the same record, 15 days
# past its deadline, is within the rule's 20 days), a rural house graded C
# (house_grade), a home inspected 26 months ago, so 2 months past its 24-month
# due date (household_overdue, 30 days); a copy of the device signs again at
# a sequence number already used (fork); and the device has not synced since
# (device_silent, 0 days). Running the rules again raises nothing; each
# warning reaches a receiver on 127.0.0.1 once, its HMAC-SHA-256 checked,
# with the fields the docs list for its rule and no resident's name, address
# or phone, while a receiver holding another secret refuses every request
# (401) and its deliveries wait to be retried. Both store backends
# (FC_TEST_DB=pg): each rule's selection is the store's.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
A="$FC_ROOT/tests/data/answers"
RECV="$FC_ROOT/tests/sync/webhook-receiver.py"

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路17号,王芳华,13800000001,residential,
H2,D1,新华路19号,李明,13800000002,residential,
H3,D1,新华路21号,孙丽,13800000003,residential,
H4,D1,新华路23号,钱进,13800000004,residential,
R1,D1,东村3组,赵强,13800000005,rural,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
start_server
enrolled_device "$T/dev" ana D1
export FIELDCHECK_HOME="$T/dev"
dsync "$T/dev" >/dev/null
cp "$A/stove.jpg" "$T/" # the photo the major hazard's answers name, found beside the batch
python3 - "$A" "$T/year.jsonl" <<'PY'
import datetime, json, sys
a = sys.argv[1]
load = lambda n: json.load(open(f"{a}/{n}.json"))
now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8)))
at = lambda days: (now - datetime.timedelta(days=days)).replace(microsecond=0).isoformat()
lines = [
    {"template": "gas", "household": "H3", "answers": load("gas-clean"), "time": at(790)},
    {"template": "gas", "household": "H1", "answers": load("gas-major"), "time": at(45)},
    {"template": "rural", "household": "R1", "answers": load("rural-c"), "time": at(2)},
]
with open(sys.argv[2], "w") as f:
    for l in lines:
        f.write(json.dumps(l, ensure_ascii=False) + "\n")
PY
expect_exit 0 "a year's records with their times, after one PIN" \
    sh -c "echo $PIN | '$FC' record --batch '$T/year.jsonl' --pin-stdin"
expect_exit 0 "  synced" dsync "$T/dev"

# A copy of the device (restored from a backup) signs at a sequence already used.
cp -a "$T/dev" "$T/copy"
echo "$PIN" | "$FC" record --template gas --household H2 --answers "$A/gas-clean.json" --pin-stdin >/dev/null
echo "$PIN" | FIELDCHECK_HOME="$T/copy" "$FC" record --template gas --household H4 \
    --answers "$A/gas-clean.json" --pin-stdin >/dev/null
dsync "$T/dev" >/dev/null
dsync "$T/copy" >/dev/null 2>&1
ok "the server keeps the copy's record as a fork" test "$(server_count forks)" = 1

HPORT=$(free_port)
XPORT=$(free_port)
printf 'a-long-shared-secret-for-tests-0123\n' >"$T/city.secret"
printf 'another-secret-the-sender-does-not-hold\n' >"$T/other.secret"
cat >"$T/warnings.json" <<EOF
{
 "format": 1,
 "rules": {
  "hazard_found": {"severities": ["stop", "major"]},
  "hazard_overdue": {"days": 20},
  "house_grade": {"grades": ["C", "D"]},
  "household_overdue": {"days": 30},
  "device_silent": {"days": 0},
  "fork": {}
 },
 "receivers": [{"name": "city", "url": "http://127.0.0.1:$HPORT/hook", "secret_file": "city.secret"},
	       {"name": "wrong", "url": "http://127.0.0.1:$XPORT/hook", "secret_file": "city.secret"}],
 "retry": {"first_seconds": 3600, "max_seconds": 7200, "attempts": 5, "lease_seconds": 60}
}
EOF
echo ok >"$T/mode"
python3 "$RECV" "$HPORT" "$T/city.secret" "$T/hook.log" "$T/mode" &
RPID=$!
fc_on_exit "kill $RPID 2>/dev/null"
python3 "$RECV" "$XPORT" "$T/other.secret" "$T/wrong.log" "$T/mode" &
XPID=$!
fc_on_exit "kill $XPID 2>/dev/null"
wait_port "$HPORT"
wait_port "$XPORT"
W() { "$FCS" --db "$DB" warnings "$@" --rules "$T/warnings.json"; }
sleep 1.1 # the device's last sync is now more than 0 days ago

expect_exit 0 "the rules run" W run
contains "  and raise six warnings" "$T/out" "6 new warnings"
expect_exit 0 "the rules run again" W run
contains "  and raise none twice" "$T/out" "0 new warnings"
"$FCS" --db "$DB" warnings list --json >"$T/list.json"
python3 - "$T/list.json" >"$T/c" 2>&1 <<'PY'
import json, sys
w = [x for x in json.load(open(sys.argv[1])) if x["receiver"] == "city"]
got = sorted((x["rule"], x["dedup"].split(":", 1)[1].split("/")[0]) for x in w)
dev = [s for r, s in got if r == "device_silent"]
want = sorted([("device_silent", dev[0] if dev else "?"), ("fork", dev[0] if dev else "?"),
               ("hazard_found", "H1"), ("hazard_overdue", "H1"),
               ("house_grade", "R1"), ("household_overdue", "H3")])
assert got == want, got
assert [x["dedup"] for x in w if x["rule"].startswith("hazard")] == \
    [x["dedup"] for x in w if x["rule"].startswith("hazard") and "/gas/G04/" in x["dedup"]], w
PY
[ $? -eq 0 ] && pass "each rule fired once: for H1's G04 (not its general G24), R1, H3, the device and its fork" ||
	fail "each rule fired once: for H1's G04 (not its general G24), R1, H3, the device and its fork" "$(cat "$T/c")"

expect_exit 0 "delivering" W deliver
contains "  six reach the receiver, six are refused by the one with another secret" \
    "$T/out" "6 delivered, 6 failed"
contains "  which answered 401" "$T/err" "HTTP 401"
expect_exit 0 "delivering again" W deliver
contains "  sends nothing twice, and retries nothing before its back-off" "$T/out" "0 delivered, 0 failed"
python3 - "$T/hook.log" "$T/wrong.log" >"$T/c" 2>&1 <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert rows and all(r["signed"] and r["status"] == 200 for r in rows), rows
ids = [r["id"] for r in rows]
assert len(ids) == 6 and len(set(ids)) == 6, ids
fields = {"hazard_found": {"household", "programme", "item", "record", "severity", "found", "deadline"},
          "hazard_overdue": {"household", "programme", "item", "record", "severity", "found", "deadline"},
          "house_grade": {"household", "programme", "grade", "record", "inspected"},
          "household_overdue": {"household", "programme", "due"},
          "device_silent": {"device", "inspector", "last_sync", "silent_days"},
          "fork": {"device", "inspector", "seq"}}
for r in rows:
    b = json.loads(r["body"])
    assert set(b) == fields[b["rule"]] | {"id", "rule", "district", "raised_at"}, b
    assert b["district"] == "D1", b
    for private in ("王芳华", "新华路", "东村", "孙丽", "赵强", "1380000000"):
        assert private not in r["body"], (private, r["body"])
    if b["rule"] == "house_grade":
        assert b["grade"] == "C", b
    if b["rule"] == "hazard_found":
        assert b["severity"] == "major" and b["item"] == "G04", b
wrong = [json.loads(l) for l in open(sys.argv[2])]
assert len(wrong) == 6 and not any(r["signed"] for r in wrong), wrong
PY
[ $? -eq 0 ] && pass "the receiver got each warning once, signed right, with its rule's fields and nothing private; the other secret verified none" ||
	fail "the receiver got each warning once, signed right, with its rule's fields and nothing private; the other secret verified none" "$(cat "$T/c")"
"$FCS" --db "$DB" warnings list --json >"$T/list.json"
python3 - "$T/list.json" >"$T/c" 2>&1 <<'PY'
import json, sys
w = json.load(open(sys.argv[1]))
city = [x["state"] for x in w if x["receiver"] == "city"]
wrong = [x for x in w if x["receiver"] == "wrong"]
assert city == ["delivered"] * 6, city
assert len(wrong) == 6 and all(x["state"] == "pending" and x["attempts"] == 1 for x in wrong), wrong
PY
[ $? -eq 0 ] && pass "list: delivered to city, waiting to be retried for the receiver that refused" ||
	fail "list: delivered to city, waiting to be retried for the receiver that refused" "$(cat "$T/c")"
stop_server
