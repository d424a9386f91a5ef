/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main.c: `fieldcheck-server`, the central server's command line:
 * serve, enrol and revoke inspectors, import the household registry, add
 * templates, verify every stored record, and show what the store holds.
 *
 * Only this file turns an error into output and an exit status (0 success, 1
 * what was checked is wrong or the command failed, 2 bad usage), as
 * `fieldcheck-server: <what>: <why>` on stderr.
 */
#include <libintl.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "core/chain.h"
#include "core/datadir.h"
#include "core/ids.h"
#include "core/opts.h"
#include "core/sign.h"
#include "core/template.h"
#include "core/utf8.h"
#include "server/admin.h"
#include "server/backup.h"
#include "server/cmd.h"
#include "server/conf.h"
#include "server/households.h"
#include "server/export-cmd.h"
#include "server/review-cmd.h"
#include "server/warn-cmd.h"
#include "server/store/review.h"
#include "server/store/store.h"
#include "server/logline.h"
#include "server/server.h"
#include "server/user.h"

#define _(s) gettext(s)
#define N_(s) (s)

#define SERVER_DB_DEFAULT "fieldcheck-server.db"
#define SERVER_PHOTOS_DEFAULT "fieldcheck-server-photos"

/*
 * The usage, one row a line of the command list: the command's name, then
 * what to type after it and what it does, each translated (po/zh_CN.po keeps
 * command names, option names and literal values such as `supervisor` as they
 * are; only the placeholders and the words change). The columns are laid out
 * here by screen width, so a translation needs no spaces counted.
 */
struct main_usage_row {
	const char *cmd;     /* the command on its first line; NULL on a further line of it */
	const char *syntax;  /* what follows the command's name ("" for nothing) */
	const char *summary; /* what it does, "" for nothing yet; "\n" starts a further line */
};

/* TRANSLATORS: the rows of `fieldcheck-server --help`. Keep every command name, option
 * (--inspector) and literal value (supervisor, city, csv, accepted) as it is. */
static const struct main_usage_row main_usage_rows[] = {
    {"serve", N_("[--listen ADDR:PORT] [--trusted-proxy ADDR]"),
     N_("answer devices (default 127.0.0.1:8470); log\n"
	"the X-Forwarded-For of requests from ADDR")},
    {NULL, N_("[--per-ip-limit N]"), N_("connections one address may hold (64; 0 = any)")},
    {NULL, N_("[--header-timeout S]"), N_("header deadline, idle s before auth (10)")},
    {NULL, N_("[--verify-limit N]"), N_("/verify/ asks per minute per address (30)")},
    {NULL, N_("[--web DIR]"), N_("the console's files (default %s)")},
    {NULL, N_("[--public-url URL]"), N_("where households reach /verify/ (notices' QR)")},
    {NULL, N_("[--warnings FILE]"), N_("raise and send warnings by FILE's rules")},
    {NULL, N_("[--warnings-every S]"), N_("every S seconds (60)")},
    {"enroll", N_("--inspector ID --name NAME --district D[,D2] [--role inspector|supervisor]"),
     ""},
    {NULL, N_("[--expires DURATION]"), N_("print a one-time enrolment code (default 24h)")},
    {"revoke", N_("--inspector ID"),
     N_("refuse every device of an inspector, void\ntheir pending enrolment codes")},
    {"revoke", N_("--device ID"), N_("refuse one device (a lost handheld)")},
    {"unrevoke", N_("--inspector ID | --device ID"),
     N_("lift a revocation (enrolling never does)")},
    {"inspectors", N_("list [--json]"),
     N_("every inspector: status, devices, records,\nlast sync, pending codes")},
    {"devices", N_("list [--inspector ID] [--json]"),
     N_("every device: last sync, records, revoked")},
    {"codes", N_("list [--inspector ID] [--all] [--json]"),
     N_("pending enrolment codes (--all: every one)")},
    {"codes", N_("cancel REF|CODE | --inspector ID"),
     N_("cancel a pending code, or all of an inspector's")},
    {"audit", N_("[--since YYYY-MM-DD] [--csv|--json]"),
     N_("who did what to the store, when, from where")},
    {"households", N_("import FILE.csv"), N_("add or update the household registry")},
    {"templates", N_("add FILE.json"), N_("offer a checklist template to devices")},
    {"user", N_("add NAME --role supervisor --districts D1[,D2] | --role city [--password-stdin]"),
     N_("a console account (password under Argon2id)")},
    {"user", N_("passwd NAME [--password-stdin]"),
     N_("a new password; ends the account's sessions")},
    {"user", N_("disable|enable NAME"), N_("stop (and log out) or allow an account")},
    {"user", N_("list [--json]"), N_("the console accounts")},
    {"export", N_("records|hazards|overdue [--format csv|xlsx] [--out FILE] [--programme P]"), ""},
    {NULL, N_("[--codes] [--lang zh|en] [--district D[,D]] [--as ACCOUNT]"),
     N_("the console's exports (docs/console.md)")},
    {"verify", "", N_("re-check every stored signature and chain")},
    {"status", N_("[--json]"), N_("what the store holds")},
    {"rebuild-aggregates", N_("[--check]"),
     N_("recount the summary's counters from the\n"
	"records (--check: only compare, change nothing)")},
    {"review", N_("RECORD-ID accepted|returned [--comment TEXT] [--by NAME]"),
     N_("a review signed with the server key")},
    {"reviews", N_("[--record ID] [--state S] [--json]"),
     N_("the reviews, and which returns were answered")},
    {"warnings", N_("run|deliver [--rules FILE]"),
     N_("raise warnings by the rules; send them, signed")},
    {"warnings", N_("list [--state S] [--json]"), N_("warnings and their deliveries")},
    {"warnings", N_("redeliver ID [--receiver R]"), N_("send a warning again")},
    {"backup", N_("DIR [--keep N]"),
     N_("a checked copy of the live store in DIR (SQLite:\n"
	"verified; PostgreSQL: pg_dump, read back whole);\n"
	"keep the newest N copies")},
    {"migrate-store", N_("--from FILE.db --to postgresql://..."),
     N_("move a SQLite store into an empty PostgreSQL\n"
	"one and check every record arrived intact")},
};

