-- SPDX-License-Identifier: Apache-2.0
-- The ledger now takes a household's records in one order on every store
-- (core/ledger-entry.c, fc_ledger_sort(): signed time, then id, a correction
-- or follow-up after the record it names); the device used to take its own
-- chain's order. Rows kept under the old order are computed again from the
-- records when the store is next opened (core/store-ledger.c), so that
-- `fieldcheck verify` compares them with what the ledger gives now.
INSERT OR REPLACE INTO settings (key, value) VALUES ('ledger.rebuild', '1');
