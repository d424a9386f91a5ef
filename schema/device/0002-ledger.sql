-- SPDX-License-Identifier: Apache-2.0
-- The ledger's tables (core/ledger.h, docs/ledger.md): what the records of
-- each household mean, as core/ledger.c computes it. core/store-ledger.c
-- recomputes one household's rows inside the transaction that adds a record
-- for it, so the rows are always the ledger's answer for the records stored;
-- nothing here decides anything. The tables of 0001 are replaced: a hazard is
-- now keyed by (household, programme, item), and due dates are per programme.

DROP TABLE hazards;
CREATE TABLE hazards (
	household	TEXT NOT NULL,
	programme	TEXT NOT NULL,		-- gas, selfbuilt, rural
	item		TEXT NOT NULL,
	record		TEXT NOT NULL,		-- the version that raised it
	root		TEXT NOT NULL,		-- that version's original
	idx		INTEGER NOT NULL DEFAULT 0,
	severity	TEXT NOT NULL DEFAULT '',
	note		TEXT NOT NULL DEFAULT '',
	rule		TEXT NOT NULL DEFAULT '',
	found		TEXT NOT NULL,		-- YYYY-MM-DD of the original
	status		TEXT NOT NULL
	    CHECK (status IN ('open', 'rectified', 'superseded', 'reinspected')),
	closed_by	TEXT NOT NULL DEFAULT '',	-- record of the last change
	closed_inspector TEXT NOT NULL DEFAULT '',
	closed		TEXT NOT NULL DEFAULT '',	-- YYYY-MM-DD of the last change
	followups	INTEGER NOT NULL DEFAULT 0,	-- not_rectified results
	last_followup	TEXT NOT NULL DEFAULT '',
	deadline	TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (household, programme, item)
) WITHOUT ROWID;
CREATE INDEX hazards_open ON hazards(household, found) WHERE status = 'open';
CREATE INDEX hazards_open_found ON hazards(found) WHERE status = 'open';

-- Per (household, programme): the last completed inspection and the due
-- date, visits since, revisit and escalation.
CREATE TABLE programmes (
	household	TEXT NOT NULL,
	programme	TEXT NOT NULL,
	last		TEXT NOT NULL DEFAULT '',	-- current version of the last inspection
	last_date	TEXT NOT NULL DEFAULT '',
	due		TEXT NOT NULL DEFAULT '',
	months		INTEGER NOT NULL DEFAULT 0,
	outcome		TEXT NOT NULL DEFAULT '',
	grade		TEXT NOT NULL DEFAULT '',
	finding		INTEGER NOT NULL DEFAULT 0,
	visits		INTEGER NOT NULL DEFAULT 0,	-- since the last inspection
	revisit		INTEGER NOT NULL DEFAULT 0,
	visit		TEXT NOT NULL DEFAULT '',
	visit_date	TEXT NOT NULL DEFAULT '',
	visit_outcome	TEXT NOT NULL DEFAULT '',
	escalated	INTEGER NOT NULL DEFAULT 0,
	inspections	INTEGER NOT NULL DEFAULT 0,
	visits_total	INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (household, programme)
) WITHOUT ROWID;
CREATE INDEX programmes_escalated ON programmes(household) WHERE escalated = 1;

-- Every inspection, visit and correction: the original it is a version of
-- and that original's current version.
CREATE TABLE versions (
	id		TEXT PRIMARY KEY,
	household	TEXT NOT NULL,
	root		TEXT NOT NULL,
	current		TEXT NOT NULL,
	kind		TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX versions_household ON versions(household);
CREATE INDEX versions_current ON versions(id) WHERE id = current;

-- The registry's own last-check date (household import), the floor under
-- the ledger's: last_check = max(registry_check, the ledger's last completed
-- inspection of the kind's own programme). A store from before this
-- migration cannot tell the two apart, so its dates so far become the floor.
ALTER TABLE households ADD COLUMN registry_check TEXT NOT NULL DEFAULT '';
UPDATE households SET registry_check = last_check;

-- Rebuilt from the bodies when the store is next opened (core/store-ledger.c).
DELETE FROM revisits;
INSERT OR REPLACE INTO settings (key, value) VALUES ('ledger.rebuild', '1');
