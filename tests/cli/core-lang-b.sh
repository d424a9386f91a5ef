#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The errors core/ words (the PIN policy, answer checks, checklist loading,
# the record store and its signature check, district settings, warning
# rules) reach the user in the process's language: in Chinese with
# LANGUAGE=zh_CN, the labels inside them too, and in English without it.
# Each message is met through the command an inspector or administrator
# really runs.
. "$(dirname "$0")/../lib.sh"
D="$FC_ROOT/tests/data"
A="$D/answers"
ZH="env LANGUAGE=zh_CN"

# The PIN policy (core/pin.c), before anything is set up.
init() { printf '%s\n' "$1" | $2 "$FC" init --inspector I1 --name 张三 --kdf 1:8 --pin-stdin; }
expect_exit 2 "a PIN with a straight run is refused in Chinese" init 123456 "$ZH"
contains "  saying why in Chinese" "$T/err" "PIN 含有五位连续的数字（如 123456、135790、789012）；请另选一个"
expect_exit 2 "  and in English" init 123456 env
contains "  saying why in English" "$T/err" "the PIN holds a straight run of five digits"
expect_exit 2 "a short PIN is refused in Chinese" init 12345 "$ZH"
contains "  saying how long a PIN is" "$T/err" "PIN 必须是 6 到 64 位数字"

expect_exit 0 "init" init 258036 env
cat >"$T/h.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,城关镇,新华路1号,王五,13800000000,residential,
CSV
expect_exit 0 "households import" "$FC" households import "$T/h.csv"

# Answer checks (core/validate.c): the message and the item's label in Chinese.
rec() { echo 258036 | $1 "$FC" record --template "$2" --household H1 --answers "$3" --pin-stdin; }
expect_exit 1 "a bad answers file is refused in Chinese" rec "$ZH" gas "$A/gas-bad.json"
contains "  an out-of-range number, with its Chinese label" "$T/err" "G24：软管长度应在 0.0 至 10.0 m 之间"
contains "  an unknown item" "$T/err" "G99：模板 gas v3 中没有此项"
contains "  a wrong choice" "$T/err" "G02：气源 中的“coal”不是选项"
contains "  an answer to a hidden item" "$T/err" "在当前答案下不显示，应删除此答案"
if grep -q 'must be\|no such item\|is not an option' "$T/err"; then
	fail "  no English answer message among them" "$(cat "$T/err")"
else
	pass "  no English answer message among them"
fi
expect_exit 1 "and in English" rec env gas "$A/gas-bad.json"
contains "  the out-of-range number" "$T/err" "G24: Hose length must be between 0.0 and 10.0 m"
contains "  the unknown item" "$T/err" "G99: no such item in template gas v3"

# Checklists (core/templates.c, core/template.c).
expect_exit 1 "a checklist that is not there, in Chinese" rec "$ZH" nosuch "$A/gas-bad.json"
contains "  names what is loaded" "$T/err" "检查表 nosuch：未找到（已加载：gas@1"
expect_exit 1 "  and in English" rec env nosuch "$A/gas-bad.json"
contains "  names what is loaded" "$T/err" "template nosuch: not found (loaded: gas@1"
expect_exit 1 "templates check of a broken checklist, in Chinese" $ZH "$FC" templates check "$D/checklists-bad/broken.json"
contains "  a duplicate item id" "$T/err" "B01：项目编号重复"
contains "  a range upside down" "$T/err" "B02：范围的 min 10 大于 max 5"
contains "  an unknown type, listing the known ones" "$T/err" 'B04：未知类型 "slider"（应为 yesno、number'
contains "  a missing English label" "$T/err" "B04：label 没有英文（en）"
contains "  an unknown field" "$T/err" 'B05：未知字段 "requried"'
contains "  where in the file, in Chinese too" "$T/err" 'B03 的隐患规则 1：严重程度 "fatal" 无效（检查表声明的是 major…）'
contains "  the checklist's own label" "$T/err" "检查表：label 没有英文（en）"
expect_exit 1 "  and in English" "$FC" templates check "$D/checklists-bad/broken.json"
contains "  the duplicate item id" "$T/err" "B01: duplicate item id"
contains "  the unknown type" "$T/err" 'B04: unknown type "slider" (yesno, number'
contains "  where in the file" "$T/err" 'B03 hazard 1: bad severity "fatal" (the template declares major…)'
expect_exit 1 "a checklist file that is not there, in Chinese" $ZH "$FC" templates check "$T/none.json"
contains "  cannot be opened, without a line number" "$T/err" "none.json: 无法打开 $T/none.json："
expect_exit 1 "  and in English" "$FC" templates check "$T/none.json"
contains "  cannot be opened" "$T/err" "none.json: unable to open $T/none.json:"
if grep -q 'line -1\|第 -1 行' "$T/err"; then fail "  and no line -1" "$(cat "$T/err")"; else pass "  and no line -1"; fi

