/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/authz.c: who may write what, decided once for both backends
 * (the server is the one place that knows every enrolment; a device only
 * refuses early). An inspector's districts are the district
 * they were enrolled with: one id, a comma-separated list, or "*" for a
 * city-level supervisor. Push asks here before it stores a record, so a
 * refused record stores nothing and the device is told why.
 *
 * A household the server's registry does not know (devices may file for
 * households they registered themselves) is placed by the district the
 * record's body names (the device's registry's, written when it was signed)
 * and checked against the inspector's districts like any other; a record
 * that names none counts under the inspector's district when they have one,
 * and is refused when they have several, since nothing says which.
 *
 * Reasons are in the language of whoever is told (lang: the device's
 * Accept-Language), looked up per call: the server answers many devices at once.
 */
#include <stdio.h>
#include <string.h>

#include "core/ids.h"
#include "core/lang.h"
#include "server/store/backend.h"

char *
fc_sstore_districts_json(const char *districts)
{
	json_t *a = json_array();
	const char *p = districts;
	char *out;

	while (a != NULL && *p != '\0') {
		size_t len = strcspn(p, ",");

		if (len > 0)
			json_array_append_new(a, json_stringn(p, len));
		p += len;
		if (*p == ',')
			p++;
	}
	out = a != NULL ? json_dumps(a, JSON_COMPACT) : NULL;
	json_decref(a);
	return out;
}

/* The district a household counts under: the registry's, else fallback; "" keeps fallback. */
static int
authz_district_of(struct fc_sstore *st, const char *household, const char *fallback,
		  char out[FC_ID_MAX], int *known, struct fc_error *err)
{
	*known = 0;
	snprintf(out, FC_ID_MAX, "%s", fallback);
	if (household[0] == '\0')
		return 0;
	return st->ops->household_district(st, household, out, known, err);
}

/* A follow-up names a record of a household in the inspector's districts. */
static int
authz_follows(struct fc_sstore *st, const struct fc_sinspector *insp, const char *follows,
	      const char *lang, char *reason, size_t size, struct fc_error *err)
{
	struct fc_sowner o;
	char district[FC_ID_MAX];
	int found = 0, known = 0;

	if (st->ops->record_owner(st, follows, &o, &found, err) != 0)
		return -1;
	if (!found)
		return 0;
	if (authz_district_of(st, o.household, o.district, district, &known, err) != 0)
		return -1;
	if (fc_id_districts_have(insp->district, district))
		return 0;
	snprintf(
	    reason, size,
	    fc_gettext(lang,
		       "not allowed: the follow-up is of record %s of household %s in district %s, "
		       "outside inspector %s's districts (%s)"),
	    follows, o.household, district, insp->id, insp->district);
	return 1;
}

/*
 * A correction is a version of the record it corrects, so it is stored
 * under that record's district and read by whoever reads the record
 * (fc_sstore_reads): the original's district and its household's now. It may
 * be written by the record's own inspector, or by a supervisor, when either
 * of those districts is theirs: an inspector whose household has since moved
 * to another district still answers for their own record (a return for
 * correction from their supervisor reaches them), and the new district's
 * supervisor corrects what is now theirs. Returns 0 with district_out set,
 * 1 refused (reason), 2 when the record is not held, or is of another
 * household and theirs to correct (the household's rule decides, and the
 * ledger refuses the correction).
 */
