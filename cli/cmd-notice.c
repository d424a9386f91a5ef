/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-notice.c: `fieldcheck notice RECORD-ID`: the paper a household keeps
 * (docs/notice.md): a rectification notice for a record that found hazards,
 * a nobody-home notice for a nobody-home visit, as an A4 PDF or as plain
 * text for a portable printer, with a QR code of the server's verification
 * URL for the record's hash.
 */
#include <errno.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/notice.h"
#include "core/file.h"
#include "cmd.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* Debian's fonts-arphic-uming: a CJK TrueType font libhpdf embeds correctly (the
 * help names it too, written out so that it can be translated whole). */
#define NOTICE_FONT "/usr/share/fonts/truetype/arphic/uming.ttc"
#define NOTICE_TEXT_COLS 48 /* an 80 mm portable printer's line: room for the QR code */

struct notice_opts {
	int text;
	const char *out, *url, *font, *deadline;
	long cols;
};

static int
notice_parse(const struct fc_cmd_args *args, struct notice_opts *o, struct fc_error *err)
{
	const char *width = fc_cmd_opt(args, "width");
	char *end = NULL;

	o->text = fc_cmd_opt(args, "text") != NULL;
	o->out = fc_cmd_opt(args, "out");
	o->url = fc_cmd_opt(args, "url");
	o->font = fc_cmd_opt(args, "font");
	o->deadline = fc_cmd_opt(args, "deadline");
	if (width != NULL &&
	    ((o->cols = strtol(width, &end, 10)) < 16 || o->cols > 200 || *end != '\0'))
		return fc_error_set(err, FC_E_USAGE, _("notice: unknown option or bad value '%s'"),
				    width);
	if (args->argc != 2)
		return fc_error_set(err, FC_E_USAGE, _("notice needs one RECORD-ID"));
	return 0;
}

struct notice_out {
	const struct fc_notice *n;
	const char *font;
	size_t cols;
};

/* fc_file_writer: libharu writes the PDF to a path, the temporary one. */
static int
notice_write_pdf(FILE *f, const char *tmp, void *arg, struct fc_error *err)
{
	const struct notice_out *o = arg;

	(void)f;
	return fc_notice_pdf(o->n, tmp, o->font, err);
}

static int
notice_write_text(FILE *f, const char *tmp, void *arg, struct fc_error *err)
{
	const struct notice_out *o = arg;

	(void)tmp;
	return fc_notice_text(o->n, o->cols, f, err);
}

static int
notice_report(struct fc_app *app, const struct fc_notice *n, const char *file, struct fc_error *err)
{
	json_t *o;
	int ret;

	if (!app->json) {
		fprintf(app->out, "%s\n", file);
		return 0;
	}
	o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s?,s:I,s:b}", "number", n->number, "kind",
		      fc_notice_kind_name(n->kind), "record", n->record_id, "hash", n->hash, "url",
		      n->url, "file", file, "hazards", (json_int_t)n->n_hazards, "synced",
		      n->synced);
	if (o == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	ret = fc_cmd_print_json(app, o, err);
	json_decref(o);
	return ret;
}

static int
cmd_notice_exec(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err)
{
	struct notice_opts o = {.cols = NOTICE_TEXT_COLS};
	struct fc_notice n;
	char path[FC_PATH_MAX];
	const char *font = getenv("FIELDCHECK_NOTICE_FONT");
	int ret;

	if (notice_parse(args, &o, err) != 0)
		return -1;
	if (o.font != NULL)
		font = o.font;
	else if (font == NULL || font[0] == '\0')
		font = NOTICE_FONT;
	if (fc_notice_build(app, args->argv[1], o.url, o.deadline, &n, err) != 0)
		return -1;
	/*
	 * Printed at the door before the day's sync, the notice's QR code finds
	 * nothing yet, and the page tells the household the paper may be forged.
	 */
	if (!n.synced)
		fprintf(stderr,
			_("fieldcheck: note: record %s has not reached the server yet; its QR code "
			  "verifies only once this device has synced (fieldcheck sync)\n"),
			n.record_id);
	if (o.text && (o.out == NULL || strcmp(o.out, "-") == 0)) {
		ret = fc_notice_text(&n, (size_t)o.cols, app->out, err);
		fc_notice_release(&n);
		return ret;
	}
	snprintf(path, sizeof path, "%s", o.out != NULL ? o.out : n.number);
	if (o.out == NULL)
		snprintf(path, sizeof path, "%s.%s", n.number, o.text ? "txt" : "pdf");
	if (fc_cmd_check_out(app, path, err) != 0) {
		fc_notice_release(&n);
		return -1;
	}
	/* Written beside its path and renamed, so a failure leaves no half file. */
	ret = fc_file_replace(path, 0, o.text ? notice_write_text : notice_write_pdf,
			      &(struct notice_out){&n, font, (size_t)o.cols}, err);
	if (ret == 0)
		ret = notice_report(app, &n, path, err);
	fc_notice_release(&n);
	return ret;
}

const struct fc_cmd_entry fc_cmd_notice_entry = {
    .name = "notice",
    .usage = "RECORD-ID [--text] [--out FILE] [--url URL] [--deadline YYYY-MM-DD] "
	     "[--font FILE] [--width N] [--json]",
    .summary = N_("print the household's notice of a record, with a QR code to verify it"),
    .help = N_("A record that found hazards gives a rectification notice (隐患整改通知书), a\n"
	       "nobody-home visit a nobody-home notice (到访不遇通知单); other records none.\n"
	       "The notice is an A4 PDF (default NUMBER.pdf) or, with --text, plain text for a\n"
	       "portable printer (standard output, lines of --width columns, default 48;\n"
	       "a line narrower than the QR code prints the URL alone).\n"
	       "The QR code holds URL/verify/HASH; URL defaults to the enrolled server.\n"
	       "Deadlines: 7 days for stop, major and serious hazards, 30 for others (the\n"
	       "ledger's); --deadline sets them all. --font names a CJK TrueType font\n"
	       "(default $FIELDCHECK_NOTICE_FONT, else\n"
	       "/usr/share/fonts/truetype/arphic/uming.ttc).\n"),
    .flags = FC_CMD_IDENTITY | FC_CMD_JSON,
    .opts =
	(const struct fc_opt[]){
	    {"text", 0},
	    {"out", 1},
	    {"url", 1},
	    {"font", 1},
	    {"width", 1},
	    {"deadline", 1},
	    {NULL, 0},
	},
    .exec = cmd_notice_exec,
};
