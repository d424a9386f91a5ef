#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `fieldcheck record --notes FILE`: the inspector's notes on items, given
# beside the answers, are signed into the record's "notes" as the TUI's
# notes are (the same app/sign.c path): show lists them and verify passes.
# A note on an item the checklist lacks, a note that is not text, or a notes
# file that is not an object is refused, naming it, and nothing is stored;
# --notes with --follows is bad usage (a result carries its own note). A
# --batch line takes "notes" too.
. "$(dirname "$0")/../lib.sh"
A="$FC_ROOT/tests/data/answers"

expect_exit 0 "init" sh -c "echo 258036 | '$FC' init --inspector I1 --name 张三 --kdf 1:8 --pin-stdin"
cat >"$T/h.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,d1,新华路1号,王五,13800000000,residential,
H2,d1,新华路2号,赵六,,residential,
CSV
expect_exit 0 "households import" "$FC" households import "$T/h.csv"
expect_exit 0 "record --help names --notes" "$FC" record --help
contains "the usage has --notes FILE" "$T/out" "--notes FILE"

printf '{"G30": "灶具无熄火保护，住户称下月更换", "G02": ""}\n' >"$T/notes.json"
expect_exit 0 "an inspection with --notes is recorded" sh -c \
    "echo 258036 | '$FC' record --template gas --household H1 --answers '$A/gas-major.json' --notes '$T/notes.json' --pin-stdin"
id=$(cat "$T/out")
expect_exit 0 "show --json" "$FC" show "$id" --json
if python3 - "$T/out" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
def find(o):
    if isinstance(o, dict):
        if "notes" in o and isinstance(o["notes"], dict):
            return o["notes"]
        for v in o.values():
            r = find(v)
            if r is not None:
                return r
    return None
n = find(doc)
sys.exit(0 if n == {"G30": "灶具无熄火保护，住户称下月更换"} else 1)
PY
then pass "the signed body's notes hold the note (the empty one is no note)"
else fail "the signed body's notes hold the note (the empty one is no note)" "$(cat "$T/out")"; fi
expect_exit 0 "show lists the record" "$FC" show "$id"
contains "show prints the note" "$T/out" "灶具无熄火保护，住户称下月更换"
expect_exit 0 "verify passes" "$FC" verify

count() { "$FC" list --json | grep -c '"seq"'; }
before=$(count)
printf '{"G99": "no such item"}\n' >"$T/bad-item.json"
expect_exit 1 "a note on an item the checklist lacks is refused" sh -c \
    "echo 258036 | '$FC' record --template gas --household H2 --answers '$A/gas-clean.json' --notes '$T/bad-item.json' --pin-stdin"
contains "naming the item" "$T/err" "G99: a note on an item the checklist lacks"
printf '{"G30": 5}\n' >"$T/bad-type.json"
expect_exit 1 "a note that is not text is refused" sh -c \
    "echo 258036 | '$FC' record --template gas --household H2 --answers '$A/gas-clean.json' --notes '$T/bad-type.json' --pin-stdin"
contains "naming the item" "$T/err" "G30: a note must be text"
printf '["G30"]\n' >"$T/bad-shape.json"
expect_exit 1 "a notes file that is not an object is refused" sh -c \
    "echo 258036 | '$FC' record --template gas --household H2 --answers '$A/gas-clean.json' --notes '$T/bad-shape.json' --pin-stdin"
contains "saying what it must hold" "$T/err" "must hold a JSON object from item id to note"
[ "$(count)" = "$before" ] && pass "nothing was stored by the refusals" ||
    fail "nothing was stored by the refusals" "$before then $(count)"
expect_exit 2 "--notes with --follows is bad usage" \
    "$FC" record --follows "$id" --outcome rectified --notes "$T/notes.json"

# --batch: a line's "notes".
python3 - "$A/gas-clean.json" >"$T/batch.jsonl" <<'PY'
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))
print(json.dumps({"template": "gas", "household": "H2", "answers": a,
                  "notes": {"G02": "表后阀锈蚀，已提醒"}}, ensure_ascii=False))
PY
expect_exit 0 "a batch line with notes is recorded" sh -c \
    "echo 258036 | '$FC' record --batch '$T/batch.jsonl' --pin-stdin"
bid=$(tail -n 1 "$T/out")
expect_exit 0 "show the batch record" "$FC" show "$bid"
contains "its note is signed" "$T/out" "表后阀锈蚀，已提醒"
