/* SPDX-License-Identifier: Apache-2.0 */
/*
 * members.c: the per-storey member counts of a "members" item, typed as
 * compact text or given as JSON, parsed and checked in one place so that the
 * TUI, the answers file and the grading skeleton agree on what they mean.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "grade.h"
#include "members.h"
#include "utf8.h"

#define MEMBERS_COUNT_MAX 1000000 /* far above any storey; keeps sums exact */

static int
members_zh(const char *lang)
{
	return lang != NULL && strncmp(lang, "zh", 2) == 0;
}

/* "foundation" / "level 2" in lang, for messages. */
static void
members_where(char *out, size_t size, int level, const char *lang)
{
	if (level == 0)
		snprintf(out, size, "%s", members_zh(lang) ? "基础" : "foundation");
	else if (members_zh(lang))
		snprintf(out, size, "第 %d 层", level);
	else
		snprintf(out, size, "level %d", level);
}

static int
members_cat(const char *key)
{
	for (int k = 0; k < FC_CAT_COUNT; k++)
		if (strcmp(key, fc_grade_cat_key((enum fc_member_cat)k)) == 0)
			return k;
	return -1;
}

static int
members_fail(struct fc_error *err, int level, const char *lang, const char *en, const char *zh,
	     const char *name)
{
	char where[32];

	members_where(where, sizeof where, level, lang);
	if (members_zh(lang))
		return fc_error_set(err, FC_E_INVALID, "%s：%s%s", where, zh, name);
	return fc_error_set(err, FC_E_INVALID, "%s: %s%s", where, en, name);
}

/* A whole number at *p (spaces skipped first), or -1. */
static long long
members_number(const char **p)
{
	long long n = 0;

	while (**p == ' ' || **p == '\t')
		(*p)++;
	if (!isdigit((unsigned char)**p))
		return -1;
	while (isdigit((unsigned char)**p)) {
		if (n <= MEMBERS_COUNT_MAX)
			n = n * 10 + (**p - '0');
		(*p)++;
	}
	return n;
}

/*
 * A Chinese input method types "；" and "／" for ";" and "/": both are taken
 * as the ASCII ones, so counts typed in Chinese punctuation mode mean what
 * they say instead of failing with "a whole number must follow".
 */
#define MEMBERS_FW_SEMI "\xEF\xBC\x9B"	/* U+FF1B ； */
#define MEMBERS_FW_SLASH "\xEF\xBC\x8F" /* U+FF0F ／ */

/* The length of the separator sep (";" or its full-width form) at p, or 0. */
static size_t
members_sep_at(const char *p, const char *end, char sep)
{
	const char *fw = sep == ';' ? MEMBERS_FW_SEMI : MEMBERS_FW_SLASH;

	if (p < end && *p == sep)
		return 1;
	if (end - p >= 3 && memcmp(p, fw, 3) == 0)
		return 3;
	return 0;
}

/* The next storey separator from p, its length in *len; NULL when none. */
static const char *
members_next_storey(const char *p, size_t *len)
{
	const char *end = p + strlen(p);

	for (; p < end; p++)
		if ((*len = members_sep_at(p, end, ';')) > 0)
			return p;
	*len = 0;
	return NULL;
}

/*
 * The character at p (before end) into out[5], for a message that quotes it:
 * the whole of a UTF-8 character, not its first byte, and U+FFFD for a byte
 * that starts none (the message must stay UTF-8 to be shown at all).
 */
static void
members_char_at(const char *p, const char *end, char out[5])
{
	uint32_t cp;
	size_t n = fc_utf8_decode(p, (size_t)(end - p), &cp);

	if (n == 1 && (unsigned char)*p >= 0x80) {
		memcpy(out, "\xEF\xBF\xBD", sizeof "\xEF\xBF\xBD");
		return;
	}
	memcpy(out, p, n);
	out[n] = '\0';
}

