/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/accounts.c: the rules of console accounts, sessions and failed
 * logins, above the backends' statements (SQL_ACCOUNT_* in store/sqlite.c and
 * store/pg.c, run through the backend's rows operation).
 *
 * A failed login is counted before Argon2id runs, as a wrong PIN is
 * (core/keyfile.c), so dropping the connection mid-attempt buys no free
 * guess. Counting is per account and per address: a guesser with one
 * address is slowed on every account, and one account is slowed whatever
 * the addresses. Deciding whether a login may try and counting it as a
 * failure are one step under acc_fail_lock: logins sent at once on many
 * connections are judged one after another, each after the failures before
 * it were counted, so a burst gets the free tries and no more (guesses in
 * parallel were each judged by the count before any of them). A right
 * password clears its account's count, and takes off the address's only
 * the failures of that account from there ('p:' rows): the owner of one
 * account does not win back the address's free tries for guessing others. Only one
 * Argon2id runs at a time in a process: each takes 64 MiB
 * (MEMLIMIT_INTERACTIVE), and a burst of logins must not take the server's
 * memory with it. A key's failures are forgotten a day after its last one,
 * and forgotten rows are deleted a bounded batch at a time (ACC_FAIL_FORGET).
 */
#include <libintl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/ids.h"
#include "core/utf8.h"
#include "server/store/accounts.h"
#include "server/store/backend.h"

#define _(s) gettext(s)

/*
 * Failures allowed before the waits start: few for an account (its owner
 * types a password a few times at most), more for an address (one office's
 * NAT carries many supervisors). Then each failure doubles the wait, from
 * ACC_WAIT_FIRST seconds up to a quarter of an hour: a person who mistypes
 * waits seconds, a guesser gets four guesses an hour after a few minutes.
 */
#define ACC_WAIT_FIRST 5
#define ACC_FREE_PER_ACCOUNT 5
#define ACC_FREE_PER_ADDRESS 20
#define ACC_WAIT_MAX (15 * 60)
/*
 * A key's failures are forgotten a day after its last one: a password
 * mistyped last month, or yesterday, leaves the account its free tries
 * today. A day, not an hour: a guesser at the full rate fails every quarter
 * of an hour and never reaches it, and one who stops for a day to win the
 * free tries back gets them and the short waits, about a dozen guesses,
 * where a day of steady guessing gets 96 (ACC_WAIT_MAX): pausing buys nothing.
 */
#define ACC_FAIL_FORGET (24 * 60 * 60)
/*
 * Forgotten rows are deleted, or made-up names and addresses would each keep
 * one for ever. At most once a minute per store handle, at most
 * ACC_PRUNE_BATCH rows (the oldest first, by 0021's index): a login pays a
 * bounded delete, not the whole table's after a quiet month. Logins write at
 * most two rows each and run one Argon2id at a time (tens a second), so
 * one handle's batch a minute outruns what they add.
 */
#define ACC_PRUNE_EVERY 60
#define ACC_PRUNE_BATCH 5000

static pthread_mutex_t acc_hash_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t acc_fail_lock = PTHREAD_MUTEX_INITIALIZER;

static int
acc_run(struct fc_sstore *st, enum sql_id id, const struct fc_sstore_param *p, int n,
	fc_sstore_row_fn fn, void *ctx, struct fc_error *err)
{
	return st->ops->rows(st, id, p, n, fn, ctx, err);
}

static void
acc_count_row(const struct fc_sstore_row *row, void *ctx)
{
	(void)row;
	(*(long *)ctx)++;
}

/* Checks */

int
fc_saccount_password_check(const char *password, struct fc_error *err)
{
	size_t n = fc_utf8_count(password);

	if (n < FC_PASSWORD_MIN || strlen(password) >= FC_PASSWORD_MAX)
		return fc_error_set(err, FC_E_USAGE,
				    _("a console password needs %d to %d characters"),
				    FC_PASSWORD_MIN, FC_PASSWORD_MAX - 1);
	return 0;
}

int
fc_saccount_check(struct fc_saccount *a, struct fc_error *err)
{
	if (fc_id_check_account(a->name, err) != 0) {
		err->code = FC_E_USAGE;
		return -1;
	}
	if (strcmp(a->role, FC_ROLE_CITY) == 0) {
		if (a->districts[0] != '\0' && strcmp(a->districts, "*") != 0)
			return fc_error_set(err, FC_E_USAGE,
					    _("a city account sees every district; leave out "
					      "--districts"));
		snprintf(a->districts, sizeof a->districts, "*");
		return 0;
	}
	if (strcmp(a->role, FC_ROLE_SUPERVISOR) != 0)
		return fc_error_set(err, FC_E_USAGE,
				    _("--role must be supervisor or city, not '%s'"), a->role);
	if (a->districts[0] == '\0')
		return fc_error_set(err, FC_E_USAGE,
				    _("a supervisor account needs --districts D1[,D2...]"));
	if (fc_id_check_districts(a->districts, err) != 0) {
		fc_error_prefix(err, "--districts");
		err->code = FC_E_USAGE;
		return -1;
	}
	return 0;
}

