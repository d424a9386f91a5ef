/* SPDX-License-Identifier: Apache-2.0 */
/*
 * enrol-bg.c: enrolment beside the screen, by the mechanism sync-bg.c uses.
 * A child process runs app/enroll.c's fc_app_enroll (the one `fieldcheck
 * enroll` runs) on a store connection of its own and writes one line into a
 * pipe; the loop reads the pipe without blocking, so a server that accepts
 * the connection and then says nothing (hung, stopped) leaves the TUI
 * answering keys, and Esc stops the child.
 *
 * Stopping is safe at any moment: until the server has said yes nothing is
 * remembered, and from then on the child no longer takes SIGTERM, so the
 * settings are written whole or not at all. A stopped enrolment may have
 * reached the server; the same device retrying the same code gets the same
 * answer (server/enroll.c), so the inspector just tries again.
 *
 * Lines on the pipe:  "O <role> <district>"   enrolled
 *                     "E <code> <message>"    not enrolled
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/enroll.h"
#include "tui/child.h"
#include "tui/enrol-bg.h"
#include "tui/i18n.h"
#include "tui/tui.h"

/* The server said yes: what follows (remembering it) must not be cut short. */
static void
eb_answered(void *ctx)
{
	sigset_t set;

	(void)ctx;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
}

struct eb_job {
	struct fc_tui *tui;
	struct fc_app_enroll_args args;
};

/* The child: a store of its own, the enrolment, one line; fc_child_start ends the child after it.
 */
static void
eb_child(void *ctx, int fd)
{
	struct eb_job *job = ctx;
	struct fc_tui *tui = job->tui;
	struct fc_app_enroll_args *a = &job->args;
	struct fc_app app = *tui->app;
	struct fc_app_enrolled done;
	struct fc_error err = {0};
	struct fc_store *st = NULL;
	char line[900];

	a->answered = eb_answered;
	if (fc_store_open(tui->app->home.store, &st, &err) == 0) {
		app.store = st;
		if (fc_app_enroll(&app, a, &done, &err) == 0)
			snprintf(line, sizeof line - 1, "O %s %s", done.role, done.district);
		else
			snprintf(line, sizeof line - 1, "E %d %s", (int)err.code, err.msg);
		fc_store_close(st);
	} else {
		snprintf(line, sizeof line - 1, "E %d %s", (int)err.code, err.msg);
	}
	fc_child_write(fd, "%s", line);
}

int
fc_bgenrol_start(struct fc_tui *tui, const struct fc_app_enroll_args *a, struct fc_error *err)
{
	struct fc_bgenrol *s = &tui->enrol;
	struct eb_job job = {.tui = tui, .args = *a};

	if (s->child.pid > 0)
		return fc_error_set(err, FC_E_USAGE, "%s", _("Enrolling already; Esc stops it"));
	if (fc_child_start(&s->child, eb_child, &job) != 0)
		return fc_error_set(err, FC_E_IO, "%s", _("cannot start the enrolment"));
	s->ended = 0;
	s->ok = 0;
	s->outcome[0] = '\0';
	snprintf(s->url, sizeof s->url, "%s", a->url);
	return 0;
}

static void
eb_line(void *ctx, char *line)
{
	struct fc_tui *tui = ctx;
	struct fc_bgenrol *s = &tui->enrol;
	char role[32];
	int code = 0, n = 0;

	if (sscanf(line, "O %31s %n", role, &n) == 1 && n > 0) {
		s->ok = 1;
		snprintf(s->outcome, sizeof s->outcome,
			 _("Enrolled with %s (district %s); press s to sync"), s->url, line + n);
	} else if (sscanf(line, "E %d %n", &code, &n) == 1 && n > 0) {
		snprintf(s->outcome, sizeof s->outcome, "%s %s", _("Not enrolled:"), line + n);
	}
}

/* The child is gone: reap it, close the pipe, and say how it ended. */
static void
eb_end(struct fc_tui *tui, const char *stopped)
{
	struct fc_bgenrol *s = &tui->enrol;

	/* What it wrote before it went (a yes it kept despite Esc) is still in the pipe. */
	fc_child_reap(&s->child, eb_line, tui);
	s->ended = 1;
	if (s->outcome[0] == '\0')
		snprintf(s->outcome, sizeof s->outcome, "%s", stopped);
}

int
fc_bgenrol_poll(struct fc_tui *tui)
{
	struct fc_bgenrol *s = &tui->enrol;

	if (!fc_child_read(&s->child, eb_line, tui))
		return 0;
	eb_end(tui, _("The enrolment stopped before it finished; this device is not enrolled"));
	return 1;
}

int
fc_bgenrol_cancel(struct fc_tui *tui)
{
	struct fc_bgenrol *s = &tui->enrol;

	if (!fc_child_stop(&s->child))
		return 0;
	eb_end(tui, _("Enrolment stopped: this device is not enrolled. Type the PIN again to "
		      "retry; the same code still works."));
	return 1;
}
