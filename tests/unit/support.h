/* SPDX-License-Identifier: Apache-2.0 */
/*
 * support.h: what several unit tests need and none owns. Linked into every
 * unit test (the Makefile links every tests/unit file not named test-X.c).
 */
#ifndef FC_TEST_SUPPORT_H
#define FC_TEST_SUPPORT_H

#include <stddef.h>

#include "core/record.h"
#include "core/sign.h"
#include "core/store.h"

/*
 * A path under the source tree into out: $FC_ROOT (set by tests/run.sh) or,
 * run by hand, the nearest folder above the test binary holding
 * schema/checklists. Returns 0, or -1 when the tree cannot be found.
 */
int fc_test_src_path(char *out, size_t size, const char *rel);

/* Remove dir and everything below it (no shell); 0 or -1. */
int fc_test_rmtree(const char *dir);

/*
 * A real store in a fresh /tmp/fc-test-<name>-XXXXXX directory, with a new
 * key pair and a signer for it, as the store, ledger and due tests use.
 */
struct fc_test_store {
	char dir[64];
	char path[128]; /* dir/store.db */
	struct fc_store *st;
	unsigned char pk[FC_PK_BYTES];
	unsigned char sk[FC_SK_BYTES];
	struct fc_signer signer; /* inspector I-0042, device a1b2c3d4 */
};

/* Create the directory, the keys and the store; 0, or -1 with err filled. */
int fc_test_store_open(struct fc_test_store *ts, const char *name, struct fc_error *err);
/* Close the store and remove the directory; 0 or -1. */
int fc_test_store_close(struct fc_test_store *ts);

#endif
