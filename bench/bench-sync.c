/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench-sync: what sync costs end to end, beside what the server's own work
 * costs without HTTP.
 *
 * Prints, in one run on one machine so the ratios mean something:
 *   the ingest ceiling of this machine, measured now (bench/ceiling.h);
 *   (a) the server's verify-and-insert rate without HTTP: batches of 500
 *       records handed to fc_server_store_batch() (signatures on every core,
 *       then one transaction per batch), beside the ceiling (target: 80 %);
 *   (b) push through HTTP: fc_client_push() from a device store to an
 *       in-process fieldcheck server on 127.0.0.1, verified and stored,
 *       records per second, beside the ceiling (target: 80 %) and (a);
 *   (c) bytes on the wire per record (compressed batch payload) against the
 *       raw body plus signature (target: at most 1/2);
 *   (d) pulling a district of 50 000 households into a device store
 *       (target: under 0.7 s).
 * It prints figures; it never passes or fails. `bench-sync pull` prints (d)
 * only, `bench-sync direct` the ceiling and (a) only (for a profiler).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "bench/ceiling.h"
#include "bench/households-gen.h"
#include "core/record.h"
#include "core/store.h"
#include "sync/client.h"
#include "server/store/store.h"
#include "server/server.h"
#include "sync/wire.h"

#define RECORDS 20000
#define BATCH 500
#define HOUSEHOLDS 50000
#define DISTRICT "新华区"

struct bench {
	char dir[64];
	unsigned char pk[FC_PK_BYTES];
	unsigned char sk[FC_SK_BYTES];
	struct fc_signer signer;
	struct fc_record *rec;
};

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
bench_die(const char *what, const struct fc_error *err)
{
	fprintf(stderr, "bench-sync: %s: %s\n", what, err->msg);
	exit(1);
}

/* A gas inspection body of about 600 bytes, as the field makes them. */
static void
bench_seal(struct bench *b, int64_t i, const unsigned char *prev, struct fc_record *out)
{
	struct fc_error err = {0};
	json_t *answers =
	    json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:f,s:s,s:s,s:s,s:s,s:i,s:s,s:s,s:s,s:s,s:s}",
		      "G00", "inspected", "G01", "residential", "G02", "piped_ng", "G03", "low",
		      "G04", "kitchen", "G05", "no", "G07", 2.1, "G08", "na", "G09", "yes", "G10",
		      "管道明装，无私接改装", "G11", "yes", "G12", 2019, "G13", "yes", "G14", "yes",
		      "G15", "灶具熄火保护有效", "G16", "yes", "G17", "no");
	json_t *hazards = i % 5 == 0 ? json_pack("[{s:s,s:s,s:s}]", "item", "G06", "severity",
						 "ordinary", "note", "用气房间通风不良")
				     : json_array();
	char household[32];
	struct fc_record_draft d = {.type = FC_TYPE_INSPECTION,
				    .household = household,
				    .template_id = "gas",
				    .template_version = 1,
				    .answers = answers,
				    .hazards = hazards,
				    .outcome = i % 5 == 0 ? "ordinary" : "pass"};

	snprintf(household, sizeof household, "HH-%06lld", (long long)(i % HOUSEHOLDS + 1));
	if (fc_record_seal(&d, &b->signer, i, prev, NULL, out, &err) != 0)
		bench_die("seal", &err);
	json_decref(answers);
	json_decref(hazards);
}

static struct fc_sstore *
bench_server_store(struct bench *b, const char *name, struct fc_sdevice *dev)
{
	struct fc_sinspector in = {
	    .id = "I1", .name = "王芳", .district = DISTRICT, .role = FC_ROLE_INSPECTOR};
	struct fc_error err = {0};
	struct fc_sstore *st = NULL;
	char path[128];

	snprintf(path, sizeof path, "%s/%s", b->dir, name);
	if (fc_sstore_open(path, &st, &err) != 0 ||
	    fc_sstore_put_inspector(st, &in, time(NULL), &err) != 0 ||
	    fc_sstore_add_device(st, b->signer.device, "I1", b->pk, time(NULL), &err) != 0 ||
	    (dev != NULL && fc_sstore_get_device(st, b->signer.device, dev, &err) != 0))
		bench_die(path, &err);
	return st;
}

