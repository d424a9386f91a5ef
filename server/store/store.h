/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/store.h: the central server's store, behind one interface with two
 * backends: SQLite (a file, the default) and PostgreSQL (a postgresql://
 * URI, for several server processes over one database).
 *
 * One struct fc_sstore is one connection (SQLite: WAL, busy timeout), with
 * every statement prepared once at open. It is not thread-safe: the HTTP
 * server keeps a small pool and gives each request its own handle. The schema
 * lives in schema/server/NNNN-*.sql (SQLite) and schema/server-pg/ (the same
 * migrations in PostgreSQL's dialect). Records are keyed by (device row id,
 * seq), an ordered integer key, so inserts stay fast as the table grows. No
 * caller sees SQL, a sqlite3 handle or a libpq connection. Nothing a request
 * depends on is kept only in a process (codes, nonces, marks are rows), so
 * with PostgreSQL any process may answer any request.
 */
#ifndef FC_SERVER_STORE_H
#define FC_SERVER_STORE_H

#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "core/error.h"
#include "core/ids.h"
#include "core/keyfile.h"
#include "core/record.h"
#include "core/store.h"

struct fc_sstore;

/* Open and close */

/*
 * Open (creating and migrating) the server store at path: a SQLite file, or
 * a PostgreSQL database when path starts with postgresql:// (or postgres://).
 * Caller closes.
 */
int fc_sstore_open(const char *path, struct fc_sstore **out, struct fc_error *err);
void fc_sstore_close(struct fc_sstore *st); /* NULL does nothing */
/* True when path names a PostgreSQL database (a URI) rather than a SQLite file. */
int fc_sstore_is_pg(const char *path);
/*
 * The environment for a PostgreSQL client program (pg_dump) to reach the
 * database uri names: this process's environment with libpq's PG* variable
 * set for every setting in uri, so that none, the password included, has to
 * be an argument that `ps` shows. *out is NULL-terminated and owned by the
 * caller (fc_sstore_pg_env_free()). FC_E_USAGE naming uri when libpq cannot
 * read it; the error of store/pq-lib.h when libpq cannot be loaded.
 */
int fc_sstore_pg_env(const char *uri, char ***out, struct fc_error *err);
void fc_sstore_pg_env_free(char **env);

/*
 * BEGIN / COMMIT / ROLLBACK. SQLite takes the write lock at BEGIN
 * (IMMEDIATE); PostgreSQL reads committed and fc_sstore_held locks the
 * device's row, so pushes for one device run one at a time in any process.
 */
int fc_sstore_begin(struct fc_sstore *st, struct fc_error *err);
int fc_sstore_commit(struct fc_sstore *st, struct fc_error *err);
void fc_sstore_rollback(struct fc_sstore *st);

/*
 * Group commit (store/group.c): run fn(st2, ctx, err) inside a transaction
 * that concurrent callers on the same store share (SQLite; on PostgreSQL a
 * transaction of its own, whose commit the database groups), and return once the
 * commit holding its writes is durable. fn gets the handle to write through
 * (st2, perhaps another caller's), runs after the work queued before it and
 * sees its writes, and returns 0 or -1 with err filled (the transaction then
 * rolls back and fn runs again alone); it may run twice, so it sets what it
 * reports afresh each time. Returns fn's status, or -1 when the commit failed.
 */
typedef int (*fc_sstore_work_fn)(struct fc_sstore *st, void *ctx, struct fc_error *err);
int fc_sstore_group(struct fc_sstore *st, fc_sstore_work_fn fn, void *ctx, struct fc_error *err);
/* How many callers on st's store wait for the next group (a test watches it fill). */
size_t fc_sstore_group_waiting(struct fc_sstore *st);

/* Inspectors and enrolment */

#define FC_ROLE_INSPECTOR "inspector"
#define FC_ROLE_SUPERVISOR "supervisor"

struct fc_sinspector {
	char id[FC_ID_MAX];
	char name[FC_NAME_MAX];
	char district[FC_DISTRICTS_MAX]; /* one district id, "D1,D2", or "*" (city level) */
	char role[16];			 /* FC_ROLE_* */
	int64_t revoked_at;		 /* 0 while active */
};

/* Create the inspector, or update name/district/role (a revocation stays). */
int fc_sstore_put_inspector(struct fc_sstore *st, const struct fc_sinspector *in, time_t now,
			    struct fc_error *err);
