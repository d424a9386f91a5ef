-- SPDX-License-Identifier: Apache-2.0
-- The summary's counters (core/aggregate.h): per district and per inspector,
-- per metric (inspections, visits, refusals, follow-ups, hazards by severity,
-- item and state, grades, households by their earliest due date), per day
-- and per month. core/aggregate.c computes each household's counters from
-- its ledger state; server/store/aggregate.c keeps them in aggregate_parts
-- and adds the change to aggregates in the transaction that changes the
-- ledger, so a summary sums a few hundred rows instead of scanning records.
-- `fieldcheck-server rebuild-aggregates` recounts both from the records.

CREATE TABLE aggregates (
	dim		TEXT NOT NULL,		-- district or inspector
	grp		TEXT NOT NULL,		-- the district's or inspector's id
	metric		TEXT NOT NULL,
	sub		TEXT NOT NULL,		-- severity, item, grade, state, or ''
	day		TEXT NOT NULL,		-- YYYY-MM-DD, YYYY-MM, or ''
	n		INTEGER NOT NULL,
	PRIMARY KEY (dim, metric, grp, sub, day)
) WITHOUT ROWID;
CREATE INDEX aggregates_day ON aggregates (dim, metric, day);

-- Each household's own counters (core/aggregate.c's text form), so its
-- change can be added when its ledger changes.
CREATE TABLE aggregate_parts (
	household	TEXT PRIMARY KEY,
	counts		TEXT NOT NULL
) WITHOUT ROWID;

-- A store that had records before this migration is recounted once when
-- it is next opened (server/store/aggregate.c).
CREATE TABLE aggregates_pending (
	what		TEXT PRIMARY KEY
) WITHOUT ROWID;
INSERT INTO aggregates_pending (what) VALUES ('all');
