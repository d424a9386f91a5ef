/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verify-page.c: GET /verify/HASH as a page for people (docs/notice.md). The
 * QR code on a notice is opened by a phone's browser, which asks for
 * text/html; it gets this page, in Chinese or English (?lang=zh|en, else the
 * browser's Accept-Language, Chinese when it names none). Scripts and curl
 * get the JSON as before. The page says exactly what the JSON says and
 * nothing more: no answers, name, address or phone. It loads nothing (no
 * script, no image, no font) and says so in its Content-Security-Policy.
 * A real record's code copied onto a forged or altered paper verifies too,
 * so the page asks the household to compare the paper's number and date.
 */
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "core/buf.h"
#include "server/verify-page.h"

struct page_text {
	const char *title, *found, *not_found, *bad, *type, *date, *inspector, *district, *notice,
	    *advice_found, *advice_not, *other;
	const char *types[4][2]; /* record type -> words */
	const char *kinds[2][2]; /* notice kind -> words */
	const char *busy;	 /* a format: %d seconds */
};

static const struct page_text page_zh = {
    "检查记录核验",
    "✓ 此记录真实存在：由登记在册的检查员提交，并经服务器验证签名。",
    "✗ 系统中没有此记录。",
    "✗ 这不是有效的记录编码（应为 64 位十六进制）。",
    "类型",
    "日期",
    "检查员编号",
    "区域",
    "通知书",
    "请核对：纸面上的通知书编号和日期须与上面一致（上面没有“通知书”一栏的，此记录未出具通知书），"
    "上门人员出示的证件编号须与上面的检查员编号一致。不一致的可能是伪造或篡改的通知书：请勿付款或"
    "购买产品，并向社区或燃气公司核实。本页不显示住户姓名、电话、地址或检查内容。",
    "此通知书可能不是本系统出具的。刚开具的通知书要等检查员的设备同步后（通常当天）才能查到，在此之"
    "前"
    "同样请勿向上门人员付款或购买产品，并向社区或燃气公司核实。",
    "English",
    {{"inspection", "入户检查"},
     {"visit", "到访（不遇或拒绝入户）"},
     {"followup", "隐患复查"},
     {"correction", "更正记录"}},
    {{"rectification", "隐患整改通知书"}, {"not_met", "到访不遇通知单"}},
    "本网络核验次数过多（同一网络可能有很多人在核验），请在 %d "
    "秒后刷新本页。这不说明通知书的真伪。",
};

static const struct page_text page_en = {
    "Inspection record check",
    "✓ This record exists: filed by an enrolled inspector, its signature verified by the server.",
    "✗ There is no such record in the system.",
    "✗ This is not a valid record code (64 hexadecimal digits).",
    "Type",
    "Date",
    "Inspector id",
    "District",
    "Notice",
    "Check that the notice number and date on your paper match those above (a record without a "
    "notice row gave no notice), and that the id on the visitor's card matches the inspector id "
    "above. If they differ the paper may be forged or altered: pay nothing and buy nothing, and "
    "check with your community office or the gas company. This page shows no resident's name, "
    "phone, address or answers.",
    "This notice may not come from this system. A notice just issued is found only once the "
    "inspector's device has synced (usually the same day); until then too, pay nothing and buy "
    "nothing from the visitor, and check with your community office or the gas company.",
    "中文",
    {{"inspection", "household inspection"},
     {"visit", "visit (nobody home or refused)"},
     {"followup", "hazard follow-up"},
     {"correction", "correction"}},
    {{"rectification", "rectification notice"}, {"not_met", "nobody-home notice"}},
    "Too many checks from this network (many people may be sharing it): reload this page in %d "
    "seconds. This says nothing about whether the notice is genuine.",
};

/* text, HTML-escaped, onto b. */
static int
page_esc(struct fc_buf *b, const char *text, struct fc_error *err)
{
	for (const char *p = text; *p != '\0'; p++) {
		const char *rep = *p == '<'    ? "&lt;"
				  : *p == '>'  ? "&gt;"
				  : *p == '&'  ? "&amp;"
				  : *p == '"'  ? "&quot;"
				  : *p == '\'' ? "&#39;"
					       : NULL;
		if ((rep != NULL ? fc_buf_adds(b, rep, err) : fc_buf_add(b, p, 1, err)) != 0)
			return -1;
	}
	return 0;
}

static const char *
page_word(const char *const (*table)[2], size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(table[i][0], key) == 0)
			return table[i][1];
	return key;
}

