#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# core's errors (core/[a-k]*.c) and the sync client's (sync/*.c) reach the
# user in the user's language: with LANGUAGE=zh_CN a registry import with a
# bad line, a damaged key file, a wrong PIN, a refused inspector id, a
# checklist condition on an unknown item, a checklist for another kind of
# household, a grading the method cannot cover, a broken chain, an
# unreachable server and a wrong enrolment code are told in Chinese, by the
# device and by the server's own import; without LANGUAGE, in English.
# The server answering a device in its language is tests/sync/server-lang.sh.
. "$(dirname "$0")/../lib.sh"
. "$FC_ROOT/tests/sync/common.inc"

zh() { env LANGUAGE=zh_CN "$@"; }

# The registry import (core/household-csv.c), on the device and on the server.
cat >"$T/kind.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,,residential,
H2,D1,新华路2号,李强,,castle,
CSV
cat >"$T/date.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,,residential,2024-13-45
CSV
printf 'id,district,address\nH1,D1,新华路1号\n' >"$T/short.csv"
printf 'id,district,address,resident,phone,kind,last_check\nH1,D1,"新华路1号,王芳,,residential,\n' >"$T/quote.csv"
: >"$T/empty.csv"

expect_exit 1 "an unknown household kind is refused in Chinese" zh "$FC" households import "$T/kind.csv"
contains "  naming the line and the kinds" "$T/err" \
    "kind.csv:3：kind“castle”不是 residential、catering、business、selfbuilt、rural 之一"
expect_exit 1 "and in English without LANGUAGE" "$FC" households import "$T/kind.csv"
contains "  saying the same" "$T/err" \
    "kind.csv:3: kind 'castle' is not one of residential, catering, business, selfbuilt, rural"
expect_exit 1 "a bad last_check date is refused in Chinese" zh "$FC" households import "$T/date.csv"
contains "  saying it is not a date" "$T/err" \
    "date.csv:2：last_check“2024-13-45”不是日期（应为 YYYY-MM-DD 或留空）"
expect_exit 1 "and in English" "$FC" households import "$T/date.csv"
contains "  saying the same" "$T/err" "date.csv:2: last_check '2024-13-45' is not a date (YYYY-MM-DD, or empty)"
expect_exit 1 "a header with missing columns is refused in Chinese" zh "$FC" households import "$T/short.csv"
contains "  counting the columns" "$T/err" "short.csv:1：有 3 列，应为 7 列"
expect_exit 1 "and in English" "$FC" households import "$T/short.csv"
contains "  saying the same" "$T/err" "short.csv:1: 3 columns, expected 7"
expect_exit 1 "a quote never closed is refused in Chinese" zh "$FC" households import "$T/quote.csv"
contains "  on its line" "$T/err" "quote.csv:2：引号字段没有结束引号"
expect_exit 1 "an empty file is refused in Chinese" zh "$FC" households import "$T/empty.csv"
contains "  naming the header it needs" "$T/err" \
    "empty.csv：文件为空；第一行必须是表头 id,district,address,resident,phone,kind,last_check"
expect_exit 1 "and in English" "$FC" households import "$T/empty.csv"
contains "  saying the same" "$T/err" \
    "empty.csv: the file is empty; the first line must be the header id,district,address"
expect_exit 1 "the server's import tells its administrator in Chinese" \
    zh "$FCS" --db "$DB" households import "$T/kind.csv"
contains "  the same words" "$T/err" "kind.csv:3：kind“castle”不是 residential"
expect_exit 1 "and in English without LANGUAGE" "$FCS" --db "$DB" households import "$T/kind.csv"
contains "  the same words" "$T/err" "kind.csv:3: kind 'castle' is not one of residential"

# Ids (core/ids.c): the rule is told in the same language as the refusal.
expect_exit 2 "a bad inspector id is refused in Chinese" \
    sh -c "echo 258036 | LANGUAGE=zh_CN '$FC' init --inspector 'bad id' --name 张三 --pin-stdin"
contains "  with its rule in Chinese" "$T/err" \
    "检查员编号“bad id”不可用，应为：1 到 63 个 ASCII 字母、数字"
expect_exit 2 "and in English" \
    sh -c "echo 258036 | '$FC' init --inspector 'bad id' --name 张三 --pin-stdin"
