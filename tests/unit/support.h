/*
 * support.h: what several unit tests need and none owns. Linked into every
 * unit test (the Makefile links every tests/unit file not named test-X.c).
 */
#ifndef FC_TEST_SUPPORT_H
#define FC_TEST_SUPPORT_H

#include <stddef.h>

/*
 * A path under the source tree into out: $FC_ROOT (set by tests/run.sh) or,
 * run by hand, the nearest folder above the test binary holding
 * schema/checklists. Returns 0, or -1 when the tree cannot be found.
 */
int fc_test_src_path(char *out, size_t size, const char *rel);

#endif
