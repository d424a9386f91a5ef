#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `fieldcheck record` and `fieldcheck templates`: a good answers file becomes a
# signed record that show and verify accept, with its photo stored by hash; a
# bad one names every problem with its item and stores nothing; templates
# list, show and check (including a deliberately broken template).
. "$(dirname "$0")/../lib.sh"
D="$FC_ROOT/tests/data"
A="$D/answers"

expect_exit 0 "record --help exits 0" "$FC" record --help
contains "record --help shows its usage" "$T/out" "usage: fieldcheck record --template ID"
expect_exit 0 "init" sh -c "echo 258036 | '$FC' init --inspector I1 --name 张三 --kdf 1:8 --pin-stdin"
expect_exit 2 "record without --answers is bad usage" "$FC" record --template gas --household H1
cat >"$T/h.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,d1,新华路1号,王五,13800000000,residential,
H2,d1,新华路2号,赵六,,catering,2024-01-01
R1,d2,李家村3号,钱七,,rural,
CSV
expect_exit 0 "households import" "$FC" households import "$T/h.csv"

# A good answers file: a major hazard with the notice signed and a photo.
expect_exit 0 "a valid answers file is recorded" sh -c \
	"echo 258036 | '$FC' record --template gas --household H1 --answers '$A/gas-major.json' --pin-stdin"
id=$(cat "$T/out")
case "$id" in
*-000001) pass "the new record's id is printed" ;;
*) fail "the new record's id is printed" "got '$id'" ;;
esac
expect_exit 0 "show accepts the record" "$FC" show "$id"
contains "show lists the major hazard" "$T/out" "G04"
contains "show has the outcome" "$T/out" "major"
expect_exit 0 "verify passes after record" "$FC" verify
hash=$(b2sum -l 256 "$A/stove.jpg" | cut -d' ' -f1)
if [ -f "$FIELDCHECK_HOME/photos/$hash" ] && cmp -s "$FIELDCHECK_HOME/photos/$hash" "$A/stove.jpg"; then
	pass "the photo is kept under its BLAKE2b-256 hash"
else
	fail "the photo is kept under its BLAKE2b-256 hash" "$(ls "$FIELDCHECK_HOME/photos" 2>&1)"
fi
expect_exit 0 "show --json" "$FC" show "$id" --json
contains "the signed body names the photo's hash" "$T/out" "$hash"
# An empty file is no photo (a camera out of room): refused, nothing stored.
: >"$T/empty.jpg"
sed "s|\"stove.jpg\"|\"$T/empty.jpg\"|" "$A/gas-major.json" >"$T/empty-photo.json"
expect_exit 1 "an empty photo file is refused" sh -c \
	"echo 258036 | '$FC' record --template gas --household H1 --answers '$T/empty-photo.json' --pin-stdin"
contains "  saying it is empty" "$T/err" "$T/empty.jpg: the file is empty (0 bytes), not a photo; take it again"
# Its notice is not written into the home (over a photo, the store or the key).
expect_exit 2 "notice --out into the home is refused" \
	"$FC" notice "$id" --text --url http://127.0.0.1:9 --out "$FIELDCHECK_HOME/photos/$hash"
contains "  saying why" "$T/err" "which holds the records, the key and the photos"
if cmp -s "$FIELDCHECK_HOME/photos/$hash" "$A/stove.jpg"; then
	pass "  and the photo is untouched"
else
	fail "  and the photo is untouched"
fi

# A bad answers file: every problem named, exit 1, nothing stored.
expect_exit 1 "a bad answers file is refused" sh -c \
	"echo 258036 | '$FC' record --template gas --household H1 --answers '$A/gas-bad.json' --pin-stdin"
contains "an unknown item is named" "$T/err" "G99: no such item in template gas v3"
contains "a wrong choice is named" "$T/err" "G02: Gas supply: 'coal' is not an option (piped_ng, piped_lpg, lpg_cyl, manufactured, other)"
contains "a missing required answer is named" "$T/err" "G06: Gas room adequately ventilated is required"
contains "an out-of-range number is named" "$T/err" "G24: Hose length must be between 0.0 and 10.0 m"
contains "an answer to a hidden item is named" "$T/err" "G50: Gas leak alarm installed is not asked for these answers; leave it out"
contains "what the major hazard requires is named too" "$T/err" "G70: Rectification notice issued: a major hazard requires a written rectification notice and the user's signature or refusal (hazards: G04)"
contains "and the signature" "$T/err" "G71: User signature: a major hazard requires"
contains "the count is given and nothing was stored" "$T/err" "7 problems; nothing was stored"
expect_exit 0 "list after the refusal" "$FC" list --json
n=$(grep -c '"id"' "$T/out")
[ "$n" -eq 1 ] && pass "the refused file stored nothing" || fail "the refused file stored nothing" "$n records"

