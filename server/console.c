/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console.c: the supervisors' console under /console/: its routes, who may
 * call them, its sessions and the static files of web/.
 *
 * A session is a random token in a cookie that scripts cannot read
 * (HttpOnly), that the browser never sends from another site
 * (SameSite=Strict) and, behind the TLS proxy, only over TLS (Secure, when
 * the trusted proxy says X-Forwarded-Proto: https). Every state-changing
 * request also carries the session's CSRF token in X-CSRF-Token; login,
 * which has no session yet, must be a JSON body (a form on another site
 * cannot send one without the browser asking this server first) from this
 * origin. Every response carries a Content-Security-Policy that lets the
 * pages load nothing but this server's own files. The data endpoints
 * (console-api.c, console-export.c) are scoped to the account's districts.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "core/utf8.h"
#include "server/console.h"
#include "server/ratelimit.h"

#define CONSOLE_COOKIE "fc_session"
#define CONSOLE_API "/console/api/"
/* Debian's libjs-chart.js: the UMD build, which defines the global Chart. */
#define CONSOLE_CHARTJS "/usr/share/javascript/chart.js/chart.min.js"
#define CONSOLE_CSP                                                                                \
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "          \
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "             \
	"frame-ancestors 'none'"

void
fc_console_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy", CONSOLE_CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
}

/* Answer text (taken) with the console's headers; extra is one more header or NULL. */
static int
console_send(struct fc_server_req *r, unsigned status, char *text, size_t len, const char *type,
	     const char *extra_name, const char *extra_value)
{
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);

	if (resp == NULL) {
		free(text);
		return MHD_NO;
	}
	fc_console_headers(resp);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (extra_name != NULL)
		MHD_add_response_header(resp, extra_name, extra_value);
	return fc_server_respond(r, status, resp);
}

static int
console_json_with(struct fc_server_req *r, unsigned status, json_t *obj, const char *hname,
		  const char *hvalue)
{
	char *text = obj != NULL ? json_dumps(obj, JSON_COMPACT) : NULL;

	json_decref(obj);
	if (text == NULL) {
		text = fc_console_nomem_text(r);
		status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		if (text == NULL)
			return MHD_NO;
	}
	return console_send(r, status, text, strlen(text), "application/json; charset=utf-8", hname,
			    hvalue);
}

int
fc_console_json(struct fc_server_req *r, unsigned status, json_t *obj)
{
	return console_json_with(r, status, obj, NULL, NULL);
}

/* Scoping */

int
fc_console_sees(struct console_ctx *c, const char *district, int *mhd)
{
	if (fc_saccount_sees(&c->sess.account, district))
		return 1;
	*mhd = fc_console_fail(c->r, FC_CERR_DISTRICT, c->sess.account.name, district,
			       c->sess.account.districts);
	return 0;
}

int
fc_console_reads(struct console_ctx *c, json_t *rec, int *mhd)
{
	const char *stored = json_string_value(json_object_get(rec, "district"));
	const char *household = json_string_value(json_object_get(rec, "household"));
	struct fc_error err = {0};
	int reads = 0;

	if (fc_sstore_reads_record(c->r->st, c->sess.account.districts, stored ? stored : "",
				   household ? household : "", &reads, &err) != 0) {
		*mhd = fc_console_fail_store(c->r, &err);
		return 0;
	}
	if (reads)
		return 1;
	*mhd = fc_console_fail(c->r, FC_CERR_DISTRICT, c->sess.account.name, stored ? stored : "",
			       c->sess.account.districts);
	return 0;
}

int
fc_console_district(struct console_ctx *c, const char **district, int *mhd)
{
	const char *d = fc_server_arg(c->r, "district");

	*district = "";
	if (d == NULL || d[0] == '\0')
		return 0;
	if (!fc_console_sees(c, d, mhd))
		return 1;
	*district = d;
	return 0;
}

/* Sessions */

