#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Warnings to the city's platform (docs/warnings.md), end to end with real
# parts: a device files a major gas hazard and a rural house graded C; the
# rules raise one warning each (and one for the device gone silent), once
# however often they run; delivery to a receiver on 127.0.0.1 that is down
# fails and is retried, then a receiver answering 500 is retried again with
# back-off, then each warning arrives signed with HMAC-SHA-256 that the
# receiver checks, and is marked delivered; nothing is sent twice after that.
# A deliverer killed while the receiver holds the request loses nothing: the
# next run after the lease delivers it, under the same warning id the
# receiver deduplicates on. redeliver sends one again on request.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
A="$FC_ROOT/tests/data/answers"
RECV="$FC_ROOT/tests/sync/webhook-receiver.py"

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路17号,王芳华,13800000001,residential,
H2,D1,新华路19号,李明,13800000002,residential,
R1,D1,东村3组,赵强,13800000003,rural,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
start_server
enrolled_device "$T/dev" ana D1
export FIELDCHECK_HOME="$T/dev"
dsync "$T/dev" >/dev/null
echo "$PIN" | "$FC" record --template gas --household H1 --answers "$A/gas-major.json" --pin-stdin >/dev/null
echo "$PIN" | "$FC" record --template rural --household R1 --answers "$A/rural-c.json" --pin-stdin >/dev/null
dsync "$T/dev" >/dev/null

HPORT=$(free_port)
printf 'a-long-shared-secret-for-tests-0123\n' >"$T/city.secret"
cat >"$T/warnings.json" <<EOF
{
 "format": 1,
 "rules": {
  "hazard_found": {"severities": ["stop", "major"]},
  "house_grade": {"grades": ["C", "D"]},
  "device_silent": {"days": 0},
  "household_overdue": {"days": 30},
  "fork": {}
 },
 "receivers": [{"name": "city", "url": "http://127.0.0.1:$HPORT/hook", "secret_file": "city.secret"}],
 "retry": {"first_seconds": 1, "max_seconds": 2, "attempts": 5, "lease_seconds": 2}
}
EOF
W() { "$FCS" --db "$DB" warnings "$@" --rules "$T/warnings.json"; }
sleep 1.1 # the device's last sync is now more than 0 days ago: silent by that rule

expect_exit 0 "the rules raise the warnings" W run
contains "  one hazard found, one house graded C, one silent device" "$T/out" "3 new warnings"
expect_exit 0 "running them again" W run
contains "  raises nothing twice" "$T/out" "0 new warnings"
"$FCS" --db "$DB" warnings list --json >"$T/list.json"
python3 - "$T/list.json" >"$T/c" 2>&1 <<'PY'
import json, sys
w = json.load(open(sys.argv[1]))
rules = sorted(x["rule"] for x in w)
assert rules == ["device_silent", "hazard_found", "house_grade"], rules
assert all(x["state"] == "pending" and x["receiver"] == "city" for x in w), w
PY
[ $? -eq 0 ] && pass "each rule fired once, with a pending delivery to the receiver" ||
	fail "each rule fired once, with a pending delivery to the receiver" "$(cat "$T/c")"

expect_exit 0 "delivering while the receiver is down" W deliver
contains "  fails all three, to be retried" "$T/out" "0 delivered, 3 failed"
"$FCS" --db "$DB" warnings list --state pending --json >"$T/pending.json"
contains "  the reason is kept" "$T/pending.json" "\"attempts\":1"

echo fail >"$T/mode"
python3 "$RECV" "$HPORT" "$T/city.secret" "$T/hook.log" "$T/mode" &
RPID=$!
fc_on_exit "kill $RPID 2>/dev/null"
wait_port "$HPORT"
sleep 1.1
# This failure waits a minute (rules of a longer back-off), so the next run
# finds it waiting however slowly the machine runs; the minute is then
# passed by moving the deliveries' next time back, not by sleeping.
sed 's/"first_seconds": 1, "max_seconds": 2/"first_seconds": 60, "max_seconds": 60/' \
    "$T/warnings.json" >"$T/warnings-slow.json"
expect_exit 0 "a receiver answering 500" \
    "$FCS" --db "$DB" warnings deliver --rules "$T/warnings-slow.json"
