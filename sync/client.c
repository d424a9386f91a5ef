/* SPDX-License-Identifier: Apache-2.0 */
/*
 * client.c: the device's HTTP transport (one reused libcurl handle, so a
 * sync keeps one connection alive), request signing, enrolment, the summary
 * request, and fc_sync_run() which puts the steps of a sync in order.
 *
 * libcurl does TLS with normal certificate checks; a pinned server key
 * (CURLOPT_PINNEDPUBLICKEY) is an option for sites with their own CA. A
 * connection that stalls is dropped after stall_timeout seconds without a
 * byte, so a sync never hangs, however long a big push takes. Words for the
 * user are made here at the boundary: "cannot reach <url>: connection
 * refused; records are kept and will go next time".
 */
#include <errno.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "curl-lib.h"
#include "core/lang.h"
#include "sync/routes.h"
#include "wire.h"

#define _(s) gettext(s)

#define CLIENT_MAX_ANSWER (64 * 1024 * 1024)

struct fc_client {
	const struct fc_curl *cu; /* libcurl, loaded by the first client */
	CURL *curl;
	struct fc_sync_options opt;
	char url[1024];		  /* base, without a trailing slash */
	const struct fc_key *key; /* borrowed */
	struct fc_buf answer;
	int too_big;
	json_t *photos_wanted; /* the last status's photos_wanted, owned */
};

static size_t
client_write(char *data, size_t size, size_t nmemb, void *ctx)
{
	struct fc_client *c = ctx;
	size_t len = size * nmemb;

	if (c->answer.len + len > CLIENT_MAX_ANSWER) {
		c->too_big = 1;
		return 0;
	}
	if (fc_buf_add(&c->answer, data, len, NULL) != 0)
		return 0;
	return len;
}

int
fc_client_url_check(const char *url, struct fc_error *err)
{
	if (url == NULL || url[0] == '\0')
		return fc_error_set(err, FC_E_USAGE, "%s",
				    _("no server: give --server URL, or enroll first ('fieldcheck "
				      "enroll URL CODE')"));
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return fc_error_set(err, FC_E_USAGE,
				    _("server URL %s must start with http:// or https://"), url);
	return 0;
}

int
fc_client_open(const struct fc_sync_options *opt, const struct fc_key *key, struct fc_client **out,
	       struct fc_error *err)
{
	static int curl_ready;
	const struct fc_curl *cu;
	struct fc_client *c;
	size_t n;

