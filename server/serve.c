/* SPDX-License-Identifier: Apache-2.0 */
/*
 * serve.c: the HTTP daemon: accepting requests, bounding their bodies,
 * authenticating signed requests, routing, answering and logging.
 *
 * libmicrohttpd runs a thread per connection. A request is answered on the
 * handler's second call at the earliest (docs/limits.md: answering on the first
 * makes MHD 0.9.75 close the connection, which is what a refused request
 * gets). A signed request is authenticated from its headers (X-FC-Body-Hash
 * is in the signature) before any body byte is kept; until then a request may
 * keep FC_UNAUTH_BODY_MAX bytes and idle for the header timeout only. Bodies
 * are collected into a buffer that stops growing at FC_REQUEST_MAX_BYTES; an
 * oversized request is answered 413 without keeping its bytes. Each request
 * thread takes a store handle (its own SQLite connection) from a pool that
 * opens at most SERVER_STORES_OPEN_MAX, so memory stays bounded however many
 * connections arrive. What a route does is in its own file; this one decides
 * only who is asking and whether to listen.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <unistd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libintl.h>
#include <microhttpd.h>
#include <sodium.h>

#include "core/date.h"
#include "core/utf8.h"
#include "server/deadline.h"
#include "server/logline.h"
#include "server/ratelimit.h"
#include "server/console.h"
#include "server/server.h"
#include "server/store/review.h"
#include "sync/routes.h"
#include "sync/wire.h"

#define _(s) gettext(s)

#define SERVER_POOL_MAX 64
/*
 * Store handles open at once, in use or idle. Each is a SQLite connection with
 * its own schema and page cache (or a PostgreSQL backend), so a flood of
 * requests waits for one rather than opening one per thread: 200 forged
 * pushes authenticated at once otherwise took the server past 64 MiB.
 */
#define SERVER_STORES_OPEN_MAX 12
#define SERVER_STORE_WAIT_S 30

struct fc_server {
	struct MHD_Daemon *mhd;
	char db_path[4096];
	char photo_dir[4096];
	long window;
	FILE *log;
	char trusted_proxy[64];
	char web_dir[4096];
	char public_url[FC_PUBLIC_URL_MAX]; /* server.conf public_url, no final '/'; "" = not set */
	unsigned port;
	unsigned header_timeout;  /* seconds a connection may idle before it authenticates */
	unsigned request_timeout; /* and once it has */
	unsigned connection_limit;
	size_t body_max; /* bytes of one request body (server.conf max_body) */
	pthread_mutex_t lock;
	pthread_cond_t store_freed; /* a handle went back to the pool or was closed */
	struct fc_sstore *pool[SERVER_POOL_MAX];
	size_t npool;
	size_t nopen;			      /* handles open, in the pool or in a request */
	unsigned char server_pk[FC_PK_BYTES]; /* the key reviews are signed with */
	struct fc_ratelimit *verify_limit;    /* /verify/ asks per address */
	struct fc_deadline *deadline;	      /* header_timeout as a deadline, not idle */
};

/* Store pool */

static int
server_store_get(struct fc_server *srv, struct fc_sstore **out, struct fc_error *err)
{
	struct timespec until;
	int rc = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += SERVER_STORE_WAIT_S;
	pthread_mutex_lock(&srv->lock);
	while (srv->npool == 0 && srv->nopen >= SERVER_STORES_OPEN_MAX && rc == 0)
		rc = pthread_cond_timedwait(&srv->store_freed, &srv->lock, &until);
	if (srv->npool > 0) {
		*out = srv->pool[--srv->npool];
		pthread_mutex_unlock(&srv->lock);
		/* Idle in the pool for a while: a connection the database dropped is made again. */
		fc_sstore_rollback(*out);
		return 0;
	}
	if (srv->nopen >= SERVER_STORES_OPEN_MAX) {
		pthread_mutex_unlock(&srv->lock);
		return fc_error_set(err, FC_E_BUSY, _("the server is busy; try again in a minute"));
	}
	srv->nopen++;
	pthread_mutex_unlock(&srv->lock);
	if (fc_sstore_open(srv->db_path, out, err) == 0)
		return 0;
	pthread_mutex_lock(&srv->lock);
	srv->nopen--;
	pthread_cond_signal(&srv->store_freed);
	pthread_mutex_unlock(&srv->lock);
	return -1;
}

static void
server_store_put(struct fc_server *srv, struct fc_sstore *st)
{
	if (st == NULL)
		return;
	fc_sstore_rollback(st);
	pthread_mutex_lock(&srv->lock);
	if (srv->npool < SERVER_POOL_MAX) {
		srv->pool[srv->npool++] = st;
		st = NULL;
	} else {
		srv->nopen--;
	}
	pthread_cond_signal(&srv->store_freed);
	pthread_mutex_unlock(&srv->lock);
	fc_sstore_close(st);
}

/* Answers and the log */

const char *
fc_server_photo_dir(const struct fc_server *srv)
{
	return srv->photo_dir;
}

