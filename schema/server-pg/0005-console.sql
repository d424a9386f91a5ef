-- SPDX-License-Identifier: Apache-2.0
-- Console accounts, PostgreSQL dialect of schema/server/0005-console.sql
-- (docs/operating.md, "Accounts and the console"): the
-- supervisors who read the ledger in a browser. Not inspectors: an account has
-- no key and no device, only a password kept as an Argon2id string
-- (libsodium's crypto_pwhash_str, which carries its own salt and limits).

CREATE TABLE console_users (
	name		TEXT PRIMARY KEY,
	role		TEXT NOT NULL CHECK (role IN ('supervisor', 'city')),
	districts	TEXT NOT NULL,		-- comma-separated ids, or '*' for city
	pwhash		TEXT NOT NULL,
	created_at	BIGINT NOT NULL,
	disabled_at	BIGINT			-- NULL while the account may log in
);

-- A session is known by the BLAKE2b hash of its cookie, so a copy of the
-- store does not hold a usable cookie. csrf is sent back on every
-- state-changing request.
CREATE TABLE console_sessions (
	token_hash	TEXT PRIMARY KEY,
	user_name	TEXT NOT NULL REFERENCES console_users (name),
	csrf		TEXT NOT NULL,
	created_at	BIGINT NOT NULL,
	seen_at		BIGINT NOT NULL,
	expires_at	BIGINT NOT NULL
);
CREATE INDEX console_sessions_user ON console_sessions (user_name);

-- Failed logins per account ('u:NAME') and per address ('a:ADDR'): rows, not
-- process memory, so every server process over one store slows the same
-- guesser.
CREATE TABLE console_failures (
	key		TEXT PRIMARY KEY,
	count		BIGINT NOT NULL,
	last_at		BIGINT NOT NULL
);
