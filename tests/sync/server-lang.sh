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
contains "  naming it" "$T/err" "没有待用的登记码 ABCDEF"
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

# Every other refusal a device can meet follows its language the same way
# (tests/cli/po.sh checks each one is worded so). By hand first, those that
# need no signature: hand LANG PATH [CURL-ARGS...] prints the answer and its
# status, asking for LANG ("" names no language).
new_device "$T/ben" ben
echo "$PIN" | FIELDCHECK_HOME="$T/ben" "$FC" enroll "$URL" "$(code ben D1)" --pin-stdin >"$T/ben.out"
dev=$(sed -n 's/.* on device \([0-9a-f]*\) .*/\1/p' "$T/ben.out")
hand() {
	l=$1 p=$2
	shift 2
	[ -z "$l" ] || set -- -H "Accept-Language: $l" "$@"
	curl -s -w ' %{http_code}\n' "$@" "$URL$p"
}
# both WHAT PATH ZH EN [CURL-ARGS...]: refused in Chinese for zh-CN, in English for en.
both() {
	what=$1 p=$2 zh=$3 en=$4
	shift 4
	hand zh-CN "$p" "$@" >"$T/zh.out"
	contains "$what, in Chinese for a device in Chinese" "$T/zh.out" "$zh"
	hand en "$p" "$@" >"$T/en.out"
	contains "  and in English for one in English" "$T/en.out" "$en"
}
# as_ben TIME NONCE SIGNATURE: headers naming ben's device, signed (or not) by hand.
as_ben() {
	echo "-H X-FC-Inspector:ben -H X-FC-Device:$dev -H X-FC-Time:$1 -H X-FC-Nonce:$2 -H X-FC-Signature:$3"
}
N16=00112233445566778899aabbccddeeff
now=$(date +%s)
both "an unsigned request is refused" /v1/status \
    '请求没有签名（需要 X-FC-Inspector 和 X-FC-Device）"} 401' \
    'request is not signed (needs X-FC-Inspector and X-FC-Device)"} 401'
hand "" /v1/status >"$T/none.out"
contains "  and in Chinese when it names no language" "$T/none.out" "请求没有签名"
hand "fr-FR,de;q=0.8" /v1/status >"$T/none.out"
contains "  or only languages it has not" "$T/none.out" "请求没有签名"
# shellcheck disable=SC2046 # as_ben's words are the headers, one curl argument each
both "a device the server never enrolled is refused" /v1/status \
    '设备 0badc0de 尚未登记' 'device 0badc0de is not enrolled' \
    $(as_ben "$now" $N16 00 | sed "s/$dev/0badc0de/")
# shellcheck disable=SC2046
both "a time that is not a number is refused" /v1/status \
    'X-FC-Time 不是数字' 'X-FC-Time is not a number' $(as_ben soon $N16 00)
# shellcheck disable=SC2046
both "a clock an hour off is refused" /v1/status \
    '时钟偏差：设备时钟与服务器相差 -360' 'clock skew: the device clock is -360' \
    $(as_ben $((now - 3600)) $N16 00)
# shellcheck disable=SC2046
both "a short nonce is refused" /v1/status 'nonce 无效' 'bad nonce' $(as_ben "$now" 1234 00)
# shellcheck disable=SC2046
both "a wrong signature is refused" /v1/status \
    '请求签名无效：请求不是用本设备登记的密钥签名的' \
    "bad request signature: the request was not signed by this device's enrolled key" \
    $(as_ben "$now" $N16 "$(printf '%0128d' 0)")
both "a path the server has not is refused" /nowhere '没有这个路径：/nowhere"} 404' \
    'no such path: /nowhere"} 404'
both "a body over the server's limit is refused before it is read" /v1/records \
    '请求内容超过了' 'request body over the limit of' \
    -H 'Expect:' -H 'Content-Length: 9000000' --data-binary @/dev/null
