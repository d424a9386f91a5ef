#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# fieldcheck-server's commands declare their options in a table and parse
# them with the device's parser (core/opts.c): --name VALUE and --name=VALUE
# alike; an unknown option, a missing value or a bad number is bad usage
# (exit 2) naming the command and the option, before anything is done.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

expect_exit 0 "enroll takes --name=VALUE as well as --name VALUE" \
    "$FCS" --db "$DB" enroll --inspector=ana --name Ana --district=D1 --expires=2h
ok "  and prints a code" grep -Eq '^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$' "$T/out"
contains "  for that inspector and district" "$T/err" "inspector ana (Ana, district D1)"
expect_exit 2 "an unknown option is refused" "$FCS" --db "$DB" enroll --inspektor ana \
    --name Ana --district D1
contains "  naming the command and the option" "$T/err" "enroll: unknown option '--inspektor'"
expect_exit 2 "an option without its value is refused" "$FCS" --db "$DB" enroll --name Ana \
    --district D1 --inspector
contains "  naming it" "$T/err" "enroll: --inspector needs a value"
expect_exit 2 "a bad duration is refused" "$FCS" --db "$DB" enroll --inspector bob --name Bob \
    --district D1 --expires 3x
contains "  saying what it takes" "$T/err" "--expires takes a time from 1s to 30d, such as 90s, 30m, 24h or 7d"
ok "  and no inspector was made" sh -c "! '$FCS' --db '$DB' inspectors list | grep -q bob"
contains "  followed by enroll's own usage" "$T/err" "  enroll --inspector ID --name NAME"
contains "  and where to find the rest" "$T/err" "'fieldcheck-server --help' lists every command"
ok "  not every command's" sh -c "! grep -q -e 'Commands:' -e 'migrate-store' '$T/err'"
# A code is for one person and one device: from a second to thirty days, and
# a number too large to hold is refused, not wrapped into the past.
for e in 0 0s -1 31d 721h 2592001 99999999999999999999d 9223372036854775807s; do
	expect_exit 2 "enroll refuses --expires $e" "$FCS" --db "$DB" enroll --inspector bob \
	    --name Bob --district D1 --expires "$e"
	contains "  saying the range" "$T/err" "from 1s to 30d"
done
expect_exit 0 "enroll takes --expires 30d" "$FCS" --db "$DB" enroll --inspector bob --name Bob \
    --district D1 --expires 30d
contains "  valid thirty days" "$T/err" "until $(date -u -d @$(($(date +%s) + 30 * 86400)) +%Y-%m-%d)"
# The inspector's name is shown on the device, in listings, exports and the
# console, and sent as JSON: the rule of the device's init (core/ids.c).
for bad in "|a name is needed" "　 |a name is needed" "$(printf 'Li\nWang')|control character" \
    "$(printf '\325\305\310\375')|not UTF-8 text" "$(printf 'a\302\233b')|control character"; do
	expect_exit 2 "enroll refuses a name (${bad##*|})" "$FCS" --db "$DB" enroll \
	    --inspector cy --name "${bad%|*}" --district D1
	contains "  saying why" "$T/err" "${bad##*|}"
done
expect_exit 2 "  in the administrator's language" env LANGUAGE=zh_CN "$FCS" --db "$DB" enroll \
    --inspector cy --name "" --district D1
contains "  (Chinese)" "$T/err" "需要姓名"
ok "  and no such inspector was made" sh -c "! '$FCS' --db '$DB' inspectors list | grep -q '^cy '"
expect_exit 0 "inspectors list --json reads every name" "$FCS" --db "$DB" inspectors list --json
# Enrolling again moves an inspector: said to the administrator and in the audit log.
expect_exit 0 "enrolling an inspector again with another district works" "$FCS" --db "$DB" \
    enroll --inspector bob --name "Bob Li" --district D2
contains "  and says what changed" "$T/err" "inspector bob was inspector (Bob, district D1); from now on inspector (Bob Li, district D2)"
expect_exit 0 "  the audit log" "$FCS" --db "$DB" audit
contains "  keeps what it was" "$T/out" "for inspector bob (Bob Li, district D2), valid until"
contains "  (the old name and district)" "$T/out" "; was inspector bob (Bob, district D1)"
expect_exit 0 "enrolling again unchanged" "$FCS" --db "$DB" enroll --inspector bob \
    --name "Bob Li" --district D2
