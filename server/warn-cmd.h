/* SPDX-License-Identifier: Apache-2.0 */
/*
 * warn-cmd.h: `fieldcheck-server warnings run|deliver|list|redeliver`
 * (server/warn-cmd.c, docs/warnings.md) and the webhook POST they use.
 */
#ifndef FC_SERVER_WARN_CMD_H
#define FC_SERVER_WARN_CMD_H

#include <stddef.h>
#include <time.h>

#include "server/store/warn.h"

int fc_server_warnings_cmd(struct fc_sstore *st, int argc, char **argv, struct fc_error *err);

/* POST d to rc at now; 0 on a 2xx answer, else -1 with the reason in why. */
int fc_warn_send(const struct fc_warn_receiver *rc, const struct fc_sdelivery *d, time_t now,
		 char *why, size_t why_size);

#endif
