/* SPDX-License-Identifier: Apache-2.0 */
/*
 * server.h: the central server's HTTP side (libmicrohttpd), shared by the
 * request handlers in the other files of server/.
 *
 * fc_server_start() opens the store, binds the listening address and runs
 * the daemon in its own threads (one per connection) until fc_server_stop().
 * Each request gets a struct fc_server_req: its body (bounded), a store
 * handle from the pool for the time it is handled, and, once authenticated,
 * the device and inspector that signed it. Handlers answer with
 * fc_server_reply()/fc_server_error(), which also write the one log line.
 */
#ifndef FC_SERVER_H
#define FC_SERVER_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/lang.h"
#include "server/store/store.h"

#define FC_SERVER_PORT 8470

struct fc_server_config {
	const char *db_path;	   /* the SQLite store */
	const char *listen;	   /* "ADDR:PORT"; NULL = 127.0.0.1:8470 */
	const char *photo_dir;	   /* NULL = "<db_path>-photos" */
	long window;		   /* clock window, seconds; 0 = FC_CLOCK_WINDOW */
	FILE *log;		   /* request log; NULL = stderr */
	const char *trusted_proxy; /* address whose X-Forwarded-For is believed; NULL = none */
	unsigned header_timeout;   /* 0 = FC_HEADER_TIMEOUT_DEFAULT */
	int per_ip_limit;	   /* 0 = FC_PER_IP_LIMIT_DEFAULT, -1 = no limit */
	unsigned connection_limit; /* 0 = FC_CONNECTION_LIMIT */
	unsigned request_timeout;  /* idle seconds once authenticated; 0 = FC_AUTHED_TIMEOUT */
	size_t body_max;	   /* bytes of a request body; 0 = FC_REQUEST_MAX_BYTES */
	int verify_limit;    /* /verify/ asks a minute per address; 0 = FC_VERIFY_LIMIT_DEFAULT */
	const char *web_dir; /* the console's static files; NULL = FC_WEBDIR */
	/* The address households reach /verify/ at, printed in notices' QR codes; NULL = none. */
	const char *public_url;
};

/* GET /verify/ asks one address may make a minute (a burst of as many, then that rate). */
#define FC_VERIFY_LIMIT_DEFAULT 30

/*
 * Limits on what an unauthenticated client can hold (docs/operating.md,
 * "Limits"): until a request's signature has been checked from its headers
 * it may keep FC_UNAUTH_BODY_MAX bytes and idle FC_HEADER_TIMEOUT_DEFAULT
 * seconds; one address may hold FC_PER_IP_LIMIT_DEFAULT connections of the
 * FC_CONNECTION_LIMIT, each with FC_CONNECTION_MEMORY bytes for its headers.
 */
#define FC_UNAUTH_BODY_MAX 4096
#define FC_HEADER_TIMEOUT_DEFAULT 10
#define FC_AUTHED_TIMEOUT 120
#define FC_PER_IP_LIMIT_DEFAULT 64
#define FC_CONNECTION_LIMIT 1000
#define FC_CONNECTION_MEMORY (32 * 1024)
/*
 * The longest URI (path and query, as sent) answered: libmicrohttpd 0.9.75
 * leaves a request whose URI is over about 8 KiB unanswered until the header
 * timeout when the answer comes after its headers (a console read by someone
 * logged in), so a longer one is refused at once with 414. No route needs
 * more than a few hundred bytes. Past FC_CONNECTION_MEMORY libmicrohttpd
 * answers 414 or 431 itself.
 */
#define FC_URI_MAX 4096

/* The longest public_url kept, its final '/' left off. */
#define FC_PUBLIC_URL_MAX 512

/*
 * Checks of the settings serve takes from its options and from server.conf,
 * so a bad value in the file is refused as it is read, naming its line, not
 * at start as if an option had been given. what names the option or key.
 */
