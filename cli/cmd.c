/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd.c: the subcommand table and dispatch.
 *
 * fc_cmd_main() finds the entry, answers --help from it, strips the options
 * every command shares (--json, --pin-stdin), provides what the entry's flags
 * declare (home, store, identity, unlocked key) and calls exec. It returns the
 * exit status; printing `fieldcheck: <msg>` is main()'s job.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "cmd.h"
#include "core/secret.h"
#include "core/utf8.h"

#define _(s) gettext(s)
#define N_(s) s

extern const struct fc_cmd_entry fc_cmd_tui_entry;
extern const struct fc_cmd_entry fc_cmd_init_entry;
extern const struct fc_cmd_entry fc_cmd_households_entry;
extern const struct fc_cmd_entry fc_cmd_record_entry;
extern const struct fc_cmd_entry fc_cmd_templates_entry;
extern const struct fc_cmd_entry fc_cmd_list_entry;
extern const struct fc_cmd_entry fc_cmd_show_entry;
extern const struct fc_cmd_entry fc_cmd_notice_entry;
extern const struct fc_cmd_entry fc_cmd_verify_entry;
extern const struct fc_cmd_entry fc_cmd_export_entry;
extern const struct fc_cmd_entry fc_cmd_enroll_entry;
extern const struct fc_cmd_entry fc_cmd_sync_entry;
extern const struct fc_cmd_entry fc_cmd_summary_entry;
extern const struct fc_cmd_entry fc_cmd_config_entry;

/* The order here is the order of `fieldcheck --help`. */
const struct fc_cmd_entry *const fc_cmd_table[] = {
    &fc_cmd_tui_entry,
    &fc_cmd_init_entry,
    &fc_cmd_households_entry,
    &fc_cmd_record_entry,
    &fc_cmd_list_entry,
    &fc_cmd_show_entry,
    &fc_cmd_notice_entry, /* the household's paper, docs/notice.md */
    &fc_cmd_verify_entry,
    &fc_cmd_export_entry,
    &fc_cmd_enroll_entry,
    &fc_cmd_sync_entry,
    &fc_cmd_summary_entry,
    &fc_cmd_templates_entry,
    &fc_cmd_config_entry, /* the device's own settings (camera-dir) */
    NULL,
};

const struct fc_cmd_entry *
fc_cmd_find(const char *name)
{
	for (size_t i = 0; fc_cmd_table[i] != NULL; i++)
		if (strcmp(fc_cmd_table[i]->name, name) == 0)
			return fc_cmd_table[i];
	return NULL;
}

void
fc_cmd_usage(const struct fc_cmd_entry *entry, FILE *stream)
{
	char line[1024];

	/* The command and its options stay as typed; only "usage" is the reader's word. */
	snprintf(line, sizeof line, "fieldcheck%s%s%s%s", entry->name[0] != '\0' ? " " : "",
		 entry->name, entry->usage[0] != '\0' ? " " : "", entry->usage);
	fprintf(stream, _("usage: %s\n"), line);
}

/*
 * text from column 2, broken at blanks so no line passes column 79; the lines
 * after the first start at column 4 (a usage such as record's is 200 columns).
 */
static void
cmd_print_wrapped(FILE *stream, const char *text)
{
	size_t col = 2;

	fputs("  ", stream);
	while (*text != '\0') {
		size_t len = strcspn(text, " ");
		char word[512];

		snprintf(word, sizeof word, "%.*s",
			 (int)(len < sizeof word ? len : sizeof word - 1), text);
		if (col > 4 && col + 1 + fc_utf8_cols(word) > 79) {
			fputs("\n    ", stream);
			col = 4;
		} else if (col > 2 && col != 4) {
			fputc(' ', stream);
			col++;
		}
		fputs(word, stream);
		col += fc_utf8_cols(word);
		text += len;
		while (*text == ' ')
			text++;
	}
	fputc('\n', stream);
}

static void
cmd_print_help(FILE *stream)
{
	fprintf(stream, _("usage: %s\n"), "fieldcheck [COMMAND] [ARGS]");
	fputc('\n', stream);
	fputs(_("Offline-first field inspection: signed, hash-chained records.\n\n"
		"Commands:\n"),
	      stream);
	for (size_t i = 0; fc_cmd_table[i] != NULL; i++) {
		const struct fc_cmd_entry *e = fc_cmd_table[i];
		const char *summary = _(e->summary);
		char line[1024];

		snprintf(line, sizeof line, "%s%s%s", e->name[0] != '\0' ? e->name : _("(none)"),
			 e->usage[0] != '\0' ? " " : "", e->usage);
		/* One line when it fits 80 columns (Chinese takes two each); else the
		 * summary goes under it. */
		if (fc_utf8_cols(line) <= 26 && 30 + fc_utf8_cols(summary) <= 80)
			fprintf(stream, "  %s%*s  %s\n", line, (int)(26 - fc_utf8_cols(line)), "",
				summary);
		else {
			cmd_print_wrapped(stream, line);
			fprintf(stream, "      %s\n", summary);
		}
	}
	fputs(_("\nEvery command takes --help; man fieldcheck has the details.\n"
		"Data lives in $FIELDCHECK_HOME, else $XDG_DATA_HOME/fieldcheck,\n"
		"else ~/.local/share/fieldcheck.\n"
		"Exit status: 0 success, 1 what was checked is wrong or the command failed,\n"
		"2 bad usage.\n"),
	      stream);
}

