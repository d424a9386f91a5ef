/* SPDX-License-Identifier: Apache-2.0 */
/*
 * summary.c: reads the server's summary JSON (docs/protocol.md) into
 * typed figures; see summary.h for why both front ends share it.
 */
#include <stdio.h>
#include <time.h>

#include "app/summary.h"

static const char *
sum_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "?";
}

static long long
sum_int(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static long long
sum_total(const json_t *counts)
{
	const char *k;
	json_t *v;
	long long n = 0;

	json_object_foreach((json_t *)counts, k, v)
		n += (long long)json_integer_value(v);
	return n;
}

size_t
fc_summary_group_count(const json_t *summary)
{
	return json_array_size(json_object_get(summary, "groups"));
}

void
fc_summary_group(const json_t *summary, size_t i, struct fc_summary_group *out)
{
	const json_t *g = json_array_get(json_object_get(summary, "groups"), i);
	struct fc_summary_device d;

	out->key = sum_str(g, "key");
	out->inspections = sum_int(g, "inspections");
	out->nobody_home = sum_int(g, "nobody_home");
	out->refusals = sum_int(g, "refusals");
	out->by_severity = json_object_get(g, "hazards");
	out->by_item = json_object_get(g, "hazard_items");
	out->grades = json_object_get(g, "grades");
	out->hazards = sum_total(out->by_severity);
	out->hazards_open = sum_int(g, "hazards_open");
	out->hazards_overdue = sum_int(g, "hazards_overdue");
	out->households_overdue = sum_int(g, "households_overdue");
	out->devices = json_object_get(g, "devices");
	out->forks = json_object_get(g, "forks");
	out->n_devices = json_array_size(out->devices);
	out->n_forks = json_array_size(out->forks);
	out->last_sync = 0;
	for (size_t k = 0; k < out->n_devices; k++) {
		fc_summary_device(out, k, &d);
		if (d.last_sync > out->last_sync)
			out->last_sync = d.last_sync;
	}
}

void
fc_summary_device(const struct fc_summary_group *g, size_t i, struct fc_summary_device *out)
{
	const json_t *d = json_array_get(g->devices, i);

	out->device = sum_str(d, "device");
	out->inspector = sum_str(d, "inspector");
	out->last_sync = sum_int(d, "last_sync");
	out->held = sum_int(d, "held");
}

void
fc_summary_fork(const struct fc_summary_group *g, size_t i, struct fc_summary_fork *out)
{
	const json_t *f = json_array_get(g->forks, i);

	out->device = sum_str(f, "device");
	out->inspector = sum_str(f, "inspector");
	out->seq = sum_int(f, "seq");
}

const char *
fc_summary_since(const json_t *summary)
{
	const char *s = json_string_value(json_object_get(summary, "since"));

	return s != NULL ? s : "";
}

const char *
fc_summary_until(const json_t *summary)
{
	return sum_str(summary, "until");
}

void
fc_summary_when(long long t, const char *never, char *out, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0 || localtime_r(&tt, &tm) == NULL)
		snprintf(out, size, "%s", never);
	else
		strftime(out, size, "%Y-%m-%d %H:%M", &tm);
}
