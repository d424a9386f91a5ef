/* SPDX-License-Identifier: Apache-2.0 */
/*
 * client-pull.c: fetching the district's household registry, template
 * updates and assignments, each since a cursor kept in the device settings.
 *
 * A device with no registry cursor yet asks for the whole district as a
 * snapshot (rows as arrays, gzip on the wire), in pieces of PULL_PIECE rows,
 * reads each without a JSON tree (sync/snapshot.c) and stores them all as one
 * registry load: one transaction, the rows handed over as they are read, the
 * search indexes built once at its end. While one piece is stored, the next
 * is already being asked for on a second connection from a thread of its
 * own, so the server reads and writes it meanwhile instead of after. After
 * that, and on every later pull, changes since the cursor come in pages, one
 * transaction per page (a handheld's flash makes each commit slow). The
 * cursor is saved in the transaction of the rows it covers, so a cut pull
 * repeats at most one page, and repeating a page is harmless (rows are
 * replaced by id). Templates are written as files into
 * $FIELDCHECK_HOME/templates, where the template loader looks first.
 * Assignments are a snapshot, saved as $FIELDCHECK_HOME/assignments.json.
 */
#include <libintl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client.h"
#include "core/file.h"
#include "sync/routes.h"
#include "sync/snapshot.h"

#define _(s) gettext(s)

#define PULL_PAGE "5000"
#define PULL_PIECE "10000" /* rows of a snapshot's answer */
/* Rows handed to the store at a time: a page of changes goes in whole. */
#define PULL_BATCH 5000

static int
pull_get_cursor(struct fc_store *st, const char *key, char *out, size_t size, struct fc_error *err)
{
	struct fc_error e2 = {0};

	if (fc_store_get_setting(st, key, out, size, &e2) == 0)
		return 0;
	if (e2.code != FC_E_NOTFOUND) {
		*err = e2;
		return -1;
	}
	snprintf(out, size, "0");
	return 0;
}

/* The fields of a snapshot row, in the order the server sends them. */
static const char *const pull_fields[] = {
    "id", "district", "address", "resident", "phone", "kind", "last_check", NULL,
};

/* Household i of a page: an object (paged form) or an array of pull_fields (snapshot). */
static void
pull_row(json_t *h, struct fc_household *row)
{
	char *dst[] = {row->id,	   row->district, row->address,	  row->resident,
		       row->phone, row->kind,	  row->last_check};
	size_t size[] = {sizeof row->id,	sizeof row->district, sizeof row->address,
			 sizeof row->resident,	sizeof row->phone,    sizeof row->kind,
			 sizeof row->last_check};

	for (size_t f = 0; pull_fields[f] != NULL; f++) {
		json_t *v =
		    json_is_array(h) ? json_array_get(h, f) : json_object_get(h, pull_fields[f]);
		const char *s = json_string_value(v);
		snprintf(dst[f], size[f], "%s", s != NULL ? s : "");
	}
}

/*
 * Rows on their way into the store, PULL_BATCH at a time: a snapshot is
 * stored as it is read, never held whole (50 000 rows would be 28 MB).
 */
struct pull_batch {
	struct fc_store *st;
	struct fc_household rows[PULL_BATCH];
	size_t n;
};

static int
pull_batch_flush(struct pull_batch *b, struct fc_error *err)
{
	int ret = b->n > 0 ? fc_store_put_households(b->st, b->rows, b->n, err) : 0;

	b->n = 0;
	return ret;
}

static int
pull_batch_add(const struct fc_household *h, void *ctx, struct fc_error *err)
{
	struct pull_batch *b = ctx;

	b->rows[b->n++] = *h;
	return b->n < PULL_BATCH ? 0 : pull_batch_flush(b, err);
}

/*
 * An answer's rows through the jansson tree: a page of changes, or a snapshot
 * the fast reader would not vouch for (or a server without snapshots, which
 * answers that request with a page).
 */