static void
cmd_print_entry_help(const struct fc_cmd_entry *entry, FILE *stream)
{
	fc_cmd_usage(entry, stream);
	fprintf(stream, "\n%s\n", _(entry->summary));
	if (entry->help != NULL)
		fprintf(stream, "\n%s", _(entry->help));
	if (entry->flags & FC_CMD_JSON)
		fputs(_("  --json        machine-readable output\n"), stream);
	if (entry->flags & (FC_CMD_KEY | FC_CMD_PIN))
		fputs(_("  --pin-stdin   read the PIN from standard input, not the terminal\n"),
		      stream);
	fputs(_("  --help        this text\n"), stream);
}

int
fc_cmd_read_pin(struct fc_app *app, const char *prompt, char *out, size_t out_size,
		struct fc_error *err)
{
	const struct fc_secret_prompt p = {prompt, "PIN", "--pin-stdin", app->pin_stdin,
					   FC_PIN_MAX};

	return fc_secret_read(&p, out, out_size, err);
}

int
fc_cmd_unlock(struct fc_app *app, struct fc_error *err)
{
	char pin[FC_PIN_MAX + 2];
	struct fc_pin_status status = {0};
	int ret;

	if (app->key != NULL)
		return 0;
	if (fc_cmd_read_pin(app, _("PIN: "), pin, sizeof pin, err) != 0)
		return -1;
	ret = fc_keyfile_unlock(app->home.key, pin, time(NULL), &app->key, &status, err);
	sodium_memzero(pin, sizeof pin);
	return ret;
}

int
fc_cmd_print_json(struct fc_app *app, const struct json_t *value, struct fc_error *err)
{
	if (json_dumpf(value, app->out, JSON_INDENT(2)) != 0)
		return fc_error_set(err, FC_E_IO, "%s", _("cannot write output"));
	fputc('\n', app->out);
	return 0;
}

/*
 * The options every command shares, wherever they stand: which entry flags
 * allow one (0: every entry), the refusal when the entry has none of them,
 * and what it sets.
 */
enum cmd_common_set { COMMON_HELP, COMMON_JSON, COMMON_PIN_STDIN };
static const struct cmd_common {
	const char *name;
	int needs;
	const char *refused;
	enum cmd_common_set sets;
} cmd_common[] = {
    {"--help", 0, NULL, COMMON_HELP},
    {"-h", 0, NULL, COMMON_HELP},
    {"--json", FC_CMD_JSON, N_("%s: --json is not supported"), COMMON_JSON},
    {"--pin-stdin", FC_CMD_KEY | FC_CMD_PIN, N_("%s: --pin-stdin is not supported"),
     COMMON_PIN_STDIN},
};

/* The shared option arg as a row of cmd_common, or NULL when it is none. */
static const struct cmd_common *
cmd_common_find(const char *arg)
{
	for (size_t i = 0; i < sizeof cmd_common / sizeof cmd_common[0]; i++)
		if (strcmp(arg, cmd_common[i].name) == 0)
			return &cmd_common[i];
	return NULL;
}

/* Remove the shared options from argv, recording them in app (--help in *want_help). */
static int
cmd_strip_common(struct fc_app *app, const struct fc_cmd_entry *entry, int *argc, char **argv,
		 int *want_help, struct fc_error *err)
{
	int out = 1;

	for (int i = 1; i < *argc; i++) {
		const struct cmd_common *c = cmd_common_find(argv[i]);

		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (c == NULL) {
			argv[out++] = argv[i];
			continue;
		}
		if (c->needs != 0 && !(entry->flags & c->needs))
			return fc_error_set(err, FC_E_USAGE, gettext(c->refused), entry->name);
		switch (c->sets) {
		case COMMON_HELP:
			*want_help = 1;
			break;
		case COMMON_JSON:
			app->json = 1;
			break;
		case COMMON_PIN_STDIN:
			app->pin_stdin = 1;
			break;
		}
	}
	*argc = out;
	argv[out] = NULL;
	return 0;
}