	if (fc_client_url_check(opt->url, err) != 0)
		return -1;
	/* Not thread-safe, and the CLI and the TUI call this from one thread. */
	if ((cu = fc_curl(err)) == NULL)
		return -1;
	if (!curl_ready) {
		if (cu->global_init(CURL_GLOBAL_DEFAULT) != 0)
			return fc_error_set(err, FC_E_NET, _("cannot initialise libcurl"));
		curl_ready = 1;
	}
	c = calloc(1, sizeof *c);
	if (c == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	c->cu = cu;
	c->curl = cu->easy_init();
	if (c->curl == NULL) {
		free(c);
		return fc_error_set(err, FC_E_NOMEM, _("cannot start libcurl"));
	}
	c->opt = *opt;
	c->key = key;
	fc_buf_init(&c->answer);
	snprintf(c->url, sizeof c->url, "%s", opt->url);
	n = strlen(c->url);
	while (n > 0 && c->url[n - 1] == '/')
		c->url[--n] = '\0';
	c->opt.url = c->url;
	*out = c;
	return 0;
}

int
fc_client_twin(const struct fc_client *c, struct fc_client **out, struct fc_error *err)
{
	struct fc_sync_options opt = c->opt;

	/* Its requests run on another thread: progress is the first client's to report. */
	opt.progress = NULL;
	opt.progress_ctx = NULL;
	return fc_client_open(&opt, c->key, out, err);
}

void
fc_client_close(struct fc_client *c)
{
	if (c == NULL)
		return;
	c->cu->easy_cleanup(c->curl);
	fc_buf_release(&c->answer);
	json_decref(c->photos_wanted);
	free(c);
}

void
fc_client_keep_photos_wanted(struct fc_client *c, json_t *wanted)
{
	json_decref(c->photos_wanted);
	c->photos_wanted = json_incref(wanted);
}

const json_t *
fc_client_photos_wanted(const struct fc_client *c)
{
	return c->photos_wanted;
}

const struct fc_sync_options *
fc_client_options(const struct fc_client *c)
{
	return &c->opt;
}

void
fc_client_progress(struct fc_client *c, const char *stage, int64_t done, int64_t total)
{
	struct fc_sync_progress p = {stage, done, total};

	if (c->opt.progress != NULL)
		c->opt.progress(&p, c->opt.progress_ctx);
}

/*
 * Why a certificate was not accepted, from OpenSSL's verify result. The name
 * is checked by libcurl itself after OpenSSL accepted the chain; a mismatch
 * leaves 0 or 1 (X509_V_ERR_UNSPECIFIED, libcurl 7.88 with OpenSSL 3).
 * The numbers are X509_V_ERR_*, stable in OpenSSL's ABI.
 */
static const char *
client_cert_why(struct fc_client *c)
{
	long v = 0;

	c->cu->easy_getinfo(c->curl, CURLINFO_SSL_VERIFYRESULT, &v);
	switch (v) {
	case 0:	 /* X509_V_OK: the name did not match */
	case 1:	 /* X509_V_ERR_UNSPECIFIED: the same */
	case 62: /* X509_V_ERR_HOSTNAME_MISMATCH */
	case 64: /* X509_V_ERR_IP_ADDRESS_MISMATCH */
		return _("it was made for another server name");
	case 9:	 /* X509_V_ERR_CERT_NOT_YET_VALID */
	case 10: /* X509_V_ERR_CERT_HAS_EXPIRED */
		return _("it has expired or is not valid yet (check the device's clock)");
	case 18: /* X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT */
	case 19: /* X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN */
	case 20: /* X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY */
	case 21: /* X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE */
		return _("no certificate authority this device trusts signed it");
	default:
		return _("it did not pass the checks");
	}
}

/* Seconds without a byte before a transfer is dropped. */
static long
client_stall(const struct fc_client *c)
{
	return c->opt.stall_timeout > 0 ? c->opt.stall_timeout : 30L;
}

/*
 * Our words for a transport failure, in the user's language: libcurl's own
 * text ("SSL certificate problem: ...") is English and names library
 * internals, so the common failures get a sentence each and the rest the
 * number libcurl gives (its documentation lists them).
 */
static int
client_net_error(struct fc_client *c, CURLcode rc, struct fc_error *err)
{
	const char *why;
	char other[64];
	long os_errno = 0;
	curl_off_t connected = 0;

	c->cu->easy_getinfo(c->curl, CURLINFO_OS_ERRNO, &os_errno);
	switch (rc) {
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		return fc_error_set(
		    err, FC_E_NET,
		    _("%s: the server's key does not match the pinned key; not sending anything"),
		    c->url);
	case CURLE_PEER_FAILED_VERIFICATION: /* CURLE_SSL_CACERT too, since libcurl 7.62 */
		return fc_error_set(
		    err, FC_E_NET,
		    _("%s: the server's certificate is not trusted: %s; not sending "
		      "anything (a site with its own certificate authority gives its "
		      "CA file when enrolling)"),
		    c->url, client_cert_why(c));
	case CURLE_SSL_CACERT_BADFILE:
		return fc_error_set(err, FC_E_NET,
				    _("%s: the CA file given at enrolment cannot be read as "
				      "certificates; not sending anything"),
				    c->url);
	case CURLE_SSL_CONNECT_ERROR:
		return fc_error_set(err, FC_E_NET,
				    _("%s: the secure connection could not be set up (check the "
				      "address: does this server take encrypted connections?); not "
				      "sending anything"),
				    c->url);
	case CURLE_COULDNT_CONNECT:
		why = os_errno == ECONNREFUSED ? _("connection refused")
					       : _("no route to the server (no network?)");
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		why = _("host not found (no network?)");
		break;
	case CURLE_OPERATION_TIMEDOUT:
		/*
		 * Connected, then silent: the stall limit ran out. Saying how
		 * long it waited tells the inspector what `config sync-timeout`
		 * would change; a connection never made keeps the plain words.
		 */
		if (c->cu->easy_getinfo(c->curl, CURLINFO_CONNECT_TIME_T, &connected) == CURLE_OK &&
		    connected > 0) {
			snprintf(other, sizeof other, _("no answer within %ld s"), client_stall(c));
			why = other;
		} else {
			why = _("no answer in time");
		}
		break;
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		why = _("the connection was cut before the answer came");
		break;
	default:
		snprintf(other, sizeof other, _("network error %d"), (int)rc);
		why = other;
		break;
	}
	return fc_error_set(err, FC_E_NET,
			    _("cannot reach %s: %s; records are kept and will go next time"),
			    c->url, why);
}

/* Build the URL's query (escaped) and the signed one (decoded) from pairs. */
static int
client_query(struct fc_client *c, const char *const *query, struct fc_buf *url,
	     struct fc_buf *signed_q, struct fc_error *err)
{
	for (size_t i = 0; query != NULL && query[i] != NULL && query[i + 1] != NULL; i += 2) {
		char *k = c->cu->easy_escape(c->curl, query[i], 0);
		char *v = c->cu->easy_escape(c->curl, query[i + 1], 0);
		int bad = k == NULL || v == NULL ||
			  fc_buf_addf(url, err, "%c%s=%s", i == 0 ? '?' : '&', k, v) != 0 ||
			  fc_buf_addf(signed_q, err, "%c%s=%s", i == 0 ? '?' : '&', query[i],
				      query[i + 1]) != 0;

		c->cu->free(k);
		c->cu->free(v);
		if (bad)
			return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	}
	return 0;
}

static int
client_header(const struct fc_client *c, struct curl_slist **list, const char *name,
	      const char *value)
{
	char line[512];
	struct curl_slist *n;

	snprintf(line, sizeof line, "%s: %s", name, value);
	n = c->cu->slist_append(*list, line);
	if (n == NULL)
		return -1;
	*list = n;
	return 0;
}

/* The server's {"error": ...} text, or the status line when it sent none. */
static void
client_refusal(struct fc_client *c, long status, struct fc_error *err)
{
	json_t *j = json_loadb(c->answer.buf, c->answer.len, 0, NULL);
	const char *msg = json_string_value(json_object_get(j, "error"));

	if (msg != NULL)
		fc_error_set(err, FC_E_REFUSED, _("server refused (HTTP %ld): %s"), status, msg);
	else
		fc_error_set(err, FC_E_REFUSED, _("server refused (HTTP %ld)"), status);
	json_decref(j);
}

/*
 * The language the inspector reads: the server words its refusals in it
 * (the names of households and items in them are the server's as they are).
 */
static const char *
client_accept_language(const struct fc_client *c)
{
	const char *lang = c->opt.lang != NULL ? c->opt.lang : fc_lang_of_process();

	return strcmp(lang, "en") == 0 ? "en" : "zh-CN";
}

/* The signed headers of one request (docs/protocol.md): who, when, once, and over what. */
static int
client_signed_headers(struct fc_client *c, const char *method, const char *spath, const void *body,
		      size_t body_len, const char *ctype, struct curl_slist **hdrs,
		      struct fc_error *err)
{
	char nonce[FC_NONCE_HEX], sig[FC_SIG_HEX], ts[32], bhash[FC_HASH_HEX];
	int64_t now = (int64_t)time(NULL);

