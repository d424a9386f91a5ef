/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/console.h: the rows the supervisors' console reads
 * (store/console.c), each query's result as a JSON array of objects.
 */
#ifndef FC_SERVER_STORE_CONSOLE_H
#define FC_SERVER_STORE_CONSOLE_H

#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "server/store/store.h"

enum fc_scon {
	/* districts, type|'', household|'', inspector|'', limit, offset */
	FC_SCON_RECORDS,
	/* record id: the record with its body, signature, hash and device */
	FC_SCON_RECORD,
	/* record id: the follow-ups naming it */
	FC_SCON_FOLLOWUPS,
	/* districts, id, LIKE pattern of the first word, limit, its prefix pattern, and
	 * patterns of the second to fourth words ("" for none) */
	FC_SCON_HOUSEHOLD_SEARCH,
	/* household id */
	FC_SCON_HOUSEHOLD,
	/* household id: its records, oldest first */
	FC_SCON_HOUSEHOLD_RECORDS,
	/* every inspector (callers keep those of their districts) */
	FC_SCON_INSPECTORS,
	/* first day of the week counted: every device, with its forks and refused pushes */
	FC_SCON_DEVICES,
	/* record id: the original it is a version of and every correction, original first */
	FC_SCON_VERSIONS,
	/* The overview, each by district: districts (and a first day or second) */
	FC_SCON_PROG_DUE,	  /* programme, due, n (programme rows with an interval) */
	FC_SCON_HH_DUE,		  /* due, n (households, each once by its earliest due date) */
	FC_SCON_PROG_GRADES,	  /* programme, grade, n (inspected households) */
	FC_SCON_HAZ_STATES,	  /* severity, status, n */
	FC_SCON_HAZ_OPEN,	  /* severity, found, n (open hazards) */
	FC_SCON_WEEK_INSPECTIONS, /* first day: day, n (originals, current kind inspection) */
	FC_SCON_WEEK_HAZARDS,	  /* first day: found, n (not superseded) */
	FC_SCON_SYNCED,		  /* a day: records, devices received that day */
	FC_SCON_KINDS,		  /* a kind: kind, n (households of the registry) */
	FC_SCON_KIND_DONE,	  /* a kind: kind, programme, n (inspected at least once) */
	FC_SCON_KIND_OPEN,	  /* a kind: kind, programme, item, n (open hazards) */
	/* districts, programme, severity, state, found from, to, limit, offset */
	FC_SCON_HAZARDS,
	/* Exports, a page after a key (store/console.c's fc_sstore_console_each) */
	FC_SEXP_RECORDS,    /* districts, programme, after id, limit */
	FC_SEXP_HAZARDS,    /* districts, after household, programme, item, limit */
	FC_SEXP_PROGRAMMES, /* districts, after household, programme, limit */
	/* districts, state|'waiting'|'', record|'', limit, offset: reviews, newest first */
	FC_SCON_REVIEWS,
	/*
	 * districts, delivery state|'', rule|'', limit, offset, fewest and most
	 * attempts: warnings by delivery, newest first
	 */
	FC_SCON_WARNINGS,
};

/* A parameter: text, or the number num when text is NULL. */
struct fc_scon_param {
	const char *text;
	int64_t num;
};

#define FC_SCON_PARAMS_MAX 8

/* The rows of q as a new JSON array (*out, caller decrefs). */
int fc_sstore_console(struct fc_sstore *st, enum fc_scon q, const struct fc_scon_param *params,
		      int nparams, json_t **out, struct fc_error *err);

/*
 * The same, one row at a time: fn gets each row as an object it borrows (do
 * not keep it), returns 0 to go on or -1 to stop with err set.
 */
typedef int (*fc_scon_row_fn)(json_t *row, void *ctx, struct fc_error *err);
int fc_sstore_console_each(struct fc_sstore *st, enum fc_scon q, const struct fc_scon_param *params,
			   int nparams, fc_scon_row_fn fn, void *ctx, struct fc_error *err);

/*
 * Each row's columns as text, in the order named for q in store/console.c,
 * with no JSON made: valid only during the call. The overview sums tens of
 * thousands of counter rows, and a JSON object per row was most of its time.
 */
typedef void (*fc_scon_cells_fn)(const char *const *cells, void *ctx);
int fc_sstore_console_cells(struct fc_sstore *st, enum fc_scon q,
			    const struct fc_scon_param *params, int nparams, fc_scon_cells_fn fn,
			    void *ctx, struct fc_error *err);

#endif
