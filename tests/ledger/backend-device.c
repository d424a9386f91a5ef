/* SPDX-License-Identifier: Apache-2.0 */
/*
 * backend-device.c: the conformance table on the device store. Records go in
 * through fc_store_add_record() (which checks them with the ledger and keeps
 * its rows); the state is read back from the rows the store kept, with SQL
 * in this test only, so the table checks what is stored, not what could be
 * computed again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "core/date.h"
#include "core/due.h"
#include "core/ids.h"
#include "core/store.h"
#include "tests/helper/conform.h"

struct device {
	struct fc_store *st;
	char path[512];
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	struct fc_signer signer;
};

static int
device_open(void **be, const char *dir, const json_t *households, struct fc_error *err)
{
	struct device *d = calloc(1, sizeof *d);
	struct fc_household *rows;
	size_t i, n = json_array_size(households);
	const json_t *h;
	int ret;

	if (d == NULL || (rows = calloc(n + 1, sizeof *rows)) == NULL) {
		free(d);
		return fc_error_set(err, FC_E_NOMEM, "out of memory");
	}
	snprintf(d->path, sizeof d->path, "%s/store.db", dir);
	crypto_sign_keypair(d->pk, d->sk);
	strcpy(d->signer.inspector, "I1");
	strcpy(d->signer.device, "a1b2c3d4");
	d->signer.sk = d->sk;
	json_array_foreach(households, i, h) {
		snprintf(rows[i].id, sizeof rows[i].id, "%s",
			 json_string_value(json_object_get(h, "id")));
		snprintf(rows[i].kind, sizeof rows[i].kind, "%s",
			 json_string_value(json_object_get(h, "kind")));
		snprintf(rows[i].district, sizeof rows[i].district, "%s",
			 json_string_value(json_object_get(h, "district")));
		snprintf(rows[i].address, sizeof rows[i].address, "addr %s", rows[i].id);
		/* A check on paper before the records began (the registry's last_check). */
		if (json_is_string(json_object_get(h, "last_check")))
			snprintf(rows[i].last_check, sizeof rows[i].last_check, "%s",
				 json_string_value(json_object_get(h, "last_check")));
	}
	/* The device of an inspector of every district the case's households are in ("D1,D2"). */
	char districts[FC_DISTRICTS_MAX] = "";
	for (i = 0; i < n; i++)
		if (rows[i].district[0] != '\0' &&
		    !fc_id_districts_have(districts, rows[i].district))
			snprintf(districts + strlen(districts),
				 sizeof districts - strlen(districts), "%s%s",
				 districts[0] != '\0' ? "," : "", rows[i].district);
	ret = fc_store_open(d->path, &d->st, err) == 0 &&
		      fc_store_put_households(d->st, rows, n, err) == 0 &&
		      (districts[0] == '\0' ||
		       fc_store_set_setting(d->st, FC_SET_DISTRICT, districts, err) == 0)
		  ? 0
		  : -1;
	free(rows);
	*be = d;
	return ret;
}

static int
device_add(void *be, const struct fc_record_draft *draft, const char *time,
	   char id[FC_RECORD_ID_MAX], struct fc_error *err)
{
	struct device *d = be;
	struct fc_record rec = {0};

	/* As the CLI does: the check before anything is signed, then the store's own. */
	if (fc_store_check_draft(d->st, draft, err) != 0 ||
	    fc_store_add_record(d->st, draft, &d->signer, time, &rec, err) != 0)
		return -1;
	snprintf(id, FC_RECORD_ID_MAX, "%s", rec.id);
	fc_record_release(&rec);
	return 0;
}

/* Run sql; for each row call fn with the columns as text. */
static int
device_rows(sqlite3 *db, const char *sql, const char *today,
	    void (*fn)(json_t *out, const char **col), json_t *out)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_bind_parameter_count(stmt) > 0)
		sqlite3_bind_text(stmt, 1, today, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *col[4] = {"", "", "", ""};

		for (int i = 0; i < sqlite3_column_count(stmt) && i < 4; i++)
			if (sqlite3_column_text(stmt, i) != NULL)
				col[i] = (const char *)sqlite3_column_text(stmt, i);
		fn(out, col);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

static json_t *
device_member(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL) {
		v = json_object();
		json_object_set_new(o, key, v);
	}
	return v;
}

static void
device_nested(json_t *out, const char **col)
{
	json_object_set_new(device_member(out, col[0]), col[1], json_string(col[2]));
}

static void
device_list(json_t *out, const char **col)
{
	json_array_append_new(out, json_string(col[0]));
}

