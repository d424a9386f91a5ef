#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make city: tools/city.py over a SQLite store in build/city, or with --pg
# over a private PostgreSQL cluster (tests/pg/pg.inc) that is removed at the
# end. docs/city.md says what it builds and prints.
#   tools/city.sh BUILD [--pg] [city.py options...]
BUILD=$1
shift
FC_ROOT=$(cd "$(dirname "$0")/.." && pwd)
FC_BUILD=$FC_ROOT/$BUILD
. "$FC_ROOT/tests/lib.sh"
DB=""
if [ "${1:-}" = --pg ]; then
	shift
	. "$FC_ROOT/tests/pg/pg.inc"
	pg_start || exit 1
	DB=$PG_URI
fi
python3 "$FC_ROOT/tools/city.py" --build "$FC_BUILD" --root "$FC_ROOT" \
    --work "$FC_ROOT/$BUILD/city" ${DB:+--db "$DB"} "$@"
