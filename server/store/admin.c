/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/admin.c: the audit log and the administrator's inventory
 * (inspectors, devices, enrolment codes). Each verb is one statement of the
 * backends' tables run through their rows operation, so this file reads the
 * same rows from SQLite and from PostgreSQL; what a row means (a code
 * pending, expired or cancelled) is decided by the callers, not here.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/store/backend.h"

#define _(s) gettext(s)

/* The rows callback returns nothing: the first failure is kept here and ends the walk. */
struct admin_walk {
	fc_saudit_fn audit;
	fc_sinspector_fn inspector;
	fc_sdevice_row_fn device;
	fc_scode_fn code;
	void *ctx;
	struct fc_error *err;
	int failed;
};

static int64_t
admin_int(const struct fc_sstore_row *r, int col)
{
	return (int64_t)strtoll(r->text(r, col), NULL, 10);
}

static void
admin_copy(char *out, size_t size, const struct fc_sstore_row *r, int col)
{
	snprintf(out, size, "%s", r->text(r, col));
}

int
fc_sstore_audit(struct fc_sstore *st, const char *actor, const char *action, const char *detail,
		const char *origin, struct fc_error *err)
{
	const struct fc_sstore_param p[] = {
	    {NULL, (int64_t)time(NULL)},       {actor != NULL ? actor : "", 0},
	    {action != NULL ? action : "", 0}, {detail != NULL ? detail : "", 0},
	    {origin != NULL ? origin : "", 0},
	};

	if (st->ops->rows(st, SQL_AUDIT_ADD, p, 5, NULL, NULL, err) != 0)
		return fc_error_prefix(err, "%s", _("cannot write the audit log"));
	return 0;
}

static void
admin_audit_row(const struct fc_sstore_row *r, void *ctx)
{
	struct admin_walk *w = ctx;
	struct fc_saudit line = {
	    .id = admin_int(r, 0),
	    .at = admin_int(r, 1),
	    .actor = r->text(r, 2),
	    .action = r->text(r, 3),
	    .detail = r->text(r, 4),
	    .origin = r->text(r, 5),
	};

	if (!w->failed && w->audit(&line, w->ctx, w->err) != 0)
		w->failed = 1;
}

int
fc_sstore_audit_each(struct fc_sstore *st, time_t since, fc_saudit_fn fn, void *ctx,
		     struct fc_error *err)
{
	const struct fc_sstore_param p[] = {{NULL, (int64_t)since}};
	struct admin_walk w = {.audit = fn, .ctx = ctx, .err = err};

	if (st->ops->rows(st, SQL_AUDIT_SINCE, p, 1, admin_audit_row, &w, err) != 0)
		return fc_error_prefix(err, "%s", _("cannot read the audit log"));
	return w.failed ? -1 : 0;
}

static void
admin_inspector_row(const struct fc_sstore_row *r, void *ctx)
{
	struct admin_walk *w = ctx;
	struct fc_sinspector_row row;

	memset(&row, 0, sizeof row);
	admin_copy(row.in.id, sizeof row.in.id, r, 0);
	admin_copy(row.in.name, sizeof row.in.name, r, 1);
	admin_copy(row.in.district, sizeof row.in.district, r, 2);
	admin_copy(row.in.role, sizeof row.in.role, r, 3);
	row.in.revoked_at = admin_int(r, 4);
	row.created_at = admin_int(r, 5);
	row.devices = admin_int(r, 6);
	row.records = admin_int(r, 7);
	row.last_sync = admin_int(r, 8);
	if (!w->failed && w->inspector(&row, w->ctx, w->err) != 0)
		w->failed = 1;
}

int
fc_sstore_each_inspector(struct fc_sstore *st, fc_sinspector_fn fn, void *ctx, struct fc_error *err)
{
	struct admin_walk w = {.inspector = fn, .ctx = ctx, .err = err};

	if (st->ops->rows(st, SQL_LIST_INSPECTORS, NULL, 0, admin_inspector_row, &w, err) != 0)
		return fc_error_prefix(err, "%s", _("cannot list the inspectors"));
	return w.failed ? -1 : 0;
}