int
fc_saccount_sees(const struct fc_saccount *a, const char *district)
{
	return fc_id_districts_have(a->districts, district);
}

/* Accounts */

static int
acc_hash(const char *password, char out[crypto_pwhash_STRBYTES], struct fc_error *err)
{
	int rc;

	pthread_mutex_lock(&acc_hash_lock);
	rc = crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			       crypto_pwhash_MEMLIMIT_INTERACTIVE);
	pthread_mutex_unlock(&acc_hash_lock);
	if (rc != 0)
		return fc_error_set(
		    err, FC_E_NOMEM,
		    _("not enough memory to hash the password (Argon2id needs 64 MiB)"));
	return 0;
}

int
fc_sstore_account_add(struct fc_sstore *st, const struct fc_saccount *a, const char *password,
		      time_t now, struct fc_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	long added = 0;

	if (fc_saccount_password_check(password, err) != 0 || acc_hash(password, hash, err) != 0)
		return -1;
	struct fc_sstore_param p[] = {
	    {a->name, 0}, {a->role, 0}, {a->districts, 0}, {hash, 0}, {NULL, (int64_t)now}};
	if (acc_run(st, SQL_ACCOUNT_ADD, p, 5, acc_count_row, &added, err) != 0)
		return -1;
	if (added == 0)
		return fc_error_set(err, FC_E_EXISTS,
				    _("account %s exists; change its password with user passwd"),
				    a->name);
	return 0;
}

static int
acc_end_sessions(struct fc_sstore *st, const char *name, struct fc_error *err)
{
	struct fc_sstore_param p[] = {{name, 0}};
	long n = 0;

	return acc_run(st, SQL_SESSIONS_END_USER, p, 1, acc_count_row, &n, err);
}

int
fc_sstore_account_passwd(struct fc_sstore *st, const char *name, const char *password,
			 struct fc_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	long changed = 0;

	if (fc_saccount_password_check(password, err) != 0 || acc_hash(password, hash, err) != 0)
		return -1;
	struct fc_sstore_param p[] = {{name, 0}, {hash, 0}};
	if (acc_run(st, SQL_ACCOUNT_PASSWD, p, 2, acc_count_row, &changed, err) != 0)
		return -1;
	if (changed == 0)
		return fc_error_set(err, FC_E_NOTFOUND, _("no console account %s"), name);
	return acc_end_sessions(st, name, err);
}

int
fc_sstore_account_disable(struct fc_sstore *st, const char *name, int disable, time_t now,
			  struct fc_error *err)
{
	struct fc_sstore_param p[] = {{name, 0}, {NULL, disable ? (int64_t)now : 0}};
	long changed = 0;

	if (acc_run(st, SQL_ACCOUNT_DISABLE, p, 2, acc_count_row, &changed, err) != 0)
		return -1;
	if (changed == 0)
		return fc_error_set(err, FC_E_NOTFOUND, _("no console account %s"), name);
	return disable ? acc_end_sessions(st, name, err) : 0;
}

/* Reading accounts: name, role, districts, pwhash, created_at, disabled_at. */
struct acc_read {
	struct fc_saccount *out;
	char *pwhash; /* NULL when not wanted */
	fc_saccount_fn fn;
	void *ctx;
	struct fc_error *err;
	int found, failed;
};

static void
acc_read_row(const struct fc_sstore_row *row, void *ctx)
{
	struct acc_read *r = ctx;
	struct fc_saccount one = {0};
	struct fc_saccount *a = r->out != NULL ? r->out : &one;

	if (r->failed)
		return;
	snprintf(a->name, sizeof a->name, "%s", row->text(row, 0));
	snprintf(a->role, sizeof a->role, "%s", row->text(row, 1));
	snprintf(a->districts, sizeof a->districts, "%s", row->text(row, 2));
	if (r->pwhash != NULL)
		snprintf(r->pwhash, crypto_pwhash_STRBYTES, "%s", row->text(row, 3));
	a->created_at = strtoll(row->text(row, 4), NULL, 10);
	a->disabled_at = strtoll(row->text(row, 5), NULL, 10);
	r->found = 1;
	if (r->fn != NULL && r->fn(a, r->ctx, r->err) != 0)
		r->failed = 1;
}