static int
pull_parsed(struct pull_batch *b, json_t *a, int64_t *cursor, int *more, size_t *count,
	    struct fc_error *err)
{
	json_t *list = json_object_get(a, "rows"), *h;
	struct fc_household row;
	size_t i;

	if (list == NULL)
		list = json_object_get(a, "households");
	json_array_foreach(list, i, h) {
		pull_row(h, &row);
		if (pull_batch_add(&row, b, err) != 0)
			return -1;
	}
	*count = json_array_size(list);
	*cursor = (int64_t)json_integer_value(json_object_get(a, "cursor"));
	*more = json_is_true(json_object_get(a, "more"));
	return pull_batch_flush(b, err);
}

/* The last answer's rows into the store: read as a snapshot when it is one, else parsed. */
static int
pull_rows(struct fc_client *c, struct pull_batch *b, int snapshot, int64_t *cursor, int *more,
	  size_t *count, struct fc_error *err)
{
	size_t len;
	const char *text = fc_client_answer(c, &len);
	json_t *a = NULL;
	int ret;

	if (snapshot) {
		ret = fc_snapshot_read(text, len, pull_batch_add, b, cursor, more, count, err);
		if (ret <= 0)
			return ret != 0 || pull_batch_flush(b, err) != 0 ? -1 : 0;
		b->n = 0; /* what it read goes in again with the parse */
	}
	if (fc_client_answer_json(c, &a, err) != 0)
		return -1;
	ret = pull_parsed(b, a, cursor, more, count, err);
	json_decref(a);
	return ret;
}

/* Ask for the district's households since the cursor: a snapshot's piece, or a page. */
static int
pull_request(struct fc_client *c, const char *since, int snapshot, struct fc_error *err)
{
	const char *q[] = {"since",    since,
			   "limit",    PULL_PAGE,
			   "snapshot", snapshot ? "1" : "0",
			   "rows",     PULL_PIECE,
			   "district", fc_client_options(c)->district,
			   NULL};
	long status;

	if (fc_client_request(c, fc_routes[FC_ROUTE_HOUSEHOLDS].method,
			      fc_routes[FC_ROUTE_HOUSEHOLDS].path, q, NULL, 0, NULL, &status, NULL,
			      err) != 0)
		return fc_error_prefix(err, _("households"));
	return 0;
}

/* One page of changes into the store, in a transaction of its own with the cursor. */
static int
pull_store_page(struct fc_client *c, struct pull_batch *b, const char *key, char *cursor,
		size_t cursor_size, int *more, size_t *count, struct fc_error *err)
{
	int64_t last = 0;

	if (fc_store_begin(b->st, err) != 0)
		return -1;
	if (pull_rows(c, b, 0, &last, more, count, err) != 0) {
		fc_store_rollback(b->st);
		return -1;
	}
	snprintf(cursor, cursor_size, "%lld", (long long)last);
	if (fc_store_set_setting(b->st, key, cursor, err) != 0) {
		fc_store_rollback(b->st);
		return -1;
	}
	return fc_store_commit(b->st, err);
}

/* The next piece of a snapshot, asked for on a thread of its own. */
struct pull_ahead {
	struct fc_client *c; /* its own connection: a twin of the pull's */
	char since[32];
	int ret;
	struct fc_error err;
	pthread_t thread;
	int started;
};

static void *
pull_ahead_run(void *arg)
{
	struct pull_ahead *a = arg;

	a->ret = pull_request(a->c, a->since, 1, &a->err);
	return NULL;
}

static int
pull_skip_row(const struct fc_household *h, void *ctx, struct fc_error *err)
{
	(void)h;
	(void)ctx;
	(void)err;
	return 0;
}

/*
 * Start asking for the piece after the one text holds, on a's connection
 * (the twin, opened at the first need), while this thread stores text. Only
 * for a piece the fast reader vouches for and that says more follow: its
 * cursor is the next one's since. When nothing is started, the next piece is
 * asked for after this one is stored, on the same connection.
 */
