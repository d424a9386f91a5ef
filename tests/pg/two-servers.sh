#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Two fieldcheck-server processes over one PostgreSQL database, hit directly
# on two loopback ports (what nginx would spread between them): devices push
# through both at once, the same batch reaches both at the same moment, and
# every record is stored exactly once; a request replayed to the other
# process is refused, because nonces live in the database.
. "$(dirname "$0")/../lib.sh"
FC_TEST_DB=pg
. "$(dirname "$0")/../sync/common.inc"

# bgsync NAME HOME URL: sync HOME through URL in the background; status in $T/NAME.rc.
PIDS=""
bgsync() {
	(dsync "$2" --server "$3" >"$T/$1.out" 2>&1; echo $? >"$T/$1.rc") &
	PIDS="$PIDS $!"
}
wait_jobs() {
	for p in $PIDS; do
		wait "$p"
	done
	PIDS=""
}
# all_zero NAME...: every one of these syncs exited 0.
all_zero() {
	for n in "$@"; do
		[ "$(cat "$T/$n.rc" 2>/dev/null)" = 0 ] || return 1
	done
}

start_server
URL1=$URL
PORT1=$PORT
PID1=$SERVER_PID
start_server
URL2=$URL
PORT2=$PORT
PID2=$SERVER_PID
ok "two server processes answer on two ports" test "$PORT1" != "$PORT2"

# Six devices; each pushes its first records through server 1 and the next
# ones through server 2, all devices at once.
N=6
i=1
while [ $i -le $N ]; do
	# Enrolment codes are rows too: half the devices enrol through each server.
	if [ $((i % 2)) -eq 1 ]; then URL=$URL1; else URL=$URL2; fi
	enrolled_device "$T/d$i" "insp$i" "D$((i % 2 + 1))" || fail "device $i enrolled"
	add "$T/d$i" 30
	i=$((i + 1))
done
i=1
while [ $i -le $N ]; do
	bgsync "s1.$i" "$T/d$i" "$URL1"
	i=$((i + 1))
done
wait_jobs
ok "every device synced through server 1" all_zero s1.1 s1.2 s1.3 s1.4 s1.5 s1.6
ok "the database holds 180 records" test "$(server_count records)" = 180

i=1
while [ $i -le $N ]; do
	add "$T/d$i" 20
	bgsync "s2.$i" "$T/d$i" "$URL2"
	i=$((i + 1))
done
wait_jobs
ok "every device went on through server 2, continuing its chain" \
    all_zero s2.1 s2.2 s2.3 s2.4 s2.5 s2.6
ok "the database holds 300 records" test "$(server_count records)" = 300

# The same batch to both processes at the same moment: two copies of one
# device home hold the same unsynced, signed records; each copy pushes
# through its own server, all devices at once, several rounds.
round=1
while [ $round -le 3 ]; do
	i=1
	while [ $i -le $N ]; do
		add "$T/d$i" 25
		rm -rf "$T/c$i"
		cp -a "$T/d$i" "$T/c$i"
		i=$((i + 1))
	done
	i=1
	while [ $i -le $N ]; do
		bgsync "a.$i" "$T/d$i" "$URL1"
		bgsync "b.$i" "$T/c$i" "$URL2"
		i=$((i + 1))
	done
	wait_jobs
	ok "round $round: both copies of every device synced, one through each server" \
	    all_zero a.1 a.2 a.3 a.4 a.5 a.6 b.1 b.2 b.3 b.4 b.5 b.6
	round=$((round + 1))
done
ok "every record is stored exactly once (300 + 3 x 6 x 25 = 750)" \
    test "$(server_count records)" = 750
ok "no batch was taken for a fork" test "$(server_count forks)" = 0
ok "no (device, seq) is held twice" test "$(pg_sql "SELECT count(*) FROM (SELECT device_id, seq
    FROM records GROUP BY 1, 2 HAVING count(*) > 1) d")" = 0
ok "every device's mark is its newest record" test "$(pg_sql "SELECT count(*) FROM devices d
    WHERE held_seq <> (SELECT max(seq) FROM records r WHERE r.device_id = d.id)")" = 0
ok "both copies of every device were told the server holds all 125 of its records" \
    test "$(grep -l 'the server holds 125 from this device' "$T"/a.*.out "$T"/b.*.out | wc -l)" = 12
expect_exit 0 "every chain in the database verifies" "$FCS" --db "$DB" verify
contains "all of them" "$T/out" "verified 750 records on 6 devices"

# One code spent through both servers at the same moment: exactly one device gets it.
new_device "$T/e1" eve && new_device "$T/e2" eve
c=$(code eve D1)
(echo "$PIN" | FIELDCHECK_HOME="$T/e1" "$FC" enroll "$URL1" "$c" --pin-stdin >/dev/null 2>&1
 echo $? >"$T/e1.rc") &
E1=$!
(echo "$PIN" | FIELDCHECK_HOME="$T/e2" "$FC" enroll "$URL2" "$c" --pin-stdin >/dev/null 2>&1
 echo $? >"$T/e2.rc") &
E2=$!
wait $E1
wait $E2
ok "one code sent to both servers at once enrols exactly one device" \
    test "$(cat "$T/e1.rc" "$T/e2.rc" | sort | tr '\n' ' ')" = "0 1 "
ok "and the database knows seven devices" test "$(server_count devices)" = 7

# A request recorded on its way to server 1 and replayed to server 2.
PP=$(free_port)
"$FCP" "$PP" "$PORT1" --record "$T/sent.bin" >/dev/null &
PROXY=$!
fc_on_exit "kill $PROXY 2>/dev/null"
wait_port "$PP"
add "$T/d1" 1
expect_exit 0 "a sync through server 1, recorded" dsync "$T/d1" --server "http://127.0.0.1:$PP"
"$FCP" replay "$PORT2" "$T/sent.bin" >"$T/replay.out"
contains "replayed to server 2, it is refused" "$T/replay.out" "request replayed"
ok "and nothing more is stored" test "$(server_count records)" = 751

SERVER_PID=$PID2
stop_server
SERVER_PID=$PID1
stop_server