/* Where a row's summary starts, in screen columns: a longer left side puts it on the next line. */
#define USAGE_SUMMARY_COL 41

/*
 * One row: its left side (the command's name, or as many spaces on a further
 * line of it, then the syntax), then the summary at USAGE_SUMMARY_COL.
 */
static void
main_usage_row(FILE *fp, const char *cmd, const struct main_usage_row *row)
{
	const char *syntax = row->syntax[0] != '\0' ? _(row->syntax) : "";
	const char *sum = row->summary[0] != '\0' ? _(row->summary) : "";
	char left[512], web[256];
	size_t cols;

	if (row->cmd != NULL)
		snprintf(left, sizeof left, "  %s%s%s", row->cmd, syntax[0] != '\0' ? " " : "",
			 syntax);
	else
		snprintf(left, sizeof left, "  %*s%s", (int)strlen(cmd) + 1, "", syntax);
	/* The one summary with a value in it: the console's files' folder. */
	if (strstr(row->summary, "%s") != NULL) {
		snprintf(web, sizeof web, sum, FC_WEBDIR);
		sum = web;
	}
	fputs(left, fp);
	cols = fc_utf8_cols(left);
	if (sum[0] == '\0') {
		fputc('\n', fp);
		return;
	}
	if (cols >= USAGE_SUMMARY_COL) {
		fputc('\n', fp);
		cols = 0;
	}
	for (const char *p = sum; *p != '\0';) {
		size_t len = strcspn(p, "\n");

		fprintf(fp, "%*s%.*s\n", (int)(USAGE_SUMMARY_COL - cols), "", (int)len, p);
		cols = 0;
		p += len + (p[len] == '\n');
	}
}

/* The whole usage: what --help prints (stdout), or bad usage of no known command (stderr). */
static void
main_help(FILE *fp)
{
	const char *cmd = "";

	fputs(_("usage: fieldcheck-server [--config FILE] [--db FILE] COMMAND [ARGS]\n"
		"\n"
		"Commands:\n"),
	      fp);
	for (size_t i = 0; i < sizeof main_usage_rows / sizeof main_usage_rows[0]; i++) {
		if (main_usage_rows[i].cmd != NULL)
			cmd = main_usage_rows[i].cmd;
		main_usage_row(fp, cmd, &main_usage_rows[i]);
	}
	fprintf(fp,
		_("\n"
		  "--version prints the program's version.\n"
		  "--config FILE: the settings (key = value), default $FIELDCHECK_SERVER_CONFIG, "
		  "else\n"
		  "%s if it exists; options and the environment override it.\n"
		  "--db FILE defaults to $FIELDCHECK_SERVER_DB, else the settings' database, else\n"
		  "./%s.\n"
		  "--db postgresql://USER@HOST:PORT/DB uses PostgreSQL instead; several servers "
		  "may share\n"
		  "it. Photos then go to $FIELDCHECK_SERVER_PHOTOS, else ./%s.\n"),
		FC_CONF_DEFAULT, SERVER_DB_DEFAULT, SERVER_PHOTOS_DEFAULT);
}

/*
 * After a bad use of cmd, its own rows of the usage (every "user ..." for
 * user), not all sixty: the error above them stays on the screen. The whole
 * text when cmd is none of them.
 */
static void
main_usage_of(const char *cmd)
{
	int shown = 0, in = 0;

	for (size_t i = 0; i < sizeof main_usage_rows / sizeof main_usage_rows[0]; i++) {
		const struct main_usage_row *row = &main_usage_rows[i];

		if (row->cmd != NULL)
			in = strcmp(row->cmd, cmd) == 0;
		if (!in)
			continue;
		if (!shown)
			fputs(_("usage:\n"), stderr);
		main_usage_row(stderr, cmd, row);
		shown = 1;
	}
	if (shown)
		fputs(_("'fieldcheck-server --help' lists every command and option.\n"), stderr);
	else
		main_help(stderr);
}

