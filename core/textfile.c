/* SPDX-License-Identifier: Apache-2.0 */
/*
 * textfile.c: hand-written files without their byte-order mark (textfile.h).
 */
#include <errno.h>
#include <libintl.h>
#include <string.h>

#include "textfile.h"

#define _(s) gettext(s)

int
fc_textfile_skip_bom(FILE *f)
{
	unsigned char b[3];
	long at = ftell(f);
	size_t n = fread(b, 1, sizeof b, f);

	if (n == sizeof b && memcmp(b, "\xef\xbb\xbf", sizeof b) == 0)
		return 1;
	return at >= 0 && fseek(f, at, SEEK_SET) == 0 ? 0 : -1;
}

json_t *
fc_textfile_json(const char *path, size_t flags, json_error_t *jerr)
{
	FILE *f = fopen(path, "rb");
	json_t *root;

	if (f == NULL || fc_textfile_skip_bom(f) < 0) {
		/* As json_load_file says it: callers read line -1 as "could not open". */
		memset(jerr, 0, sizeof *jerr);
		jerr->line = -1;
		snprintf(jerr->source, sizeof jerr->source, "%s", path);
		snprintf(jerr->text, sizeof jerr->text, _("unable to open %s: %s"), path,
			 strerror(f == NULL ? errno : ESPIPE));
		if (f != NULL)
			fclose(f);
		return NULL;
	}
	root = json_loadf(f, flags, jerr);
	fclose(f);
	return root;
}
