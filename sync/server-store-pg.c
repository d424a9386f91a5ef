/*
 * server-store-pg.c: every SQL statement the central server runs against
 * PostgreSQL, and the verbs of server-store.h over libpq.
 *
 * The statements sit in one table indexed by enum sql_id, row for row the
 * PostgreSQL dialect of server-store.c's table, each prepared once per
 * connection (PQprepare) and run with PQexecPrepared: values go in only as
 * parameters, byte strings in binary. Results come back as text; bytea
 * arrives in hex and is decoded here. Migrations (schema/server-pg/) run
 * under an advisory lock, so processes starting together migrate once.
 *
 * Several processes share the database, so nothing that decides a request
 * is kept in memory: a push takes its device's row lock (FOR UPDATE in
 * SQL_HELD) for the whole batch, which serialises the chain check per device
 * across processes; nonces, codes and templates rely on unique keys with ON
 * CONFLICT DO NOTHING and the count of rows changed, never on a read first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "server-store-pg.h"

/* See SQL_OVERDUE_WHERE in server-store.c: the same rule, greatest() for max(). */
#define PG_OVERDUE_WHERE                                                                           \
	"greatest(h.last_check, coalesce((SELECT max(r.day) FROM records r WHERE r.household = "   \
	"h.id AND r.type = 'inspection'), '')) < CASE h.kind WHEN 'residential' THEN $2 ELSE $3 "  \
	"END"

#define PG_KEY "CASE WHEN $1 = 'inspector' THEN inspector ELSE district END"

/* Holds any migration's lock: one process migrates, the others wait and see it done. */
#define PG_MIGRATE_LOCK "7305180409"

