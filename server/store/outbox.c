/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/outbox.c: the deliveries of warnings (store/warn.h). A delivery is
 * claimed before it is sent (its next_at moved past a lease), marked
 * delivered only after the receiver's 2xx, and otherwise given its next try
 * by fc_warn_backoff(). A deliverer killed between the receiver's answer and
 * the mark sends that one again after the lease: the receiver sees the same
 * warning id twice and drops the second (docs/warnings.md), and never loses
 * one.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/store/backend.h"
#include "server/store/warn.h"

#define _(s) gettext(s)

struct claim {
	struct fc_sdelivery *list;
	size_t n, max;
};

static void
claim_row(const struct fc_sstore_row *row, void *ctx)
{
	struct claim *c = ctx;
	struct fc_sdelivery *d;

	if (c->n == c->max)
		return;
	d = &c->list[c->n++];
	d->warning_id = strtoll(row->text(row, 0), NULL, 10);
	snprintf(d->receiver, sizeof d->receiver, "%s", row->text(row, 1));
	d->attempts = atoi(row->text(row, 2));
}

static void
body_row(const struct fc_sstore_row *row, void *ctx)
{
	char **body = ctx;

	free(*body);
	*body = strdup(row->text(row, 0));
}

int
fc_sstore_deliveries_claim(struct fc_sstore *st, time_t now, int lease, size_t max,
			   struct fc_sdelivery **out, size_t *n, struct fc_error *err)
{
	struct fc_sstore_param p[3] = {
	    {NULL, (int64_t)now}, {NULL, (int64_t)now + lease}, {NULL, (int64_t)max}};
	struct claim c = {calloc(max > 0 ? max : 1, sizeof *c.list), 0, max};

	*out = NULL;
	*n = 0;
	if (c.list == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	if (st->ops->rows(st, SQL_DELIVERY_CLAIM, p, 3, claim_row, &c, err) != 0) {
		free(c.list);
		return -1;
	}
	for (size_t i = 0; i < c.n; i++) {
		struct fc_sstore_param b[1] = {{NULL, c.list[i].warning_id}};

		c.list[i].claimed_until = (int64_t)now + lease;
		if (st->ops->rows(st, SQL_WARN_BODY, b, 1, body_row, &c.list[i].body, err) != 0 ||
		    c.list[i].body == NULL) {
			fc_sdeliveries_free(c.list, c.n);
			if (err->code == 0)
				fc_error_set(err, FC_E_NOMEM, _("out of memory"));
			return -1;
		}
	}
	*out = c.list;
	*n = c.n;
	return 0;
}

void
fc_sdeliveries_free(struct fc_sdelivery *d, size_t n)
{
	for (size_t i = 0; d != NULL && i < n; i++)
		free(d[i].body);
	free(d);
}

static void
ignore_row(const struct fc_sstore_row *row, void *ctx)
{
	(void)row;
	(*(int64_t *)ctx)++;
}

int
fc_sstore_delivery_done(struct fc_sstore *st, const struct fc_warn_rules *rules,
			const struct fc_sdelivery *d, int ok, const char *why, time_t now,
			struct fc_error *err)
{
	int64_t next_at = 0, changed = 0;
	const char *state = "delivered";

	if (!ok)
		state =
		    fc_warn_backoff(rules, d->attempts + 1, now, &next_at) ? "failed" : "pending";
	struct fc_sstore_param p[7] = {
	    {NULL, d->warning_id},
	    {d->receiver, 0},
	    {state, 0},
	    {NULL, next_at},
	    {ok ? "" : why, 0},
	    {NULL, ok ? (int64_t)now : 0},
	    {NULL, ok ? 0 : d->claimed_until},
	};
	return st->ops->rows(st, SQL_DELIVERY_DONE, p, 7, ignore_row, &changed, err);
}

struct warn_list {
	fc_swarning_fn fn;
	void *ctx;
};

static void
list_row(const struct fc_sstore_row *row, void *ctx)
{
	struct warn_list *l = ctx;
	struct fc_swarning w = {0};

	w.id = strtoll(row->text(row, 0), NULL, 10);
	snprintf(w.rule, sizeof w.rule, "%s", row->text(row, 1));
	snprintf(w.district, sizeof w.district, "%s", row->text(row, 2));
	snprintf(w.dedup, sizeof w.dedup, "%s", row->text(row, 3));
	w.created_at = strtoll(row->text(row, 4), NULL, 10);
	snprintf(w.receiver, sizeof w.receiver, "%s", row->text(row, 5));
	snprintf(w.state, sizeof w.state, "%s", row->text(row, 6));
	w.attempts = atoi(row->text(row, 7));
	w.next_at = strtoll(row->text(row, 8), NULL, 10);
	snprintf(w.last_error, sizeof w.last_error, "%s", row->text(row, 9));
	w.delivered_at = strtoll(row->text(row, 10), NULL, 10);
	l->fn(&w, l->ctx);
}

int
fc_sstore_warnings(struct fc_sstore *st, const char *state, fc_swarning_fn fn, void *ctx,
		   struct fc_error *err)
{
	struct fc_sstore_param p[1] = {{state != NULL ? state : "", 0}};
	struct warn_list l = {fn, ctx};

	return st->ops->rows(st, SQL_WARN_LIST, p, 1, list_row, &l, err);
}

int
fc_sstore_redeliver(struct fc_sstore *st, int64_t id, const char *receiver, time_t now, int64_t *n,
		    struct fc_error *err)
{
	struct fc_sstore_param p[3] = {
	    {NULL, id}, {receiver != NULL ? receiver : "", 0}, {NULL, (int64_t)now}};

	*n = 0;
	if (st->ops->rows(st, SQL_DELIVERY_AGAIN, p, 3, ignore_row, n, err) != 0)
		return -1;
	if (*n == 0 && receiver != NULL && receiver[0] != '\0')
		return fc_error_set(err, FC_E_NOTFOUND, _("warning %lld has no delivery to %s"),
				    (long long)id, receiver);
	if (*n == 0)
		return fc_error_set(err, FC_E_NOTFOUND, _("warning %lld has no delivery"),
				    (long long)id);
	return 0;
}
