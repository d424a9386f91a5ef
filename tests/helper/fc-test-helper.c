/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fc-test-helper: what the shell suites need that the fieldcheck command line
 * deliberately does not offer: making many records through the core API,
 * listing the stored sequence numbers, and tampering with a store the way
 * someone holding the SQLite file could.
 *
 *   fc-test-helper init-fast INSPECTOR NAME
 *	what `fieldcheck init` does, with Argon2id at its minimum cost so that
 *	suites unlocking the key many times stay fast (PIN from stdin)
 *   fc-test-helper add-records N [--pin-stdin]
 *	unlock the home's key (PIN from the first line of stdin; the clock
 *	moved by FC_TEST_CLOCK_OFFSET seconds if set) and append N
 *	inspection records, printing "acked <seq>" after each durable commit
 *	(the crash test kills this process and checks every acked seq is kept)
 *   fc-test-helper add-one TYPE HOUSEHOLD [follows|corrects ID | photo HASH:SIZE |
 *                                          district D | evidence ITEM |
 *                                          answers TPL:VERSION:JSON]
 *                                         [answers TPL:VERSION:JSON]
 *	one record signed without the front ends' checks (see helper_add_one);
 *	"photo" makes its answers name a photo of that hash and size, true or not;
 *	"evidence" puts a photo on ITEM (the body's "evidence"), an item or not;
 *	"answers" makes it a record of checklist TPL, that version, with those
 *	answers, whether they fit it or not (a device that checked nothing)
 *   fc-test-helper seqs
 *	print the seq of every stored record, one a line, in order
 *   fc-test-helper tamper body|sig|prev|prev-body|delete|swap|foreign SEQ
 *	change store.db directly: flip a byte of the body, of the signature,
 *	of the stored prev column or of the prev inside the body; delete the
 *	record; swap it with the next one; or replace it with a record signed
 *	by a fresh key with the same device, seq and prev
 *
 * The home is FIELDCHECK_HOME (core/home.h). Exit 0 on success, 1 on failure
 * (message on stderr), 2 on bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <sqlite3.h>

#include "core/home.h"
#include "core/keyfile.h"
#include "core/store.h"

static int
helper_usage(void)
{
	fprintf(stderr, "usage: fc-test-helper init-fast INSPECTOR NAME\n"
			"       fc-test-helper add-records N [--pin-stdin]\n"
			"       fc-test-helper add-one TYPE HOUSEHOLD "
			"[follows|corrects ID | photo HASH:SIZE | district D |\n"
			"                                         evidence ITEM |\n"
			"                                         answers TPL:VERSION:JSON]\n"
			"                                        [answers TPL:VERSION:JSON]\n"
			"       fc-test-helper seqs\n"
			"       fc-test-helper tamper "
			"body|sig|prev|prev-body|delete|swap|foreign SEQ\n");
	return 2;
}

static int
helper_fail(const struct fc_error *err)
{
	fprintf(stderr, "fc-test-helper: %s\n", err->msg);
	return 1;
}

/* Read the PIN from the first line of stdin into pin[size]. */
static int
helper_read_pin(char *pin, size_t size)
{
	if (fgets(pin, (int)size, stdin) == NULL) {
		fprintf(stderr, "fc-test-helper: no PIN on standard input\n");
		return -1;
	}
	pin[strcspn(pin, "\r\n")] = '\0';
	return 0;
}

static int
helper_init_fast(struct fc_home *home, const char *inspector, const char *name)
{
	struct fc_kdf_cost cost = {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
	struct fc_error err = {0};
	struct fc_identity id;
	struct fc_store *st = NULL;
	char pin[FC_PIN_MAX + 2] = "";
	int ret = 0;

	if (helper_read_pin(pin, sizeof pin) != 0)
		return 1;
	if (fc_home_create(home, &err) != 0 ||
	    fc_keyfile_create(home->key, inspector, name, pin, &cost, &id, &err) != 0 ||
	    fc_store_open(home->store, &st, &err) != 0 || fc_store_set_identity(st, &id, &err) != 0)
		ret = helper_fail(&err);
	sodium_memzero(pin, sizeof pin);
	fc_store_close(st);
	return ret;
}

/* A typical gas inspection: about 600 bytes of body, Chinese included. */
static json_t *
helper_answers(long n)
{
	char meter[32];

	snprintf(meter, sizeof meter, "M%08ld", n);
	return json_pack("{s:s,s:s,s:s,s:f,s:s,s:s,s:s,s:s,s:i,s:s,s:s,s:s,s:s,s:s}", "G01", "yes",
			 "G02", "yes", "G03", "no", "G07", 2.1, "G08", "na", "G09", "yes", "G10",
			 "管道明装，无私接改装", "G11", meter, "G12", 2, "G13", "yes", "G14", "yes",
			 "G15", "灶具熄火保护有效", "G16", "yes", "G17",
			 "热水器烟道完好，已提醒用户定期检查");
}

/*
 * The time the key is unlocked at: now, moved on by FC_TEST_CLOCK_OFFSET
 * seconds, so a suite can let a PIN lock run out without editing key.json
 * (whose wrong-PIN state is tagged) or waiting an hour.
 */
static time_t
helper_now(void)
{
	const char *off = getenv("FC_TEST_CLOCK_OFFSET");

	return time(NULL) + (off != NULL ? (time_t)strtol(off, NULL, 10) : 0);
}

static int
helper_add_records(struct fc_home *home, long count)
{
	struct fc_error err = {0};
	struct fc_store *st = NULL;
	struct fc_key *key = NULL;
	struct fc_signer signer;
	char pin[FC_PIN_MAX + 2] = "";
	int ret = 1;

	if (helper_read_pin(pin, sizeof pin) != 0)
		return 1;
	if (fc_keyfile_unlock(home->key, pin, helper_now(), &key, NULL, &err) != 0 ||
	    fc_store_open(home->store, &st, &err) != 0) {
		ret = helper_fail(&err);
		goto out;
	}
	fc_key_signer(key, &signer);
	for (long i = 0; i < count; i++) {
		struct fc_record rec;
		char household[32];
		json_t *answers = helper_answers(i);
		struct fc_record_draft d = {
		    .type = FC_TYPE_INSPECTION,
		    .household = household,
		    .template_id = "gas-residential",
		    .template_version = 1,
		    .answers = answers,
		    .outcome = "pass",
		};

		snprintf(household, sizeof household, "H%06ld", i % 500);
		int r = fc_store_add_record(st, &d, &signer, NULL, &rec, &err);
		json_decref(answers);
		if (r != 0) {
			ret = helper_fail(&err);
			goto out;
		}
		/* Only now is the record durable: this line is the acknowledgement. */
		printf("acked %lld\n", (long long)rec.seq);
		fflush(stdout);
		fc_record_release(&rec);
	}
	ret = 0;
out:
	sodium_memzero(pin, sizeof pin);
	fc_store_close(st);
	fc_key_free(key);
	return ret;
}

/* "TPL:VERSION:JSON": the checklist and answers a record names. */
static int
helper_checklist(const char *spec, char *tpl, size_t size, int *version, json_t **answers)
{
	const char *c1 = strchr(spec, ':'), *c2 = c1 != NULL ? strchr(c1 + 1, ':') : NULL;
	json_t *a = c2 != NULL ? json_loads(c2 + 1, 0, NULL) : NULL;

	if (a == NULL || (size_t)(c1 - spec) >= size) {
		json_decref(a);
		fprintf(stderr, "fc-test-helper: answers needs TPL:VERSION:JSON, not %s\n", spec);
		return -1;
	}
	snprintf(tpl, size, "%.*s", (int)(c1 - spec), spec);
	*version = atoi(c1 + 1);
	json_decref(*answers);
	*answers = a;
	return 0;
}

/*
 * The further members how asks for: "district" id names the household's
 * district; "evidence" id puts a photo (hash of zeros, never uploaded) on
 * item id, which need not be an item of the checklist.
 */
static json_t *
helper_extra(const char *how, const char *id)
{
	if (how != NULL && strcmp(how, "district") == 0)
		return json_pack("{s:s}", "district", id);
	if (how != NULL && strcmp(how, "evidence") == 0)
		return json_pack("{s:{s:[{s:s,s:s,s:i}]}}", "evidence", id, "file", "e.jpg", "hash",
				 "0000000000000000000000000000000000000000000000000000000000000000",
				 "size", 1);
	return NULL;
}

/*
 * One record of type for household, following or correcting id, signed as a
 * modified device would: none of the front ends' checks, so the server's own
 * are what is tested. Prints the record id.
 */
static int
helper_add_one(struct fc_home *home, const char *type, const char *household, const char *how,
	       const char *id, const char *answers_spec)
{
	struct fc_error err = {0};
	struct fc_store *st = NULL;
	struct fc_key *key = NULL;
	struct fc_signer signer;
	struct fc_record rec;
	unsigned char prev[FC_HASH_BYTES];
	int64_t seq = 0;
	char pin[FC_PIN_MAX + 2] = "";
	json_t *answers = helper_answers(1);
	struct fc_record_draft d = {
	    .type = type,
	    .household = household,
	    .template_id = "gas-residential",
	    .template_version = 1,
	    .answers = answers,
	    .outcome = strcmp(type, FC_TYPE_FOLLOWUP) == 0 ? "rectified" : "pass",
	    .follows = how != NULL && strcmp(how, "follows") == 0 ? id : NULL,
	    .corrects = how != NULL && strcmp(how, "corrects") == 0 ? id : NULL,
	    /* The household's district as a device's registry would name it. */
	    .extra = helper_extra(how, id),
	};
	char tpl[64] = "";
	int ret = 1;

	if (how != NULL && strcmp(how, "answers") == 0)
		answers_spec = id;
	if (answers_spec != NULL &&
	    helper_checklist(answers_spec, tpl, sizeof tpl, &d.template_version, &answers) != 0)
		goto out;
	d.template_id = tpl[0] != '\0' ? tpl : d.template_id;
	d.answers = answers;
	if (how != NULL && strcmp(how, "photo") == 0) {
		const char *colon = strchr(id, ':');

		if (colon == NULL)
			goto out;
		json_object_set_new(answers, "G18",
				    json_pack("{s:s,s:s%,s:I}", "file", "photo.jpg", "hash", id,
					      (size_t)(colon - id), "size",
					      (json_int_t)strtoll(colon + 1, NULL, 10)));
	}
	if (helper_read_pin(pin, sizeof pin) != 0)
		goto out;
	if (fc_keyfile_unlock(home->key, pin, time(NULL), &key, NULL, &err) != 0 ||
	    fc_store_open(home->store, &st, &err) != 0) {
		ret = helper_fail(&err);
		goto out;
	}
	fc_key_signer(key, &signer);
	/* Sealed and appended below fc_store_add_record, which would check the ledger. */
	if (fc_store_begin(st, &err) != 0 || fc_store_last(st, &seq, prev, &err) != 0 ||
	    fc_record_seal(&d, &signer, seq + 1, seq > 0 ? prev : NULL, NULL, &rec, &err) != 0) {
		fc_store_rollback(st);
		ret = helper_fail(&err);
		goto out;
	}
	if (fc_store_append(st, &rec, &err) != 0 || fc_store_commit(st, &err) != 0) {
		fc_store_rollback(st);
		fc_record_release(&rec);
		ret = helper_fail(&err);
		goto out;
	}
	printf("%s\n", rec.id);
	fc_record_release(&rec);
	ret = 0;
out:
	json_decref(answers);
	json_decref(d.extra);
	sodium_memzero(pin, sizeof pin);
	fc_store_close(st);
	fc_key_free(key);
	return ret;
}

static int
helper_print_seq(const struct fc_record *rec, void *ctx, struct fc_error *err)
{
	(void)ctx;
	(void)err;
	printf("%lld\n", (long long)rec->seq);
	return 0;
}

static int
helper_seqs(struct fc_home *home)
{
	struct fc_error err = {0};
	struct fc_store *st = NULL;
	int ret = 0;

	if (fc_store_open(home->store, &st, &err) != 0 ||
	    fc_store_each_record(st, NULL, helper_print_seq, NULL, &err) != 0)
		ret = helper_fail(&err);
	fc_store_close(st);
	return ret;
}

/* Run sql on db with ?1 a blob (may be NULL) and ?2, ?3 integers. */
static int
helper_sql(sqlite3 *db, const char *sql, const void *blob, int blob_len, int64_t a, int64_t b)
{
	sqlite3_stmt *stmt = NULL;
	int ret = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		fprintf(stderr, "fc-test-helper: %s: %s\n", sql, sqlite3_errmsg(db));
		return 1;
	}
	if (blob != NULL)
		sqlite3_bind_blob(stmt, 1, blob, blob_len, SQLITE_TRANSIENT);
	if (sqlite3_bind_parameter_count(stmt) >= 2)
		sqlite3_bind_int64(stmt, 2, a);
	if (sqlite3_bind_parameter_count(stmt) >= 3)
		sqlite3_bind_int64(stmt, 3, b);
	if (sqlite3_step(stmt) != SQLITE_DONE || sqlite3_changes(db) == 0) {
		fprintf(stderr, "fc-test-helper: %s: %s\n", sql,
			sqlite3_changes(db) == 0 ? "no such record" : sqlite3_errmsg(db));
		ret = 1;
	}
	sqlite3_finalize(stmt);
	return ret;
}

/* Copy column col of record seq into a malloc'd buffer (caller frees). */
static unsigned char *
helper_read(sqlite3 *db, const char *col, int64_t seq, int *len)
{
	sqlite3_stmt *stmt = NULL;
	unsigned char *out = NULL;
	char sql[96];

	snprintf(sql, sizeof sql, "SELECT %s FROM records WHERE seq = ?1", col);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_int64(stmt, 1, seq);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*len = sqlite3_column_bytes(stmt, 0);
		out = malloc((size_t)*len + 1);
		if (out != NULL) {
			memcpy(out, sqlite3_column_blob(stmt, 0), (size_t)*len);
			out[*len] = '\0';
		}
	}
	sqlite3_finalize(stmt);
	if (out == NULL)
		fprintf(stderr, "fc-test-helper: no record with seq %lld\n", (long long)seq);
	return out;
}

