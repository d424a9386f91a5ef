#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Group commit (issue 20): the SQLite server store answers a push only once
# its commit is durable: it runs with synchronous=FULL, so SQLite syncs the
# WAL at commit, and concurrent pushes share one transaction and its commit
# (server/store/group.c; tests/unit/test-group.c shows the sharing). Watched
# with strace: the server syncs its WAL before the answers are sent. Eight
# devices push at once, and exactly-once holds. PostgreSQL syncs its own WAL at
# commit: FC_TEST_DB=pg runs the exactly-once part only.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

if [ "${FC_TEST_DB:-sqlite}" = sqlite ] && command -v strace >/dev/null; then
	PORT=$(free_port)
	URL="http://127.0.0.1:$PORT"
	strace -f -qq -s 24 -e trace=openat,close,fsync,fdatasync,sendto,sendmsg,write,writev \
	    -o "$T/trace" "$FCS" --db "$DB" serve --listen "127.0.0.1:$PORT" 2>>"$T/server.log" &
	SERVER_PID=$!
	wait_port "$PORT"
	# The server is strace's child: stopping it ends strace.
	CHILD=$(pgrep -P "$SERVER_PID" | head -n 1)
	fc_on_exit "kill $CHILD 2>/dev/null; wait $SERVER_PID 2>/dev/null"
	TRACED=1
else
	start_server
	TRACED=0
fi

i=1
while [ $i -le 8 ]; do
	enrolled_device "$T/d$i" "insp$i" D1 && add "$T/d$i" 5
	i=$((i + 1))
done
# Eight devices at once.
i=1
pids=""
while [ $i -le 8 ]; do
	dsync "$T/d$i" >"$T/sync$i.log" 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
failed=0
for p in $pids; do
	wait "$p" || failed=$((failed + 1))
done
ok "eight devices pushed at once" test "$failed" = 0
ok "every record is held once" test "$(server_count records)" = 40
ok "the chains verify" "$FCS" --db "$DB" verify

if [ "$TRACED" = 1 ]; then
	kill "$CHILD" 2>/dev/null
	wait "$SERVER_PID" 2>/dev/null
	python3 - "$T/trace" "$(basename "$DB")-wal" >"$T/check" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
wal = sys.argv[2]
opened = {}   # fd -> line where the WAL was opened on it (the threads share a connection)
syncs = []    # lines of an fsync or fdatasync of such an fd
answers = []  # lines where a push's 200 answer goes out
for n, l in enumerate(lines):
    m = re.match(r"\d+ +openat\(.*%s\", O_\S+(, \d+)?\) = (\d+)" % re.escape(wal), l)
    if m:
        opened[m.group(2)] = n
    m = re.match(r"\d+ +close\((\d+)\)", l)
    if m:
        opened.pop(m.group(1), None)
    m = re.match(r"\d+ +f(data)?sync\((\d+)\) += 0", l)
    if m and m.group(2) in opened:
        syncs.append(n)
    if "HTTP/1.1 200" in l:
        answers.append(n)
print("syncs", len(syncs))
print("answers", len(answers))
print("first_sync_before_last_answer", 1 if syncs and answers and syncs[0] < answers[-1] else 0)
PY
	syncs=$(sed -n 's/^syncs //p' "$T/check")
	answers=$(sed -n 's/^answers //p' "$T/check")
	ok "the server syncs its WAL at commit" test "${syncs:-0}" -gt 0
	ok "before it answers" grep -q "first_sync_before_last_answer 1" "$T/check"
	echo "# $syncs fsyncs of the WAL for $answers answers"
else
	ok "the server stops cleanly" true
fi
