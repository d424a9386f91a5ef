/* SPDX-License-Identifier: Apache-2.0 */
/*
 * support.c: locating the source tree from a unit test, whatever the depth of
 * the build directory it was built into (build/san/tests, build-x/tests).
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "support.h"

int
fc_test_src_path(char *out, size_t size, const char *rel)
{
	char exe[4096];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	const char *root = getenv("FC_ROOT");
	char *slash;

	if (root != NULL && root[0] != '\0') {
		snprintf(out, size, "%s/%s", root, rel);
		return 0;
	}
	if (len <= 0)
		return -1;
	exe[len] = '\0';
	for (int up = 0; up < 5 && (slash = strrchr(exe, '/')) != NULL; up++) {
		*slash = '\0';
		snprintf(out, size, "%s/schema/checklists/gas.json", exe);
		if (access(out, R_OK) == 0) {
			snprintf(out, size, "%s/%s", exe, rel);
			return 0;
		}
	}
	return -1;
}

static int
support_remove(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
fc_test_rmtree(const char *dir)
{
	return nftw(dir, support_remove, 16, FTW_DEPTH | FTW_PHYS);
}

int
fc_test_store_open(struct fc_test_store *ts, const char *name, struct fc_error *err)
{
	memset(ts, 0, sizeof *ts);
	snprintf(ts->dir, sizeof ts->dir, "/tmp/fc-test-%s-XXXXXX", name);
	if (mkdtemp(ts->dir) == NULL)
		return fc_error_set(err, FC_E_IO, "cannot make %s", ts->dir);
	snprintf(ts->path, sizeof ts->path, "%s/store.db", ts->dir);
	if (sodium_init() < 0)
		return fc_error_set(err, FC_E_CRYPTO, "sodium_init failed");
	crypto_sign_keypair(ts->pk, ts->sk);
	strcpy(ts->signer.inspector, "I-0042");
	strcpy(ts->signer.device, "a1b2c3d4");
	ts->signer.sk = ts->sk;
	return fc_store_open(ts->path, &ts->st, err);
}

int
fc_test_store_close(struct fc_test_store *ts)
{
	fc_store_close(ts->st);
	ts->st = NULL;
	return fc_test_rmtree(ts->dir);
}
