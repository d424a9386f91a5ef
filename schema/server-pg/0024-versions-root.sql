-- SPDX-License-Identifier: Apache-2.0
-- A record's console page lists every version of its original
-- (SQL_CON_VERSIONS, by root): without an index PostgreSQL read every row of
-- versions for it, as SQLite did until its 0023.
CREATE INDEX versions_root ON versions (root);
