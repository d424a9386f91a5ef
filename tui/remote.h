/* SPDX-License-Identifier: Apache-2.0 */
/*
 * remote.h: the TUI's conversations with the server (sync/client.h): a whole
 * sync from the home screen, and the supervisors' summary.
 */
#ifndef FC_TUI_REMOTE_H
#define FC_TUI_REMOTE_H

#include <jansson.h>

#include "core/error.h"
#include "tui/tui.h"

/* Push and pull; on success a line saying what moved goes to the status line. */
int fc_remote_sync(struct fc_tui *tui, struct fc_error *err);

/* 1 when the server enrolled this inspector as a supervisor. */
int fc_remote_is_supervisor(struct fc_tui *tui);

/* The summary by "district" or "inspector" since the start; *out new (caller decrefs). */
int fc_remote_summary(struct fc_tui *tui, const char *by, json_t **out, struct fc_error *err);

#endif