const char *
fc_cmd_opt(const struct fc_cmd_args *args, const char *name)
{
	return fc_opts_get(args->entry->opts, args->values, name);
}

/*
 * Sort argv (the common options already removed) into the entry's declared
 * options and the operands, in any order; "--" ends the options.
 */
static int
cmd_parse_opts(const struct fc_cmd_entry *entry, int argc, char **argv, struct fc_cmd_args *args,
	       struct fc_error *err)
{
	memset(args, 0, sizeof *args);
	args->entry = entry;
	args->argv = argv;
	return fc_opts_parse(entry->name, entry->opts, argc, argv, args->values, &args->argc, err);
}

int
fc_cmd_check_out(const struct fc_app *app, const char *path, struct fc_error *err)
{
	char home[PATH_MAX], where[PATH_MAX], dir[PATH_MAX];
	size_t n;

	if (realpath(app->home.dir, home) == NULL)
		return 0; /* no home on disk: nothing in it to lose */
	if (realpath(path, where) == NULL) {
		/* A new file lands in its directory; one that does not exist fails later, saying
		 * so. */
		snprintf(dir, sizeof dir, "%s", path);
		if (realpath(dirname(dir), where) == NULL)
			return 0;
	}
	n = strlen(home);
	if (strncmp(where, home, n) == 0 && (where[n] == '\0' || where[n] == '/'))
		return fc_error_set(err, FC_E_USAGE,
				    _("--out %s is inside %s, which holds the records, the key and "
				      "the photos; write it somewhere else"),
				    path, app->home.dir);
	return 0;
}

static int
cmd_not_set_up(const struct fc_app *app, struct fc_error *err)
{
	return fc_error_set(
	    err, FC_E_NOTFOUND,
	    _("%s is not set up yet; run 'fieldcheck init --inspector ID --name NAME' first"),
	    app->home.dir);
}

static int
cmd_prepare(struct fc_app *app, const struct fc_cmd_entry *entry, struct fc_error *err)
{
	int set_up = 0;

	if (fc_home_resolve(&app->home, err) != 0)
		return -1;
	if (entry->flags & (FC_CMD_STORE | FC_CMD_IDENTITY | FC_CMD_KEY)) {
		if (fc_home_create(&app->home, err) != 0 || fc_app_open_store(app, err) != 0)
			return -1;
	}
	/* The key file and the store must be one pair before either is trusted (app/home.c). */
	if (entry->flags & (FC_CMD_IDENTITY | FC_CMD_KEY)) {
		if (fc_app_check_home(app, &set_up, err) != 0)
			return -1;
		if (!set_up)
			return cmd_not_set_up(app, err);
	}
	if (entry->flags & FC_CMD_KEY)
		return fc_cmd_unlock(app, err);
	return 0;
}

static int
cmd_fail(const struct fc_cmd_entry *entry, const struct fc_error *err)
{
	char safe[3 * sizeof err->msg];

	/*
	 * Messages quote outside text (a CSV field, an answer, a server's
	 * reason): controls become U+FFFD, so none reaches the terminal raw.
	 */
	fc_utf8_pad(err->msg, fc_utf8_cols(err->msg), safe, sizeof safe);
	fprintf(stderr, "fieldcheck: %s\n", safe);
	if (err->code == FC_E_USAGE && entry != NULL)
		fc_cmd_usage(entry, stderr);
	return fc_error_exit_status(err);
}

int
fc_cmd_main(struct fc_app *app, int argc, char **argv)
{
	struct fc_error err = {0};
	const struct fc_cmd_entry *entry;
	struct fc_cmd_args args;
	int want_help = 0;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
			  strcmp(argv[1], "help") == 0)) {
		cmd_print_help(app->out);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		fprintf(app->out, "fieldcheck %s\n", FC_VERSION);
		return 0;
	}
	if (argc < 2) {
		entry = fc_cmd_find("");
		argv[0] = (char *)"";
	} else {
		entry = fc_cmd_find(argv[1]);
		if (entry == NULL || entry->name[0] == '\0') {
			fprintf(stderr, "fieldcheck: ");
			fprintf(stderr, _("unknown command '%s'; see fieldcheck --help\n"),
				argv[1]);
			return 2;
		}
		argv++;
		argc--;
	}
	if (cmd_strip_common(app, entry, &argc, argv, &want_help, &err) != 0)
		return cmd_fail(entry, &err);
	if (want_help) {
		cmd_print_entry_help(entry, app->out);
		return 0;
	}
	if (cmd_parse_opts(entry, argc, argv, &args, &err) != 0 ||
	    cmd_prepare(app, entry, &err) != 0 || entry->exec(app, &args, &err) != 0)
		return cmd_fail(entry, &err);
	return 0;
}
