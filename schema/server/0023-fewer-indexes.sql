-- SPDX-License-Identifier: Apache-2.0
-- Fewer index pages written per stored record (issue 20). Every index of a
-- table is written by each insert into it, and an index whose key does not
-- follow arrival (a day, a household, a hash) changes a leaf page of its own
-- per record, written whole to the WAL at each commit and again at each
-- checkpoint. These read nothing any statement of store/sqlite.c asks for
-- (EXPLAIN QUERY PLAN of each; tests/unit/test-console-plan.c):
--   records_day (district, day): only the recount's scans of every record
--     walked it; the console's records list reads records_listed.
--   records_received (received_at, district, device_id): "synced today" reads
--     the synced counters since 0016.
--   hazards_district (district, status, found): the open hazards come through
--     hazards_open (status, district, ...), the console's list of a district
--     through hazards_states (district, ...).
--   versions_district (district, day): no statement reads versions by district.
DROP INDEX records_day;
DROP INDEX records_received;
DROP INDEX hazards_district;
DROP INDEX versions_district;
-- A record follows another only if it is a follow-up: the other rows' NULLs
-- were most of the index and are never looked up (follows = ?).
DROP INDEX records_follows;
CREATE INDEX records_follows ON records (follows) WHERE follows IS NOT NULL;
-- A record's page lists every version of its original (SQL_CON_VERSIONS,
-- by root): without an index that read every version in the store. An
-- original's id is its device's and number's, so new entries land at the
-- end of their device's run, not on a random page.
CREATE INDEX versions_root ON versions (root);
