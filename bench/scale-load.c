/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scale-load: fills a server store for `make bench-scale` (issue 20).
 *
 *   scale-load DB enrol DEVICES HOUSEHOLDS
 *   scale-load DB load FROM TO FILE...
 *
 * enrol: DEVICES inspectors, each in the districts of its patch of the
 * registry (bench/scale-shape.h), and each one's device enrolled as the
 * server enrols one (server/enroll.c): a one-time code stored by its hash,
 * spent in the transaction that binds the device's key to its inspector.
 *
 * load: the pushes bench/gen-records wrote, taken from the FILEs in turn,
 * records FROM to TO of them (whole pushes: a push that starts before TO is
 * stored whole), each inflated and stored through the server's own ingest
 * path (fc_server_store_batch: signatures checked on every core, then the
 * chain, the inserts, the ledger and the counters in the store's writer, as
 * a push over HTTP is), by FC_BENCH_SCALE_THREADS threads (default: the
 * cores), each with its own handle on the store, so one push's signatures
 * are checked while another's are written. A device's pushes stay in order:
 * none is taken while the one before it is in hand. Prints the rate and the
 * CPU per record of this process beside the ceiling measured here now
 * (bench/ceiling.h). Figures only; it fails only when it cannot do its work.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench/ceiling.h"
#include "bench/scale-shape.h"
#include "bench/seal.h"
#include "server/server.h"
#include "server/store/store.h"
#include "sync/wire.h"

#define LOAD_THREADS_MAX 32