const unsigned char *
fc_server_public_key(const struct fc_server *srv)
{
	return srv->server_pk;
}

const char *
fc_server_web_dir(const struct fc_server *srv)
{
	return srv->web_dir;
}

const char *
fc_server_public_url(const struct fc_server *srv)
{
	return srv->public_url;
}

long
fc_server_window(const struct fc_server *srv)
{
	return srv->window;
}

void
fc_server_today(char out[11])
{
	fc_date_local_day(time(NULL), 0, out);
}

static void
server_log(struct fc_server_req *r, unsigned status)
{
	struct timespec now;
	char when[32], who[4 * FC_ID_MAX], method[32], url[1024], from[256];
	struct tm tm;
	time_t t = time(NULL);

	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms =
	    (now.tv_sec - r->start.tv_sec) * 1000 + (now.tv_nsec - r->start.tv_nsec) / 1000000;
	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* The URL comes decoded ("%0a" is a line end) and who from a body: cleaned. */
	fc_log_clean(r->who[0] != '\0' ? r->who : "-", who, sizeof who);
	fc_log_clean(r->method, method, sizeof method);
	fc_log_clean(r->url, url, sizeof url);
	fc_log_clean(r->from[0] != '\0' ? r->from : "-", from, sizeof from);
	/* sd-daemon(3) priorities, so journalctl -p finds server faults (<3>) and refusals (<5>).
	 */
	flockfile(r->srv->log);
	fprintf(r->srv->log, "<%d>%s %s %s %s %u records=%ld ms=%ld from=%s rid=%s\n",
		status >= 500 || status == 0 ? FC_LOG_ERR
		: status >= 400		     ? FC_LOG_NOTICE
					     : FC_LOG_INFO,
		when, who, method, url, status, r->records, ms, from, r->rid);
	fflush(r->srv->log);
	funlockfile(r->srv->log);
}

int
fc_server_respond(struct fc_server_req *r, unsigned status, struct MHD_Response *resp)
{
	int ret;

	MHD_add_response_header(resp, "X-Request-Id", r->rid);
	if (r->retry_after > 0) {
		char wait[16];

		snprintf(wait, sizeof wait, "%d", r->retry_after);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, wait);
	}
	ret = MHD_queue_response(r->conn, status, resp);
	MHD_destroy_response(resp);
	r->answered = 1;
	server_log(r, status);
	return ret;
}

const char *
fc_server_arg(struct fc_server_req *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

int64_t
fc_server_int_arg(struct fc_server_req *r, const char *key, int64_t def)
{
	const char *v = fc_server_arg(r, key);
	char *end = NULL;
	long long n;

	if (v == NULL || v[0] == '\0')
		return def;
	n = strtoll(v, &end, 10);
	return (end != NULL && *end == '\0' && n >= 0) ? (int64_t)n : -1;
}

/* Authentication */

struct server_query {
	struct fc_buf *out;
	int failed;
};

static enum MHD_Result
server_query_add(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct server_query *q = cls;

	(void)kind;
	if (fc_buf_addf(q->out, NULL, "%s%s=%s", q->out->len > 0 ? "&" : "", key,
			value != NULL ? value : "") != 0)
		q->failed = 1;
	return MHD_YES;
}

/*
 * The path as signed: the URL path, then "?" and the query arguments decoded,
 * in the order sent, joined "k=v&k=v" (docs/protocol.md).
 */
static int
server_signed_path(struct fc_server_req *r, struct fc_buf *out)
{
	struct fc_buf q = FC_BUF_INIT;
	struct server_query sq = {&q, 0};

	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, server_query_add, &sq);
	if (sq.failed || fc_buf_adds(out, r->url, NULL) != 0 ||
	    (q.len > 0 && fc_buf_addf(out, NULL, "?%s", q.buf) != 0)) {
		fc_buf_release(&q);
		return -1;
	}
	fc_buf_release(&q);
	return 0;
}

