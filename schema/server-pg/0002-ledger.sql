-- SPDX-License-Identifier: Apache-2.0
-- The ledger's tables on the server (core/ledger.h, docs/ledger.md): what the
-- records of each household mean, as core/ledger.c computes it, the same
-- functions the device runs. server/store/ledger.c recomputes one
-- household's rows inside the transaction that stores a record for it (and
-- when the registry changes its kind or district), so the rows are always
-- the ledger's answer for the records held; nothing here decides anything.
-- district is the household's (the registry's, else the district its records
-- were filed under), so summaries count by the household's district.

-- 0001's hazards were copied out of bodies per record and closed in SQL; the
-- ledger keys a hazard by (household, programme, item) instead.
DROP TABLE hazards;
CREATE TABLE hazards (
	household	TEXT NOT NULL,
	programme	TEXT NOT NULL,		-- gas, selfbuilt, rural
	item		TEXT NOT NULL,
	district	TEXT NOT NULL,
	record		TEXT NOT NULL,		-- the version that raised it
	root		TEXT NOT NULL,		-- that version's original
	inspector	TEXT NOT NULL,		-- who filed that version
	severity	TEXT NOT NULL,
	note		TEXT NOT NULL,
	rule		TEXT NOT NULL,
	found		TEXT NOT NULL,		-- YYYY-MM-DD of the original
	status		TEXT NOT NULL
	    CHECK (status IN ('open', 'rectified', 'superseded', 'reinspected')),
	closed_by	TEXT NOT NULL,		-- record of the last change, or ''
	closed_inspector TEXT NOT NULL,
	closed		TEXT NOT NULL,		-- YYYY-MM-DD of the last change, or ''
	followups	INTEGER NOT NULL,	-- not_rectified results
	deadline	TEXT NOT NULL,		-- to be rectified by (fc_ledger_hazard_deadline)
	PRIMARY KEY (household, programme, item)
);
CREATE INDEX hazards_district ON hazards (district, status, found);

-- Per (household, programme): the last completed inspection and the due
-- date, visits since, revisit and escalation.
CREATE TABLE programmes (
	household	TEXT NOT NULL,
	programme	TEXT NOT NULL,
	district	TEXT NOT NULL,
	last		TEXT NOT NULL,		-- current version of the last inspection
	last_date	TEXT NOT NULL,
	due		TEXT NOT NULL,		-- '' when never inspected
	months		INTEGER NOT NULL,	-- the interval; 0 when none covers the kind
	outcome		TEXT NOT NULL,
	grade		TEXT NOT NULL,
	finding		INTEGER NOT NULL,
	visits		INTEGER NOT NULL,	-- since the last inspection
	revisit		INTEGER NOT NULL,
	visit		TEXT NOT NULL,
	visit_date	TEXT NOT NULL,
	visit_outcome	TEXT NOT NULL,
	escalated	INTEGER NOT NULL,
	inspections	INTEGER NOT NULL,
	visits_total	INTEGER NOT NULL,
	PRIMARY KEY (household, programme)
);
CREATE INDEX programmes_district ON programmes (district, due);

-- Every inspection, visit and correction: the original it is a version of,
-- that original's current version, and what the summaries count it by.
CREATE TABLE versions (
	id		TEXT PRIMARY KEY,
	household	TEXT NOT NULL,
	district	TEXT NOT NULL,
	root		TEXT NOT NULL,
	current		TEXT NOT NULL,
	kind		TEXT NOT NULL,		-- inspection or visit
	conflict	INTEGER NOT NULL,	-- named a version no longer current (a race)
	inspector	TEXT NOT NULL,
	day		TEXT NOT NULL,
	programme	TEXT NOT NULL,
	outcome		TEXT NOT NULL,
	grade		TEXT NOT NULL
);
CREATE INDEX versions_household ON versions (household);
CREATE INDEX versions_district ON versions (district, day);

-- Follow-ups and corrections name a record by id: finding it must not scan.
CREATE INDEX records_record_id ON records (record_id);

-- Households whose rows are still to be computed: every one, once, after
-- this migration (server/store/ledger.c empties it when the store opens).
CREATE TABLE ledger_pending (
	household	TEXT PRIMARY KEY
);
INSERT INTO ledger_pending (household)
	SELECT household FROM records WHERE household IS NOT NULL AND household <> ''
	UNION SELECT id FROM households;
