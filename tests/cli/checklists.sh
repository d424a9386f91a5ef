#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Checklist rules that come from outside the answers file, through `fieldcheck
# record`: the template's kinds against the registry, G01 against the registry
# kind (a different user type only with a reason the record signs), and the
# per-district settings (docs/settings.md) that make a stove without a
# flame-failure device or an ordinary rubber hose a 第九条(四) major hazard and
# set the rubber-hose interval. Each threshold is tried on both sides.
. "$(dirname "$0")/../lib.sh"
A="$FC_ROOT/tests/data/answers"

expect_exit 0 "init" sh -c "echo 258036 | '$FC' init --inspector I1 --name 张三 --kdf 1:8 --pin-stdin"
cat >"$T/h.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,城关镇,新华路1号,王五,13800000000,residential,
H2,城关镇,新华路2号,赵六,,catering,
H3,东湖区,湖滨路3号,孙八,,residential,
S1,城关镇,新街9号,周九,,selfbuilt,
CSV
expect_exit 0 "households import" "$FC" households import "$T/h.csv"


# Kinds: a checklist applies to the registry kinds it names.
expect_exit 1 "the rural checklist is refused on a self-built house" rec rural-clean S1 rural '{}'
contains "the refusal says which kinds it applies to" "$T/err" "household S1 is of kind 'selfbuilt'; checklist rural applies to rural"
expect_exit 1 "the gas checklist is refused on a self-built house" rec gas-clean S1 gas '{}'
expect_exit 1 "in Chinese too" env LANG=zh_CN.UTF-8 LC_ALL= sh -c "echo 258036 | '$FC' record --template rural --household S1 --answers '$A/rural-clean.json' --pin-stdin"
contains "the Chinese refusal" "$T/err" "住户 S1 的类型为“selfbuilt”；检查表 rural 只适用于 rural"

# G01 against the registry: a catering household answered as residential.
expect_exit 1 "a catering household answered as residential needs a reason" rec gas-clean H2 gas '{}'
contains "the reason item is named" "$T/err" "G01a: Why the user type differs from the registry is required"
expect_exit 1 "a forged registry kind in the answers changes nothing" rec gas-clean H2 gas '{"G01k":"residential"}'
contains "the registry decides G01k" "$T/err" "G01a:"
expect_exit 0 "with the reason the choice is recorded" rec gas-clean H2 gas '{"G01a":"餐馆已停业，现为住宅"}'
contains "the record keeps the registry kind" "$T/out" '"G01k": "catering"'
contains "and the signed reason" "$T/out" '"G01a": "餐馆已停业，现为住宅"'
expect_exit 0 "a residential household answered as residential" rec gas-clean H1 gas '{}'
contains "needs no reason and keeps the registry kind" "$T/out" '"G01k": "residential"'
expect_exit 1 "a reason when nothing differs is not asked" rec gas-clean H1 gas '{"G01a":"x"}'
contains "the reason is refused as not asked" "$T/err" "G01a: Why the user type differs from the registry is not asked for these answers"

# District settings: the shipped defaults first (nothing is 第九条(四)).
expect_exit 0 "a stove without flame failure, default settings" rec gas-clean H1 gas '{"G30":"no","G70":"yes"}'
contains "is an ordinary hazard" "$T/out" '"outcome": "ordinary"'
contains "the record states the setting in force" "$T/out" '"G30s": "no"'
mkdir -p "$FIELDCHECK_HOME"
cat >"$FIELDCHECK_HOME/settings.json" <<'JSON'
{"format": 1,
 "defaults": {"gas.flame_failure_article9": false, "gas.generic_hose_article9": false,
              "gas.rubber_hose_years": 2, "gas.nobody_home_escalate": 3},
 "districts": {"城关镇": {"gas.flame_failure_article9": true, "gas.generic_hose_article9": true,
                          "gas.rubber_hose_years": 3}}}
