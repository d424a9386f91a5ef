/* SPDX-License-Identifier: Apache-2.0 */
/*
 * server.c: the server side of the conformance table, shared by
 * backend-server-sqlite.c and backend-server-pg.c (server.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ids.h"
#include "sync/wire.h"
#include "tests/ledger/server.h"

#define CONFORM_DEVICE "a1b2c3d4"

/* Every district of households once, comma-separated: the inspector's districts. */
static void
server_districts(const json_t *households, char *out, size_t size)
{
	size_t i, used = 0;
	const json_t *h;

	out[0] = '\0';
	json_array_foreach((json_t *)households, i, h) {
		const char *d = json_string_value(json_object_get(h, "district"));

		if (d == NULL || fc_id_districts_have(out, d))
			continue;
		used += (size_t)snprintf(out + used, size - used, "%s%s", used ? "," : "", d);
		if (used >= size)
			break;
	}
}

static int
server_households(struct conform_server *s, const json_t *households, struct fc_error *err)
{
	size_t i, n = json_array_size(households);
	struct fc_household *rows = calloc(n + 1, sizeof *rows);
	const json_t *h;
	int ret;

	if (rows == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory");
	json_array_foreach((json_t *)households, i, h) {
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
	ret = fc_sstore_begin(s->st, err) == 0 &&
		      fc_sstore_put_households(s->st, rows, n, err) == 0 &&
		      fc_sstore_commit(s->st, err) == 0
		  ? 0
		  : -1;
	if (ret != 0)
		fc_sstore_rollback(s->st);
	free(rows);
	return ret;
}

int
conform_server_open(struct conform_server *s, const char *path, const json_t *households,
		    struct fc_error *err)
{
	struct fc_sinspector in = {.id = "I1", .name = "Inspector One"};

	crypto_sign_keypair(s->pk, s->sk);
	strcpy(s->signer.inspector, "I1");
	strcpy(s->signer.device, CONFORM_DEVICE);
	s->signer.sk = s->sk;
	server_districts(households, s->districts, sizeof s->districts);
	snprintf(in.district, sizeof in.district, "%s", s->districts);
	snprintf(in.role, sizeof in.role, "%s", FC_ROLE_INSPECTOR);
	if (fc_sstore_open(path, &s->st, err) != 0 ||
	    fc_sstore_put_inspector(s->st, &in, 1, err) != 0 ||
	    fc_sstore_add_device(s->st, CONFORM_DEVICE, "I1", s->pk, 1, err) != 0 ||
	    fc_sstore_get_device(s->st, CONFORM_DEVICE, &s->dev, err) != 0)
		return -1;
	return server_households(s, households, err);
}

/* Push rec alone, as the device's next record; a refusal is FC_E_INVALID with its reason. */
static int
server_push(struct conform_server *s, const struct fc_record *rec, struct fc_error *err)
{
	struct fc_buf raw = FC_BUF_INIT;
	json_t *answer = NULL, *refused;
	long n = 0;
	int ret = -1;

	if (fc_wire_batch_start(&raw, err) == 0 &&
	    fc_wire_batch_add(&raw, rec->body, rec->body_len, rec->sig, err) == 0 &&
	    fc_server_store_batch(s->st, &s->dev, s->districts, raw.buf, raw.len, &answer, &n,
				  err) == 0) {
		refused = json_object_get(answer, "refused");
		if (refused != NULL)
			fc_error_set(err, FC_E_INVALID, "%s",
				     json_string_value(json_object_get(refused, "reason")));
		else if (json_integer_value(json_object_get(answer, "stored")) != 1)
			fc_error_set(err, FC_E_INVALID, "the server did not store the record");
		else
			ret = 0;
	}
	json_decref(answer);
	fc_buf_release(&raw);
	return ret;
}

int
conform_server_add(struct conform_server *s, const struct fc_record_draft *draft, const char *time,
		   char id[FC_RECORD_ID_MAX], struct fc_error *err)
{
	struct fc_record rec = {0};

	/* The device's check before it signs, against what the server holds. */
	if (fc_sstore_check_draft(s->st, draft, err) != 0 ||
	    fc_record_seal(draft, &s->signer, s->seq + 1, s->seq > 0 ? s->prev : NULL, time, &rec,
			   err) != 0)
		return -1;
	if (server_push(s, &rec, err) != 0) {
		fc_record_release(&rec);
		return -1;
	}
	s->seq = rec.seq;
	memcpy(s->prev, rec.hash, FC_HASH_BYTES);
	snprintf(id, FC_RECORD_ID_MAX, "%s", rec.id);
	fc_record_release(&rec);
	return 0;
}

static json_t *
server_member(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL) {
		v = json_object();
		json_object_set_new(o, key, v);
	}
	return v;
}

static void
server_nested(json_t *out, const char **col)
{
	json_object_set_new(server_member(out, col[0]), col[1], json_string(col[2]));
}

static void
server_list(json_t *out, const char **col)
{
	json_array_append_new(out, json_string(col[0]));
}

static void
server_pair(json_t *out, const char **col)
{
	json_object_set_new(out, col[0], json_string(col[1]));
}

static void
server_count(json_t *out, const char **col)
{
	json_object_set_new(out, col[0], json_integer(strtoll(col[1], NULL, 10)));
}

/*
 * The state's members, each from one query over the ledger's rows. The
 * server keeps a programme row (due "") for every registered household, so
 * that assignments and the overdue count list the never inspected; the state
 * (conform.h) lists the programme rows of households with records, and
 * counts each household without any record once, as the device's does.
 */
#define SERVER_WITH_RECORDS "EXISTS (SELECT 1 FROM records r WHERE r.household = p.household)"
static const struct {
	const char *member;
	conform_row_fn fn;
	const char *sql;
} server_queries[] = {
    {"hazards", server_nested, "SELECT household, programme || '/' || item, status FROM hazards"},
    {"due", server_nested,
     "SELECT household, programme, due FROM programmes p WHERE " SERVER_WITH_RECORDS},
    {"revisits", server_list,
     "SELECT DISTINCT household FROM programmes WHERE revisit = 1 ORDER BY household"},
    {"escalated", server_list,
     "SELECT DISTINCT household FROM programmes WHERE escalated = 1 ORDER BY household"},
    {"current", server_pair, "SELECT id, current FROM versions"},
    {"summary", server_count,
     "SELECT 'inspections', coalesce(sum(inspections), 0) FROM programmes UNION ALL "
     "SELECT 'visits', coalesce(sum(visits_total), 0) FROM programmes UNION ALL "
     "SELECT x.s, (SELECT count(*) FROM hazards WHERE status = x.s) FROM (SELECT 'open' AS s "
     "UNION ALL SELECT 'rectified' UNION ALL SELECT 'superseded' UNION ALL SELECT "
     "'reinspected') AS x UNION ALL SELECT 'overdue', (SELECT count(*) FROM programmes p WHERE "
     "months > 0 AND (due = '' OR due < $1) AND " SERVER_WITH_RECORDS ") + (SELECT count(*) "
     "FROM households h WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.household = h.id))"},
};

int
conform_server_state(conform_rows_fn rows, void *conn, const char *today, json_t **out,
		     struct fc_error *err)
{
	json_t *o = json_pack("{s:{}, s:{}, s:[], s:[], s:{}, s:{}}", "hazards", "due", "revisits",
			      "escalated", "current", "summary");

	for (size_t i = 0; i < sizeof server_queries / sizeof server_queries[0]; i++) {
		if (rows(conn, server_queries[i].sql, today, server_queries[i].fn,
			 json_object_get(o, server_queries[i].member)) != 0) {
			json_decref(o);
			return fc_error_set(err, FC_E_DB, "cannot read the server's %s rows",
					    server_queries[i].member);
		}
	}
	*out = o;
	return 0;
}

int
conform_server_check_aggregates(struct conform_server *s, struct fc_error *err)
{
	struct fc_sagg_report rep;

	if (fc_sstore_rebuild_aggregates(s->st, 1, &rep, err) != 0)
		return -1;
	if (rep.differ > 0)
		return fc_error_set(err, FC_E_INVALID,
				    "the summary's counters differ from a recount in %lld rows, "
				    "first %s",
				    (long long)rep.differ, rep.first);
	return 0;
}

void
conform_server_close(struct conform_server *s)
{
	fc_sstore_close(s->st);
	s->st = NULL;
}
