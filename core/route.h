/* SPDX-License-Identifier: Apache-2.0 */
/*
 * route.h: today's route, the households an inspector has to see, in the
 * order of the streets: every household overdue or due soon (never capped),
 * with the ones inspected today marked done and the ones visited today
 * (nobody home, refused) marked with the visit's outcome.
 *
 * The order is the address's, read the way one walks it: district, then the
 * street part of the address (the administrative prefix "北京市朝阳区" is
 * skipped, so one street is one run whichever way the address was written),
 * house and building numbers compared by value ("新华路2号" before
 * "新华路12号"), then the id.
 */
#ifndef FC_CORE_ROUTE_H
#define FC_CORE_ROUTE_H

#include <stddef.h>

#include "date.h"
#include "due.h"
#include "error.h"
#include "store.h"

enum fc_route_mark {
	FC_ROUTE_TODO = 0,    /* due, not seen today */
	FC_ROUTE_DONE = 1,    /* inspected today */
	FC_ROUTE_VISITED = 2, /* visited today without an inspection: outcome says why */
};

/*
 * One stop. The four strings point into id's allocation (id first), so rows
 * stay small however many households are due.
 */
struct fc_route_stop {
	char *id; /* owned: id, address, resident, phone, district */
	const char *address, *resident, *phone, *district;
	char kind[16];
	char last_check[11];
	char outcome[32]; /* FC_ROUTE_VISITED: the visit's outcome */
	int mark;	  /* enum fc_route_mark */
};

struct fc_route {
	struct fc_route_stop *v; /* owned */
	size_t n, cap;
	size_t done, visited; /* marked rows */
};

/*
 * Build the route for today (the caller's, freed with fc_route_free, also on
 * failure). Records are read newest first only as far back as today.
 */
int fc_route_build(struct fc_store *st, const struct fc_intervals *iv, struct fc_date today,
		   struct fc_route *out, struct fc_error *err);
void fc_route_free(struct fc_route *r);

/* The household of a stop as the store's struct (for the shared row words). */
void fc_route_household(const struct fc_route_stop *s, struct fc_household *out);

/* The address from the street on: past a leading province/city/district. */
const char *fc_address_street(const char *address);

/* Addresses compared as one walks them: numbers by value, the rest bytewise. */
int fc_address_cmp(const char *a, const char *b);

#endif