static const char *const pg_sql[SQL_COUNT] = {
    [SQL_PUT_INSPECTOR] = "INSERT INTO inspectors (id, name, district, role, created_at) "
			  "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET "
			  "name = EXCLUDED.name, district = EXCLUDED.district, "
			  "role = EXCLUDED.role, revoked_at = NULL",
    [SQL_GET_INSPECTOR] = "SELECT name, district, role, coalesce(revoked_at, 0) "
			  "FROM inspectors WHERE id = $1",
    [SQL_REVOKE] = "UPDATE inspectors SET revoked_at = $2 WHERE id = $1",
    [SQL_ADD_CODE] = "INSERT INTO enrol_codes (code_hash, inspector, created_at, expires_at) "
		     "VALUES ($1, $2, $3, $4)",
    [SQL_GET_CODE] = "SELECT inspector, expires_at, coalesce(used_at, 0) FROM enrol_codes "
		     "WHERE code_hash = $1",
    /* The used_at test makes spending a code atomic between processes too. */
    [SQL_USE_CODE] = "UPDATE enrol_codes SET used_at = $2 WHERE code_hash = $1 "
		     "AND used_at IS NULL",
    [SQL_ADD_DEVICE] = "INSERT INTO devices (device, inspector, pk, enrolled_at) "
		       "VALUES ($1, $2, $3, $4)",
    [SQL_GET_DEVICE] = "SELECT id, device, inspector, pk, held_seq, held_hash, "
		       "coalesce(last_sync, 0) FROM devices WHERE device = $1",
    [SQL_EACH_DEVICE] = "SELECT id, device, inspector, pk, held_seq, held_hash, "
			"coalesce(last_sync, 0) FROM devices ORDER BY id",
    [SQL_TOUCH_DEVICE] = "UPDATE devices SET last_sync = $2 WHERE id = $1",
    [SQL_PRUNE_NONCES] = "DELETE FROM nonces WHERE seen_at < $1",
    /* No row inserted means another request (in any process) used it first. */
    [SQL_ADD_NONCE] = "INSERT INTO nonces (device_id, nonce, seen_at) VALUES ($1, $2, $3) "
		      "ON CONFLICT DO NOTHING",
    /* The row lock a push holds until commit: one chain walk per device at a time. */
    [SQL_HELD] = "SELECT held_seq, held_hash FROM devices WHERE id = $1 FOR UPDATE",
    [SQL_RECORD_HASH] = "SELECT hash FROM records WHERE device_id = $1 AND seq = $2",
    [SQL_INSERT_RECORD] = "INSERT INTO records (device_id, seq, hash, record_id, inspector, "
			  "district, type, household, template_id, day, outcome, follows, "
			  "grade, body, sig, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
			  "nullif($8, ''), nullif($9, ''), $10, nullif($11, ''), "
			  "nullif($12, ''), nullif($13, ''), $14, $15, $16)",
    [SQL_SET_HELD] = "UPDATE devices SET held_seq = $2, held_hash = $3, last_sync = $4 "
		     "WHERE id = $1",
    [SQL_INSERT_HAZARD] = "INSERT INTO hazards (device_id, seq, record_id, household, "
			  "inspector, district, day, item, severity) VALUES ($1, $2, $3, "
			  "nullif($4, ''), $5, $6, $7, $8, $9)",
    [SQL_CLOSE_HAZARDS] = "UPDATE hazards SET closed_by = $2 WHERE record_id = $1 "
			  "AND closed_by IS NULL",
    [SQL_INSERT_PHOTO] = "INSERT INTO photos (hash, size, device_id, received_at) "
			 "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    [SQL_ADD_FORK] = "INSERT INTO forks (device_id, seq, hash, held_hash, body, sig, "
		     "received_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    [SQL_EACH_RECORD] = "SELECT seq, body, sig, hash FROM records WHERE device_id = $1 "
			"ORDER BY seq",
    [SQL_COUNTS] = "SELECT (SELECT count(*) FROM inspectors), (SELECT count(*) FROM devices), "
		   "(SELECT count(*) FROM records), (SELECT count(*) FROM forks), "
		   "(SELECT count(*) FROM households), (SELECT count(*) FROM templates), "
		   "(SELECT count(*) FROM photos WHERE complete <> 0)",
    /* A sequence, not max(rev) + 1: two importing processes never share a rev. */
    [SQL_PUT_HOUSEHOLD] = "INSERT INTO households (id, district, address, resident, phone, "
			  "kind, last_check, rev) VALUES ($1, $2, $3, $4, $5, $6, $7, "
			  "nextval('households_rev_seq')) ON CONFLICT (id) DO UPDATE SET "
			  "district = EXCLUDED.district, address = EXCLUDED.address, "
			  "resident = EXCLUDED.resident, phone = EXCLUDED.phone, "
			  "kind = EXCLUDED.kind, last_check = EXCLUDED.last_check, "
			  "rev = EXCLUDED.rev",
    [SQL_HOUSEHOLDS_SINCE] = "SELECT id, district, address, resident, phone, kind, "
			     "last_check, rev FROM households WHERE district = $1 AND rev > $2 "
			     "ORDER BY rev LIMIT $3",
    [SQL_ADD_TEMPLATE] = "INSERT INTO templates (id, version, json, added_at) "
			 "VALUES ($1, $2, $3, $4) ON CONFLICT (id, version) DO NOTHING",
    [SQL_TEMPLATES_SINCE] = "SELECT rev, json FROM templates WHERE rev > $1 ORDER BY rev",
    [SQL_DUE_HOUSEHOLDS] = "SELECT h.id, h.address, h.resident, h.kind, h.last_check "
			   "FROM households h WHERE h.district = $1 AND " PG_OVERDUE_WHERE
			   " ORDER BY h.last_check, h.id LIMIT $4",
    [SQL_OPEN_HAZARDS] = "SELECT record_id, coalesce(household, ''), item, severity, day "
			 "FROM hazards WHERE district = $1 AND closed_by IS NULL "
			 "ORDER BY day, record_id LIMIT $2",
    [SQL_SUM_RECORDS] = "SELECT " PG_KEY ", count(*) FILTER (WHERE type = 'inspection'), "
			"count(*) FILTER (WHERE type = 'visit' AND "
			"coalesce(outcome, '') <> 'refused'), "
			"count(*) FILTER (WHERE type = 'visit' AND outcome = 'refused'), "
			"count(*) FILTER (WHERE type = 'followup') FROM records "
			"WHERE day >= $2 GROUP BY 1",
    [SQL_SUM_SEVERITY] = "SELECT " PG_KEY ", severity, count(*) FROM hazards "
			 "WHERE day >= $2 GROUP BY 1, 2",
    [SQL_SUM_ITEMS] = "SELECT " PG_KEY ", item, count(*) FROM hazards WHERE day >= $2 "
		      "GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2",
    [SQL_SUM_OPEN] = "SELECT " PG_KEY ", count(*), count(*) FILTER (WHERE day < CASE WHEN "
		     "severity IN ('stop', 'major', 'serious') THEN $2 ELSE $3 END) "
		     "FROM hazards WHERE closed_by IS NULL GROUP BY 1",
    [SQL_SUM_GRADES] = "SELECT " PG_KEY ", grade, count(*) FROM records WHERE grade IS NOT "
		       "NULL AND day >= $2 GROUP BY 1, 2",
    [SQL_SUM_OVERDUE] = "SELECT CASE WHEN $1 = 'inspector' THEN i.id ELSE h.district END, "
			"count(*) FROM households h LEFT JOIN inspectors i ON $1 = "
			"'inspector' AND i.district = h.district WHERE ($1 <> 'inspector' OR "
			"i.id IS NOT NULL) AND " PG_OVERDUE_WHERE " GROUP BY 1",
    [SQL_SUM_DEVICES] = "SELECT CASE WHEN $1 = 'inspector' THEN i.id ELSE i.district END, "
			"d.device, d.inspector, coalesce(d.last_sync, 0), d.held_seq FROM "
			"devices d JOIN inspectors i ON i.id = d.inspector ORDER BY 1, 2",
    [SQL_SUM_FORKS] = "SELECT CASE WHEN $1 = 'inspector' THEN i.id ELSE i.district END, "
		      "d.device, d.inspector, f.seq, f.received_at FROM forks f JOIN devices d "
		      "ON d.id = f.device_id JOIN inspectors i ON i.id = d.inspector "
		      "ORDER BY 1, 2, 4",
    [SQL_GET_PHOTO] = "SELECT hash, size, device_id, complete FROM photos WHERE hash = $1",
    [SQL_PHOTO_DONE] = "UPDATE photos SET complete = 1 WHERE hash = $1",
};

struct fc_pgstore {
	PGconn *conn;
};

/* Parameters of one statement; numbers are formatted into num. */
#define PG_ARGS_MAX 16
struct pg_args {
	const char *val[PG_ARGS_MAX];
	int len[PG_ARGS_MAX];
	int fmt[PG_ARGS_MAX];
	char num[PG_ARGS_MAX][24];
	int n;
};

static void
arg_text(struct pg_args *a, const char *s)
{
	a->val[a->n] = s;
	a->len[a->n] = 0;
	a->fmt[a->n] = 0;
	a->n++;
}

static void
arg_int(struct pg_args *a, int64_t v)
{
	snprintf(a->num[a->n], sizeof a->num[a->n], "%lld", (long long)v);
	arg_text(a, a->num[a->n]);
}

static void
arg_bytes(struct pg_args *a, const void *b, size_t len)
{
	a->val[a->n] = b;
	a->len[a->n] = (int)len;
	a->fmt[a->n] = 1;
	a->n++;
}

/* The first line of libpq's message, without its trailing newline. */
static void
pg_message(const char *msg, char *out, size_t size)
{
	size_t n = strcspn(msg != NULL ? msg : "", "\n");

	snprintf(out, size, "%.*s", (int)n, msg != NULL ? msg : "");
}

/* Turn a failed call into our words (FC_E_IO, FC_E_FULL, FC_E_BUSY, FC_E_DB); -1. */
static int
pg_fail(struct fc_pgstore *pg, const PGresult *res, struct fc_error *err, const char *what)
{
	const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	char msg[400];

	pg_message(res != NULL ? PQresultErrorMessage(res) : PQerrorMessage(pg->conn), msg,
		   sizeof msg);
	if (PQstatus(pg->conn) != CONNECTION_OK)
		return fc_error_set(
		    err, FC_E_IO, "%s: lost the connection to the PostgreSQL store: %s", what, msg);
	if (state != NULL && strcmp(state, "53100") == 0)
		return fc_error_set(err, FC_E_FULL, "%s: the database's disk is full", what);
	if (state != NULL && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
			      strcmp(state, "55P03") == 0))
		return fc_error_set(err, FC_E_BUSY, "%s: the server store is busy; try again",
				    what);
	return fc_error_set(err, FC_E_DB, "%s: %s", what, msg);
}

