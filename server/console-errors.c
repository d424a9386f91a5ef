/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console-errors.c: every error the console's API answers, in one table:
 * a short code the pages and tests can branch on, the HTTP status, and the
 * message, in the language of the request (Chinese unless it asks for
 * English, like the pages).
 *
 * The Chinese messages come from the programs' catalogue (po/zh_CN.po)
 * through core/lang.h, read once before the request threads start: gettext
 * picks its language from process-wide state (LANGUAGE, the locale), which a
 * thread answering an English page must not switch under one answering a
 * Chinese one, and which stays with the administrator's language.
 *
 * What a store or file failure said (in the administrator's language, with
 * paths and SQL) goes to the server's log with the request id; the browser
 * gets the table's message for its kind of failure.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "core/lang.h"
#include "core/utf8.h"
#include "server/console.h"

#define N_(s) s
#define ERR_ARG_MAX 200 /* bytes of one argument shown: an id, a district list, a URL */

static const struct console_err {
	const char *code;
	unsigned status;
	const char *msg; /* English; each %s is an argument, in order */
} console_errs[FC_CERR_COUNT] = {
    [FC_CERR_LOGIN_PAGE] = {"login_page", MHD_HTTP_FORBIDDEN,
			    N_("Log in from the console's own login page.")},
    [FC_CERR_LOGIN_FIELDS] = {"login_fields", MHD_HTTP_BAD_REQUEST,
			      N_("Give an account name and a password.")},
    [FC_CERR_LOGIN_WRONG] = {"login_wrong", MHD_HTTP_UNAUTHORIZED,
			     N_("Wrong account name or password.")},
    [FC_CERR_LOGIN_LOCKED] = {"login_locked", MHD_HTTP_TOO_MANY_REQUESTS,
			      N_("Too many failed logins; try again in %s seconds.")},
    [FC_CERR_SESSION] = {"session", MHD_HTTP_UNAUTHORIZED,
			 N_("Not logged in, or the session has ended.")},
    [FC_CERR_CSRF] = {"csrf", MHD_HTTP_FORBIDDEN,
		      N_("The request lacks the page's CSRF token; reload the page.")},
    [FC_CERR_DISTRICT] = {"district", MHD_HTTP_FORBIDDEN,
			  N_("Account %s may not see district %s (its districts: %s).")},
    [FC_CERR_NO_CALL] = {"no_call", MHD_HTTP_NOT_FOUND, N_("No such console call: %s %s.")},
    [FC_CERR_METHOD] = {"method", MHD_HTTP_METHOD_NOT_ALLOWED,
			N_("The console call %s does not take %s.")},
    [FC_CERR_NO_PAGE] = {"no_page", MHD_HTTP_NOT_FOUND, N_("No such console page: %s.")},
    [FC_CERR_READ_ONLY] = {"read_only", MHD_HTTP_METHOD_NOT_ALLOWED,
			   N_("The console's pages are only read.")},
    [FC_CERR_PAGE_ARGS] = {"page_args", MHD_HTTP_BAD_REQUEST,
			   N_("Limit and offset are whole numbers.")},
    [FC_CERR_BAD_TEXT] = {"bad_text", MHD_HTTP_BAD_REQUEST,
			  N_("The parameter %s is not UTF-8 text.")},
    [FC_CERR_UNKNOWN_VALUE] = {"unknown_value", MHD_HTTP_BAD_REQUEST,
			       N_("The %s '%s' is not known: it is one of %s.")},
    [FC_CERR_SEARCH_EMPTY] = {"search_empty", MHD_HTTP_BAD_REQUEST,
			      N_("Give an id, address, resident or phone to search for.")},
    [FC_CERR_NO_RECORD] = {"no_record", MHD_HTTP_NOT_FOUND, N_("No record %s.")},
    [FC_CERR_NO_HOUSEHOLD] = {"no_household", MHD_HTTP_NOT_FOUND, N_("No household %s.")},
    [FC_CERR_NO_PHOTO] = {"no_photo", MHD_HTTP_NOT_FOUND, N_("No such photo.")},
    [FC_CERR_PHOTO_NOT_NAMED] = {"photo_not_named", MHD_HTTP_FORBIDDEN,
				 N_("Record %s names no such photo.")},
    [FC_CERR_PHOTO_MISSING] = {"photo_missing", MHD_HTTP_NOT_FOUND,
			       N_("The photo has not reached the server yet.")},
    [FC_CERR_NO_NOTICE] = {"no_notice", MHD_HTTP_NOT_FOUND,
			   N_("Record %s found no hazard and is not a nobody-home visit: it "
			      "gives no notice.")},
    [FC_CERR_REVIEW_FIELDS] = {"review_fields", MHD_HTTP_BAD_REQUEST,
			       N_("Give the record, the state (accepted or returned) and, for a "
				  "return, a comment.")},
    [FC_CERR_REVIEW_RULES] = {"review_rules", MHD_HTTP_BAD_REQUEST,
			      N_("A review accepts a record, or returns it with a comment saying "
				 "what to correct (at most %s bytes).")},
    [FC_CERR_REVIEW_DISTRICT] = {"review_district", MHD_HTTP_FORBIDDEN,
				 N_("Record %s is outside your districts (%s).")},
    [FC_CERR_REVIEW_SUPERSEDED] = {"review_superseded", MHD_HTTP_CONFLICT,
				   N_("Record %s has been corrected by %s: review the current "
				      "version.")},
    [FC_CERR_EXPORT_PROGRAMME] = {"export_programme", MHD_HTTP_BAD_REQUEST,
				  N_("No checklist of programme '%s' (gas, selfbuilt, rural).")},
    [FC_CERR_EXPORT_CSV_ONE] = {"export_csv_one", MHD_HTTP_BAD_REQUEST,
				N_("A CSV file holds one programme: choose gas, selfbuilt or "
				   "rural, or export XLSX for a sheet each.")},
    [FC_CERR_EXPORT_FAILED] = {"export_failed", MHD_HTTP_INTERNAL_SERVER_ERROR,
			       N_("The server could not write the export; its log says why.")},
    [FC_CERR_RECORD_UNREADABLE] = {"record_unreadable", MHD_HTTP_INTERNAL_SERVER_ERROR,
				   N_("Record %s cannot be read on the server; its log says "
				      "why.")},
    [FC_CERR_PHOTO_UNREADABLE] = {"photo_unreadable", MHD_HTTP_INTERNAL_SERVER_ERROR,
				  N_("The server cannot send the photo; its log says why.")},
    [FC_CERR_BUSY] = {"busy", MHD_HTTP_SERVICE_UNAVAILABLE,
		      N_("The server is busy; try again in a minute.")},
    [FC_CERR_FULL] = {"full", MHD_HTTP_INSUFFICIENT_STORAGE, N_("The server's disk is full.")},
    [FC_CERR_NOMEM] = {"nomem", MHD_HTTP_INTERNAL_SERVER_ERROR,
		       N_("The server ran out of memory.")},
    [FC_CERR_STORE] = {"store", MHD_HTTP_INTERNAL_SERVER_ERROR,
		       N_("The server could not read its store; its log says why.")},
    /* Refused by serve.c before the console sees the request (server_refuse_early). */
    [FC_CERR_TOO_LARGE] = {"too_large", MHD_HTTP_CONTENT_TOO_LARGE,
			   N_("The request is larger than the server takes (%s bytes at most).")},
    [FC_CERR_BODY_HASH] = {"body_hash", MHD_HTTP_BAD_REQUEST,
			   N_("The request's body does not match its %s header.")},
};