/* The settings file, read once in main() before any command runs. */
static struct fc_conf main_conf;

static int
main_usage(struct fc_error *err, const char *what)
{
	return fc_error_set(err, FC_E_USAGE, "%s", what);
}

/* serve */

/* The number s (NULL: not given, *out kept) from min to max, or bad usage naming --name. */
static int
main_number(const char *name, const char *s, long min, long max, long *out, struct fc_error *err)
{
	char *end = NULL;
	long v;

	if (s == NULL)
		return 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || v < min || v > max)
		return fc_error_set(err, FC_E_USAGE,
				    _("--%s must be a whole number from %ld to %ld"), name, min,
				    max);
	*out = v;
	return 0;
}

/* What serve's options and the settings file say; serve's own are warnings and every. */
struct serve_opts {
	struct fc_server_config cfg;
	const char *warnings;
	long every;
};

/* The settings file first (fc_conf_serve): an option given overrides it. */
static int
main_serve_options(const struct fc_server_args *a, struct serve_opts *o, struct fc_error *err)
{
	struct fc_server_config *cfg = &o->cfg;
	long per_ip = -2, timeout = -2, verify = -2;
	/* Where each option's value goes. */
	const struct {
		const char *name;
		const char **to;
	} text[] = {{"listen", &cfg->listen},
		    {"trusted-proxy", &cfg->trusted_proxy},
		    {"web", &cfg->web_dir},
		    {"public-url", &cfg->public_url},
		    {"warnings", &o->warnings}};
	const struct {
		const char *name;
		long min, max, *to;
	} num[] = {{"per-ip-limit", 0, FC_CONNECTION_LIMIT, &per_ip},
		   {"header-timeout", 1, 600, &timeout},
		   {"verify-limit", 1, 100000, &verify},
		   {"warnings-every", 1, 86400, &o->every}};

	fc_conf_serve(&main_conf, cfg);
	if (a->argc != 1)
		return main_usage(err, _("serve takes no arguments besides its options"));
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
		if (fc_server_opt(a, text[i].name) != NULL)
			*text[i].to = fc_server_opt(a, text[i].name);
	for (size_t i = 0; i < sizeof num / sizeof num[0]; i++)
		if (main_number(num[i].name, fc_server_opt(a, num[i].name), num[i].min, num[i].max,
				num[i].to, err) != 0)
			return -1;
	/* -2: not given. 0 per address means no limit, which the server spells -1. */
	if (per_ip != -2)
		cfg->per_ip_limit = per_ip == 0 ? -1 : (int)per_ip;
	if (timeout != -2)
		cfg->header_timeout = (unsigned)timeout;
	if (verify != -2)
		cfg->verify_limit = (int)verify;
	return 0;
}

/* The rules file serve --warnings names, checked against the checklists the store holds. */
static int
main_serve_rules(const char *db, const char *path, struct fc_warn_rules *rules,
		 struct fc_error *err)
{
	struct fc_sstore *st = NULL;
	int ret;

	if (fc_warn_rules_load(path, rules, err) != 0 || fc_sstore_open(db, &st, err) != 0)
		return -1;
	ret = fc_warn_rules_check(st, rules, err);
	fc_sstore_close(st);
	return ret;
}

/*
 * A line of serve's in the journal, <5> (sd-daemon(3) priority "notice") in
 * front, written at once: request threads write their lines meanwhile.
 */
static void __attribute__((format(printf, 1, 2))) main_notice(const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "<5>fieldcheck-server: %s\n", line);
}

static int
main_serve(const char *db, const struct fc_server_args *a, struct fc_error *err)
{
	struct serve_opts o = {.cfg = {.db_path = db}, .every = 60};
	struct fc_server_config *cfg = &o.cfg;
	struct fc_warn_loop *loop = NULL;
	struct fc_warn_rules rules;
	const char *photos = getenv("FIELDCHECK_SERVER_PHOTOS");
	struct fc_server *srv = NULL;
	sigset_t set;
	int sig = 0;

	if (main_serve_options(a, &o, err) != 0)
		return -1;
	/*
	 * Photos are files beside a SQLite store; with PostgreSQL they go where
	 * $FIELDCHECK_SERVER_PHOTOS says (a directory every process shares).
	 */
	if (photos != NULL && photos[0] != '\0')
		cfg->photo_dir = photos;
	if (cfg->photo_dir == NULL && fc_sstore_is_pg(db))
		cfg->photo_dir = SERVER_PHOTOS_DEFAULT;
	/* Block the stop signals before any thread starts, so only sigwait sees them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* A rules file that is wrong stops the start: a warning nobody gets is worse. */
	if (o.warnings != NULL && main_serve_rules(db, o.warnings, &rules, err) != 0)
		return -1;
	if (fc_server_start(cfg, &srv, err) != 0)
		return -1;
	if (o.warnings != NULL && fc_warn_loop_start(db, &rules, (int)o.every, &loop, err) != 0) {
		fc_server_stop(srv);
		return -1;
	}
	main_notice(_("listening on http://%s (store %s)"),
		    cfg->listen != NULL ? cfg->listen : "127.0.0.1:8470", db);
	/* SIGHUP closes idle store connections (reopened on demand) and goes on serving. */
	while (sigwait(&set, &sig) == 0 && sig == SIGHUP) {
		fc_server_reopen(srv);
		main_notice("%s", _("hangup: store connections reopened; still serving"));
	}
	main_notice(_("stopping (signal %d)"), sig);
	fc_warn_loop_stop(loop);
	fc_server_stop(srv);
	return 0;
}