# Messages follow the language.
expect_exit 1 "a bad answers file in Chinese" env LANG=zh_CN.UTF-8 LC_ALL= sh -c \
	"echo 258036 | '$FC' record --template gas --household H1 --answers '$A/gas-bad.json' --pin-stdin"
contains "the Chinese range message" "$T/err" "G24：软管长度应在 0.0 至 10.0 m 之间"

# The notice obligation: a major hazard without the notice is refused.
sed 's/"G70": "yes"/"G70": "no"/' "$A/gas-major.json" >"$T/no-notice.json"
cp "$A/stove.jpg" "$T/"
expect_exit 1 "a major hazard without the notice is refused" sh -c \
	"echo 258036 | '$FC' record --template gas --household H1 --answers '$T/no-notice.json' --pin-stdin"
contains "the notice item is named with its clause" "$T/err" "G70: Rectification notice issued: a major hazard requires a written rectification notice"

# A nobody-home visit, a catering check, a rural appraisal with its grade.
expect_exit 0 "a nobody-home visit is recorded" sh -c \
	"echo 258036 | '$FC' record --template gas --household H1 --answers '$A/gas-nobody-home.json' --pin-stdin --json"
contains "it is a visit record" "$T/out" '"type": "visit"'
contains "its outcome is nobody_home" "$T/out" '"outcome": "nobody_home"'
grep -v '"G01"' "$A/gas-catering-clean.json" >"$T/no-g01.json"
expect_exit 0 "G01 is prefilled from the registry kind" sh -c \
	"echo 258036 | '$FC' record --template gas --household H2 --answers '$T/no-g01.json' --pin-stdin --json"
contains "the catering check passes" "$T/out" '"outcome": "pass"'
expect_exit 1 "a catering check on a residential household lacks the alarm answers" sh -c \
	"echo 258036 | '$FC' record --template gas --household H1 --answers '$T/no-g01.json' --pin-stdin"
contains "prefilled residential hides the alarm items" "$T/err" "G50: Gas leak alarm installed is not asked"
expect_exit 0 "a rural appraisal is recorded with its grade" sh -c \
	"echo 258036 | '$FC' record --template rural --household R1 --answers '$A/rural-c.json' --pin-stdin --json"
contains "the grade is C" "$T/out" '"grade": "C"'
rid=$(sed -n 's/.*"id": "\([^"]*\)".*/\1/p' "$T/out")
expect_exit 0 "show the rural record" "$FC" show "$rid" --json
contains "the record keeps the grading method" "$T/out" "rural2019"
contains "the record keeps the rule that fired" "$T/out" "R-worst"

# Follow-up and correction.
expect_exit 0 "a follow-up of the hazard record" sh -c \
	"echo 258036 | '$FC' record --follows '$id' --outcome rectified --pin-stdin"
expect_exit 2 "a follow-up needs an outcome" "$FC" record --follows "$id"
expect_exit 0 "a correction of the first record" sh -c \
	"echo 258036 | '$FC' record --corrects '$id' --answers '$A/gas-clean.json' --pin-stdin --json"
contains "the correction is typed so" "$T/out" '"type": "correction"'
expect_exit 1 "following a record that does not exist" sh -c \
	"echo 258036 | '$FC' record --follows ffffffff-000099 --outcome rectified --pin-stdin"
expect_exit 0 "verify after all of it" "$FC" verify

# A fourth template as a file only: no code change.
expect_exit 0 "a template directory from FIELDCHECK_TEMPLATES is listed" env FIELDCHECK_TEMPLATES="$D/checklists" "$FC" templates list
contains "the fourth template is listed" "$T/out" "manhole"
printf '{"M01":"missing","M03":"yes","M10":5,"M13":"yes"}\n' >"$T/manhole.json"
printf 'id,district,address,resident,phone,kind,last_check\nW1,d1,新华路口,,,business,\n' >"$T/w.csv"
expect_exit 0 "households import W1" "$FC" households import "$T/w.csv"
expect_exit 0 "a record from the fourth template" env FIELDCHECK_TEMPLATES="$D/checklists" sh -c \
	"echo 258036 | '$FC' record --template manhole --household W1 --answers '$T/manhole.json' --pin-stdin --json"
