/* SPDX-License-Identifier: Apache-2.0 */
/*
 * user.c: `fieldcheck-server user add|passwd|disable|enable|list`, the
 * console's accounts (store/accounts.h). The first account is made here, on
 * the server's command line, so the console never has an account nobody
 * set a password for. A password is read from the terminal without echo
 * (twice), or as one line of standard input with --password-stdin.
 * Each change is one transaction with its line in the audit log (admin.h).
 */
#include <libintl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "core/date.h"
#include "core/opts.h"
#include "core/secret.h"
#include "server/admin.h"
#include "server/store/accounts.h"
#include "server/user.h"

#define _(s) gettext(s)
#define N_(s) (s)

static int
user_read_line(const char *prompt, int from_stdin, char *out, size_t size, struct fc_error *err)
{
	const struct fc_secret_prompt p = {prompt, "password", "--password-stdin", from_stdin,
					   FC_PASSWORD_MAX - 1};

	return fc_secret_read(&p, out, size, err);
}

/* A new password: checked, and typed twice when it comes from a terminal. */
static int
user_new_password(int from_stdin, char *out, size_t size, struct fc_error *err)
{
	char again[FC_PASSWORD_MAX + 2];
	int ret;

	if (user_read_line(_("New console password: "), from_stdin, out, size, err) != 0 ||
	    fc_saccount_password_check(out, err) != 0)
		return -1;
	if (from_stdin)
		return 0;
	if (user_read_line(_("Again: "), 0, again, sizeof again, err) != 0)
		return -1;
	ret = strcmp(out, again) == 0
		  ? 0
		  : fc_error_set(err, FC_E_USAGE, _("the two passwords differ; nothing changed"));
	sodium_memzero(again, sizeof again);
	return ret;
}

/* What a verb's options said; each verb declares which it takes (user_verbs). */
struct user_opts {
	const char *role, *districts;
	int from_stdin, json;
};

static const struct fc_opt user_add_opts[] = {
    {"role", 1}, {"districts", 1}, {"password-stdin", 0}, {NULL, 0}};
static const struct fc_opt user_passwd_opts[] = {{"password-stdin", 0}, {NULL, 0}};
static const struct fc_opt user_list_opts[] = {{"json", 0}, {NULL, 0}};
static const struct fc_opt user_no_opts[] = {{NULL, 0}};

static void
user_opts_read(const struct fc_opt *decl, const char *const *v, struct user_opts *o)
{
	o->role = fc_opts_get(decl, v, "role");
	o->districts = fc_opts_get(decl, v, "districts");
	o->from_stdin = fc_opts_get(decl, v, "password-stdin") != NULL;
	o->json = fc_opts_get(decl, v, "json") != NULL;
}

/*
 * End the transaction begun for a change and its audit line: commit when
 * failed is 0, else roll back, so neither is kept without the other.
 */
static int
user_end(struct fc_sstore *st, int failed, struct fc_error *err)
{
	if (!failed && fc_sstore_commit(st, err) == 0)
		return 0;
	fc_sstore_rollback(st);
	return -1;
}

/* argv[1..argc): the operands, the options already taken out. */
static int
user_add(struct fc_sstore *st, const struct user_opts *o, int argc, char **argv,
	 struct fc_error *err)
{
	struct fc_saccount a = {0};
	char pw[FC_PASSWORD_MAX + 2];
	int ret;

	if (argc != 2 || o->role == NULL)
		return fc_error_set(
		    err, FC_E_USAGE,
		    _("usage: user add NAME --role supervisor --districts D1[,D2] | "
		      "--role city [--password-stdin]"));
	if (strlen(argv[1]) >= sizeof a.name ||
	    (o->districts != NULL && strlen(o->districts) >= sizeof a.districts) ||
	    strlen(o->role) >= sizeof a.role)
		return fc_error_set(err, FC_E_USAGE,
				    _("user add: a name or district list is too long"));
	snprintf(a.name, sizeof a.name, "%s", argv[1]);
	snprintf(a.role, sizeof a.role, "%s", o->role);
	snprintf(a.districts, sizeof a.districts, "%s", o->districts != NULL ? o->districts : "");
	if (fc_saccount_check(&a, err) != 0 || user_new_password(o->from_stdin, pw, sizeof pw, err))
		return -1;
	ret = fc_sstore_begin(st, err);
	if (ret == 0)
		ret = user_end(st,
			       fc_sstore_account_add(st, &a, pw, time(NULL), err) != 0 ||
				   fc_server_audit(st, err, "user add",
						   "console account %s (%s, districts %s)", a.name,
						   a.role, a.districts) != 0,
			       err);
	sodium_memzero(pw, sizeof pw);
	if (ret == 0)
		fprintf(stderr, _("console account %s added (%s, districts %s)\n"), a.name,
			fc_server_word(a.role), a.districts);
	return ret;
}

static int
user_passwd(struct fc_sstore *st, const struct user_opts *o, int argc, char **argv,
	    struct fc_error *err)
{
	struct fc_saccount a;
	char pw[FC_PASSWORD_MAX + 2];
	int ret;

