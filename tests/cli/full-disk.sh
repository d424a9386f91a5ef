#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A full disk loses nothing and says so plainly: with the home on a small
# tmpfs filled to the last byte, adding records, `fieldcheck record`, a
# households import and even opening the store say "device storage is full"
# (never a bare "disk I/O error"), and after space is freed the store
# verifies with every acknowledged record; the same file system made
# read-only is named as such. Needs root for the tmpfs mount; skips otherwise. The longer version is part of `make torture`.
. "$(dirname "$0")/../lib.sh"

PIN=246813
printf '%s\n' "$PIN" >"$T/pin"
FULL="$T/full"
mkdir -p "$FULL"
if ! mount -t tmpfs -o size=2m tmpfs "$FULL" 2>/dev/null; then
	echo "ok - full disk # skip: cannot mount a tmpfs (needs root)"
	exit 0
fi
fc_on_exit "umount '$FULL' 2>/dev/null"
export FIELDCHECK_HOME="$FULL/home"
"$FCH" init-fast F1 测试员 <"$T/pin" >/dev/null 2>&1 || { fail "init-fast on the tmpfs"; exit 0; }
"$FCH" add-records 10 --pin-stdin <"$T/pin" >"$T/acked" 2>&1
printf 'id,district,address,resident,phone,kind,last_check\nHH-1,新华区,新华路1号,王建国,13800000001,residential,\n' >"$T/hh.csv"
"$FC" households import "$T/hh.csv" >/dev/null 2>&1

# Full to the last byte after a clean close: the WAL index cannot be made.
dd if=/dev/zero of="$FULL/filler" bs=4k 2>/dev/null
dd if=/dev/zero of="$FULL/filler2" bs=1k 2>/dev/null
expect_exit 1 "opening the store on a full disk fails" "$FC" list
contains "and says storage is full, not 'disk I/O error'" "$T/err" "device storage is full"
rm -f "$FULL/filler" "$FULL/filler2"

# Leave 256 KiB: the key file can count an unlock, the store grows a little.
dd if=/dev/zero of="$FULL/reserve" bs=4k count=64 2>/dev/null
dd if=/dev/zero of="$FULL/filler" bs=4k 2>/dev/null
rm -f "$FULL/reserve"
expect_exit 1 "records stop when the disk fills" \
    sh -c "'$FCH' add-records 5000 --pin-stdin <'$T/pin' >>'$T/acked'"
contains "the writer says storage is full and nothing was saved" "$T/err" \
    "device storage is full; nothing was saved"

# Now truly full: not even the WAL index or the key file can grow.
dd if=/dev/zero of="$FULL/filler2" bs=1k 2>/dev/null
expect_exit 1 "fieldcheck record on a full disk fails" \
    sh -c "'$FC' record --template gas --household HH-1 --answers '$FC_ROOT/tests/data/answers/gas-clean.json' --pin-stdin <'$T/pin'"
contains "record says storage is full" "$T/err" "device storage is full"

rm -f "$FULL/filler" "$FULL/filler2"
expect_exit 0 "after freeing space the store verifies" "$FC" verify
"$FCH" seqs >"$T/seqs"
missing=$(awk 'NR == FNR { have[$1] = 1; next } /^acked / && !($2 in have) { n++ } END { print n + 0 }' \
    "$T/seqs" "$T/acked")
ok "every acknowledged record is kept ($(grep -c '^acked' "$T/acked") acknowledged)" test "$missing" -eq 0

# A read-only medium (an SD card's lock, a mount gone read-only): SQLite says
# only "unable to open database file"; fieldcheck names the cause.
if mount -o remount,ro "$FULL" 2>/dev/null; then
	expect_exit 1 "a store on a read-only file system: list fails" "$FC" list
	contains "  saying store.db cannot be written" "$T/err" \
		"store.db cannot be written by this user, or is on a read-only medium"
	expect_exit 1 "  and so does record" \
	    sh -c "'$FC' record --template gas --household HH-1 --answers '$FC_ROOT/tests/data/answers/gas-clean.json' --pin-stdin <'$T/pin'"
	contains "  saying the same" "$T/err" "check the owner and permissions of store.db"
else
	echo "ok - read-only store # skip: cannot remount the tmpfs read-only"
fi
