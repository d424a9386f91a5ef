/* SPDX-License-Identifier: Apache-2.0 */
/*
 * export-cmd.c: `fieldcheck-server export records|hazards|overdue`, the
 * console's exports (export.h) from the command line, for scripts and for
 * an administrator. The scope rule is the console's: --as NAME exports what
 * that console account sees, and a --district outside it is refused; without
 * --as the administrator on the server sees every district. --out - writes
 * the file to standard output, so an administrator running this as the
 * service's user (sudo -u fieldcheck) gets it in their own shell's folder.
 */
#include <fcntl.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/date.h"
#include "core/file.h"
#include "core/ids.h"
#include "core/opts.h"
#include "server/admin.h"
#include "server/console.h"
#include "server/export-cmd.h"
#include "server/export.h"
#include "server/store/accounts.h"

#define _(s) gettext(s)

static const char *
export_usage(void)
{
	return _("usage: export records|hazards|overdue [--format csv|xlsx] [--out FILE] "
		 "[--programme P] [--codes] [--lang zh|en] [--district D[,D...]] [--as ACCOUNT]");
}

struct export_args {
	struct fc_export_opts o;
	const char *out, *district, *as;
	char districts[FC_DISTRICTS_MAX];
	char path[4096];
};

/* The districts exported: each of --district (checked, and within --as), else --as's, else all. */
static int
export_scope(struct fc_sstore *st, struct export_args *a, struct fc_error *err)
{
	struct fc_saccount acc = {0};
	char one[FC_ID_MAX];

	snprintf(a->districts, sizeof a->districts, "%s", "*");
	if (a->as != NULL) {
		if (fc_sstore_account_get(st, a->as, &acc, err) != 0)
			return fc_error_prefix(err, "--as %s", a->as);
		snprintf(a->districts, sizeof a->districts, "%s", acc.districts);
	}
	for (const char *p = a->district; p != NULL && *p != '\0';) {
		size_t len = strcspn(p, ",");

		snprintf(one, sizeof one, "%.*s", (int)(len < sizeof one ? len : sizeof one - 1),
			 p);
		if (fc_id_check_district(one, err) != 0)
			return fc_error_prefix(err, "--district");
		if (a->as != NULL && !fc_saccount_sees(&acc, one))
			return fc_error_set(err, FC_E_REFUSED,
					    _("%s may not see district %s (theirs: %s)"), a->as,
					    one, acc.districts);
		p += len + (p[len] == ',');
	}
	if (a->district != NULL && a->district[0] != '\0')
		snprintf(a->districts, sizeof a->districts, "%s", a->district);
	return 0;
}

static int
export_parse(struct export_args *a, const struct fc_server_args *cmd, struct fc_error *err)
{
	const char *format = fc_server_opt(cmd, "format"), *lang = fc_server_opt(cmd, "lang");
	const char *programme = fc_server_opt(cmd, "programme");

	a->o.format = FC_EXPORT_CSV;
	if (format != NULL && fc_export_format_parse(format, &a->o.format) != 0)
		return fc_error_set(err, FC_E_USAGE, _("export: --format is csv or xlsx"));
	if (lang != NULL && strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0)
		return fc_error_set(err, FC_E_USAGE, _("export: --lang is zh or en"));
	a->o.lang = lang != NULL ? lang : "zh";
	a->o.programme = programme != NULL ? programme : "";
	a->o.codes = fc_server_opt(cmd, "codes") != NULL;
	a->out = fc_server_opt(cmd, "out");
	a->district = fc_server_opt(cmd, "district");
	a->as = fc_server_opt(cmd, "as");
	if (cmd->argc != 2 || fc_export_what_parse(cmd->argv[1], &a->o.what) != 0)
		return fc_error_set(err, FC_E_USAGE, "%s", export_usage());
	return 0;
}

struct export_write {
	struct fc_sstore *st;
	const struct fc_export_opts *o;
	uint64_t rows;
};

/* fc_file_replace's writer: the export goes to the temporary file by its name. */
static int
export_writer(FILE *f, const char *tmp, void *arg, struct fc_error *err)
{
	struct export_write *w = arg;

	(void)f;
	return fc_export_write(w->st, w->o, tmp, &w->rows, err);
}

/* --out -: the export is written to a scratch file (fc_export_open) and copied to standard output.
 */
static int
export_stdout(struct export_write *w, struct fc_error *err)
{
	char buf[65536];
	ssize_t n = 0;
	int fd, ret = 0;

	if ((fd = fc_export_open(w->st, w->o, &w->rows, err)) < 0)
		return -1;
	while (ret == 0 && (n = read(fd, buf, sizeof buf)) > 0)
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			ret = fc_error_set(err, FC_E_IO, _("standard output: write failed"));
	if (ret == 0 && (n < 0 || fflush(stdout) != 0))
		ret = fc_error_set(err, FC_E_IO, _("standard output: write failed"));
	close(fd);
	return ret;
}

int
fc_server_export_cmd(struct fc_sstore *st, const struct fc_server_args *cmd, struct fc_error *err)
{
	struct export_args a = {0};
	struct export_write w = {st, &a.o, 0};
	char day[11];
	int to_stdout;

	if (export_parse(&a, cmd, err) != 0 || export_scope(st, &a, err) != 0)
		return -1;
	a.o.districts = a.districts;
	a.o.now = time(NULL);
	fc_console_strings_init();
	fc_date_local_day(a.o.now, 0, day);
	if (a.out == NULL)
		snprintf(a.path, sizeof a.path, "fieldcheck-%s%s%s-%s.%s",
			 fc_export_what_name(a.o.what), a.o.programme[0] != '\0' ? "-" : "",
			 a.o.programme, day, fc_export_format_name(a.o.format));
	else
		snprintf(a.path, sizeof a.path, "%s", a.out);
	to_stdout = strcmp(a.path, "-") == 0;
	/* A failed export leaves no half file, and an older file at the path as it was. */
	if (to_stdout ? export_stdout(&w, err) != 0
		      : fc_file_replace(a.path, 0, export_writer, &w, err) != 0)
		return fc_error_prefix(err, "export %s", a.path);
	/* District data taken off the server, as a console download is (console export). */
	if (fc_server_audit(st, err, "export", "%s%s%s %s districts %s%s%s: %llu rows to %s",
			    fc_export_what_name(a.o.what), a.o.programme[0] != '\0' ? " " : "",
			    a.o.programme, fc_export_format_name(a.o.format), a.o.districts,
			    a.as != NULL ? " as " : "", a.as != NULL ? a.as : "",
			    (unsigned long long)w.rows,
			    to_stdout ? "standard output" : a.path) != 0)
		return fc_error_prefix(err, "export %s", a.path);
	fprintf(to_stdout ? stderr : stdout, _("%s: %llu rows (%s, districts %s)\n"), a.path,
		(unsigned long long)w.rows, fc_export_what_name(a.o.what), a.o.districts);
	return 0;
}
