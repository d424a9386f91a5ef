/* SPDX-License-Identifier: Apache-2.0 */
/*
 * snapshot.h: the rows of a registry snapshot answer, read without a JSON tree
 * (snapshot.c says when it vouches for an answer and when jansson must).
 */
#ifndef FC_SNAPSHOT_H
#define FC_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/store.h"

/*
 * Read text[len], the answer to GET /v1/households?snapshot=1, passing each
 * household to fn in order; *cursor, *more and *rows are set as the answer
 * says. 0 when read; -1 when fn failed (err is fn's); 1 when the answer is
 * not in the exact form this reader vouches for: parse it with jansson
 * instead. With 1, fn may already have had the rows before the point it
 * stopped at; storing them again, as that parse will, changes nothing.
 */
int fc_snapshot_read(const char *text, size_t len, fc_household_fn fn, void *ctx, int64_t *cursor,
		     int *more, size_t *rows, struct fc_error *err);

#endif
