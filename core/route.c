/* SPDX-License-Identifier: Apache-2.0 */
/*
 * route.c: today's route (route.h). The due households come from the due
 * rules (fc_due_each, no limit); today's records, read newest first until
 * yesterday, mark what is done and what was visited; households seen today
 * that are no longer due (inspected, so their due date moved) are added
 * back as done, so the route shows the whole day, not only what is left.
 */
#include <libintl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "route.h"
#include "utf8.h"

#define _(s) gettext(s)

/* Today's newest inspection or visit of one household. */
struct route_seen {
	char household[FC_ID_MAX];
	char outcome[32];
	int mark;
};

struct route_build {
	struct fc_route *route;
	char today[11];
	struct route_seen *seen; /* owned */
	size_t n_seen, cap_seen;
};

static int
route_push(struct fc_route *r, const struct fc_household *h, struct fc_error *err)
{
	size_t li = strlen(h->id) + 1, la = strlen(h->address) + 1, lr = strlen(h->resident) + 1,
	       lp = strlen(h->phone) + 1, ld = strlen(h->district) + 1;
	struct fc_route_stop *s;
	char *text;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct fc_route_stop *v = realloc(r->v, cap * sizeof *v);
		if (v == NULL)
			return fc_error_set(err, FC_E_NOMEM, _("out of memory for today's route"));
		r->v = v;
		r->cap = cap;
	}
	if ((text = malloc(li + la + lr + lp + ld)) == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory for today's route"));
	s = &r->v[r->n++];
	memset(s, 0, sizeof *s);
	s->id = text;
	memcpy(text, h->id, li);
	s->address = memcpy(text + li, h->address, la);
	s->resident = memcpy(text + li + la, h->resident, lr);
	s->phone = memcpy(text + li + la + lr, h->phone, lp);
	s->district = memcpy(text + li + la + lr + lp, h->district, ld);
	snprintf(s->kind, sizeof s->kind, "%s", h->kind);
	snprintf(s->last_check, sizeof s->last_check, "%s", h->last_check);
	return 0;
}

static int
route_add_due(const struct fc_household *h, const struct fc_due *due, void *ctx,
	      struct fc_error *err)
{
	struct route_build *b = ctx;

	(void)due;
	return route_push(b->route, h, err);
}

static int
route_add_seen(const struct fc_record *rec, void *ctx, struct fc_error *err)
{
	struct route_build *b = ctx;
	int mark;

	if (strncmp(rec->time, b->today, 10) < 0)
		return 1; /* newest first: the rest is before today */
	if (strncmp(rec->time, b->today, 10) != 0 || rec->household[0] == '\0')
		return 0;
	if (strcmp(rec->type, FC_TYPE_INSPECTION) == 0)
		mark = FC_ROUTE_DONE;
	else if (strcmp(rec->type, FC_TYPE_VISIT) == 0)
		mark = FC_ROUTE_VISITED;
	else
		return 0;
	for (size_t i = 0; i < b->n_seen; i++)
		if (strcmp(b->seen[i].household, rec->household) == 0)
			return 0; /* a newer record of the household decided already */
	if (b->n_seen == b->cap_seen) {
		size_t cap = b->cap_seen ? b->cap_seen * 2 : 16;
		struct route_seen *v = realloc(b->seen, cap * sizeof *v);
		if (v == NULL)
			return fc_error_set(err, FC_E_NOMEM, _("out of memory for today's route"));
		b->seen = v;
		b->cap_seen = cap;
	}
	snprintf(b->seen[b->n_seen].household, FC_ID_MAX, "%s", rec->household);
	snprintf(b->seen[b->n_seen].outcome, sizeof b->seen[0].outcome, "%s", rec->outcome);
	b->seen[b->n_seen++].mark = mark;
	return 0;
}

static int
route_seen_cmp(const void *a, const void *b)
{
	return strcmp(((const struct route_seen *)a)->household,
		      ((const struct route_seen *)b)->household);
}

