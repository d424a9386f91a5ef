/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store-ledger.c: the tables the store derives from records (hazard ledger,
 * households needing a revisit, last check dates) and the queries over them.
 *
 * Design: store_ledger_apply() runs inside the transaction that appends a
 * record, so a record and what it changes are durable together or not at all.
 * The body stays the truth; these rows are indexes over it that make the home
 * screen's counts cheap. The rules:
 *   - an inspection moves its household's last_check forward to its date and
 *     clears a pending revisit; a visit (nobody home, entry refused) sets one;
 *   - every hazard {item, severity, note, rule} of a record opens a row;
 *   - a followup naming a record closes that record's open hazards when its
 *     outcome is "rectified", otherwise counts itself on them;
 *   - a correction marks the corrected record's open hazards "corrected"
 *     (its own hazards open like any record's).
 * fc_store_rebuild_ledger() replays the same rules from the bodies alone.
 * What is due when, and what counts as overdue, is due.c's policy.
 */
#include <stdio.h>
#include <string.h>

#include "store-internal.h"

#define LEDGER_RECTIFIED "rectified"

/* Run a write statement bound by the caller. */
static int
ledger_step(struct fc_store *st, sqlite3_stmt *stmt, const char *rec_id, struct fc_error *err)
{
	int rc = sqlite3_step(stmt);

	store_done(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "record %s: cannot update the hazard ledger", rec_id);
	return 0;
}

static const char *
ledger_member(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

static int
ledger_open_hazards(struct fc_store *st, const struct fc_record *rec, const char *date,
		    json_t *hazards, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_LEDGER_HAZARD_OPEN];
	size_t i;
	json_t *h;

	json_array_foreach(hazards, i, h)
	{
		sqlite3_bind_text(stmt, 1, rec->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 2, (sqlite3_int64)i);
		sqlite3_bind_text(stmt, 3, rec->household, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, ledger_member(h, "item"), -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, ledger_member(h, "severity"), -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 6, ledger_member(h, "note"), -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 7, ledger_member(h, "rule"), -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 8, date, -1, SQLITE_STATIC);
		if (ledger_step(st, stmt, rec->id, err) != 0)
			return -1;
	}
	return 0;
}

/* ?1 the record acted on, ?2 this record (if the statement has it), ?3 or ?2 the date. */
static int
ledger_on_record(struct fc_store *st, enum store_sql which, const char *target,
		 const struct fc_record *rec, const char *date, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[which];

	sqlite3_bind_text(stmt, 1, target, -1, SQLITE_STATIC);
	if (which == SQL_LEDGER_HAZARD_FOLLOWUP) {
		sqlite3_bind_text(stmt, 2, date, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_text(stmt, 2, rec->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, date, -1, SQLITE_STATIC);
	}
	return ledger_step(st, stmt, rec->id, err);
}

int
store_ledger_apply(struct fc_store *st, const struct fc_record *rec,
		   const struct fc_record_draft *draft, struct fc_error *err)
{
	sqlite3_stmt *stmt;
	char date[11];

	/* The date part of "YYYY-MM-DDTHH:MM:SS+HH:MM". */
	memcpy(date, rec->time, 10);
	date[10] = '\0';

	if (rec->household[0] != '\0' && strcmp(rec->type, FC_TYPE_INSPECTION) == 0) {
		stmt = st->stmt[SQL_LEDGER_LAST_CHECK];
		sqlite3_bind_text(stmt, 1, rec->household, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, date, -1, SQLITE_STATIC);
		if (ledger_step(st, stmt, rec->id, err) != 0)
			return -1;
		stmt = st->stmt[SQL_LEDGER_REVISIT_CLEAR];
		sqlite3_bind_text(stmt, 1, rec->household, -1, SQLITE_STATIC);
		if (ledger_step(st, stmt, rec->id, err) != 0)
			return -1;
	} else if (rec->household[0] != '\0' && strcmp(rec->type, FC_TYPE_VISIT) == 0) {
		stmt = st->stmt[SQL_LEDGER_REVISIT_SET];
		sqlite3_bind_text(stmt, 1, rec->household, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, rec->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, date, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, rec->outcome, -1, SQLITE_STATIC);
		if (ledger_step(st, stmt, rec->id, err) != 0)
			return -1;
	}

	if (strcmp(rec->type, FC_TYPE_FOLLOWUP) == 0 && draft->follows != NULL &&
	    ledger_on_record(st,
			     draft->outcome != NULL && strcmp(draft->outcome, LEDGER_RECTIFIED) == 0
				 ? SQL_LEDGER_HAZARD_CLOSE
				 : SQL_LEDGER_HAZARD_FOLLOWUP,
			     draft->follows, rec, date, err) != 0)
		return -1;
	if (strcmp(rec->type, FC_TYPE_CORRECTION) == 0 && draft->corrects != NULL &&
	    ledger_on_record(st, SQL_LEDGER_HAZARD_CORRECT, draft->corrects, rec, date, err) != 0)
		return -1;
	if (json_is_array(draft->hazards) &&
	    ledger_open_hazards(st, rec, date, draft->hazards, err) != 0)
		return -1;
	return 0;
}

/* Copy body member key (a string, or absent) into out; 0, or -1 when it does not fit. */
static int
ledger_body_string(json_t *body, const char *key, char *out, size_t size)
{
	const char *s = json_string_value(json_object_get(body, key));

	return snprintf(out, size, "%s", s != NULL ? s : "") < (int)size ? 0 : -1;
}

/* fc_store_each_record() callback: apply one record, read from its body alone. */
static int
ledger_rebuild_one(const struct fc_record *stored, void *ctx, struct fc_error *err)
{
	struct fc_store *st = ctx;
	struct fc_record rec = {0};
	struct fc_record_draft draft = {0};
	json_error_t jerr;
	json_t *body = json_loadb(stored->body, stored->body_len, 0, &jerr);
	int ret = -1;

	if (!json_is_object(body) || ledger_body_string(body, "id", rec.id, sizeof rec.id) ||
	    ledger_body_string(body, "type", rec.type, sizeof rec.type) ||
	    ledger_body_string(body, "household", rec.household, sizeof rec.household) ||
	    ledger_body_string(body, "time", rec.time, sizeof rec.time) ||
	    ledger_body_string(body, "outcome", rec.outcome, sizeof rec.outcome) ||
	    strlen(rec.time) < 10) {
		fc_error_set(err, FC_E_INVALID,
			     "record %s: the body is not a record body; run fieldcheck verify",
			     stored->id);
		goto out;
	}
	draft.type = rec.type;
	draft.outcome = rec.outcome;
	draft.hazards = json_object_get(body, "hazards");
	draft.follows = json_string_value(json_object_get(body, "follows"));
	draft.corrects = json_string_value(json_object_get(body, "corrects"));
	ret = store_ledger_apply(st, &rec, &draft, err);
out:
	json_decref(body);
	return ret;
}

int
fc_store_rebuild_ledger(struct fc_store *st, struct fc_error *err)
{
	int nested = !sqlite3_get_autocommit(st->db);

	if (store_exec(st, nested ? SQL_SAVEPOINT : SQL_BEGIN, err) != 0)
		return -1;
	if (store_exec(st, SQL_LEDGER_CLEAR_HAZARDS, err) != 0 ||
	    store_exec(st, SQL_LEDGER_CLEAR_REVISITS, err) != 0 ||
	    fc_store_each_record(st, NULL, ledger_rebuild_one, st, err) != 0)
		goto fail;
	if (nested ? store_exec(st, SQL_RELEASE, err) != 0 : fc_store_commit(st, err) != 0)
		goto fail;
	return 0;
fail:
	if (nested) {
		store_exec(st, SQL_ROLLBACK_TO, NULL);
		store_exec(st, SQL_RELEASE, NULL);
	} else {
		fc_store_rollback(st);
	}
	return -1;
}

/* Queries */

static void
ledger_read_hazard(sqlite3_stmt *stmt, struct fc_hazard_entry *h)
{
	memset(h, 0, sizeof *h);
	store_copy_text(stmt, 0, h->record, sizeof h->record);
	h->idx = sqlite3_column_int(stmt, 1);
	store_copy_text(stmt, 2, h->household, sizeof h->household);
	store_copy_text(stmt, 3, h->item, sizeof h->item);
	store_copy_text(stmt, 4, h->severity, sizeof h->severity);
	store_copy_text(stmt, 5, h->note, sizeof h->note);
	store_copy_text(stmt, 6, h->rule, sizeof h->rule);
	store_copy_text(stmt, 7, h->found, sizeof h->found);
	store_copy_text(stmt, 8, h->status, sizeof h->status);
	h->followups = sqlite3_column_int(stmt, 9);
	store_copy_text(stmt, 10, h->last_followup, sizeof h->last_followup);
}

int
fc_store_each_open_hazard(struct fc_store *st, const char *household, fc_hazard_fn fn, void *ctx,
			  struct fc_error *err)
{
	sqlite3_stmt *stmt =
	    st->stmt[household != NULL ? SQL_HAZARDS_OPEN_HH : SQL_HAZARDS_OPEN_ALL];
	struct fc_hazard_entry h;
	int ret = 0, rc;

	if (household != NULL)
		sqlite3_bind_text(stmt, 1, household, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int stop;

		ledger_read_hazard(stmt, &h);
		stop = fn(&h, ctx, err);
		if (stop != 0) {
			ret = stop < 0 ? -1 : 0;
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = store_fail(st, err, "cannot read the open hazards");
	store_done(stmt);
	return ret;
}

int
fc_store_count_open_hazards(struct fc_store *st, int64_t *count, struct fc_error *err)
{
	return store_count(st, SQL_HAZARDS_OPEN_COUNT, "the open hazards", count, err);
}

int
fc_store_each_revisit(struct fc_store *st, fc_revisit_fn fn, void *ctx, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_REVISITS_EACH];
	struct fc_revisit r;
	int ret = 0, rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int stop;

		memset(&r, 0, sizeof r);
		store_copy_text(stmt, 0, r.household, sizeof r.household);
		store_copy_text(stmt, 1, r.record, sizeof r.record);
		store_copy_text(stmt, 2, r.visited, sizeof r.visited);
		store_copy_text(stmt, 3, r.outcome, sizeof r.outcome);
		stop = fn(&r, ctx, err);
		if (stop != 0) {
			ret = stop < 0 ? -1 : 0;
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = store_fail(st, err, "cannot read the households to revisit");
	store_done(stmt);
	return ret;
}