static const char *
console_header(struct fc_server_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

/* 1 when the request came through TLS: the trusted proxy says so. */
static int
console_tls(struct fc_server_req *r)
{
	const char *proto = console_header(r, "X-Forwarded-Proto");

	return r->via_proxy && proto != NULL && strcasecmp(proto, "https") == 0;
}

static void
console_cookie(struct fc_server_req *r, const char *token, long max_age, char *out, size_t size)
{
	snprintf(out, size,
		 CONSOLE_COOKIE "=%s; Path=/console/; Max-Age=%ld; HttpOnly; "
				"SameSite=Strict%s",
		 token, max_age, console_tls(r) ? "; Secure" : "");
}

static json_t *
console_me(const struct fc_ssession *s)
{
	return json_pack("{s:s,s:s,s:s,s:s}", "name", s->account.name, "role", s->account.role,
			 "districts", s->account.districts, "csrf", s->csrf);
}

/*
 * The login's origin: a browser sends Origin on a POST; when it does, it
 * must name this server (the Host it asked for), else another site is
 * trying to log its visitor in.
 */
static int
console_same_origin(struct fc_server_req *r)
{
	const char *origin = console_header(r, "Origin");
	const char *host = console_header(r, MHD_HTTP_HEADER_HOST);
	const char *p;

	if (origin == NULL)
		return 1;
	if (host == NULL)
		return 0;
	p = strstr(origin, "://");
	return p != NULL && strcmp(p + 3, host) == 0;
}

void
fc_console_audit(struct fc_server_req *r, const char *actor, const char *action, const char *detail)
{
	struct fc_error err = {0};

	if (fc_sstore_audit(r->st, actor, action, detail, r->from, &err) != 0)
		fprintf(stderr, "<3>fieldcheck-server: audit: %s\n", err.msg);
}

static int
console_login(struct console_ctx *c)
{
	struct fc_server_req *r = c->r;
	const char *type = console_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
	const char *name = NULL, *password = NULL;
	char token[FC_TOKEN_HEX], cookie[256], retry[24], block[64], actor[FC_AUDIT_ACTOR_MAX];
	struct fc_error err = {0};
	json_t *body;
	long wait = 0;
	unsigned status;
	int ret;

	if (type == NULL || strncmp(type, "application/json", 16) != 0 || !console_same_origin(r))
		return fc_console_fail(r, FC_CERR_LOGIN_PAGE);
	body = json_loadb(r->body.buf != NULL ? r->body.buf : "", r->body.len, 0, NULL);
	if (json_unpack(body, "{s:s,s:s}", "name", &name, "password", &password) != 0) {
		json_decref(body);
		return fc_console_fail(r, FC_CERR_LOGIN_FIELDS);
	}
	/* The access log's field is one word; the audit keeps the name as typed
	 * (its readers show control characters as pictures), so a guess at
	 * "admin x" is not recorded as one at "admin". */
	snprintf(r->who, sizeof r->who, "%.*s", (int)strcspn(name, " \t\r\n"), name);
	size_t cut = fc_utf8_cut(name, strlen(name), sizeof actor - 1);
	snprintf(actor, sizeof actor, "%.*s", (int)cut, name);
	/* Failures are counted per address block: an IPv6 host holds a whole /64. */
	fc_addr_block(r->from, block, sizeof block);
	ret = fc_sstore_login(r->st, name, password, block, c->now, token, &c->sess, &wait, &err);
	json_decref(body);
	fc_console_audit(r, actor, ret == 0 ? "console login" : "console login refused",
			 ret == 0 ? c->sess.account.districts : err.msg);
	if (ret != 0 && err.code == FC_E_LOCKED) {
		snprintf(retry, sizeof retry, "%ld", wait);
		json_t *obj = fc_console_err_obj(r, FC_CERR_LOGIN_LOCKED, &status, retry);
		json_object_set_new(obj, "wait", json_integer(wait));
		return console_json_with(r, status, obj, MHD_HTTP_HEADER_RETRY_AFTER, retry);
	}
	if (ret != 0)
		return err.code == FC_E_REFUSED ? fc_console_fail(r, FC_CERR_LOGIN_WRONG)
						: fc_console_fail_store(r, &err);
	console_cookie(r, token, FC_SESSION_MAX_AGE, cookie, sizeof cookie);
	sodium_memzero(token, sizeof token);
	return console_json_with(r, MHD_HTTP_OK, console_me(&c->sess), MHD_HTTP_HEADER_SET_COOKIE,
				 cookie);
}

static int
console_logout(struct console_ctx *c)
{
	struct fc_error err = {0};
	const char *token =
	    MHD_lookup_connection_value(c->r->conn, MHD_COOKIE_KIND, CONSOLE_COOKIE);
	char cookie[256];

	if (token != NULL && fc_sstore_logout(c->r->st, token, &err) != 0)
		return fc_console_fail_store(c->r, &err);
	fc_console_audit(c->r, c->sess.account.name, "console logout", "");
	console_cookie(c->r, "", 0, cookie, sizeof cookie);
	return console_json_with(c->r, MHD_HTTP_OK, json_pack("{s:b}", "logged_out", 1),
				 MHD_HTTP_HEADER_SET_COOKIE, cookie);
}

static int
console_whoami(struct console_ctx *c)
{
	return fc_console_json(c->r, MHD_HTTP_OK, console_me(&c->sess));
}

static int
console_strings(struct console_ctx *c)
{
	const char *lang = fc_console_lang(c->r);

	return fc_console_json(
	    c->r, MHD_HTTP_OK,
	    json_pack("{s:s,s:o}", "lang", lang, "strings", fc_console_strings(lang)));
}

/* Routes */

enum console_auth {
	CONSOLE_OPEN,	 /* anyone: login, the words */
	CONSOLE_SESSION, /* a logged-in account */
};

static const struct console_route {
	const char *method;
	const char *path; /* after /console/api/ */
	int prefix;	  /* path is followed by one more segment */
	enum console_auth auth;
	int (*fn)(struct console_ctx *c);
	int audit; /* a read of the district's data: a line in the audit log */
} console_routes[] = {
    {"POST", "login", 0, CONSOLE_OPEN, console_login, 0},
    {"GET", "strings", 0, CONSOLE_OPEN, console_strings, 0},
    {"POST", "logout", 0, CONSOLE_SESSION, console_logout, 0},
    {"GET", "me", 0, CONSOLE_SESSION, console_whoami, 0},
    {"GET", "overview", 0, CONSOLE_SESSION, fc_console_overview, 1},
    {"GET", "hazards", 0, CONSOLE_SESSION, fc_console_hazards, 1},
    {"GET", "households", 0, CONSOLE_SESSION, fc_console_households, 1},
    {"GET", "household", 0, CONSOLE_SESSION, fc_console_household, 1},
    {"GET", "records", 0, CONSOLE_SESSION, fc_console_records, 1},
    {"GET", "record", 0, CONSOLE_SESSION, fc_console_record, 1},
    {"GET", "photo/", 1, CONSOLE_SESSION, fc_console_photo, 1},
    {"GET", "inspectors", 0, CONSOLE_SESSION, fc_console_inspectors, 1},
    {"GET", "export", 0, CONSOLE_SESSION, fc_console_export, 0},
    {"GET", "reviews", 0, CONSOLE_SESSION, fc_console_reviews, 1},
    {"POST", "review", 0, CONSOLE_SESSION, fc_console_review_add, 0},
    {"GET", "warnings", 0, CONSOLE_SESSION, fc_console_warnings, 1},
    {"GET", "notice", 0, CONSOLE_SESSION, fc_console_notice, 1},
};

/* The logged-in session, or 401; a state-changing request also needs its CSRF token. */
static int
console_authorize(struct console_ctx *c, int *mhd)
{
	struct fc_error err = {0};
	const char *token =
	    MHD_lookup_connection_value(c->r->conn, MHD_COOKIE_KIND, CONSOLE_COOKIE);
	const char *csrf = console_header(c->r, "X-CSRF-Token");

	if (token == NULL || fc_sstore_session(c->r->st, token, c->now, &c->sess, &err) != 0) {
		*mhd = err.code != FC_E_OK && err.code != FC_E_NOTFOUND
			   ? fc_console_fail_store(c->r, &err)
			   : fc_console_fail(c->r, FC_CERR_SESSION);
		return 1;
	}
	snprintf(c->r->who, sizeof c->r->who, "%s", c->sess.account.name);
	if (strcmp(c->r->method, "GET") == 0 || strcmp(c->r->method, "HEAD") == 0)
		return 0;
	if (csrf == NULL || strlen(csrf) != strlen(c->sess.csrf) ||
	    sodium_memcmp(csrf, c->sess.csrf, strlen(csrf)) != 0) {
		*mhd = fc_console_fail(c->r, FC_CERR_CSRF);
		return 1;
	}
	return 0;
}

struct console_args {
	char *out;
	size_t size, len;
};

static enum MHD_Result
console_arg_add(void *ctx, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct console_args *a = ctx;
	char k[128], v[512];
	int n;

	(void)kind;
	/* The log is kept in the store, which takes UTF-8 only (PostgreSQL refuses the line). */
	fc_console_text_clean(key, k, sizeof k);
	fc_console_text_clean(value != NULL ? value : "", v, sizeof v);
	n = snprintf(a->out + a->len, a->size - a->len, "%s%s=%s", a->len > 0 ? "&" : "", k, v);
	if (n < 0 || (size_t)n >= a->size - a->len)
		return MHD_NO; /* the line keeps what fits */
	a->len += (size_t)n;
	return MHD_YES;
}

/* The first argument whose name or value is not UTF-8: stops at it, its name kept. */
static enum MHD_Result
console_arg_text(void *ctx, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	if (fc_utf8_valid(key, strlen(key), NULL) &&
	    (value == NULL || fc_utf8_valid(value, strlen(value), NULL)))
		return MHD_YES;
	*(const char **)ctx = key;
	return MHD_NO;
}

/*
 * Who looked at what: the call and its arguments, read before the handler
 * answers (a refused read is logged too, then answered 403).
 */
static void
console_audit_read(struct console_ctx *c, const char *path)
{
	char args[512] = "", detail[640];
	struct console_args a = {args, sizeof args, 0};

	MHD_get_connection_values(c->r->conn, MHD_GET_ARGUMENT_KIND, console_arg_add, &a);
	snprintf(detail, sizeof detail, "%s%s%s", path, args[0] != '\0' ? "?" : "", args);
	fc_console_audit(c->r, c->sess.account.name, "console read", detail);
}

static int
console_api(struct fc_server_req *r)
{
	struct console_ctx c = {.r = r, .now = time(NULL)};
	const char *path = r->url + strlen(CONSOLE_API);
	int mhd = MHD_NO;
	const char *known = NULL; /* a route of this path, for another method */

	for (size_t i = 0; i < sizeof console_routes / sizeof console_routes[0]; i++) {
		const struct console_route *rt = &console_routes[i];
		size_t n = strlen(rt->path);

		if (rt->prefix ? strncmp(path, rt->path, n) != 0 || path[n] == '\0'
			       : strcmp(path, rt->path) != 0)
			continue;
		known = rt->path;
		if (strcmp(r->method, rt->method) != 0)
			continue;
		c.rest = path + n;
		if (rt->auth == CONSOLE_SESSION && console_authorize(&c, &mhd))
			return mhd;
		if (rt->audit)
			console_audit_read(&c, path);
		/*
		 * Every handler takes text: bytes that are not UTF-8 could be
		 * nobody's id or word, and PostgreSQL refuses them as a fault.
		 */
		const char *bad = NULL;
		MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, console_arg_text, &bad);
		if (bad != NULL)
			return fc_console_fail(r, FC_CERR_BAD_TEXT, bad);
		return rt->fn(&c);
	}
	if (known != NULL)
		return fc_console_fail(r, FC_CERR_METHOD, known, r->method);
	return fc_console_fail(r, FC_CERR_NO_CALL, r->method, r->url);
}

