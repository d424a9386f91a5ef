-- SPDX-License-Identifier: Apache-2.0
-- The console's inspectors page counts each device's records of the last
-- days (SQL_CON_DEVICES): through the primary key that read every record of
-- every device, bodies and all, at each load of the page (0.14 s at 100 000
-- records, growing with the store). A device's records arrive in the order
-- of their days, so its entries land at the end of its own run of the index.
CREATE INDEX records_device_day ON records (device_id, day);
