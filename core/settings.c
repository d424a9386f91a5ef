/* SPDX-License-Identifier: Apache-2.0 */
/*
 * settings.c: reading schema/settings.json. A wrong file is refused whole,
 * naming the key, rather than read in part: a district setting that silently
 * fell back to the default would change which hazards are major.
 */
#include <libintl.h>
#include <stdio.h>
#include <string.h>

#include "datadir.h"
#include "settings.h"
#include "textfile.h"

#define _(s) gettext(s)

static int
settings_same_type(const json_t *a, const json_t *b)
{
	return (json_is_boolean(a) && json_is_boolean(b)) ||
	       (json_is_number(a) && json_is_number(b));
}

static int
settings_check_values(const json_t *obj, const json_t *defaults, const char *path,
		      const char *where, struct fc_error *err)
{
	const char *key;
	json_t *v;

	if (!json_is_object(obj))
		return fc_error_set(err, FC_E_INVALID, _("%s: %s must be an object"), path, where);
	json_object_foreach((json_t *)obj, key, v) {
		const json_t *d = defaults != NULL ? json_object_get(defaults, key) : v;

		if (!json_is_boolean(v) && !json_is_number(v))
			return fc_error_set(err, FC_E_INVALID,
					    _("%s: %s.%s must be true, false or a number"), path,
					    where, key);
		if (d == NULL)
			return fc_error_set(err, FC_E_INVALID,
					    _("%s: %s.%s is not a setting (not in \"defaults\")"),
					    path, where, key);
		if (!settings_same_type(v, d))
			return fc_error_set(err, FC_E_INVALID,
					    _("%s: %s.%s must be of the same type as its default"),
					    path, where, key);
	}
	return 0;
}

int
fc_settings_load_file(const char *path, json_t **out, struct fc_error *err)
{
	json_error_t je;
	json_t *root = fc_textfile_json(path, JSON_REJECT_DUPLICATES, &je);
	const json_t *defaults, *districts, *v;
	const char *name;

	*out = NULL;
	char why[256];

	if (root == NULL)
		return fc_error_set(err, FC_E_INVALID, _("%s: line %d: %s"), path, je.line,
				    fc_json_why(&je, why, sizeof why));
	v = json_object_get(root, "format");
	defaults = json_object_get(root, "defaults");
	districts = json_object_get(root, "districts");
	if (!json_is_integer(v) || json_integer_value(v) != FC_SETTINGS_FORMAT) {
		fc_error_set(err, FC_E_INVALID, _("%s: \"format\" must be %d"), path,
			     FC_SETTINGS_FORMAT);
		goto bad;
	}
	if (settings_check_values(defaults, NULL, path, "defaults", err) != 0)
		goto bad;
	if (districts != NULL && !json_is_object(districts)) {
		fc_error_set(err, FC_E_INVALID, _("%s: districts must be an object"), path);
		goto bad;
	}
	json_object_foreach((json_t *)districts, name, v) {
		char where[160];

		snprintf(where, sizeof where, "districts.%s", name);
		if (settings_check_values(v, defaults, path, where, err) != 0)
			goto bad;
	}
	*out = root;
	return 0;
bad:
	json_decref(root);
	return -1;
}

int
fc_settings_load(json_t **out, struct fc_error *err)
{
	char path[4096];

	*out = NULL;
	if (fc_datadir_find("settings.json", path, sizeof path, err) != 0)
		return -1;
	return fc_settings_load_file(path, out, err);
}

const json_t *
fc_settings_get(const json_t *settings, const char *district, const char *key)
{
	const json_t *d = NULL;

	if (district != NULL && district[0] != '\0')
		d = json_object_get(
		    json_object_get(json_object_get(settings, "districts"), district), key);
	return d != NULL ? d : json_object_get(json_object_get(settings, "defaults"), key);
}
