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
contains "  saying what it takes" "$T/err" "--expires takes 90s, 30m, 24h or 7d"
ok "  and no inspector was made" sh -c "! '$FCS' --db '$DB' inspectors list | grep -q bob"
expect_exit 2 "serve refuses a bad number" "$FCS" --db "$DB" serve --per-ip-limit many
contains "  naming the option and its range" "$T/err" "--per-ip-limit must be a whole number from 0 to"
expect_exit 2 "serve refuses an unknown option" "$FCS" --db "$DB" serve --bogus
contains "  naming it" "$T/err" "serve: unknown option '--bogus'"
expect_exit 2 "serve refuses an operand" "$FCS" --db "$DB" serve extra
contains "  saying so" "$T/err" "serve takes no arguments besides its options"
expect_exit 2 "migrate-store needs both ends" "$FCS" --db "$DB" migrate-store --from "$T/x.db"
contains "  saying so" "$T/err" "usage: migrate-store --from FILE.db --to postgresql://"

PORT=$(free_port)
"$FCS" --db "$DB" serve --listen="127.0.0.1:$PORT" --header-timeout=5 2>>"$T/server.log" &
SERVER_PID=$!
fc_on_exit "kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null"
ok "serve takes --listen=ADDR:PORT" wait_port "$PORT"
ok "  and answers there" curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"
