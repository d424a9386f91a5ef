/* SPDX-License-Identifier: Apache-2.0 */
/*
 * notice-lines.c: the words of a notice in reading order (cli/notice.h).
 * The paper is for the household, so it is in Chinese whatever the device's
 * language. Text from the record or the registry is cleaned (controls become
 * U+FFFD) and wrapped by display columns, never inside a character. The QR
 * code is made here too, so both renderers carry the same one.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "cli/notice.h"
#include "core/buf.h"
#include "core/utf8.h"

#define _(s) gettext(s)

struct lines {
	size_t cols;
	fc_notice_line_fn fn;
	void *ctx;
	struct fc_error *err;
	int failed;
};

/* n bytes of s into out (size bytes), each control character as U+FFFD; the bytes written. */
static size_t
lines_clean(char *out, size_t size, const char *s, size_t n)
{
	size_t used = 0;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = fc_utf8_decode(s + i, n - i, &cp);
		int bad = cp < 0x20 || (cp >= 0x7f && cp < 0xa0);

		if (used + (bad ? 3 : k) + 1 > size)
			break;
		memcpy(out + used, bad ? "\xef\xbf\xbd" : s + i, bad ? 3 : k);
		used += bad ? 3 : k;
		i += k;
	}
	out[used] = '\0';
	return used;
}

/*
 * Emit text cleaned and wrapped where a line may end (fc_utf8_line: not
 * before a closing mark, not inside a number); continuation lines are
 * indented by indent columns and begin at their first non-space.
 */
static void
lines_add(struct lines *l, enum fc_notice_style style, const char *text, size_t indent)
{
	char line[1024];
	const char *p = text;
	size_t pad = 0;

	do {
		size_t n = fc_utf8_line(p, l->cols - pad, NULL);

		memset(line, ' ', pad);
		lines_clean(line + pad, sizeof line - pad, p, n);
		if (l->fn(style, line, l->ctx, l->err) != 0)
			l->failed = 1;
		p += n;
		p += strspn(p, " ");
		pad = indent;
	} while (*p != '\0' && !l->failed);
}

static void lines_addf(struct lines *l, enum fc_notice_style style, size_t indent, const char *fmt,
		       ...) __attribute__((__format__(printf, 4, 5)));

static void
lines_addf(struct lines *l, enum fc_notice_style style, size_t indent, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	lines_add(l, style, buf, indent);
}

static void
lines_hazards(struct lines *l, const struct fc_notice *n)
{
	lines_addf(l, FC_NOTICE_BODY, 0,
		   "经入户安全检查，发现下列安全隐患。请于整改期限前整改完毕，"
		   "整改期间注意安全；逾期未整改的，将依法处理。");
	for (size_t i = 0; i < n->n_hazards; i++) {
		const struct fc_notice_hazard *h = &n->hazards[i];

		lines_addf(l, FC_NOTICE_BODY, 4, "%zu. %s（%s）【%s】", i + 1, h->label, h->item,
			   h->severity);
		if (h->action[0] != '\0')
			lines_addf(l, FC_NOTICE_BODY, 4, "    %s", h->action);
		if (h->note[0] != '\0')
			lines_addf(l, FC_NOTICE_BODY, 4, "    %s", h->note);
		if (h->clause[0] != '\0')
			lines_addf(l, FC_NOTICE_BODY, 4, "    依据：%s", h->clause);
		lines_addf(l, FC_NOTICE_BODY, 4, "    整改期限：%s", h->deadline);
	}
}

int
fc_notice_lines(const struct fc_notice *n, size_t cols, fc_notice_line_fn fn, void *ctx,
		struct fc_error *err)
{
	struct lines l = {cols < 16 ? 16 : cols, fn, ctx, err, 0};
	int rectify = n->kind == FC_NOTICE_RECTIFY;

	lines_add(&l, FC_NOTICE_TITLE, rectify ? "隐患整改通知书" : "到访不遇通知单", 0);
	lines_addf(&l, FC_NOTICE_HEAD, 0, "编号：%s", n->number);
	lines_addf(&l, FC_NOTICE_HEAD, 0, "住户：%s %s %s", n->household, n->address, n->resident);
	if (rectify)
		lines_hazards(&l, n);
	else
		lines_addf(&l, FC_NOTICE_BODY, 0,
			   "您好！检查员于 %.16s 到访进行安全检查，家中无人。"
			   "请与检查单位联系，预约入户安全检查。",
			   n->time);
	if (n->inspector_name[0] != '\0')
		lines_addf(&l, FC_NOTICE_HEAD, 0, "检查员：%s（编号 %s）", n->inspector_name,
			   n->inspector);
	else
		lines_addf(&l, FC_NOTICE_HEAD, 0, "检查员编号：%s", n->inspector);
	lines_addf(&l, FC_NOTICE_HEAD, 0, "时间：%s", n->time);
	lines_addf(&l, FC_NOTICE_SMALL, 0,
		   "扫描二维码或访问下列网址可核验本通知：核验只显示记录类型、日期、"
		   "检查员编号、辖区和通知编号，不显示住户信息。");
	lines_addf(&l, FC_NOTICE_SMALL, 0, "%s", n->url);
	return l.failed ? -1 : 0;
}

int
fc_notice_wrap(enum fc_notice_style style, const char *text, size_t cols, fc_notice_line_fn fn,
	       void *ctx, struct fc_error *err)
{
	struct lines l = {cols < 16 ? 16 : cols, fn, ctx, err, 0};

	lines_add(&l, style, text, 0);
	return l.failed ? -1 : 0;
}

int
fc_notice_qr(const struct fc_notice *n, struct fc_notice_qr *out, struct fc_error *err)
{
	QRcode *q = QRcode_encodeString(n->url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);

	memset(out, 0, sizeof *out);
	if (q == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("cannot make the QR code of %s"), n->url);
	out->dark = malloc((size_t)q->width * (size_t)q->width);
	if (out->dark == NULL) {
		QRcode_free(q);
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	}
	out->width = q->width;
	for (int i = 0; i < q->width * q->width; i++)
		out->dark[i] = q->data[i] & 1;
	QRcode_free(q);
	return 0;
}

void
fc_notice_qr_release(struct fc_notice_qr *qr)
{
	free(qr->dark);
	qr->dark = NULL;
}
