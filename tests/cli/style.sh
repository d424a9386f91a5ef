#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# How the code reads is part of the contract: every C file is laid out by the
# project's .clang-format and cppcheck finds nothing (make lint). Skips, saying
# so, when a tool is missing rather than failing a machine without it.
. "$(dirname "$0")/../lib.sh"
cd "$FC_ROOT" || exit 1

if command -v clang-format >/dev/null 2>&1; then
	# One clang-format for every file (one a file took 36 s of a 1 s job);
	# its "FILE:LINE:COL: error:" lines name the files to format.
	files=$(ls core/*.[ch] app/*.[ch] main/*.c cli/*.[ch] sync/*.[ch] server/*.[ch] \
	    server/store/*.[ch] tui/*.[ch] tests/unit/*.c tests/helper/*.c tests/ledger/*.c \
	    tests/fuzz/*.c bench/*.[ch] 2>/dev/null)
	# shellcheck disable=SC2086
	if clang-format --dry-run -Werror $files >"$T/format.out" 2>&1; then
		pass "every C file follows .clang-format"
	else
		fail "every C file follows .clang-format" "run clang-format -i on: $(sed -n \
		    's/^\([^:]*\):[0-9]*:[0-9]*: error: .*/\1/p' "$T/format.out" | sort -u | tr '\n' ' ')"
	fi
else
	echo "ok - every C file follows .clang-format # skip: clang-format not installed"
fi

# Layers point down (core < app < cli, tui): cli/ and tui/ share app/ and include
# nothing of each other; app/ and core/ include neither front end.
layer_bad=$(grep -n '#include "cli/' tui/*.[ch] app/*.[ch] core/*.[ch] 2>/dev/null;
	grep -n '#include "tui/' cli/*.[ch] app/*.[ch] core/*.[ch] 2>/dev/null)
if [ -z "$layer_bad" ]; then pass "tui/ includes nothing of cli/, cli/ nothing of tui/"; else fail "tui/ includes nothing of cli/, cli/ nothing of tui/" "$layer_bad"; fi
# And every other folder (DESIGN.md "Parts"): core < sync < app < cli, tui, and
# core < sync < server/store < server. core/ knows nothing of the screen or of HTTP (no curses,
# libcurl or libmicrohttpd), only tui/ draws and only server/ serves, and no
# file reaches round the folders with "../".
up=$({
	grep -nE '#include "(app|cli|tui|sync|server|main)/|#include <(n?curses|ncursesw/|curl/|microhttpd)' core/*.[ch]
	grep -nE '#include "(app|cli|tui|server|main)/|#include <(n?curses|ncursesw/|microhttpd)' sync/*.[ch]
	grep -nE '#include "(cli|tui|server|main)/|#include <(n?curses|ncursesw/|microhttpd)' app/*.[ch]
	grep -nE '#include "(tui|server|main)/|#include <(n?curses|ncursesw/|microhttpd)' cli/*.[ch]
	grep -nE '#include "(cli|server|main)/|#include <microhttpd' tui/*.[ch]
	grep -nE '#include "(app|cli|tui|main)/|#include <(n?curses|ncursesw/)' server/*.[ch] server/store/*.[ch]
	grep -n '#include "server/' server/store/*.[ch] | grep -v '#include "server/store/'
	grep -nE '#include "\.\./' core/*.[ch] app/*.[ch] cli/*.[ch] tui/*.[ch] sync/*.[ch] \
	    server/*.[ch] server/store/*.[ch] main/*.c
} 2>/dev/null)
if [ -z "$up" ]; then pass "no folder includes one above it; core/ includes no curses, libcurl or libmicrohttpd"
else fail "no folder includes one above it; core/ includes no curses, libcurl or libmicrohttpd" "$up"; fi
if grep -n 'Wl,--start-group' Makefile >/dev/null; then
	fail "the programs link without --start-group (no cycle between layers)" "$(grep -n 'Wl,--start-group' Makefile)"
else
	pass "the programs link without --start-group (no cycle between layers)"
fi

# One path to make a record (app/sign.h): one call site per front end.
for d in cli tui; do
	n=$(grep -o 'fc_app_sign_record(' $d/*.c | wc -l)
	if [ "$n" -eq 1 ]; then pass "$d/ makes records through one call of fc_app_sign_record"
	else fail "$d/ makes records through one call of fc_app_sign_record" "$n calls: $(grep -n 'fc_app_sign_record(' $d/*.c | tr '\n' ' ')"; fi
done
# One enrolment (app/enroll.h): `fieldcheck enroll` and the TUI's screen call it once each.
for d in cli tui; do
	n=$(grep -o 'fc_app_enroll(' $d/*.c | wc -l)
	if [ "$n" -eq 1 ]; then pass "$d/ enrols through one call of fc_app_enroll"
	else fail "$d/ enrols through one call of fc_app_enroll" "$n calls: $(grep -n 'fc_app_enroll(' $d/*.c | tr '\n' ' ')"; fi
done
other=$(grep -ln 'fc_client_enroll(' cli/*.c tui/*.c 2>/dev/null)
if [ -z "$other" ]; then pass "cli/ and tui/ send no enrolment themselves"; else fail "cli/ and tui/ send no enrolment themselves" "$other"; fi
other=$(grep -ln 'fc_store_add_record(\|fc_record_seal(' cli/*.c tui/*.c 2>/dev/null)
if [ -z "$other" ]; then pass "cli/ and tui/ seal no record themselves"; else fail "cli/ and tui/ seal no record themselves" "$other"; fi
# Nor anything else: the store seals (core/store-record.c) for app/sign.c alone.
other=$(grep -n 'fc_store_add_record(\|fc_record_seal(\|fc_store_append(' core/*.c app/*.c cli/*.c \
	tui/*.c sync/*.c server/*.c server/store/*.c main/*.c 2>/dev/null |
	grep -v '^[^:]*:[0-9]*:[[:space:]]*\(/\*\|\*\)' |
	grep -v '^core/record\.c:[0-9]*:fc_record_seal(\|^core/store-record\.c:\|^app/sign\.c:')
if [ -z "$other" ]; then pass "records are sealed only by core/store-record.c, for app/sign.c"
else fail "records are sealed only by core/store-record.c, for app/sign.c" "$other"; fi

# SQL only in the store files (DESIGN.md "Parts"): the device store (core/store*.c,
# core/migrate.c) and the server's backends (server/store/sqlite*.c, pg*.c, the
# libpq loader, the move between them); the server's policy in server/store/
# and everything above call their verbs. tests/ledger/no-rules-in-sql.sh checks
# that the SQL there decides nothing.
sql=$({
	grep -nE 'sqlite3_[a-z_0-9]+\(|\bPQ[a-zA-Z]+\(|"(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|WITH|VACUUM|ANALYZE)[ ";]' \
	    core/*.c app/*.c cli/*.c tui/*.c sync/*.c server/*.c server/store/*.c main/*.c
	grep -niE '"(select [^"]* from |insert into |update [a-z_]+ set |delete from |create (table|index) )' \
	    core/*.c app/*.c cli/*.c tui/*.c sync/*.c server/*.c server/store/*.c main/*.c
} 2>/dev/null |
	grep -vE '^(core/store(-[a-z-]+)?\.c|core/migrate\.c|server/store/(sqlite(-[a-z]+)?|pg(-[a-z]+)?|pq-lib|migrate)\.c):')
if [ -z "$sql" ]; then pass "SQL only in the store files"; else fail "SQL only in the store files" "$sql"; fi

# No exit below main (STYLE.md "Errors"): a function returns a status and main
# decides. The one other end is a forked child's (tui/child.c's fc_child_start,
# its _exit being that process's return from main).
exits=$(awk '/^[A-Za-z_][A-Za-z_0-9]*\(/ { fn = $0; sub(/\(.*/, "", fn) }
	/^[ \t]*(\/\*|\*)/ { next }
	/(^|[^A-Za-z_0-9])(_?exit|_Exit|quick_exit|abort)\(/ && fn != "main" &&
	    !(FILENAME == "tui/child.c" && fn == "fc_child_start") { print FILENAME ":" FNR " " fn }' \
	core/*.c app/*.c cli/*.c tui/*.c sync/*.c server/*.c server/store/*.c main/*.c)
if [ -z "$exits" ]; then pass "nothing below main calls exit (but a forked child's end)"
else fail "nothing below main calls exit (but a forked child's end)" "$(echo $exits)"; fi

# A signed body is parsed and read by member name only in core/record*.c
# (core/record-model.h): every other layer takes the model's typed accessors,
# so a member means one thing everywhere. Catches a body parsed by hand
# (json_loadb of a record's body) and member lookups on a parsed body.
# Also the model's own JSON taken behind its back (m.root, m->root): a
# member read from it is a member the model does not know about.
readers=$(grep -nE 'json_load[bs]?\([^;]*body_len|json_object_get\(([a-z_]+(->|\.))*(body|doc)\b|\bm(\.|->)root\b' \
	core/*.c app/*.c cli/*.c tui/*.c sync/*.c server/*.c server/store/*.c main/*.c 2>/dev/null |
	grep -v '^core/record[-a-z]*\.c:\|^core/ledger-entry\.c:')
if [ -z "$readers" ]; then pass "record bodies are read only through core/record-model (no layer parses one itself)"
else fail "record bodies are read only through core/record-model (no layer parses one itself)" "$readers"; fi

# One summary reader (app/summary.h): the front ends lay it out, neither reads
# the server's JSON members or formats its times and counts itself.
sumdup=$(grep -nE '^(summary_(int|when|counts|sum)|[a-z_]+_summary_(when|counts))\(' cli/*.c tui/*.c 2>/dev/null;
	grep -nE 'json_object_get\([a-z_]+, *"(last_sync|hazards_open|households_overdue|nobody_home)"' \
	cli/*.c tui/*.c 2>/dev/null)
if [ -z "$sumdup" ]; then pass "the summary is read once, in app/summary.c, for both front ends"
else fail "the summary is read once, in app/summary.c, for both front ends" "$sumdup"; fi

# Command tables declare the options (issue 13): fieldcheck's in each entry's
# .opts (cli/cmd.h), fieldcheck-server's in its row of main_cmds, parsed once
# by server/main.c; only the subcommand tables (inventory, user, warnings)
# parse a subcommand's own, and cli/cmd.c strips the options every command
# shares (--json, --pin-stdin, --help) as the entry's flags allow. Nothing
# else reads an option by hand or with getopt.
optparse=$(grep -n 'fc_opts_parse(\|getopt' cli/*.c server/*.c 2>/dev/null |
	grep -v '^cli/cmd\.c:\|^server/main\.c:\|^server/inventory\.c:\|^server/user\.c:\|^server/warn-cmd\.c:')
if [ -z "$optparse" ]; then pass "both programs' commands take their options from their command tables"
else fail "both programs' commands take their options from their command tables" "$optparse"; fi

# A failure goes back to the caller in struct fc_error, and only the front ends
# and the server's commands turn it into output: core/, app/ and sync/ print
# nothing themselves (core/secret.c's prompt for a PIN or password aside).
prints=$(grep -nE '\b(printf|puts|perror)\(|f(printf|puts|putc|write)\([^;]*\b(stdout|stderr)\)?' \
	core/*.c app/*.c sync/*.c 2>/dev/null | grep -v '^[^:]*:[0-9]*:[[:space:]]*\(/\*\|\*\)' |
	grep -v '^core/secret\.c:')
if [ -z "$prints" ]; then pass "core/, app/ and sync/ print nothing: failures go back in struct fc_error"
else fail "core/, app/ and sync/ print nothing: failures go back in struct fc_error" "$prints"; fi

# Only core/utf8.c looks inside characters (STYLE.md "Text"): nothing else
# masks UTF-8's lead and continuation bits to step, cut, count or encode.
bytes=$(grep -nE '& 0x[cC]0\)|0x[eEfF]0 \||0x80 \||& 0x3[fF]\)' core/*.c app/*.c cli/*.c tui/*.c \
	sync/*.c server/*.c server/store/*.c main/*.c 2>/dev/null | grep -v '^core/utf8\.c:')
if [ -z "$bytes" ]; then pass "only core/utf8.c steps through UTF-8 bytes"
else fail "only core/utf8.c steps through UTF-8 bytes" "$bytes"; fi

# Dispatchers are tables (STYLE.md): a command's verbs ("templates list|show|
# check", "codes list|cancel") are rows looked up by name, never a ladder of
# strcmp(argv[1], "verb") in one function. Options ("--help") are not verbs.
ladders=$(awk '/^[A-Za-z_][A-Za-z_0-9]*\(/ { fn = $0; sub(/\(.*/, "", fn); delete seen; n = 0 }
	{
		s = $0
		while (match(s, /strcmp\(([a-z_]+->)?argv\[1\], *"[^"-][^"]*"/)) {
			w = substr(s, RSTART, RLENGTH); sub(/^[^"]*"/, "", w)
			if (!(w in seen)) { seen[w] = 1; if (++n == 2) print FILENAME ":" FNR " " fn }
			s = substr(s, RSTART + RLENGTH)
		}
	}' core/*.c app/*.c cli/*.c tui/*.c sync/*.c server/*.c server/store/*.c main/*.c \
	tests/helper/*.c)
if [ -z "$ladders" ]; then pass "verbs are chosen from tables, not strcmp ladders on argv[1]"
else fail "verbs are chosen from tables, not strcmp ladders on argv[1]" "$(echo $ladders)"; fi

# Functions under 80 lines in every C file, the tests' and benches' too, but
# those listed with a reason in tests/cli/long-functions.txt.
long=$(sh tools/long-functions.sh 80 core/*.c app/*.c server/*.c server/store/*.c sync/*.c \
	cli/*.c tui/*.c main/*.c tests/unit/*.c tests/helper/*.c tests/ledger/*.c tests/fuzz/*.c \
	bench/*.c 2>/dev/null |
	while read -r at name len; do
		grep -q "^${at%%:*} $name " tests/cli/long-functions.txt || echo "$at $name ($len lines)"
	done)
if [ -z "$long" ]; then pass "no function over 80 lines in any C file but the listed exceptions"
else fail "no function over 80 lines in any C file but the listed exceptions" "$(echo $long)"; fi

if command -v cppcheck >/dev/null 2>&1; then
	ok "cppcheck finds nothing (make lint)" make --no-print-directory lint
else
	echo "ok - cppcheck finds nothing # skip: cppcheck not installed"
fi

# Hex is written by libsodium (fc_hex_encode, sodium_bin2hex) or printf's %02x,
# never from a digit table of our own (three \xNN escapers had one each).
hex=$(grep -nE 'char [a-z_]+\[\] *= *"0123456789(abcdef|ABCDEF)' core/*.c app/*.c cli/*.c tui/*.c \
	sync/*.c server/*.c server/store/*.c main/*.c 2>/dev/null)
if [ -z "$hex" ]; then pass "no hex digit table of our own (libsodium or printf write hex)"
else fail "no hex digit table of our own (libsodium or printf write hex)" "$hex"; fi

# One way to replace a file (core/file.h): nothing else renames a file into place.
renames=$(grep -n '\brename(\|mkstemp(' core/*.c app/*.c cli/*.c tui/*.c sync/*.c server/*.c \
	server/store/*.c main/*.c 2>/dev/null | grep -v '^core/file\.c:')
if [ -z "$renames" ]; then pass "files are replaced only through fc_file_replace/fc_file_commit"
else fail "files are replaced only through fc_file_replace/fc_file_commit" "$renames"; fi
