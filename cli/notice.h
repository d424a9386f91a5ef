/* SPDX-License-Identifier: Apache-2.0 */
/*
 * notice.h: laying out a notice (app/notice.h) for paper: one list of
 * lines in reading order (notice-lines.c) that the A4 PDF (notice-pdf.c,
 * libhpdf) and the plain text for a portable printer (notice-text.c) both
 * print, and the QR code (libqrencode) that carries the verification URL.
 */
#ifndef FC_CLI_NOTICE_H
#define FC_CLI_NOTICE_H

#include <stdio.h>

#include "app/notice.h"

enum fc_notice_style {
	FC_NOTICE_TITLE, /* the notice's name */
	FC_NOTICE_HEAD,	 /* number, household, inspector lines */
	FC_NOTICE_BODY,	 /* what was found, what to do */
	FC_NOTICE_SMALL, /* the verification explanation */
};

/* One printed line: already cleaned of controls and cut to the width asked. */
typedef int (*fc_notice_line_fn)(enum fc_notice_style style, const char *text, void *ctx,
				 struct fc_error *err);

/* Every line of n in order, wrapped at cols display columns (CJK counts 2). */
int fc_notice_lines(const struct fc_notice *n, size_t cols, fc_notice_line_fn fn, void *ctx,
		    struct fc_error *err);

/* One more paragraph, cleaned and wrapped the same way. */
int fc_notice_wrap(enum fc_notice_style style, const char *text, size_t cols, fc_notice_line_fn fn,
		   void *ctx, struct fc_error *err);

/* The QR code of n->url: width modules a side, dark[y * width + x] is 1 for dark. */
struct fc_notice_qr {
	int width;
	unsigned char *dark; /* owned */
};
int fc_notice_qr(const struct fc_notice *n, struct fc_notice_qr *out, struct fc_error *err);
void fc_notice_qr_release(struct fc_notice_qr *qr);

/* An A4 PDF of n into path, with the CJK TrueType font font (a .ttf, or a .ttc's first). */
int fc_notice_pdf(const struct fc_notice *n, const char *path, const char *font,
		  struct fc_error *err);

/* Plain UTF-8 text of n, lines at most cols wide, the QR code in block characters. */
int fc_notice_text(const struct fc_notice *n, size_t cols, FILE *out, struct fc_error *err);

#endif
