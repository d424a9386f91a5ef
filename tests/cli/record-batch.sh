#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `fieldcheck record --batch FILE.jsonl`: many records after one PIN (the PIN
# is read once from standard input), each line as the options would give it,
# "@N" naming an earlier line's record, "time" kept as the visit's time;
# photos are found beside the batch file. A bad line stops the batch naming
# its line, and nothing of the batch is stored (the file, corrected, can run
# again without making a record twice): neither a line before it nor after.
# A time that is no real time or ahead of the clock is such a bad line.
. "$(dirname "$0")/../lib.sh"
A="$FC_ROOT/tests/data/answers"

echo 258036 | "$FC" init --inspector I1 --name 张三 --kdf 1:8 --pin-stdin >/dev/null
cat >"$T/h.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,d1,新华路1号,王五,13800000000,residential,
H2,d1,新华路2号,赵六,,residential,
R1,d1,李家村3号,钱七,,rural,
CSV
"$FC" households import "$T/h.csv" >/dev/null
mkdir "$T/b"
cp "$A/stove.jpg" "$T/b/" 2>/dev/null
python3 - "$A" "$T/b/year.jsonl" <<'PY'
import json, sys
a = sys.argv[1]
load = lambda n: json.load(open(f"{a}/{n}.json"))
lines = [
    {"template": "gas", "household": "H1", "answers": load("gas-major"), "time": "2026-03-02T09:30:00+08:00"},
    {"template": "gas", "household": "H2", "answers": load("gas-nobody-home"), "time": "2026-03-02T10:10:00+08:00"},
    {"follows": "@1", "outcome": "rectified", "time": "2026-03-20T15:00:00+08:00"},
    {"template": "rural", "household": "R1", "answers": load("rural-c"), "time": "2026-04-01T11:00:00+08:00"},
    {"corrects": "@2", "answers": load("gas-clean"), "time": "2026-04-02T09:00:00+08:00"},
]
with open(sys.argv[2], "w") as f:
    for l in lines:
        f.write(json.dumps(l, ensure_ascii=False) + "\n")
PY
expect_exit 0 "a batch of five lines is recorded with one PIN" \
    sh -c "echo 258036 | '$FC' record --batch '$T/b/year.jsonl' --pin-stdin"
ok "  five ids are printed, one per line, in order" sh -c "test \$(grep -c . '$T/out') = 5"
R1=$(sed -n 1p "$T/out")
R3=$(sed -n 3p "$T/out")
R5=$(sed -n 5p "$T/out")
"$FC" show "$R1" --json >"$T/r1.json"
contains "the record keeps the visit's time" "$T/r1.json" "2026-03-02T09:30:00+08:00"
"$FC" show "$R3" --json >"$T/r3.json"
contains "@1 named the first line's record" "$T/r3.json" "\"follows\": \"$R1\""
"$FC" show "$R5" --json >"$T/r5.json"
contains "a correction of @2 names the second line's record" "$T/r5.json" "$(sed -n 2p "$T/out")"
"$FC" show "$(sed -n 4p "$T/out")" >"$T/r4.txt"
contains "the rural appraisal is graded C" "$T/r4.txt" "C"
expect_exit 0 "the chain of all five verifies" "$FC" verify

printf '%s\n' '{"template": "gas", "household": "H1", "answers": {"G00": "nobody_home", "G80": "no", "G83": "no", "G88": 2}}' \
    '{"template": "gas", "household": "H9", "answers": {"G00": "nobody_home"}}' \
    '{"template": "gas", "household": "H2", "answers": {"G00": "nobody_home", "G80": "no", "G83": "no", "G88": 2}}' >"$T/b/bad.jsonl"
expect_exit 1 "a batch with a bad line fails" sh -c "echo 258036 | '$FC' record --batch '$T/b/bad.jsonl' --pin-stdin"
contains "  naming the line" "$T/err" "bad.jsonl:2"
contains "  and saying nothing of the batch was stored" "$T/err" "nothing of the batch was stored"
ok "  the line before it was not kept either" sh -c "test \$('$FC' list --json | grep -c '\"seq\"') = 5"
ok "  and no id was printed" sh -c "test ! -s '$T/out'"

