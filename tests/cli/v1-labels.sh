#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A record made with a version-1 template (no outcome labels of its own) is
# shown and exported with the labels of the newest version of its id, in
# English and in Chinese, never as the raw outcome code.
. "$(dirname "$0")/../lib.sh"
A="$FC_ROOT/tests/data/answers"

expect_exit 0 "init" sh -c "echo 258036 | '$FC' init --inspector I1 --name 张三 --kdf 1:8 --pin-stdin"
printf 'id,district,address,resident,phone,kind,last_check\nG1,D1,新街1号,王芳,,residential,\n' >"$T/h.csv"
expect_exit 0 "households import" "$FC" households import "$T/h.csv"
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); a.pop("G88",None); json.dump(a,open(sys.argv[2],"w"))' \
    "$A/gas-nobody-home.json" "$T/nh.json"
expect_exit 0 "a nobody-home visit is recorded with gas version 1" \
    sh -c "echo 258036 | '$FC' record --template gas@1 --household G1 --answers '$T/nh.json' --pin-stdin --json"
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$T/out")
expect_exit 0 "show in English" "$FC" show "$id"
contains "names its template version 1" "$T/out" "(gas version 1)"
contains "the outcome in words" "$T/out" "outcome:   nobody home"
ok "not the code" sh -c "! grep -q nobody_home '$T/out'"
expect_exit 0 "show in Chinese" env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$FC" show "$id"
contains "the outcome in Chinese words" "$T/out" "到访不遇"
ok "not the code" sh -c "! grep -q nobody_home '$T/out'"
expect_exit 0 "export csv" "$FC" export --format csv
contains "the export's outcome_label is the label" "$T/out" ",nobody_home,nobody home,"