static const char *
server_header(struct fc_server_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

int
fc_server_check_signature(struct fc_server_req *r, const unsigned char *pk, int *mhd)
{
	const char *ts = server_header(r, FC_HDR_TIME), *nonce = server_header(r, FC_HDR_NONCE);
	const char *sig = server_header(r, FC_HDR_SIGNATURE);
	struct fc_buf path = FC_BUF_INIT;
	char *end = NULL;
	long long t;
	time_t now = time(NULL);
	int bad;

	if (ts == NULL || nonce == NULL || sig == NULL) {
		*mhd = fc_server_error(
		    r, MHD_HTTP_UNAUTHORIZED,
		    fc_gettext(r->lang, "request is not signed (needs %s, %s and %s)"), FC_HDR_TIME,
		    FC_HDR_NONCE, FC_HDR_SIGNATURE);
		return 1;
	}
	t = strtoll(ts, &end, 10);
	if (end == ts || *end != '\0') {
		*mhd = fc_server_error(r, MHD_HTTP_BAD_REQUEST,
				       fc_gettext(r->lang, "%s is not a number"), FC_HDR_TIME);
		return 1;
	}
	if (llabs(t - (long long)now) > r->srv->window) {
		*mhd = fc_server_error(
		    r, MHD_HTTP_UNAUTHORIZED,
		    fc_gettext(
			r->lang,
			"clock skew: the device clock is %lld s off the server's (at most %ld "
			"allowed); set the device's date and time"),
		    t - (long long)now, r->srv->window);
		return 1;
	}
	if (strlen(nonce) < 16 || strlen(nonce) > 64) {
		*mhd = fc_server_error(r, MHD_HTTP_BAD_REQUEST, fc_gettext(r->lang, "bad nonce"));
		return 1;
	}
	if (server_signed_path(r, &path) != 0) {
		*mhd = fc_server_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
				       fc_gettext(r->lang, "out of memory"));
		return 1;
	}
	/* With X-FC-Body-Hash the body itself is compared at its end (server_body_matches). */
	const char *bh = server_header(r, FC_HDR_BODY_HASH);
	bad = bh != NULL ? fc_wire_check_request_hash(pk, r->method, path.buf, t, nonce, bh, sig)
			 : fc_wire_check_request(pk, r->method, path.buf, t, nonce, r->body.buf,
						 r->body.len, sig);
	fc_buf_release(&path);
	if (bad) {
		*mhd = fc_server_error(
		    r, MHD_HTTP_UNAUTHORIZED,
		    fc_gettext(r->lang, "bad request signature: the request was not signed by "
					"this device's enrolled key"));
		return 1;
	}
	return 0;
}

int
fc_server_replayed(struct fc_server_req *r)
{
	/*
	 * "retry" tells an honest client to sign the request again with a new
	 * nonce: libcurl itself resends a request whose reused connection died,
	 * and the first copy may have arrived. Worded here, in the device's
	 * language: the stores say the same in English for their other callers.
	 */
	return fc_server_reply(
	    r, MHD_HTTP_CONFLICT,
	    json_pack("{s:s,s:b}", "error",
		      fc_gettext(r->lang, "request replayed: this nonce was already used"), "retry",
		      1));
}

/*
 * Spend the request's nonce; FC_E_EXISTS for a replay. A push's is only
 * checked unseen here (seen: read with the device, fc_sstore_get_caller; a
 * replay is still refused before its body is read)
 * and spent by the transaction that stores its records (push.c,
 * store/nonce.c): one durable commit for both, not two.
 */
static int
server_nonce(struct fc_server_req *r, const char *nonce, int seen, struct fc_error *err)
{
	if (fc_route_find(r->method, r->url, NULL) != FC_ROUTE_RECORDS)
		return fc_sstore_use_nonce(r->st, r->dev.rowid, nonce, time(NULL), r->srv->window,
					   err);
	if (seen)
		return fc_error_set(err, FC_E_EXISTS,
				    "request replayed: this nonce was already used");
	snprintf(r->nonce, sizeof r->nonce, "%s", nonce);
	r->nonce_due = 1;
	return 0;
}

/*
 * A push answered before its transaction spent its nonce (a bad body, a
 * store failure, a client gone before its body arrived): spend it now, on
 * its own, so the request can never run later all the same.
 */
static void
server_nonce_settle(struct fc_server_req *r)
{
	struct fc_error err = {0};

	if (!r->nonce_due)
		return;
	r->nonce_due = 0;
	if (r->st == NULL && server_store_get(r->srv, &r->st, &err) != 0)
		return;
	(void)fc_sstore_use_nonce(r->st, r->dev.rowid, r->nonce, time(NULL), r->srv->window, &err);
}

/* Who is asking: the enrolled device, not revoked, a good signature, a new nonce. */
static int
server_authenticate(struct fc_server_req *r, int *mhd)
{
	const char *insp = server_header(r, FC_HDR_INSPECTOR);
	const char *dev = server_header(r, FC_HDR_DEVICE);
	const char *nonce = server_header(r, FC_HDR_NONCE);
	struct fc_error err = {0};
	struct fc_scaller c;

	if (insp == NULL || dev == NULL) {
		*mhd =
		    fc_server_error(r, MHD_HTTP_UNAUTHORIZED,
				    fc_gettext(r->lang, "request is not signed (needs %s and %s)"),
				    FC_HDR_INSPECTOR, FC_HDR_DEVICE);
		return 1;
	}
	snprintf(r->who, sizeof r->who, "%s", insp);
	/* One read for the device, its inspector and the nonce; decided below in turn. */
	if (fc_sstore_get_caller(r->st, dev, insp, nonce != NULL ? nonce : "", &c, &err) != 0) {
		/* The store's words are English, for its other callers; the device gets its own. */
		*mhd = err.code == FC_E_NOTFOUND
			   ? fc_server_error(r, MHD_HTTP_UNAUTHORIZED,
					     fc_gettext(r->lang, "device %s is not enrolled; run "
								 "'fieldcheck enroll URL CODE'"),
					     dev)
			   : fc_server_fail(r, &err);
		return 1;
	}
	r->dev = c.dev;
	if (strcmp(r->dev.inspector, insp) != 0) {
		*mhd = fc_server_error(
		    r, MHD_HTTP_UNAUTHORIZED,
		    fc_gettext(r->lang, "device %s is enrolled for another inspector, not %s"), dev,
		    insp);
		return 1;
	}
	if (!c.insp_found) {
		*mhd = fc_server_error(r, MHD_HTTP_NOT_FOUND,
				       fc_gettext(r->lang, "no inspector %s"), insp);
		return 1;
	}
	r->insp = c.insp;
	if (r->insp.revoked_at != 0) {
		*mhd = fc_server_error(
		    r, MHD_HTTP_FORBIDDEN,
		    fc_gettext(r->lang, "inspector %s has been revoked; ask the administrator"),
		    insp);
		return 1;
	}
	if (r->dev.revoked_at != 0) {
		*mhd = fc_server_error(
		    r, MHD_HTTP_FORBIDDEN,
		    fc_gettext(r->lang, "device %s has been revoked; ask the administrator"), dev);
		return 1;
	}
	if (fc_server_check_signature(r, r->dev.pk, mhd))
		return 1;
	/* After the signature, so nobody can fill the table with made-up nonces. */
	if (server_nonce(r, nonce, c.nonce_seen, &err) != 0) {
		*mhd = err.code == FC_E_EXISTS ? fc_server_replayed(r) : fc_server_fail(r, &err);
		return 1;
	}
	return 0;
}