/* FC_E_NOTFOUND when unknown. */
int fc_sstore_get_inspector(struct fc_sstore *st, const char *id, struct fc_sinspector *out,
			    struct fc_error *err);
/*
 * The store's schema version and the newest migration this program has; the
 * two are equal once the store is open (opening migrates). For /healthz.
 */
int fc_sstore_schema(struct fc_sstore *st, int *have, int *known, struct fc_error *err);

/*
 * Copy the whole store, consistently while it serves, into the new file path
 * (SQLite's VACUUM INTO). A PostgreSQL store refuses (FC_E_USAGE): pg_dump is
 * its backup.
 */
int fc_sstore_backup(struct fc_sstore *st, const char *path, struct fc_error *err);

/*
 * Mark the inspector revoked at now (their unspent codes are voided), or lift
 * it; FC_E_NOTFOUND when unknown. A revocation stays until lifted: enrolling
 * again does not lift it.
 */
int fc_sstore_revoke(struct fc_sstore *st, const char *id, time_t now, struct fc_error *err);
int fc_sstore_unrevoke(struct fc_sstore *st, const char *id, struct fc_error *err);
/* The same for one device (a lost handheld); FC_E_NOTFOUND when never enrolled. */
int fc_sstore_revoke_device(struct fc_sstore *st, const char *device, time_t now,
			    struct fc_error *err);
int fc_sstore_unrevoke_device(struct fc_sstore *st, const char *device, struct fc_error *err);

/* Remember a one-time code by its hash, valid until expires. */
int fc_sstore_add_code(struct fc_sstore *st, const unsigned char hash[32], const char *inspector,
		       time_t now, time_t expires, struct fc_error *err);
/*
 * Spend a code at now: its inspector goes to inspector_out. Fails with
 * FC_E_NOTFOUND (unknown), FC_E_EXISTS (already used) or FC_E_INVALID
 * (expired), each with a message for the device.
 */
int fc_sstore_use_code(struct fc_sstore *st, const unsigned char hash[32], time_t now,
		       char inspector_out[FC_ID_MAX], struct fc_error *err);

/* Devices */

struct fc_sdevice {
	int64_t rowid;
	char device[FC_DEVICE_ID_LEN + 1];
	char inspector[FC_ID_MAX];
	unsigned char pk[FC_PK_BYTES];
	int64_t held_seq;			/* 0 when nothing is held */
	unsigned char held_hash[FC_HASH_BYTES]; /* zeros when nothing is held */
	int64_t last_sync;			/* unix time, 0 if never */
	int64_t revoked_at;			/* 0 while the device may sync */
};

/*
 * Bind device (with its public key) to inspector. Enrolling the same device
 * and key again is harmless; the same device id with another key or another
 * inspector fails with FC_E_EXISTS.
 */
int fc_sstore_add_device(struct fc_sstore *st, const char *device, const char *inspector,
			 const unsigned char pk[FC_PK_BYTES], time_t now, struct fc_error *err);
/* FC_E_NOTFOUND when the device was never enrolled. */
int fc_sstore_get_device(struct fc_sstore *st, const char *device, struct fc_sdevice *out,
			 struct fc_error *err);
typedef int (*fc_sdevice_fn)(const struct fc_sdevice *dev, void *ctx, struct fc_error *err);
int fc_sstore_each_device(struct fc_sstore *st, fc_sdevice_fn fn, void *ctx, struct fc_error *err);
/* Record a sync by the device at now. */
int fc_sstore_touch_device(struct fc_sstore *st, int64_t rowid, time_t now, struct fc_error *err);

/*
 * Remember nonce for the device; FC_E_EXISTS when it was already seen (a
 * replay). Nonces older than now - window are forgotten first.
 */
int fc_sstore_use_nonce(struct fc_sstore *st, int64_t device_rowid, const char *nonce, time_t now,
			long window, struct fc_error *err);
/* What authenticating a request reads (fc_sstore_get_caller). */
struct fc_scaller {
	struct fc_sdevice dev;
	struct fc_sinspector insp;
	int insp_found; /* 0: no inspector of that id (insp is zeroed) */
	int nonce_seen; /* the device's nonce is kept already (a replay) */
};

/*
 * The device, the inspector the request names and whether the device's
 * nonce was seen, in one read: fc_sstore_get_device, fc_sstore_get_inspector
 * and fc_sstore_nonce_seen each cost a round trip to PostgreSQL, three per
 * request before its body was read (issue 20). FC_E_NOTFOUND (the device's
 * message) when the device is not enrolled; the caller decides the rest in
 * its own order.
 */
