/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record-evidence.c: the body's "evidence" member, photos on checklist items
 * (docs/record-format.md): item id -> an array of photo objects, each
 * {"file", "hash", "size"} exactly as a photo answer holds them. The form is
 * checked when the body is parsed, so a device, the server and every reader
 * refuse one that is malformed before any of them acts on it (a photo that
 * is not named by a hash could not be uploaded or checked).
 */
#include <libintl.h>
#include <string.h>

#include "record-model.h"

#define _(s) gettext(s)

/* 64 lower-case hex digits: the BLAKE2b-256 the photo store names files by. */
static int
evidence_hash_ok(const char *h)
{
	if (h == NULL || strlen(h) != 64)
		return 0;
	for (; *h != '\0'; h++)
		if (!((*h >= '0' && *h <= '9') || (*h >= 'a' && *h <= 'f')))
			return 0;
	return 1;
}

static int
evidence_photo_ok(const json_t *p)
{
	const json_t *size = json_object_get(p, "size");

	return json_is_object(p) && json_is_string(json_object_get(p, "file")) &&
	       evidence_hash_ok(json_string_value(json_object_get(p, "hash"))) &&
	       json_is_integer(size) && json_integer_value(size) >= 0;
}

int
fc_record_model_check_evidence(const json_t *evidence, struct fc_error *err)
{
	const char *item;
	const json_t *list, *p;
	size_t i;

	if (!json_is_object(evidence))
		return fc_error_set(err, FC_E_INVALID,
				    _("record body: \"evidence\" is not an object"));
	json_object_foreach((json_t *)evidence, item, list) {
		if (!json_is_array(list) || json_array_size(list) == 0)
			return fc_error_set(err, FC_E_INVALID,
					    _("record body: evidence.%s is not a list of photos"),
					    item);
		json_array_foreach(list, i, p) {
			if (!evidence_photo_ok(p))
				return fc_error_set(
				    err, FC_E_INVALID,
				    _("record body: evidence.%s[%zu] is not a photo "
				      "{\"file\", \"hash\" (64 hex), \"size\"}"),
				    item, i);
		}
	}
	return 0;
}

size_t
fc_record_model_evidence_count(const struct fc_record_model *m)
{
	return json_object_size(json_object_get(m->root, "evidence"));
}

const json_t *
fc_record_model_evidence(const struct fc_record_model *m, const char *item)
{
	return json_object_get(json_object_get(m->root, "evidence"), item);
}

void
fc_record_model_evidence_at(const struct fc_record_model *m, size_t i, const char **item,
			    const json_t **photos)
{
	const json_t *ev = json_object_get(m->root, "evidence");
	void *it = json_object_iter((json_t *)ev);

	while (it != NULL && i-- > 0)
		it = json_object_iter_next((json_t *)ev, it);
	*item = it != NULL ? json_object_iter_key(it) : "";
	*photos = it != NULL ? json_object_iter_value(it) : NULL;
}