static void
pull_ahead_start(struct pull_ahead *a, struct fc_client *c, const char *text, size_t len)
{
	int64_t cursor = 0;
	int more = 0;
	size_t rows = 0;
	struct fc_error err = {0};

	a->started = 0;
	if (fc_snapshot_read(text, len, pull_skip_row, NULL, &cursor, &more, &rows, &err) != 0 ||
	    !more || rows == 0)
		return;
	if (a->c == NULL && fc_client_twin(c, &a->c, &err) != 0)
		return;
	snprintf(a->since, sizeof a->since, "%lld", (long long)cursor);
	a->started = pthread_create(&a->thread, NULL, pull_ahead_run, a) == 0;
}

/*
 * The first pull of a district: its snapshot, piece by piece, into one
 * registry load with the cursor (one transaction; search indexes built once
 * at its end). A cut pull keeps nothing of it and starts again next time.
 * *pages is set when the rest must come as pages: a server that does not
 * take a snapshot's since (before pieces) answers again from the start, and
 * says more only past 2 000 000 rows.
 */
static int
pull_snapshot(struct fc_client *c, struct pull_batch *b, const char *key, char *cursor,
	      size_t cursor_size, int *pages, struct fc_sync_result *res, struct fc_error *err)
{
	struct pull_ahead ahead = {0};
	struct fc_client *cur = c;
	int more = 1, ret;
	int64_t last = 0, asked = 0;

	*pages = 0;
	if (fc_store_households_load_begin(b->st, err) != 0)
		return -1;
	ret = pull_request(cur, cursor, 1, err);
	while (ret == 0) {
		size_t len, n = 0;
		const char *text = fc_client_answer(cur, &len);

		pull_ahead_start(&ahead, cur, text, len);
		ret = pull_rows(cur, b, 1, &last, &more, &n, err);
		if (ahead.started)
			pthread_join(ahead.thread, NULL);
		if (ret != 0)
			break;
		/* The same rows again: the cursor stays the last one that moved. */
		if (more && n > 0 && last <= asked) {
			*pages = 1;
			break;
		}
		res->households += (int64_t)n;
		fc_client_progress(c, "households", res->households, 0);
		snprintf(cursor, cursor_size, "%lld", (long long)last);
		asked = last;
		if (!more || n == 0)
			break;
		if (!ahead.started) {
			ret = pull_request(cur, cursor, 1, err);
			continue;
		}
		if ((ret = ahead.ret) != 0) {
			*err = ahead.err;
			break;
		}
		/* The piece the twin holds is next; the one just stored is its to overwrite. */
		struct fc_client *next = ahead.c;
		ahead.c = cur;
		cur = next;
	}
	/* Whichever of the two is not c is the twin. */
	fc_client_close(cur != c ? cur : ahead.c);
	if (ret == 0)
		ret = fc_store_set_setting(b->st, key, cursor, err);
	if (fc_store_households_load_end(b->st, ret == 0, ret == 0 ? err : NULL) != 0)
		return -1;
	return ret;
}

static int
pull_households(struct fc_client *c, struct fc_store *st, struct fc_sync_result *res,
		struct fc_error *err)
{
	const char *district = fc_client_options(c)->district;
	char cursor[32], key[FC_ID_MAX + 40];
	struct pull_batch *b = malloc(sizeof *b);
	int more = 1, ret = 0;