/* One "label: value" row. */
static int
page_row(struct fc_buf *b, const char *label, const char *value, struct fc_error *err)
{
	return fc_buf_adds(b, "<tr><th>", err) != 0 || page_esc(b, label, err) != 0 ||
		       fc_buf_adds(b, "</th><td>", err) != 0 || page_esc(b, value, err) != 0 ||
		       fc_buf_adds(b, "</td></tr>\n", err) != 0
		   ? -1
		   : 0;
}

static int
page_found(struct fc_buf *b, const struct page_text *t, const struct fc_verify_view *v,
	   struct fc_error *err)
{
	char notice[128];

	snprintf(notice, sizeof notice, "%s %s", page_word(t->kinds, 2, v->notice_kind),
		 v->notice_number);
	if (fc_buf_addf(b, err, "<p class=\"ok\">%s</p>\n<table>\n", t->found) != 0 ||
	    page_row(b, t->type, page_word(t->types, 4, v->type), err) != 0 ||
	    page_row(b, t->date, v->date, err) != 0 ||
	    page_row(b, t->inspector, v->inspector, err) != 0 ||
	    page_row(b, t->district, v->district, err) != 0 ||
	    (v->notice_number[0] != '\0' && page_row(b, t->notice, notice, err) != 0))
		return -1;
	return fc_buf_addf(b, err, "</table>\n<p>%s</p>\n", t->advice_found);
}

int
fc_verify_page(const struct fc_verify_view *v, const char *lang, char **out, size_t *len,
	       struct fc_error *err)
{
	const struct page_text *t = strcmp(lang, "en") == 0 ? &page_en : &page_zh;
	struct fc_buf b = FC_BUF_INIT;
	int ret;

	ret = fc_buf_addf(&b, err,
			  "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
			  "<meta name=\"viewport\" content=\"width=device-width\">"
			  "<title>%s</title><style>body{font:1.1em sans-serif;margin:1em;"
			  "max-width:40em}.ok{color:#060;font-weight:bold}.no{color:#a00;"
			  "font-weight:bold}th{text-align:left;padding-right:1em}"
			  "code{word-break:break-all}</style></head><body>\n<h1>%s</h1>\n",
			  strcmp(lang, "en") == 0 ? "en" : "zh-CN", t->title, t->title);
	if (ret == 0 && v->status == FC_VERIFY_FOUND)
		ret = page_found(&b, t, v, err);
	else if (ret == 0 && v->status == FC_VERIFY_BUSY)
		ret = fc_buf_adds(&b, "<p>", err) != 0 ||
			      fc_buf_addf(&b, err, t->busy, v->retry_after) != 0 ||
			      fc_buf_adds(&b, "</p>\n", err) != 0
			  ? -1
			  : 0;
	else if (ret == 0)
		ret =
		    fc_buf_addf(&b, err, "<p class=\"no\">%s</p>\n<p>%s</p>\n",
				v->status == FC_VERIFY_BAD ? t->bad : t->not_found, t->advice_not);
	if (ret == 0 && v->status != FC_VERIFY_BAD && v->status != FC_VERIFY_BUSY)
		ret = fc_buf_adds(&b, "<p><code>", err) != 0 || page_esc(&b, v->hash, err) != 0 ||
			      fc_buf_adds(&b, "</code></p>\n", err) != 0
			  ? -1
			  : 0;
	if (ret == 0)
		ret = fc_buf_addf(&b, err, "<p><a href=\"?lang=%s\">%s</a></p>\n</body></html>\n",
				  strcmp(lang, "en") == 0 ? "zh" : "en", t->other);
	if (ret != 0) {
		fc_buf_release(&b);
		return -1;
	}
	*out = fc_buf_detach(&b, len);
	return 0;
}

/* "zh" or "en": ?lang= first, then the first of Accept-Language's, then Chinese. */
const char *
fc_verify_lang(const char *query_lang, const char *accept_language)
{
	if (query_lang != NULL && (strcmp(query_lang, "en") == 0 || strcmp(query_lang, "zh") == 0))
		return strcmp(query_lang, "en") == 0 ? "en" : "zh";
	for (const char *p = accept_language; p != NULL && *p != '\0';) {
		p += strspn(p, " ,");
		if (strncmp(p, "zh", 2) == 0)
			return "zh";
		if (strncmp(p, "en", 2) == 0)
			return "en";
		p = strchr(p, ',');
	}
	return "zh";
}
