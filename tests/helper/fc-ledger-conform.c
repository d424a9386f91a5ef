/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fc-ledger-conform: run the ledger conformance table (tests/ledger/
 * cases.json) against one backend (conform.h) and print one TAP line per
 * case: "ok - <name>" or "not ok - <name>" followed by what differed.
 *
 *   fc-ledger-conform BACKEND CASES.json [CASE-NAME]
 *   fc-ledger-conform --list          the backends it was built with
 *
 * A case is {"name", "today"?, "households"?, "records", "expect"}. Each
 * record is {"type", "household"?, "template"?, "date", "outcome"?,
 * "hazards"? ["G04:major", ...], "follows"? n, "corrects"? n, "kind"?,
 * "results"? {"G04": "rectified" | {"result", "deadline"?, "note"?}},
 * "refused"? "text"}, where n is the 1-based position of an earlier record
 * of the case. A record with "refused" must be refused with a message
 * containing that text (and then stores nothing); any other must be stored.
 * "expect" holds any of the state's members (conform.h); each one given
 * must equal the backend's exactly (ids written as "#n" stand for the id of
 * record n).
 *
 * With FC_CONFORM_STATES set to a file name, the whole state of each case
 * is written there too, one "name<TAB>state" line each (compact JSON, keys
 * sorted), so tests/ledger/run.sh can compare the backends' states member by
 * member, beyond what a case's "expect" names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "tests/helper/conform.h"

static const struct conform_backend *const backends[] = {
    &conform_device,
    &conform_server_sqlite,
    &conform_server_pg,
    NULL,
};

#define MAXREC 64

struct run {
	char ids[MAXREC][FC_RECORD_ID_MAX];
	size_t n;
};

static json_t *
conform_hazards(const json_t *list)
{
	json_t *out = json_array();
	size_t i;
	const json_t *h;

	json_array_foreach((json_t *)list, i, h) {
		char item[64];
		const char *s = json_string_value(h), *colon = strchr(s, ':');

		snprintf(item, sizeof item, "%.*s", (int)(colon ? colon - s : (long)strlen(s)), s);
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s}", "item", item,
						     "severity", colon ? colon + 1 : "major",
						     "note", "", "rule", item));
	}
	return out;
}

static json_t *
conform_results(const json_t *in)
{
	json_t *out = json_object();
	const char *item;
	const json_t *r;

	json_object_foreach((json_t *)in, item, r) {
		if (json_is_string(r))
			json_object_set_new(out, item, json_pack("{s:O}", "result", r));
		else
			json_object_set(out, item, (json_t *)r);
	}
	return out;
}

/* The id of record n of this case ("#n" or n), or "unknown". */
static const char *
conform_ref(const struct run *r, const json_t *v)
{
	long n = json_is_integer(v)  ? (long)json_integer_value(v)
		 : json_is_string(v) ? strtol(json_string_value(v) + 1, NULL, 10)
				     : 0;

	return n >= 1 && (size_t)n <= r->n ? r->ids[n - 1] : "unknown-000001";
}

/* Add one record; 0 when it did what the case says (stored, or refused as said). */
static int
conform_add(const struct conform_backend *b, void *be, struct run *r, const json_t *rec, size_t pos)
{
	struct fc_record_draft d = {0};
	struct fc_error err = {0};
	const char *refused = json_string_value(json_object_get(rec, "refused"));
	const char *date = json_string_value(json_object_get(rec, "date"));
	const char *hh = json_string_value(json_object_get(rec, "household"));
	json_t *hazards = conform_hazards(json_object_get(rec, "hazards"));
	json_t *results = json_object_get(rec, "results") != NULL
			      ? conform_results(json_object_get(rec, "results"))
			      : NULL;
	char time[40], id[FC_RECORD_ID_MAX] = "";
	int ret;

	snprintf(time, sizeof time, "%sT%02zu:%02zu:00+08:00", date, 8 + pos / 60, pos % 60);
	d.type = json_string_value(json_object_get(rec, "type"));
	d.household = hh != NULL ? hh : "H1";
	d.template_id = json_string_value(json_object_get(rec, "template"));
	if (d.template_id == NULL)
		d.template_id = "gas";
	d.template_version = 1;
	d.outcome = json_string_value(json_object_get(rec, "outcome"));
	d.hazards = json_array_size(hazards) > 0 ? hazards : NULL;
	d.results = results;
	d.kind = json_string_value(json_object_get(rec, "kind"));
	if (json_object_get(rec, "follows") != NULL)
		d.follows = conform_ref(r, json_object_get(rec, "follows"));
	if (json_object_get(rec, "corrects") != NULL)
		d.corrects = conform_ref(r, json_object_get(rec, "corrects"));
	ret = b->add(be, &d, time, id, &err);
	json_decref(hazards);
	json_decref(results);
	snprintf(r->ids[r->n++], FC_RECORD_ID_MAX, "%s", ret == 0 ? id : "refused-000000");
	if (refused == NULL && ret != 0) {
		printf("#   record %zu was refused: %s\n", pos + 1, err.msg);
		return -1;
	}
	if (refused != NULL && ret == 0) {
		printf("#   record %zu was stored as %s; expected a refusal with \"%s\"\n", pos + 1,
		       id, refused);
		return -1;
	}
	if (refused != NULL && strstr(err.msg, refused) == NULL) {
		printf("#   record %zu refused with \"%s\"; expected \"%s\"\n", pos + 1, err.msg,
		       refused);
		return -1;
	}
	return 0;
}

