#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A formal self-built check graded by JGJ 125-2016's count-based method: the
# member counts typed in the compact form (tests/data/answers/selfbuilt-jgj.json
# is docs/grading.md example E4) reach `fieldcheck record`, and `fieldcheck show`
# states the grade and the rule that decided it.
. "$(dirname "$0")/../lib.sh"

ANS="$FC_ROOT/tests/data/answers"
printf 'id,district,address,resident,phone,kind,last_check\nHS-1,城关镇,新街3号,王建国,13800000002,selfbuilt,\n' >"$T/h.csv"
expect_exit 0 "init" sh -c "echo 258036 | '$FC' init --inspector I1 --name 张三 --kdf 1:8 --pin-stdin"
expect_exit 0 "import" "$FC" households import "$T/h.csv"

sed 's/"f 30\/2; w 40\/6/"f 30\/2; w 4\/6/' "$ANS/selfbuilt-jgj.json" >"$T/bad.json"
expect_exit 1 "counts with more dangerous walls than walls are refused" sh -c "echo 258036 | '$FC' record --template selfbuilt --household HS-1 --answers '$T/bad.json' --pin-stdin"
contains "the refusal names the item, the level and the category" "$T/err" "S46: level 1: dangerous w (6) is more than w (4)"

expect_exit 0 "a formal self-built check is recorded" sh -c "cd '$ANS' && echo 258036 | '$FC' record --template selfbuilt --household HS-1 --answers selfbuilt-jgj.json --pin-stdin"
id=$(tr -d '\n' <"$T/out" | sed 's/.*\([0-9a-f]\{8\}-[0-9]\{6\}\).*/\1/')

expect_exit 0 "show in English" env LANG=en_US.UTF-8 LC_ALL= "$FC" show "$id"
contains "the counts are shown as typed" "$T/out" "f 30/2; w 40/6 pmb 6 smb 10 s 20 sm 12"
contains "a decimal answer reads as typed (0.3, not 0.29999999999999999)" "$T/out" "Overall tilt: 0.3 %"
contains "each storey's ratio is shown" "$T/out" "Level 3: 162/1654 = 9.79 % -> C_u"
contains "the house ratio is E4's" "$T/out" "House R = 556/6012 = 9.25 %"
contains "the grade and its rule are shown" "$T/out" "grade C (rule J-6.3.6-3)"

expect_exit 0 "show in Chinese" env LANG=zh_CN.UTF-8 LC_ALL= "$FC" show "$id"
contains "the grade reads in Chinese" "$T/out" "C级（规则 J-6.3.6-3）"

# A rural house of three storeys or more is outside the 2019 rural guide; the
# rural checklist sends the surveyor to this one, so it applies to rural houses.
printf 'id,district,address,resident,phone,kind,last_check\nHR-3,城关镇,东风村三组15号,张伟,13800000003,rural,\n' >"$T/r.csv"
expect_exit 0 "import a rural house" "$FC" households import "$T/r.csv"
expect_exit 0 "a three-storey rural house is appraised with the formal self-built check" sh -c "cd '$ANS' && echo 258036 | '$FC' record --template selfbuilt --household HR-3 --answers selfbuilt-jgj.json --pin-stdin"
expect_exit 0 "templates list" "$FC" templates list --json
if python3 -c 'import json,sys; t=[x for x in json.load(open(sys.argv[1])) if x["id"]=="selfbuilt"]; sys.exit(0 if "rural" in t[0]["kinds"] else 1)' "$T/out"; then
	pass "the self-built checklist lists rural among its kinds"
else
	fail "the self-built checklist lists rural among its kinds"
fi
