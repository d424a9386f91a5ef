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

#endif