struct loader {
	const char *db;
	FILE **files;
	int nfiles, next;
	long from, to, seen; /* records of the pushes read so far, skipped or not */
	long stored, refused, progress;
	long busy[LOAD_THREADS_MAX]; /* devices whose push is in hand, -1: none */
	int nthreads, failed;
	int waiting; /* a reader waits for its device: the others wait behind it */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

struct push {
	uint32_t hdr[3]; /* device number, records, bytes */
	unsigned char *z;
};

static double
load_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
load_fail(const char *what, const struct fc_error *err)
{
	fprintf(stderr, "scale-load: %s: %s\n", what, err->msg);
	return -1;
}

static int
load_busy(const struct loader *l, long d)
{
	for (int t = 0; t < l->nthreads; t++)
		if (l->busy[t] == d)
			return 1;
	return 0;
}

/*
 * The next push to store, into p (held by thread t); 0 at the end. Under
 * l->mu. Pushes before FROM are skipped unread.
 */
static int
load_next(struct loader *l, int t, struct push *p)
{
	while (l->waiting)
		pthread_cond_wait(&l->cv, &l->mu);
	for (int ended = 0; ended < l->nfiles && l->seen < l->to;) {
		FILE *f = l->files[l->next];

		l->next = (l->next + 1) % l->nfiles;
		if (f == NULL || fread(p->hdr, sizeof p->hdr, 1, f) != 1) {
			ended++;
			continue;
		}
		ended = 0;
		l->seen += p->hdr[1];
		if (l->seen <= l->from) {
			fseek(f, (long)p->hdr[2], SEEK_CUR);
			continue;
		}
		p->z = malloc(p->hdr[2] > 0 ? p->hdr[2] : 1);
		if (p->z == NULL || fread(p->z, p->hdr[2], 1, f) != 1) {
			free(p->z);
			l->failed = 1;
			return 0;
		}
		/* Its device's push before it is still in hand: nobody reads past this one. */
		l->waiting = 1;
		while (load_busy(l, (long)p->hdr[0]))
			pthread_cond_wait(&l->cv, &l->mu);
		l->waiting = 0;
		pthread_cond_broadcast(&l->cv);
		l->busy[t] = (long)p->hdr[0];
		return 1;
	}
	return 0;
}

/* Store one push as the push handler would; the records it did not store are counted. */
static int
load_store(struct fc_sstore *st, const struct push *p, long *stored)
{
	struct fc_buf raw = FC_BUF_INIT;
	struct fc_error err = {0};
	struct fc_sdevice dev;
	struct fc_sinspector insp;
	char device[FC_DEVICE_ID_LEN + 1], inspector[FC_ID_MAX];
	json_t *answer = NULL;
	long n = 0;
	int ret = 0;

	shape_ids((long)p->hdr[0], device, inspector);
	if (fc_wire_inflate(p->z, p->hdr[2], FC_BATCH_MAX_RAW, &raw, &err) != 0 ||
	    fc_sstore_get_device(st, device, &dev, &err) != 0 ||
	    fc_sstore_get_inspector(st, dev.inspector, &insp, &err) != 0 ||
	    fc_server_store_batch(st, &dev, insp.district, raw.buf, raw.len, &answer, &n, &err) !=
		0)
		ret = load_fail(device, &err);
	*stored = (long)json_integer_value(json_object_get(answer, "stored"));
	if (ret == 0 && *stored != (long)p->hdr[1]) {
		char *s = json_dumps(answer, JSON_COMPACT);

		fprintf(stderr, "scale-load: device %s stored %ld of %u: %.300s\n", device, *stored,
			p->hdr[1], s != NULL ? s : "");
		free(s);
	}
	json_decref(answer);
	fc_buf_release(&raw);
	return ret;
}

struct worker {
	struct loader *l;
	int t;
};

static void *
load_worker(void *arg)
{
	struct worker *w = arg;
	struct loader *l = w->l;
	struct fc_sstore *st = NULL;
	struct fc_error err = {0};
	struct push p;

	if (fc_sstore_open(l->db, &st, &err) != 0) {
		load_fail(l->db, &err);
		l->failed = 1;
		return NULL;
	}
	pthread_mutex_lock(&l->mu);
	while (!l->failed && load_next(l, w->t, &p)) {
		long stored = 0;
		int bad;

		pthread_mutex_unlock(&l->mu);
		bad = load_store(st, &p, &stored) != 0;
		free(p.z);
		pthread_mutex_lock(&l->mu);
		l->busy[w->t] = -1;
		pthread_cond_broadcast(&l->cv);
		l->failed |= bad;
		l->stored += stored;
		l->refused += (long)p.hdr[1] - stored;
		if (l->stored >= l->progress) {
			fprintf(stderr, "scale-load: %ld records stored\n", l->stored);
			l->progress += 100000;
		}
	}
	pthread_mutex_unlock(&l->mu);
	fc_sstore_close(st);
	return NULL;
}

/* The ingest ceiling of this machine now, on a record as the files hold. */
static int
load_ceiling(struct ceiling *c)
{
	unsigned char pk[FC_PK_BYTES], sk[FC_SK_BYTES];
	char dir[64] = "/tmp/fc-scale-load.XXXXXX", path[128];
	struct fc_signer signer = {"scale-00000", "d0000000", sk};
	struct fc_error err = {0};
	struct fc_record rec;
	int ret;

	shape_key(0, pk, sk);
	if (mkdtemp(dir) == NULL ||
	    bench_seal_gas(&signer, 1, NULL, "HH-000001", NULL, &rec, &err) != 0)
		return -1;
	ret = ceiling_measure(c, dir, &rec, pk);
	fc_record_release(&rec);
	snprintf(path, sizeof path, "%s", dir);
	rmdir(path);
	return ret;
}

static int
load_run(const char *db, long from, long to, char **paths, int npaths)
{
	struct loader l = {.db = db, .from = from, .to = to, .nfiles = npaths, .progress = 100000};
	struct worker w[LOAD_THREADS_MAX];
	pthread_t tid[LOAD_THREADS_MAX];
	const char *env = getenv("FC_BENCH_SCALE_THREADS");
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	struct ceiling c;
	double t0, c0, wall, cpu;

	l.nthreads = env != NULL && atoi(env) > 0 ? atoi(env) : (int)(cores > 0 ? cores : 1);
	if (l.nthreads > LOAD_THREADS_MAX)
		l.nthreads = LOAD_THREADS_MAX;
	if (load_ceiling(&c) != 0) {
		fprintf(stderr, "scale-load: the ceiling could not be measured\n");
		return 1;
	}
	printf("  ");
	ceiling_print(&c);
	l.files = calloc((size_t)npaths, sizeof *l.files);
	for (int i = 0; l.files != NULL && i < npaths; i++)
		if ((l.files[i] = fopen(paths[i], "rb")) == NULL)
			l.failed = 1;
	pthread_mutex_init(&l.mu, NULL);
	pthread_cond_init(&l.cv, NULL);
	for (int t = 0; t < LOAD_THREADS_MAX; t++)
		l.busy[t] = -1;
	t0 = load_now();
	c0 = ceiling_cpu();
	for (int t = 0; t < l.nthreads; t++) {
		w[t] = (struct worker){&l, t};
		pthread_create(&tid[t], NULL, load_worker, &w[t]);
	}
	for (int t = 0; t < l.nthreads; t++)
		pthread_join(tid[t], NULL);
	wall = load_now() - t0;
	cpu = ceiling_cpu() - c0;
	for (int i = 0; l.files != NULL && i < npaths; i++)
		if (l.files[i] != NULL)
			fclose(l.files[i]);
	free(l.files);
	printf("  stored %ld records (%ld refused) in %.1f s by %d threads: %.0f records/s\n",
	       l.stored, l.refused, wall, l.nthreads, wall > 0 ? (double)l.stored / wall : 0);
	/* The database server's own CPU is not this process's: PostgreSQL's is left out. */
	ceiling_ratio(&c, wall > 0 ? (double)l.stored / wall : 0, cpu, l.stored, 80);
	return l.failed;
}

/* One inspector and its device, enrolled as server/enroll.c does. */
static int
load_enrol_one(struct fc_sstore *st, const struct shape *s, long d)
{
	struct fc_sinspector in = {.role = FC_ROLE_INSPECTOR};
	struct fc_error err = {0};
	unsigned char pk[FC_PK_BYTES], sk[FC_SK_BYTES], hash[32];
	char device[FC_DEVICE_ID_LEN + 1], who[FC_ID_MAX], code[FC_CODE_LEN];
	time_t now = time(NULL);

	shape_ids(d, device, in.id);
	shape_districts(s, d, in.district);
	snprintf(in.name, sizeof in.name, "检查员 %ld", d);
	shape_key(d, pk, sk);
	fc_server_code_new(code);
	fc_server_code_hash(code, hash);
	if (fc_sstore_put_inspector(st, &in, now, &err) != 0 ||
	    fc_sstore_add_code(st, hash, in.id, now, now + 3600, &err) != 0 ||
	    fc_sstore_begin(st, &err) != 0 || fc_sstore_use_code(st, hash, now, who, &err) != 0 ||
	    fc_sstore_add_device(st, device, who, pk, now, &err) != 0 ||
	    fc_sstore_commit(st, &err) != 0) {
		fc_sstore_rollback(st);
		return load_fail(device, &err);
	}
	return 0;
}

static int
load_enrol(const char *db, long devices, long households)
{
	struct fc_sstore *st = NULL;
	struct fc_error err = {0};
	struct shape s;
	double t0 = load_now(), c0 = ceiling_cpu();
	int ret = 0;

	if (devices < 1 || households < devices || shape_init(&s, 0, devices, households) != 0) {
		fprintf(stderr, "scale-load: need 1 <= DEVICES <= HOUSEHOLDS\n");
		return 2;
	}
	if (fc_sstore_open(db, &st, &err) != 0)
		ret = load_fail(db, &err);
	for (long d = 0; d < devices && ret == 0; d++)
		ret = load_enrol_one(st, &s, d);
	fc_sstore_close(st);
	shape_free(&s);
	if (ret == 0)
		printf("  enrolled %ld inspectors and their devices in %.1f s (%.1f s CPU)\n",
		       devices, load_now() - t0, ceiling_cpu() - c0);
	return ret != 0;
}

int
main(int argc, char **argv)
{
	struct fc_error err = {0};

	if (fc_sign_init(&err) != 0)
		return load_fail("sodium", &err) != 0;
	if (argc == 5 && strcmp(argv[2], "enrol") == 0)
		return load_enrol(argv[1], strtol(argv[3], NULL, 10), strtol(argv[4], NULL, 10));
	if (argc >= 6 && strcmp(argv[2], "load") == 0)
		return load_run(argv[1], strtol(argv[3], NULL, 10), strtol(argv[4], NULL, 10),
				argv + 5, argc - 5);
	fprintf(stderr, "usage: scale-load DB enrol DEVICES HOUSEHOLDS\n"
			"       scale-load DB load FROM TO FILE...\n");
	return 2;
}