/* 1 when there is no X-FC-Body-Hash or the body read is the one it names. */
static int
server_body_matches(struct fc_server_req *r)
{
	const char *bh = server_header(r, FC_HDR_BODY_HASH);
	char hex[FC_HASH_HEX];

	if (bh == NULL)
		return 1;
	fc_wire_body_hash(r->body.buf != NULL ? r->body.buf : "", r->body.len, hex);
	return strcmp(bh, hex) == 0;
}

/*
 * The first call, with the headers only: who is asking is settled before a
 * body byte is kept. A request with X-FC-Body-Hash is authenticated now
 * (device looked up, signature over the hash checked, nonce spent) and
 * answered now if that fails, which closes the connection; once it passes,
 * the connection gets the normal timeout and the full body limit. Anything
 * else (enrolment, a request without the header) may send FC_UNAUTH_BODY_MAX
 * bytes, within the header timeout. Returns 1 when it answered.
 */
static int
server_preauth(struct fc_server_req *r, int *mhd)
{
	struct fc_error err = {0};
	enum fc_route route = fc_route_find(r->method, r->url, NULL);

	/* Routes open to anyone (health) or to a code (enrolment) have no device yet. */
	if (strncmp(r->url, FC_ROUTE_V1, strlen(FC_ROUTE_V1)) != 0 ||
	    (route < FC_ROUTE_COUNT && fc_routes[route].auth != FC_AUTH_DEVICE) ||
	    server_header(r, FC_HDR_BODY_HASH) == NULL)
		return 0;
	if (server_store_get(r->srv, &r->st, &err) != 0) {
		*mhd = fc_server_fail(r, &err);
		return 1;
	}
	if (server_authenticate(r, mhd))
		return 1;
	r->authed = 1;
	MHD_set_connection_option(r->conn, MHD_CONNECTION_OPTION_TIMEOUT, r->srv->request_timeout);
	return 0;
}

/* The first X-FC- header or query argument whose name or value is not UTF-8: its name. */
static enum MHD_Result
server_arg_text(void *ctx, enum MHD_ValueKind kind, const char *key, const char *value)
{
	if (kind == MHD_HEADER_KIND && strncasecmp(key, "X-FC-", 5) != 0)
		return MHD_YES;
	if (fc_utf8_valid(key, strlen(key), NULL) &&
	    (value == NULL || fc_utf8_valid(value, strlen(value), NULL)))
		return MHD_YES;
	*(const char **)ctx = key;
	return MHD_NO;
}

/*
 * A device call's headers and parameters are ids, times, hashes and words:
 * text. Bytes that are not UTF-8 are nobody's, and PostgreSQL refuses them
 * as a fault, so they are refused by name, in the device's language, before
 * anything looks them up (or writes them in the journal as the caller).
 */
static int
server_text_refused(struct fc_server_req *r, int *mhd)
{
	const char *bad = NULL;

	if (strncmp(r->url, FC_ROUTE_V1, strlen(FC_ROUTE_V1)) != 0)
		return 0;
	MHD_get_connection_values(r->conn, MHD_HEADER_KIND | MHD_GET_ARGUMENT_KIND, server_arg_text,
				  &bad);
	if (bad == NULL)
		return 0;
	*mhd = fc_server_error(r, MHD_HTTP_BAD_REQUEST, fc_gettext(r->lang, "%s is not UTF-8 text"),
			       bad);
	return 1;
}

/* Routing */

/*
 * GET /healthz, for monitoring without a key: whether the store answers, its
 * schema against this program's, and the version. Nothing about the data.
 */
