/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz-files: the files people write by hand and the programs read at start:
 * byte 0 picks which, the rest is the file (written into a scratch directory,
 * since each loader takes a path):
 *
 *   0  per-district settings, schema/settings.json (fc_settings_load_file)
 *   1  check intervals, schema/intervals.json (fc_due_load_file), with and
 *      without a district's own rows
 *   2  warning rules, schema/warnings.json (fc_warn_rules_load)
 *   3  the server's settings, /etc/fieldcheck/server.conf (fc_conf_load)
 *
 * Each must either load or refuse with a message, and a file it loads must
 * read back: every setting of settings.json is found by fc_settings_get,
 * every interval is a whole number of months, every number in server.conf
 * is in its range.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/due.h"
#include "core/settings.h"
#include "core/warn.h"
#include "server/conf.h"

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
files_refused(int rc, const struct fc_error *err)
{
	if (rc != 0 && err->msg[0] == '\0')
		abort(); /* refused without saying why */
}

static void
files_settings(const char *path)
{
	struct fc_error err = {0};
	json_t *s = NULL, *defaults;
	const char *key;
	json_t *v;

	if (fc_settings_load_file(path, &s, &err) != 0) {
		files_refused(-1, &err);
		return;
	}
	defaults = json_object_get(s, "defaults");
	json_object_foreach(defaults, key, v) {
		if (fc_settings_get(s, NULL, key) == NULL || fc_settings_get(s, "D1", key) == NULL)
			abort();
	}
	json_decref(s);
}

static void
files_intervals(const char *path)
{
	const char *districts[] = {NULL, "D1"};

	for (size_t d = 0; d < sizeof districts / sizeof districts[0]; d++) {
		struct fc_intervals *iv = calloc(1, sizeof *iv);
		struct fc_error err = {0};

		if (iv == NULL)
			return;
		if (fc_due_load_file(path, districts[d], iv, &err) != 0)
			files_refused(-1, &err);
		else if (iv->n > FC_DUE_KINDS_MAX)
			abort();
		free(iv);
	}
}

static void
files_warn(const char *path)
{
	struct fc_warn_rules *r = calloc(1, sizeof *r);
	struct fc_error err = {0};

	if (r == NULL)
		return;
	if (fc_warn_rules_load(path, r, &err) != 0)
		files_refused(-1, &err);
	else if (r->n_receivers < 0 || r->n_receivers > FC_WARN_RECEIVERS_MAX ||
		 r->n_severities < 0 || r->n_severities > FC_WARN_LIST_MAX)
		abort();
	free(r);
}

static void
files_conf(const char *path)
{
	struct fc_conf c;
	struct fc_error err = {0};

	if (fc_conf_load(path, 0, &c, &err) != 0) {
		files_refused(-1, &err);
		return;
	}
	for (int k = 0; k < FC_CONF_COUNT; k++)
		if (c.text[k] != NULL && c.text[k][0] == '\0')
			abort(); /* "has no value" is refused */
	if (c.text[FC_CONF_MAX_BODY] != NULL &&
	    (c.num[FC_CONF_MAX_BODY] < 64 * 1024 || c.num[FC_CONF_MAX_BODY] > 64L * 1024 * 1024))
		abort();
	fc_conf_free(&c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[600];

	if (size < 1)
		return 0;
	snprintf(path, sizeof path, "%s/file", fuzz_scratch_dir());
	fuzz_write_file(path, data + 1, size - 1);
	switch (data[0] % 4) {
	case 0:
		files_settings(path);
		break;
	case 1:
		files_intervals(path);
		break;
	case 2:
		files_warn(path);
		break;
	default:
		files_conf(path);
		break;
	}
	return 0;
}
