/* SPDX-License-Identifier: Apache-2.0 */
/*
 * admin.h: the administrator's commands besides serving: the audit log
 * (`audit`, and the line every administrative command writes) and the
 * inventory (`inspectors list`, `devices list`, `codes list|cancel`).
 */
#ifndef FC_SERVER_ADMIN_H
#define FC_SERVER_ADMIN_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "core/error.h"
#include "server/cmd.h"
#include "server/store/store.h"

/*
 * Who runs this command and from where, for the audit log: the system user
 * (the one behind sudo when root was reached through it) and "command line
 * on HOST".
 */
void fc_server_who(char actor[FC_AUDIT_ACTOR_MAX], char origin[FC_AUDIT_ORIGIN_MAX]);

/*
 * Write the audit line of an administrative command run here: action and
 * the detail formatted from fmt. Call it inside the command's transaction.
 */
int fc_server_audit(struct fc_sstore *st, struct fc_error *err, const char *action, const char *fmt,
		    ...) __attribute__((format(printf, 4, 5)));

/*
 * A word the store keeps in English (a role, a warning's state or rule) as
 * the text listings show it, in the administrator's language; a word this
 * program does not know is shown as it is. --json keeps the stored word.
 */
const char *fc_server_word(const char *word);

/* "YYYY-MM-DD HH:MM UTC" of t, or "never" (in the administrator's language) for 0. */
void fc_server_time(int64_t t, char out[32]);

/*
 * Print rows (a JSON array of arrays of strings) under headers (marked N_(),
 * shown in the administrator's language), aligned in screen columns (Chinese
 * takes two), cells made safe for a terminal.
 */
void fc_server_print_table(FILE *out, const char *const *headers, size_t ncols, json_t *rows);

/*
 * A listing on standard output: rows as one line of compact JSON when json,
 * else fc_server_print_table's table (rows then JSON objects, or arrays of
 * strings, as each form wants). FC_E_IO when standard output cannot be written.
 */
int fc_server_print_list(json_t *rows, int json, const char *const *headers, size_t ncols,
			 struct fc_error *err);

/* The commands (server/cmd.h says what they are given). */
int fc_server_audit_cmd(struct fc_sstore *st, const struct fc_server_args *a, struct fc_error *err);
int fc_server_inspectors_cmd(struct fc_sstore *st, const struct fc_server_args *a,
			     struct fc_error *err);
int fc_server_devices_cmd(struct fc_sstore *st, const struct fc_server_args *a,
			  struct fc_error *err);
int fc_server_codes_cmd(struct fc_sstore *st, const struct fc_server_args *a, struct fc_error *err);

/*
 * rebuild-aggregates [--check]: recount the summary's counters from the
 * records and say whether the kept ones were right; --check changes
 * nothing and fails (FC_E_INVALID) when they differ.
 */
int fc_server_rebuild_aggregates_cmd(struct fc_sstore *st, const struct fc_server_args *a,
				     struct fc_error *err);

#endif
