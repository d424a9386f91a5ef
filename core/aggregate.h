/* SPDX-License-Identifier: Apache-2.0 */
/*
 * aggregate.h: the counters the supervisors' summary reads, computed from
 * what the ledger concluded (core/ledger.h), so a summary over millions of
 * records reads a few hundred counter rows instead of scanning them.
 *
 * A counter is (by, group, metric, sub, day) -> n: by is "district" or
 * "inspector", group the district or inspector id, metric what is counted
 * (FC_AGG_*), sub a severity, item, grade or hazard state ("" for none) and
 * day the date the count belongs to ("" when it has none). Dated metrics are
 * counted twice, per day and per month (metric FC_AGG_MONTHLY appended, day
 * "YYYY-MM"), so a period reads whole months plus the days of its first
 * month.
 *
 * A household's counters (fc_agg_household()) are a pure function of its
 * ledger state; the server store keeps each household's last ones and adds
 * the difference (fc_agg_diff()) to the totals in the same transaction as
 * the ledger rows, so totals and ledger never disagree. Follow-ups count per
 * record (fc_agg_record()), under the district the record was filed under.
 */
#ifndef FC_AGGREGATE_H
#define FC_AGGREGATE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "ledger.h"

#define FC_AGG_BY_DISTRICT "district"
#define FC_AGG_BY_INSPECTOR "inspector"

/* Metrics */
#define FC_AGG_INSPECTIONS "inspections" /* originals whose current version inspects */
#define FC_AGG_NOBODY_HOME "nobody_home" /* ... is a visit not refused */
#define FC_AGG_REFUSALS "refusals"	 /* ... is a refused visit */
#define FC_AGG_GRADES "grades"		 /* sub: the current version's grade */
#define FC_AGG_FOLLOWUPS "followups"	 /* follow-up records */
#define FC_AGG_SEVERITY "severity"	 /* hazards not superseded, by the day found */
#define FC_AGG_ITEMS "items"		 /* the same by item */
#define FC_AGG_STATES "states"		 /* every hazard by state, no day */
#define FC_AGG_OPEN_UNTIL "open_until"	 /* open hazards with a deadline: day = deadline */
#define FC_AGG_DUE "due" /* households by the earliest due date of a programme with an interval */
/*
 * The console's overview (server/console-overview.c), by district only. Its
 * counts have two keys, so day holds the second one, which is not always a
 * date: each is read whole, never by a range of days.
 */
#define FC_AGG_PROG_DUE "prog_due"	/* programmes with an interval; sub programme, day due */
#define FC_AGG_PROG_GRADE "prog_grade"	/* programmes inspected; sub programme, day the grade */
#define FC_AGG_HAZARD_STATE "haz_state" /* every hazard; sub severity, day its state */
#define FC_AGG_OPEN_FOUND "open_found"	/* open hazards; sub severity, day found */
/* Records received; sub the device (the store's number for it), day received (local). */
#define FC_AGG_SYNCED "synced"
/*
 * The overview's counts by the registry's kind of household (catering units
 * and their gas alarms): by is the kind itself (not "district" or
 * "inspector"), group the household's district, so one kind's counts of a
 * district are a key's prefix. Only households the registry holds count.
 */
#define FC_AGG_KIND_HOUSEHOLDS "kind_hh" /* the registry's households of the kind */
#define FC_AGG_KIND_DONE "kind_done"	 /* programmes inspected; sub the programme */
#define FC_AGG_KIND_OPEN "kind_open"	 /* open hazards; sub the item, day the programme */
#define FC_AGG_MONTHLY "/m"

#define FC_AGG_BY_MAX 16 /* "district", "inspector", or a kind (struct fc_household) */
#define FC_AGG_METRIC_MAX 16

struct fc_agg_row {
	char by[FC_AGG_BY_MAX];
	char grp[FC_ID_MAX];
	char metric[FC_AGG_METRIC_MAX];
	char sub[FC_ID_MAX];
	char day[16]; /* a date, or the second key of the overview's counts (a state, a grade) */
	int64_t n;
};

/* A set of counters, one row per key (fc_agg_add() merges). */
struct fc_agg {
	struct fc_agg_row *r; /* owned */
	size_t n, cap;
};

void fc_agg_release(struct fc_agg *a);
/*
 * Add n to the key (a row appended: the same key may appear several times
 * until fc_agg_prune(), which any reader of the rows calls first).
 */
int fc_agg_add(struct fc_agg *a, const char *by, const char *grp, const char *metric,
	       const char *sub, const char *day, int64_t n, struct fc_error *err);
/* Add every row of b into a. */
int fc_agg_merge(struct fc_agg *a, const struct fc_agg *b, struct fc_error *err);
/* Sort rows by key (the order the store applies them in), one per key, none of 0. */
void fc_agg_prune(struct fc_agg *a);
/* Keys compared as the sort orders them. */
int fc_agg_cmp(const struct fc_agg_row *x, const struct fc_agg_row *y);

/*
 * The counters of a household whose ledger is s, from its entries e[0..n)
 * (the records s was computed from), filed under district (the household's);
 * kind is its kind in the registry, NULL when the registry does not hold it
 * (then it has no counts by kind).
 */
int fc_agg_household(const struct fc_ledger_state *s, const struct fc_ledger_entry *e, size_t n,
		     const char *district, const char *kind, struct fc_agg *out,
		     struct fc_error *err);
/* The counters one record adds by itself (type FC_TYPE_*): n of them at once. */
int fc_agg_record(const char *type, const char *district, const char *inspector, const char *day,
		  int64_t n, struct fc_agg *out, struct fc_error *err);

/*
 * The counter one record adds when it arrives: n records from device,
 * received on day, filed under district (the overview's records and devices
 * synced today, read without walking the day's records).
 */
int fc_agg_received(const char *district, const char *device, const char *day, int64_t n,
		    struct fc_agg *out, struct fc_error *err);

/*
 * out += now - before (before and now as fc_agg_household() gives them:
 * sorted, one row per key); only the keys whose count changed are added.
 */
int fc_agg_diff(const struct fc_agg *before, const struct fc_agg *now, struct fc_agg *out,
		struct fc_error *err);

/* A set as text (one line per row, tab-separated) and back; *out is the caller's to free. */
int fc_agg_encode(const struct fc_agg *a, char **out, struct fc_error *err);
int fc_agg_decode(const char *text, struct fc_agg *out, struct fc_error *err);

/*
 * How the summary reads a metric: the day ranges [lo, hi) to add up, for a
 * period from since (YYYY-MM-DD, "" for all) as of today. Dated metrics read
 * whole months after since's month and days of its month; states read all;
 * FC_AGG_OPEN_UNTIL reads deadlines before today; FC_AGG_DUE reads due dates
 * before today and households never inspected. At most two ranges;
 * returns how many, with their metric names in metric[].
 */
struct fc_agg_range {
	char metric[FC_AGG_METRIC_MAX];
	char lo[11], hi[11];
};
int fc_agg_ranges(const char *metric, const char *since, const char *today,
		  struct fc_agg_range out[2]);

#endif
