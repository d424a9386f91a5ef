/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console-export.c: GET /console/api/export?what=records|hazards|overdue
 * &format=csv|xlsx[&programme=P][&codes=1][&district=D]: the export
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

#include "core/file.h"
#include "server/console.h"
#include "server/export.h"

static const char *const export_types[] = {
    [FC_EXPORT_CSV] = "text/csv; charset=utf-8",
    [FC_EXPORT_XLSX] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

static const char *
export_arg(struct console_ctx *c, const char *name, const char *dflt)
{
	const char *v = fc_server_arg(c->r, name);

	return v != NULL && *v != '\0' ? v : dflt;
}

/* Options from the query; 0, or answered 400/403 into *mhd. */
static int
export_opts(struct console_ctx *c, struct fc_export_opts *o, int *mhd)
{
	const char *district, *lang = export_arg(c, "lang", "zh");

	if (fc_console_district(c, &district, mhd))
		return -1;
	memset(o, 0, sizeof *o);
	if (fc_export_what_parse(export_arg(c, "what", ""), &o->what) != 0 ||
	    fc_export_format_parse(export_arg(c, "format", "xlsx"), &o->format) != 0) {
		*mhd = fc_console_fail(c->r, FC_CERR_EXPORT_ARGS);
		return -1;
	}
	o->districts = district[0] != '\0' ? district : c->sess.account.districts;
	o->programme = export_arg(c, "programme", "");
	o->codes = strcmp(export_arg(c, "codes", "0"), "1") == 0;
	o->lang = strcmp(lang, "en") == 0 ? "en" : "zh";
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
	fc_sstore_day(c->now, 0, day);
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
	/* A programme name reaches a file name: only a checklist programme's letters pass. */
	if (strspn(o.programme, "abcdefghijklmnopqrstuvwxyz") != strlen(o.programme))
		return fc_console_fail(c->r, FC_CERR_EXPORT_PROGRAMME, o.programme);
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
