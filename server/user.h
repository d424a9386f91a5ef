/* SPDX-License-Identifier: Apache-2.0 */
/*
 * user.h: `fieldcheck-server user ...`, the console's accounts (server/user.c).
 */
#ifndef FC_SERVER_USER_H
#define FC_SERVER_USER_H

#include "core/error.h"
#include "server/cmd.h"
#include "server/store/store.h"

/* "user" VERB ARGS... */
int fc_server_user(struct fc_sstore *st, const struct fc_server_args *a, struct fc_error *err);

#endif
