#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Ids at the server's doors (core/ids.h). An enrolment request whose device
# id is not exactly 8 lower-case hex digits ("zz/../..", upper case, one digit
# short or long, empty), or whose inspector id is outside its set, is refused
# with 400 before its code is looked at: the code is not spent, no device is
# stored, and the listings never show the id. The server's own commands
# refuse such ids too (enroll --inspector/--district, revoke and unrevoke
# --device or --inspector, devices and codes list --inspector, codes cancel
# --inspector), say
# the rule, and make nothing. Each enrolment is signed for real by the key it
# registers (tests/helper/fc-attack), so only the id is wrong.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
FCA="$FC_BUILD/tests/fc-attack"
S() { "$FCS" --db "$DB" "$@"; }
start_server
A="$T/a"
new_device "$A" ana
PK=$(sed -n 's/.*"public_key": *"\([0-9a-f]*\)".*/\1/p' "$A/key.json")
c=$(code ana D1)
ok "a code for ana" test -n "$c" -a -n "$PK"

# enrol_as INSPECTOR DEVICE: a signed enrolment naming those ids; prints the status.
enrol_as() {
	python3 -c 'import json, sys; print(json.dumps(dict(code=sys.argv[1], inspector=sys.argv[2], device=sys.argv[3], pk=sys.argv[4])))' \
	    "$c" "$1" "$2" "$PK" >"$T/enrol.json"
	echo "$PIN" | "$FCA" send "$URL" POST /v1/enroll --home "$A" --body "$T/enrol.json" \
	    >"$T/att.out" 2>"$T/att.err"
	sed -n 's/^status //p' "$T/att.out"
}
nl='
'
for bad in "zz/../.." "../../.." "0123ABCD" "0123abc" "0123abcde" "" "0123abc${nl}" \
    "0123abcg" " 0123abc" "０１２３abcd"; do
	# (shown with every byte outside printable ASCII as <U+XXXX>: echo would expand a backslash)
	shown=$(python3 -c 'import sys; print("".join(c if " " <= c <= "~" else "<U+%04X>" % ord(c) for c in sys.argv[1]))' "$bad")
	st=$(enrol_as ana "$bad")
	ok "an enrolment with device id '$shown' is refused with 400 (got $st)" test "$st" = 400
	contains "  saying what a device id is" "$T/att.out" "8 lower-case hex digits"
done
for bad in "../x" "a/b" "I 1" "" ".." "-x" "张三" "=cmd|x!A0" \
    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; do
	st=$(enrol_as "$bad" 01234567)
	ok "an enrolment with inspector id '$bad' is refused with 400 (got $st)" test "$st" = 400
done
ok "no refused enrolment stored a device" test "$(server_count devices)" = 0
expect_exit 0 "codes list --all" S codes list --all --json
contains "ana's code is still pending: a refused id does not spend it" "$T/out" '"pending"'
expect_exit 0 "the device enrols with the same code" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$A' '$FC' enroll '$URL' '$c' --pin-stdin"
DEV=$(sed -n 's/.*"device": *"\([0-9a-f]*\)".*/\1/p' "$A/key.json")
expect_exit 0 "devices list" S devices list --json
ok "the only device listed is ana's, its id 8 lower-case hex digits" \
    test "$(python3 -c 'import json,sys; print([d["device"] for d in json.load(open(sys.argv[1]))])' "$T/out")" = "['$DEV']"

# The server's own commands.
for bad in "../x" "a/b" "I 1" ".." "-x" "张三" "I'1" "=cmd|x!A0" "$(printf 'a\033[31m')"; do
	expect_exit 2 "enroll refuses inspector id '$bad'" S enroll --inspector "$bad" --name X --district D1
	contains "  stating the rule" "$T/err" "starting with a letter or digit"
	ok "  and writes no escape byte to the terminal" sh -c "! grep -q \"\$(printf '\\033')\" '$T/err'"
done
for bad in "../D" "D/1" "D 1" "-D" "D\"1" "=1+2"; do
	expect_exit 2 "enroll refuses district id '$bad'" S enroll --inspector ok1 --name X --district "$bad"
	contains "  stating the rule" "$T/err" "Chinese characters"
done
expect_exit 0 "inspectors list" S inspectors list --json
ok "no refused id made an inspector" \
    test "$(python3 -c 'import json,sys; print(sorted(i["inspector"] for i in json.load(open(sys.argv[1]))))' "$T/out")" = "['ana']"
for bad in zz/../.. 0123ABCD 0123abc 0123abcde; do
	expect_exit 2 "revoke refuses device id '$bad'" S revoke --device "$bad"
	contains "  stating the rule" "$T/err" "8 lower-case hex digits"
	expect_exit 2 "unrevoke refuses device id '$bad'" S unrevoke --device "$bad"
done
# Every command that names an inspector: an id outside the set names nobody.
for bad in "../x" "a b" "I'1" "$(printf 'a\033[31m')"; do
	for cmd in "revoke" "unrevoke" "devices list" "codes list" "codes cancel"; do
		# shellcheck disable=SC2086 # the command's words
		expect_exit 2 "$cmd refuses inspector id '$bad'" S $cmd --inspector "$bad"
		contains "  stating the rule" "$T/err" "starting with a letter or digit"
		ok "  and writes no escape byte to the terminal" sh -c "! grep -q \"\$(printf '\\033')\" '$T/err'"
	done
done
expect_exit 0 "audit" S audit --json
ok "nothing refused reached the audit log (one enroll line per code made)" \
    test "$(python3 -c 'import json,sys; print([a["action"] for a in json.load(open(sys.argv[1]))])' "$T/out")" = "['enroll']"
expect_exit 0 "ana's device syncs" dsync "$A"

# The registry the server imports names districts too; a row whose district
# is not an id refuses the file, and devices never pull it.
for d in "D 1" "=HYPERLINK(1)" "../x" ""; do
	printf 'id,district,address,resident,phone,kind,last_check\nHX1,D1,a,r,1,residential,\nHX2,"%s",a,r,1,residential,\n' "$d" >"$T/hh.csv"
	expect_exit 1 "the server's households import refuses the district '$d'" S households import "$T/hh.csv"
	contains "  naming line 3 and the rule" "$T/err" "hh.csv:3: district id '"
done
expect_exit 0 "ana's device syncs (pulls the registry)" dsync "$A"
expect_exit 0 "  and has none of the refused file's households" \
    env FIELDCHECK_HOME="$A" "$FC" households search HX1 --json
ok "  (no HX1)" sh -c "! grep -q HX1 '$T/out'"
stop_server
