/* SPDX-License-Identifier: Apache-2.0 */
/*
 * audit.c: the audit log from the command line. Every administrative
 * command writes one line (fc_server_audit) in the same transaction as what
 * it did, so an act is never kept without its line; `fieldcheck-server
 * audit [--since DATE] [--csv|--json]` reads them back, the CSV through
 * core/sheet.c like every other export (a detail starting with "=" stays
 * text in a spreadsheet), one line an event: a login name or a console
 * read's arguments are anyone's text, and their control characters, line
 * ends too, are shown as pictures (fc_sheet_csv_line), never written.
 */
#include <libintl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/date.h"
#include "core/opts.h"
#include "core/sheet.h"
#include "server/admin.h"

#define _(s) gettext(s)
#define N_(s) (s)

void
fc_server_who(char actor[FC_AUDIT_ACTOR_MAX], char origin[FC_AUDIT_ORIGIN_MAX])
{
	const struct passwd *pw = getpwuid(getuid());
	const char *sudo = getenv("SUDO_USER");
	char host[128] = "";

	if (pw != NULL)
		snprintf(actor, FC_AUDIT_ACTOR_MAX, "%s", pw->pw_name);
	else
		snprintf(actor, FC_AUDIT_ACTOR_MAX, "uid %ld", (long)getuid());
	/* The person behind sudo, not only the account sudo switched to. */
	if (sudo != NULL && sudo[0] != '\0' && strcmp(sudo, actor) != 0) {
		size_t n = strlen(actor);
		snprintf(actor + n, FC_AUDIT_ACTOR_MAX - n, " (sudo by %s)", sudo);
	}
	if (gethostname(host, sizeof host - 1) != 0)
		snprintf(host, sizeof host, "?");
	snprintf(origin, FC_AUDIT_ORIGIN_MAX, "command line on %s", host);
}

int
fc_server_audit(struct fc_sstore *st, struct fc_error *err, const char *action, const char *fmt,
		...)
{
	char actor[FC_AUDIT_ACTOR_MAX], origin[FC_AUDIT_ORIGIN_MAX], detail[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	fc_server_who(actor, origin);
	return fc_sstore_audit(st, actor, action, detail, origin, err);
}

void
fc_server_time(int64_t t, char out[32])
{
	time_t when = (time_t)t;
	struct tm tm;

	if (t == 0 || gmtime_r(&when, &tm) == NULL) {
		snprintf(out, 32, "%s", _("never"));
		return;
	}
	strftime(out, 32, "%Y-%m-%d %H:%M UTC", &tm);
}

/* audit */

enum audit_form { AUDIT_TABLE, AUDIT_CSV, AUDIT_JSON };

struct audit_out {
	enum audit_form form;
	json_t *rows;
	long n;
};

static int
audit_line(const struct fc_saudit *a, void *ctx, struct fc_error *err)
{
	struct audit_out *o = ctx;
	char when[32];

	fc_server_time(a->at, when);
	o->n++;
	if (o->form == AUDIT_CSV) {
		time_t t = (time_t)a->at;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
		const char *cells[] = {when, a->actor, a->action, a->detail, a->origin};
		return fc_sheet_csv_line(stdout, cells, 5, err);
	}
	if (o->form == AUDIT_JSON)
		return json_array_append_new(
			   o->rows,
			   json_pack("{s:I,s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)a->id, "at",
				     (json_int_t)a->at, "actor", a->actor, "action", a->action,
				     "detail", a->detail, "origin", a->origin)) == 0
			   ? 0
			   : fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	return json_array_append_new(o->rows, json_pack("[s,s,s,s,s]", when, a->actor, a->action,
							a->detail, a->origin)) == 0
		   ? 0
		   : fc_error_set(err, FC_E_NOMEM, _("out of memory"));
}

static int
audit_since(const char *s, time_t *out, struct fc_error *err)
{
	struct fc_date d;

	if (fc_date_parse(s, &d) != 0)
		return fc_error_set(err, FC_E_USAGE,
				    _("audit: --since wants a date, YYYY-MM-DD (UTC)"));
	*out = (time_t)(fc_date_serial(d) * 86400);
	return 0;
}

static int
audit_print(struct audit_out *o, struct fc_error *err)
{
	/* "time", not "when": that msgid is a checklist rule's condition (条件). */
	static const char *const headers[] = {N_("time"), N_("who"), N_("what"), N_("detail"),
					      N_("from where")};

	if (o->form == AUDIT_JSON) {
		if (json_dumpf(o->rows, stdout, JSON_COMPACT) != 0)
			return fc_error_set(err, FC_E_IO, _("cannot write the audit log"));
		putchar('\n');
	} else if (o->form == AUDIT_TABLE) {
		fc_server_print_table(stdout, headers, 5, o->rows);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		return fc_error_set(err, FC_E_IO, _("cannot write the audit log"));
	return 0;
}

int
fc_server_audit_cmd(struct fc_sstore *st, const struct fc_server_args *a, struct fc_error *err)
{
	struct audit_out o = {AUDIT_TABLE, NULL, 0};
	const char *s;
	time_t since = 0;
	int ret;

	if (a->argc != 1 || (fc_server_opt(a, "csv") != NULL && fc_server_opt(a, "json") != NULL))
		return fc_error_set(err, FC_E_USAGE,
				    _("usage: audit [--since YYYY-MM-DD] [--csv|--json]"));
	if ((s = fc_server_opt(a, "since")) != NULL && audit_since(s, &since, err) != 0)
		return -1;
	if (fc_server_opt(a, "csv") != NULL)
		o.form = AUDIT_CSV;
	else if (fc_server_opt(a, "json") != NULL)
		o.form = AUDIT_JSON;
	if (o.form == AUDIT_CSV) {
		static const char *const head[] = {"time", "actor", "action", "detail", "origin"};
		if (fc_sheet_csv_line(stdout, head, 5, err) != 0)
			return -1;
	} else if ((o.rows = json_array()) == NULL) {
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	}
	ret = fc_sstore_audit_each(st, since, audit_line, &o, err);
	if (ret == 0)
		ret = audit_print(&o, err);
	json_decref(o.rows);
	return ret;
}
