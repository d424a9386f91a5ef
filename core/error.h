/* SPDX-License-Identifier: Apache-2.0 */
/*
 * error.h: how every fieldcheck function reports failure.
 *
 * A function that can fail returns 0 or -1 and, on failure, fills the caller's
 * struct fc_error with a code (callers branch on it) and a message the user can
 * act on ("<what>: <why>", UTF-8, no newline). On success err is left alone, so
 * calls chain with ||. Only main() turns an error into output and an exit status.
 */
#ifndef FC_ERROR_H
#define FC_ERROR_H

#include <stddef.h>

enum fc_errc {
	FC_E_OK = 0,
	FC_E_USAGE,    /* bad command line: exit 2 */
	FC_E_INVALID,  /* input that was checked and is wrong (CSV, answers) */
	FC_E_CHAIN,    /* a signature, hash or chain link does not verify */
	FC_E_NOTFOUND, /* no such record, household, template, file */
	FC_E_EXISTS,   /* already there (a home already initialised, a duplicate) */
	FC_E_PIN,      /* wrong PIN */
	FC_E_LOCKED,   /* too many wrong PINs: wait */
	FC_E_IO,       /* a file could not be read or written */
	FC_E_FULL,     /* device storage full; nothing was saved */
	FC_E_BUSY,     /* the store is in use by another process */
	FC_E_DB,       /* the database said no for another reason */
	FC_E_NOMEM,    /* out of memory */
	FC_E_CRYPTO,   /* libsodium failed */
	FC_E_NET,      /* no network, the server did not answer */
	FC_E_REFUSED,  /* the server answered and refused */
	FC_E_INTERNAL, /* a broken assumption; a bug */
};

struct fc_error {
	enum fc_errc code; /* kind of failure: callers branch on this */
	char msg[512];	   /* "<what>: <why>", UTF-8, no newline */
};

/* Fill err (which may be NULL) and return -1, so a failure path is one line. */
int fc_error_set(struct fc_error *err, enum fc_errc code, const char *fmt, ...)
    __attribute__((__format__(printf, 3, 4)));

/* Put "<context>: " in front of err's message; returns -1 like fc_error_set. */
int fc_error_prefix(struct fc_error *err, const char *fmt, ...)
    __attribute__((__format__(printf, 2, 3)));

/* Forget a previous failure. */
void fc_error_clear(struct fc_error *err);

/* Short English name of a code ("chain", "invalid", ...), for --json output. */
const char *fc_error_code_name(enum fc_errc code);

/* Exit status for main(): 2 for usage, 1 for everything else that failed. */
int fc_error_exit_status(const struct fc_error *err);

#endif