/* Replace record seq by one a fresh key signed with the same device, seq and prev. */
static int
helper_foreign(sqlite3 *db, int64_t seq)
{
	unsigned char pk[FC_PK_BYTES], sk[FC_SK_BYTES];
	struct fc_error err = {0};
	struct fc_record orig = {0}, forged = {0};
	struct fc_signer signer;
	int len = 0, ret = 1;
	unsigned char *body = helper_read(db, "body", seq, &len);
	unsigned char sig[FC_SIG_BYTES] = {0};

	if (body == NULL)
		return 1;
	/* from_body owns body from here on, even when it fails. */
	if (fc_record_from_body((char *)body, (size_t)len, sig, &orig, &err) != 0) {
		helper_fail(&err);
		goto out;
	}
	crypto_sign_keypair(pk, sk);
	memset(&signer, 0, sizeof signer);
	snprintf(signer.inspector, sizeof signer.inspector, "%s", orig.inspector);
	snprintf(signer.device, sizeof signer.device, "%s", orig.device);
	signer.sk = sk;
	struct fc_record_draft d = {.type = orig.type,
				    .household = orig.household,
				    .template_id =
					orig.template_id[0] != '\0' ? orig.template_id : NULL,
				    .template_version = orig.template_version,
				    .outcome = "pass"};
	if (fc_record_seal(&d, &signer, orig.seq, orig.prev, orig.time, &forged, &err) != 0) {
		helper_fail(&err);
		goto out;
	}
	if (helper_sql(db, "UPDATE records SET body = ?1 WHERE seq = ?2", forged.body,
		       (int)forged.body_len, seq, 0) != 0 ||
	    helper_sql(db, "UPDATE records SET sig = ?1 WHERE seq = ?2", forged.sig, FC_SIG_BYTES,
		       seq, 0) != 0 ||
	    helper_sql(db, "UPDATE records SET hash = ?1 WHERE seq = ?2", forged.hash,
		       FC_HASH_BYTES, seq, 0) != 0)
		goto out;
	ret = 0;
out:
	sodium_memzero(sk, sizeof sk);
	fc_record_release(&orig);
	fc_record_release(&forged);
	return ret;
}