/* enroll and revoke */

/* An enrolment code is handed to one person for one device: days, not years. */
#define ENROL_EXPIRES_MAX (30L * 86400)

/* "24h", "30m", "7d", "90s" or plain seconds, from 1 s to ENROL_EXPIRES_MAX. */
static int
main_duration(const char *s, long *out)
{
	char *end = NULL;
	long n = strtol(s, &end, 10), unit = 1;

	if (end == s || n <= 0)
		return -1;
	if (*end == 'd')
		unit = 86400;
	else if (*end == 'h')
		unit = 3600;
	else if (*end == 'm')
		unit = 60;
	else if (*end != 's' && *end != '\0')
		return -1;
	if (*end != '\0' && end[1] != '\0')
		return -1;
	/* Compared before multiplying: 9999999999999d must not wrap around. */
	if (n > ENROL_EXPIRES_MAX / unit)
		return -1;
	*out = n * unit;
	return 0;
}

/*
 * The inspector as stored before this enrolment (*had 0: a new one). A
 * revoked inspector gets no code: enrolling again must not look like lifting it.
 */
static int
main_enroll_old(struct fc_sstore *st, const char *id, struct fc_sinspector *old, int *had,
		struct fc_error *err)
{
	*had = 0;
	if (fc_sstore_get_inspector(st, id, old, err) != 0)
		return err->code == FC_E_NOTFOUND ? 0 : -1;
	*had = 1;
	if (old->revoked_at == 0)
		return 0;
	return fc_error_set(err, FC_E_REFUSED,
			    _("inspector %s is revoked; lift it first with "
			      "'fieldcheck-server unrevoke --inspector %s'"),
			    id, id);
}

/* What enrolling again changed of an inspector, for the audit log: "" if nothing. */
static void
main_enroll_change(const struct fc_sinspector *old, int had, const struct fc_sinspector *in,
		   char *out, size_t size)
{
	out[0] = '\0';
	if (had && (strcmp(old->name, in->name) != 0 || strcmp(old->district, in->district) != 0 ||
		    strcmp(old->role, in->role) != 0))
		snprintf(out, size, "; was %s %s (%s, district %s)", old->role, old->id, old->name,
			 old->district);
}

static int
main_enroll(struct fc_sstore *st, const struct fc_server_args *a, struct fc_error *err)
{
	struct fc_sinspector in = {0}, old;
	const char *id = fc_server_opt(a, "inspector"), *name = fc_server_opt(a, "name");
	const char *district = fc_server_opt(a, "district"), *exp = fc_server_opt(a, "expires");
	const char *role =
	    fc_server_opt(a, "role") != NULL ? fc_server_opt(a, "role") : FC_ROLE_INSPECTOR;
	unsigned char hash[32];
	char code[FC_CODE_LEN], until[32], ref[11], was[sizeof in + 32];
	long expires = 24 * 3600;
	int had;
	time_t now = time(NULL), end;

	if (exp != NULL && main_duration(exp, &expires) != 0)
		return main_usage(err, _("enroll: --expires takes a time from 1s to 30d, such as "
					 "90s, 30m, 24h or 7d"));
	if (id == NULL || name == NULL || district == NULL || a->argc != 1)
		return main_usage(err,
				  _("enroll needs --inspector ID --name NAME --district D[,D2]"));
	if (strcmp(role, FC_ROLE_INSPECTOR) != 0 && strcmp(role, FC_ROLE_SUPERVISOR) != 0)
		return main_usage(err, _("--role must be inspector or supervisor"));
	if (strlen(id) >= sizeof in.id || strlen(name) >= sizeof in.name ||
	    strlen(district) >= sizeof in.district)
		return main_usage(err, _("enroll: an id, name or district is too long"));
	/* Ids reach URLs, logs and listings: refused here, not escaped there (core/ids.h). */
	if (fc_id_check_inspector(id, err) != 0 || fc_id_check_districts(district, err) != 0 ||
	    fc_id_check_name(name, err) != 0) {
		err->code = FC_E_USAGE;
		return -1;
	}
	snprintf(in.id, sizeof in.id, "%s", id);
	snprintf(in.name, sizeof in.name, "%s", name);
	snprintf(in.district, sizeof in.district, "%s", district);
	snprintf(in.role, sizeof in.role, "%s", role);
	if (main_enroll_old(st, id, &old, &had, err) != 0)
		return -1;
	main_enroll_change(&old, had, &in, was, sizeof was);
	fc_server_code_new(code);
	fc_server_code_hash(code, hash);
	end = now + expires;
	fc_server_time((int64_t)end, until);
	sodium_bin2hex(ref, sizeof ref, hash, 5);
	if (fc_sstore_begin(st, err) != 0 || fc_sstore_put_inspector(st, &in, now, err) != 0 ||
	    fc_sstore_add_code(st, hash, id, now, end, err) != 0 ||
	    fc_server_audit(st, err, "enroll",
			    "enrolment code %s for %s %s (%s, district %s), valid until %s%s", ref,
			    role, id, name, district, until, was) != 0 ||
	    fc_sstore_commit(st, err) != 0) {
		fc_sstore_rollback(st);
		return -1;
	}
	/* The code alone on stdout, so scripts can take it; the words on stderr. */
	printf("%s\n", code);
	fprintf(stderr,
		_("enrolment code for %s %s (%s, district %s); works once, until %s:\n"
		  "  on the device: fieldcheck enroll URL %s\n"
		  "  its reference in 'codes list' and the audit log: %s\n"),
		fc_server_word(role), id, name, district, until, code, ref);
	if (was[0] != '\0')
		fprintf(stderr,
			_("inspector %s was %s (%s, district %s); from now on %s (%s, "
			  "district %s)\n"),
			id, fc_server_word(old.role), old.name, old.district, fc_server_word(role),
			name, district);
	return 0;
}