/* (a) and (c): the server's own rate, and the compressed size of the batches. */
static double
bench_direct(struct bench *b, double *wire, double *raw_bytes, double *cpu)
{
	struct fc_sdevice dev;
	struct fc_sstore *st = bench_server_store(b, "direct.db", &dev);
	struct fc_error err = {0};
	double t0, t = 0;
	size_t zbytes = 0, rbytes = 0;

	for (int from = 0; from < RECORDS; from += BATCH) {
		struct fc_buf raw = FC_BUF_INIT, z = FC_BUF_INIT;
		json_t *answer = NULL;
		long n = 0;

		fc_wire_batch_start(&raw, &err);
		for (int i = from; i < from + BATCH; i++) {
			fc_wire_batch_add(&raw, b->rec[i].body, b->rec[i].body_len, b->rec[i].sig,
					  &err);
			rbytes += b->rec[i].body_len + FC_SIG_BYTES;
		}
		fc_wire_deflate(raw.buf, raw.len, 0, &z, &err);
		zbytes += z.len;
		t0 = bench_now();
		double c0 = ceiling_cpu();
		if (fc_server_store_batch(st, &dev, DISTRICT, raw.buf, raw.len, &answer, &n,
					  &err) != 0)
			bench_die("store batch", &err);
		*cpu += ceiling_cpu() - c0;
		t += bench_now() - t0;
		json_decref(answer);
		fc_buf_release(&raw);
		fc_buf_release(&z);
	}
	fc_sstore_close(st);
	*wire = (double)zbytes / RECORDS;
	*raw_bytes = (double)rbytes / RECORDS;
	return RECORDS / t;
}

static struct fc_store *
bench_device(struct bench *b, const char *name, int with_records)
{
	struct fc_identity id = {0};
	struct fc_error err = {0};
	struct fc_store *st = NULL;
	char path[128];

	snprintf(path, sizeof path, "%s/%s", b->dir, name);
	snprintf(id.inspector, sizeof id.inspector, "I1");
	snprintf(id.name, sizeof id.name, "王芳");
	snprintf(id.device, sizeof id.device, "%s", b->signer.device);
	memcpy(id.pk, b->pk, FC_PK_BYTES);
	if (fc_store_open(path, &st, &err) != 0 || fc_store_set_identity(st, &id, &err) != 0)
		bench_die(path, &err);
	if (!with_records)
		return st;
	for (int from = 0; from < RECORDS; from += 1000) {
		if (fc_store_begin(st, &err) != 0)
			bench_die("device begin", &err);
		for (int i = from; i < from + 1000; i++)
			if (fc_store_append(st, &b->rec[i], &err) != 0)
				bench_die("device append", &err);
		if (fc_store_commit(st, &err) != 0)
			bench_die("device commit", &err);
	}
	return st;
}

static struct fc_server *
bench_serve(struct bench *b, const char *db, char *url, size_t size)
{
	struct fc_server_config cfg = {0};
	struct fc_server *srv = NULL;
	struct fc_error err = {0};
	char path[128];
	FILE *devnull = fopen("/dev/null", "w");

	snprintf(path, sizeof path, "%s/%s", b->dir, db);
	cfg.db_path = path;
	cfg.listen = "127.0.0.1:0";
	cfg.log = devnull;
	if (fc_server_start(&cfg, &srv, &err) != 0)
		bench_die("server", &err);
	snprintf(url, size, "http://127.0.0.1:%u", fc_server_port(srv));
	return srv;
}