int fc_server_check_listen(const char *what, const char *listen, struct fc_error *err);
int fc_server_check_proxy(const char *what, const char *addr, struct fc_error *err);
int fc_server_check_public_url(const char *what, const char *url, struct fc_error *err);
/* dir holds the console's files (its index.html can be read). */
int fc_server_check_web(const char *what, const char *dir, struct fc_error *err);
struct sockaddr_in;
/* listen ("HOST:PORT", an IPv4 host, 127.0.0.1 when empty) into sa. */
int fc_server_parse_listen(const char *what, const char *listen, struct sockaddr_in *sa,
			   struct fc_error *err);

struct fc_server;

/* Close the idle store connections; requests open new ones (SIGHUP). */
void fc_server_reopen(struct fc_server *srv);

/* Start serving; caller stops with fc_server_stop(). */
int fc_server_start(const struct fc_server_config *cfg, struct fc_server **out,
		    struct fc_error *err);
/* Stop accepting, finish requests in flight, close everything. NULL does nothing. */
void fc_server_stop(struct fc_server *srv);
/* The port actually bound (useful when the config asked for port 0). */
unsigned fc_server_port(const struct fc_server *srv);

/* For the handlers */

struct MHD_Connection;

struct fc_server_req {
	struct fc_server *srv;
	struct MHD_Connection *conn;
	const char *method;
	const char *url;
	struct fc_buf body;	   /* request body so far (bounded) */
	int too_big;		   /* body went over the limit */
	struct fc_sstore *st;	   /* pooled handle while dispatching */
	struct fc_sdevice dev;	   /* the signing device, once authenticated */
	struct fc_sinspector insp; /* its inspector */
	char who[FC_ID_MAX];	   /* for the log: inspector or "-" */
	long records;		   /* for the log: records in the request */
	struct timespec start;
	int answered;
	int authed;	  /* authenticated from the headers, before the body */
	int unauth_over;  /* an unauthenticated body went over FC_UNAUTH_BODY_MAX */
	int started;	  /* server_access has seen it (it may be made before, at its URI) */
	size_t uri_len;	  /* bytes of the request line's URI, query and all */
	char rid[17];	  /* request id: in the log and the X-Request-Id header */
	char from[64];	  /* client address (the proxy's X-Forwarded-For when trusted) */
	int via_proxy;	  /* the peer is the trusted proxy (its X-Forwarded-* are believed) */
	const char *lang; /* "zh" or "en", from Accept-Language: the device's messages */
	/* A push's nonce, checked unseen but not spent yet: its transaction spends it. */
	char nonce[65];
	int nonce_due;
	int retry_after; /* > 0: seconds for a Retry-After header (429) */
};

/* Queue obj (stolen) as the JSON answer with status; gzip when the client takes it. */
int fc_server_reply(struct fc_server_req *r, unsigned status, json_t *obj);
/* The same for JSON text already made (taken over and freed), len bytes of it. */
int fc_server_reply_text(struct fc_server_req *r, unsigned status, char *text, size_t len);
struct MHD_Response;
/* Queue resp (destroyed here) with status, with the request id, and log the request. */
int fc_server_respond(struct fc_server_req *r, unsigned status, struct MHD_Response *resp);
/*
 * Answer {"error": message} with status. A device reads message: its format
 * is fc_gettext(r->lang, ...) so it comes in the device's language
 * (tests/cli/po.sh refuses one that is not, but for its short list).
 */
int fc_server_error(struct fc_server_req *r, unsigned status, const char *fmt, ...)
    __attribute__((__format__(printf, 3, 4)));
/*
 * The language an Accept-Language header asks for: the first of its
 * languages that is Chinese or English ("zh" or "en"), and Chinese when it
 * names neither or is absent (NULL).
 */
const char *fc_server_accept_lang(const char *accept_language);

/* Answer 409 for a replayed request, in r's language, telling an honest client to sign again. */
int fc_server_replayed(struct fc_server_req *r);
/*
 * Map a store error to a status and answer it: a busy store in r's language,
 * anything else in the store's words (a fault, or a malformed request no
 * inspector can make by hand).
 */
