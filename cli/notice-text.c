/* SPDX-License-Identifier: Apache-2.0 */
/*
 * notice-text.c: a notice as plain UTF-8 text for a portable printer or a
 * terminal (cli/notice.h). The QR code is drawn with half-block characters,
 * two module rows per line, inside a quiet zone of light modules, when the
 * line is wide enough to hold it (a 41-module code needs 45 columns).
 */
#include <libintl.h>
#include <stdio.h>

#include "cli/notice.h"

#define _(s) gettext(s)

#define TEXT_QUIET 2 /* light modules around the code */

static int
text_line(enum fc_notice_style style, const char *text, void *ctx, struct fc_error *err)
{
	FILE *out = ctx;

	(void)err;
	if (style == FC_NOTICE_TITLE)
		fputc('\n', out);
	fprintf(out, "%s\n", text);
	if (style == FC_NOTICE_TITLE)
		fputc('\n', out);
	return 0;
}

/* 1 when module (x, y) is dark; outside the code is the light quiet zone. */
static int
text_dark(const struct fc_notice_qr *qr, int x, int y)
{
	return x >= 0 && y >= 0 && x < qr->width && y < qr->width && qr->dark[y * qr->width + x];
}

static void
text_qr(const struct fc_notice_qr *qr, FILE *out)
{
	/* Dark modules print as ink: upper half, lower half, both, neither. */
	static const char *const glyph[4] = {" ", "\xe2\x96\x80", "\xe2\x96\x84", "\xe2\x96\x88"};

	for (int y = -TEXT_QUIET; y < qr->width + TEXT_QUIET; y += 2) {
		for (int x = -TEXT_QUIET; x < qr->width + TEXT_QUIET; x++)
			fputs(glyph[text_dark(qr, x, y) | text_dark(qr, x, y + 1) << 1], out);
		fputc('\n', out);
	}
}

int
fc_notice_text(const struct fc_notice *n, size_t cols, FILE *out, struct fc_error *err)
{
	struct fc_notice_qr qr;
	char note[256];
	size_t need;
	int ret = 0;

	if (fc_notice_lines(n, cols, text_line, out, err) != 0 || fc_notice_qr(n, &qr, err) != 0)
		return -1;
	need = (size_t)qr.width + 2 * TEXT_QUIET;
	/* A code cut by the printer's line would not scan: the URL above stands alone then. */
	if (need <= cols) {
		text_qr(&qr, out);
	} else {
		snprintf(note, sizeof note,
			 "（二维码需 %zu 列，本机打印宽度 %zu 列：请凭上列网址核验）", need, cols);
		ret = fc_notice_wrap(FC_NOTICE_SMALL, note, cols, text_line, out, err);
	}
	fc_notice_qr_release(&qr);
	if (ret != 0)
		return -1;
	if (fflush(out) != 0 || ferror(out))
		return fc_error_set(err, FC_E_IO, _("cannot write the notice"));
	return 0;
}