/* Static files */

static const struct {
	const char *ext, *type;
} console_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
};

static const char *
console_type(const char *path)
{
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot != NULL && i < sizeof console_types / sizeof console_types[0]; i++)
		if (strcmp(dot, console_types[i].ext) == 0)
			return console_types[i].type;
	return NULL;
}

/* A file name we serve: letters, digits, '-', '_', single dots and slashes; no "..". */
static int
console_safe_path(const char *p)
{
	if (*p == '\0' || *p == '.' || *p == '/' || strstr(p, "..") != NULL ||
	    strstr(p, "//") != NULL)
		return 0;
	return strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./") ==
	       strlen(p);
}

static int
console_file(struct fc_server_req *r, const char *rel)
{
	char path[4200];
	const char *type = console_type(rel);
	struct MHD_Response *resp;
	struct stat sb;
	int fd;

	if (strcmp(rel, "lib/chart.min.js") == 0)
		snprintf(path, sizeof path, "%s", CONSOLE_CHARTJS);
	else
		snprintf(path, sizeof path, "%s/%s", fc_server_web_dir(r->srv), rel);
	if (!console_safe_path(rel) || type == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return fc_console_fail(r, FC_CERR_NO_PAGE, r->url);
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd)) == NULL) {
		close(fd);
		return fc_console_fail(r, FC_CERR_NO_PAGE, r->url);
	}
	fc_console_headers(resp);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	return fc_server_respond(r, MHD_HTTP_OK, resp);
}

int
fc_console_dispatch(struct fc_server_req *r)
{
	const char *rel = r->url + strlen(FC_CONSOLE_PREFIX);
	struct MHD_Response *resp;

	if (strncmp(r->url, CONSOLE_API, strlen(CONSOLE_API)) == 0)
		return console_api(r);
	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0)
		return fc_console_fail(r, FC_CERR_READ_ONLY);
	if (*rel == '\0') {
		resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		if (resp == NULL)
			return MHD_NO;
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, FC_CONSOLE_PREFIX "/");
		return fc_server_respond(r, MHD_HTTP_FOUND, resp);
	}
	rel++;
	return console_file(r, *rel == '\0' ? "index.html" : rel);
}