static int
acc_get(struct fc_sstore *st, const char *name, struct fc_saccount *out, char *pwhash, int *found,
	struct fc_error *err)
{
	struct fc_sstore_param p[] = {{name, 0}};
	struct acc_read r = {.out = out, .pwhash = pwhash, .err = err};

	if (acc_run(st, SQL_ACCOUNT_GET, p, 1, acc_read_row, &r, err) != 0)
		return -1;
	*found = r.found;
	return 0;
}

int
fc_sstore_account_get(struct fc_sstore *st, const char *name, struct fc_saccount *out,
		      struct fc_error *err)
{
	int found = 0;

	if (acc_get(st, name, out, NULL, &found, err) != 0)
		return -1;
	if (!found)
		return fc_error_set(err, FC_E_NOTFOUND, _("no console account %s"), name);
	return 0;
}

int
fc_sstore_account_each(struct fc_sstore *st, fc_saccount_fn fn, void *ctx, struct fc_error *err)
{
	struct acc_read r = {.fn = fn, .ctx = ctx, .err = err};

	if (acc_run(st, SQL_ACCOUNT_EACH, NULL, 0, acc_read_row, &r, err) != 0)
		return -1;
	return r.failed ? -1 : 0;
}

/* Failed logins */

struct acc_fail {
	long count;
	int64_t last;
};

static void
acc_fail_row(const struct fc_sstore_row *row, void *ctx)
{
	struct acc_fail *f = ctx;

	f->count = strtol(row->text(row, 0), NULL, 10);
	f->last = strtoll(row->text(row, 1), NULL, 10);
}

/*
 * Key's failures at now in *count; a row forgotten by now is deleted, so the
 * failure counted next is the first again.
 */
static int
acc_fail_count(struct fc_sstore *st, const char *key, time_t now, struct acc_fail *f,
	       struct fc_error *err)
{
	struct fc_sstore_param p[] = {{key, 0}};
	long n = 0;

	f->count = 0;
	f->last = 0;
	if (acc_run(st, SQL_FAIL_GET, p, 1, acc_fail_row, f, err) != 0)
		return -1;
	if (f->count > 0 && f->last + ACC_FAIL_FORGET <= (int64_t)now) {
		f->count = 0;
		return acc_run(st, SQL_FAIL_CLEAR, p, 1, acc_count_row, &n, err);
	}
	return 0;
}

/* Seconds key must still wait at now (0 when it may try). */
static int
acc_wait(struct fc_sstore *st, const char *key, long free_tries, time_t now, long *wait,
	 struct fc_error *err)
{
	struct acc_fail f = {0};
	long delay = ACC_WAIT_FIRST;

	*wait = 0;
	if (acc_fail_count(st, key, now, &f, err) != 0)
		return -1;
	if (f.count < free_tries)
		return 0;
	for (long i = free_tries; i < f.count && delay < ACC_WAIT_MAX; i++)
		delay *= 2;
	if (delay > ACC_WAIT_MAX)
		delay = ACC_WAIT_MAX;
	if (f.last + delay > (int64_t)now)
		*wait = (long)(f.last + delay - (int64_t)now);
	return 0;
}

static int
acc_fail_key(struct fc_sstore *st, enum sql_id id, const char *prefix, const char *what, time_t now,
	     struct fc_error *err)
{
	char key[160];
	long n = 0;

	snprintf(key, sizeof key, "%s%s", prefix, what);
	struct fc_sstore_param p[] = {{key, 0}, {NULL, (int64_t)now}};
	return acc_run(st, id, p, id == SQL_FAIL_ADD ? 2 : 1, acc_count_row, &n, err);
}

/* Delete failures forgotten by now, a batch at most once a minute per handle. */
static int
acc_fail_prune(struct fc_sstore *st, time_t now, struct fc_error *err)
{
	struct fc_sstore_param p[] = {{NULL, (int64_t)now - ACC_FAIL_FORGET},
				      {NULL, ACC_PRUNE_BATCH}};

	if (st->failures_pruned != 0 && now - st->failures_pruned < ACC_PRUNE_EVERY)
		return 0;
	if (acc_run(st, SQL_FAIL_PRUNE, p, 2, NULL, NULL, err) != 0)
		return -1;
	st->failures_pruned = now;
	return 0;
}

/* Sessions */

static void
acc_token_hash(const char *token, char out[FC_TOKEN_HEX])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, FC_TOKEN_HEX, h, sizeof h);
}

