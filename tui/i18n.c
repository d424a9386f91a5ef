/* SPDX-License-Identifier: Apache-2.0 */
/*
 * i18n.c: choosing and switching the TUI's language at run time.
 *
 * gettext only honours LANGUAGE when LC_MESSAGES is not the plain "C"
 * locale, and a handheld often has nothing but C.UTF-8 installed; so
 * LC_MESSAGES is set to C.UTF-8 when the user's locale cannot be loaded, and
 * the language is chosen through LANGUAGE. Switching calls textdomain(),
 * which tells glibc to drop the translations it has cached.
 */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/datadir.h"
#include "core/home.h"
#include "tui/i18n.h"

static enum fc_lang i18n_lang = FC_LANG_ZH;

static int
i18n_is_english(const char *v)
{
	return v != NULL && strncmp(v, "en", 2) == 0 &&
	       (v[2] == '\0' || v[2] == '_' || v[2] == '.' || v[2] == ':' || v[2] == '@');
}

static enum fc_lang
i18n_from_locale(void)
{
	static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v == NULL || *v == '\0')
			continue;
		return i18n_is_english(v) ? FC_LANG_EN : FC_LANG_ZH;
	}
	return FC_LANG_ZH;
}

void
fc_i18n_bind(const char *argv0)
{
	(void)argv0;
	fc_datadir_bind_messages();
}

void
fc_i18n_init(const char *argv0, const char *saved)
{
	fc_i18n_bind(argv0);
	if (saved != NULL && strcmp(saved, "en") == 0)
		fc_i18n_set(FC_LANG_EN);
	else if (saved != NULL && strcmp(saved, "zh") == 0)
		fc_i18n_set(FC_LANG_ZH);
	else
		fc_i18n_set(i18n_from_locale());
}

void
fc_i18n_set(enum fc_lang lang)
{
	i18n_lang = lang;
	setenv("LANGUAGE", lang == FC_LANG_EN ? "en" : "zh_CN", 1);
	textdomain(FC_TEXT_DOMAIN);
}

enum fc_lang
fc_i18n_lang(void)
{
	return i18n_lang;
}

const char *
fc_i18n_code(void)
{
	return i18n_lang == FC_LANG_EN ? "en" : "zh";
}

const char *
fc_i18n_pick(const char *zh, const char *en)
{
	const char *want = i18n_lang == FC_LANG_EN ? en : zh;
	const char *other = i18n_lang == FC_LANG_EN ? zh : en;

	if (want != NULL && *want != '\0')
		return want;
	return other != NULL ? other : "";
}
