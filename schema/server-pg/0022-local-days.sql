-- SPDX-License-Identifier: Apache-2.0
-- The server's days are now the local days of its machine (TZ, else
-- /etc/localtime: the city's zone), the devices' and the warnings' rule,
-- instead of UTC days. The counters of records received per day (metric
-- synced) were filed under UTC days; the store recounts them, with the
-- rest, when it is next opened (server/store/aggregate-rebuild.c).
INSERT INTO aggregates_pending (what) VALUES ('all') ON CONFLICT DO NOTHING;
