/* SPDX-License-Identifier: Apache-2.0 */
/*
 * textfile.c: hand-written files without their byte-order mark (textfile.h).
 */
#include <errno.h>
#include <libintl.h>
#include <string.h>
#include <sys/stat.h>

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

/* A file json_loadf() would misreport: a directory reads as "the text ends before ...". */
static int
textfile_unreadable(FILE *f)
{
	struct stat sb;

	if (fstat(fileno(f), &sb) != 0)
		return errno;
	return S_ISDIR(sb.st_mode) ? EISDIR : 0;
}

/* Nothing at all (or a byte-order mark alone) is no JSON text, and says so. */
static int
textfile_empty(FILE *f)
{
	int c = getc(f);

	if (c == EOF)
		return !ferror(f);
	ungetc(c, f);
	return 0;
}

json_t *
fc_textfile_json(const char *path, size_t flags, json_error_t *jerr)
{
	FILE *f = fopen(path, "rb");
	int e = f == NULL ? errno : textfile_unreadable(f);
	json_t *root;

	if (e == 0 && fc_textfile_skip_bom(f) < 0)
		e = ESPIPE;
	if (e != 0 || textfile_empty(f)) {
		/* As json_load_file says it: callers read line -1 as "could not open". */
		memset(jerr, 0, sizeof *jerr);
		jerr->line = e != 0 ? -1 : 1;
		snprintf(jerr->source, sizeof jerr->source, "%s", path);
		if (e != 0)
			snprintf(jerr->text, sizeof jerr->text, _("unable to open %s: %s"), path,
				 strerror(e));
		else
			snprintf(jerr->text, sizeof jerr->text, "%s",
				 _("the file is empty; it must hold JSON"));
		if (f != NULL)
			fclose(f);
		return NULL;
	}
	root = json_loadf(f, flags, jerr);
	fclose(f);
	return root;
}

/* The token jansson quotes in "... near 'x'", or NULL. */
static const char *
textfile_near(const char *text)
{
	const char *near = strstr(text, " near ");

	return near != NULL ? near + 6 : NULL;
}

const char *
fc_json_why(const json_error_t *jerr, char *buf, size_t size)
{
	const char *near = textfile_near(jerr->text);
	const char *why;

	/* jansson words its errors in English; the code says which one it was. */
	switch (json_error_code(jerr)) {
	case json_error_out_of_memory:
		why = _("out of memory");
		break;
	case json_error_stack_overflow:
		why = _("the JSON is nested too deeply");
		break;
	case json_error_invalid_utf8:
		why = _("the text is not valid UTF-8");
		break;
	case json_error_premature_end_of_input:
		why = _("not valid JSON: the text ends before a bracket, brace or quote is closed");
		break;
	case json_error_end_of_input_expected:
		why = _("not valid JSON: there is more text after the end of the value");
		break;
	case json_error_null_character:
	case json_error_null_byte_in_key:
		why = _("the text holds a NUL character");
		break;
	case json_error_duplicate_key:
		why = _("a name appears twice in one object");
		break;
	case json_error_numeric_overflow:
		why = _("a number is too large");
		break;
	case json_error_invalid_syntax:
	case json_error_invalid_format:
		why = _("not valid JSON");
		break;
	default:
		/* Our own words (fc_textfile_json's "unable to open"), or one we do not know. */
		snprintf(buf, size, "%s", jerr->text);
		return buf;
	}
	if (near != NULL)
		snprintf(buf, size, _("%s, near %s"), why, near);
	else
		snprintf(buf, size, "%s", why);
	return buf;
}