/* Run prepared statement id; the result (caller PQclears) or NULL with err set. */
static PGresult *
pg_run(struct fc_pgstore *pg, enum sql_id id, const struct pg_args *a, struct fc_error *err,
       const char *what)
{
	char name[16];
	PGresult *res;
	ExecStatusType rc;

	snprintf(name, sizeof name, "fc%d", (int)id);
	res = PQexecPrepared(pg->conn, name, a->n, a->val, a->len, a->fmt, 0);
	rc = PQresultStatus(res);
	if (rc == PGRES_COMMAND_OK || rc == PGRES_TUPLES_OK)
		return res;
	pg_fail(pg, res, err, what);
	PQclear(res);
	return NULL;
}

/* Run a statement that returns no rows; *changed gets the rows it touched. */
static int
pg_exec(struct fc_pgstore *pg, enum sql_id id, const struct pg_args *a, long *changed,
	struct fc_error *err, const char *what)
{
	PGresult *res = pg_run(pg, id, a, err, what);

	if (res == NULL)
		return -1;
	if (changed != NULL)
		*changed = atol(PQcmdTuples(res));
	PQclear(res);
	return 0;
}

static int
pg_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode bytea's hex output ("\x0a1b...") into out; its length, or -1 if malformed. */
static long
pg_unhex(const char *s, unsigned char *out, size_t size)
{
	size_t n;

	if (s[0] != '\\' || s[1] != 'x')
		return -1;
	s += 2;
	n = strlen(s) / 2;
	if (n > size)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = pg_hexval(s[2 * i]), lo = pg_hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return (long)n;
}

/* A fixed-size bytea column; zeros when NULL or of another size, like sstore_blob. */
static void
pg_blob(const PGresult *res, int row, int col, unsigned char *out, size_t size)
{
	memset(out, 0, size);
	if (PQgetisnull(res, row, col) || strlen(PQgetvalue(res, row, col)) != 2 + 2 * size ||
	    pg_unhex(PQgetvalue(res, row, col), out, size) != (long)size)
		memset(out, 0, size);
}

static void
pg_copy(char *out, size_t size, const PGresult *res, int row, int col)
{
	snprintf(out, size, "%s", PQgetvalue(res, row, col));
}

