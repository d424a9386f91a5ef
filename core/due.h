/* SPDX-License-Identifier: Apache-2.0 */
/*
 * due.h: when a household is due for its next check, which are overdue, which
 * hazards are still open and for how long, and who needs a revisit.
 *
 * The intervals are data (schema/intervals.json: per programme, months per
 * household kind, each with its source tag, optional per-district rows [L]).
 * The ledger (ledger.h) reads the same structure for the due date of every
 * (household, programme); this module's lists use each kind's own programme. The due date is
 * the last *completed* inspection plus the interval, month-end clamped
 * (2024-02-29 + 12 months = 2025-02-28). A household never inspected is
 * overdue. A nobody-home or refused visit does not move the due date
 * (docs/gas.md §1): the store moves last_check only for inspections.
 *
 * States, with today's date T and due date D: overdue when D < T; due soon
 * when T <= D <= T + soon_days (30 unless the file says otherwise); else ok.
 *
 * The policy lives here; the store (store.h, "Due lists") only answers "which
 * households of this kind were last checked before this date", and this module
 * turns each state boundary into that cutoff date exactly.
 */
#ifndef FC_DUE_H
#define FC_DUE_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "error.h"
#include "home.h"
#include "store.h"

#define FC_DUE_KINDS_MAX 16
#define FC_DUE_SOON_DAYS 30 /* default when intervals.json does not say */

/* Intervals */

struct fc_interval {
	char programme[16]; /* gas, selfbuilt, rural: the programme the interval is for */
	char kind[16];	    /* residential, catering, ... */
	int months;	    /* 1..120 */
	char source[320];   /* "[S?] CJJ 51-2016 §3.5.1 ..." as in the file */
	int district_rule;  /* 1 when a districts.<id> row replaced the default */
};

struct fc_intervals {
	struct fc_interval v[FC_DUE_KINDS_MAX];
	size_t n;
	int soon_days;
	int escalate_after;	/* visits since the last inspection before escalation (3) */
	char path[FC_PATH_MAX]; /* the file they came from */
};

/*
 * Load intervals.json from the data search path (datadir.h) and apply the
 * rows of district (NULL or "" for none; a district without rows keeps the
 * defaults). FC_E_NOTFOUND when no file exists; FC_E_INVALID naming the file
 * and member when it is wrong.
 */
int fc_due_load(const char *district, struct fc_intervals *out, struct fc_error *err);

/*
 * Intervals kept for the districts last asked for, so a store recomputing
 * households reads the file once per district, not once per household: a
 * server's store handle takes pushes from devices of several districts in
 * turn, and reading the file again at each change of district cost a push
 * of one record about a tenth of its CPU. Zeroed to start; released with
 * fc_intervals_cache_free().
 */
#define FC_INTERVALS_CACHE_SLOTS 16

struct fc_intervals_slot {
	struct fc_intervals *iv;
	char district[FC_ID_MAX];
	int state; /* 0 not loaded, 1 loaded, -1 no usable intervals file */
};

struct fc_intervals_cache {
	struct fc_intervals_slot s[FC_INTERVALS_CACHE_SLOTS];
	unsigned next; /* the slot a new district takes when all are used (oldest first) */
};

/* The cached intervals of district, or NULL when none ship (the ledger then runs without due
 * dates). */
const struct fc_intervals *fc_intervals_cached(struct fc_intervals_cache *c, const char *district);

void fc_intervals_cache_free(struct fc_intervals_cache *c);

/* The same from one file. */
int fc_due_load_file(const char *path, const char *district, struct fc_intervals *out,
		     struct fc_error *err);

/*
 * The interval of kind in its own programme (the first programme of the file
 * that lists the kind), or NULL when the file has none.
 */
const struct fc_interval *fc_due_interval(const struct fc_intervals *iv, const char *kind);

/* The interval of kind in programme, or NULL when that programme does not cover the kind. */
const struct fc_interval *fc_due_interval_in(const struct fc_intervals *iv, const char *programme,
					     const char *kind);

/*
 * The programme a kind belongs to when a file in the first form (kind ->
 * row, no programmes) is read: residential, catering, business -> gas;
 * selfbuilt -> selfbuilt; rural -> rural; any other kind is its own.
 */
const char *fc_due_kind_programme(const char *kind);

/* One household */

enum fc_due_state { FC_DUE_OK, FC_DUE_SOON, FC_DUE_OVERDUE };

struct fc_due {
	enum fc_due_state state;
	int never_checked; /* no completed inspection: overdue */
	int months;	   /* the interval used */
	char due[11];	   /* YYYY-MM-DD, "" when never checked */
	int64_t days_left; /* due - today: negative when overdue, 0 when never checked */
};

