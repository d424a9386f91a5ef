/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test-group.c: group commit (server/store/group.c). Work queued while a
 * transaction runs shares the next one: the second piece runs on the same
 * handle, in the same uncommitted transaction as the first (another
 * connection does not see the first one's write yet), and both callers
 * return after one commit that holds both. When one piece fails, the others
 * still commit (run again alone) and only its caller gets the failure.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/store/store.h"
#include "support.h"

struct fixture {
	char dir[64];
	char db[128];
	struct fc_sstore *h[4]; /* three callers and a reader */
};

/* One caller's piece of work and what it saw. */
struct piece {
	struct fixture *fx;
	const char *id; /* the inspector it writes */
	int fail;	/* fail after writing */
	int block;	/* wait for release before returning */
	int runs;
	int peer_seen;	  /* the previous piece's write, through the reader */
	const char *peer; /* that piece's inspector */
	struct fc_sstore *ran_on;
	int ret;
	struct fc_error err;
	struct fc_sstore *caller;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int running, released;

static int
seen(struct fixture *fx, const char *id)
{
	struct fc_sinspector in;
	struct fc_error err = {0};

	return fc_sstore_get_inspector(fx->h[3], id, &in, &err) == 0;
}

static int
work(struct fc_sstore *st, void *ctx, struct fc_error *err)
{
	struct piece *p = ctx;
	struct fc_sinspector in = {.district = "D1", .role = FC_ROLE_INSPECTOR};

	p->runs++;
	p->ran_on = st;
	snprintf(in.id, sizeof in.id, "%s", p->id);
	snprintf(in.name, sizeof in.name, "%s", p->id);
	if (p->peer != NULL)
		p->peer_seen = seen(p->fx, p->peer);
	if (fc_sstore_put_inspector(st, &in, 1, err) != 0)
		return -1;
	if (p->block) {
		pthread_mutex_lock(&mu);
		running = 1;
		pthread_cond_broadcast(&cv);
		while (!released)
			pthread_cond_wait(&cv, &mu);
		pthread_mutex_unlock(&mu);
	}
	if (p->fail)
		return fc_error_set(err, FC_E_INVALID, "piece %s failed", p->id);
	return 0;
}

static void *
caller(void *arg)
{
	struct piece *p = arg;

	p->ret = fc_sstore_group(p->caller, work, p, &p->err);
	return NULL;
}

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct fc_error err = {0};

	if (fx == NULL)
		return -1;
	snprintf(fx->dir, sizeof fx->dir, "/tmp/fc-test-group.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->db, sizeof fx->db, "%s/server.db", fx->dir);
	for (int i = 0; i < 4; i++)
		if (fc_sstore_open(fx->db, &fx->h[i], &err) != 0) {
			fprintf(stderr, "%s\n", err.msg);
			return -1;
		}
	running = released = 0;
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	for (int i = 0; i < 4; i++)
		fc_sstore_close(fx->h[i]);
	fc_test_rmtree(fx->dir);
	free(fx);
	return 0;
}

/* A blocks in its transaction; B then C queue behind it; A is let go. */
static void
run_three(struct fixture *fx, struct piece *a, struct piece *b, struct piece *c)
{
	pthread_t ta, tb, tc;

	pthread_create(&ta, NULL, caller, a);
	pthread_mutex_lock(&mu);
	while (!running)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	pthread_create(&tb, NULL, caller, b);
	while (fc_sstore_group_waiting(fx->h[0]) < 1)
		usleep(1000);
	pthread_create(&tc, NULL, caller, c);
	while (fc_sstore_group_waiting(fx->h[0]) < 2)
		usleep(1000);
	pthread_mutex_lock(&mu);
	released = 1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	pthread_join(tc, NULL);
}

static void
test_queued_work_shares_one_commit(void **state)
{
	struct fixture *fx = *state;
	struct piece a = {.fx = fx, .id = "IA", .block = 1, .caller = fx->h[0]};
	struct piece b = {.fx = fx, .id = "IB", .caller = fx->h[1]};
	struct piece c = {.fx = fx, .id = "IC", .peer = "IB", .caller = fx->h[2]};

	run_three(fx, &a, &b, &c);
	assert_int_equal(a.ret, 0);
	assert_int_equal(b.ret, 0);
	assert_int_equal(c.ret, 0);
	/* B and C ran in one transaction: C ran on B's handle and B's write was not committed. */
	assert_ptr_equal(b.ran_on, c.ran_on);
	assert_int_equal(c.peer_seen, 0);
	assert_int_equal(b.runs, 1);
	assert_int_equal(c.runs, 1);
	/* Every caller returned after the commit holding its write. */
	assert_true(seen(fx, "IA"));
	assert_true(seen(fx, "IB"));
	assert_true(seen(fx, "IC"));
}

static void
test_a_failure_is_its_own(void **state)
{
	struct fixture *fx = *state;
	struct piece a = {.fx = fx, .id = "IA", .block = 1, .caller = fx->h[0]};
	struct piece b = {.fx = fx, .id = "IB", .caller = fx->h[1]};
	struct piece c = {.fx = fx, .id = "IC", .fail = 1, .caller = fx->h[2]};

	run_three(fx, &a, &b, &c);
	assert_int_equal(a.ret, 0);
	assert_int_equal(b.ret, 0);
	assert_int_equal(c.ret, -1);
	assert_string_equal(c.err.msg, "piece IC failed");
	/* The group was rolled back and each piece run again alone. */
	assert_int_equal(b.runs, 2);
	assert_int_equal(c.runs, 2);
	assert_true(seen(fx, "IB"));
	assert_false(seen(fx, "IC"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_queued_work_shares_one_commit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_failure_is_its_own, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