JSON
expect_exit 1 "in 城关镇 it is a major hazard that needs the signed notice" rec gas-clean H1 gas '{"G30":"no","G70":"yes"}'
contains "the notice and signature are required" "$T/err" "G71: User signature: a major hazard requires"
expect_exit 0 "with the signature it is recorded" rec gas-clean H1 gas '{"G30":"no","G70":"yes","G71":"signed"}'
contains "as major" "$T/out" '"outcome": "major"'
contains "under 第九条(四)" "$T/out" "第九条(四)"
contains "with the article 9 flag" "$T/out" '"article9"'
expect_exit 0 "in 东湖区 (defaults) the same stove stays ordinary" rec gas-clean H3 gas '{"G30":"no","G70":"yes"}'
contains "ordinary in 东湖区" "$T/out" '"outcome": "ordinary"'
expect_exit 0 "an ordinary rubber hose in 城关镇" rec gas-clean H1 gas '{"G23":"rubber_generic","G29a":null,"G70":"yes","G71":"signed"}'
contains "is major there" "$T/out" '"rule": "G23-2"'
expect_exit 0 "the same hose in 东湖区" rec gas-clean H3 gas '{"G23":"rubber_generic","G29a":null,"G70":"yes"}'
contains "is ordinary there" "$T/out" '"rule": "G23-1"'
# The rubber-hose interval: 3 years in 城关镇, 2 by default; "more than" the interval.
expect_exit 0 "a dedicated rubber hose of 3 years in 城关镇" rec gas-clean H1 gas '{"G23":"rubber_dedicated","G29":3,"G29a":null}'
contains "is within the district's interval" "$T/out" '"outcome": "pass"'
expect_exit 0 "of 3.5 years in 城关镇" rec gas-clean H1 gas '{"G23":"rubber_dedicated","G29":3.5,"G29a":null,"G70":"yes"}'
contains "is over it" "$T/out" '"rule": "G29-rubber-2y"'
expect_exit 0 "of 2.5 years in 东湖区" rec gas-clean H3 gas '{"G23":"rubber_dedicated","G29":2.5,"G29a":null,"G70":"yes"}'
contains "is over the default 2 years" "$T/out" '"rule": "G29-rubber-2y"'
expect_exit 0 "of 2 years in 东湖区" rec gas-clean H3 gas '{"G23":"rubber_dedicated","G29":2,"G29a":null}'
contains "is not" "$T/out" '"outcome": "pass"'
expect_exit 1 "an answers file cannot turn the district setting off" rec gas-clean H1 gas '{"G30":"no","G30s":"no","G70":"yes"}'
contains "the setting still requires the signature" "$T/err" "G71:"
# A broken settings file is refused, naming the key, rather than half read.
printf '{"format": 1, "defaults": {"gas.rubber_hose_years": 2}, "districts": {"城关镇": {"gas.rubber_hose_years": "two"}}}\n' >"$FIELDCHECK_HOME/settings.json"
expect_exit 1 "a wrong setting stops the record" rec gas-clean H1 gas '{}'
contains "naming the district and key" "$T/err" 'districts.城关镇.gas.rubber_hose_years must be true, false or a number'
rm -f "$FIELDCHECK_HOME/settings.json"

# Visit details (docs/gas.md §4): the attempt number and the notice serial.
expect_exit 1 "a nobody-home visit without its attempt number" rec gas-nobody-home H1 gas '{"G88":null}'
contains "the attempt number is required" "$T/err" "G88: Nobody-home attempt number is required"
expect_exit 1 "a notice left without its serial" rec gas-nobody-home H1 gas '{"G81":null}'
contains "the serial is required" "$T/err" "G81: Notice serial number is required"
expect_exit 0 "the third nobody-home visit" rec gas-nobody-home H1 gas '{"G88":3}'
contains "keeps its attempt number" "$T/out" '"G88": 3'

# G43: a pressure only with the rated pressure; 0.75-1.5 times it passes.
expect_exit 1 "a pressure without the rated pressure" rec gas-clean H1 gas '{"G43":0.5,"G43a":null}'
contains "the rated pressure is required" "$T/err" "G43a: Rated pressure (nameplate) is required"
expect_exit 0 "1.49 kPa at a rated 2.0 kPa" rec gas-clean H1 gas '{"G43":1.49,"G43a":2.0,"G70":"yes"}'
contains "is below the band" "$T/out" '"rule": "G43-1"'
expect_exit 0 "1.5 kPa at a rated 2.0 kPa" rec gas-clean H1 gas '{"G43":1.5,"G43a":2.0}'
contains "is inside it" "$T/out" '"outcome": "pass"'
expect_exit 0 "3.01 kPa at a rated 2.0 kPa" rec gas-clean H1 gas '{"G43":3.01,"G43a":2.0,"G70":"yes"}'
contains "is above it" "$T/out" '"rule": "G43-1"'

