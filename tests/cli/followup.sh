#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `fieldcheck record --follows` with per-item results and `--corrects` with a
# kind, through the ledger (docs/ledger.md): only the listed hazards change;
# a result of "rectified" whose new answer still shows the hazard, a
# follow-up of a visit, of an item that is not open or of a corrected
# record, and a correction of a corrected record are refused before the PIN
# is asked (no PIN is given here) and store nothing.
. "$(dirname "$0")/../lib.sh"
A="$FC_ROOT/tests/data/answers"

expect_exit 0 "init" sh -c "echo 258036 | '$FC' init --inspector I1 --name 张三 --kdf 1:8 --pin-stdin"
printf 'id,district,address,resident,phone,kind,last_check\nH1,d1,新华路1号,王五,,residential,\n' >"$T/h.csv"
expect_exit 0 "households import" "$FC" households import "$T/h.csv"
cp "$A/stove.jpg" "$T/"
sed "s|\"stove.jpg\"|\"$A/stove.jpg\"|" "$A/gas-major.json" >"$T/major.json"
expect_exit 0 "an inspection with hazards" sh -c \
	"echo 258036 | '$FC' record --template gas --household H1 --answers '$T/major.json' --pin-stdin"
insp=$(cat "$T/out")
expect_exit 0 "show it" "$FC" show "$insp" --json
contains "G04 is one of its hazards" "$T/out" '"item": "G04"'
records() { "$FC" list --json | grep -c '"id"'; }
before=$(records)

# Rectified while the answer still says bedroom: refused, naming G04.
cat >"$T/still.json" <<'JSON'
{"results": {"G04": {"result": "rectified", "note": "moved"}}, "answers": {"G04": "bedroom"}}
JSON
expect_exit 1 "G04 marked rectified with G04 still bedroom is refused" \
	"$FC" record --follows "$insp" --answers "$T/still.json"
contains "the refusal names G04 and why" "$T/err" "G04: marked rectified, but its answer still shows the hazard"
[ "$(records)" -eq "$before" ] && pass "nothing was stored" || fail "nothing was stored"

# An item that was never a hazard of the record: refused before the PIN.
printf '{"results": {"G30": "rectified"}}\n' >"$T/g30.json"
expect_exit 1 "an item that is not open is refused" "$FC" record --follows "$insp" --answers "$T/g30.json"
contains "the refusal names the item and the record" "$T/err" "G30 is not an open hazard of $insp"
printf '{"results": {"G04": {"result": "fixed"}}}\n' >"$T/bad.json"
expect_exit 1 "a result that is neither rectified nor not_rectified is refused" \
	"$FC" record --follows "$insp" --answers "$T/bad.json"
contains "the bad result is named" "$T/err" 'G04: result must be "rectified" or "not_rectified"'

# G04 not rectified with a new deadline, kitchen answer for G04 is not needed.
cat >"$T/g04-no.json" <<'JSON'
{"results": {"G04": {"result": "not_rectified", "note": "用户拒绝", "deadline": "2099-06-30"}}}
JSON
expect_exit 0 "a not_rectified result is recorded" sh -c \
	"echo 258036 | '$FC' record --follows '$insp' --answers '$T/g04-no.json' --pin-stdin"
f1=$(cat "$T/out")
expect_exit 0 "show the follow-up" "$FC" show "$f1" --json
contains "its body holds the per-item result" "$T/out" '"result": "not_rectified"'
contains "and the new deadline" "$T/out" '"deadline": "2099-06-30"'
expect_exit 0 "show the follow-up as text" "$FC" show "$f1"
contains "show lists its result per item" "$T/out" "G04      not_rectified"

# Rectified, with the new answer and a photo.
cat >"$T/g04-yes.json" <<'JSON'
{"results": {"G04": {"result": "rectified", "note": "热水器移到厨房", "photo": ["stove.jpg"]}},
 "answers": {"G04": "kitchen"}}
JSON
expect_exit 0 "G04 rectified with G04 now kitchen" sh -c \
	"echo 258036 | '$FC' record --follows '$insp' --answers '$T/g04-yes.json' --pin-stdin"
f2=$(cat "$T/out")
expect_exit 0 "show the second follow-up" "$FC" show "$f2" --json
hash=$(b2sum -l 256 "$A/stove.jpg" | cut -d' ' -f1)
contains "the result's photo is signed by hash" "$T/out" "$hash"
expect_exit 1 "G04 again is refused: it is no longer open" "$FC" record --follows "$insp" --answers "$T/g04-yes.json"
contains "the refusal says G04 is not open" "$T/err" "G04 is not an open hazard"
before=$(records)

# A nobody-home visit cannot be followed up.
expect_exit 0 "a nobody-home visit" sh -c \
	"echo 258036 | '$FC' record --template gas --household H1 --answers '$A/gas-nobody-home.json' --pin-stdin"
visit=$(cat "$T/out")
expect_exit 1 "a follow-up of the visit is refused" "$FC" record --follows "$visit" --outcome rectified
contains "the refusal says it is a visit" "$T/err" "follow-up of $visit: it is a visit"

# Corrections: the current version only; the visit corrected into an inspection.
expect_exit 0 "the visit corrected into an inspection" sh -c \
	"echo 258036 | '$FC' record --corrects '$visit' --answers '$A/gas-clean.json' --pin-stdin"
corr=$(cat "$T/out")
expect_exit 0 "show the correction" "$FC" show "$corr" --json
contains "the correction carries its kind" "$T/out" '"kind": "inspection"'
expect_exit 0 "show the original visit" "$FC" show "$visit"
contains "the original says it was corrected, and by which record" "$T/out" "corrected by: $corr"
expect_exit 0 "show the original visit in Chinese" env LANG=zh_CN.UTF-8 LC_ALL= "$FC" show "$visit"
contains "in Chinese it says so in Chinese" "$T/out" "已被更正：$corr（现行版本；本记录不再计入）"
before=$(records)
expect_exit 1 "a second correction of the original is refused" \
	"$FC" record --corrects "$visit" --answers "$A/gas-clean.json"
contains "naming the current version" "$T/err" "correct the current version $corr"
expect_exit 1 "a follow-up of the corrected visit is refused" "$FC" record --follows "$visit" --outcome rectified
[ "$(records)" -eq "$before" ] && pass "the refusals stored nothing" || fail "the refusals stored nothing"
expect_exit 0 "list" "$FC" list
contains "the list marks the replaced visit" "$T/out" "corrected by $corr"
expect_exit 0 "export --format csv" "$FC" export --format csv
if grep -q "^$visit," "$T/out"; then fail "the export leaves out the replaced visit"; else pass "the export leaves out the replaced visit"; fi
contains "and holds its correction" "$T/out" "$corr,"
expect_exit 0 "export --format csv --history" "$FC" export --format csv --history
contains "with --history it holds the replaced visit too" "$T/out" "$visit,"
expect_exit 0 "verify" "$FC" verify