/* Mark the due rows seen today; add the seen ones the due rules no longer name. */
static int
route_mark(struct fc_store *st, struct route_build *b, struct fc_error *err)
{
	struct fc_route *r = b->route;
	size_t due_n = r->n;
	unsigned char *used = calloc(b->n_seen + 1, 1);
	int ret = 0;

	if (used == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory for today's route"));
	if (b->n_seen > 1)
		qsort(b->seen, b->n_seen, sizeof *b->seen, route_seen_cmp);
	for (size_t i = 0; i < due_n && b->n_seen > 0; i++) {
		struct route_seen key = {{0}, {0}, 0}, *hit;
		snprintf(key.household, sizeof key.household, "%s", r->v[i].id);
		hit = bsearch(&key, b->seen, b->n_seen, sizeof *b->seen, route_seen_cmp);
		if (hit == NULL)
			continue;
		used[hit - b->seen] = 1;
		r->v[i].mark = hit->mark;
		snprintf(r->v[i].outcome, sizeof r->v[i].outcome, "%s", hit->outcome);
	}
	for (size_t k = 0; k < b->n_seen && ret == 0; k++) {
		struct fc_household h;
		if (used[k])
			continue;
		if (fc_store_get_household(st, b->seen[k].household, &h, err) != 0) {
			if (err->code != FC_E_NOTFOUND)
				ret = -1;
			continue; /* a record of a household since removed: nothing to walk to */
		}
		if ((ret = route_push(r, &h, err)) == 0) {
			r->v[r->n - 1].mark = b->seen[k].mark;
			snprintf(r->v[r->n - 1].outcome, sizeof r->v[0].outcome, "%s",
				 b->seen[k].outcome);
		}
	}
	free(used);
	return ret;
}

static int
route_stop_cmp(const void *pa, const void *pb)
{
	const struct fc_route_stop *a = pa, *b = pb;
	int c = strcmp(a->district, b->district);

	if (c == 0)
		c = fc_address_cmp(fc_address_street(a->address), fc_address_street(b->address));
	if (c == 0)
		c = fc_address_cmp(a->address, b->address);
	return c != 0 ? c : strcmp(a->id, b->id);
}

int
fc_route_build(struct fc_store *st, const struct fc_intervals *iv, struct fc_date today,
	       struct fc_route *out, struct fc_error *err)
{
	struct fc_record_filter f = {.newest_first = 1};
	struct route_build b = {.route = out};
	int ret = -1;

	memset(out, 0, sizeof *out);
	fc_date_format(today, b.today);
	if (fc_due_each(st, iv, today, 1, 0, route_add_due, &b, err) != 0 ||
	    fc_store_each_record(st, &f, route_add_seen, &b, err) == -1 ||
	    route_mark(st, &b, err) != 0)
		goto out;
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, route_stop_cmp);
	for (size_t i = 0; i < out->n; i++) {
		out->done += out->v[i].mark == FC_ROUTE_DONE;
		out->visited += out->v[i].mark == FC_ROUTE_VISITED;
	}
	ret = 0;
out:
	free(b.seen);
	return ret;
}

void
fc_route_free(struct fc_route *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].id);
	free(r->v);
	memset(r, 0, sizeof *r);
}

void
fc_route_household(const struct fc_route_stop *s, struct fc_household *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->id, sizeof out->id, "%s", s->id);
	snprintf(out->district, sizeof out->district, "%s", s->district);
	snprintf(out->address, sizeof out->address, "%s", s->address);
	snprintf(out->resident, sizeof out->resident, "%s", s->resident);
	snprintf(out->phone, sizeof out->phone, "%s", s->phone);
	snprintf(out->kind, sizeof out->kind, "%s", s->kind);
	snprintf(out->last_check, sizeof out->last_check, "%s", s->last_check);
}

/*
 * Administrative units that open an address. A unit counts only when the
 * character before it does not make it part of a place's own name (小区,
 * 社区, 园区, 校区, 景区, 厂区 are where the street part already is).
 */
static const char *const route_units[] = {"省", "市", "区", "县", "旗", "盟", "州"};
static const char *const route_not_before_qu[] = {"小", "社", "园", "校", "景", "厂"};

#define ROUTE_UNIT_SCAN 8 /* characters a unit's name may take */

/* Bytes of a leading unit name ending in a unit character, or 0. */
static size_t
route_unit_len(const char *s)
{
	size_t off = 0, prev = 0;

	for (int k = 0; k < ROUTE_UNIT_SCAN && s[off] != '\0'; k++) {
		uint32_t cp;
		size_t n = fc_utf8_decode(s + off, strlen(s + off), &cp);
		if (n == 0 || (cp >= '0' && cp <= '9'))
			return 0;
		for (size_t u = 0; k > 0 && u < sizeof route_units / sizeof route_units[0]; u++) {
			if (strncmp(s + off, route_units[u], n) != 0)
				continue;
			for (size_t q = 0;
			     q < sizeof route_not_before_qu / sizeof route_not_before_qu[0]; q++)
				if (strncmp(s + prev, route_not_before_qu[q], off - prev) == 0)
					return 0;
			return off + n;
		}
		prev = off;
		off += n;
	}
	return 0;
}

const char *
fc_address_street(const char *address)
{
	const char *s = address;
	size_t n;

	while ((n = route_unit_len(s)) > 0 && s[n] != '\0')
		s += n;
	return s;
}

/* Length of the digit run at s, leading zeros skipped into *start. */
static size_t
route_digits(const char *s, const char **start)
{
	size_t n = 0;

	while (*s == '0' && s[1] >= '0' && s[1] <= '9')
		s++;
	*start = s;
	while (s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

int
fc_address_cmp(const char *a, const char *b)
{
	while (*a != '\0' && *b != '\0') {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			const char *da, *db;
			size_t na = route_digits(a, &da), nb = route_digits(b, &db);
			int c = na != nb ? (na < nb ? -1 : 1) : memcmp(da, db, na);
			if (c != 0)
				return c;
			a = da + na;
			b = db + nb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}
