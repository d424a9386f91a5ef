#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `fieldcheck households import|search` end to end: RFC 4180 quoting, CRLF and a
# BOM are accepted; any bad line refuses the whole file, names the line, exits 1
# and imports nothing; search finds Chinese fragments of one, two and more
# characters, residents, phone fragments and ids.
. "$(dirname "$0")/../lib.sh"

printf '\357\273\277id,district,address,resident,phone,kind,last_check\r\n' >"$T/good.csv"
printf 'HH-001,新华区,"新华路12号3栋,2单元501",王建国,13812345678,residential,2024-05-01\r\n' >>"$T/good.csv"
printf 'HH-002,新华区,"解放街8号\r\n(后院)",李秀英,13987654321,catering,\r\n' >>"$T/good.csv"
printf 'HH-003,城关镇,东风村三组15号,张伟,15011112222,rural,2023-11-30\r\n' >>"$T/good.csv"
printf 'HH-004,城关镇,"人民路""老街""6号",赵敏,18600001111,business,2025-01-15\r\n' >>"$T/good.csv"

expect_exit 0 "a file with BOM, CRLF, quoted commas and newlines imports" "$FC" households import "$T/good.csv"
contains "import says how many" "$T/out" "imported 4 households"

expect_exit 0 "search by a two-character Chinese fragment" "$FC" households search 新华 --json
contains "新华 finds HH-001" "$T/out" "\"HH-001\""
expect_exit 0 "search by one Chinese character (a surname)" "$FC" households search 王 --json
contains "王 finds 王建国" "$T/out" "王建国"
expect_exit 0 "search by a three-character fragment" "$FC" households search 东风村 --json
contains "东风村 finds HH-003" "$T/out" "\"HH-003\""
expect_exit 0 "search by a phone fragment" "$FC" households search 87654 --json
contains "the phone fragment finds HH-002" "$T/out" "\"HH-002\""
expect_exit 0 "search by id" "$FC" households search HH-004 --json
contains "the id finds HH-004" "$T/out" "\"HH-004\""
contains "quotes inside a field survive" "$T/out" '人民路\"老街\"6号'
expect_exit 0 "the empty last_check is kept empty" "$FC" households search HH-002 --json
contains "last_check is empty" "$T/out" '"last_check": ""'
expect_exit 0 "search prints an aligned table" "$FC" households search 东风
contains "the table has a header" "$T/out" "last check"
expect_exit 0 "a search with no match says so" "$FC" households search 不存在的地址
contains "no match is said plainly" "$T/out" "no household matches"

# bad_file NAME LINE BODY EXPECTED: the whole file is refused, naming the line.
bad_file() {
	name=$1; line=$2; why=$3; shift 3
	{
		printf 'id,district,address,resident,phone,kind,last_check\n'
		printf 'HH-101,新华区,新华路1号,甲,13800000001,residential,2024-01-01\n'
		printf '%b' "$@"
	} >"$T/$name.csv"
	expect_exit 1 "$name: the file is refused" "$FC" households import "$T/$name.csv"
	contains "$name: the message names line $line" "$T/err" "$name.csv:$line:"
	contains "$name: the message says why" "$T/err" "$why"
	expect_exit 0 "$name: search after the refusal" "$FC" households search HH-101 --json
	if grep -q HH-101 "$T/out"; then fail "$name: nothing was imported"; else pass "$name: nothing was imported"; fi
}
bad_file unknown-kind 3 "shop" 'HH-102,新华区,新华路2号,乙,13800000002,shop,\n'
bad_file bad-date 3 "2024-02-30" 'HH-102,新华区,新华路2号,乙,13800000002,residential,2024-02-30\n'
bad_file duplicate-id 3 "HH-101" 'HH-101,新华区,新华路2号,乙,13800000002,residential,\n'
bad_file column-count 3 "column" 'HH-102,新华区,新华路2号,乙,13800000002,residential\n'
bad_file invalid-utf8 3 "UTF-8" 'HH-102,新华区,\377\376路2号,乙,13800000002,residential,\n'
# A check not made yet (2062 typed for 2026) would keep the household off the
# due lists for decades, and a later import cannot lower the registry's date.
bad_file future-date 3 "last_check '2062-03-01' is in the future" 'HH-102,新华区,新华路2号,乙,13800000002,residential,2062-03-01\n'
today=$(date +%Y-%m-%d)
printf 'id,district,address,resident,phone,kind,last_check\nHH-109,新华区,新华路9号,丁,13800000009,residential,%s\n' "$today" >"$T/today.csv"
expect_exit 0 "a household checked today imports" "$FC" households import "$T/today.csv"
bad_file late-line 5 "kind" 'HH-102,新华区,"跨行\n地址",乙,1,residential,\nHH-103,新华区,x,丙,2,nope,\n'

expect_exit 1 "a missing file is an error naming it" "$FC" households import "$T/nope.csv"
contains "the missing file is named" "$T/err" "nope.csv"
expect_exit 2 "import without a file is bad usage" "$FC" households import
expect_exit 2 "households without a verb is bad usage" "$FC" households