/*
 * revoke / unrevoke: --inspector ID (every device of theirs) or --device ID
 * (one lost handheld). A revocation stays, whatever is enrolled later, until
 * unrevoke lifts it.
 */
static int
main_revocation_apply(struct fc_sstore *st, int device, int lift, const char *id, time_t now,
		      struct fc_error *err)
{
	if (device)
		return lift ? fc_sstore_unrevoke_device(st, id, err)
			    : fc_sstore_revoke_device(st, id, now, err);
	return lift ? fc_sstore_unrevoke(st, id, err) : fc_sstore_revoke(st, id, now, err);
}

static int
main_revocation(struct fc_sstore *st, const struct fc_server_args *a, int lift,
		struct fc_error *err)
{
	const char *insp = fc_server_opt(a, "inspector"), *dev = fc_server_opt(a, "device"), *id;
	time_t now = time(NULL);
	int device;

	if (a->argc != 1 || (insp == NULL) == (dev == NULL))
		return main_usage(err, lift ? _("usage: unrevoke --inspector ID | --device ID")
					    : _("usage: revoke --inspector ID | --device ID"));
	device = dev != NULL;
	id = device ? dev : insp;
	/* An id outside its set names nobody: said as bad usage, with the rule. */
	if (device ? fc_id_check_device(id, err) != 0 : fc_id_check_inspector(id, err) != 0) {
		err->code = FC_E_USAGE;
		return -1;
	}
	/* The act and its audit line are kept together or not at all. */
	if (fc_sstore_begin(st, err) != 0)
		return -1;
	if (main_revocation_apply(st, device, lift, id, now, err) != 0 ||
	    fc_server_audit(st, err, lift ? "unrevoke" : "revoke", "%s %s%s",
			    device ? "device" : "inspector", id,
			    lift     ? " may sync again"
			    : device ? " revoked"
				     : " revoked; their pending enrolment codes voided") != 0 ||
	    fc_sstore_commit(st, err) != 0) {
		fc_sstore_rollback(st);
		return -1;
	}
	if (lift)
		fprintf(stderr,
			device ? _("device %s may sync again\n")
			       : _("inspector %s may sync again\n"),
			id);
	else if (device)
		fprintf(stderr, _("device %s revoked: it is refused from now on, until unrevoke\n"),
			id);
	else
		fprintf(stderr,
			_("inspector %s revoked: every device of theirs is refused from now on, "
			  "until unrevoke\n"),
			id);
	return 0;
}

static int
main_revoke(struct fc_sstore *st, const struct fc_server_args *a, struct fc_error *err)
{
	return main_revocation(st, a, 0, err);
}

static int
main_unrevoke(struct fc_sstore *st, const struct fc_server_args *a, struct fc_error *err)
{
	return main_revocation(st, a, 1, err);
}

/* templates add */

