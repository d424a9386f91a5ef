/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console-export.c: GET /console/api/export?what=records|hazards|overdue
 * &format=csv|xlsx[&programme=P][&codes=0|1][&lang=zh|en][&district=D]: the export
 * (export.h) of the account's districts, or of the one it names (403 for
 * another), as a download. The file is written to a temporary file first
 * (rows streamed, memory bounded), unlinked at once and sent from its
 * descriptor; each download is a line in the audit log.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <microhttpd.h>

#include "core/date.h"
#include "core/file.h"
#include "server/console.h"
#include "server/export.h"

static const char *const export_types[] = {
    [FC_EXPORT_CSV] = "text/csv; charset=utf-8",
    [FC_EXPORT_XLSX] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/*
 * Options from the query; 0, or answered 400/403 into *mhd. Each parameter
 * taking a fixed set of words refuses any other (fc_console_choice), as the
 * lists' filters do. The file's language is the request's (?lang=, else the
 * browser's, fc_console_lang), as every other answer of the console.
 */
static int
export_opts(struct console_ctx *c, struct fc_export_opts *o, int *mhd)
{
	static const char *const whats[] = {"records", "hazards", "overdue", NULL};
	static const char *const formats[] = {"csv", "xlsx", NULL};
	static const char *const codes[] = {"0", "1", NULL};
	static const char *const langs[] = {"zh", "en", NULL};
	/* programme is one a held checklist gives (fc_console_held): nothing else reaches the
	 * file's name. */
	const char *district, *what, *format, *programme, *code, *lang;

	if (fc_console_district(c, &district, mhd))
		return -1;
	memset(o, 0, sizeof *o);
	/* what has no default: asked without it, the refusal names the words it takes. */
	if ((what = fc_console_choice(c, "what", whats, mhd)) == NULL ||
	    (format = fc_console_choice(c, "format", formats, mhd)) == NULL ||
	    (programme = fc_console_held(c, "programme", mhd)) == NULL ||
	    (code = fc_console_choice(c, "codes", codes, mhd)) == NULL ||
	    (lang = fc_console_choice(c, "lang", langs, mhd)) == NULL)
		return -1;
	if (fc_export_what_parse(what, &o->what) != 0) {
		*mhd = fc_console_refuse(c, "what", what, whats);
		return -1;
	}
	fc_export_format_parse(format[0] != '\0' ? format : "xlsx", &o->format);
	o->districts = district[0] != '\0' ? district : c->sess.account.districts;
	o->programme = programme;
	o->codes = strcmp(code, "1") == 0;
	o->lang = lang[0] != '\0' ? lang : fc_console_lang(c->r);
	o->now = c->now;
	return 0;
}

static int
export_send(struct console_ctx *c, const struct fc_export_opts *o, int fd)
{
	struct MHD_Response *resp;
	struct stat sb;
	char day[11], disp[160];

	if (fstat(fd, &sb) != 0 ||
	    (resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd)) == NULL) {
		close(fd);
		fprintf(stderr, "<3>fieldcheck-server: %s cannot send the export\n", c->r->rid);
		return fc_console_fail(c->r, FC_CERR_EXPORT_FAILED);
	}
	fc_date_local_day(c->now, 0, day);
	snprintf(disp, sizeof disp, "attachment; filename=\"fieldcheck-%s%s%.16s-%s.%s\"",
		 fc_export_what_name(o->what), o->programme[0] != '\0' ? "-" : "", o->programme,
		 day, fc_export_format_name(o->format));
	fc_console_headers(resp);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, export_types[o->format]);
	MHD_add_response_header(resp, "Content-Disposition", disp);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	return fc_server_respond(c->r, MHD_HTTP_OK, resp);
}

/*
 * A failed export: a programme without a checklist is the request's fault
 * (400); anything else is the server's, whose words go to its log.
 */
static int
export_failed(struct console_ctx *c, const struct fc_export_opts *o, const struct fc_error *err)
{
	if (err->code == FC_E_USAGE)
		return fc_console_fail(c->r, FC_CERR_EXPORT_PROGRAMME, o->programme);
	fprintf(stderr, "<3>fieldcheck-server: %s export: %s\n", c->r->rid, err->msg);
	if (err->code == FC_E_BUSY || err->code == FC_E_FULL || err->code == FC_E_NOMEM)
		return fc_console_fail(c->r, fc_console_err_of(err));
	return fc_console_fail(c->r, FC_CERR_EXPORT_FAILED);
}

int
fc_console_export(struct console_ctx *c)
{
	struct fc_export_opts o;
	struct fc_error err = {0};
	char detail[FC_DISTRICTS_MAX + 128];
	uint64_t rows = 0;
	int mhd = MHD_NO, fd;

	if (export_opts(c, &o, &mhd) != 0)
		return mhd;
	/* The export would refuse it too, in the administrator's language. */
	if (o.what == FC_EXPORT_RECORDS && o.format == FC_EXPORT_CSV && o.programme[0] == '\0')
		return fc_console_fail(c->r, FC_CERR_EXPORT_CSV_ONE);
	if ((fd = fc_export_open(c->r->st, &o, &rows, &err)) < 0)
		return export_failed(c, &o, &err);
	snprintf(detail, sizeof detail, "%s %s%s%s districts %s: %llu rows",
		 fc_export_what_name(o.what), fc_export_format_name(o.format),
		 o.programme[0] != '\0' ? " " : "", o.programme, o.districts,
		 (unsigned long long)rows);
	fc_console_audit(c->r, c->sess.account.name, "console export", detail);
	return export_send(c, &o, fd);
}
