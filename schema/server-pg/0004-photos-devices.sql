-- SPDX-License-Identifier: Apache-2.0
-- schema/server/0004-photos-devices.sql in PostgreSQL's dialect: photos keyed
-- by (hash, size) and by each device whose records name them; devices revoked
-- one at a time until lifted.
ALTER TABLE photos DROP CONSTRAINT photos_pkey;
ALTER TABLE photos ADD PRIMARY KEY (hash, size, device_id);

ALTER TABLE devices ADD COLUMN revoked_at BIGINT;	-- NULL while the device may sync