# The record store (core/store-record.c).
expect_exit 1 "a record id that does not exist, in Chinese" $ZH "$FC" show ffffffff-000009
contains "  is named" "$T/err" "没有记录 ffffffff-000009"
expect_exit 1 "  and in English" "$FC" show ffffffff-000009
contains "  is named" "$T/err" "no record ffffffff-000009"

# A record whose body was changed after signing (core/record.c's check).
expect_exit 0 "a clean visit is recorded" rec env gas "$A/gas-clean.json"
id=$(cat "$T/out")
ok "its body is changed after signing" "$FCH" tamper body 1
# show shows it with the reason and exits 1, as verify does (cli/cmd-show.c).
expect_exit 1 "show of the changed record, in Chinese" $ZH "$FC" show "$id"
contains "  says its signature does not verify" "$T/out" "已损坏：$id：签名校验不通过（签名后内容或签名被改动"
contains "  and not to trust it" "$T/err" "show：记录 $id 校验不通过"
expect_exit 1 "  and in English" "$FC" show "$id"
contains "  says its signature does not verify" "$T/out" "BROKEN: $id: signature does not verify"

# District settings (core/settings.c): a wrong value stops the record.
printf '{"format": 1, "defaults": {"gas.rubber_hose_years": 2}, "districts": {"城关镇": {"gas.rubber_hose_years": "two"}}}\n' >"$FIELDCHECK_HOME/settings.json"
expect_exit 1 "a wrong district setting is refused in Chinese" rec "$ZH" gas "$A/gas-clean.json"
contains "  naming the district and key" "$T/err" "districts.城关镇.gas.rubber_hose_years 必须是 true、false 或数字"
expect_exit 1 "  and in English" rec env gas "$A/gas-clean.json"
contains "  naming the district and key" "$T/err" "districts.城关镇.gas.rubber_hose_years must be true, false or a number"
printf '{"format": 2}\n' >"$FIELDCHECK_HOME/settings.json"
expect_exit 1 "a settings file of another format, in Chinese" rec "$ZH" gas "$A/gas-clean.json"
contains "  says which format" "$T/err" '"format" 必须是 1'
rm -f "$FIELDCHECK_HOME/settings.json"

# Warning rules (core/warn-rules.c), read by the server's administrator.
printf '{"format": 1, "rulez": {}}\n' >"$T/w1.json"
printf '{"format": 1, "rules": {"nonsense": {}}}\n' >"$T/w2.json"
expect_exit 1 "a rules file without rules, in Chinese" $ZH "$FCS" --db "$T/server.db" warnings run --rules "$T/w1.json"
contains "  says what is wrong" "$T/err" '预警：'"$T"'/w1.json："rules" 必须是对象'
expect_exit 1 "an unknown rule, in Chinese" $ZH "$FCS" --db "$T/server.db" warnings run --rules "$T/w2.json"
contains "  lists the known ones" "$T/err" "预警：rules.nonsense 不是已知规则（hazard_found、"
expect_exit 1 "  and in English" "$FCS" --db "$T/server.db" warnings run --rules "$T/w2.json"
contains "  lists the known ones" "$T/err" "warnings: rules.nonsense is not a rule (known: hazard_found,"
