-- SPDX-License-Identifier: Apache-2.0
-- The supervisors' console, second part.
--
-- The console's overview reads the summary's counters (0007; the metrics
-- prog_due, prog_grade, haz_state and open_found of core/aggregate.h)
-- instead of counting the ledger's rows, so the counters a store already
-- keeps are recounted once when it is next opened (server/store/aggregate.c),
-- and the indexes 0010 made for those counts alone are dropped: nothing
-- reads them now, and each costs every push a write.
INSERT INTO aggregates_pending (what) VALUES ('all') ON CONFLICT DO NOTHING;
DROP INDEX programmes_due;
DROP INDEX programmes_grade;
DROP INDEX hazards_found;
DROP INDEX versions_day;

-- Pushes refused, one row each: the record the device was stopped at and
-- the reason it was told (server/push.c, in the push's transaction), so
-- the console's inspectors page can show each device's refusals. A fork is
-- kept whole in forks as well.
CREATE TABLE refusals (
	id		INTEGER PRIMARY KEY,
	device_id	INTEGER NOT NULL REFERENCES devices (id),
	record_id	TEXT NOT NULL,		-- the record's id, or "#N", its place in the batch
	seq		INTEGER NOT NULL,
	reason		TEXT NOT NULL,		-- as the device was told it
	received_at	INTEGER NOT NULL
);
CREATE INDEX refusals_device ON refusals (device_id, received_at);
