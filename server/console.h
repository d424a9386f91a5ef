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
/* Answer {"error": msg} with status. */
int fc_console_error(struct fc_server_req *r, unsigned status, const char *fmt, ...)
    __attribute__((__format__(printf, 3, 4)));
/* Answer {"error": err's message} with the HTTP status its code means (400, 403, 404, 503, 500). */
int fc_console_fail(struct fc_server_req *r, const struct fc_error *err);
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
/* A whole number argument: dflt when absent, capped at max, -1 when it is not a number >= 0. */
long fc_console_num(struct console_ctx *c, const char *name, long dflt, long max);
/* 1 when the account sees district; else answers 403 into *mhd and returns 0. */
int fc_console_sees(struct console_ctx *c, const char *district, int *mhd);

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
