#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A follow-up's new deadline is a day still to come when the follow-up is
# made (docs/ledger.md): one before it made the hazard overdue the moment it
# was signed. The TUI's deadline field refused such a day; the command line's
# answers file and `record --batch` took it and signed it. The rule is now
# core's (fc_followup_check_deadlines()), for every front end, measured from
# the follow-up's own day: a batch line made on paper in March may give an
# April deadline. Refused before the PIN, naming the item, nothing stored.
. "$(dirname "$0")/../lib.sh"
A="$FC_ROOT/tests/data/answers"

expect_exit 0 "init" sh -c "echo 258036 | '$FC' init --inspector I1 --name 张三 --kdf 1:8 --pin-stdin"
printf 'id,district,address,resident,phone,kind,last_check\nH1,d1,新华路1号,王五,,residential,\nH2,d1,新华路2号,赵六,,residential,\n' >"$T/h.csv"
expect_exit 0 "households import" "$FC" households import "$T/h.csv"
sed "s|\"stove.jpg\"|\"$A/stove.jpg\"|" "$A/gas-major.json" >"$T/major.json"
expect_exit 0 "an inspection with hazards" sh -c \
	"echo 258036 | '$FC' record --template gas --household H1 --answers '$T/major.json' --pin-stdin"
insp=$(cat "$T/out")
records() { "$FC" list --json | grep -c '"id"'; }
before=$(records)

printf '{"results": {"G04": {"result": "not_rectified", "deadline": "2020-01-31"}}}\n' >"$T/past.json"
expect_exit 1 "a not_rectified result with a deadline in 2020 is refused" \
	"$FC" record --follows "$insp" --answers "$T/past.json"
contains "  naming the item and the deadline" "$T/err" "G04: the new deadline 2020-01-31 is before the follow-up's day ($(date +%Y-%m-%d)"
[ "$(records)" -eq "$before" ] && pass "  nothing was stored" || fail "  nothing was stored" "$(records) records, $before before"
expect_exit 1 "in Chinese too" env LANGUAGE=zh_CN "$FC" record --follows "$insp" --answers "$T/past.json"
contains "  the Chinese refusal names the item and the deadline" "$T/err" "G04：新的期限 2020-01-31 早于复查当日"

printf '{"results": {"G04": {"result": "not_rectified", "deadline": "2099-01-31"}}}\n' >"$T/later.json"
expect_exit 0 "a deadline to come is taken" sh -c \
	"echo 258036 | '$FC' record --follows '$insp' --answers '$T/later.json' --pin-stdin"
expect_exit 0 "  show it" "$FC" show "$(cat "$T/out")" --json
contains "  signed with its deadline" "$T/out" '"deadline": "2099-01-31"'

# record --batch: the follow-up's day is its line's time, not today.
python3 - "$A" "$T/b.jsonl" "$T/bad.jsonl" <<'PY'
import json, sys
a = sys.argv[1]
insp = {"template": "gas", "household": "H2", "answers": json.load(open(f"{a}/gas-major.json")),
        "time": "2026-03-02T09:30:00+08:00"}
good = {"follows": "@1", "time": "2026-03-20T15:00:00+08:00",
        "results": {"G04": {"result": "not_rectified", "deadline": "2026-04-20"}}}
bad = {"follows": "@1", "time": "2026-03-20T15:00:00+08:00",
       "results": {"G04": {"result": "not_rectified", "deadline": "2026-03-19"}}}
for path, lines in ((sys.argv[2], [insp, good]), (sys.argv[3], [insp, bad])):
    with open(path, "w") as f:
        for l in lines:
            f.write(json.dumps(l, ensure_ascii=False) + "\n")
PY
cp "$A/stove.jpg" "$T/" 2>/dev/null
before=$(records)
expect_exit 1 "a batch follow-up whose deadline is before its own day is refused" \
	sh -c "echo 258036 | '$FC' record --batch '$T/bad.jsonl' --pin-stdin"
contains "  naming the item, the deadline and the day" "$T/err" "G04: the new deadline 2026-03-19 is before the follow-up's day (2026-03-20)"
[ "$(records)" -eq "$before" ] && pass "  nothing of the batch was stored" || fail "  nothing of the batch was stored"
expect_exit 0 "a batch follow-up made in March with an April deadline is taken" \
	sh -c "echo 258036 | '$FC' record --batch '$T/b.jsonl' --pin-stdin"
f=$(sed -n 2p "$T/out")
expect_exit 0 "  show it" "$FC" show "$f" --json
contains "  signed with its deadline" "$T/out" '"deadline": "2026-04-20"'
