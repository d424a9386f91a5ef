/* SPDX-License-Identifier: Apache-2.0 */
/*
 * enrol-bg.h: an enrolment that runs beside the screen (a child process, as
 * a sync does; see enrol-bg.c), so a hung server never freezes the TUI and
 * Esc can stop it.
 */
#ifndef FC_TUI_ENROL_BG_H
#define FC_TUI_ENROL_BG_H

#include <stddef.h>
#include <sys/types.h>

#include "core/error.h"
#include "tui/child.h"

struct fc_tui;
struct fc_app_enroll_args;

/* Lives in struct fc_tui; all zero when no enrolment runs or waits to be read. */
struct fc_bgenrol {
	struct fc_child child; /* the enrolment's process, pid 0 when none runs */
	int ended;	       /* an outcome waits for the enrolment screen */
	int ok;		       /* ... and the device is enrolled */
	char url[512];	       /* where it enrols, for the messages */
	char outcome[600];     /* what to tell the inspector, in the screen's language */
};

/* Start enrolling with a (a copy is sent to the child); -1 with err filled. */
int fc_bgenrol_start(struct fc_tui *tui, const struct fc_app_enroll_args *a, struct fc_error *err);
/* Read what the child said, never waiting; 1 when it has just ended. */
int fc_bgenrol_poll(struct fc_tui *tui);
/*
 * Stop a running enrolment; 1 when one was running. The outcome says the
 * device is not enrolled, unless the server's yes was already being kept
 * (then the child finished it and the outcome says enrolled).
 */
int fc_bgenrol_cancel(struct fc_tui *tui);

#endif
