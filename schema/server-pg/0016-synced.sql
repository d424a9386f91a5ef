-- SPDX-License-Identifier: Apache-2.0
-- The console's "records and devices synced today" is read from a counter
-- kept as records arrive (metric synced of core/aggregate.h: a row per
-- district, device and day received) instead of walking the day's records,
-- which cost the overview a scan of every record a busy day brought. A store
-- that has no such counters yet is recounted once when it is next opened.
INSERT INTO aggregates_pending (what) VALUES ('all') ON CONFLICT DO NOTHING;
