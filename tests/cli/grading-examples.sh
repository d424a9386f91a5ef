#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# docs/grading.md's worked examples for Algorithm J (E1-E10b) reproduced
# through `fieldcheck record` as formal appraisals (S44 yes) on the self-built
# checklist, each with the grade, the rule and the outcome it must give
# (outcome.grade_outcomes: A, B none; C some; D serious); a house of more than
# 6 storeys graded with its height (S47, high-rise limits of §4.2.2 on both
# sides) and the refusal over 100 m (§1.0.2). Then, for every template, every
# grade it can compute gives the outcome the notes require: self-built by
# grade_outcomes and its obligations, rural (docs/rural.md R50: outcome is the
# grade, with the recommendation it allows), gas (computes no grade).
. "$(dirname "$0")/../lib.sh"
A="$FC_ROOT/tests/data/answers"

expect_exit 0 "init" sh -c "echo 258036 | '$FC' init --inspector I1 --name 张三 --kdf 1:8 --pin-stdin"
cat >"$T/h.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
S1,城关镇,新街9号,周九,,selfbuilt,
R1,城关镇,东风村三组15号,张伟,,rural,
CSV
expect_exit 0 "households import" "$FC" households import "$T/h.csv"


# field FILE: prints "grade rule outcome" of the record shown in FILE (the
# body's grade, its rule and the body's outcome).
field() {
	python3 -c 'import json,sys; b=json.load(open(sys.argv[1]))["body"]; g=b.get("grade") or {}
print(g.get("grade"), g.get("rule"), b.get("outcome"))' "$1"
}

# want NAME GRADE RULE OUTCOME: the record in $T/out has them.
want() {
	_got=$(field "$T/out")
	if [ "$_got" = "$2 $3 $4" ]; then
		pass "$1 gives grade $2 by $3, outcome $4"
	else
		fail "$1 gives grade $2 by $3, outcome $4" "got: $_got"
	fi
}

# Measures the notes require for each outcome (selfbuilt.json obligations).
NONE='"S61":["restrict"],"S62":null'
SOME='"S61":["appraise","restrict"],"S62":null'
SERIOUS='"S61":["stop_use","evacuate","seal","appraise"],"S62":"yes"'

# Storey types of docs/grading.md §3.
M='w 30 pmb 4 smb 8 s 12 sm 10'
K='pc 10 sc 12 cc 4 pmb 20 smb 16 sb 10 s 30 sm 20'
K6='pc 10 sc 12 cc 4 pmb 20 smb 16/16 sb 10 s 30/30 sm 20'
MAS='"S03":"brick_concrete","S26":null'
RC='"S03":"rc_frame","S26":"no","S30":null,"S31":null,"S32":null,"S33":null,"S34":null,"S35":null'

# ex NAME GRADE RULE OUTCOME PATCH
ex() {
	expect_exit 0 "$1 is recorded as a formal appraisal" rec selfbuilt-jgj S1 selfbuilt "{\"S44\":\"yes\",$5}"
	if [ -s "$T/out" ]; then want "$1" "$2" "$3" "$4"; else fail "$1 gives grade $2 by $3, outcome $4" "not recorded"; fi
}

