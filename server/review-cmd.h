/* SPDX-License-Identifier: Apache-2.0 */
/*
 * review-cmd.h: the server's review commands (server/review-cmd.c), rows of
 * server/main.c's command table.
 */
#ifndef FC_SERVER_REVIEW_CMD_H
#define FC_SERVER_REVIEW_CMD_H

#include "server/cmd.h"
#include "server/store/store.h"

int fc_server_review_cmd(struct fc_sstore *st, const struct fc_server_args *a,
			 struct fc_error *err);
int fc_server_reviews_cmd(struct fc_sstore *st, const struct fc_server_args *a,
			  struct fc_error *err);

#endif
