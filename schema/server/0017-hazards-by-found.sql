-- SPDX-License-Identifier: Apache-2.0
-- The console's hazard ledger is read newest found first, a page at a time
-- (SQL_CON_HAZARDS). Without an index in that order every call sorted all
-- the hazards the account may see before returning 200 of them (0014 dropped
-- hazards_found, thinking nothing read it); with this one the first page is
-- read from the index's start and the walk stops when the page is full.
CREATE INDEX hazards_by_found ON hazards (found DESC, household, item);
