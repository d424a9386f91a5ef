#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The server speaks the administrator's language (gettext, po/zh_CN.po):
# with LANGUAGE=zh_CN its command-line messages are Chinese; without it they
# stay English. A device is answered in its own inspector's language (its
# Accept-Language), whatever the server's: the same refusal arrives in
# Chinese on a device in Chinese and in English on one in English, from one
# server at once. tests/cli/po.sh checks every marked server string has a
# Chinese translation; tests/unit/test-lang.c the lookup itself.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
H2,D2,和平街4号,周杰,13800000004,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null

expect_exit 2 "a bad enrol is refused in Chinese" env LANGUAGE=zh_CN "$FCS" --db "$DB" enroll \
    --inspector x --name X
contains "  saying what enroll needs" "$T/err" "enroll 需要 --inspector 编号"
expect_exit 2 "and in English without LANGUAGE" "$FCS" --db "$DB" enroll --inspector x --name X
contains "  saying the same" "$T/err" "enroll needs --inspector ID --name NAME --district D[,D2]"
expect_exit 2 "an unknown command is named in Chinese" env LANGUAGE=zh_CN "$FCS" --db "$DB" frobnicate
contains "  as unknown" "$T/err" "未知命令“frobnicate”"

expect_exit 1 "cancelling a code nobody issued is refused in Chinese" env LANGUAGE=zh_CN \
    "$FCS" --db "$DB" codes cancel ABCDEF
contains "  naming it" "$T/err" "没有待用的注册码 ABCDEF"
expect_exit 2 "a console account without a role is refused in Chinese" env LANGUAGE=zh_CN \
    "$FCS" --db "$DB" user add eve
contains "  with the usage" "$T/err" "用法：user add 账号 --role supervisor"
expect_exit 0 "a console account is added" sh -c \
    "echo 'correct horse battery' | LANGUAGE=zh_CN '$FCS' --db '$DB' user add eve --role city --password-stdin"
contains "  and the administrator told in Chinese" "$T/err" "已添加控制台账号 eve"
expect_exit 0 "the registry import reports in Chinese" env LANGUAGE=zh_CN \
    "$FCS" --db "$DB" households import "$T/hh.csv"
contains "  how many households" "$T/out" "已从 $T/hh.csv 导入 2 户"

LANGUAGE=zh_CN start_server
enrolled_device "$T/ana" ana D1
echo "$PIN" | FIELDCHECK_HOME="$T/ana" "$FCH" add-one inspection H2 >/dev/null
# lang_sync LANGUAGE: the device syncs with its messages in that language.
lang_sync() {
	env LANGUAGE="$1" FIELDCHECK_HOME="$T/ana" sh -c "echo '$PIN' | '$FC' sync --pin-stdin"
}
expect_exit 1 "a record outside the inspector's districts is refused (device in Chinese)" \
    lang_sync zh_CN
contains "  with the reason in the device's language" "$T/err" \
    "不允许：住户 H2 属于辖区 D2，不在检查员 ana 的辖区（D1）内"
expect_exit 1 "the same record is refused again (device in English, server still in Chinese)" \
    lang_sync en
contains "  with the reason in English" "$T/err" \
    "not allowed: household H2 is in district D2, outside inspector ana's districts (D1)"
ok "  and not in the server's language" sh -c "! grep -q '不允许' '$T/err'"
expect_exit 0 "an inspector is revoked" env LANGUAGE=zh_CN "$FCS" --db "$DB" revoke --inspector ana
contains "  told in Chinese" "$T/err" "检查员 ana 已吊销"
expect_exit 1 "the revoked inspector's device is turned away in its language (Chinese)" \
    lang_sync zh_CN
contains "  saying so" "$T/err" "检查员 ana 已被吊销；请联系管理员"
expect_exit 1 "and in English on a device in English" lang_sync en
contains "  saying so" "$T/err" "inspector ana has been revoked; ask the administrator"
stop_server
