#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The command line contract (README, packaging/man): --help everywhere, exit 0/1/2, errors
# as "fieldcheck: <what>: <why>" on stderr, init once per home, list/show/export
# over real records made through the core API.
. "$(dirname "$0")/../lib.sh"

expect_exit 0 "fieldcheck --help exits 0" "$FC" --help
contains "--help lists verify" "$T/out" "verify [--json]"
# A usage longer than a line is wrapped whole, not cut: record's ends in --batch.
contains "--help shows record's whole usage" "$T/out" "--batch FILE [--pin-stdin]"
for lang in en zh_CN; do
	LANGUAGE=$lang "$FC" --help >"$T/help-$lang.txt"
	wide=$(python3 -c 'import sys, unicodedata
for l in open(sys.argv[1], encoding="utf-8"):
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l.rstrip("\n"))
    if w > 80: print(l.rstrip())' "$T/help-$lang.txt")
	if [ -z "$wide" ]; then pass "--help ($lang) fits 80 columns"; else fail "--help ($lang) fits 80 columns" "$wide"; fi
done
for cmd in init households list show verify export; do
	expect_exit 0 "fieldcheck $cmd --help exits 0" "$FC" "$cmd" --help
	contains "$cmd --help shows its usage" "$T/out" "usage: fieldcheck $cmd"
done
expect_exit 2 "an unknown command is bad usage" "$FC" frobnicate
contains "unknown command is named" "$T/err" "fieldcheck: unknown command 'frobnicate'"
expect_exit 2 "init without --inspector is bad usage" "$FC" init --name x --pin-stdin
contains "usage line follows the error" "$T/err" "usage: fieldcheck init"
expect_exit 2 "--json where not supported is bad usage" "$FC" init --json
contains "  and says so, naming the command" "$T/err" "fieldcheck: init: --json is not supported"
expect_exit 2 "--pin-stdin where no PIN is asked is bad usage" "$FC" templates list --pin-stdin
contains "  and says so, naming the command" "$T/err" "fieldcheck: templates: --pin-stdin is not supported"
expect_exit 0 "the shared options stand anywhere: templates -h list" "$FC" templates -h list
contains "  -h shows the command's usage" "$T/out" "usage: fieldcheck templates"
expect_exit 2 "households import takes no --json" "$FC" households import x.csv --json
contains "  and says so" "$T/err" "households import: --json is not supported"
expect_exit 1 "verify before init says to run init" "$FC" verify
contains "the message says what to do" "$T/err" "run 'fieldcheck init"

expect_exit 2 "a PIN shorter than 6 digits is refused" sh -c "echo 13579 | '$FC' init --inspector I1 --name 张三 --pin-stdin"
expect_exit 2 "an inspector id with spaces is refused" sh -c "echo 258036 | '$FC' init --inspector 'I 1' --name 张三 --pin-stdin"
# The store refuses the new device (made to, by a trigger): the key init
# wrote is removed, so that init can be run again rather than leave a key
# that no store belongs to.
sqlite3 "$FIELDCHECK_HOME/store.db" "CREATE TRIGGER refuse BEFORE INSERT ON device BEGIN SELECT RAISE(ABORT, 'refused'); END;"
expect_exit 1 "init whose store refuses the device fails" sh -c "echo 258036 | '$FC' init --inspector I1 --name 张三 --kdf 1:8 --pin-stdin"
[ ! -e "$FIELDCHECK_HOME/key.json" ] && pass "  and leaves no key file behind" ||
	fail "  and leaves no key file behind"
sqlite3 "$FIELDCHECK_HOME/store.db" "DROP TRIGGER refuse"
expect_exit 0 "init sets up the inspector" sh -c "echo 258036 | '$FC' init --inspector I1 --name 张三 --pin-stdin"
contains "init names the inspector" "$T/out" "set up inspector I1 (张三) on device"
expect_exit 1 "a second init is refused" sh -c "echo 258036 | '$FC' init --inspector I2 --name 李四 --pin-stdin"
contains "the refusal names the existing inspector" "$T/err" "already set up for inspector I1"
if [ "$(stat -c %a "$FIELDCHECK_HOME/key.json")" = 600 ]; then
	pass "the key file is private to the user"
else
	fail "the key file is private to the user" "mode $(stat -c %a "$FIELDCHECK_HOME/key.json")"
fi

expect_exit 0 "list on an empty store" "$FC" list
contains "an empty list says so" "$T/out" "no records yet"
expect_exit 0 "verify on an empty store passes" "$FC" verify
contains "verify reports zero records" "$T/out" "0 records verified"

expect_exit 0 "the helper adds 3 records" sh -c "echo 258036 | '$FCH' add-records 3 --pin-stdin"
expect_exit 0 "list shows records" "$FC" list
dev=$(sed -n 's/.*"device": *"\([0-9a-f]*\)".*/\1/p' "$FIELDCHECK_HOME/key.json" | head -n 1)
contains "list names the third record" "$T/out" "$dev-000003"
contains "unsynced records are marked" "$T/out" "(* = not yet synced)"
expect_exit 0 "list --unsynced --json" "$FC" list --unsynced --json
contains "json list has the first record" "$T/out" "\"id\": \"$dev-000001\""
expect_exit 0 "show a record by id" "$FC" show "$dev-000002"
contains "show verifies the record" "$T/out" "signature valid, linked to the previous record"
ok "show gives the time as a date and a time, with its zone, not the body's ISO form" \
    grep -qE '^time: +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} ([+-][0-9]{2}:[0-9]{2}|UTC)$' "$T/out"