int fc_server_fail(struct fc_server_req *r, const struct fc_error *err);
/* A query argument, or NULL. */
const char *fc_server_arg(struct fc_server_req *r, const char *key);
/* A whole-number query argument: def when absent, -1 when not a number >= 0. */
int64_t fc_server_int_arg(struct fc_server_req *r, const char *key, int64_t def);
/* Directory for photo files. */
const char *fc_server_photo_dir(const struct fc_server *srv);
/* The public half of the server's key (made at first start). */
const unsigned char *fc_server_public_key(const struct fc_server *srv);
/* Directory of the console's static files (web/ installed). */
const char *fc_server_web_dir(const struct fc_server *srv);
/* server.conf public_url without a final '/', or "" when not set. */
const char *fc_server_public_url(const struct fc_server *srv);
/* The clock window in seconds. */
long fc_server_window(const struct fc_server *srv);
/* Today's date (UTC) as YYYY-MM-DD. */
void fc_server_today(char out[11]);

/*
 * Check the request's signed headers against pk. Returns 0, or answers the
 * request with the reason and returns 1 (the MHD result is in *mhd).
 */
int fc_server_check_signature(struct fc_server_req *r, const unsigned char *pk, int *mhd);

/* Enrolment codes: 12 letters and digits shown as XXXX-XXXX-XXXX. */
#define FC_CODE_LEN 15
void fc_server_code_new(char out[FC_CODE_LEN]);
/* BLAKE2b-256 of the code with dashes, spaces and case ignored. */
void fc_server_code_hash(const char *code, unsigned char out[32]);

/* Handlers, one per route (enroll.c, push.c, pull.c, photo.c, verify.c). */
int fc_server_enroll(struct fc_server_req *r);
int fc_server_status(struct fc_server_req *r);
int fc_server_push(struct fc_server_req *r);
int fc_server_households(struct fc_server_req *r);
int fc_server_assignments(struct fc_server_req *r);
int fc_server_templates(struct fc_server_req *r);
int fc_server_summary(struct fc_server_req *r);
int fc_server_photo(struct fc_server_req *r, const char *hash);
/* verify.c: GET /v1/server-key, and GET /verify/HASH with the path's hash. */
int fc_server_key_route(struct fc_server_req *r);
int fc_server_verify(struct fc_server_req *r, const char *hash);
/* A public route asked too often: 429, as a page for a browser on /verify/. */
int fc_server_verify_busy(struct fc_server_req *r, int wait);
int fc_server_reviews(struct fc_server_req *r);

/* The supervisors' console: every path under FC_CONSOLE_PREFIX (server/console.c). */
#define FC_CONSOLE_PREFIX "/console"
int fc_console_dispatch(struct fc_server_req *r);

/*
 * Check a batch of records as the push handler does, without HTTP: parse and
 * verify each signature on every core, then store the ones that extend the
 * device's chain in one transaction, each only if its inspector may write it
 * (store/authz.c; district is the inspector's districts: one id, a comma list
 * or "*"). Used by push and by bench/bench-sync.c.
 * *answer gets {"held", "stored", "skipped", "refused"?}; caller decrefs.
 */
int fc_server_store_batch(struct fc_sstore *st, const struct fc_sdevice *dev, const char *district,
			  const void *raw, size_t raw_len, json_t **answer, long *records,
			  struct fc_error *err);
/*
 * What the push handler knows of its request: the nonce, spent in the
 * transaction that stores the records (store/nonce.c), so one durable commit
 * holds both (NULL: none); and the inspector it authenticated (NULL: read in
 * the transaction). replayed: the nonce was spent already, nothing stored.
 */
struct fc_push_request {
	const char *nonce;
	time_t now;
	long window;
	const struct fc_sinspector *insp;
	int replayed;
};
/*
 * The same with the refusals in lang ("zh", "en"; NULL: the server's own
 * language) and, unless req is NULL, what the request brings.
 */
int fc_server_store_batch_lang(struct fc_sstore *st, const struct fc_sdevice *dev,
			       const char *district, const char *lang, struct fc_push_request *req,
			       const void *raw, size_t raw_len, json_t **answer, long *records,
			       struct fc_error *err);

#endif
