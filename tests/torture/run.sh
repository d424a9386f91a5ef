#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The crash campaign (`make torture`): a record acknowledged is a record kept,
# whatever kills the device or the server, and a full disk loses nothing.
#
#   tests/torture/run.sh [BUILD]          (default build/san)
#
# Phases, each a number of trials with one fault injected per trial:
#   store    SIGKILL `fc-test-helper add-records` at a random moment (it prints
#            "acked <seq>" after each durable commit)
#   record   SIGKILL `fieldcheck record` at a random moment (a printed record
#            id is its acknowledgement)
#   import   SIGKILL `fieldcheck households import` of a large file: all rows
#            or none, never part
#   sync     SIGKILL `fieldcheck sync` mid-push, or SIGKILL the server mid-push
#            and restart it; every record the device marks synced is on the
#            server, nothing twice, and a last sync completes the set
#   disk     the home on a 2 MiB tmpfs filled to the last byte: "device storage
#            is full; nothing was saved", then after freeing space verify
#            passes and nothing acknowledged is missing
# After every trial: the store opens, `fieldcheck verify` passes, every
# acknowledged record is there exactly once and the sequence has no gap.
# Prints "ok - ..." lines, then one summary line:
#   torture: trials T, faults injected F, records checked R, records lost L,
#   duplicates D, crashes found C
# Trial counts: FC_TORTURE_STORE (200), FC_TORTURE_RECORD (40),
# FC_TORTURE_IMPORT (20), FC_TORTURE_SYNC (60). Exits 1 when anything failed.
set -u
: "${FC_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
BUILD=${1:-build/san}
case $BUILD in /*) ;; *) BUILD="$FC_ROOT/$BUILD" ;; esac
export FC_BUILD="$BUILD" FC_ROOT
. "$FC_ROOT/tests/lib.sh"
. "$FC_ROOT/tests/sync/common.inc"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0
cd "$T" || exit 1

STORE_TRIALS=${FC_TORTURE_STORE:-200}
RECORD_TRIALS=${FC_TORTURE_RECORD:-40}
IMPORT_TRIALS=${FC_TORTURE_IMPORT:-20}
SYNC_TRIALS=${FC_TORTURE_SYNC:-60}

trials=0 faults=0 checked=0 lost=0 dups=0 crashes=0 failures=0
printf '%s\n' "$PIN" >"$T/pin"

note_fail() { failures=$((failures + 1)); fail "$@"; }

# phase NAME: whether to run it (FC_TORTURE_ONLY="store disk" runs just those).
phase() {
	case " ${FC_TORTURE_ONLY:-store record import sync disk} " in *" $1 "*) return 0 ;; esac
	return 1
}

# rand_delay MAX_MS: a random "0.xyz"-style sleep argument below MAX_MS.
rand_delay() {
	r=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
	awk -v r="$r" -v m="$1" 'BEGIN { printf "%.3f", (r % m) / 1000 }'
}

# sanitizer_report FILE...: 0 when a file holds an ASan/UBSan report.
sanitizer_report() {
	grep -qE 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer' "$@" 2>/dev/null
}

# check_home HOME ACKED: the store opens and verifies, every seq in ACKED is
# stored exactly once, and stored seqs run 1..n without a gap. Adds to the
# counters; prints nothing unless something is wrong (first few only).
check_home() {
	h=$1 acked=$2
	if ! FIELDCHECK_HOME="$h" "$FCH" seqs >"$T/seqs" 2>"$T/seqs.err"; then
		note_fail "trial $trials: the store opens" "$(head -n 3 "$T/seqs.err")"
		sanitizer_report "$T/seqs.err" && crashes=$((crashes + 1))
		return
	fi
	if ! FIELDCHECK_HOME="$h" "$FC" verify >"$T/v.out" 2>"$T/v.err"; then
		note_fail "trial $trials: fieldcheck verify passes" "$(head -n 3 "$T/v.err")"
		sanitizer_report "$T/v.err" && crashes=$((crashes + 1))
	fi
	n_acked=$(grep -c '^acked ' "$acked")
	checked=$((checked + n_acked))
	miss=$(awk 'NR == FNR { have[$1]++; next } /^acked / && !($2 in have) { n++ } END { print n + 0 }' \
	    "$T/seqs" "$acked")
	dup=$(sort -n "$T/seqs" | uniq -d | wc -l)
	gap=$(awk '$1 != NR { print NR; exit }' "$T/seqs")
	if [ "$miss" -ne 0 ]; then
		lost=$((lost + miss))
		note_fail "trial $trials: every acknowledged record is kept" "$miss of $n_acked missing"
	fi
	if [ "$dup" -ne 0 ]; then
		dups=$((dups + dup))
		note_fail "trial $trials: no record is stored twice" "$dup duplicated seqs"
	fi
	[ -n "$gap" ] && note_fail "trial $trials: stored seqs have no gap" "first gap at $gap"
	return 0
}

# fresh_home DIR: a home with a minimum-cost key (copied from a template).
new_home_template() {
	FIELDCHECK_HOME="$T/tpl-home" "$FCH" init-fast T1 测试员 <"$T/pin" >/dev/null 2>&1 || {
		fail "init-fast makes a home"
		exit 1
	}
	printf 'id,district,address,resident,phone,kind,last_check\nHH-1,新华区,新华路1号,王建国,13800000001,residential,\n' >"$T/hh.csv"
	FIELDCHECK_HOME="$T/tpl-home" "$FC" households import "$T/hh.csv" >/dev/null || {
		fail "the template home takes a household"
		exit 1
	}
}
fresh_home() {
	rm -rf "$1"
	cp -a "$T/tpl-home" "$1"
}

# died_by_signal WHAT RC KILLED: a program that ended by a signal we did not
# send (KILLED 1: our SIGKILL, exit 137) is a crash: an abort() or a segfault
# leaves no sanitizer report when the sanitizers are not the ones to see it.
died_by_signal() {
	if [ "$2" -gt 128 ] && { [ "$3" -eq 0 ] || [ "$2" -ne 137 ]; }; then
		crashes=$((crashes + 1))
		note_fail "trial $trials: $1 ends by itself or by our SIGKILL" "it died of signal $(($2 - 128))"
	fi
}

# kill_at PID DELAY WHAT: SIGKILL PID after DELAY seconds; counts a fault if it ran.
kill_at() {
	sleep "$2"
	killed=0
	if kill -9 "$1" 2>/dev/null; then
		faults=$((faults + 1))
		killed=1
	fi
	wait "$1" 2>/dev/null
	died_by_signal "${3:-the program}" $? "$killed"
}

new_home_template

# -- store: kill the writer ------------------------------------------------
H="$T/h"
fresh_home "$H"
f0=$faults
ti=1
phase store || ti=$((STORE_TRIALS + 1))
while [ "$ti" -le "$STORE_TRIALS" ]; do
	trials=$((trials + 1))
	[ $((ti % 25)) -eq 0 ] && fresh_home "$H"
	FIELDCHECK_HOME="$H" "$FCH" add-records 1000 --pin-stdin <"$T/pin" >"$T/acked" 2>"$T/add.err" &
	kill_at $! "$(rand_delay 600)" "fc-test-helper add-records"
	sanitizer_report "$T/add.err" && crashes=$((crashes + 1))
	check_home "$H" "$T/acked"
	ti=$((ti + 1))
done
phase store && pass "store: $STORE_TRIALS trials, $((faults - f0)) kills of a running writer, checked after each"

# -- record: kill `fieldcheck record` --------------------------------------
fresh_home "$H"
f0=$faults
ti=1
phase record || ti=$((RECORD_TRIALS + 1))
while [ "$ti" -le "$RECORD_TRIALS" ]; do
	trials=$((trials + 1))
	FIELDCHECK_HOME="$H" "$FC" record --template gas --household HH-1 \
	    --answers "$FC_ROOT/tests/data/answers/gas-clean.json" --pin-stdin <"$T/pin" \
	    >"$T/rec.out" 2>"$T/rec.err" &
	kill_at $! "$(rand_delay 130)" "fieldcheck record"
	sanitizer_report "$T/rec.err" && crashes=$((crashes + 1))
	# A printed id is the acknowledgement; keep them all across trials.
	sed -n 's/^[0-9a-f]*-0*\([0-9][0-9]*\)$/acked \1/p' "$T/rec.out" >>"$T/rec.acked"
	touch "$T/rec.acked"
	check_home "$H" "$T/rec.acked"
	ti=$((ti + 1))
done
phase record && pass "record: $RECORD_TRIALS trials, $((faults - f0)) kills of a running fieldcheck record, checked after each"

# -- import: all rows or none -------------------------------------------------
awk 'BEGIN { print "id,district,address,resident,phone,kind,last_check";
	for (i = 1; i <= 20000; i++)
		printf "B%06d,城关镇,东风村%d组%d号,\"张,%d\",1380000%04d,rural,2024-01-01\n", i, i % 9, i, i, i % 10000 }' \
    >"$T/big.csv"
import_bad=0
f0=$faults
ti=1
phase import || ti=$((IMPORT_TRIALS + 1))
while [ "$ti" -le "$IMPORT_TRIALS" ]; do
	trials=$((trials + 1))
	fresh_home "$H"
	FIELDCHECK_HOME="$H" "$FC" households import "$T/big.csv" >"$T/imp.out" 2>"$T/imp.err" &
	kill_at $! "$(rand_delay 1500)" "fieldcheck households import"
	sanitizer_report "$T/imp.err" && crashes=$((crashes + 1))
	n=$(sqlite3 "$H/store.db" "select count(*) from households where id like 'B%'" 2>&1)
	checked=$((checked + 1))
	if [ "$n" != 0 ] && [ "$n" != 20000 ]; then
		import_bad=$((import_bad + 1))
		note_fail "trial $trials: an interrupted import keeps all rows or none" "$n rows"
	fi
	if ! FIELDCHECK_HOME="$H" "$FC" households search 东风村7组 --json >/dev/null 2>"$T/s.err"; then
		note_fail "trial $trials: search works after an interrupted import" "$(head -n 2 "$T/s.err")"
	fi
	ti=$((ti + 1))
done
phase import && [ "$import_bad" -eq 0 ] && pass "import: $IMPORT_TRIALS trials, $((faults - f0)) kills mid-import, every time all 20000 rows or none"

# -- sync: kill the client or the server mid-push ------------------------------
SPORT=$(free_port)
URL="http://127.0.0.1:$SPORT"
SERVER_PID=""
server_up() {
	"$FCS" --db "$DB" serve --listen "127.0.0.1:$SPORT" 2>>"$T/server.log" &
	SERVER_PID=$!
	wait_port "$SPORT"
}
# The server is only ever ended by our SIGKILL: any other end is a crash, or
# a server that stopped serving without anyone noticing (every sync after it
# would fail cleanly and pass).
server_kill() {
	if [ -n "$SERVER_PID" ]; then
		kill -9 "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
		src=$?
		if [ "$src" -ne 137 ]; then
			crashes=$((crashes + 1))
			note_fail "trial $trials: the server runs until it is killed" "it had ended with status $src"
		fi
	fi
	SERVER_PID=""
}
fc_on_exit 'server_kill'
D="$T/dev"
rm -rf "$D"
if ! phase sync; then
	sync_ok=0
elif server_up && enrolled_device "$D" sam D1 >"$T/enrol.out" 2>&1; then
	sync_ok=1
else
	sync_ok=0
	note_fail "sync: a device enrols with a fresh server" "$(cat "$T/enrol.out")"
fi
server_synced_bad=0
f0=$faults
ti=1
while [ "$sync_ok" -eq 1 ] && [ "$ti" -le "$SYNC_TRIALS" ]; do
	trials=$((trials + 1))
	echo "$PIN" | FIELDCHECK_HOME="$D" "$FCH" add-records 300 --pin-stdin >/dev/null 2>&1
	printf '%s\n' "$PIN" | FIELDCHECK_HOME="$D" "$FC" sync --pin-stdin >"$T/sync.out" 2>"$T/sync.err" &
	cpid=$!
	if [ $((ti % 2)) -eq 0 ]; then
		kill_at "$cpid" "$(rand_delay 300)" "fieldcheck sync"
	else
		sleep "$(rand_delay 300)"
		if kill -0 "$cpid" 2>/dev/null; then
			server_kill
			faults=$((faults + 1))
		fi
		wait "$cpid" 2>/dev/null
		died_by_signal "fieldcheck sync" $? 0
		[ -z "$SERVER_PID" ] && server_up
	fi
	sanitizer_report "$T/sync.err" && crashes=$((crashes + 1))
	# Device side: the store is intact and its acknowledged records are all there.
	FIELDCHECK_HOME="$D" "$FCH" seqs | sed 's/^/acked /' >"$T/dev.acked"
	check_home "$D" "$T/dev.acked"
	total=$(wc -l <"$T/dev.acked")
	unsent=$(FIELDCHECK_HOME="$D" "$FC" list --unsynced --json | grep -c '"seq"')
	held=$(sqlite3 "$DB" "select count(*) from records" 2>/dev/null)
	distinct=$(sqlite3 "$DB" "select count(distinct device_id || ':' || seq) from records" 2>/dev/null)
	if [ "$held" != "$distinct" ]; then
		dups=$((dups + held - distinct))
		note_fail "trial $trials: the server holds no record twice" "$held rows, $distinct distinct"
	fi
	# Marked synced on the device means held by the server.
	if [ $((total - unsent)) -gt "${held:-0}" ]; then
		server_synced_bad=$((server_synced_bad + 1))
		lost=$((lost + total - unsent - held))
		note_fail "trial $trials: every record the device marked synced is on the server" \
		    "device synced $((total - unsent)), server holds $held"
	fi
	ti=$((ti + 1))
done
if [ "$sync_ok" -eq 1 ]; then
	pass "sync: $SYNC_TRIALS trials, $((faults - f0)) kills of a client or server mid-sync"
	expect_exit 0 "sync: a last sync after them completes" \
	    sh -c "echo $PIN | FIELDCHECK_HOME='$D' '$FC' sync --pin-stdin"
	total=$(FIELDCHECK_HOME="$D" "$FCH" seqs | wc -l)
	held=$(sqlite3 "$DB" "select count(*) from records")
	checked=$((checked + total))
	if [ "$held" = "$total" ]; then
		pass "sync: the server holds all $total records exactly once"
	else
		lost=$((lost + total - held))
		note_fail "sync: the server holds all $total records exactly once" "it holds $held"
	fi
	server_kill
	expect_exit 0 "sync: the server's store verifies after every kill" "$FCS" --db "$DB" verify
	expect_exit 0 "sync: the device's store verifies" env FIELDCHECK_HOME="$D" "$FC" verify
	sanitizer_report "$T/server.log" && {
		crashes=$((crashes + 1))
		note_fail "sync: the server ran without a sanitizer report" \
		    "$(grep -m3 -E 'ERROR|runtime error' "$T/server.log")"
	}
fi

# -- disk: a full tmpfs ---------------------------------------------------------
# Filled to the last byte, then 256 KiB freed: room for the key file's counted
# unlock (it is rewritten before Argon2id, so a full disk can never give a free
# PIN try) and for a few records, then the store runs out mid-stream.
FULL="$T/full"
mkdir -p "$FULL"
if ! phase disk; then
	:
elif mount -t tmpfs -o size=2m tmpfs "$FULL" 2>/dev/null; then
	fc_on_exit "umount '$FULL' 2>/dev/null"
	trials=$((trials + 1))
	FH="$FULL/home"
	fresh_home "$FH"
	FIELDCHECK_HOME="$FH" "$FCH" add-records 20 --pin-stdin <"$T/pin" >"$T/full.acked" 2>/dev/null
	dd if=/dev/zero of="$FULL/reserve" bs=4k count=64 2>/dev/null
	dd if=/dev/zero of="$FULL/filler" bs=4k 2>/dev/null
	rm -f "$FULL/reserve"
	faults=$((faults + 1))
	FIELDCHECK_HOME="$FH" "$FCH" add-records 5000 --pin-stdin <"$T/pin" >>"$T/full.acked" 2>"$T/full.err"
	rc=$?
	[ "$rc" -eq 1 ] && pass "disk: adding records until the disk is full fails ($(grep -c acked "$T/full.acked") acknowledged before)" ||
	    note_fail "disk: adding records until the disk is full fails (exit $rc)"
	contains "disk: the error says storage is full and nothing was saved" "$T/full.err" \
	    "device storage is full; nothing was saved"
	expect_exit 1 "disk: fieldcheck record on the full disk exits 1" \
	    sh -c "FIELDCHECK_HOME='$FH' '$FC' record --template gas --household HH-1 --answers '$FC_ROOT/tests/data/answers/gas-clean.json' --pin-stdin <'$T/pin'"
	contains "disk: record says storage is full" "$T/err" "device storage is full"
	sed -n 's/^[0-9a-f]*-0*\([0-9][0-9]*\)$/acked \1/p' "$T/out" >>"$T/full.acked"
	cp "$T/err" "$T/full-record.err"
	expect_exit 1 "disk: a households import on the full disk exits 1" \
	    env FIELDCHECK_HOME="$FH" "$FC" households import "$T/big.csv"
	contains "disk: import says storage is full" "$T/err" "device storage is full; nothing was saved"
	cp "$T/err" "$T/full-import.err"
	if sanitizer_report "$T/full.err" "$T/full-record.err" "$T/full-import.err"; then
		crashes=$((crashes + 1))
		note_fail "disk: no sanitizer report on a full disk"
	fi
	rm -f "$FULL/filler"
	check_home "$FH" "$T/full.acked"
	expect_exit 0 "disk: after freeing space the store verifies" env FIELDCHECK_HOME="$FH" "$FC" verify
	expect_exit 0 "disk: and takes records again" \
	    sh -c "FIELDCHECK_HOME='$FH' '$FCH' add-records 3 --pin-stdin <'$T/pin'"
	n=$(sqlite3 "$FH/store.db" "select count(*) from households where id like 'B%'")
	[ "$n" = 0 ] && pass "disk: the refused import left no rows" ||
	    note_fail "disk: the refused import left no rows" "$n rows"
	umount "$FULL"
else
	echo "ok - disk: full disk # skip: cannot mount a tmpfs (needs root)"
fi

[ "$crashes" -eq 0 ] && pass "no sanitizer report or crash in any program" ||
    note_fail "$crashes sanitizer reports or crashes"
echo "torture: trials $trials, faults injected $faults, records checked $checked, records lost $lost, duplicates $dups, crashes found $crashes"
[ "$failures" -eq 0 ] && [ "$lost" -eq 0 ] && [ "$dups" -eq 0 ] && [ "$crashes" -eq 0 ]
