#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The device's command line speaks the user's language: with LANGUAGE=zh_CN
# its help, its usage errors, the errors a user meets (not set up, a bad day,
# a missing answers file, an unknown record) and its tables come out in
# Chinese; without it the same in English. --json stays the same in both: a
# program reads it. LANG=zh_CN.UTF-8 on a machine without that locale (only
# C.UTF-8 here) is Chinese too. Last, with a real server (tests/sync/common.inc):
# enroll and sync report in the reader's language.
. "$(dirname "$0")/../lib.sh"
D="$FC_ROOT/tests/data"
A="$D/answers"
PIN=258036

# zh DESC CODE ARGS...: fieldcheck ARGS with LANGUAGE=zh_CN exits CODE.
zh() {
	_d=$1 _c=$2
	shift 2
	expect_exit "$_c" "$_d (Chinese)" env LANGUAGE=zh_CN "$FC" "$@"
}
# en DESC CODE ARGS...: the same without LANGUAGE (lib.sh sets C.UTF-8).
en() {
	_d=$1 _c=$2
	shift 2
	expect_exit "$_c" "$_d (English)" "$FC" "$@"
}

# An unknown command: the prefix stays, the sentence is translated.
zh "an unknown command" 2 bogus
contains "  is named in Chinese" "$T/err" "fieldcheck: 未知命令“bogus”；请看 fieldcheck --help"
en "an unknown command" 2 bogus
contains "  is named in English" "$T/err" "fieldcheck: unknown command 'bogus'; see fieldcheck --help"
expect_exit 2 "LANG=zh_CN.UTF-8 without that locale installed" env LANG=zh_CN.UTF-8 LC_ALL= "$FC" bogus
contains "  is Chinese too" "$T/err" "未知命令“bogus”"

# The help: summaries from the command table, option names as typed.
zh "--help" 0 --help
contains "  has the Chinese usage line" "$T/out" "用法：fieldcheck [COMMAND] [ARGS]"
contains "  has Chinese summaries" "$T/out" "列出本机的记录，最新的在前"
contains "  keeps the command and its options" "$T/out" "list [--unsynced] [--json]"
contains "  explains the exit status" "$T/out" "退出码：0 成功"
en "--help" 0 --help
contains "  has English summaries" "$T/out" "list this device's records, newest first"
contains "  and the exit status" "$T/out" "Exit status: 0 success"
zh "list --help" 0 list --help
contains "  says what --unsynced does" "$T/out" "  --unsynced    只列出服务器尚未确认收到的记录"
contains "  and --json" "$T/out" "  --json        输出供程序读取的 JSON"
en "list --help" 0 list --help
contains "  says what --unsynced does" "$T/out" "  --unsynced    only records the server has not acknowledged"

# Before init.
zh "show before init" 1 show x
contains "  says the home is not set up" "$T/err" "尚未设置；请先运行 fieldcheck init --inspector ID --name NAME"
en "show before init" 1 show x
contains "  says the home is not set up" "$T/err" "is not set up yet; run 'fieldcheck init --inspector ID --name NAME' first"

expect_exit 0 "init" sh -c "echo $PIN | '$FC' init --inspector I1 --name 张三 --kdf 1:8 --pin-stdin"
printf 'id,district,address,resident,phone,kind,last_check\nH1,d1,新华路1号,王五,13800000000,residential,\n' >"$T/h.csv"
expect_exit 0 "households import" "$FC" households import "$T/h.csv"

# Usage errors: the message, then the usage line, both in the reader's words.
zh "list with an extra argument" 2 list extra
contains "  is refused in Chinese" "$T/err" "fieldcheck: list：多余的参数“extra”"
contains "  with the usage" "$T/err" "用法：fieldcheck list [--unsynced] [--json]"
en "list with an extra argument" 2 list extra
contains "  is refused in English" "$T/err" "fieldcheck: list: unexpected argument 'extra'"
contains "  with the usage" "$T/err" "usage: fieldcheck list [--unsynced] [--json]"
zh "households without a subcommand" 2 households
contains "  is refused in Chinese" "$T/err" "households 需要“import FILE.csv”或“search TEXT”"
en "households without a subcommand" 2 households
contains "  is refused in English" "$T/err" "households needs 'import FILE.csv' or 'search TEXT'"
zh "export without --format" 2 export
contains "  is refused in Chinese" "$T/err" "export 需要 --format csv 或 --format json"
zh "record without --answers" 2 record --template gas --household H1
contains "  is refused in Chinese" "$T/err" "record：必须给出 --answers FILE.json"
zh "verify --pin-stdin" 2 verify --pin-stdin
contains "  names the option in a Chinese sentence" "$T/err" "verify：不支持 --pin-stdin"

