/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/pg-sql.c: every SQL statement the central server runs against
 * PostgreSQL, in one table indexed by enum sql_id, row for row the
 * PostgreSQL dialect of store/sqlite.c's (store/pg.c prepares and runs them;
 * its opening comment says how lists are ordered and why).
 */
#include "server/store/pg.h"

/*
 * A console read kept to districts comes twice, as in store/sqlite.c: ID for
 * every district ($1 is '*': a test of no column, which PostgreSQL checks
 * once, a One-Time Filter), ID_IN for the districts listed in $1 (a JSON
 * array, made an array once so the district column's index takes it).
 */
#define CON_SCOPED(id, before, col, after)                                                         \
	[id] = before "$1::text = '*'" after,                                                      \
	[id##_IN] = before col " = ANY (ARRAY(SELECT json_array_elements_text($1::json)))" after

/*
 * CON_SCOPED for a column that may hold a comma list of districts (a
 * device's warnings carry its inspector's districts, "D1,D2"): a row is kept
 * when one of them is one of $1's.
 */
#define CON_SCOPED_LIST(id, before, col, after)                                                    \
	[id] = before "$1::text = '*'" after,                                                      \
	[id##_IN] = before "EXISTS (SELECT 1 FROM json_array_elements_text($1::json) a(v) WHERE "  \
			   "strpos(',' || " col " || ',', ',' || a.v || ',') > 0)" after

/*
 * CON_SCOPED for the records an account reads (store/authz.c's
 * fc_sstore_reads): kept when the district a record was stored under (col)
 * or its household's now (now) is one of the list's. The records list
 * looks the household up for each row it reads that is not of the list's
 * districts: its first page for one district of seven, 100 000 records, took
 * about 10 ms more (SQLite), and a page 5 000 rows deep 2.5 times as long.
 */
#define CON_READ_IN(col, now)                                                                      \
	"(" col " = ANY (ARRAY(SELECT json_array_elements_text($1::json))) OR " now                \
	" = ANY (ARRAY(SELECT json_array_elements_text($1::json))))"
#define CON_SCOPED_READ(id, before, col, now, after)                                               \
	[id] = before "$1::text = '*'" after, [id##_IN] = before CON_READ_IN(col, now) after

/* A further word of a household search, $N as "%word%", in one of the fields ('' for none). */
#define CON_HH_WORD(n)                                                                             \
	" AND ($" n "::text = '' OR id ILIKE $" n " ESCAPE '\\' OR address ILIKE $" n              \
	" ESCAPE '\\' OR resident ILIKE $" n " ESCAPE '\\' OR phone ILIKE $" n " ESCAPE '\\')"
#define CON_HH_MORE CON_HH_WORD("6") CON_HH_WORD("7") CON_HH_WORD("8")

const char *const fc_pg_sql[SQL_COUNT] = {
    [SQL_PUT_INSPECTOR] = "INSERT INTO inspectors (id, name, district, role, created_at) "
			  "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET "
			  "name = EXCLUDED.name, district = EXCLUDED.district, "
			  "role = EXCLUDED.role",
    [SQL_GET_INSPECTOR] = "SELECT name, district, role, coalesce(revoked_at, 0) "
			  "FROM inspectors WHERE id = $1",
    /* $2 = 0 lifts the revocation. */
    [SQL_REVOKE] = "UPDATE inspectors SET revoked_at = nullif($2::bigint, 0) WHERE id = $1",
    [SQL_REVOKE_DEVICE] = "UPDATE devices SET revoked_at = nullif($2::bigint, 0) "
			  "WHERE device = $1",
    [SQL_VOID_CODES] = "UPDATE enrol_codes SET expires_at = $2, cancelled_at = $2 "
		       "WHERE inspector = $1 AND used_at IS NULL AND expires_at > $2",
    [SQL_ADD_CODE] = "INSERT INTO enrol_codes (code_hash, inspector, created_at, expires_at) "
		     "VALUES ($1, $2, $3, $4)",
    [SQL_GET_CODE] = "SELECT inspector, expires_at, coalesce(used_at, 0) FROM enrol_codes "
		     "WHERE code_hash = $1",
    /* The used_at test makes spending a code atomic between processes too. */
    [SQL_USE_CODE] = "UPDATE enrol_codes SET used_at = $2 WHERE code_hash = $1 "
		     "AND used_at IS NULL",
    /* The audit log and the inventory (store/admin.c) */
    [SQL_AUDIT_ADD] = "INSERT INTO audit (at, actor, action, detail, origin) "
		      "VALUES ($1, $2, $3, $4, $5)",
    [SQL_AUDIT_SINCE] = "SELECT id, at, actor, action, detail, origin FROM audit "
			"WHERE at >= $1 ORDER BY id",
    [SQL_LIST_INSPECTORS] = "SELECT i.id, i.name, i.district, i.role, coalesce(i.revoked_at, 0), "
			    "i.created_at, count(d.id), coalesce(sum(d.held_seq), 0), "
			    "coalesce(max(d.last_sync), 0) FROM inspectors i LEFT JOIN devices d "
			    "ON d.inspector = i.id GROUP BY i.id ORDER BY i.id COLLATE \"C\"",
    [SQL_LIST_DEVICES] = "SELECT d.device, d.inspector, i.district, d.enrolled_at, "
			 "coalesce(d.last_sync, 0), d.held_seq, coalesce(i.revoked_at, 0), "
			 "coalesce(d.revoked_at, 0) "
			 "FROM devices d JOIN inspectors i ON i.id = d.inspector "
			 "WHERE $1 = '' OR d.inspector = $1 ORDER BY d.inspector COLLATE \"C\", "
			 "d.device COLLATE \"C\"",
    [SQL_LIST_CODES] = "SELECT encode(code_hash, 'hex'), inspector, created_at, expires_at, "
		       "coalesce(used_at, 0), coalesce(cancelled_at, 0) FROM enrol_codes "
		       "WHERE $1 = '' OR inspector = $1 ORDER BY created_at, 1",
    /* Cancelled also expires it, so enrolment refuses it like any expired code. */
    [SQL_CANCEL_CODE] = "UPDATE enrol_codes SET cancelled_at = $2, "
			"expires_at = least(expires_at, $2) WHERE code_hash = decode($1, 'hex') "
			"AND used_at IS NULL AND cancelled_at IS NULL RETURNING inspector",
    [SQL_ADD_DEVICE] = "INSERT INTO devices (device, inspector, pk, enrolled_at) "
		       "VALUES ($1, $2, $3, $4)",
    [SQL_GET_DEVICE] = "SELECT id, device, inspector, pk, held_seq, held_hash, "
		       "coalesce(last_sync, 0), coalesce(revoked_at, 0) FROM devices "
		       "WHERE device = $1",
    [SQL_EACH_DEVICE] = "SELECT id, device, inspector, pk, held_seq, held_hash, "
			"coalesce(last_sync, 0), coalesce(revoked_at, 0) FROM devices "
			"ORDER BY id",
    [SQL_TOUCH_DEVICE] = "UPDATE devices SET last_sync = $2 WHERE id = $1",
    /*
     * A push prunes inside its own transaction (store/nonce.c): rows another
     * one is deleting are left to it, rather than waited for until it commits.
     */
    [SQL_PRUNE_NONCES] = "DELETE FROM nonces WHERE ctid = ANY(ARRAY(SELECT ctid FROM nonces "
			 "WHERE seen_at < $1 FOR UPDATE SKIP LOCKED))",
    /* No row inserted means another request (in any process) used it first. */
    [SQL_ADD_NONCE] = "INSERT INTO nonces (device_id, nonce, seen_at) VALUES ($1, $2, $3) "
		      "ON CONFLICT DO NOTHING",
    [SQL_NONCE_SEEN] = "SELECT 1 FROM nonces WHERE device_id = $1 AND nonce = $2",
    /* One round trip for what three reads asked (store/store.h, fc_sstore_get_caller). */
    [SQL_GET_CALLER] = "SELECT d.id, d.device, d.inspector, d.pk, d.held_seq, d.held_hash, "
		       "coalesce(d.last_sync, 0), coalesce(d.revoked_at, 0), i.name, i.district, "
		       "i.role, coalesce(i.revoked_at, 0), (i.id IS NOT NULL)::int, EXISTS "
		       "(SELECT 1 FROM nonces n WHERE n.device_id = d.id AND n.nonce = $3)::int "
		       "FROM devices d LEFT JOIN inspectors i ON i.id = $2 WHERE d.device = $1",
    /* A row back: the first to use it; a concurrent one waits for this commit, then none. */
    [SQL_TAKE_NONCE] = "INSERT INTO nonces (device_id, nonce, seen_at) VALUES ($1, $2, $3) "
		       "ON CONFLICT DO NOTHING RETURNING 1",
    /* The row lock a push holds until commit: one chain walk per device at a time. */
    [SQL_HELD] = "SELECT held_seq, held_hash FROM devices WHERE id = $1 FOR UPDATE",
    [SQL_RECORD_HASH] = "SELECT hash FROM records WHERE device_id = $1 AND seq = $2",
    [SQL_INSERT_RECORD] = "INSERT INTO records (device_id, seq, hash, record_id, inspector, "
			  "district, type, household, template_id, day, outcome, follows, "
			  "grade, body, sig, received_at, entry) VALUES ($1, $2, $3, $4, $5, "
			  "$6, $7, nullif($8, ''), nullif($9, ''), $10, nullif($11, ''), "
			  "nullif($12, ''), nullif($13, ''), $14, $15, $16, nullif($17, ''))",
    [SQL_SET_HELD] = "UPDATE devices SET held_seq = $2, held_hash = $3, last_sync = $4 "
		     "WHERE id = $1",
    /* One row per naming device; a photo already held is complete for it too. */
    [SQL_INSERT_PHOTO] = "INSERT INTO photos (hash, size, device_id, complete, received_at) "
			 "VALUES ($1, $2::bigint, $3, coalesce((SELECT max(complete) FROM photos "
			 "WHERE hash = $1 AND size = $2::bigint), 0), $4) ON CONFLICT DO NOTHING",
    [SQL_ADD_FORK] = "INSERT INTO forks (device_id, seq, hash, held_hash, body, sig, "
		     "received_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    [SQL_ADD_REFUSAL] = "INSERT INTO refusals (device_id, record_id, seq, reason, received_at) "
			"VALUES ($1, $2, $3, $4, $5)",
    [SQL_EACH_RECORD] = "SELECT seq, body, sig, hash FROM records WHERE device_id = $1 "
			"ORDER BY seq",
    [SQL_COUNTS] = "SELECT (SELECT count(*) FROM inspectors), (SELECT count(*) FROM devices), "
		   "(SELECT count(*) FROM records), (SELECT count(*) FROM forks), "
		   "(SELECT count(*) FROM households), (SELECT count(*) FROM templates), "
		   "(SELECT count(DISTINCT hash) FROM photos WHERE complete <> 0)",
    /*
     * Imports one at a time, until commit: revs must become visible in the
     * order they are handed out, or a device pulling "since rev" between two
     * processes' commits would step over the lower one for good.
     */
    [SQL_LOCK_REGISTRY] = "SELECT pg_advisory_xact_lock(7305180410)",
    /* The same for templates' revs, which devices pull "since" too. */
    [SQL_LOCK_TEMPLATES] = "SELECT pg_advisory_xact_lock(7305180411)",
    /*
     * Under those locks, before the changes: the sequences go up to at least
     * $1, fc_sstore_rev_floor(), so a restored store never hands out again a
     * revision its backup did not hold (never down: a setval is not undone).
     */
    [SQL_REV_FLOOR_HOUSEHOLDS] =
	"SELECT setval('households_rev_seq', GREATEST(coalesce(pg_sequence_last_value("
	"'households_rev_seq'), 0), $1::bigint))",
    [SQL_REV_FLOOR_TEMPLATES] =
	"SELECT setval(pg_get_serial_sequence('templates', 'rev'), GREATEST(coalesce("
	"pg_sequence_last_value(pg_get_serial_sequence('templates', 'rev')::regclass), 0), (SELECT "
	"coalesce(max(rev), 0) FROM templates), $1::bigint))",
    /* A sequence, not max(rev) + 1: two importing processes never share a rev. */
    [SQL_PUT_HOUSEHOLD] = "INSERT INTO households (id, district, address, resident, phone, "
			  "kind, last_check, rev) VALUES ($1, $2, $3, $4, $5, $6, $7, "
			  "nextval('households_rev_seq')) ON CONFLICT (id) DO UPDATE SET "
			  "district = EXCLUDED.district, address = EXCLUDED.address, "
			  "resident = EXCLUDED.resident, phone = EXCLUDED.phone, "
			  "kind = EXCLUDED.kind, last_check = EXCLUDED.last_check, "
			  "rev = EXCLUDED.rev",
    [SQL_HOUSEHOLDS_SINCE] = "SELECT id, district, address, resident, phone, kind, "
			     "last_check, rev FROM households WHERE district IN (SELECT "
			     "json_array_elements_text($1::json)) AND rev > $2 "
			     "ORDER BY rev LIMIT $3",
    [SQL_HOUSEHOLDS_SINCE_ONE] = "SELECT id, district, address, resident, phone, kind, "
				 "last_check, rev FROM households WHERE district = $1 AND rev > $2 "
				 "ORDER BY rev LIMIT $3",
    [SQL_ADD_TEMPLATE] = "INSERT INTO templates (id, version, json, added_at) "
			 "VALUES ($1, $2, $3, $4) ON CONFLICT (id, version) DO NOTHING",
    [SQL_TEMPLATES_SINCE] = "SELECT rev, json FROM templates WHERE rev > $1 ORDER BY rev",
    [SQL_DUE_HOUSEHOLDS] = "SELECT h.id, h.address, h.resident, h.kind, p.last_date, p.programme, "
			   "p.due FROM programmes p JOIN households h ON h.id = p.household "
			   "WHERE p.district = $1 AND "
			   "p.months > 0 AND (p.due = '' OR p.due < $2) "
			   "ORDER BY p.due, p.household COLLATE \"C\", p.programme COLLATE \"C\" "
			   "LIMIT $3",
    /* Open hazards: ending in the table's key, so ties never come in the heap's order. */
    [SQL_OPEN_HAZARDS] =
	"SELECT record, household, item, severity, found, programme, deadline "
	"FROM hazards WHERE district IN (SELECT json_array_elements_text($1::json)) "
	"AND status = 'open' "
	"ORDER BY found, record COLLATE \"C\", item COLLATE \"C\", household COLLATE \"C\", "
	"programme COLLATE \"C\" LIMIT $2",
    /* The summary's devices and forks; forks of one record in the order they came. */
    [SQL_SUM_DEVICES] =
	"SELECT (CASE WHEN $1 = 'inspector' THEN i.id ELSE i.district END) COLLATE \"C\", "
	"d.device COLLATE \"C\", d.inspector, coalesce(d.last_sync, 0), d.held_seq FROM "
	"devices d JOIN inspectors i ON i.id = d.inspector ORDER BY 1, 2",
    [SQL_SUM_FORKS] =
	"SELECT (CASE WHEN $1 = 'inspector' THEN i.id ELSE i.district END) COLLATE \"C\", "
	"d.device COLLATE \"C\", d.inspector, f.seq, f.received_at FROM forks f JOIN devices d "
	"ON d.id = f.device_id JOIN inspectors i ON i.id = d.inspector ORDER BY 1, 2, 4, f.id",
    /* $2 size (< 0: any), $3 the asking device: its own naming first. */
    [SQL_GET_PHOTO] = "SELECT size, max(complete), max(CASE WHEN device_id = $3::bigint "
		      "THEN 1 ELSE 0 END) FROM photos WHERE hash = $1 AND ($2::bigint < 0 OR "
		      "size = $2::bigint) GROUP BY size ORDER BY 3 DESC, 2 DESC, size LIMIT 1",
    [SQL_PHOTO_DONE] = "UPDATE photos SET complete = 1 WHERE hash = $1 AND size = $2::bigint",
    /* $1 the device, $2 the largest size taken, $3 how many (index photos_wanted). */
    [SQL_PHOTOS_WANTED] =
	"SELECT hash, size FROM photos WHERE device_id = $1::bigint AND "
	"complete = 0 AND size <= $2::bigint ORDER BY received_at, hash COLLATE \"C\" "
	"LIMIT $3::bigint",
    [SQL_HOUSEHOLD_DISTRICT] = "SELECT district FROM households WHERE id = $1",
    [SQL_RECORD_OWNER] = "SELECT inspector, coalesce(household, ''), district FROM records "
			 "WHERE record_id = $1 LIMIT 1",
    [SQL_HOUSEHOLD_GET] = "SELECT id, district, address, resident, phone, kind, last_check "
			  "FROM households WHERE id = $1",
    /* The bodies as stored, in a binary result (pg_binary[]). */
    [SQL_HOUSEHOLD_BODIES] = "SELECT record_id, body, district, entry "
			     "FROM records "
			     "WHERE household = $1",
    /* As SQLite's (store/sqlite.c), numbers as text so the three kinds share columns. */
    [SQL_LEDGER_ROWS] = "SELECT 'h', household, programme, item, district, record, root, "
			"inspector, severity, note, rule, found, status, closed_by, "
			"closed_inspector, closed, deadline, followups::text, NULL FROM hazards "
			"WHERE household = $1 UNION ALL SELECT 'p', household, programme, "
			"district, last, last_date, due, outcome, grade, visit, visit_date, "
			"visit_outcome, months::text, finding::text, visits::text, "
			"revisit::text, escalated::text, inspections::text, visits_total::text "
			"FROM programmes WHERE household = $1 UNION ALL SELECT 'v', id, "
			"household, district, root, current, kind, inspector, day, programme, "
			"outcome, grade, conflict::text, NULL, NULL, NULL, NULL, NULL, NULL "
			"FROM versions WHERE household = $1",
    [SQL_LEDGER_DEL_HAZARD] = "DELETE FROM hazards WHERE household = $1 AND programme = $2 "
			      "AND item = $3",
    [SQL_LEDGER_DEL_PROGRAMME] = "DELETE FROM programmes WHERE household = $1 AND programme = $2",
    [SQL_LEDGER_DEL_VERSION] = "DELETE FROM versions WHERE id = $1",
    [SQL_LEDGER_PUT_HAZARD] = "INSERT INTO hazards (household, programme, item, district, record, "
			      "root, inspector, severity, note, rule, found, status, closed_by, "
			      "closed_inspector, closed, deadline, followups) VALUES ($1, $2, "
			      "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    [SQL_LEDGER_PUT_PROGRAMME] = "INSERT INTO programmes (household, programme, district, last, "
				 "last_date, due, outcome, grade, visit, visit_date, "
				 "visit_outcome, months, finding, visits, revisit, escalated, "
				 "inspections, visits_total) VALUES ($1, $2, $3, $4, $5, $6, $7, "
				 "$8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    [SQL_LEDGER_PUT_VERSION] = "INSERT INTO versions (id, household, district, root, current, "
			       "kind, inspector, day, programme, outcome, grade, conflict) "
			       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    [SQL_LEDGER_PENDING] = "SELECT household FROM ledger_pending ORDER BY household LIMIT $1",
    [SQL_LEDGER_PENDING_DONE] = "DELETE FROM ledger_pending WHERE household = $1",
    /*
     * One household's ledger at a time in every process, until commit (key
     * space 73051804), under a shared hold of every household's (73051805).
     */
    [SQL_LEDGER_LOCK] = "SELECT pg_advisory_xact_lock_shared(73051805), "
			"pg_advisory_xact_lock(73051804, hashtext($1))",
    /*
     * Every household's ledger, until commit, for a transaction that
     * recomputes many (an import, a recount): a lock for each, all held to
     * commit, filled PostgreSQL's lock table ("out of shared memory" at some
     * 34 000 households with 300 connections).
     */
    [SQL_LEDGER_LOCK_ALL] = "SELECT pg_advisory_xact_lock(73051805)",
    [SQL_GET_SERVER_KEY] = "SELECT pk, sk FROM server_key WHERE id = 1",
    [SQL_PUT_SERVER_KEY] = "INSERT INTO server_key (id, pk, sk, created_at) "
			   "VALUES (1, $1, $2, $3) ON CONFLICT DO NOTHING",
    /* The body tells what it found: the hazards table is the ledger's, not per record. */
    [SQL_FIND_HASH] = "SELECT record_id, type, day, inspector, district, body FROM records "
		      "WHERE hash = $1 LIMIT 1",
    /* Reviews: through the rows operation, so writes answer RETURNING rows. */
    /*
     * A review and a correction of the same record take its row first, each in
     * a statement of its own: what either reads next (its own snapshot, as
     * READ COMMITTED gives each statement) includes the other's commit, so a
     * return is either refused as superseded or answered by the correction.
     */
    [SQL_REVIEW_LOCK] = "SELECT 1 FROM records WHERE record_id = $1 FOR UPDATE",
    /*
     * Reviews are kept one at a time, until commit, taken before any record's
     * row: a device pulls them "since id", and an id handed out before another
     * but committed after it would be stepped over for good.
     */
    [SQL_REVIEW_ORDER] = "SELECT pg_advisory_xact_lock(7305180412)",
    [SQL_REVIEW_TARGET] =
	"SELECT r.inspector, r.district, encode(r.hash, 'hex'), r.type, "
	"coalesce((SELECT v.current FROM versions v WHERE v.id = r.record_id), ''), "
	"coalesce((SELECT w.id FROM reviews w WHERE w.record_id = r.record_id ORDER BY w.id "
	"DESC LIMIT 1), 0), coalesce((SELECT w.body FROM reviews w WHERE w.record_id = "
	"r.record_id ORDER BY w.id DESC LIMIT 1), '') FROM records r WHERE r.record_id = $1 "
	"LIMIT 1",
    /*
     * $9 the floor (fc_sstore_rev_floor): an id is never handed out twice,
     * even by a restored store; under SQL_REVIEW_ORDER, newest + 1 is free.
     */
    [SQL_REVIEW_ADD] = "INSERT INTO reviews (id, record_id, inspector, district, state, "
		       "reviewer, body, sig, created_at) VALUES (GREATEST(nextval("
		       "pg_get_serial_sequence('reviews', 'id')), (SELECT coalesce(max(id), 0) + 1 "
		       "FROM reviews), $9::bigint), $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    [SQL_REVIEWS_SINCE] = "SELECT id, body, sig FROM reviews WHERE inspector = $1 AND id > $2 "
			  "ORDER BY id LIMIT $3",
    [SQL_REVIEW_ANSWERED] = "UPDATE reviews SET answered_by = $2 WHERE record_id = $1 AND "
			    "state = 'returned' AND answered_by IS NULL RETURNING id",
    [SQL_REVIEWS_LIST] = "SELECT id, record_id, inspector, district, state, reviewer, body, "
			 "coalesce(answered_by, ''), created_at FROM reviews WHERE "
			 "($1 = '' OR record_id = $1) AND ($2 = '' OR state = $2) ORDER BY id",
    /* Warnings (store/warn.c): facts selected as stored; core/warn.c decides. */
    [SQL_WARN_HAZARDS] =
	"SELECT household, programme, item, district, record, severity, found, "
	"deadline FROM hazards WHERE status = 'open' ORDER BY household, programme, item",
    [SQL_WARN_PROGRAMMES] = "SELECT household, programme, district, last, last_date, due, grade "
			    "FROM programmes ORDER BY household, programme",
    [SQL_WARN_DEVICES] = "SELECT d.device, d.inspector, i.district, coalesce(d.last_sync, 0), "
			 "d.enrolled_at FROM devices d JOIN inspectors i ON i.id = d.inspector "
			 "WHERE d.revoked_at IS NULL AND i.revoked_at IS NULL ORDER BY d.device",
    [SQL_WARN_FORKS] =
	"SELECT d.device, d.inspector, i.district, f.seq FROM forks f JOIN devices d "
	"ON d.id = f.device_id JOIN inspectors i ON i.id = d.inspector ORDER BY f.id",
    [SQL_WARN_BODY] = "SELECT body FROM warnings WHERE id = $1",
    [SQL_WARN_LIST] =
	"SELECT w.id, w.rule, w.district, w.dedup, w.created_at, "
	"coalesce(d.receiver, ''), coalesce(d.state, ''), coalesce(d.attempts, 0), "
	"coalesce(d.next_at, 0), coalesce(d.last_error, ''), coalesce(d.delivered_at, 0) "
	"FROM warnings w LEFT JOIN deliveries d ON d.warning_id = w.id "
	"WHERE ($1 = '' OR d.state = $1) ORDER BY w.id, d.receiver COLLATE \"C\"",
    [SQL_WARN_ADD] = "INSERT INTO warnings (dedup, rule, district, body, created_at) VALUES "
		     "($1, $2, $3, $4, $5) ON CONFLICT (dedup) DO NOTHING RETURNING id",
    [SQL_DELIVERY_ADD] =
	"INSERT INTO deliveries (warning_id, receiver, next_at) VALUES ($1, $2, $3) "
	"ON CONFLICT DO NOTHING RETURNING warning_id",
    [SQL_DELIVERY_DONE] =
	"UPDATE deliveries SET state = $3, attempts = attempts + 1, next_at = $4, "
	"last_error = $5, delivered_at = nullif($6, 0) WHERE warning_id = $1 "
	"AND receiver = $2 AND ($7::bigint = 0 OR (state = 'pending' AND next_at = $7::bigint)) "
	"RETURNING warning_id",
    [SQL_DELIVERY_AGAIN] = "UPDATE deliveries SET state = 'pending', next_at = $3 WHERE "
			   "warning_id = $1 AND ($2 = '' OR receiver = $2) RETURNING warning_id",
    /* The due deliveries, claimed: SKIP LOCKED: two deliverers never claim the same row. */
    [SQL_DELIVERY_CLAIM] = "UPDATE deliveries d SET next_at = $2 FROM (SELECT warning_id, receiver "
			   "FROM deliveries WHERE state = 'pending' AND next_at <= $1 ORDER BY "
			   "next_at, warning_id LIMIT $3 FOR UPDATE SKIP LOCKED) c WHERE "
			   "d.warning_id = c.warning_id AND d.receiver = c.receiver RETURNING "
			   "d.warning_id, d.receiver, d.attempts",
    /* Writes answer RETURNING rows: the rows operation counts them. */
    [SQL_ACCOUNT_ADD] = "INSERT INTO console_users (name, role, districts, pwhash, created_at) "
			"VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING RETURNING "
			"name",
    [SQL_ACCOUNT_GET] = "SELECT name, role, districts, pwhash, created_at, "
			"coalesce(disabled_at, 0) FROM console_users WHERE name = $1",
    [SQL_ACCOUNT_EACH] = "SELECT name, role, districts, '', created_at, coalesce(disabled_at, 0) "
			 "FROM console_users ORDER BY name COLLATE \"C\"",
    [SQL_ACCOUNT_PASSWD] = "UPDATE console_users SET pwhash = $2 WHERE name = $1 RETURNING name",
    [SQL_ACCOUNT_DISABLE] =
	"UPDATE console_users SET disabled_at = nullif($2::bigint, 0) WHERE name = $1 "
	"RETURNING name",
    [SQL_SESSIONS_END_USER] = "DELETE FROM console_sessions WHERE user_name = $1 RETURNING 1",
    [SQL_SESSION_ADD] = "INSERT INTO console_sessions (token_hash, user_name, csrf, created_at, "
			"seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5) RETURNING 1",
    [SQL_SESSION_GET] = "SELECT user_name, csrf, expires_at, seen_at FROM console_sessions "
			"WHERE token_hash = $1",
    [SQL_SESSION_TOUCH] = "UPDATE console_sessions SET seen_at = $2 WHERE token_hash = $1 "
			  "RETURNING 1",
    [SQL_SESSION_DEL] = "DELETE FROM console_sessions WHERE token_hash = $1 RETURNING 1",
    /* Sessions past their end or idle too long (store/accounts.h). */
    [SQL_SESSION_PRUNE] = "DELETE FROM console_sessions WHERE expires_at <= $1 OR seen_at <= $2 "
			  "RETURNING 1",
    [SQL_FAIL_GET] = "SELECT count, last_at FROM console_failures WHERE key = $1",
    [SQL_FAIL_ADD] = "INSERT INTO console_failures (key, count, last_at) VALUES ($1, 1, $2) "
		     "ON CONFLICT (key) DO UPDATE SET count = console_failures.count + 1, "
		     "last_at = $2 RETURNING count",
    [SQL_FAIL_CLEAR] = "DELETE FROM console_failures WHERE key = $1 RETURNING 1",
    [SQL_FAIL_FORGIVE] = "UPDATE console_failures SET count = greatest(count - $2, 0) "
			 "WHERE key = $1 RETURNING count",
    /* As in store/sqlite.c; rows another process is deleting are left to it. */
    [SQL_FAIL_PRUNE] = "DELETE FROM console_failures WHERE key IN (SELECT key FROM "
		       "console_failures WHERE last_at <= $1 ORDER BY last_at LIMIT $2 "
		       "FOR UPDATE SKIP LOCKED)",
    /*
     * The console's reads (store/console.c): $1 the districts kept (CON_SCOPED above).
     * Every list ends in a key that tells its rows apart, as in store/sqlite.c:
     * rows tied on the order asked for otherwise come as they lie in the
     * table, which a rewrite (VACUUM FULL, a restore) changes.
     */
    CON_SCOPED_READ(
	SQL_CON_RECORDS,
	"SELECT r.record_id, r.type, coalesce(r.household, ''), "
	"coalesce(r.template_id, ''), r.day, coalesce(r.outcome, ''), coalesce(r.grade, ''), "
	"r.inspector, r.district, d.device, r.seq, coalesce((SELECT v.state FROM reviews v WHERE "
	"v.record_id = r.record_id ORDER BY v.id DESC LIMIT 1), ''), coalesce((SELECT "
	"v.answered_by FROM reviews v WHERE v.record_id = r.record_id ORDER BY v.id DESC LIMIT "
	"1), '') FROM records r JOIN devices d ON d.id = r.device_id WHERE ",
	"r.district", "(SELECT h.district FROM households h WHERE h.id = r.household)",
	" AND ($2 = '' OR r.type = $2) AND ($3 = '' OR r.household = $3) AND "
	"($4 = '' OR r.inspector = $4) ORDER BY r.day DESC, r.received_at DESC, r.seq DESC, "
	"r.device_id DESC LIMIT $5 OFFSET $6"),
    [SQL_CON_RECORD] = "SELECT r.record_id, r.type, coalesce(r.household, ''), "
		       "coalesce(r.template_id, ''), r.day, coalesce(r.outcome, ''), "
		       "coalesce(r.grade, ''), r.inspector, r.district, d.device, r.seq, "
		       "convert_from(r.body, 'UTF8'), encode(r.sig, 'hex'), encode(r.hash, "
		       "'hex'), r.received_at FROM records r JOIN devices d ON d.id = "
		       "r.device_id WHERE r.record_id = $1 LIMIT 1",
    [SQL_CON_FOLLOWUPS] = "SELECT record_id, type, day, inspector, coalesce(outcome, ''), "
			  "district FROM records WHERE follows = $1 ORDER BY day, received_at, "
			  "device_id, seq",
    /*
     * An exact id first, then ids starting with the text, then the rest
     * (core/store-household.c). ILIKE: ASCII letters match in either case,
     * as SQLite's LIKE and the device's search match them. $6 to $8 are the
     * second to fourth words ('' for none): every word chooses the rows.
     */
    CON_SCOPED(SQL_CON_HOUSEHOLD_SEARCH,
	       "SELECT id, district, address, resident, phone, kind, last_check FROM "
	       "households WHERE ",
	       "district",
	       " AND (id = $2 OR id ILIKE $3 ESCAPE '\\' OR address ILIKE $3 ESCAPE '\\' "
	       "OR resident ILIKE $3 ESCAPE '\\' OR phone ILIKE $3 ESCAPE '\\')" CON_HH_MORE
	       " ORDER BY id = $2 DESC, id ILIKE $5 ESCAPE '\\' DESC, id COLLATE \"C\" LIMIT $4"),
    [SQL_CON_HOUSEHOLD] = "SELECT id, district, address, resident, phone, kind, last_check FROM "
			  "households WHERE id = $1",
    [SQL_CON_HOUSEHOLD_RECORDS] =
	"SELECT r.record_id, r.type, coalesce(r.household, ''), "
	"coalesce(r.template_id, ''), r.day, coalesce(r.outcome, ''), "
	"coalesce(r.grade, ''), r.inspector, r.district, d.device, r.seq, "
	"coalesce((SELECT v.state FROM reviews v WHERE v.record_id = r.record_id "
	"ORDER BY v.id DESC LIMIT 1), ''), "
	"coalesce((SELECT v.answered_by FROM reviews v WHERE v.record_id = r.record_id "
	"ORDER BY v.id DESC LIMIT 1), '') FROM "
	"records r JOIN devices d ON d.id = r.device_id WHERE r.household = $1 "
	"ORDER BY r.day, r.received_at, r.device_id, r.seq",
    [SQL_CON_INSPECTORS] = "SELECT id, name, district, role, coalesce(revoked_at, 0) FROM "
			   "inspectors ORDER BY id COLLATE \"C\"",
    [SQL_CON_DEVICES] = "SELECT d.device, d.inspector, coalesce(d.last_sync, 0), d.held_seq, "
			"(SELECT count(*) FROM records r WHERE r.device_id = d.id AND r.day >= "
			"$1), (SELECT count(*) FROM forks f WHERE f.device_id = d.id), "
			"coalesce(d.revoked_at, 0), (SELECT count(*) FROM refusals x WHERE "
			"x.device_id = d.id), coalesce((SELECT x.reason FROM refusals x WHERE "
			"x.device_id = d.id ORDER BY x.received_at DESC, x.id DESC LIMIT 1), '') "
			"FROM devices d ORDER BY d.inspector COLLATE \"C\", d.device COLLATE \"C\"",
    /*
     * Every version of the original that record ?1 is a version of, in the
     * ledger's order, each with the district its record was stored under (the
     * record's page keeps those of the account's districts).
     */
    [SQL_CON_VERSIONS] = "SELECT v.id, v.kind, v.day, v.inspector, v.current, v.conflict, "
			 "v.outcome, v.grade, coalesce((SELECT r.district FROM records r WHERE "
			 "r.record_id = v.id LIMIT 1), v.district) FROM versions v WHERE v.root = "
			 "(SELECT root FROM versions WHERE id = $1) ORDER BY v.id = v.root DESC, "
			 "v.day, v.id COLLATE \"C\"",
    /*
     * Reviews and warnings with their deliveries (console-loop.c): ?1 districts, ?2 state
     * ("waiting": returns no correction answered yet), ?3 record, then limit and offset.
     */
    CON_SCOPED_READ(
	SQL_CON_REVIEWS,
	"SELECT v.id, v.record_id, v.state, v.reviewer, v.body, "
	"coalesce(v.answered_by, ''), v.created_at, v.inspector, v.district, "
	"coalesce(r.household, ''), coalesce(r.template_id, ''), coalesce(r.day, '') FROM "
	"reviews v LEFT JOIN records r ON r.record_id = v.record_id WHERE ",
	"v.district", "(SELECT h.district FROM households h WHERE h.id = r.household)",
	" AND ($2 = '' OR v.state = $2 OR ($2 = 'waiting' AND v.state = "
	"'returned' AND v.answered_by IS NULL)) AND ($3 = '' OR v.record_id = $3) ORDER BY v.id "
	"DESC LIMIT $4 OFFSET $5"),
    /*
     * ?1 districts, ?2 delivery state, ?3 rule, then limit and offset; ?6 and
     * ?7 the fewest and most tries made (the console tells a delivery not yet
     * tried from one being retried).
     */
    CON_SCOPED_LIST(
	SQL_CON_WARNINGS,
	"SELECT w.id, w.rule, w.district, w.dedup, w.body, w.created_at, "
	"coalesce(d.receiver, ''), coalesce(d.state, ''), coalesce(d.attempts, 0), "
	"coalesce(d.next_at, 0), coalesce(d.last_error, ''), coalesce(d.delivered_at, 0) FROM "
	"warnings w LEFT JOIN deliveries d ON d.warning_id = w.id WHERE ",
	"w.district",
	" AND ($2 = '' OR d.state = $2) AND ($3 = '' OR w.rule = $3) AND "
	"coalesce(d.attempts, 0) BETWEEN $6 AND $7 ORDER BY "
	"w.id DESC, d.receiver COLLATE \"C\" LIMIT $4 OFFSET $5"),
    /*
     * The overview (console-overview.c) reads the summary's counters
     * (core/aggregate.h, kept with the ledger's rows in the same
     * transaction): a few thousand rows whatever the store holds, grouped as
     * the ledger's rows would be, so that core/ (due.c, hazard.c) names
     * their state, age and weight.
     * In a fixed order: the overview's objects take their keys in the order
     * the rows come, and the same counts must give the same answer, whatever
     * order a recount wrote them in.
     */
    CON_SCOPED(SQL_CON_PROG_DUE,
	       "SELECT grp, sub, day, n FROM aggregates WHERE dim = 'district' AND "
	       "metric = 'prog_due' AND ",
	       "grp", " ORDER BY grp, sub, day"),
    /*
     * Households, each once by the earliest due date of its programmes with
     * an interval (core/aggregate.c's FC_AGG_DUE, the summary's counter): a
     * household overdue in two programmes is one household overdue.
     */
    CON_SCOPED(SQL_CON_HH_DUE,
	       "SELECT grp, day, n FROM aggregates WHERE dim = 'district' AND "
	       "metric = 'due' AND ",
	       "grp", " ORDER BY grp, day"),
    CON_SCOPED(SQL_CON_PROG_GRADES,
	       "SELECT grp, sub, day, n FROM aggregates WHERE dim = 'district' AND "
	       "metric = 'prog_grade' AND ",
	       "grp", " ORDER BY grp, sub, day"),
    CON_SCOPED(SQL_CON_HAZ_STATES,
	       "SELECT grp, sub, day, n FROM aggregates WHERE dim = 'district' AND "
	       "metric = 'haz_state' AND ",
	       "grp", " ORDER BY grp, sub, day"),
    CON_SCOPED(SQL_CON_HAZ_OPEN,
	       "SELECT grp, sub, day, n FROM aggregates WHERE dim = 'district' AND "
	       "metric = 'open_found' AND ",
	       "grp", " ORDER BY grp, sub, day"),
    /* $2 the first day counted: originals by their current version's kind, by day. */
    CON_SCOPED(SQL_CON_WEEK_INSPECTIONS,
	       "SELECT grp, day, n FROM aggregates WHERE dim = 'district' AND metric "
	       "= 'inspections' AND ",
	       "grp", " AND day >= $2"),
    /* Hazards not superseded, by the day found (summed over severities). */
    CON_SCOPED(SQL_CON_WEEK_HAZARDS,
	       "SELECT grp, day, sum(n) FROM aggregates WHERE dim = 'district' AND "
	       "metric = 'severity' AND ",
	       "grp", " AND day >= $2 GROUP BY grp, day"),
    /* $2 the day (UTC), from the counters kept as records arrive. */
    CON_SCOPED(SQL_CON_SYNCED,
	       "SELECT grp, sum(n), count(*) FROM aggregates WHERE dim = 'district' "
	       "AND metric = 'synced' AND day = $2 AND ",
	       "grp", " GROUP BY 1"),
    /* $2 the kind counted: the counters by kind (core/aggregate.h), through their key. */
    CON_SCOPED(SQL_CON_KINDS,
	       "SELECT grp, dim, n FROM aggregates WHERE dim = $2 AND metric = 'kind_hh' AND ",
	       "grp", ""),
    CON_SCOPED(SQL_CON_KIND_DONE,
	       "SELECT grp, dim, sub, n FROM aggregates WHERE dim = $2 AND metric = 'kind_done' "
	       "AND ",
	       "grp", ""),
    /* Open hazards of the kind's households, by programme and item. */
    CON_SCOPED(SQL_CON_KIND_OPEN,
	       "SELECT grp, dim, day, sub, n FROM aggregates WHERE dim = $2 AND metric = "
	       "'kind_open' AND ",
	       "grp", ""),
    /*
     * The hazard ledger: $2 programme, $3 severity, $4 state ('' any), $5..$6
     * found from..to ('' open-ended), $7 limit, $8 offset. The programme last: one
     * household's item can be a hazard in two programmes (a site's own checklist).
     */
    CON_SCOPED(
	SQL_CON_HAZARDS,
	"SELECT z.household, coalesce(h.address, ''), z.programme, z.item, "
	"z.district, z.record, z.root, z.inspector, z.severity, z.note, z.found, z.status, "
	"z.closed_by, z.closed_inspector, z.closed, z.followups, z.deadline FROM hazards z LEFT "
	"JOIN households h ON h.id = z.household WHERE ",
	"z.district",
	" AND ($2 = '' OR z.programme = $2) AND ($3 = '' OR z.severity = $3) "
	"AND ($4 = '' OR z.status = $4) AND ($5 = '' OR z.found >= $5) AND ($6 = '' OR z.found "
	"<= $6) ORDER BY z.found DESC, z.household COLLATE \"C\", z.item COLLATE \"C\", "
	"z.programme "
	"COLLATE \"C\" LIMIT $7 OFFSET $8"),
    /*
     * Exports (server/export.c), a page at a time after the last key given
     * (keyset paging keeps memory bounded on either backend).
     * Records: ?2 programme, ?3 after this id, ?4 page size; current versions only.
     */
    CON_SCOPED_READ(
	SQL_EXP_RECORDS,
	"SELECT r.record_id, r.type, coalesce(r.household, ''), v.district, "
	"r.day, r.inspector, d.device, coalesce(r.template_id, ''), coalesce(r.outcome, ''), "
	"coalesce(r.grade, ''), v.root, r.seq, convert_from(r.body, 'UTF8'), encode(r.hash, "
	"'hex'), encode(r.sig, 'hex'), coalesce((SELECT w.state FROM reviews w WHERE w.record_id "
	"= r.record_id ORDER BY w.id DESC LIMIT 1), '') FROM versions v JOIN records r ON "
	"r.record_id = v.id JOIN devices d ON d.id = r.device_id WHERE ",
	"v.district", "r.district",
	" AND v.programme = $2 AND v.id = v.current AND v.id > $3 ORDER BY "
	"v.id LIMIT $4"),
    /* Hazards after (?2 household, ?3 programme, ?4 item), ?5 page size. */
    CON_SCOPED(
	SQL_EXP_HAZARDS,
	"SELECT z.household, coalesce(h.address, ''), z.programme, z.item, "
	"z.district, z.record, z.root, z.inspector, z.severity, z.note, z.found, z.status, "
	"z.closed_by, z.closed_inspector, z.closed, z.followups, z.deadline FROM hazards z LEFT "
	"JOIN households h ON h.id = z.household WHERE ",
	"z.district",
	" AND (z.household, z.programme, z.item) > ($2, $3, $4) ORDER BY "
	"z.household, z.programme, z.item LIMIT $5"),
    /* Programme rows with an interval after (?2 household, ?3 programme), ?4 page size. */
    CON_SCOPED(
	SQL_EXP_PROGRAMMES,
	"SELECT p.household, coalesce(h.address, ''), coalesce(h.resident, "
	"''), coalesce(h.phone, ''), coalesce(h.kind, ''), p.district, p.programme, p.last_date, "
	"p.due, p.visits, p.revisit, p.escalated FROM programmes p LEFT JOIN households h ON "
	"h.id = p.household WHERE ",
	"p.district",
	" AND p.months > 0 AND (p.household, p.programme) > ($2, $3) ORDER BY "
	"p.household, p.programme LIMIT $4"),
    /* The summary's counters (store/aggregate.c): stored and summed, computed in core/aggregate.c.
     */
    [SQL_AGG_PART_GET] = "SELECT counts FROM aggregate_parts WHERE household = $1",
    [SQL_AGG_PART_PUT] = "INSERT INTO aggregate_parts (household, counts) VALUES ($1, $2) "
			 "ON CONFLICT (household) DO UPDATE SET counts = $2",
    [SQL_AGG_PART_DEL] = "DELETE FROM aggregate_parts WHERE household = $1",
    /* Many counters at once ([[dim, grp, metric, sub, day, n], ...]); the totals at 0 come back. */
    [SQL_AGG_ADD_MANY] = "WITH up AS (INSERT INTO aggregates (dim, grp, metric, sub, day, n) "
			 "SELECT j->>0, j->>1, j->>2, j->>3, j->>4, (j->>5)::bigint FROM "
			 "jsonb_array_elements($1::jsonb) j ON CONFLICT (dim, metric, grp, sub, "
			 "day) DO UPDATE SET n = aggregates.n + excluded.n RETURNING dim, grp, "
			 "metric, sub, day, n) SELECT dim, grp, metric, sub, day, n FROM up "
			 "WHERE n = 0",
    /* Unused here (statement_per_row is 0: a round trip per counter); kept for the table. */
    [SQL_AGG_ADD_ONE] = "INSERT INTO aggregates (dim, grp, metric, sub, day, n) VALUES ($1, $2, "
			"$3, $4, $5, $6::bigint) ON CONFLICT (dim, metric, grp, sub, day) DO "
			"UPDATE SET n = aggregates.n + excluded.n RETURNING dim, grp, metric, sub, "
			"day, n",
    [SQL_AGG_DROP] = "DELETE FROM aggregates WHERE dim = $1 AND grp = $2 AND metric = $3 AND "
		     "sub = $4 AND day = $5 AND n = 0",
    [SQL_AGG_READ] = "SELECT grp, sub, sum(n) FROM aggregates WHERE dim = $1 AND metric = $2 "
		     "AND day >= $3 AND day < $4 GROUP BY grp, sub",
    [SQL_AGG_ALL] = "SELECT dim, grp, metric, sub, day, n FROM aggregates",
    [SQL_AGG_CLEAR] = "DELETE FROM aggregates",
    [SQL_AGG_CLEAR_PARTS] = "DELETE FROM aggregate_parts",
    [SQL_AGG_HOUSEHOLDS] = "SELECT household FROM records WHERE household IS NOT NULL AND "
			   "household <> '' UNION SELECT id FROM households",
    [SQL_AGG_RECORDS] = "SELECT district, inspector, day, count(*) FROM records WHERE type = $1 "
			"GROUP BY district, inspector, day",
    /* Records by district, device and minute received: see store/sqlite.c. */
    [SQL_AGG_RECEIVED] = "SELECT district, device_id, received_at / 60, count(*) FROM records "
			 "GROUP BY 1, 2, 3",
    [SQL_AGG_INSPECTORS] = "SELECT id, district FROM inspectors",
    [SQL_AGG_PENDING] = "SELECT what FROM aggregates_pending",
    [SQL_AGG_PENDING_DONE] = "DELETE FROM aggregates_pending",
    /* A recount waits for pushes adding to the totals, and they for it; one recount at a time. */
    [SQL_AGG_LOCK] = "LOCK TABLE aggregates IN SHARE ROW EXCLUSIVE MODE",
    [SQL_RECORD_ENTRY] = "UPDATE records SET entry = $2 WHERE record_id = $1",
};