static int
server_healthz(struct fc_server_req *r)
{
	struct fc_error err = {0};
	int have = 0, known = 0, ok;

	ok = server_store_get(r->srv, &r->st, &err) == 0 &&
	     fc_sstore_schema(r->st, &have, &known, &err) == 0;
	if (!ok)
		return fc_server_reply(
		    r, MHD_HTTP_SERVICE_UNAVAILABLE,
		    json_pack("{s:s, s:s}", "store", "unreachable", "version", FC_VERSION));
	return fc_server_reply(r, have == known ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE,
			       json_pack("{s:s, s:s, s:i, s:i, s:s}", "store", "ok", "migrations",
					 have == known ? "current" : "behind", "schema", have,
					 "schema_known", known, "version", FC_VERSION));
}

/* A photo route's handler: the hash is the path's last segment. */
static int
server_photo_route(struct fc_server_req *r)
{
	return fc_server_photo(r, r->url + strlen(fc_routes[FC_ROUTE_PHOTO_GET].path));
}

static int
server_verify_route(struct fc_server_req *r)
{
	return fc_server_verify(r, r->url + strlen(fc_routes[FC_ROUTE_VERIFY].path));
}

/* One handler per route of sync/routes.c, in its order. */
static int (*const server_handlers[FC_ROUTE_COUNT])(struct fc_server_req *r) = {
    [FC_ROUTE_HEALTHZ] = server_healthz,	  [FC_ROUTE_ENROLL] = fc_server_enroll,
    [FC_ROUTE_STATUS] = fc_server_status,	  [FC_ROUTE_RECORDS] = fc_server_push,
    [FC_ROUTE_HOUSEHOLDS] = fc_server_households, [FC_ROUTE_ASSIGNMENTS] = fc_server_assignments,
    [FC_ROUTE_TEMPLATES] = fc_server_templates,	  [FC_ROUTE_SUMMARY] = fc_server_summary,
    [FC_ROUTE_PHOTO_GET] = server_photo_route,	  [FC_ROUTE_PHOTO_PUT] = server_photo_route,
    [FC_ROUTE_SERVER_KEY] = fc_server_key_route,  [FC_ROUTE_VERIFY] = server_verify_route,
    [FC_ROUTE_REVIEWS] = fc_server_reviews,
};

/* A public route's limit per address: 0 to go on, or 1 with the 429 answered. */
static int
server_rate_limited(struct fc_server_req *r, int *mhd)
{
	char block[64];
	int wait;

	fc_addr_block(r->from, block, sizeof block);
	wait = fc_ratelimit_take(r->srv->verify_limit, block);

	if (wait == 0)
		return 0;
	*mhd = fc_server_verify_busy(r, wait);
	return 1;
}

/* 1 when r is the supervisors' console's: FC_CONSOLE_PREFIX, alone or as a folder. */
static int
server_is_console(const struct fc_server_req *r)
{
	size_t n = strlen(FC_CONSOLE_PREFIX);

	return strncmp(r->url, FC_CONSOLE_PREFIX, n) == 0 &&
	       (r->url[n] == '\0' || r->url[n] == '/');
}

/*
 * A body refused before any route sees it: over the limit, over the few KiB
 * taken before a device's signature, or not the body its hash header names.
 * The console's browser gets the console's answer, in its language
 * (console-errors.c): nothing but a body that large is wrong with its
 * request, which no signature could make right.
 */
static int
server_refuse_early(struct fc_server_req *r)
{
	char limit[32];

	/*
	 * The console's answers too: its usual headers (the CSP and the rest)
	 * would not fit beside a URI of 9 KiB in the connection's memory, and
	 * libmicrohttpd would send nothing.
	 */
	if (r->uri_len > FC_URI_MAX)
		return fc_server_error(
		    r, MHD_HTTP_URI_TOO_LONG,
		    fc_gettext(r->lang, "the address asked for is over the limit of %d bytes"),
		    FC_URI_MAX);
	if (server_is_console(r) && (r->too_big || r->unauth_over)) {
		snprintf(limit, sizeof limit, "%zu",
			 r->too_big ? r->srv->body_max : (size_t)FC_UNAUTH_BODY_MAX);
		return fc_console_fail(r, FC_CERR_TOO_LARGE, limit);
	}
	if (server_is_console(r))
		return fc_console_fail(r, FC_CERR_BODY_HASH, FC_HDR_BODY_HASH);
	if (r->too_big)
		return fc_server_error(
		    r, MHD_HTTP_CONTENT_TOO_LARGE,
		    fc_gettext(r->lang, "request body over the limit of %zu bytes"),
		    r->srv->body_max);
	if (r->unauth_over)
		return fc_server_error(
		    r, MHD_HTTP_UNAUTHORIZED,
		    fc_gettext(r->lang,
			       "a request body over %d bytes needs a signature with %s first"),
		    FC_UNAUTH_BODY_MAX, FC_HDR_BODY_HASH);
	return fc_server_error(r, MHD_HTTP_BAD_REQUEST,
			       fc_gettext(r->lang, "the body does not match its %s header"),
			       FC_HDR_BODY_HASH);
}

