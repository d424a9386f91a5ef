#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The server's own key and the public verification page (docs/notice.md):
# the key is made at first start and kept (GET /v1/server-key, `status`,
# the device's /v1/status); GET /verify/HASH answers, with no login, for a
# record a real device filed through `fieldcheck record` and `sync`: found,
# type, date, inspector id, district and the notice's number, and nothing
# of the record's answers or the household's resident, address or phone. A
# changed hash is not found, a malformed one is refused, and one address
# asking too often is turned away (429).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
A="$FC_ROOT/tests/data/answers"

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路17号,王芳华,13800000001,residential,
H2,D1,和平街4号,周杰伦,13900000004,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
start_server --verify-limit 1000

# The key: published, the same in status, and kept across a restart.
ok "GET /v1/server-key answers 200 without credentials" \
    sh -c "curl -s -o '$T/key.json' -w '%{http_code}' '$URL/v1/server-key' | grep -qx 200"
key=$(python3 -c 'import json,sys; k=json.load(open(sys.argv[1])); assert k["algorithm"] == "ed25519"; print(k["public_key"])' "$T/key.json")
ok "the key is an Ed25519 public key in hex" sh -c "printf '%s' '$key' | grep -Eqx '[0-9a-f]{64}'"
ok "fieldcheck-server status shows the same key" \
    sh -c "'$FCS' --db '$DB' status | grep -qx 'server_key $key'"
ok "status --json shows the same key" \
    sh -c "'$FCS' --db '$DB' status --json | grep -q '\"server_key\":\"$key\"'"
kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
start_server --verify-limit 1000
ok "the key is kept across a restart" \
    sh -c "curl -s '$URL/v1/server-key' | grep -q '\"public_key\":\"$key\"'"