static void
acc_random_hex(char out[FC_TOKEN_HEX])
{
	unsigned char b[32];

	randombytes_buf(b, sizeof b);
	sodium_bin2hex(out, FC_TOKEN_HEX, b, sizeof b);
}

static int
acc_new_session(struct fc_sstore *st, const char *name, time_t now, char token[FC_TOKEN_HEX],
		char csrf[FC_TOKEN_HEX], struct fc_error *err)
{
	char hash[FC_TOKEN_HEX];
	long n = 0;

	acc_random_hex(token);
	acc_random_hex(csrf);
	acc_token_hash(token, hash);
	struct fc_sstore_param prune[] = {{NULL, (int64_t)now},
					  {NULL, (int64_t)now - FC_SESSION_IDLE}};
	struct fc_sstore_param p[] = {{hash, 0},
				      {name, 0},
				      {csrf, 0},
				      {NULL, (int64_t)now},
				      {NULL, (int64_t)now + FC_SESSION_MAX_AGE}};
	if (acc_run(st, SQL_SESSION_PRUNE, prune, 2, acc_count_row, &n, err) != 0)
		return -1;
	return acc_run(st, SQL_SESSION_ADD, p, 5, acc_count_row, &n, err);
}

/* Is the password right? An unknown account costs the same Argon2id time. */
static int
acc_verify(const char *pwhash, int found, const char *password)
{
	char dummy[crypto_pwhash_STRBYTES];
	int ok;

	pthread_mutex_lock(&acc_hash_lock);
	if (found) {
		ok = crypto_pwhash_str_verify(pwhash, password, strlen(password)) == 0;
	} else {
		ok = 0;
		if (crypto_pwhash_str(dummy, password, strlen(password),
				      crypto_pwhash_OPSLIMIT_INTERACTIVE,
				      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
			ok = 0;
	}
	pthread_mutex_unlock(&acc_hash_lock);
	return ok;
}

#define ACC_BAD_LOGIN "wrong account name or password, or the account is disabled"

/*
 * The key of name's failures from addr ("p:ADDR NAME"; an address has no
 * blank): what a right password takes off the address's count, so one
 * account's owner cannot clear the guesses made at others from there.
 */
static void
acc_pair_key(const char *name, const char *addr, char *key, size_t size)
{
	snprintf(key, size, "p:%s %s", addr, name);
}

/*
 * May name try from addr at now? 0 with the attempt counted as a failure
 * (forgiven when the password is right), or -1: FC_E_LOCKED with *wait_out,
 * or a store fault. One login at a time passes here (acc_fail_lock).
 */
static int
acc_may_try(struct fc_sstore *st, const char *name, const char *addr, time_t now, long *wait_out,
	    struct fc_error *err)
{
	char key[160], pair[160];
	struct acc_fail f;
	long wait_acc = 0, wait_addr = 0;
	int rc = -1;

	pthread_mutex_lock(&acc_fail_lock);
	snprintf(key, sizeof key, "u:%s", name);
	if (acc_wait(st, key, ACC_FREE_PER_ACCOUNT, now, &wait_acc, err) != 0)
		goto out;
	snprintf(key, sizeof key, "a:%s", addr);
	if (acc_wait(st, key, ACC_FREE_PER_ADDRESS, now, &wait_addr, err) != 0)
		goto out;
	if (wait_acc > 0 || wait_addr > 0) {
		*wait_out = wait_acc > wait_addr ? wait_acc : wait_addr;
		fc_error_set(err, FC_E_LOCKED, "too many failed logins; try again in %ld seconds",
			     *wait_out);
		goto out;
	}
	/* A pair's old failures left the address's count when it was forgotten. */
	acc_pair_key(name, addr, pair, sizeof pair);
	if (acc_fail_count(st, pair, now, &f, err) != 0 ||
	    acc_fail_key(st, SQL_FAIL_ADD, "u:", name, now, err) != 0 ||
	    acc_fail_key(st, SQL_FAIL_ADD, "a:", addr, now, err) != 0 ||
	    acc_fail_key(st, SQL_FAIL_ADD, "", pair, now, err) != 0)
		goto out;
	rc = 0;
out:
	pthread_mutex_unlock(&acc_fail_lock);
	return rc;
}

/*
 * Name logged in from addr: its account's failures are cleared, and the
 * address's count loses the ones name made from there (this attempt among
 * them). The guesses at other accounts from addr stay counted.
 */
static int
acc_forgive(struct fc_sstore *st, const char *name, const char *addr, time_t now,
	    struct fc_error *err)
{
	char key[160], pair[160];
	struct acc_fail f;
	long n = 0;
	int rc = -1;

	pthread_mutex_lock(&acc_fail_lock);
	acc_pair_key(name, addr, pair, sizeof pair);
	snprintf(key, sizeof key, "a:%s", addr);
	if (acc_fail_count(st, pair, now, &f, err) != 0)
		goto out;
	struct fc_sstore_param p[] = {{key, 0}, {NULL, f.count}};
	if (acc_run(st, SQL_FAIL_FORGIVE, p, 2, acc_count_row, &n, err) != 0 ||
	    acc_fail_key(st, SQL_FAIL_CLEAR, "", pair, now, err) != 0 ||
	    acc_fail_key(st, SQL_FAIL_CLEAR, "u:", name, now, err) != 0)
		goto out;
	rc = 0;
out:
	pthread_mutex_unlock(&acc_fail_lock);
	return rc;
}

int
fc_sstore_login(struct fc_sstore *st, const char *name, const char *password, const char *addr,
		time_t now, char token_out[FC_TOKEN_HEX], struct fc_ssession *out, long *wait_out,
		struct fc_error *err)
{
	char pwhash[crypto_pwhash_STRBYTES] = "";
	int found = 0;

	*wait_out = 0;
	if (acc_fail_prune(st, now, err) != 0 ||
	    acc_may_try(st, name, addr, now, wait_out, err) != 0 ||
	    acc_get(st, name, &out->account, pwhash, &found, err) != 0)
		return -1;
	if (!acc_verify(pwhash, found, password) || out->account.disabled_at != 0)
		return fc_error_set(err, FC_E_REFUSED, ACC_BAD_LOGIN);
	if (acc_forgive(st, name, addr, now, err) != 0)
		return -1;
	out->expires_at = (int64_t)now + FC_SESSION_MAX_AGE;
	return acc_new_session(st, name, now, token_out, out->csrf, err);
}

/* Session rows: user_name, csrf, expires_at, seen_at. */
struct acc_sess {
	char user[FC_ID_MAX];
	char csrf[FC_TOKEN_HEX];
	int64_t expires, seen;
	int found;
};

static void
acc_sess_row(const struct fc_sstore_row *row, void *ctx)
{
	struct acc_sess *s = ctx;

	snprintf(s->user, sizeof s->user, "%s", row->text(row, 0));
	snprintf(s->csrf, sizeof s->csrf, "%s", row->text(row, 1));
	s->expires = strtoll(row->text(row, 2), NULL, 10);
	s->seen = strtoll(row->text(row, 3), NULL, 10);
	s->found = 1;
}

int
fc_sstore_session(struct fc_sstore *st, const char *token, time_t now, struct fc_ssession *out,
		  struct fc_error *err)
{
	char hash[FC_TOKEN_HEX];
	struct acc_sess s = {0};
	int found = 0;
	long n = 0;

	if (strlen(token) != FC_TOKEN_HEX - 1)
		return fc_error_set(err, FC_E_NOTFOUND, "not logged in");
	acc_token_hash(token, hash);
	struct fc_sstore_param p[] = {{hash, 0}};
	if (acc_run(st, SQL_SESSION_GET, p, 1, acc_sess_row, &s, err) != 0)
		return -1;
	if (!s.found || s.expires <= (int64_t)now || s.seen + FC_SESSION_IDLE <= (int64_t)now)
		return fc_error_set(err, FC_E_NOTFOUND, "not logged in, or the session has ended");
	if (acc_get(st, s.user, &out->account, NULL, &found, err) != 0)
		return -1;
	if (!found || out->account.disabled_at != 0)
		return fc_error_set(err, FC_E_NOTFOUND, "the account is disabled");
	snprintf(out->csrf, sizeof out->csrf, "%s", s.csrf);
	out->expires_at = s.expires;
	/* Touch at most once a minute: a page's requests need not each write a row. */
	if (s.seen + 60 > (int64_t)now)
		return 0;
	struct fc_sstore_param t[] = {{hash, 0}, {NULL, (int64_t)now}};
	return acc_run(st, SQL_SESSION_TOUCH, t, 2, acc_count_row, &n, err);
}

int
fc_sstore_logout(struct fc_sstore *st, const char *token, struct fc_error *err)
{
	char hash[FC_TOKEN_HEX];
	long n = 0;

	acc_token_hash(token, hash);
	struct fc_sstore_param p[] = {{hash, 0}};
	return acc_run(st, SQL_SESSION_DEL, p, 1, acc_count_row, &n, err);
}
