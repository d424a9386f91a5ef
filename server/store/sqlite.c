/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/sqlite.c: the SQLite backend: every SQL statement the central
 * server runs against SQLite, the connection and its transactions, ending in
 * the table of operations (store/backend.h) that store/store.c calls
 * through. store/pg.c holds the same statements in PostgreSQL's dialect.
 * The verbs that bind values to these statements and map their rows are
 * split by what they touch (store/sqlite.h lists them).
 *
 * The statements sit in one table indexed by enum sql_id
 * (store/internal.h), each prepared once
 * at open (SQLITE_PREPARE_PERSISTENT) and reset after use; values go in only
 * through sqlite3_bind_*(). One handle is one connection and is used by one
 * thread at a time (the HTTP server pools them). Records are stored byte for
 * byte as signed; nothing here verifies them: that is push's job, done before
 * the insert, and `fieldcheck-server verify` walks them again from here.
 * The SQL of the summary and assignment reports is here too; the code that
 * turns their rows into JSON is in store/report.c.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/migrate.h"
#include "server/store/review-ops.h"
#include "server/store/sqlite.h"

#define _(s) gettext(s)
#define N_(s) (s)

/*
 * A console read kept to districts is written once and comes twice
 * (store/console.c picks which): ID for every district, where ?1 is '*' and
 * its test a constant checked once before any row is read, and ID_IN for the
 * districts listed in ?1 (a JSON array), looked up in the district column's
 * index. Matching the column against a comma list as text (instr) had to
 * read every row the other conditions left, however few the districts held.
 */
