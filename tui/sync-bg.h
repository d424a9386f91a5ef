/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sync-bg.h: a sync that runs beside the screen (a child process; see
 * sync-bg.c), its progress in the title bar and its outcome in the status
 * line, in the screen's language.
 */
#ifndef FC_TUI_SYNC_BG_H
#define FC_TUI_SYNC_BG_H

#include <stddef.h>
#include <sys/types.h>

#include "core/error.h"
#include "tui/child.h"

struct fc_tui;

/* Lives in struct fc_tui; all zero when no sync runs. */
struct fc_bgsync {
	struct fc_child child; /* the sync's process, pid 0 when none runs */
	int done;	       /* the child said how it ended */
	int ok;		       /* ... and it ended well */
	int cancelled;	       /* Esc stopped it */
	int automatic;	       /* started by the retry, not by a key: fails quietly */
	/* The retry (sync-retry.c): */
	int fails;	    /* automatic or not, failed in a row */
	double next_ms;	    /* when the next try is due (fc_tui_now_ms), 0: none */
	double checked_ms;  /* when the waiting records were last looked at */
	long long waiting;  /* the newest record not synced then (seq), 0: none */
	char progress[128]; /* "Syncing push 3/10", for the title bar */
};

/* Start a sync (not enrolled, or one already running: -1 with err filled). */
int fc_bgsync_start(struct fc_tui *tui, struct fc_error *err);
/*
 * Read what the child said, never waiting; 1 when the sync has just ended
 * (its outcome is in the status line), else 0.
 */
int fc_bgsync_poll(struct fc_tui *tui);
/* Stop a running sync (nothing is lost); 1 when one was running. */
int fc_bgsync_cancel(struct fc_tui *tui);

/*
 * The retry (sync-retry.c), called at every turn of the loop: with a server
 * enrolled and the key unlocked, while records wait, start a sync when the
 * next try is due. The first try waits FC_SYNC_RETRY_FIRST seconds after a
 * record is seen waiting; each failure doubles the wait up to
 * FC_SYNC_RETRY_MAX; a sync that succeeds, or a new record, starts again from
 * the first. $FIELDCHECK_SYNC_RETRY="FIRST,MAX" (seconds) changes both, for
 * tests only.
 */
#define FC_SYNC_RETRY_FIRST 30
#define FC_SYNC_RETRY_MAX 900
void fc_bgsync_auto(struct fc_tui *tui);
/* A sync (automatic or not) ended: ok, or failed or stopped; schedule the next. */
void fc_bgsync_ended(struct fc_tui *tui, int ok);
/* For the title bar when no sync runs: "sync in 0:25", "offline, retry in 3:40"; "" none. */
void fc_bgsync_next_label(struct fc_tui *tui, char *out, size_t size);

#endif
