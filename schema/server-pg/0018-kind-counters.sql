-- SPDX-License-Identifier: Apache-2.0
-- The console's catering units and their gas alarms are read from counters
-- by the registry's kind of household (metrics kind_hh, kind_done and
-- kind_open of core/aggregate.h: the kind in dim, the district in grp),
-- kept with each household's other counters when its ledger is recomputed:
-- for a record, and for a registry import that adds it or changes its kind or
-- district. Before, the overview counted the registry's households and joined
-- them to the ledger's rows, some 100 000 rows a request. A store kept before
-- has none of them yet: it is recounted once when it is next opened. The index
-- on the registry's kind served that count alone.
INSERT INTO aggregates_pending (what) VALUES ('all') ON CONFLICT DO NOTHING;
DROP INDEX households_kind;