# Times: a line dated tomorrow (ahead of the clock) or at no real time stops the batch.
future=$(python3 -c 'import datetime; print((datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S+00:00"))')
soon=$(python3 -c 'import datetime; print((datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=60)).strftime("%Y-%m-%dT%H:%M:%S+00:00"))')
line() { printf '{"template": "gas", "household": "%s", "time": "%s", "answers": {"G00": "nobody_home", "G80": "no", "G83": "no", "G88": 2}}\n' "$1" "$2"; }
{ line H1 "2026-03-03T09:00:00+08:00"; line H2 "$future"; } >"$T/b/future.jsonl"
expect_exit 2 "a batch with a line dated tomorrow is refused" sh -c "echo 258036 | '$FC' record --batch '$T/b/future.jsonl' --pin-stdin"
contains "  naming the line" "$T/err" "future.jsonl:2"
contains "  and saying the time is in the future" "$T/err" "in the future"
ok "  nothing of it was stored" sh -c "test \$('$FC' list --json | grep -c '\"seq\"') = 5"
{ line H1 "2026-02-30T09:00:00+08:00"; } >"$T/b/feb30.jsonl"
expect_exit 2 "a time on 30 February is refused" sh -c "echo 258036 | '$FC' record --batch '$T/b/feb30.jsonl' --pin-stdin"
contains "  as no real time" "$T/err" "not a real time"
{ line H1 "2026-03-03T25:00:00+08:00"; } >"$T/b/hour25.jsonl"
expect_exit 2 "a time at 25 o'clock is refused" sh -c "echo 258036 | '$FC' record --batch '$T/b/hour25.jsonl' --pin-stdin"
printf '%s\n' '{"template": "gas", "household": "H1", "time": 20260303, "answers": {"G00": "nobody_home", "G80": "no", "G83": "no", "G88": 2}}' >"$T/b/numtime.jsonl"
expect_exit 2 "a time that is not a string is refused, not taken as now" sh -c "echo 258036 | '$FC' record --batch '$T/b/numtime.jsonl' --pin-stdin"
{ line H1 "$soon"; } >"$T/b/soon.jsonl"
expect_exit 0 "a time a minute ahead (within the clock window) is taken" sh -c "echo 258036 | '$FC' record --batch '$T/b/soon.jsonl' --pin-stdin"
ok "  and stored" sh -c "test \$('$FC' list --json | grep -c '\"seq\"') = 6"
printf '%s\n' '{"follows": "@4", "outcome": "rectified"}' >"$T/b/ref.jsonl"
expect_exit 2 "@N naming no earlier line is refused" sh -c "echo 258036 | '$FC' record --batch '$T/b/ref.jsonl' --pin-stdin"
contains "  saying so" "$T/err" "@4 names no earlier line"
expect_exit 2 "--batch with other record options is refused" "$FC" record --batch "$T/b/ref.jsonl" --household H1
# Saved by a Windows editor: a byte-order mark before the first line of a
# batch and of an answers file is not part of them (core/textfile.c).
{ printf '\357\273\277'; line H2 "2026-03-04T09:00:00+08:00"; } >"$T/b/bom.jsonl"
expect_exit 0 "a batch beginning with a byte-order mark is recorded" sh -c "echo 258036 | '$FC' record --batch '$T/b/bom.jsonl' --pin-stdin"
ok "  and stored" sh -c "test \$('$FC' list --json | grep -c '\"seq\"') = 7"
{ printf '\357\273\277'; cat "$A/gas-nobody-home.json"; } >"$T/b/bom-answers.json"
expect_exit 0 "an answers file beginning with a byte-order mark is recorded" sh -c "echo 258036 | '$FC' record --template gas --household H1 --answers '$T/b/bom-answers.json' --pin-stdin"
ok "  and stored" sh -c "test \$('$FC' list --json | grep -c '\"seq\"') = 8"
# Ages are counted to the visit, not to the day the form is typed: a meter
# installed in 2015 is 10 years old at a 2025 visit (not over gas.md's 10),
# one installed in 2014 is 11 and raises G12.
meter() {
	python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); a["G12"]=int(sys.argv[2])
print(json.dumps({"template": "gas", "household": "H1", "answers": a, "time": "2025-06-02T09:30:00+08:00"}, ensure_ascii=False))' "$A/gas-clean.json" "$1"
}
meter 2015 >"$T/b/meter10.jsonl"
expect_exit 0 "a 2015 meter at a 2025 visit raises nothing" sh -c "echo 258036 | '$FC' record --batch '$T/b/meter10.jsonl' --pin-stdin"
meter 2014 >"$T/b/meter11.jsonl"
expect_exit 1 "a 2014 meter at a 2025 visit is over 10 years (the notice is then required)" sh -c "echo 258036 | '$FC' record --batch '$T/b/meter11.jsonl' --pin-stdin"
contains "  naming G12" "$T/err" "(hazards: G12)"
expect_exit 0 "verify still passes" "$FC" verify

# An empty or blank file is most likely the wrong file: refused, not an empty success.
: >"$T/empty.jsonl"
printf '\n  \n\n' >"$T/blank.jsonl"
for f in empty blank; do
	expect_exit 1 "a batch file that is $f is refused" \
	    sh -c "echo 258036 | '$FC' record --batch '$T/$f.jsonl' --pin-stdin"
	contains "  saying it holds no record" "$T/err" "the file holds no record"
done

# A NUL byte ends the text jansson reads of a line: what follows it was
# ignored unseen and the line recorded. Now the line is refused, by number,
# with the good line before it, and nothing is stored.
before=$("$FC" list --json | grep -c '"seq"')
python3 - "$A" "$T/nul.jsonl" <<'PY'
import json, sys
a = json.load(open(f"{sys.argv[1]}/gas-clean.json"))
line = json.dumps({"template": "gas", "household": "H1", "answers": a}, ensure_ascii=False).encode()
open(sys.argv[2], "wb").write(line + b"\n" + line + b"\x00 not JSON }}}\n")
PY
expect_exit 1 "a batch line holding a NUL byte is refused" \
    sh -c "echo 258036 | '$FC' record --batch '$T/nul.jsonl' --pin-stdin"
contains "  naming its line" "$T/err" "nul.jsonl:2: the line holds a NUL byte"
ok "  and nothing of the batch is stored" sh -c "test \$('$FC' list --json | grep -c '\"seq\"') = $before"
