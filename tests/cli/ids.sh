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
expect_exit 0 "init takes a plain inspector id" sh -c "echo $PIN | '$FC' init --inspector ab.c-9_Z --name 张三 --pin-stdin"

# A key file edited to another device id is refused, not used.
sed 's/"device": *"[0-9a-f]*"/"device": "zz\/..\/.."/' "$FIELDCHECK_HOME/key.json" >"$T/k" &&
    cp "$T/k" "$FIELDCHECK_HOME/key.json"
expect_exit 1 "a key file with device id zz/../.. is refused" "$FC" verify
contains "naming the member" "$T/err" '"device"'
