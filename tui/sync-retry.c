/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sync-retry.c: sync by itself, with backoff. A device in the field is
 * offline for hours (a basement, a village without signal); records must
 * reach the server when the network comes back, without the inspector
 * remembering to press s. Every few seconds the loop looks at the records
 * that wait (one index lookup: the newest one); while some wait and a
 * server is enrolled, a sync starts beside the screens (sync-bg.c) when the next try is due. A
 * failed try doubles the wait (30 s, 1, 2, 4, 8 min, then every 15 min), so
 * a dead network costs a connection attempt now and then, not the battery;
 * a sync that succeeds, or a record newly signed, starts from the first wait.
 * Keys are never held up: the count is one query, the sync a child process,
 * and Esc stops a try as it stops one started with s.
 */
#include <stdio.h>
#include <stdlib.h>

#include "app/app.h"
#include "sync/client.h"
#include "tui/i18n.h"
#include "tui/sync-bg.h"
#include "tui/tui.h"

/* How often the waiting records are counted. */
#define RETRY_CHECK_MS 2000.0

/* The first and the longest wait in seconds, from the environment for tests. */
static void
retry_limits(double *first, double *max)
{
	const char *env = getenv("FIELDCHECK_SYNC_RETRY");
	double a = 0, b = 0;

	*first = FC_SYNC_RETRY_FIRST;
	*max = FC_SYNC_RETRY_MAX;
	if (env != NULL && sscanf(env, "%lf,%lf", &a, &b) == 2 && a > 0 && b >= a) {
		*first = a;
		*max = b;
	}
}

/* The wait after fails failures in a row, in milliseconds. */
static double
retry_wait_ms(int fails)
{
	double first, max, w;

	retry_limits(&first, &max);
	w = first;
	for (int i = 0; i < fails && w < max; i++)
		w *= 2;
	return (w < max ? w : max) * 1000.0;
}

/* 1 when the device is enrolled with a server (an unreadable store: no). */
static int
retry_enrolled(struct fc_tui *tui)
{
	char url[16]; /* only whether it is set: a longer URL is cut, not refused */
	struct fc_error err = {0};

	return fc_store_get_setting(tui->app->store, FC_SET_SERVER, url, sizeof url, &err) == 0 &&
	       url[0] != '\0';
}

void
fc_bgsync_ended(struct fc_tui *tui, int ok)
{
	struct fc_bgsync *s = &tui->sync;

	s->fails = ok ? 0 : s->fails + 1;
	/* Recount soon: what the sync sent no longer waits, what came meanwhile does. */
	s->checked_ms = 0;
	s->next_ms = fc_tui_now_ms() + retry_wait_ms(s->fails > 0 ? s->fails - 1 : 0);
}

/*
 * Look at the waiting records (the newest one's seq: an index lookup, where a
 * count took 40 ms of a 100 000-record device's start-up and every 2 s after);
 * a new one starts the backoff again.
 */
static void
retry_count(struct fc_tui *tui, double now)
{
	struct fc_bgsync *s = &tui->sync;
	struct fc_error err = {0};
	int64_t newest = 0;

	s->checked_ms = now;
	if (fc_store_newest_unsynced(tui->app->store, &newest, &err) != 0)
		return;
	if (newest == 0) {
		s->next_ms = 0;
	} else if (newest > s->waiting || s->next_ms == 0) {
		/* A record signed since the last look (or the first seen) gets the first wait. */
		if (newest > s->waiting && s->waiting > 0)
			s->fails = 0;
		if (s->next_ms == 0 || s->fails == 0)
			s->next_ms = now + retry_wait_ms(0);
	}
	s->waiting = (long long)newest;
}

void
fc_bgsync_auto(struct fc_tui *tui)
{
	struct fc_bgsync *s = &tui->sync;
	struct fc_error err = {0};
	double now = fc_tui_now_ms();

	/* Nothing to sign a sync with before the PIN, nothing to send without a server. */
	if (s->child.pid > 0 || tui->app->key == NULL)
		return;
	if (now - s->checked_ms >= RETRY_CHECK_MS) {
		if (!retry_enrolled(tui)) {
			s->next_ms = 0;
			s->checked_ms = now;
			return;
		}
		retry_count(tui, now);
	}
	if (s->next_ms == 0 || now < s->next_ms || s->waiting == 0)
		return;
	if (fc_bgsync_start(tui, &err) != 0) {
		fc_bgsync_ended(tui, 0);
		return;
	}
	s->automatic = 1;
}

void
fc_bgsync_next_label(struct fc_tui *tui, char *out, size_t size)
{
	const struct fc_bgsync *s = &tui->sync;
	double left;
	long secs;

	out[0] = '\0';
	if (s->child.pid > 0 || s->next_ms == 0 || s->waiting == 0)
		return;
	left = s->next_ms - fc_tui_now_ms();
	secs = left > 0 ? (long)(left / 1000.0 + 0.999) : 0;
	if (s->fails > 0)
		snprintf(out, size, _("offline, retry in %ld:%02ld"), secs / 60, secs % 60);
	else
		snprintf(out, size, _("sync in %ld:%02ld"), secs / 60, secs % 60);
}
