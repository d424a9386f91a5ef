/* SPDX-License-Identifier: Apache-2.0 */
/*
 * conform.h: the ledger conformance table's backends (tests/ledger/).
 *
 * fc-ledger-conform reads tests/ledger/cases.json, and for each case opens a
 * fresh backend, adds the case's records in order (each one either stored or
 * refused), asks the backend for the state and compares it with the case's
 * expectations. A backend is a store that keeps what core/ledger.c returns:
 * the device store, the server on SQLite, the server on PostgreSQL. The same
 * cases, the same expectations: a case that passes on one backend and fails
 * on another fails the suite.
 *
 * The state a backend returns (JSON, every member required):
 *   {"hazards":  {"<household>": {"<programme>/<item>": "<state>", ...}, ...},
 *    "due":      {"<household>": {"<programme>": "YYYY-MM-DD" or "", ...}, ...},
 *    "revisits": ["<household>", ...],      sorted
 *    "escalated":["<household>", ...],      sorted
 *    "current":  {"<record id>": "<id of its current version>", ...},
 *    "summary":  {"inspections": n, "visits": n, "open": n, "rectified": n,
 *                 "superseded": n, "reinspected": n, "overdue": n}}
 * where hazards list every (programme, item) row with its state; due lists
 * every programme row of a household with records (those covering its kind
 * included, "" when never inspected); inspections and visits count
 * originals once, by their current version's kind; overdue counts programme
 * rows with an interval whose due date is "" or before the case's "today",
 * plus each household without any record (never inspected in its own
 * programme).
 */
#ifndef FC_CONFORM_H
#define FC_CONFORM_H

#include <jansson.h>

#include "core/error.h"
#include "core/record.h"

struct conform_backend {
	const char *name;
	/*
	 * A fresh store in the empty directory dir with households, an array of
	 * {"id", "kind", "district"}; *be is the backend's handle.
	 */
	int (*open)(void **be, const char *dir, const json_t *households, struct fc_error *err);
	/*
	 * Sign draft at time ("YYYY-MM-DDTHH:MM:SS+08:00") as inspector I1 and
	 * store it; its id into id. A refusal is -1 with FC_E_INVALID and the
	 * message the user would see; nothing may be stored then.
	 */
	int (*add)(void *be, const struct fc_record_draft *draft, const char *time,
		   char id[FC_RECORD_ID_MAX], struct fc_error *err);
	/* The state described above as of today (YYYY-MM-DD); *out is new. */
	int (*state)(void *be, const char *today, json_t **out, struct fc_error *err);
	void (*close)(void *be);
};

extern const struct conform_backend conform_device;
extern const struct conform_backend conform_server_sqlite;
extern const struct conform_backend conform_server_pg;

#endif
