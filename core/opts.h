/* SPDX-License-Identifier: Apache-2.0 */
/*
 * opts.h: long options declared as a table and parsed once, for the
 * commands of both programs (fieldcheck's cli/cmd.c, fieldcheck-server's
 * server/main.c): --name VALUE, --name=VALUE and flags, in any order around
 * the operands; "--" ends the options. An undeclared option, a missing
 * value or a value given to a flag is bad usage (FC_E_USAGE) naming the
 * command, before the command runs.
 */
#ifndef FC_OPTS_H
#define FC_OPTS_H

#include "error.h"

/* One option a command declares: --name, or --name VALUE / --name=VALUE. */
struct fc_opt {
	const char *name; /* without the dashes: "format"; NULL ends a table */
	int value;	  /* 1 when it takes a value */
};

#define FC_OPTS_MAX 16

/*
 * Sort argv[1..argc) into decl's options and the operands: values[k] gets
 * decl[k]'s value ("" for a flag given, NULL when not given); the operands
 * are moved to argv[1..*nargs) (argv[0] stays), argv[*nargs] = NULL. cmd
 * names the command in messages.
 */
int fc_opts_parse(const char *cmd, const struct fc_opt *decl, int argc, char **argv,
		  const char *values[FC_OPTS_MAX], int *nargs, struct fc_error *err);

/*
 * The same for options that come before a command (a program's global ones):
 * only argv[1..) up to the first operand are read, argv is left as it is, and
 * *first is the index of that operand (argc when there is none).
 */
int fc_opts_parse_lead(const char *cmd, const struct fc_opt *decl, int argc, char **argv,
		       const char *values[FC_OPTS_MAX], int *first, struct fc_error *err);

/* The value of decl's option name from values, or NULL when not given. */
const char *fc_opts_get(const struct fc_opt *decl, const char *const *values, const char *name);

#endif