int fc_sstore_get_caller(struct fc_sstore *st, const char *device, const char *inspector,
			 const char *nonce, struct fc_scaller *out, struct fc_error *err);
/* *seen 1 when the device's nonce is kept already (a replay), without a write. */
int fc_sstore_nonce_seen(struct fc_sstore *st, int64_t device_rowid, const char *nonce, int *seen,
			 struct fc_error *err);
/*
 * fc_sstore_use_nonce inside the caller's transaction (a push's, so one
 * durable commit holds the nonce and the records): *fresh 0 when it was
 * used already, and then nothing is written.
 */
int fc_sstore_take_nonce(struct fc_sstore *st, int64_t device_rowid, const char *nonce, time_t now,
			 long window, int *fresh, struct fc_error *err);

/* Records. Insert and fork calls need the caller's transaction. */

/* What a push takes out of a body besides struct fc_record's copies. */
struct fc_sextract {
	char day[11]; /* YYYY-MM-DD of the record's time */
	char follows[FC_RECORD_ID_MAX];
	char corrects[FC_RECORD_ID_MAX];
	char grade[4];
	char district[FC_ID_MAX]; /* the household's district as the device's registry had it, or ""
				   */
	json_t *photos;		  /* borrowed array of {hash, size}, or NULL */
	/* The record's ledger entry packed (core/ledger-pack.c), kept with it; NULL: none. */
	const char *entry;
	size_t entry_len;
};

/*
 * The device's held seq and hash, read inside the caller's transaction; with
 * PostgreSQL this locks the device's row until commit or rollback.
 */
int fc_sstore_held(struct fc_sstore *st, int64_t device_rowid, int64_t *seq,
		   unsigned char hash[FC_HASH_BYTES], struct fc_error *err);
/* Hash of the record held at seq; FC_E_NOTFOUND if none. */
int fc_sstore_record_hash(struct fc_sstore *st, int64_t device_rowid, int64_t seq,
			  unsigned char hash[FC_HASH_BYTES], struct fc_error *err);
/* Store rec (already verified as the next link) and move the high-water mark. */
int fc_sstore_insert_record(struct fc_sstore *st, int64_t device_rowid, const char *district,
			    const struct fc_record *rec, const struct fc_sextract *ex, time_t now,
			    struct fc_error *err);
/* Keep a fork as evidence (nothing if this exact fork is already kept). */
int fc_sstore_add_fork(struct fc_sstore *st, int64_t device_rowid, const struct fc_record *rec,
		       const unsigned char held_hash[FC_HASH_BYTES], time_t now,
		       struct fc_error *err);

/* Note a refused push: the record it stopped at (id, seq) and the reason the device was told. */
int fc_sstore_add_refusal(struct fc_sstore *st, int64_t device_rowid, const char *record_id,
			  int64_t seq, const char *reason, time_t now, struct fc_error *err);

/* Each record of one device in seq order: body, sig (valid during the call). */
typedef int (*fc_srecord_fn)(int64_t seq, const char *body, size_t body_len,
			     const unsigned char *sig, const unsigned char *hash, void *ctx,
			     struct fc_error *err);
int fc_sstore_each_record(struct fc_sstore *st, int64_t device_rowid, fc_srecord_fn fn, void *ctx,
			  struct fc_error *err);

struct fc_scounts {
	int64_t inspectors, devices, records, forks, households, templates, photos;
};
int fc_sstore_counts(struct fc_sstore *st, struct fc_scounts *out, struct fc_error *err);

/* Who may write what (store/authz.c: one rule for both backends) */

/* A stored record's filer, household and the district it counts under. */
struct fc_sowner {
	char inspector[FC_ID_MAX];
	char household[FC_ID_MAX];
	char district[FC_ID_MAX];
};

/*
 * districts ("D1" or "D1,D2") as a JSON array text, ["D1","D2"]: how the
 * backends take a set of districts to select by. NULL when out of memory;
 * caller frees.
 */
char *fc_sstore_districts_json(const char *districts);

