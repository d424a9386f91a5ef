/* SPDX-License-Identifier: Apache-2.0 */
/*
 * warn.c: which facts raise warnings, the delivery signature and the
 * back-off (warn.h, docs/warnings.md). The dedup key names the rule and the
 * subject as it stands (the hazard and the day it was found; the deadline it
 * is past; the due date; the last sync), so running the rules again raises
 * nothing twice, and a new deadline missed is a new warning.
 */
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "date.h"
#include "warn.h"

#define _(s) gettext(s)
#define WARN_DAY_SECONDS 86400

static int
warn_in(const char *s, const char *list, size_t size, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(s, list + (size_t)i * size) == 0)
			return 1;
	return 0;
}

/* 1 when day (YYYY-MM-DD) plus days is before today. */
static int
warn_past(const char *day, int days, const char *today)
{
	struct fc_date d, t;

	if (day[0] == '\0' || fc_date_parse(day, &d) != 0 || fc_date_parse(today, &t) != 0)
		return 0;
	return fc_date_cmp(fc_date_add_days(d, days), t) < 0;
}

/* Build the body from o (stolen) and hand the warning to fn. */
static int warn_raise(const char *rule, const struct fc_warn_fact *f, time_t now, json_t *o,
		      fc_warning_fn fn, void *ctx, struct fc_error *err, const char *dedup_fmt, ...)
    __attribute__((__format__(printf, 8, 9)));

static int
warn_raise(const char *rule, const struct fc_warn_fact *f, time_t now, json_t *o, fc_warning_fn fn,
	   void *ctx, struct fc_error *err, const char *dedup_fmt, ...)
{
	struct fc_warning w = {.rule = rule};
	char at[32], sub[FC_WARN_DEDUP_MAX - 32];
	struct tm tm;
	va_list ap;

	va_start(ap, dedup_fmt);
	vsnprintf(sub, sizeof sub, dedup_fmt, ap);
	va_end(ap);
	snprintf(w.dedup, sizeof w.dedup, "%s:%s", rule, sub);
	snprintf(w.district, sizeof w.district, "%s", f->district);
	gmtime_r(&now, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (o == NULL || json_object_set_new(o, "id", json_string(w.dedup)) != 0 ||
	    json_object_set_new(o, "rule", json_string(rule)) != 0 ||
	    json_object_set_new(o, "district", json_string(f->district)) != 0 ||
	    json_object_set_new(o, "raised_at", json_string(at)) != 0 ||
	    (w.body = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS)) == NULL) {
		json_decref(o);
		return fc_error_set(err, FC_E_NOMEM, _("out of memory raising a warning"));
	}
	json_decref(o);
	return fn(&w, ctx, err);
}

static json_t *
hazard_json(const struct fc_warn_fact *f)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "household", f->household, "programme",
			 f->programme, "item", f->item, "record", f->record, "severity",
			 f->severity, "found", f->found, "deadline", f->deadline);
}

static int
warn_hazard(const struct fc_warn_rules *r, const struct fc_warn_fact *f, const char *today,
	    time_t now, fc_warning_fn fn, void *ctx, struct fc_error *err)
{
	if (r->hazard_found &&
	    warn_in(f->severity, r->severities[0], sizeof r->severities[0], r->n_severities) &&
	    warn_raise("hazard_found", f, now, hazard_json(f), fn, ctx, err, "%s/%s/%s/%s",
		       f->household, f->programme, f->item, f->found) != 0)
		return -1;
	if (r->hazard_overdue && warn_past(f->deadline, r->hazard_overdue_days, today) &&
	    warn_raise("hazard_overdue", f, now, hazard_json(f), fn, ctx, err, "%s/%s/%s/%s",
		       f->household, f->programme, f->item, f->deadline) != 0)
		return -1;
	return 0;
}

