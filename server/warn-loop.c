/* SPDX-License-Identifier: Apache-2.0 */
/*
 * warn-loop.c: `serve --warnings FILE` (docs/warnings.md): one thread that,
 * every so many seconds, runs the rules and sends what is due, over its own
 * handle on the store, so requests never wait for a receiver. The outbox is
 * in the store: a server killed between raising a warning and delivering it
 * delivers it after its next start (or any deliverer does). Stopping wakes
 * the thread at once; a delivery in flight finishes (20 s at most) first,
 * and no other starts, however many are due: systemd would otherwise kill
 * the server at its stop time-out while a slow receiver held it.
 */
#include <libintl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/date.h"
#include "server/warn-cmd.h"
#include "sync/curl-lib.h"

#define _(s) gettext(s)

struct fc_warn_loop {
	const struct fc_curl *cu; /* libcurl, loaded by fc_warn_loop_start */
	struct fc_sstore *st;
	struct fc_warn_rules rules;
	int every;
	int stop;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
};

/* 1 once fc_warn_loop_stop() was called: a delivery in flight is the last. */
static int
loop_stopping(void *ctx)
{
	struct fc_warn_loop *l = ctx;
	int stop;

	pthread_mutex_lock(&l->lock);
	stop = l->stop;
	pthread_mutex_unlock(&l->lock);
	return stop;
}

static void
loop_round(struct fc_warn_loop *l)
{
	const struct fc_warn_stop stop = {loop_stopping, l};
	struct fc_error err = {0};
	int64_t raised = 0, sent = 0, failed = 0;
	char today[11], line[256];

	fc_date_format(fc_date_today(), today);
	if (fc_sstore_warnings_run(l->st, &l->rules, today, time(NULL), &raised, &err) != 0 ||
	    fc_warn_deliver_due(l->st, &l->rules, &stop, &sent, &failed, &err) != 0) {
		/* <4>: sd-daemon(3) "warning"; the next round tries again. */
		fprintf(stderr, "<4>fieldcheck-server: warnings: %s\n", err.msg);
		return;
	}
	if (raised == 0 && sent == 0 && failed == 0)
		return;
	/* One write: request threads write their lines to the journal meanwhile. */
	snprintf(line, sizeof line, _("%lld raised, %lld delivered, %lld to retry"),
		 (long long)raised, (long long)sent, (long long)failed);
	fprintf(stderr, "<5>fieldcheck-server: warnings: %s\n", line);
}

static void *
loop_main(void *arg)
{
	struct fc_warn_loop *l = arg;
	struct timespec until;

	pthread_mutex_lock(&l->lock);
	while (!l->stop) {
		pthread_mutex_unlock(&l->lock);
		loop_round(l);
		pthread_mutex_lock(&l->lock);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += l->every;
		while (!l->stop && pthread_cond_timedwait(&l->wake, &l->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&l->lock);
	return NULL;
}

int
fc_warn_loop_start(const char *db, const struct fc_warn_rules *rules, int every,
		   struct fc_warn_loop **out, struct fc_error *err)
{
	const struct fc_curl *cu = fc_curl(err);
	struct fc_warn_loop *l;

	if (cu == NULL)
		return fc_error_prefix(err, "warnings");
	if ((l = calloc(1, sizeof *l)) == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	/* Before the thread: curl's global set-up is not safe to run beside other threads. */
	if (cu->global_init(CURL_GLOBAL_DEFAULT) != 0) {
		free(l);
		return fc_error_set(err, FC_E_NET, _("cannot start the HTTP client"));
	}
	if (fc_sstore_open(db, &l->st, err) != 0) {
		free(l);
		cu->global_cleanup();
		return fc_error_prefix(err, "warnings");
	}
	l->cu = cu;
	l->rules = *rules;
	l->every = every;
	pthread_mutex_init(&l->lock, NULL);
	pthread_cond_init(&l->wake, NULL);
	if (pthread_create(&l->thread, NULL, loop_main, l) != 0) {
		fc_sstore_close(l->st);
		free(l);
		cu->global_cleanup();
		return fc_error_set(err, FC_E_NOMEM, _("cannot start the warnings thread"));
	}
	*out = l;
	return 0;
}

void
fc_warn_loop_stop(struct fc_warn_loop *l)
{
	if (l == NULL)
		return;
	pthread_mutex_lock(&l->lock);
	l->stop = 1;
	pthread_cond_signal(&l->wake);
	pthread_mutex_unlock(&l->lock);
	pthread_join(l->thread, NULL);
	pthread_mutex_destroy(&l->lock);
	pthread_cond_destroy(&l->wake);
	fc_sstore_close(l->st);
	sodium_memzero(&l->rules, sizeof l->rules);
	l->cu->global_cleanup();
	free(l);
}