contains "  with its rule in English" "$T/err" \
    "inspector id 'bad id' is refused: it must be 1 to 63 ASCII letters, digits"

# The key file (core/keyfile.c): a damaged one, then a wrong PIN.
expect_exit 0 "init" sh -c "echo 258036 | '$FC' init --inspector I1 --name 张三 --kdf 1:8 --pin-stdin"
cp "$FIELDCHECK_HOME/key.json" "$T/key.json"
head -c 100 "$T/key.json" >"$FIELDCHECK_HOME/key.json"
# sync_down [zh] [PIN]: sync with nothing listening, in Chinese with "zh".
sync_down() {
	_lang=; [ "${1:-}" = zh ] && { _lang=LANGUAGE=zh_CN; shift; }
	sh -c "echo ${1:-258036} | $_lang '$FC' sync --server http://127.0.0.1:1 --pin-stdin"
}
expect_exit 1 "a damaged key file is named in Chinese" sync_down zh
contains "  as not a key file" "$T/err" "key.json:6：不是有效的密钥文件："
expect_exit 1 "and in English" sync_down
contains "  saying the same" "$T/err" "key.json:6: not a valid key file:"
sed 's/"format": *1/"format": 0/' "$T/key.json" >"$FIELDCHECK_HOME/key.json"
expect_exit 1 "a key file of another format is named in Chinese" sync_down zh
contains "  as not fieldcheck's" "$T/err" "key.json：不是 fieldcheck 密钥文件（格式 1）"
sed 's/"format": *1/"format": 9/' "$T/key.json" >"$FIELDCHECK_HOME/key.json"
expect_exit 1 "a key file of a later format" sync_down
contains "  is said to come from a newer fieldcheck" "$T/err" \
    "key.json: key file format 9 is from a newer fieldcheck (this one reads format 1); upgrade fieldcheck"
rm "$FIELDCHECK_HOME/key.json"
mkdir "$FIELDCHECK_HOME/key.json"
expect_exit 1 "a key file that is a directory" sync_down
contains "  is named as one, not as JSON cut short" "$T/err" "cannot read $FIELDCHECK_HOME/key.json: Is a directory"
rmdir "$FIELDCHECK_HOME/key.json"
cp "$T/key.json" "$FIELDCHECK_HOME/key.json"
expect_exit 1 "a wrong PIN is counted in Chinese" sync_down zh 111111
contains "  with the tries left" "$T/err" "PIN 错误（已错 1 次，错满 3 次将锁定）"
expect_exit 1 "and in English" sync_down 111111
contains "  saying the same" "$T/err" "wrong PIN (2 of 3 before a lockout)"
cp "$T/key.json" "$FIELDCHECK_HOME/key.json"

# The sync client (sync/client.c): nothing listens on port 1.
expect_exit 1 "an unreachable server is told in Chinese" sync_down zh
contains "  connection refused, records kept" "$T/err" \
    "无法连接 http://127.0.0.1:1：连接被拒绝；记录已保留，下次同步时发送"
expect_exit 1 "and in English" sync_down
contains "  saying the same" "$T/err" \
    "cannot reach http://127.0.0.1:1: connection refused; records are kept and will go next time"

# A wrong enrolment code against a real server: the server's refusal comes in
# the device's language, framed by the client in the same one.
start_server
expect_exit 1 "a wrong enrolment code is refused in Chinese" \
    sh -c "echo 258036 | LANGUAGE=zh_CN '$FC' enroll '$URL' WRONG-CODE --pin-stdin"
contains "  framed in Chinese" "$T/err" "服务器拒绝（HTTP 40"
expect_exit 1 "and in English" sh -c "echo 258036 | '$FC' enroll '$URL' WRONG-CODE --pin-stdin"
contains "  framed in English" "$T/err" "server refused (HTTP 40"

# A checklist condition on an unknown item (core/cond.c), through the lint.
python3 - "$FC_ROOT/schema/checklists/gas.json" "$T/bad-cond.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
it = next(i for s in t["sections"] for i in s["items"] if "show_if" in i)
it["show_if"] = {"item": "NOPE", "eq": "yes"}
json.dump(t, open(sys.argv[2], "w"), ensure_ascii=False)
PY
expect_exit 1 "a condition on an unknown item is told in Chinese" zh "$FC" templates check "$T/bad-cond.json"
contains "  naming the item" "$T/err" "show_if：未知项目 NOPE"
expect_exit 1 "and in English" "$FC" templates check "$T/bad-cond.json"
contains "  saying the same" "$T/err" "show_if: unknown item NOPE"

