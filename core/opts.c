/* SPDX-License-Identifier: Apache-2.0 */
/*
 * opts.c: the one long-option parser (opts.h).
 */
#include <libintl.h>
#include <string.h>

#include "opts.h"

#define _(s) gettext(s)

/* The declared option "--name" or "--name=value" names, or -1. */
static int
opts_index(const struct fc_opt *decl, const char *arg, size_t len)
{
	for (int i = 0; decl != NULL && decl[i].name != NULL && i < FC_OPTS_MAX; i++)
		if (strlen(decl[i].name) == len && strncmp(decl[i].name, arg, len) == 0)
			return i;
	return -1;
}

const char *
fc_opts_get(const struct fc_opt *decl, const char *const *values, const char *name)
{
	for (size_t i = 0; decl != NULL && decl[i].name != NULL && i < FC_OPTS_MAX; i++)
		if (strcmp(decl[i].name, name) == 0)
			return values[i];
	return NULL;
}

/* Take the option argv[*i] (and its value, moving *i past it) into values. */
static int
opts_take(const char *cmd, const struct fc_opt *decl, int argc, char **argv, int *i,
	  const char *values[FC_OPTS_MAX], struct fc_error *err)
{
	const char *a = argv[*i], *eq = strchr(a + 2, '=');
	int k = opts_index(decl, a + 2, eq != NULL ? (size_t)(eq - a - 2) : strlen(a + 2));

	if (k < 0)
		return fc_error_set(err, FC_E_USAGE, _("%s: unknown option '%s'"), cmd, a);
	if (!decl[k].value && eq != NULL)
		return fc_error_set(err, FC_E_USAGE, _("%s: --%s takes no value"), cmd,
				    decl[k].name);
	if (decl[k].value && eq == NULL && *i + 1 >= argc)
		return fc_error_set(err, FC_E_USAGE, _("%s: --%s needs a value"), cmd,
				    decl[k].name);
	values[k] = !decl[k].value ? "" : eq != NULL ? eq + 1 : argv[++*i];
	return 0;
}

static int
opts_is_option(const char *a)
{
	return strncmp(a, "--", 2) == 0 && a[2] != '\0';
}

int
fc_opts_parse(const char *cmd, const struct fc_opt *decl, int argc, char **argv,
	      const char *values[FC_OPTS_MAX], int *nargs, struct fc_error *err)
{
	int i, out = 1, only_operands = 0;

	memset(values, 0, FC_OPTS_MAX * sizeof *values);
	for (i = 1; i < argc; i++) {
		if (only_operands || !opts_is_option(argv[i])) {
			if (strcmp(argv[i], "--") == 0 && !only_operands)
				only_operands = 1;
			else
				argv[out++] = argv[i];
			continue;
		}
		if (opts_take(cmd, decl, argc, argv, &i, values, err) != 0)
			return -1;
	}
	argv[out] = NULL;
	*nargs = out;
	return 0;
}

int
fc_opts_parse_lead(const char *cmd, const struct fc_opt *decl, int argc, char **argv,
		   const char *values[FC_OPTS_MAX], int *first, struct fc_error *err)
{
	int i;

	memset(values, 0, FC_OPTS_MAX * sizeof *values);
	for (i = 1; i < argc && opts_is_option(argv[i]); i++)
		if (opts_take(cmd, decl, argc, argv, &i, values, err) != 0)
			return -1;
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	*first = i;
	return 0;
}