# Supply and appliance types.
expect_exit 0 "piped LPG in a basement" rec gas-clean H1 gas '{"G02":"piped_lpg","G04":"basement","G70":"yes","G71":"signed"}'
contains "is 第九条(一)" "$T/out" '"rule": "G04-basement-lpg"'
expect_exit 0 "a 9-year-old manufactured-gas heater" rec gas-clean H1 gas '{"G02":"manufactured","G36":2017,"G70":"yes"}'
contains "is past its 6 years" "$T/out" '"rule": "G36-2"'
expect_exit 0 "a room-sealed boiler in a bathroom" rec gas-clean H1 gas '{"G33":"room_sealed","G33a":"boiler","G34":"bathroom","G35":null,"G70":"yes","G71":"signed"}'
contains "is major" "$T/out" '"rule": "G34-1"'
expect_exit 0 "a room-sealed water heater in a bathroom" rec gas-clean H1 gas '{"G33":"room_sealed","G33a":"water_heater","G34":"bathroom","G35":null}'
contains "is allowed" "$T/out" '"outcome": "pass"'
expect_exit 1 "a direct-exhaust heater indoors without the notice" rec gas-clean H1 gas '{"G33":"direct","G35":null}'
contains "needs the notice under 第九条" "$T/err" "G70: Rectification notice issued: a major hazard requires a written rectification notice"
expect_exit 0 "with the notice signed" rec gas-clean H1 gas '{"G33":"direct","G35":null,"G70":"yes","G71":"refused","G73":"见证人：物业李某"}'
contains "it is recorded under 第九条(四)" "$T/out" "第九条(四) 使用国家明令淘汰的燃气燃烧器具"

# show and export speak the template's labels, not its codes (a major gas hazard).
rm -f "$FIELDCHECK_HOME/settings.json"
expect_exit 0 "a gas record with a major hazard" sh -c "cd '$A' && echo 258036 | '$FC' record --template gas --household H1 --answers gas-major.json --pin-stdin"
id=$(cat "$T/out")
expect_exit 0 "show in English" env LANG=en_US.UTF-8 LC_ALL= "$FC" show "$id"
contains "the outcome is the template's label" "$T/out" "outcome:   major hazard"
contains "the hazard's severity is its label" "$T/out" "G04      major hazard     Appliance in a bedroom"
contains "the template is named" "$T/out" "template:  Household gas safety inspection (gas version 3)"
contains "a photo is its file name" "$T/out" "Photos: stove.jpg"
contains "units in English" "$T/out" "Hose age: 2 years"
if grep -qE '^outcome: +major$|"hash"|^  G[0-9a-z]+ +(major|ordinary|stop)  ' "$T/out"; then
	fail "no raw codes in English" "$(grep -E '^outcome: +major$|"hash"|^  G[0-9a-z]+ +(major|ordinary|stop)  ' "$T/out")"
else
	pass "no raw codes in English"
fi
expect_exit 0 "show in Chinese" env LANG=zh_CN.UTF-8 LC_ALL= "$FC" show "$id"
contains "结论 is the Chinese label" "$T/out" "结论       重大隐患"
contains "the type reads in Chinese" "$T/out" "类型       入户检查"
contains "the severity reads in Chinese" "$T/out" "G04      重大隐患         燃具设置在卧室"
contains "units in Chinese" "$T/out" "软管已使用年数: 2 年"
if grep -qE 'major|ordinary|inspection|serious|outcome:|"hash"|years' "$T/out"; then
	fail "no codes or English in the Chinese view" "$(grep -E 'major|ordinary|inspection|serious|outcome:|"hash"|years' "$T/out")"
else
	pass "no codes or English in the Chinese view"
fi
expect_exit 0 "export csv in Chinese" env LANG=zh_CN.UTF-8 LC_ALL= "$FC" export --format csv
contains "the export has the outcome label column" "$T/out" "outcome,outcome_label,"
contains "with the Chinese label" "$T/out" "major,重大隐患,"
expect_exit 0 "export csv in English" env LANG=en_US.UTF-8 LC_ALL= "$FC" export --format csv
contains "with the English label" "$T/out" "major,major hazard,"