	fc_wire_nonce(nonce);
	snprintf(ts, sizeof ts, "%lld", (long long)now);
	if (fc_wire_sign_request(c->key->sk, method, spath, now, nonce, body != NULL ? body : "",
				 body != NULL ? body_len : 0, sig, err) != 0)
		return -1;
	fc_wire_body_hash(body != NULL ? body : "", body != NULL ? body_len : 0, bhash);
	if (client_header(c, hdrs, FC_HDR_INSPECTOR, c->key->id.inspector) ||
	    client_header(c, hdrs, FC_HDR_BODY_HASH, bhash) ||
	    client_header(c, hdrs, FC_HDR_DEVICE, c->key->id.device) ||
	    client_header(c, hdrs, FC_HDR_TIME, ts) ||
	    client_header(c, hdrs, FC_HDR_NONCE, nonce) ||
	    client_header(c, hdrs, FC_HDR_SIGNATURE, sig) ||
	    client_header(c, hdrs, "Content-Type", ctype != NULL ? ctype : "application/json") ||
	    client_header(c, hdrs, "Accept-Language", client_accept_language(c)) ||
	    /* No 100-continue round trip: the server reads bounded bodies anyway. */
	    (*hdrs = c->cu->slist_append(*hdrs, "Expect:")) == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	return 0;
}

/* The transfer's settings: a fresh handle each time, so nothing of the last request leaks in. */
static void
client_setup(struct fc_client *c, const char *method, const char *url, struct curl_slist *hdrs,
	     const void *body, size_t body_len)
{
	c->cu->easy_reset(c->curl);
	fc_buf_reset(&c->answer);
	c->too_big = 0;
	c->cu->easy_setopt(c->curl, CURLOPT_URL, url);
	c->cu->easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, method);
	/* Lets an administrator tell program versions apart in proxy logs. */
	c->cu->easy_setopt(c->curl, CURLOPT_USERAGENT, "fieldcheck/" FC_VERSION);
	c->cu->easy_setopt(c->curl, CURLOPT_HTTPHEADER, hdrs);
	c->cu->easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, client_write);
	c->cu->easy_setopt(c->curl, CURLOPT_WRITEDATA, c);
	c->cu->easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	c->cu->easy_setopt(c->curl, CURLOPT_ACCEPT_ENCODING, "");
	c->cu->easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT,
			   c->opt.connect_timeout > 0 ? c->opt.connect_timeout : 10L);
	/* Less than a byte a second for this long is a dead link, not a slow one. */
	c->cu->easy_setopt(c->curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	c->cu->easy_setopt(c->curl, CURLOPT_LOW_SPEED_TIME, client_stall(c));
	c->cu->easy_setopt(c->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	if (c->opt.pinned_key != NULL && c->opt.pinned_key[0] != '\0')
		c->cu->easy_setopt(c->curl, CURLOPT_PINNEDPUBLICKEY, c->opt.pinned_key);
	/* A site with its own CA: verification stays on, against its certificates. */
	if (c->opt.ca_file != NULL && c->opt.ca_file[0] != '\0')
		c->cu->easy_setopt(c->curl, CURLOPT_CAINFO, c->opt.ca_file);
	if (body != NULL) {
		c->cu->easy_setopt(c->curl, CURLOPT_POSTFIELDS, body);
		c->cu->easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
	} else if (strcmp(method, "GET") == 0) {
		c->cu->easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
	}
}

/* Run the transfer and read its outcome: a 2xx answer as JSON (when wanted), else the refusal. */
static int
client_perform(struct fc_client *c, long *status, json_t **answer, struct fc_error *err)
{
	CURLcode rc = c->cu->easy_perform(c->curl);
	long code = 0;

	if (rc != CURLE_OK) {
		if (c->too_big)
			return fc_error_set(err, FC_E_NET, _("%s: the answer is over %d bytes"),
					    c->url, CLIENT_MAX_ANSWER);
		client_net_error(c, rc, err);
		return -1;
	}
	c->cu->easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &code);
	*status = code;
	if (code < 200 || code > 299) {
		client_refusal(c, code, err);
		return -1;
	}
	if (answer == NULL)
		return 0;
	return fc_client_answer_json(c, answer, err);
}

