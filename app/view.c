/* SPDX-License-Identifier: Apache-2.0 */
/*
 * view.c: building lines for people; see view.h for who shows them.
 */
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/view.h"
#include "core/utf8.h"

#define _(s) gettext(s)

void
fc_view_init(struct fc_view *v, const char *lang)
{
	memset(v, 0, sizeof *v);
	fc_buf_init(&v->line);
	v->lang = lang;
	v->zh = strcmp(lang, "zh") == 0;
}

void
fc_view_release(struct fc_view *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->lines[i].text);
	free(v->lines);
	fc_buf_release(&v->line);
	v->lines = NULL;
	v->n = v->cap = 0;
}

int
fc_view_status(const struct fc_view *v, struct fc_error *err)
{
	return v->failed ? fc_error_set(err, FC_E_NOMEM, _("out of memory")) : 0;
}

const char *
fc_view_word(const struct fc_view *v, const char *en, const char *zh)
{
	return v->zh ? zh : en;
}

static void
view_adds(struct fc_view *v, const char *s)
{
	struct fc_error ignore = {0};

	if (!v->failed && fc_buf_adds(&v->line, s, &ignore) != 0)
		v->failed = 1;
}

void
fc_view_end(struct fc_view *v, enum fc_view_style style)
{
	char *text;

	if (v->failed)
		return;
	if (v->n == v->cap) {
		size_t cap = v->cap != 0 ? 2 * v->cap : 32;
		struct fc_view_line *p = realloc(v->lines, cap * sizeof *p);
		if (p == NULL) {
			v->failed = 1;
			return;
		}
		v->lines = p;
		v->cap = cap;
	}
	if ((text = fc_buf_detach(&v->line, NULL)) == NULL) {
		v->failed = 1;
		return;
	}
	v->lines[v->n].style = style;
	v->lines[v->n++].text = text;
}

void
fc_view_addf(struct fc_view *v, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	view_adds(v, tmp);
}

void
fc_view_text(struct fc_view *v, const char *s, size_t cols)
{
	/* A replaced byte grows to the three of U+FFFD; the pad adds spaces. */
	size_t size = 3 * strlen(s) + cols + 4;
	char *clean = malloc(size);

	if (clean == NULL) {
		v->failed = 1;
		return;
	}
	fc_utf8_pad(s, cols, clean, size);
	view_adds(v, clean);
	free(clean);
}

void
fc_view_str(struct fc_view *v, const char *s)
{
	fc_view_text(v, s, fc_utf8_cols(s));
}

void
fc_view_label(struct fc_view *v, const char *en, const char *zh)
{
	char label[64];

	if (v->zh) {
		fc_view_text(v, zh, FC_VIEW_LABEL_COLS);
		return;
	}
	snprintf(label, sizeof label, "%s:", en);
	fc_view_text(v, label, FC_VIEW_LABEL_COLS);
}

void
fc_view_section(struct fc_view *v, const char *en, const char *zh)
{
	fc_view_end(v, FC_VIEW_PLAIN);
	fc_view_addf(v, "%s", fc_view_word(v, en, zh));
	fc_view_end(v, FC_VIEW_SECTION);
}
