#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The PostgreSQL store's reads that a console page makes per record go
# through an index, not a read of the whole table: a record's versions are
# found by their original (versions.root, migration 0024; SQLite's 0023).
# With sequential scans turned off the planner takes an index wherever one
# serves, so a plan without one means none exists.
. "$(dirname "$0")/../lib.sh"
FC_TEST_DB=pg
. "$(dirname "$0")/../sync/common.inc"

printf 'id,district,address,resident,phone,kind,last_check\nH1,D1,新华路1号,王芳,13800000001,residential,\n' >"$T/hh.csv"
expect_exit 0 "a store is made and migrated" "$FCS" --db "$DB" households import "$T/hh.csv"
plan() {
	psql -q -X -A -t "$DB" -c "SET enable_seqscan = off" -c "EXPLAIN $1" 2>&1
}
plan "SELECT v.id FROM versions v WHERE v.root = (SELECT root FROM versions WHERE id = 'x')" >"$T/plan"
ok "a record's versions are read through an index on their original" \
    grep -q 'versions_root' "$T/plan"
plan "SELECT count(*) FROM records r WHERE r.device_id = 1 AND r.day >= '2026-01-01'" >"$T/plan"
ok "the inspectors page counts a device's recent records in an index of (device, day)" \
    grep -q 'records_device_day' "$T/plan"
