#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Ids have stated character sets (core/ids.h): `fieldcheck init` refuses an
# inspector id outside its set, says the rule, and leaves no key behind; a
# key file whose device id is not 8 lower-case hex digits is refused.
. "$(dirname "$0")/../lib.sh"

PIN=258036
for bad in . .. -x 'I 1' 'I/1' '../x' "I'1" 张三 '=cmd|x!A0' "$(printf 'a\033[31m')" \
    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; do
	expect_exit 2 "init refuses inspector id '$bad'" sh -c "echo $PIN | '$FC' init --inspector \"\$1\" --name 张三 --pin-stdin" sh "$bad"
	contains "and states the rule" "$T/err" "starting with a letter or digit"
	if grep -q "$(printf '\033')" "$T/err"; then
		fail "the refused id reaches the terminal without its escape byte"
	else
		pass "the refused id reaches the terminal without its escape byte"
	fi
	[ ! -e "$FIELDCHECK_HOME/key.json" ] && pass "no key is made" || fail "no key is made"
done
# A name is text for screens, listings and JSON (fc_id_check_name): init and
# the server's enroll refuse the same ones, saying what is wrong.
long=$(printf '%0128d' 0)
for bad in "|a name is needed" "   |a name is needed" "　|a name is needed" \
    "$(printf 'a\tb')|control character" "$(printf 'a\033[31m')|control character" \
    "$(printf 'a\302\205b')|control character" "$(printf '\325\305\310\375')|not UTF-8 text" \
    "$long|under 128 bytes"; do
	name=${bad%|*} why=${bad##*|}
	expect_exit 2 "init refuses a name ($why)" sh -c "echo $PIN | '$FC' init --inspector I1 --name \"\$1\" --pin-stdin" sh "$name"
	contains "  saying why" "$T/err" "$why"
	[ ! -e "$FIELDCHECK_HOME/key.json" ] && pass "  and no key is made" || fail "  and no key is made"
done
expect_exit 0 "init takes a plain inspector id" sh -c "echo $PIN | '$FC' init --inspector ab.c-9_Z --name 张三 --pin-stdin"

# The household registry names districts: each row's is a district id, or
# the whole file is refused naming its line, and nothing is imported.
for d in "D 1" "=1+1" "../x" "-D1" "D1,D2" "区;x" ""; do
	printf 'id,district,address,resident,phone,kind,last_check\nH1,D1,a,r,1,residential,\nH2,"%s",a,r,1,residential,\n' "$d" >"$T/hh.csv"
	expect_exit 1 "households import refuses the district '$d'" "$FC" households import "$T/hh.csv"
	contains "  naming line 3 and the rule" "$T/err" "hh.csv:3: district id '"
	contains "  (the rule)" "$T/err" "Chinese characters"
	expect_exit 0 "  and imports nothing" "$FC" households search H1 --json
	ok "  (no H1)" sh -c "! grep -q '\"H1\"' '$T/out'"
done
printf 'id,district,address,resident,phone,kind,last_check\nH1,新华区,a,r,1,residential,\nH2,D-2_x.y,a,r,1,residential,\n' >"$T/hh.csv"
expect_exit 0 "districts 新华区 and D-2_x.y import" "$FC" households import "$T/hh.csv"

# A key file edited to another device id is refused, not used.
sed 's/"device": *"[0-9a-f]*"/"device": "zz\/..\/.."/' "$FIELDCHECK_HOME/key.json" >"$T/k" &&
    cp "$T/k" "$FIELDCHECK_HOME/key.json"
expect_exit 1 "a key file with device id zz/../.. is refused" "$FC" verify
contains "naming the member" "$T/err" '"device"'
