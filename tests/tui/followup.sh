#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The TUI's follow-up asks hazard by hazard (docs/ledger.md): y rectified, n
# not rectified, s leaves it out; the signed follow-up holds one result per
# hazard answered and nothing for the skipped ones, which stay open
# (tests/tui/screens.sh answers y).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

tui_households
tui_start 80 24
tui_setup "首次使用"
tui_wait "今日工作" >/dev/null || fail "home after setup"
tui_keys q
sleep 0.3
tui_stop

A="$FC_ROOT/tests/data/answers"
sed "s|\"stove.jpg\"|\"$A/stove.jpg\"|" "$A/gas-major.json" >"$T/major.json"
printf '258036\n' | "$FC" record --template gas --household H003 --answers "$T/major.json" \
    --pin-stdin >"$T/rec.out" 2>&1 || fail "a record with several hazards" "$(cat "$T/rec.out")"
insp=$(cat "$T/rec.out")
"$FC" show "$insp" --json >"$T/show.json"
python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))["body"]
print(" ".join(sorted({h["item"] for h in b["hazards"]})))' "$T/show.json" >"$T/items"
set -- $(cat "$T/items")
n=$#
ok "the record has at least two hazards ($n)" [ "$n" -ge 2 ]
first=$1 second=$2

tui_start 80 24
tui_wait "PIN" >/dev/null
tui_type 258036; tui_keys Enter
tui_wait "今日工作" >/dev/null || fail "home after the PIN"
tui_keys r
tui_wait "$insp" >/dev/null
tui_keys Enter
tui_wait "签名和哈希" >/dev/null
tui_keys f
tui_expect "f asks about the first hazard ($first) of $n" "？[1/$n]"
tui_keys n
tui_expect "then the second" "？[2/$n]"
tui_keys s
i=3
while [ "$i" -le "$n" ]; do
	tui_wait "？[$i/$n]" >/dev/null || break
	tui_keys s
	i=$((i + 1))
done
tui_expect "the follow-up is signed" "已签名复查"
tui_keys Escape
sleep 0.2
tui_keys q
sleep 0.3
tui_stop

fid=$("$FC" list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
expect_exit 0 "show the follow-up" "$FC" show "$fid" --json
python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))["body"]
r = b.get("results", {})
ok = (b["type"] == "followup" and r.get(sys.argv[2], {}).get("result") == "not_rectified"
      and sys.argv[3] not in r and len(r) == 1)
sys.exit(0 if ok else 1)' "$T/out" "$first" "$second"
[ $? -eq 0 ] && pass "one result per hazard answered: $first not rectified, the skipped $second absent" ||
	fail "one result per hazard answered" "$(cat "$T/out")"
printf '{"results": {"%s": "rectified"}}\n' "$second" >"$T/again.json"
expect_exit 0 "the skipped hazard is still open" sh -c \
	"echo 258036 | '$FC' record --follows '$insp' --answers '$T/again.json' --pin-stdin"
expect_exit 1 "and once rectified it is no longer open" "$FC" record --follows "$insp" --answers "$T/again.json"
printf '{"results": {"%s": "rectified"}}\n' "$first" >"$T/first.json"
expect_exit 0 "the one not rectified still is" sh -c \
	"echo 258036 | '$FC' record --follows '$insp' --answers '$T/first.json' --pin-stdin"
if [ -s "$T/tui.err" ]; then fail "no error output from the TUI" "$(head -c 400 "$T/tui.err")"; else pass "no error output from the TUI"; fi