const char *
fc_client_answer(const struct fc_client *c, size_t *len)
{
	*len = c->answer.len;
	return c->answer.buf != NULL ? c->answer.buf : "";
}

int
fc_client_answer_json(struct fc_client *c, json_t **answer, struct fc_error *err)
{
	json_error_t jerr;

	*answer = json_loadb(c->answer.buf, c->answer.len, 0, &jerr);
	if (*answer == NULL)
		return fc_error_set(err, FC_E_NET, _("%s: the answer is not JSON: %s"), c->url,
				    jerr.text);
	return 0;
}

static int
client_request_once(struct fc_client *c, const char *method, const char *path,
		    const char *const *query, const void *body, size_t body_len, const char *ctype,
		    long *status, json_t **answer, struct fc_error *err)
{
	struct fc_buf url = FC_BUF_INIT, spath = FC_BUF_INIT;
	struct curl_slist *hdrs = NULL;
	int ret = -1;

	*status = 0;
	if (fc_buf_addf(&url, err, "%s%s", c->url, path) != 0 ||
	    fc_buf_adds(&spath, path, err) != 0 || client_query(c, query, &url, &spath, err) != 0 ||
	    client_signed_headers(c, method, spath.buf, body, body_len, ctype, &hdrs, err) != 0)
		goto out;
	client_setup(c, method, url.buf, hdrs, body, body_len);
	ret = client_perform(c, status, answer, err);
out:
	c->cu->slist_free_all(hdrs);
	fc_buf_release(&url);
	fc_buf_release(&spath);
	return ret;
}

