/* SPDX-License-Identifier: Apache-2.0 */
/*
 * warn-send.c: one webhook POST of a warning to a receiver
 * (docs/warnings.md): the body as kept, with the warning's id for the
 * receiver to deduplicate on, a timestamp, and the HMAC-SHA-256 of
 * "timestamp.body" under the receiver's secret. Only a 2xx answer counts as
 * delivered; anything else is a failure with its reason, to be retried.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "server/logline.h"
#include "server/warn-cmd.h"
#include "sync/curl-lib.h"

#define SEND_TIMEOUT_MS 20000 /* for one delivery, connection included */
#define SEND_MIN_MS 500	      /* a send is not started with less of its lease left */

static size_t
send_discard(char *p, size_t size, size_t n, void *ctx)
{
	(void)p;
	(void)ctx;
	return size * n;
}

/*
 * The request's headers as one libcurl list, or NULL when memory ran out
 * (the part built so far is freed): a delivery without its signature
 * header must not go out at all.
 */
static struct curl_slist *
send_headers(const struct fc_curl *cu, const char *const *lines, size_t n)
{
	struct curl_slist *hdr = NULL;

	for (size_t i = 0; i < n; i++) {
		struct curl_slist *next = cu->slist_append(hdr, lines[i]);

		if (next == NULL) {
			cu->slist_free_all(hdr);
			return NULL;
		}
		hdr = next;
	}
	return hdr;
}

int
fc_warn_send(const struct fc_warn_receiver *rc, const struct fc_sdelivery *d, time_t now,
	     long timeout_ms, struct fc_error *err)
{
	char sig[FC_WARN_SIG_MAX], h_sig[128], h_ts[64], h_id[128], h_dl[128];
	const char *lines[] = {"Content-Type: application/json; charset=utf-8", h_sig, h_ts, h_id,
			       h_dl};
	struct curl_slist *hdr;
	const struct fc_curl *cu = fc_curl(err);
	CURL *c = cu != NULL ? cu->easy_init() : NULL;
	long status = 0;
	CURLcode rc_curl;

	if (cu == NULL)
		return -1;
	if (c == NULL)
		return fc_error_set(err, FC_E_NOMEM, "cannot start an HTTP client");
	fc_warn_sign(rc, (long long)now, d->body, strlen(d->body), sig);
	snprintf(h_sig, sizeof h_sig, "X-Fieldcheck-Signature: %s", sig);
	snprintf(h_ts, sizeof h_ts, "X-Fieldcheck-Timestamp: %lld", (long long)now);
	snprintf(h_id, sizeof h_id, "X-Fieldcheck-Warning: %lld", (long long)d->warning_id);
	snprintf(h_dl, sizeof h_dl, "X-Fieldcheck-Delivery: %lld/%s", (long long)d->warning_id,
		 rc->name);
	if ((hdr = send_headers(cu, lines, sizeof lines / sizeof *lines)) == NULL) {
		cu->easy_cleanup(c);
		return fc_error_set(err, FC_E_NOMEM,
				    "out of memory building the request's headers");
	}
	cu->easy_setopt(c, CURLOPT_URL, rc->url);
	cu->easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	cu->easy_setopt(c, CURLOPT_POSTFIELDS, d->body);
	cu->easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(d->body));
	cu->easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, send_discard);
	rc_curl = cu->easy_perform(c);
	if (rc_curl == CURLE_OK)
		cu->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	cu->slist_free_all(hdr);
	cu->easy_cleanup(c);
	if (rc_curl != CURLE_OK)
		return fc_error_set(err, FC_E_NET, "%s", cu->easy_strerror(rc_curl));
	if (status < 200 || status > 299)
		return fc_error_set(err, FC_E_REFUSED, "the receiver answered HTTP %ld", status);
	return 0;
}

#define DELIVER_BATCH 50

static const struct fc_warn_receiver *
warn_receiver(const struct fc_warn_rules *rules, const char *name)
{
	for (int i = 0; i < rules->n_receivers; i++)
		if (strcmp(rules->receivers[i].name, name) == 0)
			return &rules->receivers[i];
	return NULL;
}

/* Milliseconds from now until the wall-clock second until (negative once past). */
static long
warn_ms_until(time_t until)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((long)(until - ts.tv_sec)) * 1000L - ts.tv_nsec / 1000000L;
}

/*
 * Send one batch claimed until lease_end; *sent and *failed count the
 * outcomes. No send outlives the claim: once the lease is over another
 * deliverer may claim the same rows and send them too, so each send's
 * time-out ends with the lease, and what is left when too little of it
 * remains stays claimed, to be claimed again once the lease is over. The
 * first of a batch is always tried (for SEND_MIN_MS at least): the store
 * counts leases in whole seconds, and a one-second lease claimed late in
 * its second would otherwise leave every batch unsent for ever.
 */
static int
warn_send_batch(struct fc_sstore *st, const struct fc_warn_rules *rules,
		const struct fc_warn_stop *stop, struct fc_sdelivery *d, size_t n, time_t lease_end,
		int64_t *sent, int64_t *failed, struct fc_error *err)
{
	for (size_t i = 0; i < n; i++) {
		const struct fc_warn_receiver *rc = warn_receiver(rules, d[i].receiver);
		long left = warn_ms_until(lease_end);
		struct fc_error why = {0};
		int ok;

		/* Stopping or out of lease: the rest stay claimed until the lease is over. */
		if ((i > 0 && left < SEND_MIN_MS) || fc_warn_stopping(stop))
			return 0;
		if (left < SEND_MIN_MS)
			left = SEND_MIN_MS;
		if (rc == NULL)
			fc_error_set(&why, FC_E_NOTFOUND,
				     "receiver %s is not in the rules file any more",
				     d[i].receiver);
		ok = rc != NULL &&
		     fc_warn_send(rc, &d[i], time(NULL),
				  left < SEND_TIMEOUT_MS ? left : SEND_TIMEOUT_MS, &why) == 0;
		if (fc_sstore_delivery_done(st, rules, &d[i], ok, why.msg, time(NULL), err) != 0)
			return -1;
		*(ok ? sent : failed) += 1;
		if (!ok)
			/* In serve's log (serve --warnings) at priority warning. */
			fprintf(stderr, "%sfieldcheck-server: warning %lld to %s: %s\n",
				fc_log_prio(FC_LOG_WARNING), (long long)d[i].warning_id,
				d[i].receiver, why.msg);
	}
	return 0;
}

int
fc_warn_stopping(const struct fc_warn_stop *stop)
{
	return stop != NULL && stop->stopping(stop->ctx);
}

int
fc_warn_deliver_due(struct fc_sstore *st, const struct fc_warn_rules *rules,
		    const struct fc_warn_stop *stop, int64_t *sent, int64_t *failed,
		    struct fc_error *err)
{
	struct fc_sdelivery *d;
	size_t n;

	/* Claimed rows move past now, so the loop ends when nothing is due. */
	do {
		time_t now = time(NULL);

		if (fc_sstore_deliveries_claim(st, now, rules->lease, DELIVER_BATCH, &d, &n, err) !=
		    0)
			return -1;
		int ret =
		    warn_send_batch(st, rules, stop, d, n, now + rules->lease, sent, failed, err);
		fc_sdeliveries_free(d, n);
		if (ret != 0)
			return -1;
	} while (n == DELIVER_BATCH && !fc_warn_stopping(stop));
	return 0;
}
