-- SPDX-License-Identifier: Apache-2.0
-- The ledger now puts a correction or follow-up signed before the record it
-- names after that record (core/ledger-entry.c, fc_ledger_sort()); the server
-- had met it first and ignored it. Every household's ledger rows and
-- counters are computed again from the records when the store is next
-- opened, as after 0014 (server/store/aggregate-rebuild.c).
INSERT INTO aggregates_pending (what) VALUES ('all') ON CONFLICT DO NOTHING;
