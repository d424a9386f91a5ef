/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-sync.h: what the commands that talk to the server share.
 */
#ifndef FC_CMD_SYNC_H
#define FC_CMD_SYNC_H

#include <stddef.h>

#include "cmd.h"

/*
 * The server URL into out: given (--server) if not NULL, else the one
 * remembered at enroll (FC_E_USAGE when there is none). pinned gets the
 * pinned server key from the settings, or "".
 */
int fc_cmd_sync_server(struct fc_app *app, const char *given, char *out, size_t size, char *pinned,
		       size_t pinned_size, struct fc_error *err);

/*
 * The CA file remembered at enroll (--cacert) into out, or "" when the
 * system's certificate authorities are used.
 */
int fc_cmd_sync_ca(struct fc_app *app, char *out, size_t size, struct fc_error *err);

#endif