const char *
fc_console_lang(struct fc_server_req *r)
{
	const char *lang = fc_server_arg(r, "lang");

	/*
	 * The page's switch (?lang=) over the browser's Accept-Language (r->lang);
	 * a lang= naming neither leaves the browser's (an export refuses it in
	 * that language).
	 */
	if (lang != NULL && (strcmp(lang, "en") == 0 || strcmp(lang, "zh") == 0))
		return strcmp(lang, "en") == 0 ? "en" : "zh";
	return r->lang != NULL ? r->lang : "zh";
}

void
fc_console_text_clean(const char *s, char *out, size_t size)
{
	/* Controls stay: the text goes into JSON, whose encoder escapes them. */
	fc_utf8_escape(s, 0, out, size);
}

/*
 * fmt with each %s replaced by the next argument (at most ERR_ARG_MAX bytes
 * of it, cleaned of bytes that are not UTF-8: an answer is JSON, and a
 * request's URL or parameter may hold anything). Only %s is read, so a
 * translation can never make this read an argument as another type.
 */
static void
console_errs_fill(char *out, size_t size, const char *fmt, va_list ap)
{
	size_t n = 0;

	while (*fmt != '\0' && n + 1 < size) {
		if (fmt[0] == '%' && fmt[1] == 's') {
			const char *a = va_arg(ap, const char *);
			char shown[ERR_ARG_MAX + 1];
			size_t len;

			fc_console_text_clean(a != NULL ? a : "", shown, sizeof shown);
			len = strlen(shown);
			if (len > size - 1 - n)
				len = 0;
			memcpy(out + n, shown, len);
			n += len;
			fmt += 2;
			continue;
		}
		out[n++] = *fmt++;
	}
	out[n] = '\0';
}

/* The answer's body for code in r's language, each %s of its message from ap. */
static json_t *
console_err_vobj(struct fc_server_req *r, enum fc_cerr code, va_list ap)
{
	const struct console_err *e = &console_errs[code];
	const char *fmt = fc_gettext(fc_console_lang(r), e->msg);
	char msg[1024];

	console_errs_fill(msg, sizeof msg, fmt, ap);
	return json_pack("{s:s,s:s}", "error", msg, "code", e->code);
}

json_t *
fc_console_err_obj(struct fc_server_req *r, enum fc_cerr code, unsigned *status, ...)
{
	va_list ap;
	json_t *obj;

	va_start(ap, status);
	obj = console_err_vobj(r, code, ap);
	va_end(ap);
	*status = console_errs[code].status;
	return obj;
}

int
fc_console_fail(struct fc_server_req *r, enum fc_cerr code, ...)
{
	va_list ap;
	json_t *obj;

	va_start(ap, code);
	obj = console_err_vobj(r, code, ap);
	va_end(ap);
	return fc_console_json(r, console_errs[code].status, obj);
}

char *
fc_console_nomem_text(struct fc_server_req *r)
{
	const struct console_err *e = &console_errs[FC_CERR_NOMEM];
	char text[256];

	/* Neither message holds a quote or a backslash: the text is JSON as it is. */
	snprintf(text, sizeof text, "{\"error\":\"%s\",\"code\":\"%s\"}",
		 fc_gettext(fc_console_lang(r), e->msg), e->code);
	return strdup(text);
}

enum fc_cerr
fc_console_err_of(const struct fc_error *err)
{
	switch (err->code) {
	case FC_E_BUSY:
		return FC_CERR_BUSY;
	case FC_E_FULL:
		return FC_CERR_FULL;
	case FC_E_NOMEM:
		return FC_CERR_NOMEM;
	default:
		return FC_CERR_STORE;
	}
}

int
fc_console_fail_store(struct fc_server_req *r, const struct fc_error *err)
{
	fprintf(stderr, "<3>fieldcheck-server: %s %s %s: %s\n", r->rid, r->method, r->url,
		err->msg);
	return fc_console_fail(r, fc_console_err_of(err));
}
