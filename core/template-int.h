/* SPDX-License-Identifier: Apache-2.0 */
/*
 * template-int.h: what template.c (reading a template file) and
 * template-check.c (checking its conditions, obligations, outcome and
 * grading) share. Not for use outside these two files.
 */
#ifndef FC_TEMPLATE_INT_H
#define FC_TEMPLATE_INT_H

#include <jansson.h>

#include "template.h"

/* One load in progress: the model being built and the problems found so far. */
struct tpl_ctx {
	struct fc_template *tpl;
	json_t *problems;
};

/* template.c: reading fields, each adding a problem (filed under owner) when wrong */
void tpl_keys(struct tpl_ctx *cx, const json_t *obj, const char *const *allowed, const char *where,
	      const char *owner);
const char *tpl_string(struct tpl_ctx *cx, const json_t *obj, const char *key, int required,
		       const char *where, const char *owner);
void tpl_label(struct tpl_ctx *cx, const json_t *obj, const char *key, int required,
	       struct fc_label *out, const char *where, const char *owner);
const char *tpl_tag(struct tpl_ctx *cx, const json_t *obj, int required, const char *where,
		    const char *owner);

/* template-check.c: the parts checked once every item is known */
void tpl_check_strings_in(struct tpl_ctx *cx, const json_t *list, const char *what,
			  const char *where, int severities);
void tpl_check_conditions(struct tpl_ctx *cx);
void tpl_read_obligations(struct tpl_ctx *cx);
/*
 * A list of {"when", value_key} entries: key is its JSON name for messages
 * ("record_types"), what names one entry in the reader's language ("record
 * type"), allowed the values value_key may take (NULL: any).
 */
void tpl_check_when_list(struct tpl_ctx *cx, const json_t *list, const char *key, const char *what,
			 const char *value_key, const char *const *allowed);
void tpl_check_outcome(struct tpl_ctx *cx);
void tpl_check_grading(struct tpl_ctx *cx);

/* The record types an answer set may produce (record.h FC_TYPE_*). */
extern const char *const tpl_record_types[];

#endif
