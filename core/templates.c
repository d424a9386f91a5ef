/* SPDX-License-Identifier: Apache-2.0 */
/*
 * templates.c: the set of checklist templates a device can use, gathered
 * from the search path.
 *
 * Order (first seen wins for the same id and version): the home's templates/
 * folder, where sync puts updates; $FIELDCHECK_TEMPLATES; the source tree's
 * schema/checklists beside the running binary (so a build works without
 * installing); FC_DATADIR/checklists. Every version stays loaded, because a
 * record names the version it was made with and must stay readable; new
 * records use the highest. A file that fails its checks is skipped and kept
 * in `skipped`, so one broken update cannot take every checklist away.
 */
#include <dirent.h>
#include <libintl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "home.h"
#include "template.h"

#define _(s) gettext(s)

#ifndef FC_DATADIR
#define FC_DATADIR "/usr/local/share/fieldcheck"
#endif

static int
templates_cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
templates_has(const struct fc_templates *set, const char *id, int version)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->v[i]->id, id) == 0 && set->v[i]->version == version)
			return 1;
	return 0;
}

static void
templates_skip(struct fc_templates *set, const char *file, const char *msg)
{
	json_t *e;

	if (set->skipped == NULL)
		set->skipped = json_array();
	e = json_pack("{s:s, s:s}", "file", file, "message", msg);
	if (e != NULL)
		json_array_append_new(set->skipped, e);
}

int
fc_templates_add_dir(struct fc_templates *set, const char *dir, struct fc_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int ret = 0;

	if (d == NULL)
		return 0;
	/* Sorted, so which of two equal (id, version) files wins never depends on the disk. */
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (len < 6 || de->d_name[0] == '.' || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		if (n == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			char **nn = realloc(names, ncap * sizeof *nn);

			if (nn == NULL) {
				ret = fc_error_set(err, FC_E_NOMEM, _("%s: out of memory"), dir);
				goto out;
			}
			names = nn;
			cap = ncap;
		}
		if ((names[n] = strdup(de->d_name)) == NULL) {
			ret = fc_error_set(err, FC_E_NOMEM, _("%s: out of memory"), dir);
			goto out;
		}
		n++;
	}
	if (n > 0)
		qsort(names, n, sizeof *names, templates_cmp_name);
	for (size_t i = 0; i < n; i++) {
		char path[FC_PATH_MAX + 512];
		struct fc_template *tpl = NULL;
		struct fc_error e = {0};
		struct fc_template **nv;

		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (fc_template_load_file(path, &tpl, NULL, &e) != 0) {
			templates_skip(set, path, e.msg);
			continue;
		}
		if (templates_has(set, tpl->id, tpl->version)) {
			fc_template_free(tpl);
			continue;
		}
		nv = realloc(set->v, (set->n + 1) * sizeof *nv);
		if (nv == NULL) {
			fc_template_free(tpl);
			ret = fc_error_set(err, FC_E_NOMEM, _("%s: out of memory"), path);
			goto out;
		}
		set->v = nv;
		set->v[set->n++] = tpl;
	}
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return ret;
}

/* <bindir>/../schema/checklists, and one and two levels further up (build/san, its tests). */
static int
templates_add_source_tree(struct fc_templates *set, struct fc_error *err)
{
	char exe[FC_PATH_MAX];
	char dir[FC_PATH_MAX + 32];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (len <= 0)
		return 0;
	exe[len] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return 0;
	*slash = '\0';
	snprintf(dir, sizeof dir, "%s/../schema/checklists", exe);
	if (fc_templates_add_dir(set, dir, err) != 0)
		return -1;
	snprintf(dir, sizeof dir, "%s/../../schema/checklists", exe);
	if (fc_templates_add_dir(set, dir, err) != 0)
		return -1;
	/* Test programs live one level deeper (build/san/tests). */
	snprintf(dir, sizeof dir, "%s/../../../schema/checklists", exe);
	return fc_templates_add_dir(set, dir, err);
}

/*
 * An older version without outcome labels (v1) speaks the labels of the
 * newest version of its id: the outcome codes kept their meaning across
 * versions (docs/checklists.md), so an old record is shown in words, not codes.
 */
static void
templates_lend_labels(struct fc_templates *set)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct fc_template *t = set->v[i], *best = NULL;

		if (!json_is_object(t->outcome) || json_object_get(t->outcome, "labels") != NULL)
			continue;
		for (size_t j = 0; j < set->n; j++)
			if (strcmp(set->v[j]->id, t->id) == 0 &&
			    json_is_object(json_object_get(set->v[j]->outcome, "labels")) &&
			    (best == NULL || set->v[j]->version > best->version))
				best = set->v[j];
		if (best != NULL)
			json_object_set_new(
			    (json_t *)t->outcome, "labels",
			    json_deep_copy(json_object_get(best->outcome, "labels")));
	}
}

int
fc_templates_load(struct fc_templates *set, struct fc_error *err)
{
	struct fc_home home;
	struct fc_error ignore = {0};
	const char *env = getenv("FIELDCHECK_TEMPLATES");
	char dir[FC_PATH_MAX + 16];

	memset(set, 0, sizeof *set);
	if (fc_home_resolve(&home, &ignore) == 0) {
		snprintf(dir, sizeof dir, "%s/templates", home.dir);
		if (fc_templates_add_dir(set, dir, err) != 0)
			goto fail;
	}
	if (env != NULL && env[0] != '\0') {
		char *copy = strdup(env), *save = NULL, *p;

		if (copy == NULL) {
			fc_error_set(err, FC_E_NOMEM, _("out of memory"));
			goto fail;
		}
		for (p = strtok_r(copy, ":", &save); p != NULL; p = strtok_r(NULL, ":", &save)) {
			if (fc_templates_add_dir(set, p, err) != 0) {
				free(copy);
				goto fail;
			}
		}
		free(copy);
	}
	if (templates_add_source_tree(set, err) != 0 ||
	    fc_templates_add_dir(set, FC_DATADIR "/checklists", err) != 0)
		goto fail;
	templates_lend_labels(set);
	return 0;
fail:
	fc_templates_release(set);
	return -1;
}

void
fc_templates_release(struct fc_templates *set)
{
	for (size_t i = 0; i < set->n; i++)
		fc_template_free(set->v[i]);
	free(set->v);
	json_decref(set->skipped);
	memset(set, 0, sizeof *set);
}

const struct fc_template *
fc_templates_find(const struct fc_templates *set, const char *id, int version, struct fc_error *err)
{
	const struct fc_template *best = NULL;
	char known[256] = "";
	size_t len = 0;

	for (size_t i = 0; i < set->n; i++) {
		const struct fc_template *t = set->v[i];

		if (strcmp(t->id, id) == 0 &&
		    (version == 0 ? best == NULL || t->version > best->version
				  : t->version == version))
			best = t;
		if (len < sizeof known - 40)
			len += (size_t)snprintf(known + len, sizeof known - len, "%s%s@%d",
						len ? ", " : "", t->id, t->version);
	}
	if (best != NULL)
		return best;
	if (set->n == 0)
		fc_error_set(err, FC_E_NOTFOUND,
			     _("template %s: not found (no checklist is loaded)"), id);
	else if (version != 0)
		fc_error_set(err, FC_E_NOTFOUND,
			     _("template %s version %d: not found (loaded: %s)"), id, version,
			     known);
	else
		fc_error_set(err, FC_E_NOTFOUND, _("template %s: not found (loaded: %s)"), id,
			     known);
	return NULL;
}
