/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lang.c: a reader of msgfmt's compiled catalogues and the per-call message
 * lookup over them (lang.h says why the server needs one).
 *
 * The .mo layout (GNU gettext manual, "The Format of GNU MO Files"): a magic
 * number that also tells the byte order, the count of strings, and the
 * offsets of two tables of (length, offset) pairs, originals sorted by
 * strcmp and their translations in the same order. Every pair is checked
 * once at load, so a lookup is a binary search over strings known to end
 * inside the file.
 */
#include <libintl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"

#define _(s) gettext(s)
#define MO_MAGIC 0x950412deU
#define MO_MAGIC_SWAPPED 0xde120495U
#define MO_MAX_BYTES (64L * 1024 * 1024)

struct fc_catalogue {
	char *data;
	size_t len;
	uint32_t n, originals, translations;
	int swapped;
};

static uint32_t
mo_u32(const struct fc_catalogue *c, size_t at)
{
	uint32_t v;

	memcpy(&v, c->data + at, sizeof v);
	if (c->swapped)
		v = (v >> 24) | ((v >> 8) & 0xff00U) | ((v << 8) & 0xff0000U) | (v << 24);
	return v;
}

/* String i of the table at table: NULL when the pair points outside the file. */
static const char *
mo_string(const struct fc_catalogue *c, uint32_t table, uint32_t i)
{
	size_t at = (size_t)table + (size_t)i * 8, len, off;

	if (at + 8 > c->len)
		return NULL;
	len = mo_u32(c, at);
	off = mo_u32(c, at + 4);
	if (off > c->len || len >= c->len - off || c->data[off + len] != '\0')
		return NULL;
	return c->data + off;
}

static int
mo_read(const char *path, struct fc_catalogue *c, struct fc_error *err)
{
	FILE *f = fopen(path, "rb");
	long size;

	if (f == NULL)
		return fc_error_set(err, FC_E_NOTFOUND, _("message catalogue %s: cannot open it"),
				    path);
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || size > MO_MAX_BYTES ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return fc_error_set(err, FC_E_IO, _("message catalogue %s: cannot read it"), path);
	}
	c->len = (size_t)size;
	c->data = malloc(c->len + 1);
	if (c->data == NULL || fread(c->data, 1, c->len, f) != c->len) {
		fclose(f);
		return fc_error_set(err, c->data == NULL ? FC_E_NOMEM : FC_E_IO,
				    _("message catalogue %s: cannot read it"), path);
	}
	fclose(f);
	return 0;
}

/* The header and every pair of both tables point inside the file. */
static int
mo_check(struct fc_catalogue *c)
{
	uint32_t magic;

	if (c->len < 20)
		return -1;
	memcpy(&magic, c->data, sizeof magic);
	if (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED)
		return -1;
	c->swapped = magic == MO_MAGIC_SWAPPED;
	/* Major revision 0 or 1 share the tables read here. */
	if ((mo_u32(c, 4) >> 16) > 1)
		return -1;
	c->n = mo_u32(c, 8);
	c->originals = mo_u32(c, 12);
	c->translations = mo_u32(c, 16);
	if (c->n > c->len / 16)
		return -1;
	for (uint32_t i = 0; i < c->n; i++)
		if (mo_string(c, c->originals, i) == NULL ||
		    mo_string(c, c->translations, i) == NULL)
			return -1;
	return 0;
}

int
fc_catalogue_load(const char *path, struct fc_catalogue **out, struct fc_error *err)
{
	struct fc_catalogue *c = calloc(1, sizeof *c);

	*out = NULL;
	if (c == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory reading %s"), path);
	if (mo_read(path, c, err) != 0) {
		fc_catalogue_free(c);
		return -1;
	}
	if (mo_check(c) != 0) {
		fc_catalogue_free(c);
		return fc_error_set(err, FC_E_INVALID,
				    _("message catalogue %s is damaged or not a compiled catalogue "
				      "(msgfmt makes one from po/)"),
				    path);
	}
	*out = c;
	return 0;
}

const char *
fc_catalogue_get(const struct fc_catalogue *c, const char *msgid)
{
	uint32_t lo = 0, hi;

	if (c == NULL || msgid == NULL || msgid[0] == '\0')
		return NULL;
	hi = c->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		/* A plural original is "one\0many": strcmp stops at the singular. */
		int cmp = strcmp(msgid, mo_string(c, c->originals, mid));

		if (cmp == 0) {
			const char *t = mo_string(c, c->translations, mid);

			return t[0] != '\0' ? t : NULL;
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

void
fc_catalogue_free(struct fc_catalogue *c)
{
	if (c == NULL)
		return;
	free(c->data);
	free(c);
}

/* The languages a request may ask for, and where each one's catalogue lives. */
static struct lang_slot {
	const char *code, *dir;
	struct fc_catalogue *cat;
} lang_slots[] = {{"zh", "zh_CN", NULL}, {"en", "en", NULL}};

#define LANG_NSLOTS (sizeof lang_slots / sizeof lang_slots[0])

int
fc_lang_load(const char *dir, const char *domain, struct fc_error *err)
{
	for (size_t i = 0; i < LANG_NSLOTS; i++) {
		char path[4096];
		struct fc_error e2 = {0};

		fc_catalogue_free(lang_slots[i].cat);
		lang_slots[i].cat = NULL;
		snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/%s.mo", dir, lang_slots[i].dir,
			 domain);
		if (fc_catalogue_load(path, &lang_slots[i].cat, &e2) == 0)
			continue;
		/* A language without its catalogue speaks English; a broken one is an error. */
		if (e2.code != FC_E_NOTFOUND) {
			*err = e2;
			return -1;
		}
	}
	return 0;
}

void
fc_lang_unload(void)
{
	for (size_t i = 0; i < LANG_NSLOTS; i++) {
		fc_catalogue_free(lang_slots[i].cat);
		lang_slots[i].cat = NULL;
	}
}

const char *
fc_gettext(const char *lang, const char *msgid)
{
	if (lang == NULL)
		return gettext(msgid);
	for (size_t i = 0; i < LANG_NSLOTS; i++) {
		if (strcmp(lang, lang_slots[i].code) == 0) {
			const char *t = fc_catalogue_get(lang_slots[i].cat, msgid);

			return t != NULL ? t : msgid;
		}
	}
	return msgid;
}

const char *
fc_lang_of_tag(const char *tag)
{
	for (size_t i = 0; i < LANG_NSLOTS; i++) {
		size_t n = strlen(lang_slots[i].code);

		if (strncmp(tag, lang_slots[i].code, n) == 0 && strchr("-_.:@;, ", tag[n]) != NULL)
			return lang_slots[i].code;
	}
	return NULL;
}

const char *
fc_lang_of_process(void)
{
	static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && v[0] != '\0')
			return fc_lang_of_tag(v) != NULL && strcmp(fc_lang_of_tag(v), "zh") == 0
				   ? "zh"
				   : "en";
	}
	return "en";
}
