/* SPDX-License-Identifier: Apache-2.0 */
/*
 * warn-rules.c: reading the warnings rules file (warn.h, docs/warnings.md).
 * A rule that is absent is off; a file that is wrong is refused as a whole,
 * naming the key, since a rule silently off is a warning nobody gets.
 */
#include <errno.h>
#include <libintl.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "grade.h"
#include "textfile.h"
#include "warn.h"

#define _(s) gettext(s)
#define WARN_FORMAT 1
#define WARN_RETRY_FIRST 60    /* a minute: a receiver restarting is back by then */
#define WARN_RETRY_MAX 3600    /* an hour between tries at most */
#define WARN_RETRY_ATTEMPTS 48 /* about two days of hourly tries before "failed" */
#define WARN_LEASE 120	       /* longer than one delivery's 20 s time-out, with room */

/* rules.<name>.days into *days (0 when absent); -1 on a bad value. */
static int
warn_days(json_t *rule, const char *name, int *days, struct fc_error *err)
{
	json_t *d = json_object_get(rule, "days");

	*days = 0;
	if (d == NULL)
		return 0;
	if (!json_is_integer(d) || json_integer_value(d) < 0 || json_integer_value(d) > 36500)
		return fc_error_set(err, FC_E_INVALID,
				    _("warnings: rules.%s.days must be a whole number of days"),
				    name);
	*days = (int)json_integer_value(d);
	return 0;
}

/* A list of short strings (severities, grades) into out[max][size]. */
static int
warn_list(json_t *rule, const char *name, const char *key, char *out, size_t size, int max, int *n,
	  struct fc_error *err)
{
	json_t *a = json_object_get(rule, key), *v;
	size_t i;

	*n = 0;
	if (!json_is_array(a) || json_array_size(a) == 0 || json_array_size(a) > (size_t)max)
		return fc_error_set(err, FC_E_INVALID,
				    _("warnings: rules.%s.%s must be a list of 1 to %d names"),
				    name, key, max);
	json_array_foreach(a, i, v) {
		const char *s = json_string_value(v);
		if (s == NULL || s[0] == '\0' || strlen(s) >= size)
			return fc_error_set(err, FC_E_INVALID,
					    _("warnings: rules.%s.%s[%zu] is not a short name"),
					    name, key, i);
		snprintf(out + (size_t)*n * size, size, "%s", s);
		(*n)++;
	}
	return 0;
}

/* A grade the appraisal never gives ("E", "c") would be a warning never raised. */
static int
warn_grades(const struct fc_warn_rules *r, struct fc_error *err)
{
	for (int i = 0; i < r->n_grades; i++) {
		size_t g = 0;

		while (fc_grade_grades[g] != NULL && strcmp(fc_grade_grades[g], r->grades[i]) != 0)
			g++;
		if (fc_grade_grades[g] == NULL)
			return fc_error_set(
			    err, FC_E_INVALID,
			    _("warnings: rules.house_grade.grades[%d] '%s' is no grade "
			      "(A, B, C or D)"),
			    i, r->grades[i]);
	}
	return 0;
}

int
fc_warn_rules_severities(const struct fc_warn_rules *r, const char *const *known,
			 struct fc_error *err)
{
	for (int i = 0; r->hazard_found && i < r->n_severities; i++) {
		size_t k = 0;
		char list[256] = "";
		size_t n = 0;

		while (known[k] != NULL && strcmp(known[k], r->severities[i]) != 0)
			k++;
		if (known[k] != NULL)
			continue;
		for (k = 0; known[k] != NULL && n < sizeof list; k++)
			n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", k > 0 ? ", " : "",
					      known[k]);
		return fc_error_set(err, FC_E_INVALID,
				    _("warnings: rules.hazard_found.severities[%d] '%s' is no "
				      "checklist's severity (they are: %s)"),
				    i, r->severities[i], list);
	}
	return 0;
}

static int
warn_rules(json_t *rules, struct fc_warn_rules *r, struct fc_error *err)
{
	static const char *const known[] = {"hazard_found",	 "hazard_overdue", "house_grade",
					    "household_overdue", "device_silent",  "fork"};
	const char *key;
	json_t *v;

	json_object_foreach(rules, key, v) {
		size_t i = 0;
		while (i < sizeof known / sizeof known[0] && strcmp(known[i], key) != 0)
			i++;
		if (i == sizeof known / sizeof known[0] || !json_is_object(v))
			return fc_error_set(
			    err, FC_E_INVALID,
			    _("warnings: rules.%s is not a rule (known: hazard_found, "
			      "hazard_overdue, house_grade, household_overdue, "
			      "device_silent, fork), or not an object"),
			    key);
	}
	if ((v = json_object_get(rules, "hazard_found")) != NULL && (r->hazard_found = 1) &&
	    warn_list(v, "hazard_found", "severities", r->severities[0], sizeof r->severities[0],
		      FC_WARN_LIST_MAX, &r->n_severities, err) != 0)
		return -1;
	if ((v = json_object_get(rules, "house_grade")) != NULL && (r->house_grade = 1) &&
	    (warn_list(v, "house_grade", "grades", r->grades[0], sizeof r->grades[0],
		       FC_WARN_LIST_MAX, &r->n_grades, err) != 0 ||
	     warn_grades(r, err) != 0))
		return -1;
	if (((v = json_object_get(rules, "hazard_overdue")) != NULL && (r->hazard_overdue = 1) &&
	     warn_days(v, "hazard_overdue", &r->hazard_overdue_days, err) != 0) ||
	    ((v = json_object_get(rules, "household_overdue")) != NULL &&
	     (r->household_overdue = 1) &&
	     warn_days(v, "household_overdue", &r->household_overdue_days, err) != 0) ||
	    ((v = json_object_get(rules, "device_silent")) != NULL && (r->device_silent = 1) &&
	     warn_days(v, "device_silent", &r->device_silent_days, err) != 0))
		return -1;
	r->fork = json_object_get(rules, "fork") != NULL;
	return 0;
}

