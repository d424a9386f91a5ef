#!/bin/sh
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
PIN=123456
export FIELDCHECK_HOME="$DEMO"

if [ ! -f "$DEMO/key.json" ]; then
	echo "Creating the demo home in $DEMO (PIN $PIN) ..."
	mkdir -p "$DEMO"
	"$GEN" 400 2026 >"$DEMO/households.csv"
	echo "$PIN" | "$FC" init --inspector demo01 --name 演示检查员 --pin-stdin
	"$FC" households import "$DEMO/households.csv"
fi

echo
echo "Demo home: $DEMO   inspector demo01   PIN $PIN"
echo "The command line works on it too, for example:"
echo "  FIELDCHECK_HOME=$DEMO $FC households search 新华"
echo "  FIELDCHECK_HOME=$DEMO $FC list"
echo
exec "$FC"
