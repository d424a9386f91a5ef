/* SPDX-License-Identifier: Apache-2.0 */
/*
 * notice.c: gathering a record's notice (app/notice.h). The record's body is
 * the truth for what was found and when; the registry adds the household's
 * address and resident, which a paper left at the door may carry; the
 * template words each hazard and names its clause. The nobody-home notice
 * names the inspector by id only (the gas template's G80 guidance: no name
 * or photo on a paper anyone can pick up).
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/notice.h"
#include "core/date.h"
#include "core/hazard.h"
#include "core/record-model.h"
#include "core/template.h"
#include "sync/client.h"

#define _(s) gettext(s)

/* The hazards, each with its deadline, and the earliest of them. */
static int
notice_hazards(const struct fc_record_model *m, const char *deadline, struct fc_notice *n,
	       struct fc_error *err)
{
	struct fc_templates set = {0};
	struct fc_error ignore = {0};
	const struct fc_template *tpl = NULL;
	struct fc_date day;
	size_t count = fc_record_model_hazard_count(m);

	if (count == 0)
		return 0;
	if (fc_date_parse(m->date, &day) != 0)
		return fc_error_set(err, FC_E_INVALID, _("record %s: its time has no valid date"),
				    n->record_id);
	n->hazards = calloc(count, sizeof *n->hazards);
	if (n->hazards == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	/* Without the template (not on this device) the item ids and notes still print. */
	if (m->template_id[0] != '\0' && fc_templates_load(&set, &ignore) == 0)
		tpl = fc_templates_find(&set, m->template_id, m->template_version, &ignore);
	for (size_t i = 0; i < count; i++) {
		struct fc_record_hazard h;

		fc_record_model_hazard(m, i, &h);
		fc_notice_hazard_fill(tpl, &h, &day, deadline, &n->hazards[i]);
		if (n->deadline[0] == '\0' || strcmp(n->hazards[i].deadline, n->deadline) < 0)
			snprintf(n->deadline, sizeof n->deadline, "%s", n->hazards[i].deadline);
	}
	n->n_hazards = count;
	fc_templates_release(&set);
	return 0;
}

/*
 * BASE/verify/HASH, BASE being the given URL, else the public_url the server
 * named at the last sync (the one the console's notices carry too: the
 * device may sync through an address households cannot reach), else the
 * enrolled server's.
 */
static int
notice_url(struct fc_app *app, const char *base_url, struct fc_notice *n, struct fc_error *err)
{
	char public_url[sizeof n->url];
	char server[sizeof((struct fc_app_server *)NULL)->url];
	struct fc_error e2 = {0};
	size_t len;

	if (base_url == NULL &&
	    fc_store_get_setting(app->store, FC_SET_PUBLIC_URL, public_url, sizeof public_url,
				 &e2) == 0 &&
	    public_url[0] != '\0')
		base_url = public_url;
	if (fc_app_server_url(app, base_url, server, sizeof server, err) != 0)
		return fc_error_prefix(err, _("the QR code needs the server's address (--url)"));
	len = strlen(server);
	while (len > 0 && server[len - 1] == '/')
		len--;
	if (len == 0 || strncmp(server, "http", 4) != 0)
		return fc_error_set(err, FC_E_USAGE, _("%s is not an http:// or https:// address"),
				    server);
	snprintf(n->url, sizeof n->url, "%.*s/verify/%s", (int)len, server, n->hash);
	return 0;
}

static int
notice_check_deadline(const char *deadline, const char *date, struct fc_error *err)
{
	struct fc_date d;

	if (deadline == NULL)
		return 0;
	if (fc_date_parse(deadline, &d) != 0)
		return fc_error_set(err, FC_E_USAGE, _("--deadline %s: expected YYYY-MM-DD"),
				    deadline);
	if (strcmp(deadline, date) < 0)
		return fc_error_set(err, FC_E_USAGE,
				    _("--deadline %s is before the record's day %s"), deadline,
				    date);
	return 0;
}

static int
notice_fill(struct fc_app *app, const struct fc_record *rec, const struct fc_record_model *m,
	    const char *base_url, const char *deadline, struct fc_notice *n, struct fc_error *err)
{
	struct fc_household hh;
	struct fc_error ignore = {0};

	n->kind = fc_notice_kind_of(m->outcome, (long)fc_record_model_hazard_count(m));
	if (n->kind == FC_NOTICE_NONE)
		return fc_error_set(err, FC_E_INVALID,
				    _("record %s found no hazard and is not a nobody-home visit: "
				      "it gives no notice"),
				    rec->id);
	snprintf(n->record_id, sizeof n->record_id, "%s", rec->id);
	n->synced = rec->synced;
	fc_hex_encode(rec->hash, FC_HASH_BYTES, n->hash);
	fc_notice_number(n->kind, m->date, rec->hash, n->number);
	snprintf(n->household, sizeof n->household, "%s", m->household);
	if (m->household[0] != '\0' &&
	    fc_store_get_household(app->store, m->household, &hh, &ignore) == 0) {
		snprintf(n->address, sizeof n->address, "%s", hh.address);
		snprintf(n->resident, sizeof n->resident, "%s", hh.resident);
	}
	snprintf(n->inspector, sizeof n->inspector, "%s", m->inspector);
	if (n->kind == FC_NOTICE_RECTIFY && strcmp(app->identity.inspector, m->inspector) == 0)
		snprintf(n->inspector_name, sizeof n->inspector_name, "%s", app->identity.name);
	snprintf(n->time, sizeof n->time, "%s", m->time);
	snprintf(n->date, sizeof n->date, "%s", m->date);
	if (notice_check_deadline(deadline, m->date, err) != 0 ||
	    notice_hazards(m, deadline, n, err) != 0)
		return -1;
	return notice_url(app, base_url, n, err);
}

int
fc_notice_build(struct fc_app *app, const char *id, const char *base_url, const char *deadline,
		struct fc_notice *out, struct fc_error *err)
{
	struct fc_record rec = {0};
	struct fc_record_model m = {0};
	int ret = -1;

	memset(out, 0, sizeof *out);
	if (fc_store_get_record(app->store, id, &rec, err) != 0)
		return -1;
	if (fc_record_model_parse(rec.body, rec.body_len, &m, err) == 0)
		ret = notice_fill(app, &rec, &m, base_url, deadline, out, err);
	fc_record_model_release(&m);
	fc_record_release(&rec);
	if (ret != 0)
		fc_notice_release(out);
	return ret;
}

void
fc_notice_release(struct fc_notice *n)
{
	free(n->hazards);
	n->hazards = NULL;
	n->n_hazards = 0;
}