static int
server_dispatch(struct fc_server_req *r)
{
	struct fc_error err = {0};
	int mhd = MHD_NO;
	enum fc_route route = fc_route_find(r->method, r->url, NULL);
	enum fc_route_auth auth = route < FC_ROUTE_COUNT ? fc_routes[route].auth : FC_AUTH_DEVICE;

	if (r->uri_len > FC_URI_MAX || r->too_big || r->unauth_over || !server_body_matches(r))
		return server_refuse_early(r);
	if (auth == FC_AUTH_NONE)
		return server_handlers[route](r);
	if (auth == FC_AUTH_PUBLIC && server_rate_limited(r, &mhd))
		return mhd;
	/* The supervisors' console has its own routes and its own sessions (server/console.c). */
	if (server_is_console(r)) {
		if (r->st == NULL && server_store_get(r->srv, &r->st, &err) != 0)
			return fc_console_fail_store(r, &err);
		return fc_console_dispatch(r);
	}
	if (r->st == NULL && server_store_get(r->srv, &r->st, &err) != 0)
		return fc_server_fail(r, &err);
	if (auth == FC_AUTH_CODE || auth == FC_AUTH_PUBLIC)
		return server_handlers[route](r);
	/* Unknown paths under /v1/ are answered only to a signed request. */
	if (strncmp(r->url, FC_ROUTE_V1, strlen(FC_ROUTE_V1)) != 0)
		return fc_server_error(r, MHD_HTTP_NOT_FOUND,
				       fc_gettext(r->lang, "no such path: %s"), r->url);
	if (!r->authed && server_authenticate(r, &mhd))
		return mhd;
	if (route < FC_ROUTE_COUNT)
		return server_handlers[route](r);
	return fc_server_error(r, MHD_HTTP_NOT_FOUND, fc_gettext(r->lang, "no such path: %s %s"),
			       r->method, r->url);
}

const char *
fc_server_accept_lang(const char *accept_language)
{
	for (const char *p = accept_language; p != NULL && *p != '\0';) {
		const char *code;

		p += strspn(p, " ,");
		if ((code = fc_lang_of_tag(p)) != NULL)
			return code;
		p = strchr(p, ',');
	}
	return "zh";
}

/*
 * A request id for the log and the answer, and the client's address: the
 * peer's, or the last X-Forwarded-For entry (the one the proxy added) when the
 * peer is the configured proxy. Other peers' X-Forwarded-For is not believed.
 */
static void
server_identify(struct fc_server_req *r)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci != NULL ? ci->client_addr : NULL;
	const char *xff, *last;
	unsigned char id[8];

	randombytes_buf(id, sizeof id);
	sodium_bin2hex(r->rid, sizeof r->rid, id, sizeof id);
	if (sa != NULL && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->from,
			  sizeof r->from);
	else if (sa != NULL && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->from,
			  sizeof r->from);
	if (r->srv->trusted_proxy[0] == '\0' || strcmp(r->from, r->srv->trusted_proxy) != 0)
		return;
	r->via_proxy = 1;
	xff = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Forwarded-For");
	if (xff == NULL)
		return;
	last = strrchr(xff, ',');
	last = last != NULL ? last + 1 : xff;
	last += strspn(last, " \t");
	if (*last != '\0' && strlen(last) < sizeof r->from &&
	    strspn(last, "0123456789abcdefABCDEF.:") == strlen(last))
		snprintf(r->from, sizeof r->from, "%s", last);
}

/*
 * libmicrohttpd's URI log: called with the request line's URI as sent, before
 * the headers; what it returns is the request's context (server_access fills
 * the rest). Only its length is kept (FC_URI_MAX).
 */
static void *
server_uri_seen(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct fc_server_req *r = calloc(1, sizeof *r);

	(void)conn;
	if (r != NULL) {
		r->srv = cls;
		r->uri_len = strlen(uri);
	}
	return r;
}

