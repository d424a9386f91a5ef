/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz-members: the compact member counts of a "members" item
 * ("f 24/0; w 30/1 pmb 4 ...", core/members.h), typed on the handheld's
 * keyboard or given as a string in an answers file, on arbitrary bytes.
 *
 * fc_members_parse() in both languages: a refusal has a message in valid
 * UTF-8 (the inspector reads it under the field; a byte cut out of a
 * character would show as garbage); what it accepts, fc_members_check() and
 * fc_members_object() must agree on, and the parse must not depend on the
 * language.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/members.h"
#include "core/utf8.h"

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const langs[] = {"zh", "en"};
	json_t *got[2] = {NULL, NULL};
	int rc[2];
	char *text;

	/* Typed text is a string: it ends at the first NUL. */
	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (int i = 0; i < 2; i++) {
		struct fc_error err = {0};

		rc[i] = fc_members_parse(text, langs[i], &got[i], &err);
		if (rc[i] != 0 && (err.msg[0] == '\0' || got[i] != NULL ||
				   !fc_utf8_valid(err.msg, strlen(err.msg), NULL)))
			abort();
		if (rc[i] == 0) {
			struct fc_error e2 = {0};
			json_t *obj;
			json_t *s = json_string(text);
			int checked = fc_members_check(got[i], langs[i], &e2);

			if (checked != 0 && !fc_utf8_valid(e2.msg, strlen(e2.msg), NULL))
				abort();
			/* The same text as a JSON string must read as the object. */
			obj = s != NULL ? fc_members_object(s) : NULL;
			if (s != NULL && (obj != NULL) != (checked == 0))
				abort();
			json_decref(obj);
			json_decref(s);
		}
	}
	if (rc[0] != rc[1] || (rc[0] == 0 && !json_equal(got[0], got[1])))
		abort();
	json_decref(got[0]);
	json_decref(got[1]);
	free(text);
	return 0;
}
