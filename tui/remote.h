/* SPDX-License-Identifier: Apache-2.0 */
/*
 * remote.h: the TUI's conversations with the server (sync/client.h): the
 * options a sync runs with (sync-bg.h runs it), and the supervisors' summary.
 */
#ifndef FC_TUI_REMOTE_H
#define FC_TUI_REMOTE_H

#include <jansson.h>

#include "core/error.h"
#include "tui/tui.h"

struct fc_app_server;
struct fc_sync_options;

/*
 * The sync options for the server enrolled with (opt points into server,
 * which must outlive it); not enrolled: -1 saying how to enrol.
 */
int fc_remote_options(struct fc_tui *tui, struct fc_app_server *server, struct fc_sync_options *opt,
		      struct fc_error *err);

/* A sync stage ("push") as the screen says it. */
const char *fc_remote_stage_label(const char *stage);

/* 1 when this device is enrolled with a server (a sync knows where to go). */
int fc_remote_enrolled(struct fc_tui *tui);

/* 1 when the server enrolled this inspector as a supervisor. */
int fc_remote_is_supervisor(struct fc_tui *tui);

/* The summary by "district" or "inspector" since the start; *out new (caller decrefs). */
int fc_remote_summary(struct fc_tui *tui, const char *by, json_t **out, struct fc_error *err);

#endif
