/* SPDX-License-Identifier: Apache-2.0 */
/*
 * client.h: the device's side of sync (libcurl), for `fieldcheck enroll`,
 * `fieldcheck sync`, `fieldcheck summary` and the TUI.
 *
 * fc_sync_run() is the whole sync: ask the server what it holds, mark the
 * device's records synced up to that and never further, push the rest in
 * compressed batches, upload the photos they name, then pull the district's
 * households, template updates, assignments and supervisors' reviews since
 * the cursors kept in the device's settings. Every request is signed with the unlocked device key.
 * Failures come back as FC_E_NET (no answer: nothing is lost, try later) or
 * FC_E_REFUSED (the server answered no, with its reason).
 */
#ifndef FC_CLIENT_H
#define FC_CLIENT_H

#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "core/home.h"
#include "core/keyfile.h"
#include "core/store.h"

/* Settings keys in the device store. */
#define FC_SET_SERVER "sync.server"	    /* base URL remembered at enroll */
#define FC_SET_PINNED_KEY "sync.pinned_key" /* CURLOPT_PINNEDPUBLICKEY value */
#define FC_SET_CA_FILE "sync.ca_file"	    /* CURLOPT_CAINFO: the site's CAs (PEM) */
#define FC_SET_ROLE "sync.role"
#define FC_SET_LAST_SYNC "sync.last" /* unix time of the last full sync */
#define FC_SET_HH_CURSOR "sync.households_cursor"
#define FC_SET_TPL_CURSOR "sync.templates_cursor"
#define FC_SET_PHOTO_CURSOR "sync.photos_cursor"   /* seq whose photos are all up */
#define FC_SET_REVIEW_CURSOR "sync.reviews_cursor" /* the last review id kept */
#define FC_SET_SERVER_KEY "sync.server_key"	   /* hex Ed25519 key that signs reviews */
#define FC_SET_PUBLIC_URL "sync.public_url" /* the server's public_url for notices; "" = none */
#define FC_SET_STALL "sync.stall_seconds"   /* seconds a sync waits for a byte; unset = 30 */

/* What fc_sync_run is doing, for a progress line or bar. */
struct fc_sync_progress {
	const char *stage; /* "push", "photos", "households", "templates", ... */
	int64_t done;
	int64_t total; /* 0 when unknown */
};
typedef void (*fc_sync_progress_fn)(const struct fc_sync_progress *p, void *ctx);

struct fc_sync_options {
	const char *url;	      /* base URL, "http://127.0.0.1:8470" */
	const char *pinned_key;	      /* "sha256//..." or a file, or NULL */
	const char *ca_file;	      /* PEM CAs to trust instead of the system's, or NULL */
	long connect_timeout;	      /* seconds; 0 = 10 */
	long stall_timeout;	      /* seconds without a byte; 0 = 30 */
	size_t batch_records;	      /* 0 = 500 */
	const char *district;	      /* pull this district (supervisors); NULL = own */
	const char *lang;	      /* "zh"/"en" for the server's messages; NULL = the UI's */
	fc_sync_progress_fn progress; /* may be NULL */
	void *progress_ctx;
};

struct fc_sync_result {
	int64_t held;		/* the server's high-water mark for this device */
	int64_t pushed;		/* records the server stored this time */
	int64_t skipped;	/* records it already held */
	int64_t photos;		/* photo files uploaded */
	int64_t photos_missing; /* named by a record but not on this device */
	int64_t photos_over;	/* over FC_PHOTO_SIZE_MAX: not sent, the server takes none */
	int64_t households;	/* registry rows pulled */
	int64_t templates;	/* template updates pulled */
	int64_t due;		/* assignments: households due */
	int64_t open_hazards;	/* assignments: hazards to follow up */
	int64_t reviews;	/* supervisors' reviews pulled, each checked */
	int64_t returns;	/* returned records still waiting for a correction */
	char refused[640];	/* "<record id>: <reason>" when one was refused */
};

struct fc_client;

/* A server URL the client can use (http:// or https://), else FC_E_USAGE saying why. */
int fc_client_url_check(const char *url, struct fc_error *err);

/* Connect-less set-up of a client for key; caller closes. */
int fc_client_open(const struct fc_sync_options *opt, const struct fc_key *key,
		   struct fc_client **out, struct fc_error *err);
void fc_client_close(struct fc_client *c); /* NULL does nothing */
/*
 * A second client with c's server, options and key, for requests on another
 * thread (each client is used by one thread at a time); it reports no
 * progress. Opened on c's thread, before that thread starts; caller closes.
 */
int fc_client_twin(const struct fc_client *c, struct fc_client **out, struct fc_error *err);

/*
 * One signed request. path starts with "/v1/"; query is NULL or pairs
 * {key, value, key, value, ..., NULL}. body may be NULL. On a 2xx answer
 * *answer (if not NULL) gets the parsed JSON (caller decrefs); any other
 * status fails with FC_E_REFUSED and the server's message; no answer at all
 * fails with FC_E_NET. *status gets the HTTP status (0 when none).
 */
int fc_client_request(struct fc_client *c, const char *method, const char *path,
		      const char *const *query, const void *body, size_t body_len,
		      const char *ctype, long *status, json_t **answer, struct fc_error *err);

/*
 * The last answer's text as received, when fc_client_request() was given no
 * answer to parse (valid until the next request), and that text parsed.
 */
const char *fc_client_answer(const struct fc_client *c, size_t *len);
int fc_client_answer_json(struct fc_client *c, json_t **answer, struct fc_error *err);

/* Enrol: register key with the one-time code; *answer has inspector, district, role. */
int fc_client_enroll(struct fc_client *c, const char *code, json_t **answer, struct fc_error *err);

/* The supervisors' summary: by "district" or "inspector", since "YYYY-MM-DD" or NULL. */
int fc_client_summary(struct fc_client *c, const char *by, const char *since, json_t **out,
		      struct fc_error *err);

/* Steps of a sync (client-push.c, client-pull.c) */

/*
 * The photos the server lacks of this device's records, as the push's
 * status named them (GET /v1/status, photos_wanted), kept for the photo
 * step that follows it on the same client; NULL before any status.
 */
void fc_client_keep_photos_wanted(struct fc_client *c, json_t *wanted);
const json_t *fc_client_photos_wanted(const struct fc_client *c);

int fc_client_push(struct fc_client *c, struct fc_store *st, struct fc_sync_result *res,
		   struct fc_error *err);
int fc_client_photos(struct fc_client *c, struct fc_store *st, const struct fc_home *home,
		     struct fc_sync_result *res, struct fc_error *err);
int fc_client_pull(struct fc_client *c, struct fc_store *st, const struct fc_home *home,
		   struct fc_sync_result *res, struct fc_error *err);
int fc_client_reviews(struct fc_client *c, struct fc_store *st, struct fc_sync_result *res,
		      struct fc_error *err);

/* Report progress through the options' callback. */
void fc_client_progress(struct fc_client *c, const char *stage, int64_t done, int64_t total);
/* The options the client was opened with. */
const struct fc_sync_options *fc_client_options(const struct fc_client *c);

/* The whole sync, as described at the top. res is filled as far as it got. */
int fc_sync_run(struct fc_store *st, const struct fc_home *home, const struct fc_key *key,
		const struct fc_sync_options *opt, struct fc_sync_result *res,
		struct fc_error *err);

#endif
