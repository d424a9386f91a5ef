/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console-notice.c: GET /console/api/notice?id=R, what the console's
 * printable notice of a record shows (docs/notice.md): the rectification
 * notice (隐患整改通知书) or the nobody-home notice (到访不遇通知单) with its
 * number, the household, each hazard with its clause and deadline, the
 * inspector, the time, and the QR code (libqrencode) of this server's
 * /verify/HASH at its public_url, which a household's phone opens. The kind, number and
 * hazards' words and deadlines are core/notice.h's, the same the device
 * prints. The page (web/notice.js) lays it out on A4 for the browser's print.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>
#include <qrencode.h>

#include "core/notice.h"
#include "core/record-model.h"
#include "core/template.h"
#include "server/console.h"
#include "server/store/console.h"

/* The first row of q for one text parameter into *row (NULL: none); -1 answered into *mhd. */
static int
notice_row(struct console_ctx *c, enum fc_scon q, const char *param, json_t **row, int *mhd)
{
	struct fc_scon_param p[] = {{param, 0}};
	struct fc_error err = {0};
	json_t *rows = NULL;

	*row = NULL;
	if (fc_sstore_console(c->r->st, q, p, 1, &rows, &err) != 0) {
		*mhd = fc_console_fail_store(c->r, &err);
		return -1;
	}
	*row = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return 0;
}

/*
 * server.conf's public_url, the address households reach (the same the
 * devices print); without it, this server's address as the browser reached
 * it, https when the trusted proxy says so.
 */
static void
notice_url(struct console_ctx *c, const char *hash, char *out, size_t size)
{
	const char *base = fc_server_public_url(c->r->srv);
	const char *host = MHD_lookup_connection_value(c->r->conn, MHD_HEADER_KIND, "Host");
	const char *proto =
	    MHD_lookup_connection_value(c->r->conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
	int tls = c->r->via_proxy && proto != NULL && strcasecmp(proto, "https") == 0;

	if (base[0] != '\0') {
		snprintf(out, size, "%s/verify/%s", base, hash);
		return;
	}
	/* A Host with anything but a host name, address and port gives no link. */
	if (host == NULL || host[0] == '\0' ||
	    host[strspn(host,
			"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")] !=
		'\0')
		host = "localhost";
	snprintf(out, size, "%s://%s/verify/%s", tls ? "https" : "http", host, hash);
}

/* The QR code of text: {"width": N, "rows": ["0110...", ...]}, 1 for a dark module. */
static json_t *
notice_qr(const char *text)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	json_t *rows = json_array();
	char *line;

	if (qr == NULL || rows == NULL || (line = malloc((size_t)qr->width + 1)) == NULL) {
		if (qr != NULL)
			QRcode_free(qr);
		json_decref(rows);
		return json_null();
	}
	for (int y = 0; y < qr->width; y++) {
		for (int x = 0; x < qr->width; x++)
			line[x] = (qr->data[y * qr->width + x] & 1) ? '1' : '0';
		line[qr->width] = '\0';
		json_array_append_new(rows, json_string(line));
	}
	free(line);
	json_t *out = json_pack("{s:i,s:o}", "width", qr->width, "rows", rows);
	QRcode_free(qr);
	return out;
}

/* Each hazard worded as the device's notice words it (core/notice.h). */
static json_t *
notice_hazards(const struct fc_record_model *m, char deadline[11])
{
	const struct fc_templates *set = fc_console_templates();
	struct fc_error ignore = {0};
	const struct fc_template *tpl =
	    m->template_id[0] != '\0'
		? fc_templates_find(set, m->template_id, m->template_version, &ignore)
		: NULL;
	json_t *out = json_array();
	struct fc_date day;

	deadline[0] = '\0';
	if (fc_date_parse(m->date, &day) != 0)
		return out;
	for (size_t i = 0; i < fc_record_model_hazard_count(m); i++) {
		struct fc_record_hazard h;
		struct fc_notice_hazard nh = {0};

		fc_record_model_hazard(m, i, &h);
		fc_notice_hazard_fill(tpl, &h, &day, NULL, &nh);
		if (deadline[0] == '\0' || strcmp(nh.deadline, deadline) < 0)
			snprintf(deadline, 11, "%s", nh.deadline);
		json_array_append_new(
		    out, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "item", nh.item, "label",
				   nh.label, "severity", nh.severity, "note", nh.note, "clause",
				   nh.clause, "deadline", nh.deadline, "action", nh.action));
	}
	return out;
}

static json_t *
notice_of(struct console_ctx *c, json_t *rec, const struct fc_record_model *m, int *mhd)
{
	const char *hash = json_string_value(json_object_get(rec, "hash"));
	unsigned char raw[FC_HASH_BYTES];
	enum fc_notice_kind kind =
	    fc_notice_kind_of(m->outcome, (long)fc_record_model_hazard_count(m));
	char number[FC_NOTICE_NUMBER_MAX], url[640], deadline[11];
	json_t *hh = NULL;

	if (kind == FC_NOTICE_NONE || hash == NULL || fc_hex_decode(hash, raw, sizeof raw) != 0) {
		*mhd = fc_console_fail(c->r, FC_CERR_NO_NOTICE,
				       json_string_value(json_object_get(rec, "id")));
		return NULL;
	}
	fc_notice_number(kind, m->date, raw, number);
	notice_url(c, hash, url, sizeof url);
	if (m->household[0] != '\0' &&
	    notice_row(c, FC_SCON_HOUSEHOLD, m->household, &hh, mhd) != 0)
		return NULL;
	json_t *out = json_pack(
	    "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o}", "kind", fc_notice_kind_name(kind),
	    "number", number, "record", json_string_value(json_object_get(rec, "id")), "hash", hash,
	    "household", m->household, "address",
	    hh != NULL ? json_string_value(json_object_get(hh, "address")) : "", "resident",
	    hh != NULL ? json_string_value(json_object_get(hh, "resident")) : "", "inspector",
	    m->inspector, "time", m->time, "date", m->date, "url", url, "qr", notice_qr(url));
	json_decref(hh);
	if (out != NULL && kind == FC_NOTICE_RECTIFY) {
		json_object_set_new(out, "hazards", notice_hazards(m, deadline));
		json_object_set_new(out, "deadline", json_string(deadline));
	}
	return out;
}

int
fc_console_notice(struct console_ctx *c)
{
	const char *id = fc_console_arg(c, "id");
	struct fc_record_model m = {0};
	struct fc_error err = {0};
	int mhd = MHD_NO;
	json_t *rec = NULL, *out = NULL;
	const char *body;

	if (notice_row(c, FC_SCON_RECORD, id, &rec, &mhd) != 0)
		return mhd;
	if (rec == NULL)
		return fc_console_fail(c->r, FC_CERR_NO_RECORD, id);
	if (!fc_console_reads(c, rec, &mhd)) {
		json_decref(rec);
		return mhd;
	}
	body = json_string_value(json_object_get(rec, "body"));
	if (body == NULL || fc_record_model_parse(body, strlen(body), &m, &err) != 0) {
		fprintf(stderr, "<3>fieldcheck-server: %s record %s: %s\n", c->r->rid, id, err.msg);
		mhd = fc_console_fail(c->r, FC_CERR_RECORD_UNREADABLE, id);
	} else if ((out = notice_of(c, rec, &m, &mhd)) != NULL)
		mhd = fc_console_json(c->r, MHD_HTTP_OK, json_pack("{s:o}", "notice", out));
	fc_record_model_release(&m);
	json_decref(rec);
	return mhd;
}