ex E1 A J-6.3.6-1 none "\"S01\":2,\"S02\":0,$MAS,\"S46\":\"f 24/0; $M; $M\",$NONE"
ex E2 B J-6.3.6-2 none "\"S01\":2,\"S02\":0,$MAS,\"S46\":\"f 24/0; w 30/1 pmb 4 smb 8 s 12 sm 10; w 30/1 pmb 4 smb 8 s 12 sm 10\",$NONE"
ex E2b B J-6.3.6-2 none "\"S01\":3,\"S02\":0,$MAS,\"S46\":\"f 36/0; $M; $M; w 30/3 pmb 4 smb 8 s 12 sm 10\",$NONE"
ex E3 C J-6.3.6-2 some "\"S01\":6,\"S02\":0,$RC,\"S46\":\"f 40/0; $K; $K; $K; $K; $K; $K6\",$SOME"
ex E4 C J-6.3.6-3 some "\"S01\":3,\"S02\":0,$MAS,$SOME"
ex E5 D J-6.3.6-3 serious "\"S01\":2,\"S02\":0,$MAS,\"S46\":\"f 60/0; w 30/12 pmb 4 smb 8 s 12 sm 10; w 30/12 pmb 4 smb 8 s 12 sm 10\",$SERIOUS"
ex E6 D J-6.3.6-4 serious "\"S01\":2,\"S02\":0,$MAS,\"S46\":\"f 24/8; w 30/20 pmb 4 smb 8 s 12/8 sm 10; w 30/20 pmb 4 smb 8 s 12/8 sm 10\",$SERIOUS"
ex E7 D J-6.2.3-1 serious "\"S01\":3,\"S02\":0,$MAS,\"S21\":2.4,\"S46\":\"f 36/0; $M; $M; $M\",$SERIOUS"
ex "E7 at 2.0 % (not over 2 %)" A J-6.3.6-1 none "\"S01\":3,\"S02\":0,$MAS,\"S21\":2.0,\"S46\":\"f 36/0; $M; $M; $M\",$NONE"
# The same tilt in a screening (no S44): over the 第十四条(二) limit alone it is
# "some" and no grade (docs/selfbuilt.md, "S21 alone ... stays some in a
# screening"); with settlement cracks over §4.2.1-2's limits it is the ground
# danger state, D and serious.
scr() {
	expect_exit 0 "$1 is recorded as a screening" rec selfbuilt-clean S1 selfbuilt "{$5}"
	if [ -s "$T/out" ]; then want "$1" "$2" "$3" "$4"; else fail "$1 gives grade $2 by $3, outcome $4" "not recorded"; fi
}
scr "screening, 3 storeys, tilt 2.4 % alone" None None some "\"S01\":3,\"S21\":2.4,$SOME"
scr "screening, 2 storeys, tilt 3.1 % alone" None None some "\"S01\":2,\"S21\":3.1,$SOME"
scr "screening, 2 storeys, tilt 3.0 % (not over)" None None none "\"S01\":2,\"S21\":3.0,$NONE"
scr "screening, tilt 2.4 % with a 12 mm settlement crack (G2)" D J-6.2.3-1 serious "\"S01\":3,\"S21\":2.4,\"S22\":12,\"S23\":1,$SERIOUS"
# §4.2.1-1 (G1): settlement over 4 mm/month two months running, or over 2 mm/day
# beside underground works, not converging, is the ground danger state
# (selfbuilt v3, S27a-d), in a formal appraisal and in a screening alike.
E1C="\"S01\":2,\"S02\":0,$MAS,\"S46\":\"f 24/0; $M; $M\""
ex "G1: 4.1 mm/month twice, not converging" D J-6.2.3-1 serious "$E1C,\"S27a\":4.1,\"S27b\":4.1,\"S27d\":\"no\",$SERIOUS"
ex "G1: 4.1 mm/month twice, converging" A J-6.3.6-1 none "$E1C,\"S27a\":4.1,\"S27b\":4.1,\"S27d\":\"yes\",$NONE"
ex "G1: 4.0 mm/month last month (not over)" A J-6.3.6-1 none "$E1C,\"S27a\":4.1,\"S27b\":4.0,$NONE"
scr "screening, G1: 2.1 mm/day beside works, not converging" D J-6.2.3-1 serious "\"S27c\":2.1,\"S27d\":\"no\",$SERIOUS"
scr "screening, 2.0 mm/day (not over)" None None none "\"S27c\":2.0,$NONE"
expect_exit 1 "a settlement rate of one month only is refused" rec selfbuilt-clean S1 selfbuilt "{\"S27a\":4.5,$NONE}"
contains "asking for the second month" "$T/err" "S27b: Settlement rate, last month is required"
ex E8 C J-6.3.6-3 some "\"S01\":1,\"S02\":0,$MAS,\"S46\":\"f 20/1; w 20/1 s 20/1\",$SOME"
ex E9 D J-6.3.6-4 serious "\"S01\":1,\"S02\":0,$MAS,\"S46\":\"f 8/2; w 20/5 s 20/5\",$SERIOUS"
ex E10a C J-6.3.6-3 some "\"S01\":5,\"S02\":1,$RC,\"S46\":\"f 40/0; $K; $K; $K; $K; $K6; $K6\",$SOME"
ex E10b D J-6.3.6-3 serious "\"S01\":5,\"S02\":1,$RC,\"S46\":\"f 40/0; $K; $K; $K; $K6; $K6; $K6\",$SERIOUS"

