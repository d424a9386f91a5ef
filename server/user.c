/* SPDX-License-Identifier: Apache-2.0 */
/*
 * user.c: `fieldcheck-server user add|passwd|disable|enable|list`, the
 * console's accounts (store/accounts.h). The first account is made here, on
 * the server's command line, so the console never has an account nobody
 * set a password for. A password is read from the terminal without echo
 * (twice), or as one line of standard input with --password-stdin.
 * Each change is one transaction with its line in the audit log (admin.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "core/secret.h"
#include "server/admin.h"
#include "server/store/accounts.h"
#include "server/user.h"

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

	if (user_read_line("New console password: ", from_stdin, out, size, err) != 0 ||
	    fc_saccount_password_check(out, err) != 0)
		return -1;
	if (from_stdin)
		return 0;
	if (user_read_line("Again: ", 0, again, sizeof again, err) != 0)
		return -1;
	ret = strcmp(out, again) == 0
		  ? 0
		  : fc_error_set(err, FC_E_USAGE, "the two passwords differ; nothing changed");
	sodium_memzero(again, sizeof again);
	return ret;
}

/* Options shared by the verbs; each verb says which it takes. */
struct user_opts {
	const char *role, *districts;
	int from_stdin, json;
};

static int
user_parse(int argc, char **argv, int with_role, struct user_opts *o, struct fc_error *err)
{
	static const struct option opts[] = {
	    {"role", required_argument, NULL, 'r'},
	    {"districts", required_argument, NULL, 'd'},
	    {"password-stdin", no_argument, NULL, 'p'},
	    {"json", no_argument, NULL, 'j'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r' && with_role)
			o->role = optarg;
		else if (c == 'd' && with_role)
			o->districts = optarg;
		else if (c == 'p')
			o->from_stdin = 1;
		else if (c == 'j')
			o->json = 1;
		else
			return fc_error_set(err, FC_E_USAGE, "user %s: unknown option (see --help)",
					    argv[0]);
	}
	return 0;
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

static int
user_add(struct fc_sstore *st, int argc, char **argv, struct fc_error *err)
{
	struct user_opts o = {0};
	struct fc_saccount a = {0};
	char pw[FC_PASSWORD_MAX + 2];
	int ret;

	if (user_parse(argc, argv, 1, &o, err) != 0)
		return -1;
	if (optind + 1 != argc || o.role == NULL)
		return fc_error_set(err, FC_E_USAGE,
				    "usage: user add NAME --role supervisor --districts D1[,D2] | "
				    "--role city [--password-stdin]");
	if (strlen(argv[optind]) >= sizeof a.name ||
	    (o.districts != NULL && strlen(o.districts) >= sizeof a.districts) ||
	    strlen(o.role) >= sizeof a.role)
		return fc_error_set(err, FC_E_USAGE,
				    "user add: a name or district list is too long");
	snprintf(a.name, sizeof a.name, "%s", argv[optind]);
	snprintf(a.role, sizeof a.role, "%s", o.role);
	snprintf(a.districts, sizeof a.districts, "%s", o.districts != NULL ? o.districts : "");
	if (fc_saccount_check(&a, err) != 0 || user_new_password(o.from_stdin, pw, sizeof pw, err))
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
		fprintf(stderr, "console account %s added (%s, districts %s)\n", a.name, a.role,
			a.districts);
	return ret;
}

static int
user_passwd(struct fc_sstore *st, int argc, char **argv, struct fc_error *err)
{
	struct user_opts o = {0};
	struct fc_saccount a;
	char pw[FC_PASSWORD_MAX + 2];
	int ret;

	if (user_parse(argc, argv, 0, &o, err) != 0)
		return -1;
	if (optind + 1 != argc)
		return fc_error_set(err, FC_E_USAGE, "usage: user passwd NAME [--password-stdin]");
	/* Say "no such account" before asking for a password nobody can use. */
	if (fc_sstore_account_get(st, argv[optind], &a, err) != 0 ||
	    user_new_password(o.from_stdin, pw, sizeof pw, err) != 0)
		return -1;
	ret = fc_sstore_begin(st, err);
	if (ret == 0)
		ret = user_end(st,
			       fc_sstore_account_passwd(st, argv[optind], pw, err) != 0 ||
				   fc_server_audit(st, err, "user passwd",
						   "console account %s: a new password",
						   argv[optind]) != 0,
			       err);
	sodium_memzero(pw, sizeof pw);
	if (ret == 0)
		fprintf(stderr, "password of %s changed; its open sessions have ended\n",
			argv[optind]);
	return ret;
}

static int
user_disable(struct fc_sstore *st, int argc, char **argv, struct fc_error *err)
{
	int disable = strcmp(argv[0], "disable") == 0;

	if (argc != 2)
		return fc_error_set(err, FC_E_USAGE, "usage: user %s NAME", argv[0]);
	if (fc_sstore_begin(st, err) != 0 ||
	    user_end(st,
		     fc_sstore_account_disable(st, argv[1], disable, time(NULL), err) != 0 ||
			 fc_server_audit(st, err, disable ? "user disable" : "user enable",
					 "console account %s", argv[1]) != 0,
		     err) != 0)
		return -1;
	fprintf(stderr,
		disable ? "console account %s disabled; its open sessions have ended\n"
			: "console account %s may log in again\n",
		argv[1]);
	return 0;
}

static int
user_list_one(const struct fc_saccount *a, void *ctx, struct fc_error *err)
{
	json_t *list = ctx;
	char when[32] = "";
	time_t t = (time_t)a->disabled_at;
	struct tm tm;

	(void)err;
	if (list != NULL)
		return json_array_append_new(
		    list, json_pack("{s:s,s:s,s:s,s:b}", "name", a->name, "role", a->role,
				    "districts", a->districts, "disabled", a->disabled_at != 0));
	if (a->disabled_at != 0 && gmtime_r(&t, &tm) != NULL)
		strftime(when, sizeof when, "disabled %Y-%m-%d", &tm);
	printf("%-20s %-10s %-30s %s\n", a->name, a->role, a->districts, when);
	return 0;
}

static int
user_list(struct fc_sstore *st, int argc, char **argv, struct fc_error *err)
{
	struct user_opts o = {0};
	json_t *list = NULL;
	int ret;

	if (user_parse(argc, argv, 0, &o, err) != 0)
		return -1;
	if (optind != argc)
		return fc_error_set(err, FC_E_USAGE, "usage: user list [--json]");
	if (o.json && (list = json_array()) == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory");
	ret = fc_sstore_account_each(st, user_list_one, list, err);
	if (ret == 0 && list != NULL) {
		json_dumpf(list, stdout, JSON_COMPACT);
		putchar('\n');
	}
	json_decref(list);
	return ret;
}

static const struct user_verb {
	const char *name;
	int (*run)(struct fc_sstore *st, int argc, char **argv, struct fc_error *err);
} user_verbs[] = {
    {"add", user_add},	      {"passwd", user_passwd}, {"disable", user_disable},
    {"enable", user_disable}, {"list", user_list},
};

int
fc_server_user(struct fc_sstore *st, int argc, char **argv, struct fc_error *err)
{
	if (argc < 2)
		return fc_error_set(err, FC_E_USAGE, "usage: user add|passwd|disable|enable|list");
	for (size_t i = 0; i < sizeof user_verbs / sizeof user_verbs[0]; i++)
		if (strcmp(argv[1], user_verbs[i].name) == 0)
			return user_verbs[i].run(st, argc - 1, argv + 1, err);
	return fc_error_set(err, FC_E_USAGE,
			    "user: unknown verb '%s' (add, passwd, disable, "
			    "enable, list)",
			    argv[1]);
}