static void
device_pair(json_t *out, const char **col)
{
	json_object_set_new(out, col[0], json_string(col[1]));
}

static void
device_count(json_t *out, const char **col)
{
	json_object_set_new(out, col[0], json_integer(strtoll(col[1], NULL, 10)));
}

static int
device_count_due(const struct fc_household *h, const struct fc_due *due, void *ctx,
		 struct fc_error *err)
{
	(void)h;
	(void)due;
	(void)err;
	(*(int64_t *)ctx)++;
	return 0;
}

/*
 * The device's own due lists (the TUI's home count, today's route) decide
 * overdue with the intervals of the device's districts, as the TUI loads
 * them: they must count what the ledger's rows count.
 */
static int
device_due_lists(struct device *d, const char *today, const json_t *summary, struct fc_error *err)
{
	struct fc_intervals iv;
	struct fc_due_summary sum;
	struct fc_date day;
	int64_t listed = 0;
	char districts[FC_DISTRICTS_MAX];
	json_int_t ledger = json_integer_value(json_object_get(summary, "overdue"));

	if (fc_store_get_setting(d->st, FC_SET_DISTRICT, districts, sizeof districts, err) != 0)
		districts[0] = '\0';
	if (fc_date_parse(today, &day) != 0 || fc_due_load(districts, &iv, err) != 0 ||
	    fc_due_summarize(d->st, &iv, day, &sum, err) != 0 ||
	    fc_due_each(d->st, &iv, day, 0, 0, device_count_due, &listed, err) != 0)
		return -1;
	if (sum.overdue != ledger || listed != ledger)
		return fc_error_set(err, FC_E_INVALID,
				    "the device's due lists (districts %s) count %lld households "
				    "overdue and list %lld, its ledger's rows %lld",
				    districts, (long long)sum.overdue, (long long)listed,
				    (long long)ledger);
	return 0;
}

static int
device_state(void *be, const char *today, json_t **out, struct fc_error *err)
{
	struct device *d = be;
	sqlite3 *db;
	json_t *o = json_pack("{s:{}, s:{}, s:[], s:[], s:{}, s:{}}", "hazards", "due", "revisits",
			      "escalated", "current", "summary");
	int bad = 0;

	if (sqlite3_open_v2(d->path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		json_decref(o);
		return fc_error_set(err, FC_E_DB, "cannot open %s", d->path);
	}
	bad |= device_rows(db, "SELECT household, programme || '/' || item, status FROM hazards",
			   today, device_nested, json_object_get(o, "hazards"));
	bad |= device_rows(db, "SELECT household, programme, due FROM programmes", today,
			   device_nested, json_object_get(o, "due"));
	bad |= device_rows(db, "SELECT household FROM revisits ORDER BY household", today,
			   device_list, json_object_get(o, "revisits"));
	bad |= device_rows(db,
			   "SELECT DISTINCT household FROM programmes WHERE escalated = 1 "
			   "ORDER BY household",
			   today, device_list, json_object_get(o, "escalated"));
	bad |= device_rows(db, "SELECT id, current FROM versions", today, device_pair,
			   json_object_get(o, "current"));
	bad |= device_rows(
	    db,
	    "SELECT 'inspections', coalesce(sum(inspections), 0) FROM programmes UNION ALL "
	    "SELECT 'visits', coalesce(sum(visits_total), 0) FROM programmes UNION ALL "
	    "SELECT s, (SELECT count(*) FROM hazards WHERE status = s) FROM (SELECT 'open' AS s "
	    "UNION ALL SELECT 'rectified' UNION ALL SELECT 'superseded' UNION ALL SELECT "
	    "'reinspected') UNION ALL SELECT 'overdue', (SELECT count(*) FROM programmes WHERE "
	    "months > 0 AND (due = '' OR due < ?1)) + (SELECT count(*) FROM households h "
	    "WHERE NOT EXISTS (SELECT 1 FROM programmes p WHERE p.household = h.id))",
	    today, device_count, json_object_get(o, "summary"));
	sqlite3_close(db);
	if (bad) {
		json_decref(o);
		return fc_error_set(err, FC_E_DB, "%s: cannot read the ledger rows", d->path);
	}
	if (device_due_lists(d, today, json_object_get(o, "summary"), err) != 0) {
		json_decref(o);
		return -1;
	}
	*out = o;
	return 0;
}

static void
device_close(void *be)
{
	struct device *d = be;

	if (d == NULL)
		return;
	fc_store_close(d->st);
	free(d);
}

const struct conform_backend conform_device = {
    .name = "device",
    .open = device_open,
    .add = device_add,
    .state = device_state,
    .close = device_close,
};