# More than 6 storeys: the height S47 is collected and the high-rise stage 1
# (H1-H3) applies. Eight RC storeys, the top one as E3's: R = 524/17000 =
# 3.08 % with a D_u level -> C by rule 2.
HR="\"S01\":8,\"S02\":0,\"S47h\":null,$RC,\"S48a\":0,\"S48b\":0,\"S48d\":\"no\",\"S46\":\"f 40/0; $K; $K; $K; $K; $K; $K; $K; $K6\""
ex "8 storeys, 26 m, tilt 0.3 %" C J-6.3.6-2 some "$HR,\"S47\":26,\"S21\":0.3,$SOME"
expect_exit 1 "8 storeys without a height is refused" rec selfbuilt-jgj S1 selfbuilt "{\"S44\":\"yes\",$HR,\"S47\":null,\"S21\":0.3,$SOME}"
contains "the refusal names S47" "$T/err" "S47"
ex "H3: 26 m, tilt 0.8 % (> 0.7 %)" D J-6.2.3-1 serious "$HR,\"S47\":26,\"S21\":0.8,$SERIOUS"
ex "H3: 26 m, tilt 0.7 % (not over)" C J-6.3.6-2 some "$HR,\"S47\":26,\"S21\":0.7,$SOME"
ex "H3: 61 m, tilt 0.6 % (> 0.5 %)" D J-6.2.3-1 serious "$HR,\"S47\":61,\"S21\":0.6,$SERIOUS"
ex "H3: 61 m, tilt 0.5 % (not over)" C J-6.3.6-2 some "$HR,\"S47\":61,\"S21\":0.5,$SOME"
ex "H2: cracks still growing" D J-6.2.3-1 serious "$HR,\"S47\":26,\"S21\":0.3,\"S48d\":\"yes\",$SERIOUS"
ex "H1: tilt increase 0.06 %/month twice, not converging" D J-6.2.3-1 serious "$HR,\"S47\":26,\"S21\":0.3,\"S48a\":0.06,\"S48b\":0.06,\"S48c\":\"no\",$SERIOUS"
ex "H1 not met: converging" C J-6.3.6-2 some "$HR,\"S47\":26,\"S21\":0.3,\"S48a\":0.06,\"S48b\":0.06,\"S48c\":\"yes\",$SOME"
# Whether the growth converges has no "not applicable" (selfbuilt v3: S48c
# is a choice). Version 2 took "na" and concluded "none" on a screening, or
# refused a graded record with the grading's own field names.
expect_exit 1 "H1 measured, convergence 'na' is refused" rec selfbuilt-clean S1 selfbuilt "{$HR,\"S44\":null,\"S46\":null,\"S47\":26,\"S21\":0.3,\"S48a\":0.06,\"S48b\":0.06,\"S48c\":\"na\",$NONE}"
contains "naming S48c and its answers" "$T/err" "S48c: Tilt increase converging: 'na' is not an option (yes, no)"
ex "100 m exactly is graded" C J-6.3.6-2 some "$HR,\"S47\":100,\"S21\":0.3,$SOME"
expect_exit 1 "over 100 m is refused (JGJ 125-2016 §1.0.2)" rec selfbuilt-jgj S1 selfbuilt "{\"S44\":\"yes\",$HR,\"S47\":100.1,\"S21\":0.3,$SOME}"
contains "the refusal says why" "$T/err" "over 100 m"
# Six storeys but higher than 24 m is high-rise too (JGJ 125-2016 §4.2.2 and
# its commentary: more than 6 storeys or more than 24 m): S47h asks, S47 takes
# the height, and H3's 0.7 % replaces G4's 2 %.
HR6="\"S01\":6,\"S02\":0,\"S47h\":\"yes\",$RC,\"S48a\":0,\"S48b\":0,\"S48d\":\"no\",\"S46\":\"f 40/0; $K; $K; $K; $K; $K; $K6\""
ex "6 storeys, 26 m, tilt 0.8 % (H3)" D J-6.2.3-1 serious "$HR6,\"S47\":26,\"S21\":0.8,$SERIOUS"
ex "6 storeys, 26 m, tilt 0.7 % (not over)" C J-6.3.6-2 some "$HR6,\"S47\":26,\"S21\":0.7,$SOME"
ex "6 storeys not over 24 m, tilt 0.8 %" C J-6.3.6-2 some "\"S01\":6,\"S02\":0,$RC,\"S46\":\"f 40/0; $K; $K; $K; $K; $K; $K6\",\"S21\":0.8,$SOME"
expect_exit 1 "said to be over 24 m, a height of 24 m is refused" rec selfbuilt-jgj S1 selfbuilt "{\"S44\":\"yes\",$HR6,\"S47\":24,\"S21\":0.3,$SOME}"
contains "naming S47" "$T/err" "S47: Building height (outdoor ground to main roof): the building was said to be higher than 24 m"
# S47 on both sides of its condition (S01 > 6): asked from 7 storeys, not at 6.
HR7="\"S01\":7,\"S02\":0,\"S47h\":null,$RC,\"S48a\":0,\"S48b\":0,\"S48d\":\"no\",\"S46\":\"f 40/0; $K; $K; $K; $K; $K; $K; $K6\""
ex "7 storeys, 22 m" C J-6.3.6-2 some "$HR7,\"S47\":22,\"S21\":0.3,$SOME"
expect_exit 1 "7 storeys without a height is refused" rec selfbuilt-jgj S1 selfbuilt "{\"S44\":\"yes\",$HR7,\"S47\":null,\"S21\":0.3,$SOME}"
contains "naming S47" "$T/err" "S47"
expect_exit 1 "6 storeys: the height is not asked, an answer to it is refused" rec selfbuilt-jgj S1 selfbuilt "{\"S44\":\"yes\",\"S01\":6,\"S02\":0,$RC,\"S46\":\"f 40/0; $K; $K; $K; $K; $K; $K6\",\"S47\":20,$SOME}"
contains "saying it is not asked" "$T/err" "S47: Building height (outdoor ground to main roof) is not asked for these answers"

