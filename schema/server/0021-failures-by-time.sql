-- SPDX-License-Identifier: Apache-2.0
-- Failed console logins are forgotten a day after a key's last one, and the
-- forgotten rows are deleted the oldest first, a batch at a time
-- (server/store/accounts.c): this index finds them without reading the table.
CREATE INDEX console_failures_last_at ON console_failures (last_at);