/* The secret of a receiver: a file beside the rules file, or an absolute one. */
static int
warn_secret(const char *rules_path, const char *file, struct fc_warn_receiver *rc,
	    struct fc_error *err)
{
	char path[1024];
	const char *slash = strrchr(rules_path, '/');
	char data[FC_WARN_SECRET_MAX + 2];
	size_t len;
	FILE *f;

	if (file[0] == '/' || slash == NULL)
		snprintf(path, sizeof path, "%s", file);
	else
		snprintf(path, sizeof path, "%.*s/%s", (int)(slash - rules_path), rules_path, file);
	if ((f = fopen(path, "rb")) == NULL)
		return fc_error_set(err, FC_E_IO, _("warnings: receiver %s's secret_file %s: %s"),
				    rc->name, path, strerror(errno));
	len = fread(data, 1, sizeof data, f);
	fclose(f);
	while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r'))
		len--;
	if (len < 16 || len > FC_WARN_SECRET_MAX) {
		sodium_memzero(data, sizeof data);
		return fc_error_set(err, FC_E_INVALID,
				    _("warnings: receiver %s's secret (%s) must be 16 to %d bytes"),
				    rc->name, path, FC_WARN_SECRET_MAX);
	}
	memcpy(rc->secret, data, len);
	rc->secret_len = len;
	sodium_memzero(data, sizeof data);
	return 0;
}

static int
warn_receivers(const char *path, json_t *list, struct fc_warn_rules *r, struct fc_error *err)
{
	json_t *o;
	size_t i;

	if (list != NULL && (!json_is_array(list) || json_array_size(list) > FC_WARN_RECEIVERS_MAX))
		return fc_error_set(err, FC_E_INVALID,
				    _("warnings: receivers must be a list of at most %d"),
				    FC_WARN_RECEIVERS_MAX);
	json_array_foreach(list, i, o) {
		struct fc_warn_receiver *rc = &r->receivers[i];
		const char *name = json_string_value(json_object_get(o, "name"));
		const char *url = json_string_value(json_object_get(o, "url"));
		const char *file = json_string_value(json_object_get(o, "secret_file"));

		if (name == NULL || !fc_id_inspector_ok(name) || url == NULL ||
		    (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) ||
		    strlen(url) >= sizeof rc->url || file == NULL)
			return fc_error_set(
			    err, FC_E_INVALID,
			    _("warnings: receivers[%zu] needs a name (an id), an http(s) "
			      "url and a secret_file"),
			    i);
		snprintf(rc->name, sizeof rc->name, "%s", name);
		snprintf(rc->url, sizeof rc->url, "%s", url);
		if (warn_secret(path, file, rc, err) != 0)
			return -1;
		r->n_receivers++;
	}
	return 0;
}

static int
warn_retry(json_t *o, struct fc_warn_rules *r, struct fc_error *err)
{
	const char *keys[] = {"first_seconds", "max_seconds", "attempts", "lease_seconds"};
	int *dst[] = {&r->retry_first, &r->retry_max, &r->retry_attempts, &r->lease};

	r->retry_first = WARN_RETRY_FIRST;
	r->retry_max = WARN_RETRY_MAX;
	r->retry_attempts = WARN_RETRY_ATTEMPTS;
	r->lease = WARN_LEASE;
	for (size_t i = 0; o != NULL && i < 4; i++) {
		json_t *v = json_object_get(o, keys[i]);
		if (v == NULL)
			continue;
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > 1000000)
			return fc_error_set(err, FC_E_INVALID,
					    _("warnings: retry.%s must be a whole number from 1"),
					    keys[i]);
		*dst[i] = (int)json_integer_value(v);
	}
	return 0;
}

int
fc_warn_rules_load(const char *path, struct fc_warn_rules *out, struct fc_error *err)
{
	json_error_t jerr;
	json_t *root = fc_textfile_json(path, 0, &jerr), *rules;
	char why[256];
	int ret = -1;

	memset(out, 0, sizeof *out);
	/* Not there or unreadable (line -1): its path and why, with no line. */
	if (root == NULL && jerr.line <= 0)
		return fc_error_set(err, FC_E_IO, _("warnings: %s"), jerr.text);
	if (root == NULL)
		return fc_error_set(err, FC_E_INVALID, _("warnings: %s:%d: %s"), path, jerr.line,
				    fc_json_why(&jerr, why, sizeof why));
	rules = json_object_get(root, "rules");
	if (json_integer_value(json_object_get(root, "format")) != WARN_FORMAT)
		fc_error_set(err, FC_E_INVALID, _("warnings: %s: format must be %d"), path,
			     WARN_FORMAT);
	else if (!json_is_object(rules))
		fc_error_set(err, FC_E_INVALID, _("warnings: %s: \"rules\" must be an object"),
			     path);
	else if (warn_rules(rules, out, err) == 0 &&
		 warn_receivers(path, json_object_get(root, "receivers"), out, err) == 0 &&
		 warn_retry(json_object_get(root, "retry"), out, err) == 0)
		ret = 0;
	json_decref(root);
	return ret;
}