/*
 * May insp file rec? ex gives the record ids its body names in follows and
 * corrects ("" when none) and the household's district the body names. An
 * inspector writes for households of their districts, a follow-up only of a
 * record of such a household, a correction only of their own record; a
 * supervisor also corrects others' records in their districts. A correction
 * is allowed when the district its record was stored under or its
 * household's now is theirs, and is stored under its record's district. A household
 * the registry does not know is placed by the district its record names,
 * else by the inspector's one district; one of an inspector of several
 * districts whose record names none is refused. Returns 0 when allowed, with
 * district_out the district the record counts under; 1 when refused, with
 * the reason for the device in reason, in lang ("zh", "en"; NULL: the
 * server's own); -1 when the store failed (err).
 */
int fc_sstore_authorize(struct fc_sstore *st, const struct fc_sinspector *insp,
			const struct fc_record *rec, const struct fc_sextract *ex,
			char district_out[FC_ID_MAX], const char *lang, char *reason, size_t size,
			struct fc_error *err);

/*
 * Who reads a record (docs/console.md, "Who reads what"): the supervisors of
 * the district it was stored under (their inspectors' work) and those of its
 * household's district now (their responsibility since a registry move). The
 * console's pages, lists, photos, notices and reviews all ask here.
 *
 * fc_sstore_reads: 1 when districts ("D1", "D1,D2" or "*") hold stored or now.
 * fc_sstore_household_now: household's district now into now: the registry's,
 * else (a household the registry does not know) stored.
 * fc_sstore_reads_record: *reads set by both, for a record stored under
 * stored for household; -1 when the store failed (err).
 */
int fc_sstore_reads(const char *districts, const char *stored, const char *now);
int fc_sstore_household_now(struct fc_sstore *st, const char *household, const char *stored,
			    char now[FC_ID_MAX], struct fc_error *err);
int fc_sstore_reads_record(struct fc_sstore *st, const char *districts, const char *stored,
			   const char *household, int *reads, struct fc_error *err);

/* The ledger (store/ledger.c, computed by core/ledger.c; docs/ledger.md) */

/*
 * Recompute household's ledger rows (hazards, programmes, versions) from
 * every record the store holds for it, with core/ledger.c, and replace them
 * (caller's transaction). Push calls it for each household a batch touched.
 */
int fc_sstore_ledger_household(struct fc_sstore *st, const char *household, struct fc_error *err);

/*
 * The same, taking the entries in known[0..nknown) for the records they
 * stand for instead of parsing those bodies again (push made them from the
 * bodies it parsed).
 */
struct fc_ledger_entry;
int fc_sstore_ledger_update(struct fc_sstore *st, const char *household,
			    const struct fc_ledger_entry *known, size_t nknown,
			    struct fc_error *err);
/* The same for ids[0..n) (sorted in place, repeats once), in id order. */
int fc_sstore_ledger_update_all(struct fc_sstore *st, const char **ids, size_t n,
				const struct fc_ledger_entry *known, size_t nknown,
				struct fc_error *err);

/*
 * Would the ledger take draft after the household's stored records? As
 * fc_store_check_draft() on the device, on the server's records:
 * FC_E_INVALID with the reason (fc_ledger_check()) when not.
 */
int fc_sstore_check_draft(struct fc_sstore *st, const struct fc_record_draft *draft,
			  struct fc_error *err);

/* Households and templates */

/*
 * Insert or replace rows (caller's transaction); each gets a new rev, and
 * each household's ledger rows are recomputed (its kind or district may
 * have changed).
 */
int fc_sstore_put_households(struct fc_sstore *st, const struct fc_household *rows, size_t count,
			     struct fc_error *err);
/* The district's households with rev > since, by rev, at most limit; *last gets the
 * last rev visited (unchanged when none). */
int fc_sstore_households_since(struct fc_sstore *st, const char *district, int64_t since,
			       size_t limit, fc_household_fn fn, void *ctx, int64_t *last,
			       struct fc_error *err);

/* Add template json (an object with "id" and "version"); FC_E_EXISTS if present. */
int fc_sstore_add_template(struct fc_sstore *st, const char *id, int version, const char *json,
			   time_t now, struct fc_error *err);
/*
 * The checklists this handle holds parsed (store/templates.c): refresh reads
 * the ones added since it last looked (call it once per push, in its
 * transaction); fc_sstore_template() finds (id, version), NULL when the
 * server holds no such checklist. parsed counts the parses, for tests.
 */
int fc_sstore_templates_refresh(struct fc_sstore *st, struct fc_error *err);
const struct fc_template *fc_sstore_template(const struct fc_sstore *st, const char *id,
					     int version);
long fc_sstore_templates_parsed(const struct fc_sstore *st);