static enum MHD_Result
server_access(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
	      const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct fc_server_req *r = *con_cls;
	int ret;

	(void)version;
	if (r == NULL || !r->started) {
		const char *cl;

		/*
		 * The headers are in, within their deadline; the deadline holds on
		 * until the request is authenticated or its body has arrived (an
		 * enrolment's or a login's few KiB trickled a byte at a time would
		 * otherwise keep the connection as long as each byte came within the
		 * idle timeout).
		 */
		if (r == NULL && (r = calloc(1, sizeof *r)) == NULL)
			return MHD_NO;
		r->started = 1;
		r->srv = cls;
		r->conn = conn;
		r->method = method;
		r->url = url;
		fc_buf_init(&r->body);
		clock_gettime(CLOCK_MONOTONIC, &r->start);
		server_identify(r);
		/* Refusals reach an inspector in their device's language, not the server's. */
		r->lang = fc_server_accept_lang(
		    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Language"));
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						 MHD_HTTP_HEADER_CONTENT_LENGTH);
		*con_cls = r;
		/*
		 * Refuse by the declared length before reading a byte of the body:
		 * answering now makes MHD close the connection, which is the point.
		 * A long URI is answered now too (FC_URI_MAX).
		 */
		r->too_big = cl != NULL && strtoull(cl, NULL, 10) > r->srv->body_max;
		if (r->too_big || r->uri_len > FC_URI_MAX)
			return server_dispatch(r) == MHD_YES ? MHD_YES : MHD_NO;
		int mhd = MHD_NO;
		if (server_text_refused(r, &mhd) || server_preauth(r, &mhd)) {
			server_store_put(r->srv, r->st);
			r->st = NULL;
			return mhd == MHD_YES ? MHD_YES : MHD_NO;
		}
		server_store_put(r->srv, r->st);
		r->st = NULL;
		if (r->authed)
			fc_deadline_met(r->srv->deadline, conn);
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (r->answered || r->unauth_over) {
			*upload_size = 0;
			return MHD_YES;
		}
		/* Not yet known to be from an enrolled device: a few KiB at most. */
		if (!r->authed && r->body.len + *upload_size > FC_UNAUTH_BODY_MAX) {
			r->unauth_over = 1;
			fc_buf_release(&r->body);
			*upload_size = 0;
			return MHD_YES;
		}
		if (!r->too_big && r->body.len + *upload_size > r->srv->body_max)
			r->too_big = 1;
		if (!r->too_big && fc_buf_add(&r->body, upload_data, *upload_size, NULL) != 0)
			r->too_big = 1;
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->answered)
		return MHD_YES;
	/* The whole request is in: its answer may take as long as it takes to send. */
	fc_deadline_met(r->srv->deadline, conn);
	ret = server_dispatch(r);
	server_nonce_settle(r);
	server_store_put(r->srv, r->st);
	r->st = NULL;
	return ret == MHD_YES ? MHD_YES : MHD_NO;
}

static void
server_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		 enum MHD_RequestTerminationCode toe)
{
	struct fc_server_req *r = *con_cls;

	/* The next request on this connection has its own deadline for its headers. */
	fc_deadline_again(((struct fc_server *)cls)->deadline, conn);
	if (r == NULL)
		return;
	if (!r->started) { /* seen at its URI only: refused by libmicrohttpd, or cut */
		free(r);
		*con_cls = NULL;
		return;
	}
	if (!r->answered && toe != MHD_REQUEST_TERMINATED_COMPLETED_OK) {
		r->records = 0;
		server_log(r, 0);
	}
	server_nonce_settle(r);
	server_store_put(r->srv, r->st);
	fc_buf_release(&r->body);
	free(r);
	*con_cls = NULL;
}

/*
 * libmicrohttpd's own messages (a client that hung up mid-request, the
 * connection limit reached) go to the journal like every other line, with a
 * priority: warning, since they tell of clients, not of faults here.
 */
static void __attribute__((format(printf, 2, 0)))
server_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	size_t n;

	(void)cls;
	vsnprintf(msg, sizeof msg, fmt, ap);
	/* One line whatever MHD wrote: its line ends (and any other control) become spaces. */
	for (n = 0; msg[n] != '\0'; n++)
		if ((unsigned char)msg[n] < 0x20 || msg[n] == 0x7F)
			msg[n] = ' ';
	while (n > 0 && msg[n - 1] == ' ')
		n--;
	fprintf(stderr, "<%d>fieldcheck-server: %.*s\n", FC_LOG_WARNING, (int)n, msg);
}

/* Life cycle */

/* public_url, checked, kept without its final '/'. */
static int
server_public_url(struct fc_server *srv, const char *url, struct fc_error *err)
{
	size_t len;

	if (url == NULL || url[0] == '\0')
		return 0;
	if (fc_server_check_public_url("--public-url", url, err) != 0)
		return -1;
	len = strlen(url);
	while (len > 0 && url[len - 1] == '/')
		len--;
	snprintf(srv->public_url, sizeof srv->public_url, "%.*s", (int)len, url);
	return 0;
}

/* The settings fc_server_start keeps, defaults filled in. */
static int
server_take_config(struct fc_server *srv, const struct fc_server_config *cfg, struct fc_error *err)
{
	snprintf(srv->db_path, sizeof srv->db_path, "%s", cfg->db_path);
	if (cfg->photo_dir != NULL)
		snprintf(srv->photo_dir, sizeof srv->photo_dir, "%s", cfg->photo_dir);
	else
		snprintf(srv->photo_dir, sizeof srv->photo_dir, "%s-photos", cfg->db_path);
	srv->window = cfg->window > 0 ? cfg->window : FC_CLOCK_WINDOW;
	srv->header_timeout =
	    cfg->header_timeout > 0 ? cfg->header_timeout : FC_HEADER_TIMEOUT_DEFAULT;
	srv->request_timeout = cfg->request_timeout > 0 ? cfg->request_timeout : FC_AUTHED_TIMEOUT;
	srv->connection_limit =
	    cfg->connection_limit > 0 ? cfg->connection_limit : FC_CONNECTION_LIMIT;
	srv->body_max = cfg->body_max > 0 ? cfg->body_max : FC_REQUEST_MAX_BYTES;
	srv->log = cfg->log != NULL ? cfg->log : stderr;
	if (cfg->trusted_proxy != NULL &&
	    fc_server_check_proxy("--trusted-proxy", cfg->trusted_proxy, err) != 0)
		return -1;
	if (cfg->trusted_proxy != NULL)
		snprintf(srv->trusted_proxy, sizeof srv->trusted_proxy, "%s", cfg->trusted_proxy);
	if (cfg->web_dir != NULL && fc_server_check_web("--web", cfg->web_dir, err) != 0)
		return -1;
	snprintf(srv->web_dir, sizeof srv->web_dir, "%s",
		 cfg->web_dir != NULL ? cfg->web_dir : FC_WEBDIR);
	return server_public_url(srv, cfg->public_url, err);
}