# No server yet: sync says what to do, before the PIN is asked.
zh "sync before enrolment" 2 sync
contains "  says to enrol first in Chinese" "$T/err" "不知道服务器：请先登记（fieldcheck enroll URL CODE）"
en "sync before enrolment" 2 sync
contains "  says to enrol first in English" "$T/err" "no server known: enroll first"

# No records yet.
zh "list on a new device" 0 list
contains "  says there are none in Chinese" "$T/out" "还没有记录"
en "list on a new device" 0 list
contains "  says there are none in English" "$T/out" "no records yet"

# A day that does not exist, refused before the PIN is asked.
zh "summary --since 2026-02-30" 2 summary --since 2026-02-30
contains "  is refused in Chinese" "$T/err" "--since 必须是真实的日期 YYYY-MM-DD，而不是“2026-02-30”"
en "summary --since 2026-02-30" 2 summary --since 2026-02-30
contains "  is refused in English" "$T/err" "--since must be a real day, YYYY-MM-DD, not '2026-02-30'"

# A missing answers file: named as missing, not in jansson's words.
zh "record with a missing answers file" 1 record --template gas --household H1 --answers "$T/none.json" --pin-stdin
contains "  says so in Chinese" "$T/err" "$T/none.json：没有此文件"
en "record with a missing answers file" 1 record --template gas --household H1 --answers "$T/none.json" --pin-stdin
contains "  says so in English" "$T/err" "$T/none.json: no such file"
printf '{"G01": \n' >"$T/broken.json"
zh "record with answers that are not JSON" 1 record --template gas --household H1 --answers "$T/broken.json" --pin-stdin
contains "  names the line in Chinese" "$T/err" "$T/broken.json 第 2 行：不是有效的 JSON"
contains "  and says why in Chinese, not in jansson's English" "$T/err" "括号、花括号或引号尚未闭合"
en "record with answers that are not JSON" 1 record --template gas --household H1 --answers "$T/broken.json" --pin-stdin
contains "  says why in English" "$T/err" "line 2: not valid JSON: the text ends before a bracket, brace or quote is closed"
# A directory or an empty file: said as such, not as JSON cut short.
mkdir -p "$T/adir"
zh "record with a directory as the answers" 1 record --template gas --household H1 --answers "$T/adir" --pin-stdin
contains "  says it cannot be read, in Chinese" "$T/err" "$T/adir：无法读取"
en "record with a directory as the answers" 1 record --template gas --household H1 --answers "$T/adir" --pin-stdin
contains "  says it is a directory" "$T/err" "$T/adir: cannot read it: unable to open $T/adir: Is a directory"
: >"$T/empty.json"
zh "record with an empty answers file" 1 record --template gas --household H1 --answers "$T/empty.json" --pin-stdin
contains "  says it is empty, in Chinese" "$T/err" "文件是空的"
en "record with an empty answers file" 1 record --template gas --household H1 --answers "$T/empty.json" --pin-stdin
contains "  and in English" "$T/err" "$T/empty.json, line 1: the file is empty; it must hold JSON"
en "record --batch of a directory" 1 record --batch "$T/adir" --pin-stdin
contains "  says why" "$T/err" "record --batch $T/adir: cannot read it: Is a directory"
en "record --batch of a missing file" 1 record --batch "$T/none.jsonl" --pin-stdin
contains "  says why" "$T/err" "record --batch $T/none.jsonl: cannot read it: No such file or directory"
printf '{"G01": "yes",,}\n' >"$T/comma.json"
zh "record with a stray comma in the answers" 1 record --template gas --household H1 --answers "$T/comma.json" --pin-stdin
contains "  names the place in Chinese" "$T/err" "第 1 行：不是有效的 JSON，位置在 ',' 附近"
printf '{"G01": "yes", "G01": "no"}\n' >"$T/twice.json"
zh "record with an answer given twice" 1 record --template gas --household H1 --answers "$T/twice.json" --pin-stdin
contains "  says the name appears twice, in Chinese" "$T/err" "同一对象中有重复的名称"
en "record with an answer given twice" 1 record --template gas --household H1 --answers "$T/twice.json" --pin-stdin
contains "  in English" "$T/err" "a name appears twice in one object"