/*
 * Do m's answers fit the checklist version it names, as the device checked
 * them before signing? 0 when they do or the server does not hold that
 * version; 1 with the first problem in reason, in lang ("zh", "en"; NULL:
 * the server's own).
 */
struct fc_record_model;
int fc_sstore_check_answers(const struct fc_sstore *st, const struct fc_record_model *m,
			    const char *lang, char *reason, size_t size);

/* Templates added after rev since: fn(rev, json). */
typedef int (*fc_stemplate_fn)(int64_t rev, const char *json, void *ctx, struct fc_error *err);
int fc_sstore_templates_since(struct fc_sstore *st, int64_t since, fc_stemplate_fn fn, void *ctx,
			      struct fc_error *err);

/* Reports (JSON built here because each is one or a few aggregate queries) */

/*
 * Assignments for district as of today (YYYY-MM-DD): households due for a
 * check and open hazards to follow up. *out is a new object, caller decrefs.
 */
int fc_sstore_assignments(struct fc_sstore *st, const char *district, const char *today,
			  size_t limit, json_t **out, struct fc_error *err);

/*
 * The supervisors' summary grouped by "district" or "inspector", for records
 * from since (YYYY-MM-DD, "" for all) to today. *out: new object, caller decrefs.
 */
int fc_sstore_summary(struct fc_sstore *st, const char *by, const char *since, const char *today,
		      json_t **out, struct fc_error *err);

/* The summary's counters (store/aggregate.c; core/aggregate.h) */

/* One counter sum: the group (district or inspector), its sub (severity, item, ...) and n. */
typedef void (*fc_sagg_fn)(const char *grp, const char *sub, int64_t n, void *ctx);
/*
 * The sums of metric (FC_AGG_*) by "district" or "inspector" for records
 * from since (YYYY-MM-DD, "" for all) as of today, read from the counters
 * kept as records arrive (an indexed read, not a scan of the records):
 * fn once per (group, sub), by group, largest first. The summary and the
 * console read through this.
 */
int fc_sstore_aggregate(struct fc_sstore *st, const char *by, const char *metric, const char *since,
			const char *today, fc_sagg_fn fn, void *ctx, struct fc_error *err);

struct fc_sagg_report {
	int64_t households; /* recomputed */
	int64_t rows;	    /* counter rows after the recount */
	int64_t differ;	    /* rows that differed from the kept ones */
	char first[256];    /* the first that differed, in words ("" when none) */
};
/*
 * Recount every counter from the records (each household's ledger computed
 * again by core/ledger.c, follow-ups counted), in one transaction, and
 * compare with the counters kept so far. With check, nothing is changed
 * (the transaction is rolled back): rep says whether they were right.
 */
int fc_sstore_rebuild_aggregates(struct fc_sstore *st, int check, struct fc_sagg_report *rep,
				 struct fc_error *err);

/* Photos */

/*
 * A photo is (hash, size) as a stored record names it; several devices'
 * records may name the same one, and a false size named by one device is
 * another photo, which never completes.
 */
struct fc_sphoto {
	char hash[FC_HASH_HEX];
	int64_t size;
	int complete; /* bytes of this hash and size are held */
	int named;    /* a record of the asking device names it */
};
/*
 * The photo hash of size (any size when size < 0) named by the device's
 * records, else one named by another device's (out->named 0); FC_E_NOTFOUND
 * when no stored record names hash at that size.
 */
int fc_sstore_get_photo(struct fc_sstore *st, const char *hash, int64_t size, int64_t device_rowid,
			struct fc_sphoto *out, struct fc_error *err);
int fc_sstore_photo_done(struct fc_sstore *st, const char *hash, int64_t size,
			 struct fc_error *err);
/*
 * The photos device_rowid's stored records name whose bytes the server lacks
 * (none over max_size: the server takes none of those), the oldest first, at
 * most limit, each given to fn. A device sends them again whatever its photo
 * cursor says (GET /v1/status, docs/protocol.md).
 */
typedef void (*fc_sstore_photo_fn)(const char *hash, int64_t size, void *ctx);
int fc_sstore_photos_wanted(struct fc_sstore *st, int64_t device_rowid, int64_t max_size,
			    int64_t limit, fc_sstore_photo_fn fn, void *ctx, struct fc_error *err);

/* Moving a store (store/migrate.c) */

struct fc_smigrate_report {
	int64_t rows;	 /* rows copied, every table */
	int64_t records; /* records compared byte for byte after the move */
	int64_t devices;
};

