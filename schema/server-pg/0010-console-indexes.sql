-- SPDX-License-Identifier: Apache-2.0
-- Indexes for the supervisors' console (server/console-overview.c,
-- console-api.c; the queries are in server/store/pg.c). Each overview
-- count groups by the columns its index starts with and finds every column
-- it reads in the index, so it reads the index in order instead of the
-- table and needs no sort; the records list reads its first page off the
-- end of records_listed instead of sorting every record.

-- The records list: newest day first, then last received.
CREATE INDEX records_listed ON records (day, received_at, seq);
-- Synced today: records received since midnight.
CREATE INDEX records_received ON records (received_at, district, device_id);
-- Programmes by due date and by grade of the last inspection.
CREATE INDEX programmes_due ON programmes (district, programme, due, months);
CREATE INDEX programmes_grade ON programmes (district, programme, grade, last);
-- Hazards by severity and state; open ones by severity and day found;
-- the weekly chart's hazards from the first day shown.
CREATE INDEX hazards_states ON hazards (district, severity, status);
CREATE INDEX hazards_open ON hazards (status, district, severity, found);
CREATE INDEX hazards_found ON hazards (found, district, status);
-- The weekly chart's inspections from the first day shown.
CREATE INDEX versions_day ON versions (day, district, root, current);
-- Households of the registry by kind.
CREATE INDEX households_kind ON households (district, kind);
