/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sync-bg.c: sync beside the screen. A child process runs the whole sync
 * (sync/client.h) on a store connection of its own and writes one line per
 * progress step into a pipe; the loop reads the pipe without blocking at
 * every key and every quarter-second tick, so the inspector keeps working
 * while a slow or hung server takes its time.
 *
 * A process rather than a thread: a hung libcurl call cannot be interrupted
 * from another thread, but a child can always be stopped (Esc), and SQLite
 * connections are never shared. Stopping loses nothing: a sync continues
 * from what the server acknowledged (docs/protocol.md).
 *
 * Lines on the pipe:  "P <stage> <done> <total>"   progress
 *                     "O <pushed> <households> <templates> <reviews>"  done
 *                     "R <reason>"                 a record was refused
 *                     "E <code> <message>"         failed
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "sync/client.h"
#include "tui/child.h"
#include "tui/i18n.h"
#include "tui/remote.h"
#include "tui/sync-bg.h"
#include "tui/tview.h"

static void
bg_progress(const struct fc_sync_progress *p, void *ctx)
{
	fc_child_write(*(int *)ctx, "P %s %lld %lld", p->stage, (long long)p->done,
		       (long long)p->total);
}

struct bg_job {
	struct fc_tui *tui;
	struct fc_sync_options opt;
};

/* The child: a store of its own, the sync, one last line; fc_child_start ends the child after it.
 */
static void
bg_child(void *ctx, int fd)
{
	struct bg_job *job = ctx;
	struct fc_tui *tui = job->tui;
	struct fc_sync_options *opt = &job->opt;
	struct fc_store *st = NULL;
	struct fc_sync_result res;
	struct fc_error err = {0};

	memset(&res, 0, sizeof res);
	opt->progress = bg_progress;
	opt->progress_ctx = &fd;
	if (fc_store_open(tui->app->home.store, &st, &err) != 0 ||
	    fc_sync_run(st, &tui->app->home, tui->app->key, opt, &res, &err) != 0)
		fc_child_write(fd, "E %d %s", (int)err.code, err.msg);
	else if (res.refused[0] != '\0')
		fc_child_write(fd, "R %s", res.refused);
	else
		fc_child_write(fd, "O %lld %lld %lld %lld", (long long)res.pushed,
			       (long long)res.households, (long long)res.templates,
			       (long long)res.reviews);
	if (st != NULL)
		fc_store_close(st);
}

int
fc_bgsync_start(struct fc_tui *tui, struct fc_error *err)
{
	struct fc_bgsync *s = &tui->sync;
	struct fc_app_server server;
	struct bg_job job = {.tui = tui};

	if (s->child.pid > 0)
		return fc_error_set(err, FC_E_USAGE, "%s", _("A sync is already running"));
	if (fc_remote_options(tui, &server, &job.opt, err) != 0)
		return -1;
	if (fc_child_start(&s->child, bg_child, &job) != 0)
		return fc_error_set(err, FC_E_IO, "%s", _("cannot start the sync"));
	s->done = 0;
	s->ok = 0;
	s->automatic = 0; /* the retry sets it after this returns */
	snprintf(s->progress, sizeof s->progress, "%s", _("Syncing…"));
	return 0;
}

/* The message for a failed sync, in the screen's language. */
static void
bg_failed(struct fc_tui *tui, int code, const char *msg)
{
	/* A try nobody asked for says so in the title bar, not over the inspector's work. */
	if (tui->sync.automatic)
		return;
	/*
	 * The client's own words (sync/client.c, in this language): they tell an
	 * unreachable server from a silent one or an untrusted certificate.
	 */
	if (code == FC_E_NET)
		fc_tui_status(tui, _("Sync failed: %s"), msg);
	else if (code == FC_E_REFUSED)
		fc_tui_status(tui, _("Sync: the server refused: %s"), msg);
	else if (code == FC_E_USAGE)
		fc_tui_status(tui, "%s", msg);
	else
		fc_tui_status(tui, _("Sync failed: %s"), msg);
	tui->status_error = 1;
}

static void
bg_line(void *ctx, char *line)
{
	struct fc_tui *tui = ctx;
	struct fc_bgsync *s = &tui->sync;
	char stage[32];
	long long a = 0, b = 0, c = 0, d = 0;
	int code = 0, n = 0;

	if (sscanf(line, "P %31s %lld %lld", stage, &a, &b) == 3) {
		if (b > 0)
			snprintf(s->progress, sizeof s->progress, _("Syncing %s %lld/%lld"),
				 fc_remote_stage_label(stage), a, b);
		else
			snprintf(s->progress, sizeof s->progress, _("Syncing %s %lld"),
				 fc_remote_stage_label(stage), a);
	} else if (sscanf(line, "O %lld %lld %lld %lld", &a, &b, &c, &d) == 4) {
		s->done = 1;
		s->ok = 1;
		if (c > 0) /* template updates: load them afresh when next needed */
			fc_tview_release(tui);
		fc_tui_status(tui,
			      _("Synced: %lld records sent, %lld households and %lld templates "
				"received"),
			      a, b, c);
	} else if (line[0] == 'R' && line[1] == ' ') {
		s->done = 1;
		fc_tui_status(tui, "%s %s", _("The server refused a record:"), line + 2);
		tui->status_error = 1;
	} else if (sscanf(line, "E %d %n", &code, &n) == 1) {
		s->done = 1;
		bg_failed(tui, code, line + n);
	}
}

/* The child is gone (or stopped): reap it and close the pipe. */
static void
bg_end(struct fc_tui *tui)
{
	struct fc_bgsync *s = &tui->sync;

	fc_child_reap(&s->child, NULL, NULL);
	if (!s->done && !s->cancelled && !s->automatic) {
		fc_tui_status(tui, "%s", _("Sync stopped before it finished; records are kept"));
		tui->status_error = 1;
	}
	s->cancelled = 0;
	s->progress[0] = '\0';
	fc_bgsync_ended(tui, s->done && s->ok);
	s->automatic = 0;
}

int
fc_bgsync_poll(struct fc_tui *tui)
{
	if (!fc_child_read(&tui->sync.child, bg_line, tui))
		return 0;
	bg_end(tui);
	return 1;
}

int
fc_bgsync_cancel(struct fc_tui *tui)
{
	struct fc_bgsync *s = &tui->sync;

	if (!fc_child_stop(&s->child))
		return 0;
	s->cancelled = 1;
	bg_end(tui);
	fc_tui_status(tui, "%s", _("Sync stopped; records are kept and go with the next sync"));
	return 1;
}