# A grading its method does not cover (core/grade-jgj.c): a house over 100 m.
# record words its problems in the template language (LANG), the grading's
# reason in the process's (LANGUAGE): both Chinese here.
printf 'id,district,address,resident,phone,kind,last_check\nS1,城关镇,新街9号,周九,,selfbuilt,\n' >"$T/s.csv"
expect_exit 0 "households import" "$FC" households import "$T/s.csv"
RC='"S03":"rc_frame","S26":"no","S30":null,"S31":null,"S32":null,"S33":null,"S34":null,"S35":null'
K='pc 10 sc 12 cc 4 pmb 20 smb 16 sb 10 s 30 sm 20'
K6='pc 10 sc 12 cc 4 pmb 20 smb 16/16 sb 10 s 30/30 sm 20'
TALL="{\"S44\":\"yes\",\"S01\":8,\"S02\":0,\"S47h\":null,$RC,\"S48a\":0,\"S48b\":0,\"S48d\":\"no\",\
\"S46\":\"f 40/0; $K; $K; $K; $K; $K; $K; $K; $K6\",\"S47\":100.1,\"S21\":0.3,\
\"S61\":[\"appraise\",\"restrict\"],\"S62\":null}"
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); a.update(json.loads(sys.argv[2]))
a={k:v for k,v in a.items() if v is not None}; json.dump(a, open(sys.argv[3], "w"), ensure_ascii=False)' \
    "$FC_ROOT/tests/data/answers/selfbuilt-jgj.json" "$TALL" "$T/tall.json"
tall() { sh -c "echo 258036 | '$FC' record --template selfbuilt --household S1 --answers '$T/tall.json' --pin-stdin"; }
expect_exit 1 "a house over 100 m is not graded, said in Chinese" \
    env LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL= sh -c \
    "echo 258036 | '$FC' record --template selfbuilt --household S1 --answers '$T/tall.json' --pin-stdin"
contains "  naming the scope of JGJ 125-2016" "$T/err" \
    "定级（jgj125_2016）：height_m：100.1 m 超过 100 m；JGJ 125-2016（§1.0.2）不适用于此类房屋"
expect_exit 1 "and in English" tall
contains "  saying the same" "$T/err" \
    "grading (jgj125_2016): height_m: 100.1 m is over 100 m; JGJ 125-2016 (§1.0.2) does not cover such buildings"

# A checklist for another kind of household (core/checklist.c): Chinese by
# LANGUAGE alone, as gettext decides.
gas() { sh -c "echo 258036 | $1 '$FC' record --template gas --household S1 --answers '$FC_ROOT/tests/data/answers/gas-clean.json' --pin-stdin"; }
expect_exit 1 "a checklist for other kinds is refused in Chinese" gas LANGUAGE=zh_CN
contains "  naming the kinds it applies to" "$T/err" "住户 S1 的类型为“selfbuilt”；检查表 gas 只适用于 residential"
expect_exit 1 "and in English" gas ""
contains "  saying the same" "$T/err" "household S1 is of kind 'selfbuilt'; checklist gas applies to residential"

# The chain (core/chain.c): a record removed behind fieldcheck's back.
export FIELDCHECK_HOME="$T/chain"
expect_exit 0 "a second device" sh -c "echo 258036 | '$FC' init --inspector I2 --name 李四 --kdf 1:8 --pin-stdin"
expect_exit 0 "with 4 records" sh -c "echo 258036 | '$FCH' add-records 4 --pin-stdin"
expect_exit 0 "record 2 is removed" "$FCH" tamper delete 2
expect_exit 1 "verify names the gap in Chinese" zh "$FC" verify
contains "  the missing record" "$T/err" "序号为 3，应为 2（缺少第 2 条记录）"
expect_exit 1 "and in English" "$FC" verify
contains "  saying the same" "$T/err" "seq 3 where 2 was expected (record 2 is missing)"
