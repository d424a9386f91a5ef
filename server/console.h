/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console.h: what the files of the supervisors' console share
 * (server/console*.c): one request's context, the answers, and the scoping
 * rule every data endpoint goes through. docs/operating.md, "Accounts and
 * the console", describes it from the outside.
 */
#ifndef FC_SERVER_CONSOLE_H
#define FC_SERVER_CONSOLE_H

#include <jansson.h>

#include "server/server.h"
#include "server/store/accounts.h"

struct console_ctx {
	struct fc_server_req *r;
	struct fc_ssession sess; /* the logged-in account (session routes only) */
	const char *rest;	 /* the path after a prefix route */
	time_t now;
};

/* Answer obj (stolen) as JSON, never cached, with the console's security headers. */
int fc_console_json(struct fc_server_req *r, unsigned status, json_t *obj);
/*
 * Every error the console answers (server/console-errors.c holds the table:
 * code, HTTP status, message). The message is in the request's language
 * (fc_console_lang); its %s are filled from the arguments that follow, in
 * order, all const char *.
 */
enum fc_cerr {
	FC_CERR_LOGIN_PAGE,	   /* 403 a login not sent as JSON from this origin */
	FC_CERR_LOGIN_FIELDS,	   /* 400 no name or password */
	FC_CERR_LOGIN_WRONG,	   /* 401 */
	FC_CERR_LOGIN_LOCKED,	   /* 429 %s seconds */
	FC_CERR_SESSION,	   /* 401 no session */
	FC_CERR_CSRF,		   /* 403 a state-changing call without the page's token */
	FC_CERR_DISTRICT,	   /* 403 account, district, its districts */
	FC_CERR_NO_CALL,	   /* 404 method, URL */
	FC_CERR_METHOD,		   /* 405 call, method */
	FC_CERR_NO_PAGE,	   /* 404 URL */
	FC_CERR_READ_ONLY,	   /* 405 a static file asked with POST */
	FC_CERR_PAGE_ARGS,	   /* 400 limit, offset */
	FC_CERR_BAD_TEXT,	   /* 400 the parameter that is not UTF-8 */
	FC_CERR_UNKNOWN_VALUE,	   /* 400 parameter, value, the values it takes */
	FC_CERR_SEARCH_EMPTY,	   /* 400 */
	FC_CERR_NO_RECORD,	   /* 404 id */
	FC_CERR_NO_HOUSEHOLD,	   /* 404 id */
	FC_CERR_NO_PHOTO,	   /* 404 not a photo's hash */
	FC_CERR_PHOTO_NOT_NAMED,   /* 403 record */
	FC_CERR_PHOTO_MISSING,	   /* 404 */
	FC_CERR_NO_NOTICE,	   /* 404 record */
	FC_CERR_REVIEW_FIELDS,	   /* 400 */
	FC_CERR_REVIEW_RULES,	   /* 400 the comment's bytes at most */
	FC_CERR_REVIEW_DISTRICT,   /* 403 record, the account's districts */
	FC_CERR_REVIEW_SUPERSEDED, /* 409 record, the version that corrected it */
	FC_CERR_EXPORT_PROGRAMME,  /* 400 programme */
	FC_CERR_EXPORT_CSV_ONE,	   /* 400 */
	FC_CERR_EXPORT_FAILED,	   /* 500 */
	FC_CERR_RECORD_UNREADABLE, /* 500 record */
	FC_CERR_PHOTO_UNREADABLE,  /* 500 */
	FC_CERR_BUSY,		   /* 503 */
	FC_CERR_FULL,		   /* 507 */
	FC_CERR_NOMEM,		   /* 500 */
	FC_CERR_STORE,		   /* 500 */
	FC_CERR_TOO_LARGE,	   /* 413 the bytes taken at most */
	FC_CERR_BODY_HASH,	   /* 400 the header's name */
	FC_CERR_COUNT
};
/* Answer code as {"error": message, "code": name} with its status. */
int fc_console_fail(struct fc_server_req *r, enum fc_cerr code, ...);
/* The same body, for an answer with more in it; *status gets the code's status. */
json_t *fc_console_err_obj(struct fc_server_req *r, enum fc_cerr code, unsigned *status, ...);
/*
 * s for a message or the audit log: valid UTF-8 as it is, each byte of an
 * invalid sequence as \xNN (a JSON answer and PostgreSQL take only UTF-8),
 * cut at a character's start to fit size.
 */