/* (b): push through HTTP into an in-process server. */
static double
bench_push(struct bench *b, struct fc_key *key, double *cpu)
{
	struct fc_sstore *sst = bench_server_store(b, "http.db", NULL);
	struct fc_store *dst = bench_device(b, "device.db", 1);
	struct fc_sync_options opt = {0};
	struct fc_sync_result res = {0};
	struct fc_client *c = NULL;
	struct fc_error err = {0};
	char url[64];
	struct fc_server *srv;
	double t0, t;

	fc_sstore_close(sst);
	srv = bench_serve(b, "http.db", url, sizeof url);
	opt.url = url;
	if (fc_client_open(&opt, key, &c, &err) != 0)
		bench_die("client", &err);
	t0 = bench_now();
	*cpu = ceiling_cpu();
	if (fc_client_push(c, dst, &res, &err) != 0)
		bench_die("push", &err);
	*cpu = ceiling_cpu() - *cpu;
	t = bench_now() - t0;
	if (res.pushed != RECORDS)
		fprintf(stderr, "bench-sync: pushed %lld of %d\n", (long long)res.pushed, RECORDS);
	fc_client_close(c);
	fc_server_stop(srv);
	fc_store_close(dst);
	return RECORDS / t;
}

static int
bench_skip_household(const struct fc_household *h, void *ctx, struct fc_error *err)
{
	(void)h;
	(void)err;
	++*(long *)ctx;
	return 0;
}

/*
 * The two stores' own work in a pull, each timed alone on the same rows: the
 * server reading the district and the device storing it as one registry load
 * (its search indexes built at the end). What the pull takes beyond their sum
 * is HTTP, compression and the answer's text.
 */
static void
bench_pull_stores(struct bench *b, const struct fc_household *rows, double *server, double *device,
		  double *cpu)
{
	struct fc_sstore *sst = NULL;
	struct fc_store *dst = bench_device(b, "load-device.db", 0);
	struct fc_error err = {0};
	char path[128];
	int64_t last = 0;
	long n = 0;
	double t0;

	snprintf(path, sizeof path, "%s/pull.db", b->dir);
	if (fc_sstore_open(path, &sst, &err) != 0)
		bench_die(path, &err);
	*cpu = ceiling_cpu();
	t0 = bench_now();
	if (fc_sstore_households_since(sst, DISTRICT, 0, HOUSEHOLDS, bench_skip_household, &n,
				       &last, &err) != 0 ||
	    n != HOUSEHOLDS)
		bench_die("server read", &err);
	*server = bench_now() - t0;
	fc_sstore_close(sst);
	t0 = bench_now();
	if (fc_store_households_load_begin(dst, &err) != 0 ||
	    fc_store_put_households(dst, rows, HOUSEHOLDS, &err) != 0 ||
	    fc_store_households_load_end(dst, 1, &err) != 0)
		bench_die("device load", &err);
	*device = bench_now() - t0;
	*cpu = ceiling_cpu() - *cpu;
	fc_store_close(dst);
}

/* (d): pull a district of HOUSEHOLDS households. */
static double
bench_pull(struct bench *b, struct fc_key *key, int64_t *got, double *cpu, double *server,
	   double *device, double *stores_cpu)
{
	struct fc_sstore *sst = bench_server_store(b, "pull.db", NULL);
	struct fc_store *dst = bench_device(b, "pull-device.db", 0);
	struct fc_household *rows = calloc(HOUSEHOLDS, sizeof *rows);
	struct fc_sync_options opt = {0};
	struct fc_sync_result res = {0};
	struct fc_client *c = NULL;
	struct fc_error err = {0};
	struct fc_home home = {0};
	struct fc_server *srv;
	struct gen g;
	char url[64];
	double t0, t;

	gen_init(&g, 7, NULL);
	for (long i = 0; i < HOUSEHOLDS; i++) {
		gen_household(&g, i + 1, &rows[i]);
		snprintf(rows[i].district, sizeof rows[i].district, DISTRICT);
	}
	if (fc_sstore_begin(sst, &err) != 0 ||
	    fc_sstore_put_households(sst, rows, HOUSEHOLDS, &err) != 0 ||
	    fc_sstore_commit(sst, &err) != 0)
		bench_die("households", &err);
	fc_sstore_close(sst);
	srv = bench_serve(b, "pull.db", url, sizeof url);
	snprintf(home.dir, sizeof home.dir, "%s", b->dir);
	opt.url = url;
	if (fc_client_open(&opt, key, &c, &err) != 0)
		bench_die("client", &err);
	t0 = bench_now();
	*cpu = ceiling_cpu();
	if (fc_client_pull(c, dst, &home, &res, &err) != 0)
		bench_die("pull", &err);
	*cpu = ceiling_cpu() - *cpu;
	t = bench_now() - t0;
	*got = res.households;
	fc_client_close(c);
	fc_server_stop(srv);
	fc_store_close(dst);
	bench_pull_stores(b, rows, server, device, stores_cpu);
	free(rows);
	return t;
}