# Self-built, every grade: the outcome grade_outcomes requires, and measures
# below what that outcome requires are refused (both sides).
for g in "A none E1" "B none E2b" "C some E4" "D serious E5"; do
	set -- $g
	python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); sys.exit(0 if t["outcome"]["grade_outcomes"][sys.argv[2]]==sys.argv[3] else 1)' \
		"$FC_ROOT/schema/checklists/selfbuilt.json" "$1" "$2" &&
		pass "selfbuilt.json maps grade $1 to $2" || fail "selfbuilt.json maps grade $1 to $2"
done
E5P="\"S44\":\"yes\",\"S01\":2,\"S02\":0,$MAS,\"S46\":\"f 60/0; w 30/12 pmb 4 smb 8 s 12 sm 10; w 30/12 pmb 4 smb 8 s 12 sm 10\""
E4P="\"S44\":\"yes\",\"S01\":3,\"S02\":0,$MAS"
E1P="\"S44\":\"yes\",\"S01\":2,\"S02\":0,$MAS,\"S46\":\"f 24/0; $M; $M\""
expect_exit 1 "grade D with only monitoring is refused" rec selfbuilt-jgj S1 selfbuilt "{$E5P,\"S61\":[\"monitor\"],\"S62\":null}"
contains "by the serious-hazard measures" "$T/err" "S61: Measures taken or ordered: a house with a serious hazard must be taken out of use"
expect_exit 1 "grade D without sealing off is refused" rec selfbuilt-jgj S1 selfbuilt "{$E5P,\"S61\":[\"stop_use\",\"evacuate\"],\"S62\":\"yes\"}"
contains "naming the sealing off" "$T/err" "evacuated and sealed off"
expect_exit 1 "grade D cannot be concluded none in S60" rec selfbuilt-jgj S1 selfbuilt "{$E5P,\"S60\":\"none\",$SERIOUS}"
contains "the refusal names the outcome the grade gives" "$T/err" "S60: Screening conclusion (may be raised) cannot be lower than the outcome the answers give, 'serious'"
expect_exit 1 "grade C cannot be concluded none in S60" rec selfbuilt-jgj S1 selfbuilt "{$E4P,\"S60\":\"none\",$SOME}"
contains "the refusal names 'some'" "$T/err" "cannot be lower than the outcome the answers give, 'some'"
expect_exit 1 "grade C with monitoring is refused" rec selfbuilt-jgj S1 selfbuilt "{$E4P,\"S61\":[\"appraise\",\"monitor\"],\"S62\":null}"
contains "monitoring alone is named" "$T/err" "cannot be left in normal use with periodic checks"
expect_exit 1 "grade C without an appraisal is refused" rec selfbuilt-jgj S1 selfbuilt "{$E4P,\"S61\":[\"restrict\"],\"S62\":null}"
contains "the appraisal is named" "$T/err" "needs a professional appraisal"
ex "grade A raised to some by S60, with a note" A J-6.3.6-1 some "$E1C,\"S60\":\"some\",\"S64\":\"外墙空鼓面积大\",$SOME"
expect_exit 1 "raised without a note is refused" rec selfbuilt-jgj S1 selfbuilt "{\"S44\":\"yes\",$E1C,\"S60\":\"some\",$SOME}"
contains "asking for the reason in S64" "$T/err" "S64: Notes: S60 raises the outcome from 'no hazard found' to 'some hazard'; say why here"