# A device files a record with a major hazard and a nobody-home visit.
enrolled_device "$T/dev" ana D1
expect_exit 0 "the device pulls the registry" dsync "$T/dev"
record() {
	echo "$PIN" | FIELDCHECK_HOME="$T/dev" "$FC" record --template gas --household "$1" \
	    --answers "$A/$2.json" --pin-stdin
}
R1=$(record H1 gas-major)
R2=$(record H2 gas-nobody-home)
R3=$(record H1 gas-clean)
expect_exit 0 "the records are synced" dsync "$T/dev"
hash_of() { FIELDCHECK_HOME="$T/dev" "$FC" show "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["hash"])'; }
H_1=$(hash_of "$R1")
H_2=$(hash_of "$R2")
H_3=$(hash_of "$R3")
DAY=$(FIELDCHECK_HOME="$T/dev" "$FC" show "$R1" --json | python3 -c 'import json,sys; b=json.load(sys.stdin)["body"]; print(b["time"][:10])')
YMD=$(echo "$DAY" | tr -d -)

# check HASH FILE KIND PREFIX: the answer for HASH (saved in FILE) is a found
# record of ana in D1 on DAY with a notice of KIND numbered PREFIX-YMD-HASH8.
check() {
	python3 - "$1" "$2" "$3" "$4" "$DAY" "$YMD" <<'PY'
import json, sys
h, f, kind, prefix, day, ymd = sys.argv[1:]
v = json.load(open(f))
want = {"found", "hash", "type", "date", "inspector", "district", "notice"}
assert set(v) == want, "keys %s, wanted exactly %s" % (sorted(v), sorted(want))
assert v["found"] is True and v["hash"] == h, v
assert v["date"] == day and v["inspector"] == "ana" and v["district"] == "D1", v
if kind == "none":
    assert v["notice"] is None, v
else:
    n = v["notice"]
    assert n["kind"] == kind, v
    assert n["number"] == "%s-%s-%s" % (prefix, ymd, h[:8].upper()), v
PY
}
ok "GET /verify/ answers 200 for the hazard record, with no login" \
    sh -c "curl -s -o '$T/v1.json' -w '%{http_code}' '$URL/verify/$H_1' | grep -qx 200"
ok "it is an inspection by ana in D1 with a rectification notice ZG-day-hash" \
    check "$H_1" "$T/v1.json" rectification ZG
curl -s -o "$T/v2.json" "$URL/verify/$H_2"
ok "the nobody-home visit has a nobody-home notice BY-day-hash" \
    check "$H_2" "$T/v2.json" not_met BY
curl -s -o "$T/v3.json" "$URL/verify/$H_3"
ok "a clean inspection is found and gives no notice" check "$H_3" "$T/v3.json" none -
upper=$(echo "$H_1" | tr a-f A-F)
ok "the hash may be written in capitals" \
    sh -c "curl -s -o /dev/null -w '%{http_code}' '$URL/verify/$upper' | grep -qx 200"

# Nothing private: no answer text, household, resident, address or phone.
for r in "$R1" "$R2"; do
	FIELDCHECK_HOME="$T/dev" "$FC" show "$r" --json >"$T/show-$r.json"
done
python3 - "$T" "$R1:$T/v1.json" "$R2:$T/v2.json" >"$T/leak.out" 2>&1 <<'PY'
import json, sys
t = sys.argv[1]
private = ["王芳华", "13800000001", "新华路17号", "周杰伦", "13900000004", "和平街4号", "H1", "H2"]
for pair in sys.argv[2:]:
    rid, f = pair.split(":", 1)
    text = open(f, encoding="utf-8").read()
    body = json.load(open("%s/show-%s.json" % (t, rid)))["body"]
    words = list(private)
    for k, v in body.get("answers", {}).items():
        for x in (v if isinstance(v, list) else [v]):
            if isinstance(x, str) and len(x) >= 3:
                words.append(x)
    for h in body.get("hazards", []):
        for k in ("note", "rule"):
            if isinstance(h.get(k), str) and len(h[k]) >= 3:
                words.append(h[k])
    assert len(words) > len(private), "no answer text to look for in %s" % rid
    leaked = [w for w in words if w in text]
    assert not leaked, "%s leaks %s: %s" % (f, leaked, text)
print("checked")
PY
[ $? -eq 0 ] && pass "/verify/ leaks no answer text, household, name, address or phone" ||
	fail "/verify/ leaks no answer text, household, name, address or phone" "$(cat "$T/leak.out")"

# A changed hash is not a record; a malformed one is not a hash.
flip=$(printf '%s' "$H_1" | python3 -c 'import sys; h=sys.stdin.read(); print(h[:-1] + ("0" if h[-1] != "0" else "1"))')
ok "a changed hash answers 404" \
    sh -c "curl -s -o '$T/vx.json' -w '%{http_code}' '$URL/verify/$flip' | grep -qx 404"
contains "  saying it was not found" "$T/vx.json" '"found":false'
ok "a malformed hash answers 400" \
    sh -c "curl -s -o /dev/null -w '%{http_code}' '$URL/verify/xyz' | grep -qx 400"
ok "POST /verify/ is not a verification" \
    sh -c "curl -s -o /dev/null -w '%{http_code}' -X POST '$URL/verify/$H_1' | grep -qvx 200"

# Rate-limited per address: a second server on the same store allows 3 a minute.
FIRST_PID=$SERVER_PID
FIRST_URL=$URL
start_server --verify-limit 3
codes=""
for i in 1 2 3 4 5; do
	codes="$codes $(curl -s -o "$T/rl.json" -w '%{http_code}' "$URL/verify/$H_1")"
done
ok "with --verify-limit 3, three asks pass and the next are refused 429 ($codes)" \
    test "$codes" = " 200 200 200 429 429"
contains "  saying when to try again" "$T/rl.json" '"retry_after":'
ok "the device routes are not limited by it" \
    sh -c "curl -s -o /dev/null -w '%{http_code}' '$URL/healthz' | grep -qx 200"
kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
SERVER_PID=$FIRST_PID
URL=$FIRST_URL
stop_server