static int
warn_programme(const struct fc_warn_rules *r, const struct fc_warn_fact *f, const char *today,
	       time_t now, fc_warning_fn fn, void *ctx, struct fc_error *err)
{
	if (r->house_grade && f->grade[0] != '\0' &&
	    warn_in(f->grade, r->grades[0], sizeof r->grades[0], r->n_grades) &&
	    warn_raise("house_grade", f, now,
		       json_pack("{s:s,s:s,s:s,s:s,s:s}", "household", f->household, "programme",
				 f->programme, "grade", f->grade, "record", f->record, "inspected",
				 f->found),
		       fn, ctx, err, "%s/%s/%s/%s", f->household, f->programme, f->grade,
		       f->found) != 0)
		return -1;
	/* Never inspected has no due date: the registry's backlog, not an alarm. */
	if (r->household_overdue && warn_past(f->due, r->household_overdue_days, today) &&
	    warn_raise("household_overdue", f, now,
		       json_pack("{s:s,s:s,s:s}", "household", f->household, "programme",
				 f->programme, "due", f->due),
		       fn, ctx, err, "%s/%s/%s", f->household, f->programme, f->due) != 0)
		return -1;
	return 0;
}

static int
warn_device(const struct fc_warn_rules *r, const struct fc_warn_fact *f, time_t now,
	    fc_warning_fn fn, void *ctx, struct fc_error *err)
{
	int64_t since = f->last_sync > 0 ? f->last_sync : f->enrolled_at;

	if (!r->device_silent || since <= 0 ||
	    (int64_t)now - since <= (int64_t)r->device_silent_days * WARN_DAY_SECONDS)
		return 0;
	return warn_raise("device_silent", f, now,
			  json_pack("{s:s,s:s,s:I,s:I}", "device", f->device, "inspector",
				    f->inspector, "last_sync", (json_int_t)f->last_sync,
				    "silent_days",
				    (json_int_t)(((int64_t)now - since) / WARN_DAY_SECONDS)),
			  fn, ctx, err, "%s/%lld", f->device, (long long)f->last_sync);
}

int
fc_warn_check(const struct fc_warn_rules *rules, const struct fc_warn_fact *fact, const char *today,
	      time_t now, fc_warning_fn fn, void *ctx, struct fc_error *err)
{
	switch (fact->kind) {
	case FC_FACT_HAZARD:
		return warn_hazard(rules, fact, today, now, fn, ctx, err);
	case FC_FACT_PROGRAMME:
		return warn_programme(rules, fact, today, now, fn, ctx, err);
	case FC_FACT_DEVICE:
		return warn_device(rules, fact, now, fn, ctx, err);
	case FC_FACT_FORK:
		if (!rules->fork)
			return 0;
		return warn_raise("fork", fact, now,
				  json_pack("{s:s,s:s,s:I}", "device", fact->device, "inspector",
					    fact->inspector, "seq", (json_int_t)fact->seq),
				  fn, ctx, err, "%s/%lld", fact->device, (long long)fact->seq);
	}
	return 0;
}

void
fc_warn_sign(const struct fc_warn_receiver *rc, long long timestamp, const char *body, size_t len,
	     char out[FC_WARN_SIG_MAX])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char ts[32];
	int n = snprintf(ts, sizeof ts, "%lld.", timestamp);

	crypto_auth_hmacsha256_init(&st, rc->secret, rc->secret_len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, (unsigned long long)n);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(out, "sha256=", 7);
	sodium_bin2hex(out + 7, FC_WARN_SIG_MAX - 7, mac, sizeof mac);
	sodium_memzero(&st, sizeof st);
}

int
fc_warn_backoff(const struct fc_warn_rules *rules, int attempts, time_t now, int64_t *next_at)
{
	int64_t wait = rules->retry_first;

	if (attempts >= rules->retry_attempts)
		return 1;
	for (int i = 1; i < attempts && wait < rules->retry_max; i++)
		wait *= 2;
	if (wait > rules->retry_max)
		wait = rules->retry_max;
	*next_at = (int64_t)now + wait;
	return 0;
}
