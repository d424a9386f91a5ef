/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz-snapshot: the device's fast reader of a registry snapshot answer
 * (fc_snapshot_read(), sync/snapshot.c), the bytes a server or anything
 * between it and the device sends to GET /v1/households?snapshot=1.
 *
 * The reader promises to be a validator, not a parser with rules of its own:
 * when it vouches for an answer (0), the device stores its rows and never
 * looks at the text again, so jansson must read the very same text as JSON
 * and find the same rows, cursor and "more". Anything else it must hand over
 * (1). This harness holds it to that on arbitrary bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sync/snapshot.h"

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SNAP_ROWS_MAX 4096

struct snap_rows {
	struct fc_household row[SNAP_ROWS_MAX];
	size_t n;
};

static int
snap_keep(const struct fc_household *h, void *ctx, struct fc_error *err)
{
	struct snap_rows *r = ctx;

	(void)err;
	if (r->n < SNAP_ROWS_MAX)
		r->row[r->n] = *h;
	r->n++;
	return 0;
}

/* The same household as jansson's row: seven strings, equal field by field. */
static void
snap_same_row(const struct fc_household *h, const json_t *row)
{
	const char *f[] = {h->id,    h->district, h->address,	h->resident,
			   h->phone, h->kind,	  h->last_check};

	if (!json_is_array(row) || json_array_size(row) != 7)
		abort();
	for (size_t i = 0; i < 7; i++) {
		const json_t *v = json_array_get(row, i);

		if (!json_is_string(v) || json_string_length(v) != strlen(f[i]) ||
		    strcmp(json_string_value(v), f[i]) != 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct snap_rows rows;
	struct fc_error err = {0};
	int64_t cursor = -1;
	int more = -1, ret;
	size_t count = 0;
	json_t *root, *list;

	rows.n = 0;
	ret = fc_snapshot_read((const char *)data, size, snap_keep, &rows, &cursor, &more, &count,
			       &err);
	if (ret < 0)
		abort(); /* snap_keep never fails */
	if (ret != 0)
		return 0;
	if (count != rows.n || cursor < 0 || (more != 0 && more != 1))
		abort();
	/* Vouched for: jansson must read the same text, to the same rows. */
	root = json_loadb((const char *)data, size, 0, NULL);
	if (root == NULL)
		abort();
	list = json_object_get(root, "rows");
	if (!json_is_array(list) || json_array_size(list) != count ||
	    !json_is_integer(json_object_get(root, "cursor")) ||
	    json_integer_value(json_object_get(root, "cursor")) != cursor ||
	    !json_is_boolean(json_object_get(root, "more")) ||
	    json_is_true(json_object_get(root, "more")) != more ||
	    !json_is_string(json_object_get(root, "district")))
		abort();
	for (size_t i = 0; i < count && i < SNAP_ROWS_MAX; i++)
		snap_same_row(&rows.row[i], json_array_get(list, i));
	json_decref(root);
	return 0;
}
