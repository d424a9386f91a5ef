-- SPDX-License-Identifier: Apache-2.0
-- The photos a device's stored records name whose bytes the server lacks,
-- found by device at every GET /v1/status (server/store/photo-wanted.c):
-- a server restored from a backup taken before a photo arrived, or a photo
-- the device could not find when it synced, is asked for again. Only the
-- incomplete photos are in the index, so it stays small and a photo's
-- completion takes it out.
CREATE INDEX photos_wanted ON photos (device_id, received_at) WHERE complete = 0;
