/* SPDX-License-Identifier: Apache-2.0 */
/* export-cmd.h: `fieldcheck-server export` (export-cmd.c). */
#ifndef FC_SERVER_EXPORT_CMD_H
#define FC_SERVER_EXPORT_CMD_H

#include "server/cmd.h"
#include "server/store/store.h"

int fc_server_export_cmd(struct fc_sstore *st, const struct fc_server_args *a,
			 struct fc_error *err);

#endif