static void
admin_device_row(const struct fc_sstore_row *r, void *ctx)
{
	struct admin_walk *w = ctx;
	struct fc_sdevice_row row;

	memset(&row, 0, sizeof row);
	admin_copy(row.device, sizeof row.device, r, 0);
	admin_copy(row.inspector, sizeof row.inspector, r, 1);
	admin_copy(row.district, sizeof row.district, r, 2);
	row.enrolled_at = admin_int(r, 3);
	row.last_sync = admin_int(r, 4);
	row.records = admin_int(r, 5);
	row.inspector_revoked = admin_int(r, 6);
	row.device_revoked = admin_int(r, 7);
	if (!w->failed && w->device(&row, w->ctx, w->err) != 0)
		w->failed = 1;
}

int
fc_sstore_each_device_row(struct fc_sstore *st, const char *inspector, fc_sdevice_row_fn fn,
			  void *ctx, struct fc_error *err)
{
	const struct fc_sstore_param p[] = {{inspector != NULL ? inspector : "", 0}};
	struct admin_walk w = {.device = fn, .ctx = ctx, .err = err};

	if (st->ops->rows(st, SQL_LIST_DEVICES, p, 1, admin_device_row, &w, err) != 0)
		return fc_error_prefix(err, "%s", _("cannot list the devices"));
	return w.failed ? -1 : 0;
}

static void
admin_code_row(const struct fc_sstore_row *r, void *ctx)
{
	struct admin_walk *w = ctx;
	struct fc_scode_row row;

	memset(&row, 0, sizeof row);
	admin_copy(row.ref, sizeof row.ref, r, 0);
	admin_copy(row.inspector, sizeof row.inspector, r, 1);
	row.created_at = admin_int(r, 2);
	row.expires_at = admin_int(r, 3);
	row.used_at = admin_int(r, 4);
	row.cancelled_at = admin_int(r, 5);
	if (!w->failed && w->code(&row, w->ctx, w->err) != 0)
		w->failed = 1;
}

int
fc_sstore_each_code(struct fc_sstore *st, const char *inspector, fc_scode_fn fn, void *ctx,
		    struct fc_error *err)
{
	const struct fc_sstore_param p[] = {{inspector != NULL ? inspector : "", 0}};
	struct admin_walk w = {.code = fn, .ctx = ctx, .err = err};

	if (st->ops->rows(st, SQL_LIST_CODES, p, 1, admin_code_row, &w, err) != 0)
		return fc_error_prefix(err, "%s", _("cannot list the enrolment codes"));
	return w.failed ? -1 : 0;
}

static void
admin_count_row(const struct fc_sstore_row *r, void *ctx)
{
	(void)r;
	(*(long *)ctx)++;
}

int
fc_sstore_cancel_code(struct fc_sstore *st, const char *ref, time_t now, struct fc_error *err)
{
	const struct fc_sstore_param p[] = {{ref, 0}, {NULL, (int64_t)now}};
	long changed = 0;

	/* The reference goes into decode() in PostgreSQL: only whole hex is let through. */
	if (strlen(ref) != FC_CODE_REF_LEN || strspn(ref, "0123456789abcdef") != FC_CODE_REF_LEN)
		return fc_error_set(err, FC_E_NOTFOUND, _("no outstanding enrolment code %s"), ref);
	if (st->ops->rows(st, SQL_CANCEL_CODE, p, 2, admin_count_row, &changed, err) != 0)
		return fc_error_prefix(err, "%s", _("cannot cancel the enrolment code"));
	if (changed == 0)
		return fc_error_set(err, FC_E_NOTFOUND, _("no outstanding enrolment code %.10s"),
				    ref);
	return 0;
}
