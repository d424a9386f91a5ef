-- SPDX-License-Identifier: Apache-2.0
-- Closing the loop (docs/review.md, docs/warnings.md): the server's own
-- signing key, supervisors' reviews signed with it, a lookup of records by
-- hash for /verify/, and the warnings outbox with one delivery per receiver.

-- The server's Ed25519 key pair, made at first start; one row, never replaced
-- (devices keep the public half to check reviews).
CREATE TABLE server_key (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	pk		BLOB NOT NULL,
	sk		BLOB NOT NULL,
	created_at	INTEGER NOT NULL
);

-- GET /verify/HASH looks a record up by its hash.
CREATE INDEX records_hash ON records (hash);

-- A supervisor's review of one record: the exact signed body and the
-- server's signature over it. id orders them: devices pull "since id".
CREATE TABLE reviews (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	record_id	TEXT NOT NULL,
	inspector	TEXT NOT NULL,		-- who filed the record, whose device pulls it
	district	TEXT NOT NULL,		-- the record's district
	state		TEXT NOT NULL CHECK (state IN ('accepted', 'returned')),
	reviewer	TEXT NOT NULL,
	body		TEXT NOT NULL,
	sig		TEXT NOT NULL,		-- hex
	answered_by	TEXT,			-- the correction the inspector answered a return with
	created_at	INTEGER NOT NULL
);
CREATE INDEX reviews_record ON reviews (record_id, id);
CREATE INDEX reviews_inspector ON reviews (inspector, id);

-- A warning a rule raised. dedup is the rule and its subject, so a rule
-- fires once per subject however often the rules run.
CREATE TABLE warnings (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	dedup		TEXT NOT NULL UNIQUE,
	rule		TEXT NOT NULL,
	district	TEXT NOT NULL,
	body		TEXT NOT NULL,		-- the JSON every receiver gets
	created_at	INTEGER NOT NULL
);

-- The outbox: one row per warning and receiver, written in the warning's
-- transaction, so a warning raised is delivered even across a crash.
CREATE TABLE deliveries (
	warning_id	INTEGER NOT NULL REFERENCES warnings (id),
	receiver	TEXT NOT NULL,
	state		TEXT NOT NULL DEFAULT 'pending'
			CHECK (state IN ('pending', 'delivered', 'failed')),
	attempts	INTEGER NOT NULL DEFAULT 0,
	next_at		INTEGER NOT NULL,
	last_error	TEXT,
	delivered_at	INTEGER,
	PRIMARY KEY (warning_id, receiver)
);
CREATE INDEX deliveries_due ON deliveries (state, next_at);
