#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `fieldcheck show` reads a record for people: the template's labels in the
# user's language, choice labels instead of option ids, hazards with their
# severity, and how the house grade was reached, so a reviewer can follow it.
. "$(dirname "$0")/../lib.sh"

ANS="$FC_ROOT/tests/data/answers"
printf 'id,district,address,resident,phone,kind,last_check\nHR-1,城关镇,后沟村1组44号,郭秀英,13800000001,rural,\n' >"$T/h.csv"
expect_exit 0 "init" sh -c "echo 258036 | '$FC' init --inspector I1 --name 张三 --kdf 1:8 --pin-stdin"
expect_exit 0 "import" "$FC" households import "$T/h.csv"
expect_exit 0 "a rural appraisal is recorded" sh -c "cd '$ANS' && echo 258036 | '$FC' record --template rural --household HR-1 --answers rural-c.json --pin-stdin"
id=$(tr -d '\n' <"$T/out" | sed 's/.*\([0-9a-f]\{8\}-[0-9]\{6\}\).*/\1/')

expect_exit 0 "show in Chinese" env LANG=zh_CN.UTF-8 LC_ALL= "$FC" show "$id"
contains "the household's address is shown" "$T/out" "后沟村1组44号"
contains "answers carry their Chinese labels" "$T/out" "承重墙"
contains "a yes/no answer reads as a word" "$T/out" "场地危险: 否"
contains "the grade says which part decided" "$T/out" "最不利组成部分 c（承重墙）→ C级（规则 R-worst）"
contains "a part the house does not have is said in words" "$T/out" "混凝土柱、梁 无此部分；"
contains "the record's proof is stated in Chinese" "$T/out" "校验：签名有效，与前一条记录相链"
contains "whether it is synced is said in Chinese" "$T/out" "同步：尚未同步"
if grep -q 'verification:\|synced:\|signature valid' "$T/out"; then fail "no English proof lines in the Chinese view" "$(grep 'verification:\|synced:' "$T/out")"; else pass "no English proof lines in the Chinese view"; fi

expect_exit 0 "show in English" env LANG=en_US.UTF-8 LC_ALL= "$FC" show "$id"
contains "answers carry their English labels" "$T/out" "Storeys: two storeys"
contains "the grade rule is named" "$T/out" "R-worst"
contains "a part the house does not have reads in English" "$T/out" "RC columns/beams none (no such part);"
if grep -q ' na[;；]' "$T/out"; then fail "no part grade shows the code na" "$(grep ' na[;；]' "$T/out")"; else pass "no part grade shows the code na"; fi
contains "hazards are listed with severity" "$T/out" "moderate"
contains "the proof reads in English" "$T/out" "verification: signature valid, linked to the previous record"

expect_exit 0 "show by a unique prefix" "$FC" show "${id%-*}-00000"
contains "the prefix finds the record" "$T/out" "record:    $id"
if grep -q "$(printf '\033')" "$T/out"; then fail "no escape byte reaches the terminal"; else pass "no escape byte reaches the terminal"; fi