static int
main_templates(struct fc_sstore *st, const struct fc_server_args *a, struct fc_error *err)
{
	struct fc_template *tpl = NULL;
	char **argv = a->argv;
	char *text = NULL;
	int ret;

	if (a->argc != 3 || strcmp(argv[1], "add") != 0)
		return main_usage(err, _("usage: templates add FILE.json"));
	if (fc_template_load_file(argv[2], &tpl, NULL, err) != 0)
		return -1;
	text = json_dumps(tpl->root, JSON_COMPACT);
	if (text == NULL) {
		fc_template_free(tpl);
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	}
	ret = fc_sstore_begin(st, err);
	if (ret == 0 &&
	    (fc_sstore_add_template(st, tpl->id, tpl->version, text, time(NULL), err) != 0 ||
	     fc_server_audit(st, err, "templates add", "template %s version %d from %s", tpl->id,
			     tpl->version, argv[2]) != 0 ||
	     fc_sstore_commit(st, err) != 0)) {
		fc_sstore_rollback(st);
		ret = -1;
	}
	if (ret == 0)
		fprintf(stderr,
			_("template %s version %d added; devices fetch it at their next sync\n"),
			tpl->id, tpl->version);
	free(text);
	fc_template_free(tpl);
	return ret;
}

/* verify */

struct main_verify {
	struct fc_sstore *st;
	const struct fc_sdevice *dev;
	struct fc_chain_state chain;
	long records, devices;
};

static int
main_verify_record(int64_t seq, const char *body, size_t body_len, const unsigned char *sig,
		   const unsigned char *hash, void *ctx, struct fc_error *err)
{
	struct main_verify *v = ctx;
	struct fc_record rec = {0};
	char *copy = malloc(body_len + 1);
	int ret;

	if (copy == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	memcpy(copy, body, body_len);
	copy[body_len] = '\0';
	if (fc_record_from_body(copy, body_len, sig, &rec, err) != 0) {
		fc_error_prefix(err, _("device %s, stored seq %lld"), v->dev->device,
				(long long)seq);
		err->code = FC_E_CHAIN;
		return -1;
	}
	ret = fc_chain_next(&v->chain, v->dev->device, v->dev->pk, &rec, err);
	if (ret == 0 && (rec.seq != seq || memcmp(rec.hash, hash, FC_HASH_BYTES) != 0))
		ret = fc_error_set(
		    err, FC_E_CHAIN,
		    _("%s: stored at seq %lld or with a hash that differs from its body"), rec.id,
		    (long long)seq);
	fc_record_release(&rec);
	if (ret != 0) {
		fc_error_prefix(err, _("device %s"), v->dev->device);
		return -1;
	}
	v->records++;
	return 0;
}

static int
main_verify_device(const struct fc_sdevice *dev, void *ctx, struct fc_error *err)
{
	struct main_verify *v = ctx;
	/* each_device holds its statement open; records use another statement. */
	v->dev = dev;
	memset(&v->chain, 0, sizeof v->chain);
	if (fc_sstore_each_record(v->st, dev->rowid, main_verify_record, v, err) != 0)
		return -1;
	if (v->chain.seq != dev->held_seq)
		return fc_error_set(
		    err, FC_E_CHAIN,
		    _("device %s: the chain ends at %lld but the server's mark says %lld"),
		    dev->device, (long long)v->chain.seq, (long long)dev->held_seq);
	v->devices++;
	return 0;
}

static int
main_verify(struct fc_sstore *st, struct fc_error *err)
{
	struct main_verify v = {.st = st};

	if (fc_sstore_each_device(st, main_verify_device, &v, err) != 0)
		return -1;
	printf(_("verified %ld records on %ld devices: every signature and chain is intact\n"),
	       v.records, v.devices);
	return 0;
}

static int
main_status(struct fc_sstore *st, const struct fc_server_args *a, struct fc_error *err)
{
	struct fc_scounts c = {0};
	unsigned char pk[FC_PK_BYTES];
	char key[2 * FC_PK_BYTES + 1];

	if (a->argc != 1)
		return main_usage(err, _("usage: status [--json]"));
	if (fc_sstore_counts(st, &c, err) != 0 ||
	    fc_sstore_server_key(st, time(NULL), pk, NULL, err) != 0)
		return -1;
	fc_hex_encode(pk, FC_PK_BYTES, key);
	if (fc_server_opt(a, "json") != NULL) {
		json_t *o = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:s}", "inspectors",
				      c.inspectors, "devices", c.devices, "records", c.records,
				      "forks", c.forks, "households", c.households, "templates",
				      c.templates, "photos", c.photos, "server_key", key);
		json_dumpf(o, stdout, JSON_COMPACT);
		putchar('\n');
		json_decref(o);
		return 0;
	}
	/* Words for a person; a script reads --json. */
	printf(_("inspectors %lld\ndevices %lld\nrecords %lld\nforks %lld\nhouseholds %lld\n"
		 "templates %lld\nphotos %lld\nserver_key %s\n"),
	       (long long)c.inspectors, (long long)c.devices, (long long)c.records,
	       (long long)c.forks, (long long)c.households, (long long)c.templates,
	       (long long)c.photos, key);
	return 0;
}

