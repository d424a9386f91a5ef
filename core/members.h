/* SPDX-License-Identifier: Apache-2.0 */
/*
 * members.h: the answer of a "members" item, the per-storey member counts of
 * JGJ 125-2016's count-based method (core/grade.h, "foundation" and
 * "levels"), as a JSON object or as the compact text a handheld keyboard
 * can type:
 *
 *   f 24/0; w 30/1 pmb 4 smb 8 s 12/1 sm 10; w 30 pmb 4 smb 8 s 12 sm 10
 *
 * the foundation's members/dangerous, then one ';'-separated group per
 * storey, bottom-up (basements first), each "category count[/dangerous]"
 * with the categories of fc_grade_cat_key().
 */
#ifndef FC_MEMBERS_H
#define FC_MEMBERS_H

#include <jansson.h>

#include "error.h"

/*
 * Parse the compact text into {"foundation": {"members", "dangerous"},
 * "levels": [{"counts": {...}, "dangerous": {...}}, ...]} (*out is new, the
 * caller decrefs). Messages (FC_E_INVALID) are in lang ("zh" or else en) and
 * name the level. The result is not yet checked: see fc_members_check().
 */
int fc_members_parse(const char *text, const char *lang, json_t **out, struct fc_error *err);

/*
 * Is v such an object: known categories, whole numbers >= 0, dangerous no
 * more than counted, at least one member on every level? FC_E_INVALID with
 * "level 2: dangerous w (5) is more than w (4)" in lang.
 */
int fc_members_check(const json_t *v, const char *lang, struct fc_error *err);

/* v as the object: a new reference to v itself, or parsed from text; NULL if invalid. */
json_t *fc_members_object(const json_t *v);

#endif
