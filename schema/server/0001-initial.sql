-- SPDX-License-Identifier: Apache-2.0
-- The central server's store: inspectors and their enrolled devices, every
-- record exactly as signed (keyed by device and sequence number, so inserts
-- stay ordered), forks kept as evidence, the household registry, templates
-- and the nonces that make a replayed request fail.

CREATE TABLE inspectors (
	id		TEXT PRIMARY KEY,
	name		TEXT NOT NULL,
	district	TEXT NOT NULL,
	role		TEXT NOT NULL CHECK (role IN ('inspector', 'supervisor')),
	created_at	INTEGER NOT NULL,
	revoked_at	INTEGER			-- NULL while the inspector may sync
);

-- One-time enrolment codes; only their BLAKE2b hash is kept.
CREATE TABLE enrol_codes (
	code_hash	BLOB PRIMARY KEY,
	inspector	TEXT NOT NULL REFERENCES inspectors (id),
	created_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL,
	used_at		INTEGER
);

-- A device is one key and one chain. held_seq/held_hash is the newest record
-- the server holds for it: the high-water mark push answers with.
CREATE TABLE devices (
	id		INTEGER PRIMARY KEY,
	device		TEXT NOT NULL UNIQUE,
	inspector	TEXT NOT NULL REFERENCES inspectors (id),
	pk		BLOB NOT NULL,
	enrolled_at	INTEGER NOT NULL,
	last_sync	INTEGER,
	held_seq	INTEGER NOT NULL DEFAULT 0,
	held_hash	BLOB
);

CREATE TABLE records (
	device_id	INTEGER NOT NULL REFERENCES devices (id),
	seq		INTEGER NOT NULL,
	hash		BLOB NOT NULL,
	record_id	TEXT NOT NULL,
	inspector	TEXT NOT NULL,
	district	TEXT NOT NULL,		-- the inspector's district when received
	type		TEXT NOT NULL,
	household	TEXT,
	template_id	TEXT,
	day		TEXT NOT NULL,		-- YYYY-MM-DD of the record's local time
	outcome		TEXT,
	follows		TEXT,			-- record id a follow-up revisits
	grade		TEXT,			-- house grade A-D, for appraisals
	body		BLOB NOT NULL,		-- exact signed bytes
	sig		BLOB NOT NULL,
	received_at	INTEGER NOT NULL,
	PRIMARY KEY (device_id, seq)
);
CREATE INDEX records_day ON records (district, day);
CREATE INDEX records_household ON records (household, day);
CREATE INDEX records_follows ON records (follows);

-- Hazards copied out of record bodies so summaries need not parse JSON.
CREATE TABLE hazards (
	device_id	INTEGER NOT NULL,
	seq		INTEGER NOT NULL,
	record_id	TEXT NOT NULL,
	household	TEXT,
	inspector	TEXT NOT NULL,
	district	TEXT NOT NULL,
	day		TEXT NOT NULL,
	item		TEXT NOT NULL,
	severity	TEXT NOT NULL,
	closed_by	TEXT,			-- record id of the follow-up that closed it
	FOREIGN KEY (device_id, seq) REFERENCES records (device_id, seq)
);
CREATE INDEX hazards_record ON hazards (record_id);
CREATE INDEX hazards_district ON hazards (district, day);

-- Same device and sequence number, different record: never stored over the
-- first, kept here as evidence for supervisors.
CREATE TABLE forks (
	id		INTEGER PRIMARY KEY,
	device_id	INTEGER NOT NULL REFERENCES devices (id),
	seq		INTEGER NOT NULL,
	hash		BLOB NOT NULL,
	held_hash	BLOB NOT NULL,
	body		BLOB NOT NULL,
	sig		BLOB NOT NULL,
	received_at	INTEGER NOT NULL,
	UNIQUE (device_id, seq, hash)
);

-- Request nonces seen within the clock window, per device.
CREATE TABLE nonces (
	device_id	INTEGER NOT NULL,
	nonce		TEXT NOT NULL,
	seen_at		INTEGER NOT NULL,
	PRIMARY KEY (device_id, nonce)
) WITHOUT ROWID;
CREATE INDEX nonces_seen ON nonces (seen_at);

-- The registry. rev grows with every change so devices pull "since rev".
CREATE TABLE households (
	id		TEXT PRIMARY KEY,
	district	TEXT NOT NULL,
	address		TEXT NOT NULL,
	resident	TEXT NOT NULL,
	phone		TEXT NOT NULL,
	kind		TEXT NOT NULL,
	last_check	TEXT NOT NULL,		-- YYYY-MM-DD or ''
	rev		INTEGER NOT NULL
);
CREATE INDEX households_rev ON households (district, rev);
-- max(rev) for the next revision must not scan the table.
CREATE INDEX households_rev_all ON households (rev);

CREATE TABLE templates (
	rev		INTEGER PRIMARY KEY AUTOINCREMENT,
	id		TEXT NOT NULL,
	version		INTEGER NOT NULL,
	json		TEXT NOT NULL,
	added_at	INTEGER NOT NULL,
	UNIQUE (id, version)
);

-- Photo files, addressed by BLAKE2b-256 hash; complete once the bytes match.
CREATE TABLE photos (
	hash		TEXT PRIMARY KEY,
	size		INTEGER NOT NULL,
	device_id	INTEGER NOT NULL,
	complete	INTEGER NOT NULL DEFAULT 0,
	received_at	INTEGER NOT NULL
);