/* migrate-store: a city's SQLite store into PostgreSQL, then verify it there. */
static int
main_migrate_store(const struct fc_server_args *a, struct fc_error *err)
{
	struct fc_smigrate_report rep;
	struct fc_sstore *st = NULL;
	const char *from = fc_server_opt(a, "from"), *to = fc_server_opt(a, "to");
	int ret;

	if (from == NULL || to == NULL || a->argc != 1)
		return main_usage(err,
				  _("usage: migrate-store --from FILE.db --to postgresql://..."));
	if (fc_sstore_migrate(from, to, &rep, err) != 0)
		return fc_error_prefix(err, "migrate-store");
	printf(_("moved %lld rows; %lld records on %lld devices are byte for byte the same in "
		 "PostgreSQL\n"),
	       (long long)rep.rows, (long long)rep.records, (long long)rep.devices);
	/* The byte comparison shows the move lost nothing; verify shows the chains hold. */
	if (fc_sstore_open(to, &st, err) != 0)
		return -1;
	ret = main_verify(st, err);
	if (ret == 0)
		ret = fc_server_audit(st, err, "migrate-store",
				      "%lld records on %lld devices moved from %s and verified",
				      (long long)rep.records, (long long)rep.devices, from);
	fc_sstore_close(st);
	return ret;
}

static int
main_migrate_store_cmd(const char *db, const struct fc_server_args *a, struct fc_error *err)
{
	(void)db;
	return main_migrate_store(a, err);
}

static int
main_verify_cmd(struct fc_sstore *st, const struct fc_server_args *a, struct fc_error *err)
{
	return a->argc == 1 ? main_verify(st, err)
			    : main_usage(err, _("verify takes no arguments"));
}

static int
main_backup(const char *db, const struct fc_server_args *a, struct fc_error *err)
{
	return fc_server_backup(db, a, main_verify, err);
}

/* The options a command declares; NONE: it takes none. */
#define OPTS(...) ((const struct fc_opt[]){__VA_ARGS__, {NULL, 0}})
#define NONE ((const struct fc_opt[]){{NULL, 0}})
#define SUBCOMMANDS NULL /* each subcommand declares its own (server/cmd.h) */

/*
 * The commands and the options each takes (server/cmd.h): those with store
 * run on an opened store, the others open their own.
 */
static const struct main_cmd {
	const char *name;
	const struct fc_opt *opts;
	int (*store)(struct fc_sstore *st, const struct fc_server_args *a, struct fc_error *err);
	int (*own)(const char *db, const struct fc_server_args *a, struct fc_error *err);
} main_cmds[] = {
    {"serve",
     OPTS({"listen", 1}, {"trusted-proxy", 1}, {"per-ip-limit", 1}, {"header-timeout", 1},
	  {"verify-limit", 1}, {"web", 1}, {"warnings", 1}, {"warnings-every", 1},
	  {"public-url", 1}),
     NULL, main_serve},
    {"migrate-store", OPTS({"from", 1}, {"to", 1}), NULL, main_migrate_store_cmd},
    {"enroll", OPTS({"inspector", 1}, {"name", 1}, {"district", 1}, {"role", 1}, {"expires", 1}),
     main_enroll, NULL},
    {"revoke", OPTS({"inspector", 1}, {"device", 1}), main_revoke, NULL},
    {"unrevoke", OPTS({"inspector", 1}, {"device", 1}), main_unrevoke, NULL}, /* lifts either */
    {"households", NONE, fc_server_households_import, NULL},
    {"templates", NONE, main_templates, NULL},
    {"backup", OPTS({"keep", 1}), NULL, main_backup},
    {"inspectors", SUBCOMMANDS, fc_server_inspectors_cmd, NULL},
    {"devices", SUBCOMMANDS, fc_server_devices_cmd, NULL},
    {"codes", SUBCOMMANDS, fc_server_codes_cmd, NULL},
    {"audit", OPTS({"since", 1}, {"csv", 0}, {"json", 0}), fc_server_audit_cmd, NULL},
    {"verify", NONE, main_verify_cmd, NULL},
    {"rebuild-aggregates", OPTS({"check", 0}), fc_server_rebuild_aggregates_cmd, NULL},
    {"status", OPTS({"json", 0}), main_status, NULL},
    {"review", OPTS({"comment", 1}, {"by", 1}), fc_server_review_cmd, NULL},
    {"reviews", OPTS({"record", 1}, {"state", 1}, {"json", 0}), fc_server_reviews_cmd, NULL},
    {"warnings", SUBCOMMANDS, fc_server_warnings_cmd, NULL},
    {"user", SUBCOMMANDS, fc_server_user, NULL},
    {"export",
     OPTS({"format", 1}, {"out", 1}, {"programme", 1}, {"codes", 0}, {"lang", 1}, {"district", 1},
	  {"as", 1}),
     fc_server_export_cmd, NULL},
};