# Problems in the answers: each named (core's words), then the count.
expect_exit 1 "a bad answers file (Chinese)" env LANGUAGE=zh_CN sh -c \
	"echo $PIN | '$FC' record --template gas --household H1 --answers '$A/gas-bad.json' --pin-stdin"
contains "  is counted in Chinese" "$T/err" "个问题；未保存任何内容"

# An unknown record id.
zh "show of an unknown record" 1 show ffffffff-000099
contains "  says so in Chinese" "$T/err" "本机没有记录 ffffffff-000099"
en "show of an unknown record" 1 show ffffffff-000099
contains "  says so in English" "$T/err" "no record ffffffff-000099 on this device"
expect_exit 1 "record --follows an unknown record (Chinese)" env LANGUAGE=zh_CN sh -c \
	"echo $PIN | '$FC' record --follows ffffffff-000099 --outcome rectified --pin-stdin"
contains "  says so in Chinese" "$T/err" "record --follows ffffffff-000099：本机没有这条记录"

# A record, then the tables' headers.
expect_exit 0 "a record is made" sh -c \
	"echo $PIN | '$FC' record --template gas --household H1 --answers '$A/gas-major.json' --pin-stdin"
id=$(cat "$T/out")
zh "list with a record" 0 list
contains "  has Chinese headers" "$T/out" "记录"
contains "  for every column" "$T/out" "结论"
contains "  and explains the mark" "$T/out" "（* = 尚未同步）"
contains "  with the record's id" "$T/out" "$id"
en "list with a record" 0 list
contains "  has English headers" "$T/out" "outcome"
contains "  and explains the mark" "$T/out" "(* = not yet synced)"
zh "households search" 0 households search 新华
contains "  has Chinese headers" "$T/out" "户主"
en "households search" 0 households search 新华
contains "  has English headers" "$T/out" "resident"
zh "show of the record" 0 show "$id"
contains "  lays the record out in Chinese" "$T/out" "检查员"
contains "  with its verification in Chinese" "$T/out" "校验：签名有效"
zh "templates list" 0 templates list
contains "  counts items in Chinese" "$T/out" "条隐患规则"
zh "verify" 0 verify
contains "  reports in Chinese" "$T/out" "已核验 1 条记录"
en "verify" 0 verify
contains "  reports in English" "$T/out" "1 records verified"
zh "config" 0 config
contains "  says what is not set in Chinese" "$T/out" "（未设置）"

# --json is for programs: the same bytes whatever the language.
en "list --json" 0 list --json
cp "$T/out" "$T/list-en.json"
zh "list --json" 0 list --json
ok "  is the same in Chinese and English" cmp -s "$T/out" "$T/list-en.json"
en "show --json" 0 show "$id" --json
cp "$T/out" "$T/show-en.json"
zh "show --json" 0 show "$id" --json
ok "  is the same in Chinese and English" cmp -s "$T/out" "$T/show-en.json"

# With a server: enrolment and a sync report in the reader's language.
. "$FC_ROOT/tests/sync/common.inc"
start_server
c=$(code I1 d1)
expect_exit 0 "enroll (Chinese)" env LANGUAGE=zh_CN sh -c "echo $PIN | '$FC' enroll '$URL' '$c' --pin-stdin"
contains "  says who was enrolled, the role in Chinese" "$T/out" "已登记：检查员 I1（张三）"
contains "  and the district" "$T/out" "辖区 d1"
expect_exit 0 "sync (Chinese)" env LANGUAGE=zh_CN sh -c "echo $PIN | '$FC' sync --pin-stdin"
contains "  says what was sent in Chinese" "$T/out" "已向 $URL 发送 1 条记录"
contains "  and what came back" "$T/out" "已接收 0 条审核"
expect_exit 0 "sync (English)" sh -c "echo $PIN | '$FC' sync --pin-stdin"
contains "  says what was sent in English" "$T/out" "sent 0 records to $URL (the server holds 1 from this device"
contains "  and what came back" "$T/out" "received 0 reviews"
