/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz-common.h: the little the libFuzzer targets in tests/fuzz/ share: where
 * the source tree is (for shipped templates) and a private scratch directory
 * for targets whose API reads files.
 *
 * Targets are built by `make fuzz-build` with clang -fsanitize=fuzzer,address,
 * undefined and run from the repository root by tests/fuzz/run.sh; FC_ROOT
 * overrides the root.
 */
#ifndef FC_FUZZ_COMMON_H
#define FC_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The repository root: $FC_ROOT, else the current directory. */
static inline const char *
fuzz_root(void)
{
	const char *root = getenv("FC_ROOT");

	return root != NULL && *root != '\0' ? root : ".";
}

/*
 * A scratch directory made once per process (mkdtemp under $TMPDIR or /tmp).
 * It is left behind on purpose: libFuzzer exits from many places, and a few
 * bytes in /tmp are cheaper than a wrong cleanup racing a crash report.
 */
static inline const char *
fuzz_scratch_dir(void)
{
	static char dir[512];

	if (dir[0] == '\0') {
		const char *tmp = getenv("TMPDIR");

		snprintf(dir, sizeof dir, "%s/fc-fuzz.XXXXXX",
			 tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
		if (mkdtemp(dir) == NULL) {
			perror("fuzz: mkdtemp");
			abort();
		}
	}
	return dir;
}

/* Write data[0..size) to path, replacing it; abort on failure (a harness bug). */
static inline void
fuzz_write_file(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || (size > 0 && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

#endif
