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

struct fc_tui;

/* Lives in struct fc_tui; all zero when no sync runs. */
struct fc_bgsync {
	pid_t pid;	    /* the child, or 0 */
	int fd;		    /* its pipe's read end while pid > 0 */
	int done;	    /* the child said how it ended */
	int cancelled;	    /* Esc stopped it */
	char progress[128]; /* "Syncing push 3/10", for the title bar */
	char buf[2048];	    /* a line not yet whole */
	size_t len;
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

#endif