/* One group "cat n[/d] cat n[/d] ..." from p to end into counts and dangerous. */
static int
members_group(const char *p, const char *end, int level, const char *lang, json_t *counts,
	      json_t *dangerous, struct fc_error *err)
{
	char key[16];

	for (;;) {
		size_t len = 0;
		long long n, d = -1;

		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p == end)
			return 0;
		while (p < end && isalpha((unsigned char)*p)) {
			if (len < sizeof key - 1)
				key[len++] = (char)tolower((unsigned char)*p);
			p++;
		}
		key[len] = '\0';
		if (len == 0) {
			members_char_at(p, end, key);
			return members_fail(err, level, lang, "expected a member type, not ",
					    "应为构件类别，而不是 ", key);
		}
		if (level == 0 ? strcmp(key, "f") != 0 : members_cat(key) < 0)
			return members_fail(
			    err, level, lang,
			    level == 0
				? "the first group is the foundation, \"f members/dangerous\", "
				  "not "
				: "member types are pc sc cc w rt pmb smb sb s sm, not ",
			    level == 0 ? "第一组应为基础“f 构件数/危险数”，而不是 "
				       : "构件类别应为 pc sc cc w rt pmb smb sb s sm，而不是 ",
			    key);
		if (json_object_get(counts, key) != NULL)
			return members_fail(err, level, lang, "counted twice: ", "重复计数：", key);
		n = members_number(&p);
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (n >= 0 && members_sep_at(p, end, '/') > 0) {
			p += members_sep_at(p, end, '/');
			d = members_number(&p);
			if (d < 0)
				n = -1;
		}
		if (n < 0 || p > end ||
		    (p < end && !isspace((unsigned char)*p) && !isalpha((unsigned char)*p)))
			return members_fail(err, level, lang, "a whole number must follow ",
					    "应在其后填写整数：", key);
		json_object_set_new(counts, key, json_integer(n));
		if (d >= 0)
			json_object_set_new(dangerous, key, json_integer(d));
	}
}

int
fc_members_parse(const char *text, const char *lang, json_t **out, struct fc_error *err)
{
	json_t *obj = json_object(), *levels = json_array();
	const char *p = text;
	int level = 0;

	*out = NULL;
	if (obj == NULL || levels == NULL) {
		json_decref(obj);
		json_decref(levels);
		return fc_error_set(err, FC_E_NOMEM,
				    members_zh(lang) ? "内存不足" : "out of memory");
	}
	json_object_set_new(obj, "levels", levels);
	for (;;) {
		size_t seplen;
		const char *end = members_next_storey(p, &seplen);
		json_t *counts = json_object(), *dangerous = json_object();
		int rc;

		if (end == NULL)
			end = p + strlen(p);
		rc = members_group(p, end, level, lang, counts, dangerous, err);
		if (rc == 0 && level == 0) {
			json_t *f = json_object();

			json_object_set(f, "members", json_object_get(counts, "f"));
			json_object_set(f, "dangerous", json_object_get(dangerous, "f"));
			if (json_object_get(f, "dangerous") == NULL)
				json_object_set_new(f, "dangerous", json_integer(0));
			if (json_object_get(f, "members") == NULL) {
				json_decref(f);
				rc = members_fail(
				    err, 0, lang,
				    "start with the foundation: \"f members/dangerous\"",
				    "应先填写基础：“f 构件数/危险数”", "");
			} else {
				json_object_set_new(obj, "foundation", f);
			}
		} else if (rc == 0) {
			json_t *l = json_object();

			json_object_set(l, "counts", counts);
			json_object_set(l, "dangerous", dangerous);
			json_array_append_new(levels, l);
		}
		json_decref(counts);
		json_decref(dangerous);
		if (rc != 0) {
			json_decref(obj);
			return -1;
		}
		if (*end == '\0')
			break;
		p = end + seplen;
		level++;
		/* A ';' at the very end closes the last storey; it opens no new one. */
		if (p[strspn(p, " \t\r\n")] == '\0')
			break;
		if (level > FC_GRADE_LEVELS_MAX) {
			json_decref(obj);
			return members_fail(err, level, lang, "more storeys than a house can have",
					    "层数过多", "");
		}
	}
	*out = obj;
	return 0;
}

static int
members_int(const json_t *v, long long *n)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > MEMBERS_COUNT_MAX)
		return 0;
	*n = json_integer_value(v);
	return 1;
}

static int
members_more(struct fc_error *err, int level, const char *lang, const char *cat, long long d,
	     long long n)
{
	char where[32];

	members_where(where, sizeof where, level, lang);
	if (members_zh(lang))
		return fc_error_set(err, FC_E_INVALID, "%s：危险 %s（%lld）多于 %s 构件数（%lld）",
				    where, cat, d, cat, n);
	return fc_error_set(err, FC_E_INVALID, "%s: dangerous %s (%lld) is more than %s (%lld)",
			    where, cat, d, cat, n);
}

