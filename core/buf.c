/* SPDX-License-Identifier: Apache-2.0 */
/*
 * buf.c: growable byte strings with strbuf's invariants. Growth doubles, with
 * the size arithmetic checked for overflow before anything is allocated.
 */
#include <libintl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define _(s) gettext(s)

char fc_buf_empty[1];

void
fc_buf_init(struct fc_buf *b)
{
	b->buf = fc_buf_empty;
	b->len = 0;
	b->cap = 0;
}

void
fc_buf_release(struct fc_buf *b)
{
	if (b->cap != 0)
		free(b->buf);
	fc_buf_init(b);
}

char *
fc_buf_detach(struct fc_buf *b, size_t *len)
{
	char *p;

	if (b->cap == 0)
		p = calloc(1, 1);
	else
		p = b->buf;
	if (len != NULL)
		*len = b->len;
	fc_buf_init(b);
	return p;
}

void
fc_buf_reset(struct fc_buf *b)
{
	b->len = 0;
	b->buf[0] = '\0';
}

int
fc_buf_grow(struct fc_buf *b, size_t extra, struct fc_error *err)
{
	if (extra > SIZE_MAX - b->len - 1)
		return fc_error_set(err, FC_E_NOMEM, _("text too long"));
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap < 64 ? 64 : b->cap;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = b->cap == 0 ? malloc(cap) : realloc(b->buf, cap);
	if (p == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	if (b->cap == 0)
		p[0] = '\0';
	b->buf = p;
	b->cap = cap;
	return 0;
}

int
fc_buf_add(struct fc_buf *b, const void *data, size_t len, struct fc_error *err)
{
	if (fc_buf_grow(b, len, err) != 0)
		return -1;
	memcpy(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
	return 0;
}

int
fc_buf_adds(struct fc_buf *b, const char *s, struct fc_error *err)
{
	return fc_buf_add(b, s, strlen(s), err);
}

int
fc_buf_addf(struct fc_buf *b, struct fc_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return fc_error_set(err, FC_E_INTERNAL, _("bad format string"));
	if (fc_buf_grow(b, (size_t)n, err) != 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}
