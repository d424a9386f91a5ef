/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/authz.c: who may write what, decided once for both backends
 * (DESIGN.md "Who may do what"). An inspector's districts are the district
 * they were enrolled with: one id, a comma-separated list, or "*" for a
 * city-level supervisor. Push asks here before it stores a record, so a
 * refused record stores nothing and the device is told why.
 *
 * A household the server's registry does not know is not checked against
 * the districts: devices may file for households they registered themselves,
 * and such a record counts under the inspector's district.
 */
#include <stdio.h>
#include <string.h>

#include "server/store/backend.h"

int
fc_sstore_district_in(const char *districts, const char *district)
{
	size_t n = strlen(district);
	const char *p = districts;

	if (strcmp(districts, "*") == 0)
		return 1;
	while (*p != '\0') {
		size_t len = strcspn(p, ",");

		if (len == n && n > 0 && strncmp(p, district, n) == 0)
			return 1;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
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
	      char *reason, size_t size, struct fc_error *err)
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
	if (fc_sstore_district_in(insp->district, district))
		return 0;
	snprintf(reason, size,
		 "not allowed: the follow-up is of record %s of household %s in district %s, "
		 "outside inspector %s's districts (%s)",
		 follows, o.household, district, insp->id, insp->district);
	return 1;
}

/* A correction replaces one's own record, or any in the district for its supervisor. */
static int
authz_corrects(struct fc_sstore *st, const struct fc_sinspector *insp, const char *corrects,
	       char *reason, size_t size, struct fc_error *err)
{
	struct fc_sowner o;
	char district[FC_ID_MAX];
	int found = 0, known = 0;

	if (st->ops->record_owner(st, corrects, &o, &found, err) != 0)
		return -1;
	if (!found || strcmp(o.inspector, insp->id) == 0)
		return 0;
	if (authz_district_of(st, o.household, o.district, district, &known, err) != 0)
		return -1;
	if (strcmp(insp->role, FC_ROLE_SUPERVISOR) == 0 &&
	    fc_sstore_district_in(insp->district, district))
		return 0;
	snprintf(reason, size,
		 "not allowed: record %s is inspector %s's; only they or a supervisor of "
		 "district %s may correct it",
		 corrects, o.inspector, district);
	return 1;
}

int
fc_sstore_authorize(struct fc_sstore *st, const struct fc_sinspector *insp,
		    const struct fc_record *rec, const char *follows, const char *corrects,
		    char district_out[FC_ID_MAX], char *reason, size_t size, struct fc_error *err)
{
	int known = 0, r;

	if (authz_district_of(st, rec->household, insp->district, district_out, &known, err) != 0)
		return -1;
	if (known && !fc_sstore_district_in(insp->district, district_out)) {
		snprintf(reason, size,
			 "not allowed: household %s is in district %s, outside inspector %s's "
			 "districts (%s)",
			 rec->household, district_out, insp->id, insp->district);
		return 1;
	}
	if (follows[0] != '\0' && (r = authz_follows(st, insp, follows, reason, size, err)) != 0)
		return r;
	if (corrects[0] != '\0' && (r = authz_corrects(st, insp, corrects, reason, size, err)) != 0)
		return r;
	return 0;
}