	if (b == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory pulling households"));
	b->st = st;
	b->n = 0;
	/* Another district (supervisors only) keeps its own cursor. */
	if (district != NULL)
		snprintf(key, sizeof key, "%s.%s", FC_SET_HH_CURSOR, district);
	else
		snprintf(key, sizeof key, "%s", FC_SET_HH_CURSOR);
	if (pull_get_cursor(st, key, cursor, sizeof cursor, err) != 0) {
		free(b);
		return -1;
	}
	/* No cursor yet: the whole district as a snapshot; else the changes since, in pages. */
	if (strcmp(cursor, "0") == 0)
		ret = pull_snapshot(c, b, key, cursor, sizeof cursor, &more, res, err);
	while (ret == 0 && more) {
		size_t n = 0;

		if (pull_request(c, cursor, 0, err) != 0 ||
		    pull_store_page(c, b, key, cursor, sizeof cursor, &more, &n, err) != 0) {
			ret = -1;
			break;
		}
		more = more && n > 0;
		res->households += (int64_t)n;
		fc_client_progress(c, "households", res->households, 0);
	}
	free(b);
	return ret;
}

/* Write text to path through a temporary file, so a reader never sees half. */
static int
pull_write_file(const char *path, const char *text, struct fc_error *err)
{
	return fc_file_replace_data(path, 0, text, strlen(text), err);
}

static int
pull_templates(struct fc_client *c, struct fc_store *st, const struct fc_home *home,
	       struct fc_sync_result *res, struct fc_error *err)
{
	char cursor[32], dir[FC_PATH_MAX + 16], path[FC_PATH_MAX + 200];
	const char *q[] = {"since", cursor, NULL};
	json_t *a = NULL, *t;
	long status;
	size_t i;
	int ret = 0;

	if (pull_get_cursor(st, FC_SET_TPL_CURSOR, cursor, sizeof cursor, err) != 0)
		return -1;
	if (fc_client_request(c, fc_routes[FC_ROUTE_TEMPLATES].method,
			      fc_routes[FC_ROUTE_TEMPLATES].path, q, NULL, 0, NULL, &status, &a,
			      err) != 0)
		return fc_error_prefix(err, _("templates"));
	snprintf(dir, sizeof dir, "%s/templates", home->dir);
	json_array_foreach(json_object_get(a, "templates"), i, t) {
		const char *id = json_string_value(json_object_get(t, "id"));
		char *text;

		if (id == NULL || strchr(id, '/') != NULL || id[0] == '.')
			continue;
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			ret = fc_error_set(err, FC_E_IO, "%s: %s", dir, strerror(errno));
			break;
		}
		snprintf(path, sizeof path, "%s/%s-v%lld.json", dir, id,
			 (long long)json_integer_value(json_object_get(t, "version")));
		text = json_dumps(t, JSON_INDENT(2));
		ret = text != NULL ? pull_write_file(path, text, err)
				   : fc_error_set(err, FC_E_NOMEM, _("out of memory"));
		free(text);
		if (ret != 0)
			break;
		res->templates++;
	}
	if (ret == 0) {
		snprintf(cursor, sizeof cursor, "%lld",
			 (long long)json_integer_value(json_object_get(a, "cursor")));
		ret = fc_store_set_setting(st, FC_SET_TPL_CURSOR, cursor, err);
	}
	json_decref(a);
	return ret;
}

static int
pull_assignments(struct fc_client *c, const struct fc_home *home, struct fc_sync_result *res,
		 struct fc_error *err)
{
	char path[FC_PATH_MAX + 32];
	json_t *a = NULL;
	char *text;
	long status;
	int ret;

	const char *q[] = {"district", fc_client_options(c)->district, NULL};

	if (fc_client_request(c, fc_routes[FC_ROUTE_ASSIGNMENTS].method,
			      fc_routes[FC_ROUTE_ASSIGNMENTS].path, q, NULL, 0, NULL, &status, &a,
			      err) != 0)
		return fc_error_prefix(err, _("assignments"));
	res->due = (int64_t)json_array_size(json_object_get(a, "due"));
	res->open_hazards = (int64_t)json_array_size(json_object_get(a, "hazards"));
	snprintf(path, sizeof path, "%s/assignments.json", home->dir);
	text = json_dumps(a, JSON_INDENT(2));
	json_decref(a);
	if (text == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	ret = pull_write_file(path, text, err);
	free(text);
	return ret;
}

int
fc_client_pull(struct fc_client *c, struct fc_store *st, const struct fc_home *home,
	       struct fc_sync_result *res, struct fc_error *err)
{
	if (pull_households(c, st, res, err) != 0 || pull_templates(c, st, home, res, err) != 0 ||
	    pull_assignments(c, home, res, err) != 0)
		return -1;
	return 0;
}