static int
members_check_level(const json_t *l, int level, const char *lang, struct fc_error *err)
{
	const json_t *counts = json_object_get(l, "counts"),
		     *dangerous = json_object_get(l, "dangerous");
	const char *key;
	const json_t *v;
	long long total = 0, n, d;

	if (!json_is_object(l) || !json_is_object(counts) ||
	    (dangerous != NULL && !json_is_object(dangerous)) ||
	    json_object_size(l) != 1 + (dangerous != NULL))
		return members_fail(err, level, lang,
				    "must be {\"counts\": {...}, \"dangerous\": {...}}",
				    "应为 {\"counts\": {...}, \"dangerous\": {...}}", "");
	json_object_foreach((json_t *)counts, key, v) {
		if (members_cat(key) < 0)
			return members_fail(err, level, lang,
					    "member types are pc sc cc w rt pmb smb sb s sm, not ",
					    "构件类别应为 pc sc cc w rt pmb smb sb s sm，而不是 ",
					    key);
		if (!members_int(v, &n))
			return members_fail(err, level, lang, "not a whole number of members: ",
					    "构件数应为非负整数：", key);
		total += n;
	}
	json_object_foreach((json_t *)dangerous, key, v) {
		if (members_cat(key) < 0)
			return members_fail(err, level, lang,
					    "member types are pc sc cc w rt pmb smb sb s sm, not ",
					    "构件类别应为 pc sc cc w rt pmb smb sb s sm，而不是 ",
					    key);
		if (!members_int(v, &d))
			return members_fail(err, level, lang, "not a whole number of members: ",
					    "危险构件数应为非负整数：", key);
		n = 0;
		members_int(json_object_get(counts, key), &n);
		if (d > n)
			return members_more(err, level, lang, key, d, n);
	}
	if (total == 0)
		return members_fail(err, level, lang, "no members counted", "未计入任何构件", "");
	return 0;
}

int
fc_members_check(const json_t *v, const char *lang, struct fc_error *err)
{
	const json_t *f = json_object_get(v, "foundation"), *levels = json_object_get(v, "levels");
	const json_t *l;
	long long n, d;
	size_t i;

	if (!json_is_object(v) || !json_is_object(f) || !json_is_array(levels) ||
	    json_object_size(v) != 2) {
		if (members_zh(lang))
			return fc_error_set(err, FC_E_INVALID,
					    "应为基础和各层构件数，如“f 24/0; w 30/1 s 12”");
		return fc_error_set(err, FC_E_INVALID,
				    "must be the foundation and each storey's members, as in "
				    "\"f 24/0; w 30/1 s 12\"");
	}
	if (json_object_size(f) != 2 || !members_int(json_object_get(f, "members"), &n) ||
	    !members_int(json_object_get(f, "dangerous"), &d))
		return members_fail(err, 0, lang,
				    "must be {\"members\": n, \"dangerous\": n}, whole numbers",
				    "应为 {\"members\": n, \"dangerous\": n}，均为非负整数", "");
	if (d > n)
		return members_more(err, 0, lang, "f", d, n);
	if (json_array_size(levels) == 0 || json_array_size(levels) > FC_GRADE_LEVELS_MAX) {
		if (members_zh(lang))
			return fc_error_set(err, FC_E_INVALID, "应有 1 至 %d 层",
					    FC_GRADE_LEVELS_MAX);
		return fc_error_set(err, FC_E_INVALID, "must have 1 to %d storeys",
				    FC_GRADE_LEVELS_MAX);
	}
	json_array_foreach(levels, i, l)
		if (members_check_level(l, (int)i + 1, lang, err) != 0)
			return -1;
	return 0;
}

json_t *
fc_members_object(const json_t *v)
{
	json_t *obj = NULL;
	struct fc_error e = {0};

	if (json_is_string(v)) {
		if (fc_members_parse(json_string_value(v), "en", &obj, &e) != 0)
			return NULL;
	} else {
		obj = json_incref((json_t *)v);
	}
	if (fc_members_check(obj, "en", &e) != 0) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}
