/* SPDX-License-Identifier: Apache-2.0 */
/*
 * notice-pdf.c: a notice as one A4 page of PDF with libhpdf (cli/notice.h).
 *
 * The text is set in a CJK TrueType font embedded in the file, so the page
 * prints the same on any printer; libhpdf's UTF-8 encoder takes the text as
 * it is. The QR code is drawn as filled squares under the text, with the
 * quiet zone the standard asks for. libhpdf reports errors through a
 * handler; ours keeps the first one, and the page is written only when none
 * came, so a bad font or a full disk is an error, never a broken file.
 */
#include <libintl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>

#include "cli/notice.h"

#define _(s) gettext(s)

#define PDF_MARGIN 56.0	  /* points: 2 cm */
#define PDF_QR_MODULE 3.0 /* points a module: a version-6 code is 5 cm wide */
#define PDF_QR_QUIET 4	  /* modules */
#define PDF_COLS 84	  /* display columns a body line holds at 11 pt */

struct pdf {
	HPDF_Doc doc;
	HPDF_Page page;
	HPDF_Font font;
	double y; /* baseline of the next line */
	HPDF_STATUS status;
	HPDF_STATUS detail;
};

static void
pdf_error(HPDF_STATUS status, HPDF_STATUS detail, void *ctx)
{
	struct pdf *p = ctx;

	if (p->status == HPDF_OK) {
		p->status = status;
		p->detail = detail;
	}
}

static int
pdf_fail(const struct pdf *p, const char *what, struct fc_error *err)
{
	return fc_error_set(err, FC_E_IO, _("%s: the PDF library failed (error 0x%04X, %u)"), what,
			    (unsigned)p->status, (unsigned)p->detail);
}

static double
pdf_size(enum fc_notice_style style)
{
	static const double size[] = {
	    [FC_NOTICE_TITLE] = 22,
	    [FC_NOTICE_HEAD] = 12,
	    [FC_NOTICE_BODY] = 11,
	    [FC_NOTICE_SMALL] = 9,
	};
	return size[style];
}

/* A new page when less than height points are left above the bottom margin. */
static void
pdf_need(struct pdf *p, double height)
{
	if (p->y - height >= PDF_MARGIN)
		return;
	p->page = HPDF_AddPage(p->doc);
	if (p->page == NULL)
		return;
	HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	p->y = HPDF_Page_GetHeight(p->page) - PDF_MARGIN;
}

static int
pdf_line(enum fc_notice_style style, const char *text, void *ctx, struct fc_error *err)
{
	struct pdf *p = ctx;
	double size = pdf_size(style), x = PDF_MARGIN;

	pdf_need(p, size * 2.6);
	if (p->page == NULL)
		return pdf_fail(p, "page", err);
	p->y -= size * (style == FC_NOTICE_TITLE ? 2.0 : 1.6);
	HPDF_Page_BeginText(p->page);
	HPDF_Page_SetFontAndSize(p->page, p->font, (HPDF_REAL)size);
	if (style == FC_NOTICE_TITLE)
		x = (HPDF_Page_GetWidth(p->page) - HPDF_Page_TextWidth(p->page, text)) / 2;
	HPDF_Page_TextOut(p->page, (HPDF_REAL)x, (HPDF_REAL)p->y, text);
	HPDF_Page_EndText(p->page);
	if (style == FC_NOTICE_TITLE)
		p->y -= size * 0.6;
	return 0;
}

/* The code under the text, its quiet zone kept clear. */
static void
pdf_qr(struct pdf *p, const struct fc_notice_qr *qr)
{
	double side = (qr->width + 2 * PDF_QR_QUIET) * PDF_QR_MODULE;
	double x0 = PDF_MARGIN + PDF_QR_QUIET * PDF_QR_MODULE;
	double top;

	pdf_need(p, 12 + side);
	if (p->page == NULL)
		return;
	top = p->y - 12 - PDF_QR_QUIET * PDF_QR_MODULE;

	for (int y = 0; y < qr->width; y++)
		for (int x = 0; x < qr->width; x++)
			if (qr->dark[y * qr->width + x])
				HPDF_Page_Rectangle(p->page, (HPDF_REAL)(x0 + x * PDF_QR_MODULE),
						    (HPDF_REAL)(top - (y + 1) * PDF_QR_MODULE),
						    (HPDF_REAL)PDF_QR_MODULE,
						    (HPDF_REAL)PDF_QR_MODULE);
	HPDF_Page_Fill(p->page);
	p->y -= 12 + side;
}

static int
pdf_setup(struct pdf *p, const char *font, struct fc_error *err)
{
	const char *name;

	if (access(font, R_OK) != 0)
		return fc_error_set(err, FC_E_NOTFOUND,
				    _("no Chinese font at %s: install fonts-arphic-uming or give "
				      "--font FILE.ttf"),
				    font);
	p->doc = HPDF_New(pdf_error, p);
	if (p->doc == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	size_t len = strlen(font);
	name = len > 4 && strcmp(font + len - 4, ".ttc") == 0
		   ? HPDF_LoadTTFontFromFile2(p->doc, font, 0, HPDF_TRUE)
		   : HPDF_LoadTTFontFromFile(p->doc, font, HPDF_TRUE);
	if (name == NULL || p->status != HPDF_OK)
		return pdf_fail(p, font, err);
	p->font = HPDF_GetFont(p->doc, name, "UTF-8");
	p->page = HPDF_AddPage(p->doc);
	if (p->font == NULL || p->page == NULL || p->status != HPDF_OK)
		return pdf_fail(p, font, err);
	HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	p->y = HPDF_Page_GetHeight(p->page) - PDF_MARGIN;
	return 0;
}

int
fc_notice_pdf(const struct fc_notice *n, const char *path, const char *font, struct fc_error *err)
{
	struct pdf p = {0};
	struct fc_notice_qr qr = {0};
	int ret = -1;

	if (pdf_setup(&p, font, err) != 0 || fc_notice_qr(n, &qr, err) != 0 ||
	    fc_notice_lines(n, PDF_COLS, pdf_line, &p, err) != 0)
		goto out;
	pdf_qr(&p, &qr);
	if (p.status != HPDF_OK) {
		pdf_fail(&p, path, err);
		goto out;
	}
	HPDF_SetInfoAttr(p.doc, HPDF_INFO_TITLE, n->number);
	if (HPDF_SaveToFile(p.doc, path) != HPDF_OK || p.status != HPDF_OK) {
		unlink(path);
		fc_error_set(err, FC_E_IO, _("%s: cannot write the PDF"), path);
		goto out;
	}
	ret = 0;
out:
	fc_notice_qr_release(&qr);
	if (p.doc != NULL)
		HPDF_Free(p.doc);
	return ret;
}
