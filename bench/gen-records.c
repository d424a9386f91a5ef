/* SPDX-License-Identifier: Apache-2.0 */
/*
 * gen-records: the signed records of `make bench-scale` (issue 20), made
 * once and loaded into every backend by bench/scale-load.
 *
 *   gen-records OUT RECORDS DEVICES HOUSEHOLDS JOBS
 *
 * RECORDS gas inspections (bench/seal.h) from DEVICES devices over
 * HOUSEHOLDS registry households, shaped by bench/scale-shape.h. JOBS
 * processes sign at once, each the chains of every JOBS-th device, into its
 * own file OUT.0 .. OUT.JOBS-1: round after round, one push of up to 500
 * records from each of its devices in turn, deflated as a device sends it.
 * A push is a header of three native 32-bit numbers (device number,
 * records, bytes) and the deflated wire batch (sync/wire.h). Read in turn
 * from the files, the pushes of the first round come first: with 2 000
 * devices the first 1 000 000 records are each device's first 500.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/scale-shape.h"
#include "bench/seal.h"
#include "core/sign.h"
#include "sync/wire.h"

struct gdev {
	long d, seq, left;
	struct fc_signer signer;
	unsigned char prev[FC_HASH_BYTES];
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
};

static int
gen_fail(const char *what, const struct fc_error *err)
{
	fprintf(stderr, "gen-records: %s: %s\n", what, err->msg);
	return -1;
}

/* The device's next push of up to SHAPE_BATCH records, written to f. */
static int
gen_push(const struct shape *s, struct gdev *g, FILE *f)
{
	struct fc_buf raw = FC_BUF_INIT, z = FC_BUF_INIT;
	struct fc_error err = {0};
	uint32_t hdr[3];
	long k = g->left < SHAPE_BATCH ? g->left : SHAPE_BATCH;
	int ret = 0;

	if (fc_wire_batch_start(&raw, &err) != 0)
		return gen_fail("batch", &err);
	for (long i = 0; i < k && ret == 0; i++) {
		struct fc_record rec;
		char household[FC_ID_MAX], when[40];

		shape_record(s, g->d, ++g->seq, household, when);
		if (bench_seal_gas(&g->signer, g->seq, g->prev, household, when, &rec, &err) != 0)
			return gen_fail("seal", &err);
		memcpy(g->prev, rec.hash, FC_HASH_BYTES);
		ret = fc_wire_batch_add(&raw, rec.body, rec.body_len, rec.sig, &err);
		fc_record_release(&rec);
	}
	/* Level 1, as the server's own big answers: cheap to make, small enough to keep. */
	if (ret != 0 || fc_wire_deflate_level(raw.buf, raw.len, 0, 1, &z, &err) != 0)
		ret = gen_fail("deflate", &err);
	hdr[0] = (uint32_t)g->d;
	hdr[1] = (uint32_t)k;
	hdr[2] = (uint32_t)z.len;
	if (ret == 0 && (fwrite(hdr, sizeof hdr, 1, f) != 1 || fwrite(z.buf, z.len, 1, f) != 1)) {
		fprintf(stderr, "gen-records: cannot write a push\n");
		ret = -1;
	}
	g->left -= k;
	fc_buf_release(&raw);
	fc_buf_release(&z);
	return ret;
}

/* Job j of jobs: every jobs-th device's chain, round after round, into path. */
static int
gen_job(const struct shape *s, long j, long jobs, const char *path)
{
	long n = (s->devices - j + jobs - 1) / jobs, left = 0;
	struct gdev *devs = calloc((size_t)(n > 0 ? n : 1), sizeof *devs);
	FILE *f = fopen(path, "wb");
	int ret = 0;

	if (devs == NULL || f == NULL) {
		fprintf(stderr, "gen-records: cannot write %s\n", path);
		free(devs);
		if (f != NULL)
			fclose(f);
		return -1;
	}
	for (long i = 0; i < n; i++) {
		struct gdev *g = &devs[i];
		char inspector[FC_ID_MAX];

		g->d = j + i * jobs;
		g->left = shape_records_of(s, g->d);
		left += g->left;
		shape_ids(g->d, g->signer.device, inspector);
		snprintf(g->signer.inspector, sizeof g->signer.inspector, "%s", inspector);
		shape_key(g->d, g->pk, g->sk);
		g->signer.sk = g->sk;
	}
	while (left > 0 && ret == 0)
		for (long i = 0; i < n && ret == 0; i++) {
			if (devs[i].left == 0)
				continue;
			left -= devs[i].left;
			ret = gen_push(s, &devs[i], f);
			left += devs[i].left;
		}
	if (fclose(f) != 0)
		ret = -1;
	free(devs);
	return ret;
}

int
main(int argc, char **argv)
{
	struct fc_error err = {0};
	struct shape s;
	long records, devices, households, jobs;
	int failed = 0;

	if (argc != 6) {
		fprintf(stderr, "usage: gen-records OUT RECORDS DEVICES HOUSEHOLDS JOBS\n");
		return 2;
	}
	records = strtol(argv[2], NULL, 10);
	devices = strtol(argv[3], NULL, 10);
	households = strtol(argv[4], NULL, 10);
	jobs = strtol(argv[5], NULL, 10);
	if (records < 1 || devices < 1 || households < devices || jobs < 1 || jobs > 256) {
		fprintf(stderr,
			"gen-records: need RECORDS, DEVICES <= HOUSEHOLDS, 1 to 256 JOBS\n");
		return 2;
	}
	if (fc_sign_init(&err) != 0)
		return gen_fail("sodium", &err) != 0;
	json_object_seed(0);
	/* Made once here, shared with the jobs by fork(). */
	if (shape_init(&s, records, devices, households) != 0) {
		fprintf(stderr, "gen-records: out of memory\n");
		return 1;
	}
	for (long j = 0; j < jobs; j++) {
		char path[4096];
		pid_t pid;

		snprintf(path, sizeof path, "%s.%ld", argv[1], j);
		pid = fork();
		if (pid == 0)
			_exit(gen_job(&s, j, jobs, path) == 0 ? 0 : 1);
		if (pid < 0)
			failed = 1;
	}
	for (int st; wait(&st) > 0;)
		failed |= !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	shape_free(&s);
	return failed;
}