/* Replace "#n" strings (values and keys) in the expectation by record ids. */
static json_t *
conform_resolve(const struct run *r, const json_t *v)
{
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		return s[0] == '#' ? json_string(conform_ref(r, v)) : json_incref((json_t *)v);
	}
	if (json_is_array(v)) {
		json_t *out = json_array();
		size_t i;
		const json_t *x;
		json_array_foreach((json_t *)v, i, x)
			json_array_append_new(out, conform_resolve(r, x));
		return out;
	}
	if (json_is_object(v)) {
		json_t *out = json_object();
		const char *k;
		const json_t *x;
		json_object_foreach((json_t *)v, k, x) {
			json_t *key = json_string(k);
			const char *rk = k[0] == '#' ? conform_ref(r, key) : k;
			json_object_set_new(out, rk, conform_resolve(r, x));
			json_decref(key);
		}
		return out;
	}
	return json_incref((json_t *)v);
}

static int
conform_compare(const struct run *r, const json_t *expect, const json_t *got)
{
	const char *key;
	const json_t *want;
	int bad = 0;

	json_object_foreach((json_t *)expect, key, want) {
		json_t *w = conform_resolve(r, want);
		const json_t *g = json_object_get(got, key);

		if (g == NULL || !json_equal(w, (json_t *)g)) {
			char *ws = json_dumps(w, JSON_COMPACT | JSON_SORT_KEYS);
			char *gs = g ? json_dumps(g, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

			printf("#   %s: expected %s\n#   %*s  got      %s\n", key, ws,
			       (int)strlen(key), "", gs ? gs : "(missing)");
			free(ws);
			free(gs);
			bad = 1;
		}
		json_decref(w);
	}
	return bad ? -1 : 0;
}

/* The case's whole state as one line of the FC_CONFORM_STATES file, if set. */
static void
conform_keep(const char *name, const json_t *state)
{
	const char *path = getenv("FC_CONFORM_STATES");
	char *s;
	FILE *f;

	if (path == NULL || state == NULL || (f = fopen(path, "a")) == NULL)
		return;
	s = json_dumps(state, JSON_COMPACT | JSON_SORT_KEYS);
	fprintf(f, "%s\t%s\n", name, s != NULL ? s : "null");
	free(s);
	fclose(f);
}

static int
conform_case(const struct conform_backend *b, const json_t *c, const char *dir)
{
	static const char *const dflt = "[{\"id\":\"H1\",\"kind\":\"residential\","
					"\"district\":\"D1\"}]";
	json_t *hh = json_object_get(c, "households"), *own = NULL, *state = NULL;
	const char *today = json_string_value(json_object_get(c, "today"));
	struct fc_error err = {0};
	struct run r = {0};
	void *be = NULL;
	size_t i;
	const json_t *rec;
	int bad = 0;

	if (hh == NULL)
		hh = own = json_loads(dflt, 0, NULL);
	if (b->open(&be, dir, hh, &err) != 0) {
		printf("#   cannot open the %s backend: %s\n", b->name, err.msg);
		bad = 1;
	}
	json_array_foreach(json_object_get(c, "records"), i, rec) {
		if (!bad && conform_add(b, be, &r, rec, i) != 0)
			bad = 1;
	}
	if (!bad && b->state(be, today != NULL ? today : "2026-01-01", &state, &err) != 0) {
		printf("#   cannot read the state: %s\n", err.msg);
		bad = 1;
	}
	if (!bad && conform_compare(&r, json_object_get(c, "expect"), state) != 0)
		bad = 1;
	conform_keep(json_string_value(json_object_get(c, "name")), state);
	json_decref(state);
	json_decref(own);
	b->close(be);
	return bad ? -1 : 0;
}

static int
conform_rmdir(const char *dir)
{
	char cmd[600];

	/* The backend's files only: a store and its journal. */
	snprintf(cmd, sizeof cmd, "%s/store.db", dir);
	unlink(cmd);
	snprintf(cmd, sizeof cmd, "%s/store.db-wal", dir);
	unlink(cmd);
	snprintf(cmd, sizeof cmd, "%s/store.db-shm", dir);
	unlink(cmd);
	return rmdir(dir);
}

int
main(int argc, char **argv)
{
	const struct conform_backend *b = NULL;
	json_error_t jerr;
	json_t *cases;
	const json_t *c;
	size_t i;
	int failed = 0, run = 0;

	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (i = 0; backends[i] != NULL; i++)
			printf("%s\n", backends[i]->name);
		return 0;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: fc-ledger-conform --list | BACKEND CASES.json [CASE]\n");
		return 2;
	}
	for (i = 0; backends[i] != NULL; i++)
		if (strcmp(backends[i]->name, argv[1]) == 0)
			b = backends[i];
	if (b == NULL || sodium_init() < 0) {
		fprintf(stderr, "fc-ledger-conform: no backend '%s'\n", argv[1]);
		return 2;
	}
	if ((cases = json_load_file(argv[2], JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
		fprintf(stderr, "%s:%d: %s\n", argv[2], jerr.line, jerr.text);
		return 2;
	}
	json_array_foreach(cases, i, c) {
		const char *name = json_string_value(json_object_get(c, "name"));
		char dir[] = "/tmp/fc-conform-XXXXXX";

		if (argc > 3 && strcmp(argv[3], name) != 0)
			continue;
		if (mkdtemp(dir) == NULL) {
			perror("mkdtemp");
			return 2;
		}
		int bad = conform_case(b, c, dir);
		conform_rmdir(dir);
		printf("%s - %s: %s\n", bad ? "not ok" : "ok", b->name, name);
		failed += bad != 0;
		run++;
	}
	printf("# %s: %d cases, %d failed\n", b->name, run, failed);
	json_decref(cases);
	return failed ? 1 : run > 0 ? 0 : 2;
}
