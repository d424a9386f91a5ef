/* SPDX-License-Identifier: Apache-2.0 */
/*
 * i18n.h: the TUI's language: gettext catalogues for its own words, and the
 * choice between a template's zh and en labels.
 *
 * Chinese is the default; English when the locale (LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG, in that order) is English-speaking, or when the user
 * toggles it. The catalogues are found in $FIELDCHECK_LOCALEDIR, else in
 * locale/ beside the binary (the build directory), else in FC_LOCALEDIR.
 */
#ifndef FC_TUI_I18N_H
#define FC_TUI_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

enum fc_lang { FC_LANG_ZH, FC_LANG_EN };

/*
 * Bind the text domain only: messages then follow the user's locale
 * (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), as the command line wants.
 */
void fc_i18n_bind(const char *argv0);

/*
 * Bind the text domain and choose the language: saved (a "zh"/"en" string
 * from the device settings, or NULL), else from the locale.
 */
void fc_i18n_init(const char *argv0, const char *saved);

/* Switch to lang at once; the next gettext() call answers in it. */
void fc_i18n_set(enum fc_lang lang);
enum fc_lang fc_i18n_lang(void);
const char *fc_i18n_code(void); /* "zh" or "en" */

/* The label in the current language: zh or en, whichever exists. */
const char *fc_i18n_pick(const char *zh, const char *en);

#endif
