-- SPDX-License-Identifier: Apache-2.0
-- The device store: who this device is, its signed records, the household
-- registry with its search indexes, settings, drafts, and the tables derived
-- from records (hazard ledger, households needing a revisit).
--
-- The records table is the truth: body is kept byte for byte as signed, and
-- every other column of a record is a copy taken from the body for indexing.
-- Derived tables (hazards, revisits, households.last_check) are indexes that
-- core/store-ledger.c keeps in step inside the transaction adding a record;
-- they carry no foreign keys, so the test helper can tamper with records
-- freely and verification, not the schema, finds it.

-- One row: the identity this store belongs to (set once by init).
CREATE TABLE device (
	one		INTEGER PRIMARY KEY CHECK (one = 1),
	inspector	TEXT NOT NULL,
	name		TEXT NOT NULL,
	device		TEXT NOT NULL,
	pk		BLOB NOT NULL CHECK (length(pk) = 32)
);

-- Keyed by the per-device sequence number: an ordered integer key keeps
-- inserts fast (docs/limits.md) and gives the chain its order.
CREATE TABLE records (
	seq		INTEGER PRIMARY KEY,
	id		TEXT NOT NULL UNIQUE,
	body		BLOB NOT NULL,		-- exact signed bytes
	sig		BLOB NOT NULL,		-- Ed25519, 64 bytes
	hash		BLOB NOT NULL,		-- BLAKE2b-256 of body||sig
	prev		BLOB NOT NULL,		-- hash of seq-1, zeros for seq 1
	-- copies of body fields:
	device		TEXT NOT NULL,
	inspector	TEXT NOT NULL,
	type		TEXT NOT NULL,
	household	TEXT NOT NULL DEFAULT '',
	template	TEXT NOT NULL DEFAULT '',
	template_version INTEGER NOT NULL DEFAULT 0,
	time		TEXT NOT NULL,
	outcome		TEXT NOT NULL DEFAULT '',
	-- device state, not signed:
	synced		INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX records_household ON records(household, seq);
CREATE INDEX records_unsynced ON records(seq) WHERE synced = 0;

-- The registry. rid is an explicit INTEGER PRIMARY KEY because both search
-- indexes refer to rows by rowid, and VACUUM may renumber an implicit rowid.
CREATE TABLE households (
	rid		INTEGER PRIMARY KEY,
	id		TEXT NOT NULL UNIQUE CHECK (id <> ''),
	district	TEXT NOT NULL DEFAULT '',
	address		TEXT NOT NULL DEFAULT '',
	resident	TEXT NOT NULL DEFAULT '',
	phone		TEXT NOT NULL DEFAULT '',
	kind		TEXT NOT NULL
	    CHECK (kind IN ('residential', 'catering', 'business', 'selfbuilt', 'rural')),
	last_check	TEXT NOT NULL DEFAULT ''	-- YYYY-MM-DD or ''
);
-- Due lists: per kind, oldest check first ('' sorts first).
CREATE INDEX households_due ON households(kind, last_check);

-- Search for queries of three or more characters: trigram substrings of the
-- address, resident and phone, reading its text from households. Kept in
-- step by store-household.c, not by triggers: a trigger makes every household
-- write a multi-row statement with a statement journal, and FTS5 flushes its
-- pending terms at each statement savepoint, which made imports ten times
-- slower (one tiny index segment per household).
CREATE VIRTUAL TABLE households_tri USING fts5(
	address, resident, phone,
	content = 'households', content_rowid = 'rid',
	tokenize = 'trigram'
);

-- Search for one- and two-character queries (a surname, a street name), which
-- a trigram index cannot answer. store-household.c writes, for each field,
-- every character and every pair of neighbouring characters as words
-- ("新华路" -> "新 华 路 新华 华路"), so a short query is a single-word lookup
-- that stops at the first page. ASCII digits alone or in pairs are no longer
-- written (store-household.c says why and how such a query is answered). Contentless and without positions to stay
-- small; a row is removed by repeating the words it was added with, which
-- store-household.c recomputes from the households row before changing it.
CREATE VIRTUAL TABLE households_gram USING fts5(
	grams,
	content = '', detail = none, columnsize = 0,
	tokenize = 'unicode61 remove_diacritics 0'
);

-- Hazards found by records, and what became of them.
CREATE TABLE hazards (
	record		TEXT NOT NULL,		-- id of the record that found it
	idx		INTEGER NOT NULL,	-- position in that record's hazards
	household	TEXT NOT NULL DEFAULT '',
	item		TEXT NOT NULL,
	severity	TEXT NOT NULL DEFAULT '',
	note		TEXT NOT NULL DEFAULT '',
	rule		TEXT NOT NULL DEFAULT '',
	found		TEXT NOT NULL,		-- YYYY-MM-DD
	status		TEXT NOT NULL DEFAULT 'open'
	    CHECK (status IN ('open', 'closed', 'corrected')),
	closed_by	TEXT NOT NULL DEFAULT '',	-- record id that closed it
	closed		TEXT NOT NULL DEFAULT '',	-- YYYY-MM-DD
	followups	INTEGER NOT NULL DEFAULT 0,	-- follow-ups that left it open
	last_followup	TEXT NOT NULL DEFAULT '',	-- YYYY-MM-DD
	PRIMARY KEY (record, idx)
) WITHOUT ROWID;
CREATE INDEX hazards_open ON hazards(household, found) WHERE status = 'open';
CREATE INDEX hazards_open_found ON hazards(found) WHERE status = 'open';

-- Households whose newest inspection-or-visit is a visit (nobody home,
-- entry refused): they need another try. An inspection removes the row.
CREATE TABLE revisits (
	household	TEXT PRIMARY KEY,
	record		TEXT NOT NULL,		-- the visit
	visited		TEXT NOT NULL,		-- YYYY-MM-DD
	outcome		TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE settings (
	key		TEXT PRIMARY KEY,
	value		TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE drafts (
	key		TEXT PRIMARY KEY,
	json		TEXT NOT NULL,
	updated		TEXT NOT NULL		-- UTC, YYYY-MM-DD HH:MM:SS
) WITHOUT ROWID;