static int64_t
pg_int(const PGresult *res, int row, int col)
{
	return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

/* Open and close */

static int
pg_prepare_all(struct fc_pgstore *pg, struct fc_error *err)
{
	for (int i = 0; i < SQL_COUNT; i++) {
		char name[16];
		PGresult *res;

		snprintf(name, sizeof name, "fc%d", i);
		res = PQprepare(pg->conn, name, pg_sql[i], 0, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			pg_fail(pg, res, err, "cannot prepare a statement");
			PQclear(res);
			return fc_error_prefix(err, "statement %d", i);
		}
		PQclear(res);
	}
	return 0;
}

/* Run one utility command (no parameters) outside the statement table. */
static int
pg_simple(struct fc_pgstore *pg, const char *sql, struct fc_error *err, const char *what)
{
	PGresult *res = PQexec(pg->conn, sql);
	ExecStatusType rc = PQresultStatus(res);
	int ret = 0;

	if (rc != PGRES_COMMAND_OK && rc != PGRES_TUPLES_OK)
		ret = pg_fail(pg, res, err, what);
	PQclear(res);
	return ret;
}

/*
 * Apply every migration newer than the store, each recorded in
 * fc_schema_version, all in one transaction under an advisory lock so two
 * processes starting at once never both migrate.
 */
static int
pg_migrate(struct fc_pgstore *pg, struct fc_error *err)
{
	const struct fc_migration *m;
	PGresult *res;
	int have = 0, newest = 0;

	if (pg_simple(pg, "BEGIN", err, "cannot start the migration") != 0)
		return -1;
	if (pg_simple(pg, "SELECT pg_advisory_xact_lock(" PG_MIGRATE_LOCK ")", err,
		      "cannot lock the schema") != 0 ||
	    pg_simple(pg,
		      "CREATE TABLE IF NOT EXISTS fc_schema_version (version INTEGER PRIMARY "
		      "KEY, name TEXT NOT NULL)",
		      err, "cannot note the schema version") != 0)
		goto fail;
	res = PQexec(pg->conn, "SELECT coalesce(max(version), 0) FROM fc_schema_version");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		pg_fail(pg, res, err, "cannot read the schema version");
		PQclear(res);
		goto fail;
	}
	have = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	for (m = fc_server_pg_migrations; m->sql != NULL; m++) {
		char num[16];
		const char *vals[2] = {num, m->name};

		if (m->version > newest)
			newest = m->version;
		if (m->version <= have)
			continue;
		if (pg_simple(pg, m->sql, err, "migration failed") != 0) {
			fc_error_prefix(err, "%s", m->name);
			goto fail;
		}
		snprintf(num, sizeof num, "%d", m->version);
		res = PQexecParams(pg->conn,
				   "INSERT INTO fc_schema_version (version, name) VALUES ($1, $2)",
				   2, NULL, vals, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			pg_fail(pg, res, err, "cannot note the schema version");
			PQclear(res);
			goto fail;
		}
		PQclear(res);
	}
	if (have > newest) {
		fc_error_set(err, FC_E_INVALID,
			     "the store is at schema version %d, newer than this "
			     "fieldcheck-server (%d); upgrade the server",
			     have, newest);
		goto fail;
	}
	return pg_simple(pg, "COMMIT", err, "cannot commit the migration");
fail:
	pg_simple(pg, "ROLLBACK", &(struct fc_error){0}, "rollback");
	return -1;
}

/* libpq prints notices on stderr; the server's log is for requests. */
static void
pg_quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