contains "  fails again" "$T/out" "0 delivered, 3 failed"
contains "  saying why" "$T/err" "HTTP 500"
expect_exit 0 "before the back-off has passed" W deliver
contains "  nothing is tried" "$T/out" "0 delivered, 0 failed"
echo ok >"$T/mode"
past="UPDATE deliveries SET next_at = next_at - 120 WHERE state = 'pending'"
if [ "${FC_TEST_DB:-sqlite}" = pg ]; then pg_sql "$past"; else sqlite3 "$DB" "$past"; fi
expect_exit 0 "after the back-off, a receiver answering 200" W deliver
contains "  gets all three" "$T/out" "3 delivered, 0 failed"
expect_exit 0 "another delivery run" W deliver
contains "  sends nothing twice" "$T/out" "0 delivered, 0 failed"
python3 - "$T/hook.log" >"$T/c" 2>&1 <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert rows and all(r["signed"] for r in rows), "a request whose HMAC did not verify"
ok = [r["id"] for r in rows if r["status"] == 200]
assert len(ok) == 3 and len(set(ok)) == 3, ok
for r in rows:
    b = json.loads(r["body"])
    assert b["district"] == "D1" and b["rule"] in ("hazard_found", "house_grade", "device_silent"), b
    assert "王芳华" not in r["body"] and "13800000001" not in r["body"], "private data in a warning"
PY
[ $? -eq 0 ] && pass "every request was signed right; each warning was accepted exactly once; no names or phones" ||
	fail "every request was signed right; each warning was accepted exactly once; no names or phones" "$(cat "$T/c")"
"$FCS" --db "$DB" warnings list >"$T/table"
contains "list shows the deliveries as delivered" "$T/table" "delivered"
LANGUAGE=zh_CN "$FCS" --db "$DB" warnings list >"$T/table"
contains "  and in Chinese, its state" "$T/table" "已送达"
contains "  and its rule" "$T/table" "发现隐患"

# A deliverer killed while the receiver holds the request.
echo "$PIN" | "$FC" record --template gas --household H2 --answers "$A/gas-major.json" --pin-stdin >/dev/null
dsync "$T/dev" >/dev/null
# From here a device is silent after 30 days: the sync just made is no new silence.
sed -i 's/"days": 0/"days": 30/' "$T/warnings.json"
expect_exit 0 "a new major hazard raises a new warning" W run
contains "  only that one" "$T/out" "1 new warnings"
echo stall >"$T/mode"
"$FCS" --db "$DB" warnings deliver --rules "$T/warnings.json" >/dev/null 2>&1 &
DPID=$!
i=0
while [ $i -lt 50 ] && ! grep -q '"mode": "stall"' "$T/hook.log"; do sleep 0.1; i=$((i + 1)); done
kill -9 $DPID 2>/dev/null
wait $DPID 2>/dev/null
echo ok >"$T/mode"
expect_exit 0 "right after the kill" W deliver
contains "  the claimed delivery is left to its lease" "$T/out" "0 delivered"
sleep 2.1
expect_exit 0 "after the lease" W deliver
contains "  the warning is delivered" "$T/out" "1 delivered, 0 failed"
python3 - "$T/hook.log" >"$T/c" 2>&1 <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
stalled = [r["id"] for r in rows if r["mode"] == "stall"]
assert len(stalled) == 1, stalled
again = [r["id"] for r in rows if r["mode"] == "ok" and r["id"] == stalled[0]]
assert len(again) == 1, again
PY
[ $? -eq 0 ] && pass "  under the same warning id the receiver already saw, so it can drop the copy" ||
	fail "  under the same warning id the receiver already saw, so it can drop the copy" "$(cat "$T/c")"