static void
bench_pull_print(struct bench *b, struct fc_key *key)
{
	double cpu, server, device, stores_cpu, pull;
	int64_t got = 0;

	pull = bench_pull(b, key, &got, &cpu, &server, &device, &stores_cpu);
	printf("(d) pull %lld households of one district: %.2f s (target < 0.7 s), %.2f s of CPU "
	       "(device and server)\n",
	       (long long)got, pull, cpu);
	printf(
	    "      the stores' own work alone, in this run: server read %.2f s + device registry "
	    "load %.2f s (search indexes built) = %.2f s, %.0f%% of the pull; CPU %.2f s, %.0f%% "
	    "of its CPU\n",
	    server, device, server + device, 100 * (server + device) / pull, stores_cpu,
	    100 * stores_cpu / cpu);
}

int
main(int argc, char **argv)
{
	struct bench b = {0};
	struct fc_error err = {0};
	struct fc_key key = {0};
	struct ceiling ceil;
	double direct, push, wire, raw, t0, cpu = 0;
	char cmd[128];

	if (fc_sign_init(&err) != 0)
		bench_die("sodium", &err);
	json_object_seed(0);
	snprintf(b.dir, sizeof b.dir, "/tmp/fc-bench-sync.XXXXXX");
	if (mkdtemp(b.dir) == NULL)
		return 1;
	crypto_sign_keypair(b.pk, b.sk);
	snprintf(b.signer.inspector, sizeof b.signer.inspector, "I1");
	snprintf(b.signer.device, sizeof b.signer.device, "5e1f00d2");
	b.signer.sk = b.sk;
	key.id = (struct fc_identity){.inspector = "I1", .name = "王芳", .device = "5e1f00d2"};
	memcpy(key.id.pk, b.pk, FC_PK_BYTES);
	key.sk = b.sk;

	if (argc > 1 && strcmp(argv[1], "pull") == 0) {
		bench_pull_print(&b, &key);
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", b.dir);
		return system(cmd) == 0 ? 0 : 1;
	}
	b.rec = calloc(RECORDS, sizeof *b.rec);
	t0 = bench_now();
	for (int i = 0; i < RECORDS; i++)
		bench_seal(&b, i + 1, i > 0 ? b.rec[i - 1].hash : NULL, &b.rec[i]);
	printf("%d records sealed in %.2f s (bodies of about %zu bytes)\n", RECORDS,
	       bench_now() - t0, b.rec[0].body_len);

	if (ceiling_measure(&ceil, b.dir, &b.rec[0], b.pk) != 0) {
		fprintf(stderr, "bench-sync: the ceiling could not be measured\n");
		return 1;
	}
	ceiling_print(&ceil);
	direct = bench_direct(&b, &wire, &raw, &cpu);
	printf("(a) server verify + insert, no HTTP:   %8.0f records/s\n", direct);
	ceiling_ratio(&ceil, direct, cpu, RECORDS, 80);
	if (argc > 1 && strcmp(argv[1], "direct") == 0)
		goto done;
	push = bench_push(&b, &key, &cpu);
	printf("(b) push through HTTP, end to end:     %8.0f records/s  (%.0f%% of (a))\n", push,
	       100 * push / direct);
	printf("      (client and server in this process: CPU below counts both)\n");
	ceiling_ratio(&ceil, push, cpu, RECORDS, 80);
	printf("(c) on the wire per record:            %8.0f bytes vs %.0f raw body+signature "
	       "(%.0f%%; target <= 50%%)\n",
	       wire, raw, 100 * wire / raw);
	bench_pull_print(&b, &key);
done:
	for (int i = 0; i < RECORDS; i++)
		fc_record_release(&b.rec[i]);
	free(b.rec);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", b.dir);
	return system(cmd) == 0 ? 0 : 1;
}