int
fc_pgstore_open(const char *uri, struct fc_pgstore **out, struct fc_error *err)
{
	struct fc_pgstore *pg = calloc(1, sizeof *pg);
	char msg[400];

	if (pg == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory opening the PostgreSQL store");
	pg->conn = PQconnectdb(uri);
	if (pg->conn == NULL || PQstatus(pg->conn) != CONNECTION_OK) {
		/* The message names host and port, never the URI with its password. */
		pg_message(pg->conn != NULL ? PQerrorMessage(pg->conn) : "out of memory", msg,
			   sizeof msg);
		fc_error_set(err, FC_E_IO, "cannot connect to the PostgreSQL store: %s", msg);
		goto fail;
	}
	PQsetNoticeProcessor(pg->conn, pg_quiet, NULL);
	if (pg_migrate(pg, err) != 0 || pg_prepare_all(pg, err) != 0) {
		fc_error_prefix(err, "PostgreSQL store");
		goto fail;
	}
	*out = pg;
	return 0;
fail:
	fc_pgstore_close(pg);
	return -1;
}

PGconn *
fc_pgstore_conn(struct fc_pgstore *pg)
{
	return pg->conn;
}

void
fc_pgstore_close(struct fc_pgstore *pg)
{
	if (pg == NULL)
		return;
	PQfinish(pg->conn);
	free(pg);
}

int
fc_pgstore_begin(struct fc_pgstore *pg, struct fc_error *err)
{
	/* Read committed: the device row lock, not the isolation level, orders pushes. */
	return pg_simple(pg, "BEGIN ISOLATION LEVEL READ COMMITTED", err,
			 "cannot start a transaction");
}

int
fc_pgstore_commit(struct fc_pgstore *pg, struct fc_error *err)
{
	PGresult *res = PQexec(pg->conn, "COMMIT");
	int ret = 0;

	/* An aborted transaction "commits" as ROLLBACK without an error: check. */
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		ret = pg_fail(pg, res, err, "cannot commit");
	else if (strcmp(PQcmdStatus(res), "COMMIT") != 0)
		ret = fc_error_set(err, FC_E_DB, "cannot commit: the transaction was rolled back");
	PQclear(res);
	return ret;
}

void
fc_pgstore_rollback(struct fc_pgstore *pg)
{
	struct fc_error ignored = {0};

	if (PQstatus(pg->conn) != CONNECTION_OK) {
		PQreset(pg->conn);
		if (PQstatus(pg->conn) == CONNECTION_OK)
			pg_prepare_all(pg, &ignored);
		return;
	}
	if (PQtransactionStatus(pg->conn) != PQTRANS_IDLE)
		pg_simple(pg, "ROLLBACK", &ignored, "rollback");
}

/* Inspectors and enrolment */

int
fc_pgstore_put_inspector(struct fc_pgstore *pg, const struct fc_sinspector *in, time_t now,
			 struct fc_error *err)
{
	struct pg_args a = {0};

	arg_text(&a, in->id);
	arg_text(&a, in->name);
	arg_text(&a, in->district);
	arg_text(&a, in->role);
	arg_int(&a, (int64_t)now);
	return pg_exec(pg, SQL_PUT_INSPECTOR, &a, NULL, err, "cannot save the inspector");
}

int
fc_pgstore_get_inspector(struct fc_pgstore *pg, const char *id, struct fc_sinspector *out,
			 struct fc_error *err)
{
	struct pg_args a = {0};
	PGresult *res;
	int ret = 0;

	arg_text(&a, id);
	if ((res = pg_run(pg, SQL_GET_INSPECTOR, &a, err, "cannot read inspectors")) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		memset(out, 0, sizeof *out);
		snprintf(out->id, sizeof out->id, "%s", id);
		pg_copy(out->name, sizeof out->name, res, 0, 0);
		pg_copy(out->district, sizeof out->district, res, 0, 1);
		pg_copy(out->role, sizeof out->role, res, 0, 2);
		out->revoked_at = pg_int(res, 0, 3);
	} else {
		ret = fc_error_set(err, FC_E_NOTFOUND, "no inspector %s", id);
	}
	PQclear(res);
	return ret;
}

int
fc_pgstore_revoke(struct fc_pgstore *pg, const char *id, time_t now, struct fc_error *err)
{
	struct pg_args a = {0};
	long changed = 0;

	arg_text(&a, id);
	arg_int(&a, (int64_t)now);
	if (pg_exec(pg, SQL_REVOKE, &a, &changed, err, "cannot revoke") != 0)
		return -1;
	if (changed == 0)
		return fc_error_set(err, FC_E_NOTFOUND, "no inspector %s", id);
	return 0;
}

int
fc_pgstore_add_code(struct fc_pgstore *pg, const unsigned char hash[32], const char *inspector,
		    time_t now, time_t expires, struct fc_error *err)
{
	struct pg_args a = {0};

	arg_bytes(&a, hash, 32);
	arg_text(&a, inspector);
	arg_int(&a, (int64_t)now);
	arg_int(&a, (int64_t)expires);
	return pg_exec(pg, SQL_ADD_CODE, &a, NULL, err, "cannot save the enrolment code");
}

int
fc_pgstore_use_code(struct fc_pgstore *pg, const unsigned char hash[32], time_t now,
		    char inspector_out[FC_ID_MAX], struct fc_error *err)
{
	struct pg_args a = {0}, b = {0};
	int64_t expires, used;
	long changed = 0;
	PGresult *res;

	arg_bytes(&a, hash, 32);
	if ((res = pg_run(pg, SQL_GET_CODE, &a, err, "cannot read enrolment codes")) == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return fc_error_set(
		    err, FC_E_NOTFOUND,
		    "unknown enrolment code; check it or ask the administrator for a new one");
	}
	pg_copy(inspector_out, FC_ID_MAX, res, 0, 0);
	expires = pg_int(res, 0, 1);
	used = pg_int(res, 0, 2);
	PQclear(res);
	if (used != 0)
		return fc_error_set(
		    err, FC_E_EXISTS,
		    "this enrolment code was already used; ask the administrator for a new one");
	if (expires <= (int64_t)now)
		return fc_error_set(
		    err, FC_E_INVALID,
		    "this enrolment code has expired; ask the administrator for a new one");
	arg_bytes(&b, hash, 32);
	arg_int(&b, (int64_t)now);
	if (pg_exec(pg, SQL_USE_CODE, &b, &changed, err, "cannot spend the enrolment code") != 0)
		return -1;
	if (changed != 1)
		return fc_error_set(
		    err, FC_E_EXISTS,
		    "this enrolment code was already used; ask the administrator for a new one");
	return 0;
}

/* Devices */

static void
pg_read_device(const PGresult *res, int row, struct fc_sdevice *out)
{
	memset(out, 0, sizeof *out);
	out->rowid = pg_int(res, row, 0);
	pg_copy(out->device, sizeof out->device, res, row, 1);
	pg_copy(out->inspector, sizeof out->inspector, res, row, 2);
	pg_blob(res, row, 3, out->pk, sizeof out->pk);
	out->held_seq = pg_int(res, row, 4);
	pg_blob(res, row, 5, out->held_hash, sizeof out->held_hash);
	out->last_sync = pg_int(res, row, 6);
}

int
fc_pgstore_add_device(struct fc_pgstore *pg, const char *device, const char *inspector,
		      const unsigned char pk[FC_PK_BYTES], time_t now, struct fc_error *err)
{
	struct fc_sdevice have;
	struct fc_error e2 = {0};
	struct pg_args a = {0};

	if (fc_pgstore_get_device(pg, device, &have, &e2) == 0) {
		if (strcmp(have.inspector, inspector) == 0 && memcmp(have.pk, pk, FC_PK_BYTES) == 0)
			return 0;
		return fc_error_set(
		    err, FC_E_EXISTS,
		    "device %s is already enrolled with another key or inspector; run "
		    "'fieldcheck init' in a new home to start a new device",
		    device);
	}
	if (e2.code != FC_E_NOTFOUND) {
		*err = e2;
		return -1;
	}
	arg_text(&a, device);
	arg_text(&a, inspector);
	arg_bytes(&a, pk, FC_PK_BYTES);
	arg_int(&a, (int64_t)now);
	return pg_exec(pg, SQL_ADD_DEVICE, &a, NULL, err, "cannot save the device");
}

int
fc_pgstore_get_device(struct fc_pgstore *pg, const char *device, struct fc_sdevice *out,
		      struct fc_error *err)
{
	struct pg_args a = {0};
	PGresult *res;
	int ret = 0;

	arg_text(&a, device);
	if ((res = pg_run(pg, SQL_GET_DEVICE, &a, err, "cannot read devices")) == NULL)
		return -1;
	if (PQntuples(res) == 1)
		pg_read_device(res, 0, out);
	else
		ret = fc_error_set(err, FC_E_NOTFOUND,
				   "device %s is not enrolled; run 'fieldcheck enroll URL CODE'",
				   device);
	PQclear(res);
	return ret;
}

int
fc_pgstore_each_device(struct fc_pgstore *pg, fc_sdevice_fn fn, void *ctx, struct fc_error *err)
{
	struct pg_args a = {0};
	struct fc_sdevice dev;
	PGresult *res;
	int ret = 0;

	if ((res = pg_run(pg, SQL_EACH_DEVICE, &a, err, "cannot read devices")) == NULL)
		return -1;
	for (int i = 0; i < PQntuples(res) && ret == 0; i++) {
		pg_read_device(res, i, &dev);
		ret = fn(&dev, ctx, err);
	}
	PQclear(res);
	return ret < 0 ? -1 : 0;
}

int
fc_pgstore_touch_device(struct fc_pgstore *pg, int64_t rowid, time_t now, struct fc_error *err)
{
	struct pg_args a = {0};

	arg_int(&a, rowid);
	arg_int(&a, (int64_t)now);
	return pg_exec(pg, SQL_TOUCH_DEVICE, &a, NULL, err, "cannot note the sync");
}

int
fc_pgstore_use_nonce(struct fc_pgstore *pg, int64_t device_rowid, const char *nonce, time_t now,
		     long window, struct fc_error *err)
{
	struct pg_args a = {0}, b = {0};
	long added = 0;

	/* Twice the window: a request is accepted up to window either side of now. */
	arg_int(&a, (int64_t)now - 2 * window);
	if (pg_exec(pg, SQL_PRUNE_NONCES, &a, NULL, err, "cannot forget old nonces") != 0)
		return -1;
	arg_int(&b, device_rowid);
	arg_text(&b, nonce);
	arg_int(&b, (int64_t)now);
	if (pg_exec(pg, SQL_ADD_NONCE, &b, &added, err, "cannot remember the nonce") != 0)
		return -1;
	if (added == 0)
		return fc_error_set(err, FC_E_EXISTS,
				    "request replayed: this nonce was already used");
	return 0;
}

/* Records */

int
fc_pgstore_held(struct fc_pgstore *pg, int64_t device_rowid, int64_t *seq,
		unsigned char hash[FC_HASH_BYTES], struct fc_error *err)
{
	struct pg_args a = {0};
	PGresult *res;
	int ret = 0;

	arg_int(&a, device_rowid);
	if ((res = pg_run(pg, SQL_HELD, &a, err, "cannot read the device's records")) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*seq = pg_int(res, 0, 0);
		pg_blob(res, 0, 1, hash, FC_HASH_BYTES);
	} else {
		ret =
		    fc_error_set(err, FC_E_NOTFOUND, "cannot read the device's records: no device");
	}
	PQclear(res);
	return ret;
}

int
fc_pgstore_record_hash(struct fc_pgstore *pg, int64_t device_rowid, int64_t seq,
		       unsigned char hash[FC_HASH_BYTES], struct fc_error *err)
{
	struct pg_args a = {0};
	PGresult *res;
	int ret = 0;

	arg_int(&a, device_rowid);
	arg_int(&a, seq);
	if ((res = pg_run(pg, SQL_RECORD_HASH, &a, err, "cannot read records")) == NULL)
		return -1;
	if (PQntuples(res) == 1)
		pg_blob(res, 0, 0, hash, FC_HASH_BYTES);
	else
		ret = fc_error_set(err, FC_E_NOTFOUND, "no record %lld", (long long)seq);
	PQclear(res);
	return ret;
}

static int
pg_insert_hazards(struct fc_pgstore *pg, int64_t device_rowid, const char *district,
		  const struct fc_record *rec, const struct fc_sextract *ex, struct fc_error *err)
{
	size_t i;
	json_t *h;

	json_array_foreach(ex->hazards, i, h)
	{
		const char *item = json_string_value(json_object_get(h, "item"));
		const char *sev = json_string_value(json_object_get(h, "severity"));
		struct pg_args a = {0};

		if (item == NULL || sev == NULL)
			continue;
		arg_int(&a, device_rowid);
		arg_int(&a, rec->seq);
		arg_text(&a, rec->id);
		arg_text(&a, rec->household);
		arg_text(&a, rec->inspector);
		arg_text(&a, district);
		arg_text(&a, ex->day);
		arg_text(&a, item);
		arg_text(&a, sev);
		if (pg_exec(pg, SQL_INSERT_HAZARD, &a, NULL, err, "cannot save a hazard") != 0)
			return -1;
	}
	return 0;
}

static int
pg_insert_photos(struct fc_pgstore *pg, int64_t device_rowid, const struct fc_sextract *ex,
		 time_t now, struct fc_error *err)
{
	size_t i;
	json_t *p;

	json_array_foreach(ex->photos, i, p)
	{
		struct pg_args a = {0};

		arg_text(&a, json_string_value(json_object_get(p, "hash")));
		arg_int(&a, json_integer_value(json_object_get(p, "size")));
		arg_int(&a, device_rowid);
		arg_int(&a, (int64_t)now);
		if (pg_exec(pg, SQL_INSERT_PHOTO, &a, NULL, err, "cannot note a photo") != 0)
			return -1;
	}
	return 0;
}

int
fc_pgstore_insert_record(struct fc_pgstore *pg, int64_t device_rowid, const char *district,
			 const struct fc_record *rec, const struct fc_sextract *ex, time_t now,
			 struct fc_error *err)
{
	struct pg_args a = {0}, c = {0}, h = {0};
	char what[96];

	snprintf(what, sizeof what, "cannot store record %s", rec->id);
	arg_int(&a, device_rowid);
	arg_int(&a, rec->seq);
	arg_bytes(&a, rec->hash, FC_HASH_BYTES);
	arg_text(&a, rec->id);
	arg_text(&a, rec->inspector);
	arg_text(&a, district);
	arg_text(&a, rec->type);
	arg_text(&a, rec->household);
	arg_text(&a, rec->template_id);
	arg_text(&a, ex->day);
	arg_text(&a, rec->outcome);
	arg_text(&a, ex->follows);
	arg_text(&a, ex->grade);
	/* Stored byte for byte as signed: verification never re-serialises. */
	arg_bytes(&a, rec->body, rec->body_len);
	arg_bytes(&a, rec->sig, FC_SIG_BYTES);
	arg_int(&a, (int64_t)now);
	if (pg_exec(pg, SQL_INSERT_RECORD, &a, NULL, err, what) != 0)
		return -1;
	if (ex->hazards != NULL && pg_insert_hazards(pg, device_rowid, district, rec, ex, err) != 0)
		return -1;
	if (ex->photos != NULL && pg_insert_photos(pg, device_rowid, ex, now, err) != 0)
		return -1;
	if (ex->follows[0] != '\0' && strcmp(rec->type, FC_TYPE_FOLLOWUP) == 0 &&
	    (strcmp(rec->outcome, "rectified") == 0 || strcmp(rec->outcome, "pass") == 0 ||
	     strcmp(rec->outcome, "closed") == 0)) {
		arg_text(&c, ex->follows);
		arg_text(&c, rec->id);
		if (pg_exec(pg, SQL_CLOSE_HAZARDS, &c, NULL, err, "cannot close hazards") != 0)
			return -1;
	}
	arg_int(&h, device_rowid);
	arg_int(&h, rec->seq);
	arg_bytes(&h, rec->hash, FC_HASH_BYTES);
	arg_int(&h, (int64_t)now);
	return pg_exec(pg, SQL_SET_HELD, &h, NULL, err, what);
}

int
fc_pgstore_add_fork(struct fc_pgstore *pg, int64_t device_rowid, const struct fc_record *rec,
		    const unsigned char held_hash[FC_HASH_BYTES], time_t now, struct fc_error *err)
{
	struct pg_args a = {0};

	arg_int(&a, device_rowid);
	arg_int(&a, rec->seq);
	arg_bytes(&a, rec->hash, FC_HASH_BYTES);
	arg_bytes(&a, held_hash, FC_HASH_BYTES);
	arg_bytes(&a, rec->body, rec->body_len);
	arg_bytes(&a, rec->sig, FC_SIG_BYTES);
	arg_int(&a, (int64_t)now);
	return pg_exec(pg, SQL_ADD_FORK, &a, NULL, err, "cannot keep the fork");
}

int
fc_pgstore_each_record(struct fc_pgstore *pg, int64_t device_rowid, fc_srecord_fn fn, void *ctx,
		       struct fc_error *err)
{
	unsigned char sig[FC_SIG_BYTES], hash[FC_HASH_BYTES];
	struct pg_args a = {0};
	unsigned char *body = NULL;
	size_t cap = 0;
	PGresult *res;
	int ret = 0;

	arg_int(&a, device_rowid);
	if ((res = pg_run(pg, SQL_EACH_RECORD, &a, err, "cannot read records")) == NULL)
		return -1;
	for (int i = 0; i < PQntuples(res) && ret == 0; i++) {
		const char *hex = PQgetvalue(res, i, 1);
		size_t need = strlen(hex) / 2 + 1;
		long len;

		if (need > cap) {
			unsigned char *nb = realloc(body, need);

			if (nb == NULL) {
				ret =
				    fc_error_set(err, FC_E_NOMEM, "out of memory reading records");
				break;
			}
			body = nb;
			cap = need;
		}
		if ((len = pg_unhex(hex, body, cap)) < 0) {
			ret = fc_error_set(err, FC_E_DB, "record %lld: a body that is not bytea",
					   (long long)pg_int(res, i, 0));
			break;
		}
		pg_blob(res, i, 2, sig, sizeof sig);
		pg_blob(res, i, 3, hash, sizeof hash);
		ret = fn(pg_int(res, i, 0), (const char *)body, (size_t)len, sig, hash, ctx, err);
	}
	free(body);
	PQclear(res);
	return ret < 0 ? -1 : 0;
}

int
fc_pgstore_counts(struct fc_pgstore *pg, struct fc_scounts *out, struct fc_error *err)
{
	struct pg_args a = {0};
	PGresult *res;

	if ((res = pg_run(pg, SQL_COUNTS, &a, err, "cannot count")) == NULL)
		return -1;
	out->inspectors = pg_int(res, 0, 0);
	out->devices = pg_int(res, 0, 1);
	out->records = pg_int(res, 0, 2);
	out->forks = pg_int(res, 0, 3);
	out->households = pg_int(res, 0, 4);
	out->templates = pg_int(res, 0, 5);
	out->photos = pg_int(res, 0, 6);
	PQclear(res);
	return 0;
}

/* Households and templates */

int
fc_pgstore_put_households(struct fc_pgstore *pg, const struct fc_household *rows, size_t count,
			  struct fc_error *err)
{
	for (size_t i = 0; i < count; i++) {
		const struct fc_household *h = &rows[i];
		struct pg_args a = {0};

		arg_text(&a, h->id);
		arg_text(&a, h->district);
		arg_text(&a, h->address);
		arg_text(&a, h->resident);
		arg_text(&a, h->phone);
		arg_text(&a, h->kind);
		arg_text(&a, h->last_check);
		if (pg_exec(pg, SQL_PUT_HOUSEHOLD, &a, NULL, err, "cannot save a household") != 0)
			return fc_error_prefix(err, "household %s", h->id);
	}
	return 0;
}

int
fc_pgstore_households_since(struct fc_pgstore *pg, const char *district, int64_t since,
			    size_t limit, fc_household_fn fn, void *ctx, int64_t *last,
			    struct fc_error *err)
{
	struct pg_args a = {0};
	struct fc_household h;
	PGresult *res;
	int ret = 0;

	arg_text(&a, district);
	arg_int(&a, since);
	arg_int(&a, (int64_t)limit);
	if ((res = pg_run(pg, SQL_HOUSEHOLDS_SINCE, &a, err, "cannot read households")) == NULL)
		return -1;
	for (int i = 0; i < PQntuples(res) && ret == 0; i++) {
		pg_copy(h.id, sizeof h.id, res, i, 0);
		pg_copy(h.district, sizeof h.district, res, i, 1);
		pg_copy(h.address, sizeof h.address, res, i, 2);
		pg_copy(h.resident, sizeof h.resident, res, i, 3);
		pg_copy(h.phone, sizeof h.phone, res, i, 4);
		pg_copy(h.kind, sizeof h.kind, res, i, 5);
		pg_copy(h.last_check, sizeof h.last_check, res, i, 6);
		*last = pg_int(res, i, 7);
		ret = fn(&h, ctx, err);
	}
	PQclear(res);
	return ret < 0 ? -1 : 0;
}

int
fc_pgstore_add_template(struct fc_pgstore *pg, const char *id, int version, const char *json,
			time_t now, struct fc_error *err)
{
	struct pg_args a = {0};
	long added = 0;

	arg_text(&a, id);
	arg_int(&a, version);
	arg_text(&a, json);
	arg_int(&a, (int64_t)now);
	if (pg_exec(pg, SQL_ADD_TEMPLATE, &a, &added, err, "cannot save the template") != 0)
		return -1;
	if (added == 0)
		return fc_error_set(
		    err, FC_E_EXISTS,
		    "template %s version %d is already on the server; raise its version", id,
		    version);
	return 0;
}

int
fc_pgstore_templates_since(struct fc_pgstore *pg, int64_t since, fc_stemplate_fn fn, void *ctx,
			   struct fc_error *err)
{
	struct pg_args a = {0};
	PGresult *res;
	int ret = 0;

	arg_int(&a, since);
	if ((res = pg_run(pg, SQL_TEMPLATES_SINCE, &a, err, "cannot read templates")) == NULL)
		return -1;
	for (int i = 0; i < PQntuples(res) && ret == 0; i++)
		ret = fn(pg_int(res, i, 0), PQgetvalue(res, i, 1), ctx, err);
	PQclear(res);
	return ret < 0 ? -1 : 0;
}

/* Photos */

int
fc_pgstore_get_photo(struct fc_pgstore *pg, const char *hash, struct fc_sphoto *out,
		     struct fc_error *err)
{
	struct pg_args a = {0};
	PGresult *res;
	int ret = 0;

	arg_text(&a, hash);
	if ((res = pg_run(pg, SQL_GET_PHOTO, &a, err, "cannot read photos")) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		pg_copy(out->hash, sizeof out->hash, res, 0, 0);
		out->size = pg_int(res, 0, 1);
		out->device_rowid = pg_int(res, 0, 2);
		out->complete = (int)pg_int(res, 0, 3);
	} else {
		ret = fc_error_set(err, FC_E_NOTFOUND,
				   "photo %.12s is not named by any record the server holds", hash);
	}
	PQclear(res);
	return ret;
}

int
fc_pgstore_photo_done(struct fc_pgstore *pg, const char *hash, struct fc_error *err)
{
	struct pg_args a = {0};

	arg_text(&a, hash);
	return pg_exec(pg, SQL_PHOTO_DONE, &a, NULL, err, "cannot mark the photo complete");
}

/* Reports */

static const char *
pg_row_text(const struct fc_sstore_row *row, int col)
{
	return PQgetvalue(row->impl, row->index, col);
}

int
fc_pgstore_rows(struct fc_pgstore *pg, enum sql_id id, const struct fc_sstore_param *params,
		int nparams, fc_sstore_row_fn fn, void *ctx, struct fc_error *err)
{
	struct pg_args a = {0};
	struct fc_sstore_row row = {pg_row_text, NULL, 0};
	PGresult *res;

	for (int i = 0; i < nparams && i < PG_ARGS_MAX; i++) {
		if (params[i].text != NULL)
			arg_text(&a, params[i].text);
		else
			arg_int(&a, params[i].num);
	}
	if ((res = pg_run(pg, id, &a, err, "cannot build the report")) == NULL)
		return -1;
	row.impl = res;
	for (row.index = 0; row.index < PQntuples(res); row.index++)
		fn(&row, ctx);
	PQclear(res);
	return 0;
}
