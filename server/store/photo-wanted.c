/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/photo-wanted.c: the photos a device's stored records name whose
 * bytes the server does not hold. A device moves its photo cursor past the
 * photos it has sent or could not find; the server's own list is what
 * brings back a photo that arrived after the backup the server was restored
 * from, or one the device found again after a sync that missed it. The
 * partial index photos_wanted (migration 0025) holds only incomplete
 * photos, so asking at every sync costs an index probe.
 */
#include <stdlib.h>

#include "server/store/backend.h"

struct wanted {
	fc_sstore_photo_fn fn;
	void *ctx;
};

static void
wanted_row(const struct fc_sstore_row *row, void *ctx)
{
	const struct wanted *w = ctx;

	w->fn(row->text(row, 0), strtoll(row->text(row, 1), NULL, 10), w->ctx);
}

int
fc_sstore_photos_wanted(struct fc_sstore *st, int64_t device_rowid, int64_t max_size, int64_t limit,
			fc_sstore_photo_fn fn, void *ctx, struct fc_error *err)
{
	struct fc_sstore_param p[] = {{NULL, device_rowid}, {NULL, max_size}, {NULL, limit}};
	struct wanted w = {fn, ctx};

	return st->ops->rows(st, SQL_PHOTOS_WANTED, p, 3, wanted_row, &w, err);
}
