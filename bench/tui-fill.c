/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tui-fill: make a device home for bench/tui-bench.sh: an inspector key
 * (PIN 258036), N generated households and M signed records, written in
 * batches (not one durable commit each) so that filling takes seconds.
 *
 *   tui-fill HOME HOUSEHOLDS RECORDS
 *
 * Not a benchmark itself (run.sh runs only bench-* programs); it prints how
 * long filling took, for the record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/households-gen.h"
#include "core/home.h"
#include "core/keyfile.h"
#include "core/record.h"
#include "core/store.h"

#define FILL_BATCH 2000

static void
fill_die(const char *what, const struct fc_error *err)
{
	fprintf(stderr, "tui-fill: %s: %s\n", what, err->msg);
	exit(1);
}

static double
fill_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct fc_error err = {0};
	struct fc_home home;
	struct fc_store *st = NULL;
	struct fc_identity id;
	struct fc_key *key = NULL;
	struct fc_signer signer;
	struct fc_household *rows;
	struct gen g;
	unsigned char prev[FC_HASH_BYTES];
	long nh, nr;
	double t0 = fill_now();

	if (argc != 4) {
		fprintf(stderr, "usage: tui-fill HOME HOUSEHOLDS RECORDS\n");
		return 2;
	}
	nh = atol(argv[2]);
	nr = atol(argv[3]);
	setenv("FIELDCHECK_HOME", argv[1], 1);
	if (fc_home_resolve(&home, &err) != 0 || fc_home_create(&home, &err) != 0)
		fill_die("home", &err);
	if (fc_store_open(home.store, &st, &err) != 0)
		fill_die("store", &err);
	if (fc_keyfile_create(home.key, "T01", "张检查", "258036", NULL, &id, &err) != 0 ||
	    fc_store_set_identity(st, &id, &err) != 0 ||
	    fc_keyfile_unlock(home.key, "258036", time(NULL), &key, NULL, &err) != 0)
		fill_die("key", &err);
	fc_key_signer(key, &signer);

	gen_init(&g, 42, NULL);
	rows = calloc(FILL_BATCH, sizeof *rows);
	if (rows == NULL)
		return 1;
	for (long i = 1; i <= nh;) {
		size_t n = 0;
		for (; n < FILL_BATCH && i <= nh; n++, i++)
			gen_household(&g, i, &rows[n]);
		if (fc_store_put_households(st, rows, n, &err) != 0)
			fill_die("households", &err);
	}
	free(rows);

	memset(prev, 0, sizeof prev);
	json_t *answers = json_pack("{s:s, s:s, s:s, s:i}", "G00", "inspected", "G01",
				    "residential", "G02", "piped_ng", "G12", 2020);
	for (long s = 1; s <= nr; s++) {
		struct fc_record_draft draft;
		struct fc_record rec;
		char hid[FC_ID_MAX];

		if ((s - 1) % FILL_BATCH == 0 && fc_store_begin(st, &err) != 0)
			fill_die("begin", &err);
		snprintf(hid, sizeof hid, "HH-%06ld", 1 + (s - 1) % (nh > 0 ? nh : 1));
		memset(&draft, 0, sizeof draft);
		draft.type = FC_TYPE_INSPECTION;
		draft.household = hid;
		draft.template_id = "gas";
		draft.template_version = 1;
		draft.answers = answers;
		draft.outcome = "pass";
		memset(&rec, 0, sizeof rec);
		if (fc_record_seal(&draft, &signer, s, s == 1 ? NULL : prev, NULL, &rec, &err) !=
			0 ||
		    fc_store_append(st, &rec, &err) != 0)
			fill_die("record", &err);
		memcpy(prev, rec.hash, sizeof prev);
		fc_record_release(&rec);
		if ((s % FILL_BATCH == 0 || s == nr) && fc_store_commit(st, &err) != 0)
			fill_die("commit", &err);
	}
	json_decref(answers);
	fc_key_free(key);
	fc_store_close(st);
	printf("filled %ld households and %ld records in %.1f s\n", nh, nr, fill_now() - t0);
	return 0;
}
