/* SPDX-License-Identifier: Apache-2.0 */
/*
 * warn-cmd.h: `fieldcheck-server warnings run|deliver|list|redeliver`
 * (server/warn-cmd.c, docs/warnings.md) and the webhook POST they use.
 */
#ifndef FC_SERVER_WARN_CMD_H
#define FC_SERVER_WARN_CMD_H

#include <stddef.h>
#include <time.h>

#include "server/cmd.h"
#include "server/store/warn.h"

int fc_server_warnings_cmd(struct fc_sstore *st, const struct fc_server_args *a,
			   struct fc_error *err);

/*
 * POST d to rc at now, giving up after timeout_ms; 0 on a 2xx answer, else
 * -1 with err filled: FC_E_REFUSED for another answer, FC_E_NET when none
 * came, FC_E_NOMEM or FC_E_INTERNAL (libcurl missing) when nothing was sent.
 */
int fc_warn_send(const struct fc_warn_receiver *rc, const struct fc_sdelivery *d, time_t now,
		 long timeout_ms, struct fc_error *err);

/* Asked between two sends whether to send no more (a server stopping). */
struct fc_warn_stop {
	int (*stopping)(void *ctx);
	void *ctx;
};
int fc_warn_stopping(const struct fc_warn_stop *stop); /* 0 for NULL */

/*
 * Send every delivery due now (claimed in batches under rules->lease), mark
 * each delivered or retried; *sent and *failed count them (added to). When
 * stop (may be NULL) says so, no further send starts: what is claimed and
 * not sent goes to the next deliverer once its lease is over.
 */
int fc_warn_deliver_due(struct fc_sstore *st, const struct fc_warn_rules *rules,
			const struct fc_warn_stop *stop, int64_t *sent, int64_t *failed,
			struct fc_error *err);

/*
 * The rules' hazard_found severities against those of the checklists st's
 * server holds (installed and added): FC_E_INVALID naming one no checklist
 * gives. Run after fc_warn_rules_load wherever the rules are used.
 */
int fc_warn_rules_check(struct fc_sstore *st, const struct fc_warn_rules *rules,
			struct fc_error *err);

/*
 * `serve --warnings FILE`: a thread that runs the rules and delivers what
 * is due every `every` seconds over its own handle on the store db.
 */
struct fc_warn_loop;
int fc_warn_loop_start(const char *db, const struct fc_warn_rules *rules, int every,
		       struct fc_warn_loop **out, struct fc_error *err);
void fc_warn_loop_stop(struct fc_warn_loop *l); /* NULL does nothing */

#endif
