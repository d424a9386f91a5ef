-- SPDX-License-Identifier: Apache-2.0
-- The audit log: every administrative act on the store (enrolment codes
-- issued and cancelled, revocations, registry imports, templates, backups,
-- console actions), who did it, when and from where. Rows are only ever
-- added: the triggers refuse to change or delete one, so the log cannot be
-- tidied up through the store.

CREATE TABLE audit (
	id		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,	-- unix time, UTC
	actor		TEXT NOT NULL,		-- a system user, a console account
	action		TEXT NOT NULL,		-- "enroll", "revoke", "codes cancel", ...
	detail		TEXT NOT NULL,		-- what exactly, in words
	origin		TEXT NOT NULL		-- "command line on HOST", a client address
);
CREATE INDEX audit_at ON audit (at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- A code an administrator cancelled (or a revocation voided): listed as
-- such, and refused like an expired one.
ALTER TABLE enrol_codes ADD COLUMN cancelled_at INTEGER;