ID=$("$FCS" --db "$DB" warnings list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
expect_exit 0 "redeliver sends a delivered warning again on request" "$FCS" --db "$DB" warnings redeliver "$ID"
expect_exit 0 "  at the next delivery run" W deliver
contains "  once" "$T/out" "1 delivered, 0 failed"
expect_exit 1 "redeliver of an unknown warning is refused" "$FCS" --db "$DB" warnings redeliver 99999
contains "  naming it" "$T/err" "warning 99999 has no delivery"
# A slow receiver outlasting a claim: once the lease is over another deliverer
# may claim the same rows, so no send outlives its lease. Two warnings are
# claimed together and the first stalls; the lease is then made over (moved
# back through the store) and a second deliverer sends both. The first one
# must give up with its lease instead of sending the second one again.
"$FCS" --db "$DB" warnings list --json >"$T/all.json"
set -- $(python3 -c 'import json,sys; print(" ".join(str(w["id"]) for w in json.load(open(sys.argv[1]))[:2]))' "$T/all.json")
"$FCS" --db "$DB" warnings redeliver "$1" >/dev/null
"$FCS" --db "$DB" warnings redeliver "$2" >/dev/null
seen=$(wc -l <"$T/hook.log")
echo stall >"$T/mode"
"$FCS" --db "$DB" warnings deliver --rules "$T/warnings.json" >"$T/slow.out" 2>&1 &
DPID=$!
i=0
while [ $i -lt 50 ] && ! tail -n +$((seen + 1)) "$T/hook.log" | grep -q '"mode": "stall"'; do
	sleep 0.1
	i=$((i + 1))
done
echo ok >"$T/mode"
if [ "${FC_TEST_DB:-sqlite}" = pg ]; then pg_sql "$past"; else sqlite3 "$DB" "$past"; fi
expect_exit 0 "a second deliverer once the first one's lease is over" W deliver
contains "  sends both" "$T/out" "2 delivered"
wait $DPID
tail -n +$((seen + 1)) "$T/hook.log" >"$T/slow.log"
python3 - "$T/slow.log" >"$T/c" 2>&1 <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
stalled = [r["id"] for r in rows if r["mode"] == "stall"]
assert len(stalled) == 1, rows
other = [r["id"] for r in rows if r["id"] != stalled[0]]
assert len(other) == 1, other
PY
[ $? -eq 0 ] && pass "  and the first, its lease over, does not send the other one again" ||
	fail "  and the first, its lease over, does not send the other one again" "$(cat "$T/c")"
"$FCS" --db "$DB" warnings list --json >"$T/after.json"
ok "  nor does its late failure undo the second one's delivery of the stalled one" \
    python3 -c '
import json, sys
w = {str(x["id"]): x["state"] for x in json.load(open(sys.argv[1]))}
assert w[sys.argv[2]] == "delivered" and w[sys.argv[3]] == "delivered", w' "$T/after.json" "$1" "$2"

# A one-second lease claimed late in its second (the store counts whole
# seconds) still sends the first delivery of its batch: otherwise such a
# deliverer could leave it unsent at every run.
sed 's/"lease_seconds": 2/"lease_seconds": 1/' "$T/warnings.json" >"$T/warnings-1s.json"
"$FCS" --db "$DB" warnings redeliver "$1" >/dev/null
echo ok >"$T/mode"
expect_exit 0 "a deliverer with a one-second lease, late in its second" python3 -c '
import os, sys, time
time.sleep((0.55 - time.time() % 1) % 1)
os.execv(sys.argv[1], sys.argv[1:])' "$FCS" --db "$DB" warnings deliver --rules "$T/warnings-1s.json"
contains "  sends it" "$T/out" "1 delivered"

sed 's/"rules"/"rulez"/' "$T/warnings.json" >"$T/bad.json"
expect_exit 1 "a rules file with a mistake is refused" "$FCS" --db "$DB" warnings run --rules "$T/bad.json"
contains "  saying what is wrong" "$T/err" "\"rules\" must be an object"
# A severity or grade no checklist gives would be a rule silently off for it.
python3 - "$T/warnings.json" "$T/majr.json" "$T/grade-e.json" "$T/custom.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
def save(path, rule, value):
    c = json.loads(json.dumps(r)); c["rules"][rule] = value; json.dump(c, open(path, "w"))
save(sys.argv[2], "hazard_found", {"severities": ["stop", "majr"]})
save(sys.argv[3], "house_grade", {"grades": ["C", "E"]})
save(sys.argv[4], "hazard_found", {"severities": ["urgent"]})
PY
expect_exit 1 "a misspelt severity is refused" "$FCS" --db "$DB" warnings run --rules "$T/majr.json"
contains "  naming it and the checklists' own" "$T/err" "rules.hazard_found.severities[1] 'majr' is no checklist's severity (they are: stop, major"
expect_exit 1 "a grade the appraisal never gives is refused" "$FCS" --db "$DB" warnings run --rules "$T/grade-e.json"
contains "  naming it" "$T/err" "rules.house_grade.grades[1] 'E' is no grade (A, B, C or D)"
expect_exit 1 "a severity only a checklist not yet added names is refused" "$FCS" --db "$DB" warnings run --rules "$T/custom.json"
expect_exit 0 "  (the manhole checklist is added)" "$FCS" --db "$DB" templates add "$FC_ROOT/tests/data/checklists/manhole.json"
expect_exit 0 "  and taken once the server holds a checklist naming it" "$FCS" --db "$DB" warnings run --rules "$T/custom.json"
stop_server
expect_exit 1 "serve does not start on a rules file with a mistake" \
    "$FCS" --db "$DB" serve --listen "127.0.0.1:$(free_port)" --warnings "$T/bad.json"
expect_exit 1 "  nor on one naming a severity no checklist gives" \
    "$FCS" --db "$DB" serve --listen "127.0.0.1:$(free_port)" --warnings "$T/majr.json"
contains "  saying which" "$T/err" "'majr' is no checklist's severity"

# The server itself raises and sends them (serve --warnings), and its outbox survives a kill.
# until_log TEXT: wait (at most ~30 s) until the receiver's log holds TEXT.
until_log() {
	i=0
	while [ $i -lt 300 ] && ! grep -qF -- "$1" "$T/hook.log"; do sleep 0.1; i=$((i + 1)); done
	grep -qF -- "$1" "$T/hook.log"
}
start_server --warnings "$T/warnings.json" --warnings-every 1
echo ok >"$T/mode"
cat >>"$T/hh.csv" <<'CSV'
H3,D1,新华路21号,孙丽,13800000005,residential,
H4,D1,新华路23号,钱进,13800000006,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
dsync "$T/dev" --server "$URL" >/dev/null
echo "$PIN" | "$FC" record --template gas --household H3 --answers "$A/gas-major.json" --pin-stdin >/dev/null
dsync "$T/dev" --server "$URL" >/dev/null
ok "serve --warnings raises a new major hazard's warning and delivers it by itself" \
    until_log "hazard_found:H3/gas/G04"
kill "$RPID" 2>/dev/null
wait "$RPID" 2>/dev/null
echo "$PIN" | "$FC" record --template gas --household H4 --answers "$A/gas-major.json" --pin-stdin >/dev/null
dsync "$T/dev" --server "$URL" >/dev/null
i=0
while [ $i -lt 300 ] && ! "$FCS" --db "$DB" warnings list --state pending --json | grep -q 'H4/gas/G04'; do
	sleep 0.1
	i=$((i + 1))
done
ok "with the receiver down, the warning waits in the outbox" \
    sh -c "'$FCS' --db '$DB' warnings list --state pending --json | grep -q 'H4/gas/G04'"
# The failed attempt is in serve's log, for the journal at priority warning.
i=0
while [ $i -lt 300 ] && ! grep -q 'warning [0-9]* to city: ' "$T/server.log"; do
	sleep 0.1
	i=$((i + 1))
done
ok "  serve logs the failed delivery at priority warning (<4>)" \
    grep -q '^<4>fieldcheck-server: warning [0-9]* to city: ' "$T/server.log"
kill -9 "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
python3 "$RECV" "$HPORT" "$T/city.secret" "$T/hook.log" "$T/mode" &
RPID=$!
fc_on_exit "kill $RPID 2>/dev/null"
wait_port "$HPORT"
start_server --warnings "$T/warnings.json" --warnings-every 1
ok "after the server was killed and started again, the warning is delivered" \
    until_log "hazard_found:H4/gas/G04"
i=0
while [ $i -lt 100 ] && ! "$FCS" --db "$DB" warnings list --state delivered --json | grep -q 'H4/gas/G04'; do
	sleep 0.1
	i=$((i + 1))
done
python3 - "$T/hook.log" >"$T/c" 2>&1 <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
got = [r for r in rows if r["id"].startswith("hazard_found:H4/") and r["status"] == 200]
assert len(got) == 1 and got[0]["signed"], got
PY
[ $? -eq 0 ] && pass "  exactly once, signed" || fail "  exactly once, signed" "$(cat "$T/c")"
stop_server
ok "every line serve wrote, its warnings' included, starts with a priority prefix" \
    sh -c "! grep -v '^<[0-7]>' '$T/server.log'"

# A server stopping while a slow receiver holds a delivery sends no other
# after it, however many it claimed: systemd would kill it at its stop
# time-out. The rest are sent after their lease by the next deliverer.
sed 's/"lease_seconds": 2/"lease_seconds": 60/' "$T/warnings.json" >"$T/warnings-long.json"
"$FCS" --db "$DB" warnings list --json >"$T/all.json"
set -- $(python3 -c 'import json,sys; print(" ".join(str(w["id"]) for w in json.load(open(sys.argv[1]))[:2]))' "$T/all.json")
"$FCS" --db "$DB" warnings redeliver "$1" >/dev/null
"$FCS" --db "$DB" warnings redeliver "$2" >/dev/null
seen=$(wc -l <"$T/hook.log")
echo slow >"$T/mode"
start_server --warnings "$T/warnings-long.json" --warnings-every 1
i=0
while [ $i -lt 100 ] && ! tail -n +$((seen + 1)) "$T/hook.log" | grep -q '"mode": "slow"'; do
	sleep 0.1
	i=$((i + 1))
done
stop_server
n=$(tail -n +$((seen + 1)) "$T/hook.log" | wc -l)
ok "a server stopped while a receiver stalls sends nothing after the delivery in flight" test "$n" -eq 1

# No rules file where the settings or --rules say: the file and what to do, not a line -1.
expect_exit 1 "warnings run without its rules file fails" \
    "$FCS" --db "$DB" warnings run --rules "$T/no-such-rules.json"
contains "  naming the file and why" "$T/err" \
    "warnings: unable to open $T/no-such-rules.json: No such file or directory"