# Rural (docs/rural.md R30/R50): the outcome is the grade; R50 as the notes allow.
rural() {
	expect_exit "$1" "$2" rec rural-clean R1 rural "$3"
}
rural 0 "rural grade A with no measure" '{}'
want "rural R1" A R-worst A
rural 0 "rural grade B with repair" '{"R21":"b","R25":"b","R50":"repair"}'
want "rural R2" B R-worst B
rural 1 "rural grade B with no measure is refused" '{"R21":"b","R25":"b","R50":"none"}'
contains "B needs at least repair" "$T/err" "R50: Recommendation: a grade B house"
rural 0 "rural grade C with reinforce" '{"R20":"b","R21":"c","R23":"b","R50":"reinforce"}'
want "rural R3" C R-worst C
rural 1 "rural grade C with only repair is refused" '{"R20":"b","R21":"c","R23":"b","R50":"repair"}'
contains "C needs at least strengthening" "$T/err" "R50: Recommendation: a grade C house"
rural 0 "rural grade D with rebuild" '{"R20":"d","R21":"b","R22":"b","R50":"rebuild"}'
want "rural R4" D R-worst D
rural 1 "rural grade D with reinforce is refused" '{"R20":"d","R21":"b","R22":"b","R50":"reinforce"}'
contains "D is to be rebuilt" "$T/err" "R50: Recommendation: a grade D house"
rural 1 "rural dangerous site with no measure is refused" '{"R10":"yes","R11":["landslide"],"R50":"none"}'
contains "the refusal says the site rule, its source in full" "$T/err" "a house on a dangerous site is to be rebuilt elsewhere [S? 《农村住房安全性鉴定技术导则》"
if grep -q ': $' "$T/err"; then fail "no refusal line is left without text" "$(cat "$T/err")"; else pass "no refusal line is left without text"; fi
rural 1 "rural dangerous site with rebuild is refused (迁址重建)" '{"R10":"yes","R11":["landslide"],"R50":"rebuild"}'
rural 0 "rural dangerous site with relocate" '{"R10":"yes","R11":["landslide"],"R50":"relocate"}'
want "rural R5" D R-site D

# Gas computes no grade: nothing to map, and its records carry none.
python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); sys.exit(0 if not t.get("grading") and "grade_outcomes" not in t["outcome"] else 1)' \
	"$FC_ROOT/schema/checklists/gas.json" && pass "gas computes no grade" || fail "gas computes no grade"