static int
authz_corrects(struct fc_sstore *st, const struct fc_sinspector *insp, const struct fc_record *rec,
	       const char *corrects, char district_out[FC_ID_MAX], const char *lang, char *reason,
	       size_t size, struct fc_error *err)
{
	struct fc_sowner o;
	char now[FC_ID_MAX];
	int found = 0, known = 0, theirs;

	if (st->ops->record_owner(st, corrects, &o, &found, err) != 0)
		return -1;
	if (!found)
		return 2;
	if (authz_district_of(st, o.household, o.district, now, &known, err) != 0)
		return -1;
	theirs = fc_sstore_reads(insp->district, o.district, now);
	if (theirs &&
	    (strcmp(o.inspector, insp->id) == 0 || strcmp(insp->role, FC_ROLE_SUPERVISOR) == 0)) {
		if (strcmp(o.household, rec->household) != 0)
			return 2;
		snprintf(district_out, FC_ID_MAX, "%s", o.district);
		return 0;
	}
	if (strcmp(o.inspector, insp->id) == 0)
		snprintf(reason, size,
			 fc_gettext(lang, "not allowed: record %s was filed in district %s and its "
					  "household %s is now in district %s, both outside "
					  "inspector %s's districts (%s)"),
			 corrects, o.district, o.household, now, insp->id, insp->district);
	else
		snprintf(reason, size,
			 fc_gettext(lang,
				    "not allowed: record %s is inspector %s's; only they or a "
				    "supervisor of district %s may correct it"),
			 corrects, o.inspector, now);
	return 1;
}

/* Place a household the registry does not know: 0 with out set, 1 refused (reason). */
static int
authz_unknown(const struct fc_sinspector *insp, const struct fc_record *rec, const char *named,
	      char out[FC_ID_MAX], const char *lang, char *reason, size_t size)
{
	if (named[0] != '\0') {
		snprintf(out, FC_ID_MAX, "%s", named);
		if (fc_id_districts_have(insp->district, named))
			return 0;
		snprintf(
		    reason, size,
		    fc_gettext(
			lang,
			"not allowed: household %s is not in the server's registry and its record "
			"places it in district %s, outside inspector %s's districts (%s)"),
		    rec->household, named, insp->id, insp->district);
		return 1;
	}
	if (strchr(insp->district, ',') == NULL && strcmp(insp->district, "*") != 0) {
		snprintf(out, FC_ID_MAX, "%.*s", FC_ID_MAX - 1, insp->district);
		return 0;
	}
	snprintf(
	    reason, size,
	    fc_gettext(
		lang,
		"not allowed: household %s is not in the server's registry and its record names "
		"no district, so it cannot be placed among inspector %s's districts (%s); add "
		"the household to the server's registry (households import)"),
	    rec->household, insp->id, insp->district);
	return 1;
}

int
fc_sstore_reads(const char *districts, const char *stored, const char *now)
{
	return fc_id_districts_have(districts, stored) || fc_id_districts_have(districts, now);
}

int
fc_sstore_household_now(struct fc_sstore *st, const char *household, const char *stored,
			char now[FC_ID_MAX], struct fc_error *err)
{
	int known = 0;

	return authz_district_of(st, household, stored, now, &known, err);
}

int
fc_sstore_reads_record(struct fc_sstore *st, const char *districts, const char *stored,
		       const char *household, int *reads, struct fc_error *err)
{
	char now[FC_ID_MAX];

	*reads = fc_id_districts_have(districts, stored);
	if (*reads)
		return 0;
	if (fc_sstore_household_now(st, household, stored, now, err) != 0)
		return -1;
	*reads = fc_id_districts_have(districts, now);
	return 0;
}

int
fc_sstore_authorize(struct fc_sstore *st, const struct fc_sinspector *insp,
		    const struct fc_record *rec, const struct fc_sextract *ex,
		    char district_out[FC_ID_MAX], const char *lang, char *reason, size_t size,
		    struct fc_error *err)
{
	int known = 0, r;

	if (ex->corrects[0] != '\0' &&
	    (r = authz_corrects(st, insp, rec, ex->corrects, district_out, lang, reason, size,
				err)) != 2)
		return r;
	if (authz_district_of(st, rec->household, "", district_out, &known, err) != 0)
		return -1;
	if (!known &&
	    (r = authz_unknown(insp, rec, ex->district, district_out, lang, reason, size)) != 0)
		return r;
	if (known && !fc_id_districts_have(insp->district, district_out)) {
		snprintf(reason, size,
			 fc_gettext(
			     lang,
			     "not allowed: household %s is in district %s, outside inspector %s's "
			     "districts (%s)"),
			 rec->household, district_out, insp->id, insp->district);
		return 1;
	}
	if (ex->follows[0] != '\0' &&
	    (r = authz_follows(st, insp, ex->follows, lang, reason, size, err)) != 0)
		return r;
	return 0;
}
