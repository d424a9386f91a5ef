/* SPDX-License-Identifier: Apache-2.0 */
/*
 * summary.h: the supervisors' summary as the server sends it (GET
 * /v1/summary), read once for both front ends and laid out once by
 * summary-view.c, so a member the server renames is changed in one place and
 * both show the same numbers.
 *
 * Every string is borrowed from the JSON the caller holds; "?" stands for a
 * member the server left out, 0 for a missing count.
 */
#ifndef FC_APP_SUMMARY_H
#define FC_APP_SUMMARY_H

#include <stddef.h>

#include <jansson.h>

/* One district's (or inspector's) figures. */
struct fc_summary_group {
	const char *key;
	long long inspections, nobody_home, refusals;
	long long hazards; /* found, all severities */
	long long hazards_open, hazards_overdue, households_overdue;
	long long last_sync; /* the newest of its devices', 0 when never */
	size_t n_devices, n_forks;
	const json_t *by_severity; /* {"major": n, ...} */
	const json_t *by_item;	   /* {"G04": n, ...} */
	const json_t *grades;	   /* {"C": n, ...} */
	const json_t *devices, *forks;
};

struct fc_summary_device {
	const char *device, *inspector;
	long long last_sync, held;
};

struct fc_summary_fork {
	const char *device, *inspector;
	long long seq;
};

size_t fc_summary_group_count(const json_t *summary);
void fc_summary_group(const json_t *summary, size_t i, struct fc_summary_group *out);
void fc_summary_device(const struct fc_summary_group *g, size_t i, struct fc_summary_device *out);
void fc_summary_fork(const struct fc_summary_group *g, size_t i, struct fc_summary_fork *out);

/* The period asked for: "" since the start. */
const char *fc_summary_since(const json_t *summary);
const char *fc_summary_until(const json_t *summary);

/* A sync time as local "YYYY-MM-DD HH:MM", or never when t is 0 (never synced). */
void fc_summary_when(long long t, const char *never, char *out, size_t size);

#endif