head -c 5000 /dev/zero | tr '\0' x >"$T/5k"
both "an unsigned body over 4096 bytes is refused" /v1/enroll \
    '超过 4096 字节的请求内容须先带 X-FC-Body-Hash 签名' \
    'a request body over 4096 bytes needs a signature with X-FC-Body-Hash first' \
    --data-binary @"$T/5k"
both "a body its hash header does not name is refused" /v1/enroll \
    '请求内容与它的 X-FC-Body-Hash 头不符' 'the body does not match its X-FC-Body-Hash header' \
    -H "X-FC-Body-Hash: $(printf '%064d' 0)" --data-binary '{}'
both "a bad enrolment is refused" /v1/enroll '登记需要 code、inspector（1 到 63 个 ASCII' \
    'enrolment needs code, inspector (1 to 63 ASCII' --data-binary '{"code":"x"}'
both "a malformed hash asked of /verify/ by a script is refused" /verify/xyz \
    '记录哈希应为 64 位十六进制数字' 'a record hash is 64 hexadecimal digits'

# Signed for real by ben's device (fc-attack send --lang): what a good signature may still be refused.
FCA="$FC_BUILD/tests/fc-attack"
signed() {
	l=$1
	shift
	echo "$PIN" | "$FCA" send "$URL" "$@" --home "$T/ben" --lang "$l"
}
# both_signed WHAT ZH EN METHOD PATH [FC-ATTACK-ARGS...]
both_signed() {
	what=$1 zh=$2 en=$3
	shift 3
	signed zh-CN "$@" >"$T/zh.out" 2>&1
	contains "$what, in Chinese for a device in Chinese" "$T/zh.out" "$zh"
	signed en "$@" >"$T/en.out" 2>&1
	contains "  and in English for one in English" "$T/en.out" "$en"
}
both_signed "a path under /v1/ the server has not is refused" '没有这个路径：GET /v1/nowhere' \
    'no such path: GET /v1/nowhere' GET /v1/nowhere
both_signed "a reviews cursor that is not a number is refused" 'since 和 limit 必须是整数' \
    'since and limit must be whole numbers' GET '/v1/reviews?since=yesterday'
both_signed "a templates cursor that is not a number is refused" 'since 必须是数字' \
    'since must be a number' GET '/v1/templates?since=-1'
both_signed "a photo name that is not a hash is refused" '“xyz”不是照片哈希' \
    "'xyz' is not a photo hash" GET /v1/photos/xyz
signed en GET /v1/status --nonce "$N16" >/dev/null 2>&1
both_signed "a replayed request is refused" '重复的请求：这个 nonce 已经用过' \
    'request replayed: this nonce was already used' GET /v1/status --nonce "$N16"

# And the device itself shows them as they come.
bsum() {
	env LANGUAGE="$1" FIELDCHECK_HOME="$T/ben" sh -c "echo '$PIN' | '$FC' summary --pin-stdin"
}
expect_exit 1 "an inspector's device asking for the summary is refused (in Chinese)" bsum zh_CN
contains "  saying it is for supervisors" "$T/err" "汇总仅供督查人员使用；检查员 ben 的角色是 inspector"
expect_exit 1 "  and in English on a device in English" bsum en
contains "  saying the same" "$T/err" "the summary is for supervisors; inspector ben has role inspector"
new_device "$T/cat" cat
csync() {
	env LANGUAGE="$1" FIELDCHECK_HOME="$T/cat" sh -c "echo '$PIN' | '$FC' sync --server '$URL' --pin-stdin"
}
expect_exit 1 "a device that never enrolled is refused (in Chinese)" csync zh_CN
contains "  saying so" "$T/err" "尚未登记；请运行 'fieldcheck enroll URL CODE'"
expect_exit 1 "  and in English on a device in English" csync en
contains "  saying so" "$T/err" "is not enrolled; run 'fieldcheck enroll URL CODE'"
stop_server