/*
 * Copy every row of the SQLite store at from into the PostgreSQL store at
 * to (a postgresql:// URI, migrated, and empty: FC_E_EXISTS otherwise), in
 * one transaction, then read every record back from both and compare seq,
 * body, signature and hash byte for byte (FC_E_CHAIN naming the first that
 * differs). Chains are not re-verified here: `verify` on the new store does
 * that. Fills *rep.
 */
int fc_sstore_migrate(const char *from, const char *to, struct fc_smigrate_report *rep,
		      struct fc_error *err);

/* The audit log and the administrator's inventory (store/admin.c) */

#define FC_AUDIT_ACTOR_MAX 128
#define FC_AUDIT_ACTION_MAX 64
#define FC_AUDIT_ORIGIN_MAX 256

/*
 * Add a line to the audit log, at the current time: actor is who did it (a
 * system user, a console account), action a short fixed name ("enroll",
 * "revoke", "codes cancel", "console login", ...), detail what exactly, in
 * words, origin where from ("command line on HOST", a client address).
 * NULL counts as "". Inside the caller's transaction when there is one, so
 * the act and its line are kept or lost together. Lines are never changed.
 */
int fc_sstore_audit(struct fc_sstore *st, const char *actor, const char *action, const char *detail,
		    const char *origin, struct fc_error *err);

struct fc_saudit {
	int64_t id;
	int64_t at;				      /* unix time */
	const char *actor, *action, *detail, *origin; /* valid during the call */
};
typedef int (*fc_saudit_fn)(const struct fc_saudit *line, void *ctx, struct fc_error *err);
/* Each line from since (unix time; 0 for all), oldest first. */
int fc_sstore_audit_each(struct fc_sstore *st, time_t since, fc_saudit_fn fn, void *ctx,
			 struct fc_error *err);

/* One inspector as the inventory lists them. */
struct fc_sinspector_row {
	struct fc_sinspector in;
	int64_t created_at;
	int64_t devices;   /* enrolled devices */
	int64_t records;   /* records held, all their devices */
	int64_t last_sync; /* newest sync of any device; 0 never */
};
typedef int (*fc_sinspector_fn)(const struct fc_sinspector_row *row, void *ctx,
				struct fc_error *err);
int fc_sstore_each_inspector(struct fc_sstore *st, fc_sinspector_fn fn, void *ctx,
			     struct fc_error *err);

/* One device as the inventory lists it. */
struct fc_sdevice_row {
	char device[FC_DEVICE_ID_LEN + 1];
	char inspector[FC_ID_MAX];
	char district[FC_ID_MAX];
	int64_t enrolled_at;
	int64_t last_sync;	   /* 0 never */
	int64_t records;	   /* records held (the chain's length) */
	int64_t inspector_revoked; /* the inspector's revocation time; 0 active */
	int64_t device_revoked;	   /* this device's own revocation time; 0 none */
};
typedef int (*fc_sdevice_row_fn)(const struct fc_sdevice_row *row, void *ctx, struct fc_error *err);
/* Every device, or only inspector's when inspector is not "". */
int fc_sstore_each_device_row(struct fc_sstore *st, const char *inspector, fc_sdevice_row_fn fn,
			      void *ctx, struct fc_error *err);

/* An enrolment code as the inventory lists it: by its reference, never the code. */
#define FC_CODE_REF_LEN 64 /* the hex of its hash; the first 10 characters name it */
struct fc_scode_row {
	char ref[FC_CODE_REF_LEN + 1];
	char inspector[FC_ID_MAX];
	int64_t created_at, expires_at;
	int64_t used_at;      /* 0 unused */
	int64_t cancelled_at; /* 0 unless cancelled or voided by a revocation */
};
typedef int (*fc_scode_fn)(const struct fc_scode_row *row, void *ctx, struct fc_error *err);
/* Every code, or only inspector's when inspector is not "", oldest first. */
int fc_sstore_each_code(struct fc_sstore *st, const char *inspector, fc_scode_fn fn, void *ctx,
			struct fc_error *err);
/*
 * Cancel the unused, uncancelled code whose full reference is ref, at now:
 * it is refused from then on like an expired one. FC_E_NOTFOUND when no
 * such code is outstanding.
 */
int fc_sstore_cancel_code(struct fc_sstore *st, const char *ref, time_t now, struct fc_error *err);

#endif