/* Flip one byte of column col of record seq (at offset, or the middle if < 0). */
static int
helper_flip(sqlite3 *db, const char *col, int64_t seq, long offset)
{
	char sql[96];
	int len = 0, ret;
	unsigned char *data = helper_read(db, col, seq, &len);

	if (data == NULL)
		return 1;
	if (offset < 0 || offset >= len)
		offset = len / 2;
	data[offset] ^= 0x01;
	snprintf(sql, sizeof sql, "UPDATE records SET %s = ?1 WHERE seq = ?2", col);
	ret = helper_sql(db, sql, data, len, seq, 0);
	free(data);
	return ret;
}

/* Change one hex digit of "prev" inside the body (the signature then fails). */
static int
helper_prev_body(sqlite3 *db, int64_t seq)
{
	int len = 0, ret = 1;
	unsigned char *body = helper_read(db, "body", seq, &len);
	char *p;

	if (body == NULL)
		return 1;
	p = strstr((char *)body, "\"prev\":\"");
	if (p != NULL) {
		p[8] = p[8] == '0' ? '1' : '0';
		ret = helper_sql(db, "UPDATE records SET body = ?1 WHERE seq = ?2", body, len, seq,
				 0);
	}
	free(body);
	return ret;
}

static int
helper_tamper(struct fc_home *home, const char *how, int64_t seq)
{
	sqlite3 *db = NULL;
	int ret = 1;

	if (sqlite3_open_v2(home->store, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fprintf(stderr, "fc-test-helper: %s: %s\n", home->store, sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	sqlite3_busy_timeout(db, 5000);
	if (strcmp(how, "body") == 0)
		ret = helper_flip(db, "body", seq, -1);
	else if (strcmp(how, "sig") == 0)
		ret = helper_flip(db, "sig", seq, 10);
	else if (strcmp(how, "prev") == 0)
		ret = helper_flip(db, "prev", seq, 0);
	else if (strcmp(how, "prev-body") == 0)
		ret = helper_prev_body(db, seq);
	else if (strcmp(how, "delete") == 0)
		ret = helper_sql(db, "DELETE FROM records WHERE seq = ?2", NULL, 0, seq, 0);
	else if (strcmp(how, "swap") == 0)
		ret = helper_sql(db, "UPDATE records SET seq = -seq WHERE seq IN (?2, ?3)", NULL, 0,
				 seq, seq + 1) ||
		      helper_sql(db, "UPDATE records SET seq = ?3 WHERE seq = -?2", NULL, 0, seq,
				 seq + 1) ||
		      helper_sql(db, "UPDATE records SET seq = ?2 WHERE seq = -?3", NULL, 0, seq,
				 seq + 1);
	else if (strcmp(how, "foreign") == 0)
		ret = helper_foreign(db, seq);
	else
		ret = helper_usage();
	sqlite3_close(db);
	return ret;
}

/* The verbs' words read into numbers and names; argv[0] is the verb. */
static int
verb_add_records(struct fc_home *home, int argc, char **argv)
{
	long n = argc >= 2 ? strtol(argv[1], NULL, 10) : 0;

	return n > 0 ? helper_add_records(home, n) : helper_usage();
}

/* A follow-up or correction may name its checklist and answers too. */
static int
verb_add_one(struct fc_home *home, int argc, char **argv)
{
	if (argc == 7 && strcmp(argv[5], "answers") == 0)
		return helper_add_one(home, argv[1], argv[2], argv[3], argv[4], argv[6]);
	if (argc == 3 || argc == 5)
		return helper_add_one(home, argv[1], argv[2], argc == 5 ? argv[3] : NULL,
				      argc == 5 ? argv[4] : NULL, NULL);
	return helper_usage();
}

static int
verb_init_fast(struct fc_home *home, int argc, char **argv)
{
	return argc == 3 ? helper_init_fast(home, argv[1], argv[2]) : helper_usage();
}

static int
verb_seqs(struct fc_home *home, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return helper_seqs(home);
}

static int
verb_tamper(struct fc_home *home, int argc, char **argv)
{
	long long seq = argc == 3 ? strtoll(argv[2], NULL, 10) : 0;

	return seq > 0 ? helper_tamper(home, argv[1], seq) : helper_usage();
}

static const struct helper_verb {
	const char *name;
	int (*run)(struct fc_home *home, int argc, char **argv);
} helper_verbs[] = {
    {"add-records", verb_add_records}, {"add-one", verb_add_one},
    {"init-fast", verb_init_fast},     {"seqs", verb_seqs},
    {"tamper", verb_tamper},
};

int
main(int argc, char **argv)
{
	struct fc_home home;
	struct fc_error err = {0};

	if (argc < 2)
		return helper_usage();
	if (fc_sign_init(&err) != 0 || fc_home_resolve(&home, &err) != 0)
		return helper_fail(&err);
	for (size_t i = 0; i < sizeof helper_verbs / sizeof helper_verbs[0]; i++)
		if (strcmp(argv[1], helper_verbs[i].name) == 0)
			return helper_verbs[i].run(&home, argc - 1, argv + 1);
	return helper_usage();
}