	if (argc != 2)
		return fc_error_set(err, FC_E_USAGE,
				    _("usage: user passwd NAME [--password-stdin]"));
	/* Say "no such account" before asking for a password nobody can use. */
	if (fc_sstore_account_get(st, argv[1], &a, err) != 0 ||
	    user_new_password(o->from_stdin, pw, sizeof pw, err) != 0)
		return -1;
	ret = fc_sstore_begin(st, err);
	if (ret == 0)
		ret = user_end(st,
			       fc_sstore_account_passwd(st, argv[1], pw, err) != 0 ||
				   fc_server_audit(st, err, "user passwd",
						   "console account %s: a new password",
						   argv[1]) != 0,
			       err);
	sodium_memzero(pw, sizeof pw);
	if (ret == 0)
		fprintf(stderr, _("password of %s changed; its open sessions have ended\n"),
			argv[1]);
	return ret;
}

static int
user_disable(struct fc_sstore *st, const struct user_opts *o, int argc, char **argv,
	     struct fc_error *err)
{
	int disable = strcmp(argv[0], "disable") == 0;

	(void)o;
	if (argc != 2)
		return fc_error_set(err, FC_E_USAGE, _("usage: user %s NAME"), argv[0]);
	if (fc_sstore_begin(st, err) != 0 ||
	    user_end(st,
		     fc_sstore_account_disable(st, argv[1], disable, time(NULL), err) != 0 ||
			 fc_server_audit(st, err, disable ? "user disable" : "user enable",
					 "console account %s", argv[1]) != 0,
		     err) != 0)
		return -1;
	fprintf(stderr,
		disable ? _("console account %s disabled; its open sessions have ended\n")
			: _("console account %s may log in again\n"),
		argv[1]);
	return 0;
}

/* Each account as a JSON object (--json) or as a row of the table. */
struct user_walk {
	json_t *rows;
	int json;
};

static int
user_list_one(const struct fc_saccount *a, void *ctx, struct fc_error *err)
{
	struct user_walk *w = ctx;
	char state[64], day[11];
	json_t *row;

	if (w->json)
		row = json_pack("{s:s,s:s,s:s,s:b}", "name", a->name, "role", a->role, "districts",
				a->districts, "disabled", a->disabled_at != 0);
	else {
		snprintf(state, sizeof state, "%s", _("active"));
		if (a->disabled_at != 0) {
			fc_date_local_day((time_t)a->disabled_at, 0, day);
			snprintf(state, sizeof state, _("disabled %s"), day);
		}
		row = json_pack("[s,s,s,s]", a->name, fc_server_word(a->role), a->districts, state);
	}
	if (row == NULL || json_array_append_new(w->rows, row) != 0)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	return 0;
}

static int
user_list(struct fc_sstore *st, const struct user_opts *o, int argc, char **argv,
	  struct fc_error *err)
{
	/* The same table as `inspectors list`: columns by screen width, so a
	 * Chinese name does not push the rest of its row out of line. */
	static const char *const headers[] = {N_("name"), N_("role"), N_("districts"),
					      N_("status")};
	struct user_walk w = {json_array(), o->json};
	int ret;

	(void)argv;
	if (argc != 1) {
		json_decref(w.rows);
		return fc_error_set(err, FC_E_USAGE, _("usage: user list [--json]"));
	}
	if (w.rows == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	ret = fc_sstore_account_each(st, user_list_one, &w, err);
	if (ret == 0)
		ret = fc_server_print_list(w.rows, w.json, headers, 4, err);
	json_decref(w.rows);
	return ret;
}

static const struct user_verb {
	const char *name;
	const struct fc_opt *opts;
	int (*run)(struct fc_sstore *st, const struct user_opts *o, int argc, char **argv,
		   struct fc_error *err);
} user_verbs[] = {
    {"add", user_add_opts, user_add},	     {"passwd", user_passwd_opts, user_passwd},
    {"disable", user_no_opts, user_disable}, {"enable", user_no_opts, user_disable},
    {"list", user_list_opts, user_list},
};

int
fc_server_user(struct fc_sstore *st, const struct fc_server_args *a, struct fc_error *err)
{
	/* Subcommands: the words as typed, each subcommand declaring its options. */
	int argc = a->argc;
	char **argv = a->argv;
	if (argc < 2)
		return fc_error_set(err, FC_E_USAGE,
				    _("usage: user add|passwd|disable|enable|list"));
	for (size_t i = 0; i < sizeof user_verbs / sizeof user_verbs[0]; i++) {
		const struct user_verb *vb = &user_verbs[i];
		const char *v[FC_OPTS_MAX];
		struct user_opts o = {0};
		char cmd[32];
		int n = 0;

		if (strcmp(argv[1], vb->name) != 0)
			continue;
		snprintf(cmd, sizeof cmd, "user %s", vb->name);
		if (fc_opts_parse(cmd, vb->opts, argc - 1, argv + 1, v, &n, err) != 0)
			return -1;
		user_opts_read(vb->opts, v, &o);
		return vb->run(st, &o, n, argv + 1, err);
	}
	return fc_error_set(err, FC_E_USAGE,
			    _("user: unknown verb '%s' (add, passwd, disable, enable, list)"),
			    argv[1]);
}