/*
 * State of a household of kind whose last completed inspection was
 * last_check ("" or NULL: never) on date today. FC_E_NOTFOUND when kind has
 * no interval; FC_E_INVALID when last_check is not a date.
 */
int fc_due_compute(const struct fc_intervals *iv, const char *kind, const char *last_check,
		   struct fc_date today, struct fc_due *out, struct fc_error *err);

/*
 * The state of household h on today, as fc_due_summarize() and the server's
 * summary judge it: by its own district's intervals (loaded once per district
 * into c; iv stands for a household without a district, or whose district's
 * file has no row for its kind), and by every programme that covers its kind
 * there: the kind's own by h->last_check, any other by the last inspection
 * the ledger's row of that programme holds (fc_store_programme_last(); none:
 * never inspected). The worst state is the household's, and of two alike the
 * earlier due date: a restaurant whose gas check is done, on a site that also
 * screens restaurants as self-built houses (intervals.json), is one household
 * overdue until it is screened. Errors as fc_due_compute().
 */
int fc_due_household(struct fc_store *st, struct fc_intervals_cache *c,
		     const struct fc_intervals *iv, const struct fc_household *h,
		     struct fc_date today, struct fc_due *out, struct fc_error *err);

/*
 * The state of a stored due date (the ledger's programmes.due) on today:
 * "" (never inspected) is overdue, as is an unreadable date.
 */
enum fc_due_state fc_due_state_of(const char *due, struct fc_date today, int soon_days);

/*
 * Open hazards by age, for summaries: the bucket (0..FC_DUE_AGE_BUCKETS-1) of
 * a hazard found age_days ago, and each bucket's name ("0-7 days", ...).
 * An unreadable found date counts as the oldest bucket.
 */
#define FC_DUE_AGE_BUCKETS 4
int fc_due_age_bucket(int64_t age_days);
const char *fc_due_age_name(int bucket);
/* The first and last found date (inclusive, YYYY-MM-DD) of bucket on today. */
void fc_due_age_range(int bucket, struct fc_date today, char from[11], char to[11]);

/* "ok", "soon", "overdue". */
const char *fc_due_state_name(enum fc_due_state s);

/*
 * The earliest last_check that is not past the boundary: a household checked
 * on day c with c + months < limit exactly when c < fc_due_cutoff(limit,
 * months). Month-end clamping makes this more than limit - months (for limit
 * 2023-03-31 and 1 month it is 2023-03-01, not 2023-02-28).
 */
struct fc_date fc_due_cutoff(struct fc_date limit, int months);

/* The whole registry */

struct fc_due_kind_count {
	char kind[16];
	int64_t overdue; /* never checked included */
	int64_t soon;	 /* due within soon_days, not yet overdue */
};

struct fc_due_summary {
	struct fc_due_kind_count kinds[FC_DUE_KINDS_MAX]; /* in the file's order */
	size_t n;
	int64_t overdue, soon; /* totals over kinds */
	int64_t open_hazards;
	int64_t revisits; /* households whose newest visit found nobody or was refused */
};

/*
 * The device's counts. fc_due_summarize() and fc_due_each() decide each
 * household by its own district's intervals, as its ledger does; iv (the
 * device's district setting's) stands for a household without a district.
 * A household is counted once, under its kind, overdue (or due soon) when
 * any programme covering its kind is (fc_due_household()).
 */
int fc_due_summarize(struct fc_store *st, const struct fc_intervals *iv, struct fc_date today,
		     struct fc_due_summary *out, struct fc_error *err);

/*
 * Call fn for each overdue household (with_soon: also those due soon), kind by
 * kind in the file's order, never-checked first then oldest check first; at
 * most limit in all (0 = all). fn returns 0 to go on, 1 to stop, -1 to fail.
 */
typedef int (*fc_due_fn)(const struct fc_household *h, const struct fc_due *due, void *ctx,
			 struct fc_error *err);
int fc_due_each(struct fc_store *st, const struct fc_intervals *iv, struct fc_date today,
		int with_soon, size_t limit, fc_due_fn fn, void *ctx, struct fc_error *err);

/* Open hazards (household NULL: all), oldest first, with their age in days. */
typedef int (*fc_due_hazard_fn)(const struct fc_hazard_entry *h, int64_t age_days, void *ctx,
				struct fc_error *err);
int fc_due_each_open_hazard(struct fc_store *st, const char *household, struct fc_date today,
			    fc_due_hazard_fn fn, void *ctx, struct fc_error *err);

/* Households to revisit, oldest visit first, with the days since that visit. */
typedef int (*fc_due_revisit_fn)(const struct fc_revisit *r, int64_t days_since, void *ctx,
				 struct fc_error *err);
int fc_due_each_revisit(struct fc_store *st, struct fc_date today, fc_due_revisit_fn fn, void *ctx,
			struct fc_error *err);

#endif
