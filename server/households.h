/* SPDX-License-Identifier: Apache-2.0 */
/*
 * households.h: `fieldcheck-server households import FILE.csv`, the
 * registry import, read with the same CSV reader as the device's import.
 */
#ifndef FC_SERVER_HOUSEHOLDS_H
#define FC_SERVER_HOUSEHOLDS_H

#include "core/error.h"
#include "server/cmd.h"
#include "server/store/store.h"

/* "households" "import" FILE. All rows or none are imported. */
int fc_server_households_import(struct fc_sstore *st, const struct fc_server_args *a,
				struct fc_error *err);

#endif