#define CON_SCOPED(id, before, col, after)                                                         \
	[id] = before "?1 = '*'" after,                                                            \
	[id##_IN] = before col " IN (SELECT value FROM json_each(?1))" after

/*
 * CON_SCOPED for a column that may hold a comma list of districts (a
 * device's warnings carry its inspector's districts, "D1,D2"): a row is kept
 * when one of them is one of ?1's.
 */
#define CON_SCOPED_LIST(id, before, col, after)                                                    \
	[id] = before "?1 = '*'" after,                                                            \
	[id##_IN] = before "EXISTS (SELECT 1 FROM json_each(?1) a WHERE instr(',' || " col         \
			   " || ',', ',' || a.value || ',') > 0)" after

/*
 * CON_SCOPED for the records an account reads (store/authz.c's
 * fc_sstore_reads): kept when the district a record was stored under (col)
 * or its household's now (now) is one of the list's. The records list
 * looks the household up for each row it reads that is not of the list's
 * districts: its first page for one district of seven, 100 000 records, took
 * about 10 ms more (SQLite), and a page 5 000 rows deep 2.5 times as long.
 */
#define CON_READ_IN(col, now)                                                                      \
	"(" col " IN (SELECT value FROM json_each(?1)) OR " now                                    \
	" IN (SELECT value FROM json_each(?1)))"
#define CON_SCOPED_READ(id, before, col, now, after)                                               \
	[id] = before "?1 = '*'" after, [id##_IN] = before CON_READ_IN(col, now) after

/* A further word of a household search, ?N as "%word%", in one of the fields ('' for none). */
#define CON_HH_WORD(n)                                                                             \
	" AND (?" n " = '' OR id LIKE ?" n " ESCAPE '\\' OR address LIKE ?" n                      \
	" ESCAPE '\\' OR resident LIKE ?" n " ESCAPE '\\' OR phone LIKE ?" n " ESCAPE '\\')"
#define CON_HH_MORE CON_HH_WORD("6") CON_HH_WORD("7") CON_HH_WORD("8")

static const char *const sstore_sql[SQL_COUNT] = {
    /* Create an inspector or update one; a revocation stays until lifted. */
    [SQL_PUT_INSPECTOR] = "INSERT INTO inspectors (id, name, district, role, created_at) "
			  "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO UPDATE SET "
			  "name = ?2, district = ?3, role = ?4",
    [SQL_GET_INSPECTOR] = "SELECT name, district, role, coalesce(revoked_at, 0) "
			  "FROM inspectors WHERE id = ?1",
    /* ?2 = 0 lifts the revocation. */
    [SQL_REVOKE] = "UPDATE inspectors SET revoked_at = nullif(?2, 0) WHERE id = ?1",
    [SQL_REVOKE_DEVICE] = "UPDATE devices SET revoked_at = nullif(?2, 0) WHERE device = ?1",
    [SQL_VOID_CODES] = "UPDATE enrol_codes SET expires_at = ?2, cancelled_at = ?2 "
		       "WHERE inspector = ?1 AND used_at IS NULL AND expires_at > ?2",
    [SQL_ADD_CODE] = "INSERT INTO enrol_codes (code_hash, inspector, created_at, expires_at) "
		     "VALUES (?1, ?2, ?3, ?4)",
    [SQL_GET_CODE] = "SELECT inspector, expires_at, coalesce(used_at, 0) FROM enrol_codes "
		     "WHERE code_hash = ?1",
    /* The used_at test makes spending a code atomic between two devices. */
    [SQL_USE_CODE] = "UPDATE enrol_codes SET used_at = ?2 WHERE code_hash = ?1 "
		     "AND used_at IS NULL",
    /* The audit log and the inventory (store/admin.c) */
    [SQL_AUDIT_ADD] = "INSERT INTO audit (at, actor, action, detail, origin) "
		      "VALUES (?1, ?2, ?3, ?4, ?5)",
    [SQL_AUDIT_SINCE] = "SELECT id, at, actor, action, detail, origin FROM audit "
			"WHERE at >= ?1 ORDER BY id",
    [SQL_LIST_INSPECTORS] = "SELECT i.id, i.name, i.district, i.role, coalesce(i.revoked_at, 0), "
			    "i.created_at, count(d.id), coalesce(sum(d.held_seq), 0), "
			    "coalesce(max(d.last_sync), 0) FROM inspectors i LEFT JOIN devices d "
			    "ON d.inspector = i.id GROUP BY i.id ORDER BY i.id",
    [SQL_LIST_DEVICES] = "SELECT d.device, d.inspector, i.district, d.enrolled_at, "
			 "coalesce(d.last_sync, 0), d.held_seq, coalesce(i.revoked_at, 0), "
			 "coalesce(d.revoked_at, 0) "
			 "FROM devices d JOIN inspectors i ON i.id = d.inspector "
			 "WHERE ?1 = '' OR d.inspector = ?1 ORDER BY d.inspector, d.device",
    [SQL_LIST_CODES] = "SELECT lower(hex(code_hash)), inspector, created_at, expires_at, "
		       "coalesce(used_at, 0), coalesce(cancelled_at, 0) FROM enrol_codes "
		       "WHERE ?1 = '' OR inspector = ?1 ORDER BY created_at, 1",
    /* Cancelled also expires it, so enrolment refuses it like any expired code. */
    [SQL_CANCEL_CODE] = "UPDATE enrol_codes SET cancelled_at = ?2, "
			"expires_at = min(expires_at, ?2) WHERE lower(hex(code_hash)) = ?1 "
			"AND used_at IS NULL AND cancelled_at IS NULL RETURNING inspector",
    [SQL_ADD_DEVICE] = "INSERT INTO devices (device, inspector, pk, enrolled_at) "
		       "VALUES (?1, ?2, ?3, ?4)",
    [SQL_GET_DEVICE] = "SELECT id, device, inspector, pk, held_seq, held_hash, "
		       "coalesce(last_sync, 0), coalesce(revoked_at, 0) FROM devices "
		       "WHERE device = ?1",
    [SQL_EACH_DEVICE] = "SELECT id, device, inspector, pk, held_seq, held_hash, "
			"coalesce(last_sync, 0), coalesce(revoked_at, 0) FROM devices "
			"ORDER BY id",
    [SQL_TOUCH_DEVICE] = "UPDATE devices SET last_sync = ?2 WHERE id = ?1",
    [SQL_PRUNE_NONCES] = "DELETE FROM nonces WHERE seen_at < ?1",
    [SQL_ADD_NONCE] = "INSERT INTO nonces (device_id, nonce, seen_at) VALUES (?1, ?2, ?3)",
    [SQL_NONCE_SEEN] = "SELECT 1 FROM nonces WHERE device_id = ?1 AND nonce = ?2",
    /* A request's device (?1), its inspector (?2: none when unknown) and its nonce (?3) seen. */
    [SQL_GET_CALLER] = "SELECT d.id, d.device, d.inspector, d.pk, d.held_seq, d.held_hash, "
		       "coalesce(d.last_sync, 0), coalesce(d.revoked_at, 0), i.name, i.district, "
		       "i.role, coalesce(i.revoked_at, 0), i.id IS NOT NULL, EXISTS (SELECT 1 "
		       "FROM nonces n WHERE n.device_id = d.id AND n.nonce = ?3) FROM devices d "
		       "LEFT JOIN inspectors i ON i.id = ?2 WHERE d.device = ?1",
    /* A row back: this request is the first to use the nonce (store/nonce.c). */
    [SQL_TAKE_NONCE] = "INSERT INTO nonces (device_id, nonce, seen_at) VALUES (?1, ?2, ?3) "
		       "ON CONFLICT DO NOTHING RETURNING 1",
    [SQL_HELD] = "SELECT held_seq, held_hash FROM devices WHERE id = ?1",
    [SQL_RECORD_HASH] = "SELECT hash FROM records WHERE device_id = ?1 AND seq = ?2",
    [SQL_INSERT_RECORD] = "INSERT INTO records (device_id, seq, hash, record_id, inspector, "
			  "district, type, household, template_id, day, outcome, follows, "
			  "grade, body, sig, received_at, entry) VALUES (?1, ?2, ?3, ?4, ?5, "
			  "?6, ?7, nullif(?8, ''), nullif(?9, ''), ?10, nullif(?11, ''), "
			  "nullif(?12, ''), nullif(?13, ''), ?14, ?15, ?16, ?17)",
    /* The chain only grows: the mark moves to the newest record stored. */
    [SQL_SET_HELD] = "UPDATE devices SET held_seq = ?2, held_hash = ?3, last_sync = ?4 "
		     "WHERE id = ?1",
    /* One row per naming device; a photo already held is complete for it too. */
    [SQL_INSERT_PHOTO] = "INSERT OR IGNORE INTO photos (hash, size, device_id, complete, "
			 "received_at) VALUES (?1, ?2, ?3, coalesce((SELECT max(complete) "
			 "FROM photos WHERE hash = ?1 AND size = ?2), 0), ?4)",
    [SQL_ADD_FORK] = "INSERT OR IGNORE INTO forks (device_id, seq, hash, held_hash, body, "
		     "sig, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [SQL_ADD_REFUSAL] = "INSERT INTO refusals (device_id, record_id, seq, reason, received_at) "
			"VALUES (?1, ?2, ?3, ?4, ?5)",
    [SQL_EACH_RECORD] = "SELECT seq, body, sig, hash FROM records WHERE device_id = ?1 "
			"ORDER BY seq",
    [SQL_COUNTS] = "SELECT (SELECT count(*) FROM inspectors), (SELECT count(*) FROM devices), "
		   "(SELECT count(*) FROM records), (SELECT count(*) FROM forks), "
		   "(SELECT count(*) FROM households), (SELECT count(*) FROM templates), "
		   "(SELECT count(DISTINCT hash) FROM photos WHERE complete)",
    /* BEGIN IMMEDIATE already lets one writer in at a time (see the PostgreSQL row). */
    [SQL_LOCK_REGISTRY] = "SELECT 1",
    [SQL_LOCK_TEMPLATES] = "SELECT 1",
    /* Given with each change below (?8, ?5): fc_sstore_rev_floor(). */
    [SQL_REV_FLOOR_HOUSEHOLDS] = "SELECT 1",
    [SQL_REV_FLOOR_TEMPLATES] = "SELECT 1",
    /*
     * rev = newest + 1 keeps every change after every cursor a device holds;
     * at least ?8, the floor, keeps it after those a restored store forgot.
     */
    [SQL_PUT_HOUSEHOLD] = "INSERT INTO households (id, district, address, resident, phone, "
			  "kind, last_check, rev) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
			  "max((SELECT coalesce(max(rev), 0) + 1 FROM households), ?8)) "
			  "ON CONFLICT (id) DO UPDATE SET district = ?2, address = ?3, "
			  "resident = ?4, phone = ?5, kind = ?6, last_check = ?7, "
			  "rev = max((SELECT coalesce(max(rev), 0) + 1 FROM households), ?8)",
    [SQL_HOUSEHOLDS_SINCE] = "SELECT id, district, address, resident, phone, kind, "
			     "last_check, rev FROM households WHERE district IN (SELECT value FROM "
			     "json_each(?1)) AND rev > ?2 "
			     "ORDER BY rev LIMIT ?3",
    /* One district: households_rev (district, rev) gives the order, so only ?3 rows are read. */
    [SQL_HOUSEHOLDS_SINCE_ONE] = "SELECT id, district, address, resident, phone, kind, "
				 "last_check, rev FROM households WHERE district = ?1 AND rev > ?2 "
				 "ORDER BY rev LIMIT ?3",
    [SQL_ADD_TEMPLATE] = "INSERT INTO templates (rev, id, version, json, added_at) VALUES "
			 "(max((SELECT coalesce(max(rev), 0) + 1 FROM templates), ?5), ?1, ?2, "
			 "?3, ?4)",
    [SQL_TEMPLATES_SINCE] = "SELECT rev, json FROM templates WHERE rev > ?1 ORDER BY rev",
    /*
     * The ledger's programme rows of district ?1 whose due date has passed (?2
     * today) or that never had one; programmes_district (district, due, then the
     * table's key) gives them in this order, so only the first ?3 are read.
     */
    [SQL_DUE_HOUSEHOLDS] = "SELECT h.id, h.address, h.resident, h.kind, p.last_date, p.programme, "
			   "p.due FROM programmes p JOIN households h ON h.id = p.household "
			   "WHERE p.district = ?1 AND p.months > 0 "
			   "AND (p.due = '' OR p.due < ?2) "
			   "ORDER BY p.due, p.household, p.programme LIMIT ?3",
    /* Open hazards: ending in the table's key, so ties never come in the file's order. */
    [SQL_OPEN_HAZARDS] = "SELECT record, household, item, severity, found, programme, deadline "
			 "FROM hazards WHERE district IN (SELECT value FROM json_each(?1)) AND "
			 "status = 'open' "
			 "ORDER BY found, record, item, household, programme LIMIT ?2",
    /*
     * The summary's devices and forks, ?1 group by (its counts: store/aggregate.c);
     * forks of one record (device and number) in the order they came.
     */
    [SQL_SUM_DEVICES] = "SELECT CASE WHEN ?1 = 'inspector' THEN i.id ELSE i.district END, "
			"d.device, d.inspector, coalesce(d.last_sync, 0), d.held_seq FROM "
			"devices d JOIN inspectors i ON i.id = d.inspector ORDER BY 1, 2",
    [SQL_SUM_FORKS] = "SELECT CASE WHEN ?1 = 'inspector' THEN i.id ELSE i.district END, "
		      "d.device, d.inspector, f.seq, f.received_at FROM forks f JOIN devices d "
		      "ON d.id = f.device_id JOIN inspectors i ON i.id = d.inspector "
		      "ORDER BY 1, 2, 4, f.id",
    /* ?2 size (< 0: any), ?3 the asking device: its own naming first. */
    [SQL_GET_PHOTO] = "SELECT size, max(complete), max(CASE WHEN device_id = ?3 THEN 1 ELSE 0 "
		      "END) FROM photos WHERE hash = ?1 AND (?2 < 0 OR size = ?2) GROUP BY size "
		      "ORDER BY 3 DESC, 2 DESC, size LIMIT 1",
    [SQL_PHOTO_DONE] = "UPDATE photos SET complete = 1 WHERE hash = ?1 AND size = ?2",
    /* ?1 the device, ?2 the largest size taken, ?3 how many (index photos_wanted). */
    [SQL_PHOTOS_WANTED] = "SELECT hash, size FROM photos WHERE device_id = ?1 AND complete = 0 "
			  "AND size <= ?2 ORDER BY received_at, hash LIMIT ?3",
    [SQL_HOUSEHOLD_DISTRICT] = "SELECT district FROM households WHERE id = ?1",
    [SQL_RECORD_OWNER] = "SELECT inspector, coalesce(household, ''), district FROM records "
			 "WHERE record_id = ?1 LIMIT 1",
    [SQL_HOUSEHOLD_GET] = "SELECT id, district, address, resident, phone, kind, last_check "
			  "FROM households WHERE id = ?1",
    [SQL_HOUSEHOLD_BODIES] = "SELECT record_id, body, district, entry FROM records "
			     "WHERE household = ?1",
    /*
     * The household's rows as kept, one result: a kind ('h', 'p', 'v'), then
     * the columns in the order of the INSERTs below (store/ledger-diff.c).
     */
    [SQL_LEDGER_ROWS] = "SELECT 'h', household, programme, item, district, record, root, "
			"inspector, severity, note, rule, found, status, closed_by, "
			"closed_inspector, closed, deadline, followups, NULL FROM hazards "
			"WHERE household = ?1 UNION ALL SELECT 'p', household, programme, "
			"district, last, last_date, due, outcome, grade, visit, visit_date, "
			"visit_outcome, months, finding, visits, revisit, escalated, inspections, "
			"visits_total FROM programmes WHERE household = ?1 UNION ALL SELECT 'v', "
			"id, household, district, root, current, kind, inspector, day, programme, "
			"outcome, grade, conflict, NULL, NULL, NULL, NULL, NULL, NULL "
			"FROM versions WHERE household = ?1",
    [SQL_LEDGER_DEL_HAZARD] = "DELETE FROM hazards WHERE household = ?1 AND programme = ?2 "
			      "AND item = ?3",
    [SQL_LEDGER_DEL_PROGRAMME] = "DELETE FROM programmes WHERE household = ?1 AND programme = ?2",
    [SQL_LEDGER_DEL_VERSION] = "DELETE FROM versions WHERE id = ?1",
    [SQL_LEDGER_PUT_HAZARD] = "INSERT INTO hazards (household, programme, item, district, record, "
			      "root, inspector, severity, note, rule, found, status, closed_by, "
			      "closed_inspector, closed, deadline, followups) VALUES (?1, ?2, "
			      "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    [SQL_LEDGER_PUT_PROGRAMME] = "INSERT INTO programmes (household, programme, district, last, "
				 "last_date, due, outcome, grade, visit, visit_date, "
				 "visit_outcome, months, finding, visits, revisit, escalated, "
				 "inspections, visits_total) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
				 "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    [SQL_LEDGER_PUT_VERSION] = "INSERT INTO versions (id, household, district, root, current, "
			       "kind, inspector, day, programme, outcome, grade, conflict) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [SQL_LEDGER_PENDING] = "SELECT household FROM ledger_pending ORDER BY household LIMIT ?1",
    [SQL_LEDGER_PENDING_DONE] = "DELETE FROM ledger_pending WHERE household = ?1",
    /* BEGIN IMMEDIATE already lets one writer in at a time (see the PostgreSQL row). */
    [SQL_LEDGER_LOCK] = "SELECT ?1",
    [SQL_LEDGER_LOCK_ALL] = "SELECT 1",
    [SQL_GET_SERVER_KEY] = "SELECT pk, sk FROM server_key WHERE id = 1",
    /* Two processes starting at once: the first key stays, the other is dropped. */
    [SQL_PUT_SERVER_KEY] = "INSERT OR IGNORE INTO server_key (id, pk, sk, created_at) "
			   "VALUES (1, ?1, ?2, ?3)",
    /* The body tells what it found: the hazards table is the ledger's, not per record. */
    [SQL_FIND_HASH] = "SELECT record_id, type, day, inspector, district, body FROM records "
		      "WHERE hash = ?1 LIMIT 1",
    /* Reviews: through the rows operation, so writes answer RETURNING rows. */
    /* BEGIN IMMEDIATE already lets one writer in at a time (see the PostgreSQL row). */
    [SQL_REVIEW_LOCK] = "SELECT 1 FROM records WHERE record_id = ?1",
    /* One writer at a time already: ids are visible in the order handed out. */
    [SQL_REVIEW_ORDER] = "SELECT 1",
    [SQL_REVIEW_TARGET] =
	"SELECT r.inspector, r.district, lower(hex(r.hash)), r.type, "
	"coalesce((SELECT v.current FROM versions v WHERE v.id = r.record_id), ''), "
	"coalesce((SELECT w.id FROM reviews w WHERE w.record_id = r.record_id ORDER BY w.id "
	"DESC LIMIT 1), 0), coalesce((SELECT w.body FROM reviews w WHERE w.record_id = "
	"r.record_id ORDER BY w.id DESC LIMIT 1), '') FROM records r WHERE r.record_id = ?1 "
	"LIMIT 1",
    /* ?9 the floor (fc_sstore_rev_floor): an id is never handed out twice. */
    [SQL_REVIEW_ADD] = "INSERT INTO reviews (id, record_id, inspector, district, state, "
		       "reviewer, body, sig, created_at) VALUES (max((SELECT coalesce(max(id), "
		       "0) + 1 FROM reviews), ?9), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
    [SQL_REVIEWS_SINCE] = "SELECT id, body, sig FROM reviews WHERE inspector = ?1 AND id > ?2 "
			  "ORDER BY id LIMIT ?3",
    [SQL_REVIEW_ANSWERED] = "UPDATE reviews SET answered_by = ?2 WHERE record_id = ?1 AND "
			    "state = 'returned' AND answered_by IS NULL RETURNING id",
    [SQL_REVIEWS_LIST] = "SELECT id, record_id, inspector, district, state, reviewer, body, "
			 "coalesce(answered_by, ''), created_at FROM reviews WHERE "
			 "(?1 = '' OR record_id = ?1) AND (?2 = '' OR state = ?2) ORDER BY id",
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
    [SQL_WARN_BODY] = "SELECT body FROM warnings WHERE id = ?1",
    [SQL_WARN_LIST] =
	"SELECT w.id, w.rule, w.district, w.dedup, w.created_at, "
	"coalesce(d.receiver, ''), coalesce(d.state, ''), coalesce(d.attempts, 0), "
	"coalesce(d.next_at, 0), coalesce(d.last_error, ''), coalesce(d.delivered_at, 0) "
	"FROM warnings w LEFT JOIN deliveries d ON d.warning_id = w.id "
	"WHERE (?1 = '' OR d.state = ?1) ORDER BY w.id, d.receiver",
    [SQL_WARN_ADD] = "INSERT INTO warnings (dedup, rule, district, body, created_at) VALUES "
		     "(?1, ?2, ?3, ?4, ?5) ON CONFLICT (dedup) DO NOTHING RETURNING id",
    [SQL_DELIVERY_ADD] =
	"INSERT INTO deliveries (warning_id, receiver, next_at) VALUES (?1, ?2, ?3) "
	"ON CONFLICT DO NOTHING RETURNING warning_id",
    [SQL_DELIVERY_DONE] =
	"UPDATE deliveries SET state = ?3, attempts = attempts + 1, next_at = ?4, "
	"last_error = ?5, delivered_at = nullif(?6, 0) WHERE warning_id = ?1 "
	"AND receiver = ?2 AND (?7 = 0 OR (state = 'pending' AND next_at = ?7)) "
	"RETURNING warning_id",
    [SQL_DELIVERY_AGAIN] = "UPDATE deliveries SET state = 'pending', next_at = ?3 WHERE "
			   "warning_id = ?1 AND (?2 = '' OR receiver = ?2) RETURNING warning_id",
    /* The due deliveries, claimed: a claim moves next_at past the lease, so one deliverer sends it.
     */
    [SQL_DELIVERY_CLAIM] = "UPDATE deliveries SET next_at = ?2 WHERE rowid IN (SELECT rowid FROM "
			   "deliveries WHERE state = 'pending' AND next_at <= ?1 ORDER BY next_at, "
			   "warning_id LIMIT ?3) RETURNING warning_id, receiver, attempts",
    /* Writes answer RETURNING rows: the rows operation counts them. */
    [SQL_ACCOUNT_ADD] = "INSERT INTO console_users (name, role, districts, pwhash, created_at) "
			"VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (name) DO NOTHING RETURNING "
			"name",
    [SQL_ACCOUNT_GET] = "SELECT name, role, districts, pwhash, created_at, "
			"coalesce(disabled_at, 0) FROM console_users WHERE name = ?1",
    [SQL_ACCOUNT_EACH] = "SELECT name, role, districts, '', created_at, coalesce(disabled_at, 0) "
			 "FROM console_users ORDER BY name",
    [SQL_ACCOUNT_PASSWD] = "UPDATE console_users SET pwhash = ?2 WHERE name = ?1 RETURNING name",
    [SQL_ACCOUNT_DISABLE] = "UPDATE console_users SET disabled_at = nullif(?2, 0) WHERE name = ?1 "
			    "RETURNING name",
    [SQL_SESSIONS_END_USER] = "DELETE FROM console_sessions WHERE user_name = ?1 RETURNING 1",
    [SQL_SESSION_ADD] = "INSERT INTO console_sessions (token_hash, user_name, csrf, created_at, "
			"seen_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?4, ?5) RETURNING 1",
    [SQL_SESSION_GET] = "SELECT user_name, csrf, expires_at, seen_at FROM console_sessions "
			"WHERE token_hash = ?1",
    [SQL_SESSION_TOUCH] = "UPDATE console_sessions SET seen_at = ?2 WHERE token_hash = ?1 "
			  "RETURNING 1",
    [SQL_SESSION_DEL] = "DELETE FROM console_sessions WHERE token_hash = ?1 RETURNING 1",
    /* Sessions past their end or idle too long (store/accounts.h). */
    [SQL_SESSION_PRUNE] = "DELETE FROM console_sessions WHERE expires_at <= ?1 OR seen_at <= ?2 "
			  "RETURNING 1",
    [SQL_FAIL_GET] = "SELECT count, last_at FROM console_failures WHERE key = ?1",
    [SQL_FAIL_ADD] = "INSERT INTO console_failures (key, count, last_at) VALUES (?1, 1, ?2) "
		     "ON CONFLICT (key) DO UPDATE SET count = console_failures.count + 1, "
		     "last_at = ?2 RETURNING count",
    [SQL_FAIL_CLEAR] = "DELETE FROM console_failures WHERE key = ?1 RETURNING 1",
    /* ?2 failures taken off key's count, which stays at 0 or more (store/accounts.c). */
    [SQL_FAIL_FORGIVE] = "UPDATE console_failures SET count = max(count - ?2, 0) WHERE key = ?1 "
			 "RETURNING count",
    /* Failures last counted at ?1 or before, the oldest ?2 of them (store/accounts.c). */
    [SQL_FAIL_PRUNE] = "DELETE FROM console_failures WHERE key IN (SELECT key FROM "
		       "console_failures WHERE last_at <= ?1 ORDER BY last_at LIMIT ?2)",
    /*
     * The console's reads (store/console.c): ?1 the districts kept (CON_SCOPED above).
     * The records list is read in its own order (records_listed), a page at a
     * time, a list's districts kept on the way (+: records have no index on
     * them since 0023): read through records_day (district, day) instead, one
     * district's 140 000 records of 1 000 000 were all read and sorted for a
     * page (1.2 s, bench/console-bench.sh).
     * Every list ends in a key that tells its rows apart: two devices' records
     * of one day, second and number tie on records_listed, and without the
     * device they came in the order they lay in the file, which VACUUM
     * changes, and a page could repeat a row of the one before. Only the tied
     * rows are sorted, so a page still stops when it is full (tests/sync/list-order.sh).
     */
    CON_SCOPED_READ(
	SQL_CON_RECORDS,
	"SELECT r.record_id, r.type, coalesce(r.household, ''), "
	"coalesce(r.template_id, ''), r.day, coalesce(r.outcome, ''), coalesce(r.grade, ''), "
	"r.inspector, r.district, d.device, r.seq, coalesce((SELECT v.state FROM reviews v WHERE "
	"v.record_id = r.record_id ORDER BY v.id DESC LIMIT 1), ''), coalesce((SELECT "
	"v.answered_by FROM reviews v WHERE v.record_id = r.record_id ORDER BY v.id DESC LIMIT "
	"1), '') FROM records r JOIN devices d ON d.id = r.device_id WHERE ",
	"+r.district", "(SELECT h.district FROM households h WHERE h.id = r.household)",
	" AND (?2 = '' OR r.type = ?2) AND (?3 = '' OR r.household = ?3) AND "
	"(?4 = '' OR r.inspector = ?4) ORDER BY r.day DESC, r.received_at DESC, r.seq DESC, "
	"r.device_id DESC LIMIT ?5 OFFSET ?6"),
    [SQL_CON_RECORD] = "SELECT r.record_id, r.type, coalesce(r.household, ''), "
		       "coalesce(r.template_id, ''), r.day, coalesce(r.outcome, ''), "
		       "coalesce(r.grade, ''), r.inspector, r.district, d.device, r.seq, "
		       "r.body, lower(hex(r.sig)), lower(hex(r.hash)), r.received_at FROM "
		       "records r JOIN devices d ON d.id = r.device_id WHERE r.record_id = ?1 "
		       "LIMIT 1",
    [SQL_CON_FOLLOWUPS] = "SELECT record_id, type, day, inspector, coalesce(outcome, ''), "
			  "district FROM records WHERE follows = ?1 ORDER BY day, received_at, "
			  "device_id, seq",
    /*
     * An exact id first, then ids starting with the text, then the rest
     * (core/store-household.c). ?3 is the first word as "%word%", ?5 as
     * "word%", both escaped; LIKE ignores the case of ASCII letters, as the
     * device's search does (PostgreSQL: ILIKE). ?6 to ?8 are the second to
     * fourth words as "%word%" ('' for none): every word chooses the rows,
     * so a common first word does not fill the page with rows the others
     * leave out.
     */
    CON_SCOPED(SQL_CON_HOUSEHOLD_SEARCH,
	       "SELECT id, district, address, resident, phone, kind, last_check FROM "
	       "households WHERE ",
	       "district",
	       " AND (id = ?2 OR id LIKE ?3 ESCAPE '\\' OR address LIKE ?3 ESCAPE '\\' "
	       "OR resident LIKE ?3 ESCAPE '\\' OR phone LIKE ?3 ESCAPE '\\')" CON_HH_MORE
	       " ORDER BY id = ?2 DESC, id LIKE ?5 ESCAPE '\\' DESC, id LIMIT ?4"),
    [SQL_CON_HOUSEHOLD] = "SELECT id, district, address, resident, phone, kind, last_check FROM "
			  "households WHERE id = ?1",
    [SQL_CON_HOUSEHOLD_RECORDS] =
	"SELECT r.record_id, r.type, coalesce(r.household, ''), "
	"coalesce(r.template_id, ''), r.day, coalesce(r.outcome, ''), "
	"coalesce(r.grade, ''), r.inspector, r.district, d.device, r.seq, "
	"coalesce((SELECT v.state FROM reviews v WHERE v.record_id = r.record_id "
	"ORDER BY v.id DESC LIMIT 1), ''), "
	"coalesce((SELECT v.answered_by FROM reviews v WHERE v.record_id = r.record_id "
	"ORDER BY v.id DESC LIMIT 1), '') FROM "
	"records r JOIN devices d ON d.id = r.device_id WHERE r.household = ?1 "
	"ORDER BY r.day, r.received_at, r.device_id, r.seq",
    [SQL_CON_INSPECTORS] = "SELECT id, name, district, role, coalesce(revoked_at, 0) FROM "
			   "inspectors ORDER BY id",
    [SQL_CON_DEVICES] = "SELECT d.device, d.inspector, coalesce(d.last_sync, 0), d.held_seq, "
			"(SELECT count(*) FROM records r WHERE r.device_id = d.id AND r.day >= "
			"?1), (SELECT count(*) FROM forks f WHERE f.device_id = d.id), "
			"coalesce(d.revoked_at, 0), (SELECT count(*) FROM refusals x WHERE "
			"x.device_id = d.id), coalesce((SELECT x.reason FROM refusals x WHERE "
			"x.device_id = d.id ORDER BY x.received_at DESC, x.id DESC LIMIT 1), '') "
			"FROM devices d ORDER BY d.inspector, d.device",
    /*
     * Every version of the original that record ?1 is a version of, in the
     * ledger's order, each with the district its record was stored under (the
     * record's page keeps those of the account's districts).
     */
    [SQL_CON_VERSIONS] =
	"SELECT v.id, v.kind, v.day, v.inspector, v.current, v.conflict, "
	"v.outcome, v.grade, coalesce((SELECT r.district FROM records r WHERE "
	"r.record_id = v.id LIMIT 1), v.district) FROM versions v WHERE v.root = "
	"(SELECT root FROM versions WHERE id = ?1) ORDER BY v.id = v.root DESC, v.day, v.id",
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
	" AND (?2 = '' OR v.state = ?2 OR (?2 = 'waiting' AND v.state = "
	"'returned' AND v.answered_by IS NULL)) AND (?3 = '' OR v.record_id = ?3) ORDER BY v.id "
	"DESC LIMIT ?4 OFFSET ?5"),
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
	" AND (?2 = '' OR d.state = ?2) AND (?3 = '' OR w.rule = ?3) AND "
	"coalesce(d.attempts, 0) BETWEEN ?6 AND ?7 ORDER BY "
	"w.id DESC, d.receiver LIMIT ?4 OFFSET ?5"),
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
    /* ?2 the first day counted: originals by their current version's kind, by day. */
    CON_SCOPED(SQL_CON_WEEK_INSPECTIONS,
	       "SELECT grp, day, n FROM aggregates WHERE dim = 'district' AND metric "
	       "= 'inspections' AND ",
	       "grp", " AND day >= ?2"),
    /* Hazards not superseded, by the day found (summed over severities). */
    CON_SCOPED(SQL_CON_WEEK_HAZARDS,
	       "SELECT grp, day, sum(n) FROM aggregates WHERE dim = 'district' AND "
	       "metric = 'severity' AND ",
	       "grp", " AND day >= ?2 GROUP BY grp, day"),
    /*
     * ?2 the day (UTC): the records received that day and their devices, from
     * the counters kept as records arrive (a row per district and device).
     */
    CON_SCOPED(SQL_CON_SYNCED,
	       "SELECT grp, sum(n), count(*) FROM aggregates WHERE dim = 'district' "
	       "AND metric = 'synced' AND day = ?2 AND ",
	       "grp", " GROUP BY 1"),
    /*
     * ?2 the kind counted: the counters by kind (core/aggregate.h, kept with
     * the ledger's rows and the registry's), one row per district, programme
     * and item, read through the key (kind, metric, district). Counting the
     * registry's households and joining them to the ledger's rows read some
     * 100 000 rows a request (311 ms for the city at 1 000 000 records).
     */
    CON_SCOPED(SQL_CON_KINDS,
	       "SELECT grp, dim, n FROM aggregates WHERE dim = ?2 AND metric = 'kind_hh' AND ",
	       "grp", ""),
    CON_SCOPED(SQL_CON_KIND_DONE,
	       "SELECT grp, dim, sub, n FROM aggregates WHERE dim = ?2 AND metric = 'kind_done' "
	       "AND ",
	       "grp", ""),
    /* Open hazards of the kind's households, by programme and item. */
    CON_SCOPED(SQL_CON_KIND_OPEN,
	       "SELECT grp, dim, day, sub, n FROM aggregates WHERE dim = ?2 AND metric = "
	       "'kind_open' AND ",
	       "grp", ""),
    /*
     * The hazard ledger: ?2 programme, ?3 severity, ?4 state ('' any), ?5..?6
     * found from..to ('' open-ended), ?7 limit, ?8 offset. The programme last: one
     * household's item can be a hazard in two programmes (a site's own checklist);
     * hazards_by_found ends in the table's key, so it comes in the index's order.
     */
    CON_SCOPED(
	SQL_CON_HAZARDS,
	"SELECT z.household, coalesce(h.address, ''), z.programme, z.item, "
	"z.district, z.record, z.root, z.inspector, z.severity, z.note, z.found, z.status, "
	"z.closed_by, z.closed_inspector, z.closed, z.followups, z.deadline FROM hazards z LEFT "
	"JOIN households h ON h.id = z.household WHERE ",
	"z.district",
	" AND (?2 = '' OR z.programme = ?2) AND (?3 = '' OR z.severity = ?3) "
	"AND (?4 = '' OR z.status = ?4) AND (?5 = '' OR z.found >= ?5) AND (?6 = '' OR z.found "
	"<= ?6) ORDER BY z.found DESC, z.household, z.item, z.programme LIMIT ?7 OFFSET ?8"),
    /*
     * Exports (server/export.c), a page at a time after the last key given
     * (keyset paging keeps memory bounded on either backend). Each page is read
     * in its key's order and stops at the page size; a district list is tested
     * on the way (+col: not through the district index, whose rows would have to
     * be sorted again for every page, n^2 / page over an export).
     * Records: ?2 programme, ?3 after this id, ?4 page size; current versions only.
     * Keyed and ordered by r.record_id (equal to v.id through the join): SQLite
     * walks records_record_id in order and stops at the page; ordered by v.id
     * it read every record after the key and sorted them for each page, so an
     * export of n records cost n^2 / page (1 450 rows/s at 1 000 000).
     */
    CON_SCOPED_READ(
	SQL_EXP_RECORDS,
	"SELECT r.record_id, r.type, coalesce(r.household, ''), v.district, "
	"r.day, r.inspector, d.device, coalesce(r.template_id, ''), coalesce(r.outcome, ''), "
	"coalesce(r.grade, ''), v.root, r.seq, r.body, lower(hex(r.hash)), lower(hex(r.sig)), "
	"coalesce((SELECT w.state FROM reviews w WHERE w.record_id = r.record_id ORDER BY w.id "
	"DESC LIMIT 1), '') FROM versions v JOIN records r ON r.record_id = v.id JOIN devices d "
	"ON d.id = r.device_id WHERE ",
	"+v.district", "+r.district",
	" AND v.programme = ?2 AND v.id = v.current AND r.record_id > ?3 ORDER BY "
	"r.record_id LIMIT ?4"),
    /* Hazards after (?2 household, ?3 programme, ?4 item), ?5 page size. */
    CON_SCOPED(
	SQL_EXP_HAZARDS,
	"SELECT z.household, coalesce(h.address, ''), z.programme, z.item, "
	"z.district, z.record, z.root, z.inspector, z.severity, z.note, z.found, z.status, "
	"z.closed_by, z.closed_inspector, z.closed, z.followups, z.deadline FROM hazards z LEFT "
	"JOIN households h ON h.id = z.household WHERE ",
	"+z.district",
	" AND (z.household, z.programme, z.item) > (?2, ?3, ?4) ORDER BY "
	"z.household, z.programme, z.item LIMIT ?5"),
    /* Programme rows with an interval after (?2 household, ?3 programme), ?4 page size. */
    CON_SCOPED(
	SQL_EXP_PROGRAMMES,
	"SELECT p.household, coalesce(h.address, ''), coalesce(h.resident, "
	"''), coalesce(h.phone, ''), coalesce(h.kind, ''), p.district, p.programme, p.last_date, "
	"p.due, p.visits, p.revisit, p.escalated FROM programmes p LEFT JOIN households h ON "
	"h.id = p.household WHERE ",
	"+p.district",
	" AND p.months > 0 AND (p.household, p.programme) > (?2, ?3) ORDER BY "
	"p.household, p.programme LIMIT ?4"),
    /* The summary's counters (store/aggregate.c): stored and summed, computed in core/aggregate.c.
     */
    [SQL_AGG_PART_GET] = "SELECT counts FROM aggregate_parts WHERE household = ?1",
    [SQL_AGG_PART_PUT] = "INSERT INTO aggregate_parts (household, counts) VALUES (?1, ?2) "
			 "ON CONFLICT (household) DO UPDATE SET counts = ?2",
    [SQL_AGG_PART_DEL] = "DELETE FROM aggregate_parts WHERE household = ?1",
    /* Many counters at once ([[dim, grp, metric, sub, day, n], ...]); the totals come back. */
    [SQL_AGG_ADD_MANY] = "INSERT INTO aggregates (dim, grp, metric, sub, day, n) SELECT "
			 "json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
			 "json_extract(value, '$[2]'), json_extract(value, '$[3]'), "
			 "json_extract(value, '$[4]'), json_extract(value, '$[5]') FROM "
			 "json_each(?1) WHERE true ON CONFLICT (dim, metric, grp, sub, day) DO "
			 "UPDATE SET n = aggregates.n + excluded.n RETURNING dim, grp, metric, "
			 "sub, day, n",
    /* One counter: a statement costs SQLite no round trip, and no JSON is built or read. */
    [SQL_AGG_ADD_ONE] = "INSERT INTO aggregates (dim, grp, metric, sub, day, n) VALUES (?1, ?2, "
			"?3, ?4, ?5, ?6) ON CONFLICT (dim, metric, grp, sub, day) DO UPDATE SET "
			"n = aggregates.n + excluded.n RETURNING dim, grp, metric, sub, day, n",
    [SQL_AGG_DROP] = "DELETE FROM aggregates WHERE dim = ?1 AND grp = ?2 AND metric = ?3 AND "
		     "sub = ?4 AND day = ?5 AND n = 0",
    [SQL_AGG_READ] = "SELECT grp, sub, sum(n) FROM aggregates WHERE dim = ?1 AND metric = ?2 "
		     "AND day >= ?3 AND day < ?4 GROUP BY grp, sub",
    [SQL_AGG_ALL] = "SELECT dim, grp, metric, sub, day, n FROM aggregates",
    [SQL_AGG_CLEAR] = "DELETE FROM aggregates",
    [SQL_AGG_CLEAR_PARTS] = "DELETE FROM aggregate_parts",
    [SQL_AGG_HOUSEHOLDS] = "SELECT household FROM records WHERE household IS NOT NULL AND "
			   "household <> '' UNION SELECT id FROM households",
    [SQL_AGG_RECORDS] = "SELECT district, inspector, day, count(*) FROM records WHERE type = ?1 "
			"GROUP BY district, inspector, day",
    /*
     * Records by district, device and the minute (since 1970) they were
     * received; store/aggregate-rebuild.c files each minute under its local
     * day (every zone's offset is whole minutes), so SQL names no time zone.
     */
    [SQL_AGG_RECEIVED] = "SELECT district, device_id, received_at / 60, count(*) FROM records "
			 "GROUP BY 1, 2, 3",
    [SQL_AGG_INSPECTORS] = "SELECT id, district FROM inspectors",
    [SQL_AGG_PENDING] = "SELECT what FROM aggregates_pending",
    [SQL_AGG_PENDING_DONE] = "DELETE FROM aggregates_pending",
    /* BEGIN IMMEDIATE already lets one writer in at a time (see the PostgreSQL row). */
    [SQL_AGG_LOCK] = "SELECT 1",
    [SQL_RECORD_ENTRY] = "UPDATE records SET entry = ?2 WHERE record_id = ?1",
};

/* Turn a failed SQLite call into our words; the library's goes after them. */
int
fc_sstore_fail(struct fc_sstore *st, struct fc_error *err, const char *what)
{
	int rc = sqlite3_errcode(st->db);

	if (rc == SQLITE_FULL)
		return fc_error_set(err, FC_E_FULL, _("%s: the server's disk is full"), _(what));
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return fc_error_set(err, FC_E_BUSY, _("%s: the server store is busy; try again"),
				    _(what));
	return fc_error_set(err, FC_E_DB, "%s: %s", _(what), sqlite3_errmsg(st->db));
}

void
fc_sstore_reset(sqlite3_stmt *stmt)
{
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

int
fc_lite_exec(struct fc_sstore *st, sqlite3_stmt *stmt, struct fc_error *err, const char *what)
{
	int ret = 0;

	if (sqlite3_step(stmt) != SQLITE_DONE)
		ret = fc_sstore_fail(st, err, what);
	fc_sstore_reset(stmt);
	return ret;
}

void
fc_lite_copy(char *out, size_t size, sqlite3_stmt *stmt, int col)
{
	const char *s = (const char *)sqlite3_column_text(stmt, col);
	/* What snprintf("%s") would copy, without its formatting: a pull copies 350 000 fields. */
	size_t len = s != NULL && size > 0 ? strnlen(s, size - 1) : 0;

	if (size == 0)
		return;
	if (len > 0)
		memcpy(out, s, len);
	out[len] = '\0';
}

int
fc_lite_blob(unsigned char *out, size_t size, sqlite3_stmt *stmt, int col)
{
	const void *b = sqlite3_column_blob(stmt, col);

	memset(out, 0, size);
	if (b == NULL || (size_t)sqlite3_column_bytes(stmt, col) != size)
		return -1;
	memcpy(out, b, size);
	return 0;
}

static void
lite_close(struct fc_sstore *st)
{
	for (int i = 0; i < SQL_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	free(st->path);
}

static int
lite_open(struct fc_sstore *st, const char *path, struct fc_error *err)
{
	char *msg = NULL;

	if (sqlite3_open_v2(path, &st->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK)
		return fc_error_set(err, FC_E_IO, _("%s: cannot open the server store: %s"), path,
				    st->db != NULL ? sqlite3_errmsg(st->db) : _("out of memory"));
	if ((st->path = strdup(path)) == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory opening %s"), path);
	st->group = fc_sstore_lite_group(path);
	/* Many request threads write: wait for the lock rather than fail. */
	sqlite3_busy_timeout(st->db, 30000);
	/*
	 * FULL: a commit returns once the WAL is synced, so an answer sent after
	 * it survives a power cut. Pushes share one such commit (store/group.c).
	 * A checkpoint copies each page the WAL holds into the file once, however
	 * many commits changed it. At SQLite's default (1 000 pages) a batch of
	 * 500 records, some 1 300 pages, was checkpointed after every commit;
	 * at 10 000 pages (40 MiB of WAL with 4 KiB pages) an index leaf that
	 * several batches change goes to the file once for all of them
	 * (docs/limits.md: 23 % fewer bytes written a record at 100 000).
	 */
	if (sqlite3_exec(st->db,
			 "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
			 "PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 10000;",
			 NULL, NULL, &msg) != SQLITE_OK) {
		fc_error_set(err, FC_E_DB, "%s: %s", path, msg != NULL ? msg : "cannot set up");
		sqlite3_free(msg);
		return -1;
	}
	if (fc_migrate(st->db, fc_server_migrations, err) != 0) {
		fc_error_prefix(err, "%s", path);
		return -1;
	}
	for (int i = 0; i < SQL_COUNT; i++) {
		if (sqlite3_prepare_v3(st->db, sstore_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
				       &st->stmt[i], NULL) != SQLITE_OK)
			return fc_error_set(err, FC_E_DB, "%s: statement %d: %s", path, i,
					    sqlite3_errmsg(st->db));
	}
	return 0;
}

/* This process's writers take turns here, not in SQLite's sleeping busy handler. */
void
fc_lite_write_lock(struct fc_sstore *st)
{
	if (!st->writing)
		fc_sstore_lite_write_lock(st->group);
	st->writing++;
}

void
fc_lite_write_unlock(struct fc_sstore *st)
{
	if (st->writing > 0 && --st->writing == 0)
		fc_sstore_lite_write_unlock(st->group);
}

static int
lite_begin(struct fc_sstore *st, struct fc_error *err)
{
	fc_lite_write_lock(st);
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		fc_sstore_fail(st, err, N_("cannot start a transaction"));
		fc_lite_write_unlock(st);
		return -1;
	}
	return 0;
}

void
fc_lite_rollback(struct fc_sstore *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	while (st->writing > 0)
		fc_lite_write_unlock(st);
}

static int
lite_commit(struct fc_sstore *st, struct fc_error *err)
{
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fc_sstore_fail(st, err, N_("cannot commit"));
		fc_lite_rollback(st);
		return -1;
	}
	fc_lite_write_unlock(st);
	return 0;
}

/* The store's schema version and the newest this program knows (for /healthz). */
static int
lite_schema(struct fc_sstore *st, int *have, int *known, struct fc_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*known = 0;
	for (const struct fc_migration *m = fc_server_migrations; m->sql != NULL; m++)
		if (m->version > *known)
			*known = m->version;
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return fc_sstore_fail(st, err, N_("cannot read the schema version"));
	rc = sqlite3_step(s);
	*have = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return fc_error_set(err, FC_E_DB, "%s", _("cannot read the schema version"));
	return 0;
}

/* VACUUM INTO reads one snapshot, so devices may go on syncing meanwhile. */
static int
lite_backup(struct fc_sstore *st, const char *path, struct fc_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, "VACUUM INTO ?1", -1, &s, NULL) != SQLITE_OK)
		return fc_sstore_fail(st, err, N_("cannot back up the store"));
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return fc_error_set(err, FC_E_DB, _("cannot back up the store into %s: %s"), path,
				    sqlite3_errmsg(st->db));
	return 0;
}

/* Reports */

static const char *
sstore_lite_text(const struct fc_sstore_row *row, int col)
{
	const unsigned char *t = sqlite3_column_text(row->impl, col);

	return t != NULL ? (const char *)t : "";
}

static int
lite_rows(struct fc_sstore *st, enum sql_id id, const struct fc_sstore_param *params, int nparams,
	  fc_sstore_row_fn fn, void *ctx, struct fc_error *err)
{
	sqlite3_stmt *s = st->stmt[id];
	struct fc_sstore_row row = {sstore_lite_text, s, 0};
	int rc;

	for (int i = 0; i < nparams; i++) {
		if (params[i].text != NULL)
			sqlite3_bind_text(s, i + 1, params[i].text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_int64(s, i + 1, params[i].num);
	}
	/* fn NULL: a write whose rows nobody reads. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (fn != NULL)
			fn(&row, ctx);
		row.index++;
	}
	fc_sstore_reset(s);
	/* One function for every statement: say only which way it went. */
	if (rc != SQLITE_DONE)
		return fc_sstore_fail(st, err,
				      fn == NULL ? N_("cannot write to the store")
						 : N_("cannot read from the store"));
	return 0;
}

const struct fc_sstore_backend fc_sstore_sqlite = {
    .statement_per_row = 1,
    .join_commits = 1,
    .open = lite_open,
    .close = lite_close,
    .begin = lite_begin,
    .commit = lite_commit,
    .rollback = fc_lite_rollback,
    .put_inspector = fc_lite_put_inspector,
    .get_inspector = fc_lite_get_inspector,
    .revoke = fc_lite_revoke,
    .revoke_device = fc_lite_revoke_device,
    .add_code = fc_lite_add_code,
    .get_code = fc_lite_get_code,
    .spend_code = fc_lite_spend_code,
    .insert_device = fc_lite_insert_device,
    .get_device = fc_lite_get_device,
    .each_device = fc_lite_each_device,
    .touch_device = fc_lite_touch_device,
    .use_nonce = fc_lite_use_nonce,
    .get_caller = fc_lite_get_caller,
    .held = fc_lite_held,
    .record_hash = fc_lite_record_hash,
    .insert_record = fc_lite_insert_record,
    .add_fork = fc_lite_add_fork,
    .each_record = fc_lite_each_record,
    .counts = fc_lite_counts,
    .put_households = fc_lite_put_households,
    .households_since = fc_lite_households_since,
    .add_template = fc_lite_add_template,
    .templates_since = fc_lite_templates_since,
    .get_photo = fc_lite_get_photo,
    .photo_done = fc_lite_photo_done,
    .household_district = fc_lite_household_district,
    .record_owner = fc_lite_record_owner,
    .household_get = fc_lite_household_get,
    .household_bodies = fc_lite_household_bodies,
    .ledger_lock = fc_lite_ledger_lock,
    .ledger_del = fc_lite_ledger_del,
    .ledger_hazard = fc_lite_ledger_hazard,
    .ledger_programme = fc_lite_ledger_programme,
    .ledger_version = fc_lite_ledger_version,
    .ledger_pending = fc_lite_ledger_pending,
    .ledger_pending_done = fc_lite_ledger_pending_done,
    .schema = lite_schema,
    .backup = lite_backup,
    .rows = lite_rows,
    .get_server_key = fc_lite_get_server_key,
    .put_server_key = fc_lite_put_server_key,
    .find_hash = fc_lite_find_hash,
};
