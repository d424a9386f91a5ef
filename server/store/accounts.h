/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/accounts.h: console accounts, their sessions and the slowing of
 * failed logins (store/accounts.c; docs/operating.md, "Accounts and the
 * console").
 *
 * An account is a supervisor with a list of districts, or a city account
 * with every district ("*"). Its password is kept only as libsodium's
 * Argon2id string. A session is a random token in an HttpOnly cookie; the
 * store keeps the token's BLAKE2b hash and a CSRF token the browser sends
 * back on every state-changing request. Everything here is rows, so several
 * server processes over one PostgreSQL store agree on it.
 */
#ifndef FC_SERVER_STORE_ACCOUNTS_H
#define FC_SERVER_STORE_ACCOUNTS_H

#include <stdint.h>
#include <time.h>

#include "core/error.h"
#include "core/ids.h"
#include "server/store/store.h"

#define FC_ROLE_CITY "city"
/* A session token and a CSRF token: 32 random bytes as hex. */
#define FC_TOKEN_HEX 65
/* A password: at least this many characters (bytes of UTF-8 count once each). */
#define FC_PASSWORD_MIN 10
#define FC_PASSWORD_MAX 256

struct fc_saccount {
	char name[FC_ID_MAX];
	char role[16];			  /* FC_ROLE_SUPERVISOR or FC_ROLE_CITY */
	char districts[FC_DISTRICTS_MAX]; /* "*" for city, else "D1,D2" */
	int64_t created_at;
	int64_t disabled_at; /* 0 while the account may log in */
};

/*
 * Check a new account's name, role and districts (a supervisor needs at least
 * one district, each a district id; a city account has "*"). FC_E_USAGE with
 * the reason otherwise. Normalises a->districts for a city account.
 */
int fc_saccount_check(struct fc_saccount *a, struct fc_error *err);
/* FC_E_USAGE unless password has FC_PASSWORD_MIN..MAX characters. */
int fc_saccount_password_check(const char *password, struct fc_error *err);

/* Add an account with password; FC_E_EXISTS when the name is taken. */
int fc_sstore_account_add(struct fc_sstore *st, const struct fc_saccount *a, const char *password,
			  time_t now, struct fc_error *err);
/* New password; ends the account's sessions. FC_E_NOTFOUND when unknown. */
int fc_sstore_account_passwd(struct fc_sstore *st, const char *name, const char *password,
			     struct fc_error *err);
/* Disable (disable != 0, ending its sessions) or enable again. FC_E_NOTFOUND when unknown. */
int fc_sstore_account_disable(struct fc_sstore *st, const char *name, int disable, time_t now,
			      struct fc_error *err);
/* FC_E_NOTFOUND when unknown. */
int fc_sstore_account_get(struct fc_sstore *st, const char *name, struct fc_saccount *out,
			  struct fc_error *err);
typedef int (*fc_saccount_fn)(const struct fc_saccount *a, void *ctx, struct fc_error *err);
/* Every account by name. */
int fc_sstore_account_each(struct fc_sstore *st, fc_saccount_fn fn, void *ctx,
			   struct fc_error *err);

/* Sessions */

/* An idle session ends after this; any session after FC_SESSION_MAX_AGE. */
#define FC_SESSION_IDLE (60 * 60)
#define FC_SESSION_MAX_AGE (12 * 60 * 60)

struct fc_ssession {
	struct fc_saccount account;
	char csrf[FC_TOKEN_HEX];
	int64_t expires_at;
};

/*
 * Log name in with password from address addr. On success a new session:
 * token_out for the cookie, out->csrf for the page. A wrong name or password
 * (or a disabled account) is FC_E_REFUSED with one message for all three;
 * while the account or the address is being slowed down the attempt is not
 * checked at all: FC_E_LOCKED, *wait_out the seconds left.
 */
int fc_sstore_login(struct fc_sstore *st, const char *name, const char *password, const char *addr,
		    time_t now, char token_out[FC_TOKEN_HEX], struct fc_ssession *out,
		    long *wait_out, struct fc_error *err);
/* The live session of token (touching it); FC_E_NOTFOUND when none or ended. */
int fc_sstore_session(struct fc_sstore *st, const char *token, time_t now, struct fc_ssession *out,
		      struct fc_error *err);
/* End the session of token (nothing when there is none). */
int fc_sstore_logout(struct fc_sstore *st, const char *token, struct fc_error *err);

/* 1 when the account may see district (its list has it, or it is a city account). */
int fc_saccount_sees(const struct fc_saccount *a, const char *district);

#endif