int
fc_server_start(const struct fc_server_config *cfg, struct fc_server **out, struct fc_error *err)
{
	struct fc_server *srv = calloc(1, sizeof *srv);
	struct sockaddr_in sa;
	struct fc_sstore *st = NULL;
	const union MHD_DaemonInfo *info;
	char listen[64];

	if (srv == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory starting the server"));
	pthread_mutex_init(&srv->lock, NULL);
	pthread_cond_init(&srv->store_freed, NULL);
	unsigned int per_ip = cfg->per_ip_limit > 0    ? cfg->per_ip_limit
			      : cfg->per_ip_limit == 0 ? FC_PER_IP_LIMIT_DEFAULT
						       : 0;
	snprintf(listen, sizeof listen, "%s", cfg->listen != NULL ? cfg->listen : "127.0.0.1:8470");
	if (server_take_config(srv, cfg, err) != 0 ||
	    fc_server_parse_listen("--listen", listen, &sa, err) != 0)
		goto fail;
	srv->verify_limit =
	    fc_ratelimit_new(cfg->verify_limit > 0 ? cfg->verify_limit : FC_VERIFY_LIMIT_DEFAULT);
	if (srv->verify_limit == NULL) {
		fc_error_set(err, FC_E_NOMEM, _("out of memory starting the server"));
		goto fail;
	}
	/*
	 * Open once here so a bad path or schema fails before we listen; the
	 * first start of a store makes its key.
	 */
	if (fc_sstore_open(srv->db_path, &st, err) != 0)
		goto fail;
	if (fc_sstore_server_key(st, time(NULL), srv->server_pk, NULL, err) != 0) {
		fc_sstore_close(st);
		goto fail;
	}
	srv->nopen = 1;
	server_store_put(srv, st);
	/* Before any request thread: reading the catalogue sets process-wide state. */
	fc_console_strings_init();
	if (fc_deadline_start(srv->header_timeout, &srv->deadline, err) != 0)
		goto fail;
	srv->mhd = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG, 0,
	    NULL, NULL, server_access, srv,
	    /* The logger first: MHD prints what it meets before it unprefixed itself. */
	    MHD_OPTION_EXTERNAL_LOGGER, server_mhd_log, NULL, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED, server_completed, srv,
	    MHD_OPTION_NOTIFY_CONNECTION, fc_deadline_notify, srv->deadline,
	    MHD_OPTION_URI_LOG_CALLBACK, server_uri_seen, srv, MHD_OPTION_CONNECTION_TIMEOUT,
	    srv->header_timeout, MHD_OPTION_CONNECTION_LIMIT, srv->connection_limit,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    (size_t)FC_CONNECTION_MEMORY, MHD_OPTION_END);
	if (srv->mhd == NULL) {
		fc_error_set(err, FC_E_IO,
			     _("cannot listen on %s (in use, or not an address here)"), listen);
		goto fail;
	}
	info = MHD_get_daemon_info(srv->mhd, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info != NULL ? info->port : ntohs(sa.sin_port);
	*out = srv;
	return 0;
fail:
	fc_server_stop(srv);
	return -1;
}

void
fc_server_reopen(struct fc_server *srv)
{
	pthread_mutex_lock(&srv->lock);
	while (srv->npool > 0) {
		fc_sstore_close(srv->pool[--srv->npool]);
		srv->nopen--;
	}
	pthread_cond_broadcast(&srv->store_freed);
	pthread_mutex_unlock(&srv->lock);
}

unsigned
fc_server_port(const struct fc_server *srv)
{
	return srv->port;
}

void
fc_server_stop(struct fc_server *srv)
{
	if (srv == NULL)
		return;
	if (srv->mhd != NULL)
		MHD_stop_daemon(srv->mhd);
	fc_deadline_stop(srv->deadline);
	for (size_t i = 0; i < srv->npool; i++)
		fc_sstore_close(srv->pool[i]);
	pthread_cond_destroy(&srv->store_freed);
	pthread_mutex_destroy(&srv->lock);
	fc_ratelimit_free(srv->verify_limit);
	free(srv);
}