void fc_console_text_clean(const char *s, char *out, size_t size);
/*
 * The nomem answer's body in r's language, made without jansson (whose
 * allocation has just failed): a copy to free, or NULL.
 */
char *fc_console_nomem_text(struct fc_server_req *r);
/* A failure of the store or a file: its words to the log, the table's to the browser. */
int fc_console_fail_store(struct fc_server_req *r, const struct fc_error *err);
enum fc_cerr fc_console_err_of(const struct fc_error *err);
/* "zh" or "en": ?lang=, else the browser's first of zh and en; Chinese by default. */
const char *fc_console_lang(struct fc_server_req *r);
/* The console's headers on any response it sends (CSP, nosniff, framing, referrer). */
struct MHD_Response;
void fc_console_headers(struct MHD_Response *resp);

/*
 * The district filter of a request: the district argument when the account
 * sees it, "" (all of the account's districts) when none was given. Another
 * district answers 403 and returns 1 (*mhd holds the answer).
 */
int fc_console_district(struct console_ctx *c, const char **district, int *mhd);
/* A query argument, "" when absent. */
const char *fc_console_arg(struct console_ctx *c, const char *name);
/*
 * A parameter that takes one of a fixed set of words (words, NULL-ended):
 * its value, or "" when absent; any other value answers 400 unknown_value
 * naming the parameter and every word it takes into *mhd, and returns NULL.
 * Every closed-set filter goes through here, so all refuse alike.
 */
const char *fc_console_choice(struct console_ctx *c, const char *name, const char *const *words,
			      int *mhd);
/* That refusal of value for name: 400 unknown_value with the words name takes. */
int fc_console_refuse(struct console_ctx *c, const char *name, const char *value,
		      const char *const *words);
/*
 * A "programme" or "severity" parameter: "" when absent, else one that a
 * checklist the server holds gives (installed or added: server/held-words.h),
 * else 400 unknown_value into *mhd listing those there are, and NULL.
 */
const char *fc_console_held(struct console_ctx *c, const char *name, int *mhd);
/* A whole number argument: dflt when absent, capped at max, -1 when it is not a number >= 0. */
long fc_console_num(struct console_ctx *c, const char *name, long dflt, long max);
/* 1 when the account sees district; else answers 403 into *mhd and returns 0. */
int fc_console_sees(struct console_ctx *c, const char *district, int *mhd);
/*
 * 1 when the account reads the record row rec (its "district", the one it was
 * stored under, and its "household"): by that district or by its household's
 * now (fc_sstore_reads_record); else answers 403 (or the store's failure)
 * into *mhd and returns 0.
 */
int fc_console_reads(struct console_ctx *c, json_t *rec, int *mhd);

/* A line in the audit log for a console act; a failure to write it is logged, not fatal. */
void fc_console_audit(struct fc_server_req *r, const char *actor, const char *action,
		      const char *detail);

/* The catalogue of the console's words (server/console-strings.c). */
void fc_console_strings_init(void);
json_t *fc_console_strings(const char *lang);
/* The words of reviews and warnings (server/console-words-loop.c). */
extern const char *const fc_console_loop_words[];
extern const size_t fc_console_loop_nwords;
/* One word of the catalogue in lang ("zh" or "en"); the word itself when it has none. */
const char *fc_console_word(const char *lang, const char *word);

/* The templates, loaded once (labels, the gas alarm's items). */
struct fc_templates;
const struct fc_templates *fc_console_templates(void);

/* Data endpoints (server/console-api.c, console-overview.c). */
int fc_console_overview(struct console_ctx *c);
int fc_console_hazards(struct console_ctx *c);
int fc_console_households(struct console_ctx *c);
int fc_console_household(struct console_ctx *c);
int fc_console_records(struct console_ctx *c);
int fc_console_record(struct console_ctx *c);
int fc_console_photo(struct console_ctx *c);
int fc_console_inspectors(struct console_ctx *c);
/* Exports (server/console-export.c). */
int fc_console_export(struct console_ctx *c);
/* Reviews and warnings (server/console-loop.c). */
int fc_console_reviews(struct console_ctx *c);
int fc_console_review_add(struct console_ctx *c);
int fc_console_warnings(struct console_ctx *c);
/* A record's printable notice (server/console-notice.c). */
int fc_console_notice(struct console_ctx *c);

#endif