contains "its outcome comes from its own severities" "$T/out" '"outcome": "urgent"'
expect_exit 0 "verify with the fourth template's record" "$FC" verify

# templates list / show / check
expect_exit 0 "templates list" "$FC" templates list
contains "gas is listed" "$T/out" "燃气入户安全检查"
contains "selfbuilt is listed" "$T/out" "selfbuilt"
contains "rural is listed" "$T/out" "rural"
expect_exit 0 "templates show gas" "$FC" templates show gas
contains "show names items with labels" "$T/out" "G04   choice  燃具/用气场所"
contains "show gives rules with tag and clause" "$T/out" "! major G04-bedroom"
expect_exit 0 "templates show gas --json" "$FC" templates show gas --json
expect_exit 1 "templates show of an unknown id" "$FC" templates show nosuch
contains "it says what is loaded" "$T/err" "template nosuch: not found (loaded:"
expect_exit 0 "templates check passes the shipped templates" "$FC" templates check \
	"$FC_ROOT/schema/checklists/gas.json" "$FC_ROOT/schema/checklists/selfbuilt.json" \
	"$FC_ROOT/schema/checklists/rural.json" "$D/checklists/manhole.json"
{ printf '\357\273\277'; cat "$D/checklists/manhole.json"; } >"$T/bom-manhole.json"
expect_exit 0 "a template saved with a byte-order mark (Notepad) loads" "$FC" templates check "$T/bom-manhole.json"
expect_exit 1 "templates check names every problem of a broken template" "$FC" templates check "$D/checklists-bad/broken.json"
for msg in "label has no English text (en)" "B02: range min 10 is greater than max 5" \
	"B01: duplicate item id" "bad severity \"fatal\"" "unknown type \"slider\"" \
	"unknown field \"requried\"" "condition on B03, which comes later in the form" \
	"B05 show_if: unknown item B99" "c is not a possible answer of B01"; do
	contains "check names: $msg" "$T/err" "$msg"
done
contains "check ends with the count" "$T/err" "templates check: 10 problems in 1 file"
# The lint beyond loading: every grading input collected, every grade an outcome.
expect_exit 1 "templates check finds a grading input asked too late" "$FC" templates check "$D/checklists-bad/grading-gap.json"
contains "naming the item and the answers that show it" "$T/err" "F03: grading 1 (jgj125_2016) needs height_m when floors > 6, but F03 is not asked or may be left unanswered for the accepted answers F01=7, F02=yes"
contains "and the grade without an outcome" "$T/err" "outcome: grade D, which grading 1 (jgj125_2016) can compute, maps to no outcome"
expect_exit 1 "templates check finds the height gap of selfbuilt version 1" "$FC" templates check "$FC_ROOT/schema/checklists/selfbuilt-v1.json"
contains "the gap version 2 closed" "$T/err" "needs height_m when floors > 6, but no item collects it"
expect_exit 1 "templates check finds the answer selfbuilt version 2's grading dropped" "$FC" templates check "$FC_ROOT/schema/checklists/selfbuilt-v2.json"
contains "the gap version 3 closed: S48c's 'na'" "$T/err" "S48c: grading 1 (jgj125_2016) takes this answer through \"\$map\", which gives no value for 'na'"
expect_exit 2 "templates without a verb is bad usage" "$FC" templates

# The record is signed and stored, then its id cannot be written (standard
# output on a full device): the error says the record is kept, so nobody
# signs the same visit twice.
before=$("$FC" list --json | grep -c '"id"')
expect_exit 1 "a record whose id cannot be written out exits 1" sh -c \
	"echo 258036 | '$FC' record --template gas --household H1 --answers '$A/gas-clean.json' --pin-stdin >/dev/full"
contains "  saying what was stored is kept" "$T/err" "what the command stored is kept"
contains "  and not to record it again" "$T/err" "do not record the same visit again"
after=$("$FC" list --json | grep -c '"id"')
[ "$after" -eq $((before + 1)) ] && pass "  and the record is there" ||
	fail "  and the record is there" "$before records before, $after after"