expect_exit 0 "show --json" "$FC" show "$dev-000002" --json
contains "show --json carries the signature" "$T/out" "\"signature\":"
expect_exit 1 "show of an unknown record fails" "$FC" show nosuchrecord
contains "the unknown id is named" "$T/err" "nosuchrecord"
# A prefix of several ids is said to be one, not taken for no record at all.
expect_exit 1 "show of an ambiguous prefix fails" "$FC" show "$dev-00000"
contains "  saying it is ambiguous" "$T/err" "record $dev-00000 is ambiguous: it starts $dev-000001 and $dev-000002"
expect_exit 1 "record --follows an ambiguous prefix fails" "$FC" record --follows "$dev-00000" --outcome rectified
contains "  saying so too" "$T/err" "is ambiguous"
expect_exit 0 "verify --json on an intact chain" "$FC" verify --json
contains "verify --json says ok" "$T/out" "\"ok\": true"

expect_exit 0 "export --format json" "$FC" export --format json --out "$T/export.json"
if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==3 and d[0]['seq']==1 and 'signature' in d[0]" "$T/export.json" 2>/dev/null; then
	pass "the JSON export holds the 3 records with signatures"
else
	fail "the JSON export holds the 3 records with signatures"
fi
expect_exit 0 "export --format csv" "$FC" export --format csv
contains "the CSV export has a header" "$T/out" "id,seq,device,inspector,time,type"
if [ "$(grep -c "^$dev-" "$T/out")" -eq 3 ]; then pass "the CSV export has 3 rows"; else fail "the CSV export has 3 rows"; fi
expect_exit 2 "export without --format is bad usage" "$FC" export
expect_exit 1 "export to an unwritable place fails clearly" "$FC" export --format csv --out /nonexistent/dir/x.csv
contains "the path is named" "$T/err" "/nonexistent/dir/x.csv"
# --out never lands in the home: an export over store.db or key.json replaced
# the records or the key whole (exit 0), through a link as well.
for out in "$FIELDCHECK_HOME/store.db" "$FIELDCHECK_HOME/key.json" "$T/link.db"; do
	ln -sf "$FIELDCHECK_HOME/store.db" "$T/link.db"
	expect_exit 2 "export --out $(basename "$out") is refused" "$FC" export --format json --out "$out"
	contains "  saying it is inside the home" "$T/err" "is inside $FIELDCHECK_HOME, which holds the records"
done
expect_exit 0 "  and every record still verifies" "$FC" verify
contains "  all three" "$T/out" "3 records verified"
# A link outside the home keeps pointing at the export; a pipe is written
# into, not replaced by a file.
printf 'old\n' >"$T/target.csv"
ln -s target.csv "$T/via.csv"
expect_exit 0 "export --out a symbolic link" "$FC" export --format csv --out "$T/via.csv"
[ -L "$T/via.csv" ] && pass "  keeps the link" || fail "  keeps the link"
contains "  and writes the file it names" "$T/target.csv" "id,seq,device,inspector,time,type"
mkfifo "$T/pipe"
cat "$T/pipe" >"$T/piped.csv" &
reader=$!
expect_exit 0 "export --out a named pipe" "$FC" export --format csv --out "$T/pipe"
[ -p "$T/pipe" ] && pass "  leaves the pipe a pipe" || { fail "  leaves the pipe a pipe"; kill "$reader"; }
wait "$reader"
contains "  and the reader gets the export" "$T/piped.csv" "id,seq,device,inspector,time,type"

# Options are declared in each command's row and parsed once (cli/cmd.c): the
# same rules for every command.
expect_exit 0 "--name=value works like --name value" "$FC" export --format=csv
contains "the CSV export again" "$T/out" "id,seq,device,inspector,time,type"
expect_exit 0 "options come in any order around operands" "$FC" list --json --unsynced
expect_exit 2 "an undeclared option is bad usage" "$FC" export --format csv --colour
contains "naming it and the command" "$T/err" "export: unknown option '--colour'"
contains "with the command's usage" "$T/err" "usage: fieldcheck export"
expect_exit 2 "an option's missing value is bad usage" "$FC" export --format
contains "saying which" "$T/err" "export: --format needs a value"
expect_exit 2 "a value given to a flag is bad usage" "$FC" list --unsynced=yes
contains "saying so" "$T/err" "list: --unsynced takes no value"
expect_exit 2 "an abbreviation is not an option" "$FC" export --form csv
expect_exit 2 "record refuses an unknown option before asking for a PIN" "$FC" record --templat gas
contains "naming it" "$T/err" "record: unknown option '--templat'"
expect_exit 1 "after --, an option-like word is an operand" "$FC" show -- --json
contains "looked up as a record id" "$T/err" "no record --json"

# Where the home is without FIELDCHECK_HOME: $XDG_DATA_HOME/fieldcheck when
# that is an absolute path; a relative one is ignored (the XDG base directory
# specification), or the home would move with the working directory.
mkdir -p "$T/cwd" "$T/user"
(cd "$T/cwd" && env -u FIELDCHECK_HOME HOME="$T/user" XDG_DATA_HOME=rel "$FC" list >/dev/null 2>&1)
if [ -d "$T/user/.local/share/fieldcheck" ] && [ ! -e "$T/cwd/rel" ]; then
	pass "a relative XDG_DATA_HOME is ignored for ~/.local/share/fieldcheck"
else
	fail "a relative XDG_DATA_HOME is ignored for ~/.local/share/fieldcheck" "$(ls -R "$T/cwd" "$T/user" 2>&1 | head -n 5)"
fi
(cd "$T/cwd" && env -u FIELDCHECK_HOME HOME="$T/user" XDG_DATA_HOME="$T/xdg" "$FC" list >/dev/null 2>&1)
[ -d "$T/xdg/fieldcheck" ] && pass "an absolute XDG_DATA_HOME holds the home" ||
	fail "an absolute XDG_DATA_HOME holds the home"
