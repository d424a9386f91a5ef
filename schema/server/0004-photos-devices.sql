-- SPDX-License-Identifier: Apache-2.0
-- Photos keyed by (hash, size) and by each device whose records name them, so
-- that a record naming a known hash with a false size cannot fix the size for
-- everyone, and only a naming device may send the bytes (server/photo.c).
-- Devices can be revoked one at a time (a lost handheld); the mark stays
-- until `fieldcheck-server unrevoke` lifts it.
CREATE TABLE photos_named (
	hash		TEXT NOT NULL,
	size		INTEGER NOT NULL,
	device_id	INTEGER NOT NULL,	-- a device whose record names (hash, size)
	complete	INTEGER NOT NULL DEFAULT 0,
	received_at	INTEGER NOT NULL,
	PRIMARY KEY (hash, size, device_id)
);
INSERT INTO photos_named (hash, size, device_id, complete, received_at)
	SELECT hash, size, device_id, complete, received_at FROM photos;
DROP TABLE photos;
ALTER TABLE photos_named RENAME TO photos;

ALTER TABLE devices ADD COLUMN revoked_at INTEGER;	-- NULL while the device may sync
