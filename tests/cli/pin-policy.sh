#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A new PIN is 6 to 64 digits, never a digit or a short block repeated nor
# holding five digits in a row a fixed step of 0, 1 or 2 apart (123456,
# 111112, 135790, 789012); `init --kdf OPS:MIB` sets the Argon2id cost written to
# key.json, within stated bounds, and the default is 3 passes over 64 MiB.
. "$(dirname "$0")/../lib.sh"

init() { printf '%s\n' "$1" | "$FC" init --inspector I1 --name 张三 --kdf 1:8 --pin-stdin; }
for pin in 1234 12345 000000 777777 121212 123123 123456 987654 345678 12345a '' \
    654321 111111 111112 123450 567890 789012 098765 135790 975310 1234567890; do
	expect_exit 2 "init refuses PIN '$pin'" init "$pin"
	[ ! -e "$FIELDCHECK_HOME/key.json" ] && pass "and makes no key for '$pin'" || fail "and makes no key for '$pin'"
done
expect_exit 2 "a short PIN is refused" init 12345
contains "saying how long a PIN is" "$T/err" "the PIN must be 6 to 64 digits"
expect_exit 2 "123456 is refused" init 123456
contains "saying why" "$T/err" "straight run"
expect_exit 2 "121212 is refused" init 121212
contains "saying why" "$T/err" "repeats a digit or a short block"
expect_exit 2 "135790 (1 3 5 7 9: up by two) is refused" init 135790
contains "saying why" "$T/err" "straight run of five digits"
expect_exit 2 "890123 (counting round from 9 to 0) is refused" init 890123
contains "saying why" "$T/err" "straight run of five digits"

for kdf in 0:8 17:8 3:4 3:2048 3 3:64x x:y; do
	expect_exit 2 "init refuses --kdf $kdf" sh -c "printf '258036\n' | '$FC' init --inspector I1 --name 张三 --kdf '$kdf' --pin-stdin"
done
contains "--kdf states its bounds and default" "$T/err" "1 to 16 passes over 8 to 1024 MiB (default 3:64)"

expect_exit 0 "init takes 258036 with --kdf 1:8" init 258036
contains "key.json records 1 pass" "$FIELDCHECK_HOME/key.json" '"ops": 1'
contains "over 8 MiB" "$FIELDCHECK_HOME/key.json" '"mem": 8388608'
expect_exit 0 "the key opens with that PIN" sh -c "printf '258036\n' | '$FCH' add-records 1 --pin-stdin"

export FIELDCHECK_HOME="$T/default"
expect_exit 0 "init without --kdf" sh -c "printf '246813\n' | '$FC' init --inspector I2 --name 李四 --pin-stdin"
contains "uses 3 passes by default" "$FIELDCHECK_HOME/key.json" '"ops": 3'
contains "over 64 MiB" "$FIELDCHECK_HOME/key.json" '"mem": 67108864'

# `config kdf` before the set-up: init without --kdf (and the first run's
# screen, tests/tui/screens.sh) seals the key at that cost; --kdf still wins.
export FIELDCHECK_HOME="$T/configured"
expect_exit 0 "config kdf is unset on a new device" "$FC" config kdf
contains "and says so" "$T/out" "(not set)"
for kdf in 0:8 17:8 3:4 3:2048 3 3:64x x:y ""; do
	expect_exit 2 "config refuses kdf '$kdf'" "$FC" config kdf "$kdf"
done
contains "the refusal states the bounds and the default" "$T/err" "1 to 16 passes over 8 to 1024 MiB (default 3:64)"
expect_exit 2 "in Chinese too" env LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL= "$FC" config kdf 0:8
contains "naming the bounds in Chinese" "$T/err" "不是"
expect_exit 0 "config kdf 2:16 is taken" "$FC" config kdf 2:16
contains "and shown" "$T/out" "2:16"
expect_exit 0 "config lists it among the settings" "$FC" config
contains "with its value" "$T/out" "kdf          2:16"
expect_exit 0 "init without --kdf" sh -c "printf '246813\n' | '$FC' init --inspector I3 --name 王五 --pin-stdin"
contains "uses the configured 2 passes" "$FIELDCHECK_HOME/key.json" '"ops": 2'
contains "over 16 MiB" "$FIELDCHECK_HOME/key.json" '"mem": 16777216'
expect_exit 0 "the key opens with that PIN" sh -c "printf '246813\n' | '$FCH' add-records 1 --pin-stdin"
export FIELDCHECK_HOME="$T/configured2"
"$FC" config kdf 2:16 >/dev/null
expect_exit 0 "init --kdf 1:8 beside config kdf 2:16" sh -c "printf '246813\n' | '$FC' init --inspector I4 --name 赵六 --kdf 1:8 --pin-stdin"
contains "--kdf wins" "$FIELDCHECK_HOME/key.json" '"ops": 1'