int
fc_client_enroll(struct fc_client *c, const char *code, json_t **answer, struct fc_error *err)
{
	char pk[2 * FC_PK_BYTES + 1];
	json_t *req;
	char *body;
	long status;
	int ret;

	fc_hex_encode(c->key->id.pk, FC_PK_BYTES, pk);
	req = json_pack("{s:s,s:s,s:s,s:s}", "code", code, "inspector", c->key->id.inspector,
			"device", c->key->id.device, "pk", pk);
	body = req != NULL ? json_dumps(req, JSON_COMPACT) : NULL;
	json_decref(req);
	if (body == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	ret =
	    fc_client_request(c, fc_routes[FC_ROUTE_ENROLL].method, fc_routes[FC_ROUTE_ENROLL].path,
			      NULL, body, strlen(body), NULL, &status, answer, err);
	free(body);
	return ret;
}

int
fc_client_summary(struct fc_client *c, const char *by, const char *since, json_t **out,
		  struct fc_error *err)
{
	const char *q[] = {"by", by != NULL ? by : "district", "since", since, NULL};
	long status;

	if (since == NULL)
		q[2] = NULL;
	return fc_client_request(c, fc_routes[FC_ROUTE_SUMMARY].method,
				 fc_routes[FC_ROUTE_SUMMARY].path, q, NULL, 0, NULL, &status, out,
				 err);
}

int
fc_sync_run(struct fc_store *st, const struct fc_home *home, const struct fc_key *key,
	    const struct fc_sync_options *opt, struct fc_sync_result *res, struct fc_error *err)
{
	struct fc_client *c = NULL;
	char now[32];
	int ret;

	memset(res, 0, sizeof *res);
	if (fc_client_open(opt, key, &c, err) != 0)
		return -1;
	ret = fc_client_push(c, st, res, err);
	if (ret == 0)
		ret = fc_client_photos(c, st, home, res, err);
	if (ret == 0)
		ret = fc_client_pull(c, st, home, res, err);
	if (ret == 0)
		ret = fc_client_reviews(c, st, res, err);
	if (ret == 0) {
		snprintf(now, sizeof now, "%lld", (long long)time(NULL));
		ret = fc_store_set_setting(st, FC_SET_LAST_SYNC, now, err);
	}
	fc_client_close(c);
	return ret;
}

/* 1 when the last answer asks for the request to be signed again (a nonce seen twice). */
static int
client_should_retry(struct fc_client *c, long status)
{
	json_t *j;
	int retry;

	if (status != 409)
		return 0;
	j = json_loadb(c->answer.buf, c->answer.len, 0, NULL);
	retry = json_is_true(json_object_get(j, "retry"));
	json_decref(j);
	return retry;
}

int
fc_client_request(struct fc_client *c, const char *method, const char *path,
		  const char *const *query, const void *body, size_t body_len, const char *ctype,
		  long *status, json_t **answer, struct fc_error *err)
{
	int ret =
	    client_request_once(c, method, path, query, body, body_len, ctype, status, answer, err);

	/* Every request is idempotent on the server, so once more with a new nonce is safe. */
	if (ret != 0 && client_should_retry(c, *status)) {
		fc_error_clear(err);
		ret = client_request_once(c, method, path, query, body, body_len, ctype, status,
					  answer, err);
	}
	return ret;
}
