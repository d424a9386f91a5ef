#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `make demo`: create (once) a demo home with a generated sample district and
# open fieldcheck on it. Safe to run again: an existing demo home is reused, so
# records made in an earlier demo are still there.
#
#   usage: tools/demo.sh BUILD
set -eu
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
FC="$ROOT/$BUILD/fieldcheck"
GEN="$ROOT/$BUILD/bench/gen-households"
DEMO="$ROOT/$BUILD/demo-home"
PIN=258036
export FIELDCHECK_HOME="$DEMO"

if [ ! -f "$DEMO/key.json" ]; then
	echo "Creating the demo home in $DEMO (PIN $PIN) ..."
	mkdir -p "$DEMO"
	"$GEN" 400 2026 >"$DEMO/households.csv"
	echo "$PIN" | "$FC" init --inspector demo01 --name 演示检查员 --pin-stdin
	"$FC" households import "$DEMO/households.csv"
fi

# A demo server on loopback with the demo inspector enrolled (as a supervisor,
# so the summary shows too); it stops when the TUI exits.
FCS="$ROOT/$BUILD/fieldcheck-server"
SDB="$ROOT/$BUILD/demo-server.db"
SPORT=${FC_DEMO_PORT:-8470}
SURL="http://127.0.0.1:$SPORT"
if [ -x "$FCS" ]; then
	"$FCS" --db "$SDB" serve --listen "127.0.0.1:$SPORT" 2>>"$ROOT/$BUILD/demo-server.log" &
	SERVER=$!
	trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT INT TERM
	i=0
	while [ $i -lt 50 ] && ! curl -s -o /dev/null "$SURL/"; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ ! -f "$DEMO/.enrolled" ]; then
		"$FCS" --db "$SDB" households import "$DEMO/households.csv" >/dev/null || true
		code=$("$FCS" --db "$SDB" enroll --inspector demo01 --name 演示检查员 \
		    --district 新华区 --role supervisor 2>/dev/null) &&
			echo "$PIN" | "$FC" enroll "$SURL" "$code" --pin-stdin &&
			touch "$DEMO/.enrolled" || echo "(the demo server could not enrol the demo inspector)"
	fi
	echo "Demo server: $SURL (store $SDB, log $ROOT/$BUILD/demo-server.log)"
fi

echo
echo "Demo home: $DEMO   inspector demo01   PIN $PIN"
echo "The command line works on it too, for example:"
echo "  FIELDCHECK_HOME=$DEMO $FC households search 新华"
echo "  FIELDCHECK_HOME=$DEMO $FC list"
echo "  echo $PIN | FIELDCHECK_HOME=$DEMO $FC sync --pin-stdin"
echo "  echo $PIN | FIELDCHECK_HOME=$DEMO $FC summary --pin-stdin"
echo
"$FC"
