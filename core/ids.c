/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ids.c: the character sets of ids (see ids.h). Checked byte by byte with
 * no locale: the same id is refused the same way on a handheld and on the
 * server.
 */
#include <libintl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ids.h"
#include "utf8.h"

#define _(s) gettext(s)
#define N_(s) s

#define ID_MAX 63
/* Room for an id quoted in a message: cut at 79 bytes, its NUL after. */
#define ID_SHOWN 80

static int
id_ascii_word(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

int
fc_id_device_ok(const char *id)
{
	size_t i;

	for (i = 0; id[i] != '\0'; i++)
		if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')))
			return 0;
	return i == 8;
}

int
fc_id_inspector_ok(const char *id)
{
	size_t len = strlen(id);

	if (len == 0 || len > ID_MAX || !id_ascii_word((unsigned char)id[0]))
		return 0;
	for (size_t i = 1; i < len; i++)
		if (!id_ascii_word((unsigned char)id[i]) && strchr("-_.", id[i]) == NULL)
			return 0;
	return 1;
}

/* Length of the CJK ideograph at s (len bytes left), or 0 when s does not start with one. */
static size_t
id_cjk(const char *s, size_t len)
{
	uint32_t cp;
	size_t k = fc_utf8_decode(s, len, &cp);

	if (k == 3 && ((cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF)))
		return 3;
	return 0;
}

int
fc_id_district_ok(const char *id)
{
	const unsigned char *s = (const unsigned char *)id;
	size_t len = strlen(id), i = 0;

	if (len == 0 || len > ID_MAX || strchr("-_.", id[0]) != NULL)
		return 0;
	while (i < len) {
		size_t n = id_cjk(id + i, len - i);

		if (n == 0 && (id_ascii_word(s[i]) || strchr("-_.", s[i]) != NULL))
			n = 1;
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

/* id for a message: bytes outside printable ASCII as \xNN, cut to fit size. */
static void
id_printable(const char *id, char *out, size_t size)
{
	fc_utf8_escape(id, FC_UTF8_ESC_CONTROL | FC_UTF8_ESC_NON_ASCII, out, size);
}

/*
 * ids.h's rules, spelled out so xgettext finds them (it reads no macros);
 * gettext() looks the macro's text up at run time. tests/cli/po.sh checks
 * they still say what the macros say.
 */
static const char *const id_rules[] = {
    N_("exactly 8 lower-case hex digits"),
    N_("1 to 63 ASCII letters, digits, '-', '_' and '.', starting with a letter or digit"),
    N_("1 to 63 bytes of ASCII letters, digits, '-', '_', '.' and Chinese characters, "
       "starting with a letter, digit or Chinese character"),
};

enum id_kind { ID_DEVICE, ID_INSPECTOR, ID_ACCOUNT, ID_DISTRICT };

/* One whole sentence per kind of id, so a translation can order its words. */
static int
id_refuse(enum id_kind kind, const char *id, struct fc_error *err)
{
	char shown[ID_SHOWN];

	(void)id_rules;
	id_printable(id, shown, sizeof shown);
	switch (kind) {
	case ID_DEVICE:
		return fc_error_set(err, FC_E_INVALID,
				    _("device id '%s' is refused: it must be %s"), shown,
				    gettext(FC_IDS_DEVICE_RULE));
	case ID_INSPECTOR:
		return fc_error_set(err, FC_E_INVALID,
				    _("inspector id '%s' is refused: it must be %s"), shown,
				    gettext(FC_IDS_INSPECTOR_RULE));
	case ID_ACCOUNT:
		return fc_error_set(err, FC_E_INVALID,
				    _("account name '%s' is refused: it must be %s"), shown,
				    gettext(FC_IDS_INSPECTOR_RULE));
	case ID_DISTRICT:
		break;
	}
	return fc_error_set(err, FC_E_INVALID, _("district id '%s' is refused: it must be %s"),
			    shown, gettext(FC_IDS_DISTRICT_RULE));
}

int
fc_id_check_device(const char *id, struct fc_error *err)
{
	return fc_id_device_ok(id) ? 0 : id_refuse(ID_DEVICE, id, err);
}

int
fc_id_check_inspector(const char *id, struct fc_error *err)
{
	return fc_id_inspector_ok(id) ? 0 : id_refuse(ID_INSPECTOR, id, err);
}

int
fc_id_check_account(const char *name, struct fc_error *err)
{
	/* An account's name has an inspector id's set: it reaches the same logs and lists. */
	return fc_id_inspector_ok(name) ? 0 : id_refuse(ID_ACCOUNT, name, err);
}

int
fc_id_check_district(const char *id, struct fc_error *err)
{
	return fc_id_district_ok(id) ? 0 : id_refuse(ID_DISTRICT, id, err);
}

int
fc_id_check_name(const char *name, struct fc_error *err)
{
	size_t len = strlen(name), i = 0, blank = 1;
	uint32_t cp;

	if (len >= FC_NAME_MAX)
		return fc_error_set(err, FC_E_INVALID, _("a name must be under %d bytes"),
				    FC_NAME_MAX);
	/* A terminal in GBK hands over bytes JSON and every screen would refuse or mangle. */
	if (!fc_utf8_valid(name, len, NULL))
		return fc_error_set(err, FC_E_INVALID,
				    _("the name is not UTF-8 text; set the terminal to UTF-8 "
				      "and type it again"));
	while (i < len) {
		i += fc_utf8_decode(name + i, len - i, &cp);
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			return fc_error_set(err, FC_E_INVALID,
					    _("the name holds a control character (a tab, line "
					      "break or escape); type it without"));
		if (cp != ' ' && cp != 0x3000) /* U+3000: the ideographic space */
			blank = 0;
	}
	if (blank)
		return fc_error_set(err, FC_E_INVALID, _("a name is needed: it is empty"));
	return 0;
}

/* Length of the entry of a comma list at *p; *p moves past it and its comma. */
static size_t
ids_entry(const char **p)
{
	size_t len = strcspn(*p, ",");

	*p += len + ((*p)[len] == ',');
	return len;
}

/* 1 when list ("*" or a comma list) names the n bytes at district (n > 0). */
static int
ids_have_n(const char *list, const char *district, size_t n)
{
	const char *p = list;

	if (strcmp(list, "*") == 0)
		return 1;
	while (*p != '\0') {
		const char *at = p;
		size_t len = ids_entry(&p);

		if (len == n && n > 0 && strncmp(at, district, n) == 0)
			return 1;
	}
	return 0;
}

int
fc_id_districts_have(const char *list, const char *district)
{
	return ids_have_n(list, district, strlen(district));
}

int
fc_id_districts_meet(const char *mine, const char *theirs)
{
	const char *p = theirs;

	if (strcmp(theirs, "*") == 0)
		return strcmp(mine, "*") == 0;
	while (*p != '\0') {
		const char *at = p;
		size_t len = ids_entry(&p);

		if (len > 0 && ids_have_n(mine, at, len))
			return 1;
	}
	return 0;
}

/* 1 when the first len bytes of list name district. */
static int
ids_named_before(const char *list, size_t len, const char *district)
{
	char prefix[FC_DISTRICTS_MAX];

	snprintf(prefix, sizeof prefix, "%.*s", (int)len, list);
	return fc_id_districts_have(prefix, district);
}

int
fc_id_check_districts(const char *list, struct fc_error *err)
{
	char one[ID_MAX + 1], shown[ID_SHOWN];
	const char *p = list;

	/* The list may come from a server's answer: quoted without its controls. */
	id_printable(list, shown, sizeof shown);

	if (list[0] == '\0' || strlen(list) >= FC_DISTRICTS_MAX)
		return fc_error_set(err, FC_E_INVALID,
				    _("districts '%.80s' must be one district id or several, "
				      "comma-separated, %d bytes at most"),
				    shown, FC_DISTRICTS_MAX - 1);
	while (*p != '\0') {
		size_t len = strcspn(p, ",");

		if (len == 0 || (p[len] == ',' && p[len + 1] == '\0'))
			return fc_error_set(err, FC_E_INVALID,
					    _("districts '%.80s' has an empty entry; write them "
					      "as D1,D2"),
					    shown);
		if (len >= sizeof one)
			return id_refuse(ID_DISTRICT, p, err);
		memcpy(one, p, len);
		one[len] = '\0';
		if (fc_id_check_district(one, err) != 0)
			return -1;
		/* Each once: the list is what listings and the audit log show. */
		if (p > list && ids_named_before(list, (size_t)(p - list) - 1, one))
			return fc_error_set(err, FC_E_INVALID,
					    _("districts '%.80s' names %s twice"), shown, one);
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}