static int
main_run(const char *db, int argc, char **argv, struct fc_error *err)
{
	struct fc_sstore *st = NULL;
	int ret;

	for (size_t i = 0; i < sizeof main_cmds / sizeof main_cmds[0]; i++) {
		const struct main_cmd *c = &main_cmds[i];
		struct fc_server_args a = {argc, argv, c->opts, {NULL}};

		if (strcmp(argv[0], c->name) != 0)
			continue;
		/* The declared options, before anything is opened: bad usage changes nothing. */
		if (c->opts != NULL &&
		    fc_opts_parse(c->name, c->opts, argc, argv, a.values, &a.argc, err) != 0)
			return -1;
		if (c->own != NULL)
			return c->own(db, &a, err);
		if (fc_sstore_open(db, &st, err) != 0)
			return -1;
		ret = c->store(st, &a, err);
		fc_sstore_close(st);
		return ret;
	}
	return fc_error_set(err, FC_E_USAGE, _("unknown command '%s'"), argv[0]);
}

/*
 * The administrator's language, as gettext reads it from the environment
 * (LANGUAGE=zh_CN, LANG=zh_CN.UTF-8): messages, and the reasons devices are
 * given, come from the same catalogue as the device's (po/zh_CN.po).
 */
static int
main_i18n(struct fc_error *err)
{
	char dir[4200];

	fc_datadir_bind_messages();
	/* The devices' languages, read now, before any request thread (core/lang.h). */
	fc_datadir_locale(dir, sizeof dir);
	return fc_lang_load(dir, FC_TEXT_DOMAIN, err);
}

/* The options before the command. */
static const struct fc_opt main_opts[] = {
    {"db", 1}, {"config", 1}, {"version", 0}, {"help", 0}, {NULL, 0}};

int
main(int argc, char **argv)
{
	struct fc_error err = {0}, lang_err = {0};
	const char *db = NULL, *conf = getenv("FIELDCHECK_SERVER_CONFIG"), *gv[FC_OPTS_MAX];
	int i = 1, ret, lang_failed;

	json_object_seed(0);
	/* Listings measure names in screen columns: wcwidth needs a UTF-8 locale. */
	fc_utf8_locale();
	lang_failed = main_i18n(&lang_err) != 0;
	if (fc_sign_init(&err) != 0) {
		fprintf(stderr, "%sfieldcheck-server: %s\n", fc_log_prio(FC_LOG_ERR), err.msg);
		return 1;
	}
	if (argc > 1 && strcmp(argv[1], "-h") == 0) {
		main_help(stdout);
		return 0;
	}
	if (fc_opts_parse_lead("fieldcheck-server", main_opts, argc, argv, gv, &i, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		main_help(stderr);
		return 2;
	}
	if (fc_opts_get(main_opts, gv, "help") != NULL) {
		main_help(stdout);
		return 0;
	}
	if (fc_opts_get(main_opts, gv, "version") != NULL) {
		printf("fieldcheck-server %s\n", FC_VERSION);
		return 0;
	}
	if (fc_opts_get(main_opts, gv, "db") != NULL)
		db = fc_opts_get(main_opts, gv, "db");
	if (fc_opts_get(main_opts, gv, "config") != NULL)
		conf = fc_opts_get(main_opts, gv, "config");
	if (i >= argc) {
		main_help(stderr);
		return 2;
	}
	for (int j = i; j < argc; j++) {
		if (strcmp(argv[j], "--help") == 0) {
			main_help(stdout);
			return 0;
		}
	}
	/* serve's lines, this start's errors included, go to the journal with a priority. */
	if (strcmp(argv[i], "serve") == 0)
		fc_log_serving();
	/* Said once it is known whether this is serve, whose lines need a priority. */
	if (lang_failed) {
		fputs(fc_log_prio(FC_LOG_WARNING), stderr);
		fprintf(stderr, _("fieldcheck-server: %s; devices are answered in English\n"),
			lang_err.msg);
	}
	/* The packaged file may be absent; one named by --config or the environment may not. */
	if (fc_conf_load(conf != NULL && conf[0] != '\0' ? conf : FC_CONF_DEFAULT,
			 conf == NULL || conf[0] == '\0', &main_conf, &err) != 0) {
		fprintf(stderr, "%sfieldcheck-server: %s\n", fc_log_prio(FC_LOG_ERR), err.msg);
		return 1;
	}
	/* --db, else $FIELDCHECK_SERVER_DB, else the settings file, else ./ */
	if (db == NULL)
		db = getenv("FIELDCHECK_SERVER_DB");
	if (db == NULL || db[0] == '\0')
		db = main_conf.text[FC_CONF_DATABASE];
	if (db == NULL)
		db = SERVER_DB_DEFAULT;
	ret = main_run(db, argc - i, argv + i, &err);
	fc_conf_free(&main_conf);
	if (ret != 0) {
		/* <3> in the journal (serve, the backup service): journalctl -p err finds it. */
		fprintf(stderr, "%sfieldcheck-server: %s\n", fc_log_prio(FC_LOG_ERR), err.msg);
		if (err.code == FC_E_USAGE)
			main_usage_of(argv[i]);
		return fc_error_exit_status(&err);
	}
	return 0;
}