ok "  says nothing changed" sh -c "! grep -q 'from now on' '$T/err'"
expect_exit 2 "serve refuses a bad number" "$FCS" --db "$DB" serve --per-ip-limit many
contains "  naming the option and its range" "$T/err" "--per-ip-limit must be a whole number from 0 to"
expect_exit 2 "serve refuses an unknown option" "$FCS" --db "$DB" serve --bogus
contains "  naming it" "$T/err" "serve: unknown option '--bogus'"
expect_exit 2 "serve refuses an operand" "$FCS" --db "$DB" serve extra
contains "  saying so" "$T/err" "serve takes no arguments besides its options"
expect_exit 2 "migrate-store needs both ends" "$FCS" --db "$DB" migrate-store --from "$T/x.db"
contains "  saying so" "$T/err" "usage: migrate-store --from FILE.db --to postgresql://"


# Every command, and the options before it, go through the same parser: an
# option a command does not declare is refused, naming both, before anything is
# done (exit 2), never guessed from a prefix or skipped.
printf 'id,district,address,resident,phone,kind,last_check\nH1,D1,a,b,1,residential,\n' >"$T/hh.csv"
while IFS='|' read -r name args; do
	# shellcheck disable=SC2086 # args are words
	expect_exit 2 "$name refuses an option it does not declare" "$FCS" --db "$DB" $args --bogus
	contains "  naming itself and the option" "$T/err" "$name: unknown option '--bogus'"
done <<EOF2
user add|user add eve --role city --password-stdin
user passwd|user passwd eve --password-stdin
user disable|user disable eve
user list|user list
inspectors list|inspectors list
devices list|devices list
codes list|codes list
codes cancel|codes cancel ABCDEF
review|review R1 accepted
reviews|reviews
warnings run|warnings run
warnings list|warnings list
warnings redeliver|warnings redeliver 1
households|households import $T/hh.csv
templates|templates add $T/none.json
audit|audit
backup|backup $T/bk
export|export records
status|status
verify|verify
revoke|revoke --inspector ana
unrevoke|unrevoke --inspector ana
rebuild-aggregates|rebuild-aggregates
EOF2
ok "  and nothing was done: no account, no households, no revocation" sh -c \
    "! '$FCS' --db '$DB' user list | grep -q eve && ! '$FCS' --db '$DB' inspectors list | grep -q revoked && '$FCS' --db '$DB' status | grep -qx 'households 0'"
expect_exit 2 "a prefix of an option is not taken for it" "$FCS" --db "$DB" reviews --js
contains "  it is unknown" "$T/err" "reviews: unknown option '--js'"
expect_exit 2 "an option missing its value is named" "$FCS" --db "$DB" reviews --state
contains "  with the command" "$T/err" "reviews: --state needs a value"
expect_exit 2 "a flag given a value is refused" "$FCS" --db "$DB" user list --json=yes
contains "  saying it takes none" "$T/err" "user list: --json takes no value"
expect_exit 2 "warnings list takes no operand" "$FCS" --db "$DB" warnings list extra
contains "  naming it" "$T/err" "warnings list: unexpected 'extra'"
expect_exit 0 "--name=VALUE works for the other commands too" sh -c \
    "echo 'correct horse battery' | '$FCS' --db '$DB' user add eve --role=city --password-stdin"
expect_exit 0 "  and the account is listed" "$FCS" --db "$DB" user list --json
contains "  as a city account" "$T/out" '"name":"eve","role":"city"'
expect_exit 0 "reviews --state=S works" "$FCS" --db "$DB" reviews --state=returned --json
contains "  and answers" "$T/out" "[]"
expect_exit 0 "the global --db=FILE works" "$FCS" --db="$DB" status --json
contains "  on that store" "$T/out" '"inspectors":2'
expect_exit 2 "an unknown global option is refused" "$FCS" --bogus --db "$DB" status
contains "  naming it" "$T/err" "fieldcheck-server: unknown option '--bogus'"
contains "  with the usage" "$T/err" "usage: fieldcheck-server"
expect_exit 2 "a global option without its value is refused" "$FCS" --db
contains "  naming it" "$T/err" "fieldcheck-server: --db needs a value"
expect_exit 2 "unknown options are refused in the administrator's language" \
    env LANGUAGE=zh_CN "$FCS" --db "$DB" inspectors list --bogus
contains "  in Chinese" "$T/err" "inspectors list：未知选项“--bogus”"
expect_exit 2 "  and so are missing values" env LANGUAGE=zh_CN "$FCS" --db "$DB" audit --since
contains "  in Chinese" "$T/err" "audit：--since 需要一个值"
expect_exit 2 "  and the global options" env LANGUAGE=zh_CN "$FCS" --bogus status
contains "  in Chinese" "$T/err" "fieldcheck-server：未知选项“--bogus”"

PORT=$(free_port)
"$FCS" --db "$DB" serve --listen="127.0.0.1:$PORT" --header-timeout=5 2>>"$T/server.log" &
SERVER_PID=$!
fc_on_exit "kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null"
ok "serve takes --listen=ADDR:PORT" wait_port "$PORT"
ok "  and answers there" curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"
