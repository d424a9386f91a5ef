/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd.h: what a fieldcheck-server command is given. Each command's row in
 * the command table (server/main.c) declares the options it takes; they are
 * parsed there once (core/opts.h), before the command runs, so an undeclared
 * option is bad usage for every command alike. A command with subcommands
 * (inspectors, devices, codes, user, warnings) declares none in that table:
 * it gets its words as typed, and its own table of subcommands declares each
 * one's options.
 */
#ifndef FC_SERVER_CMD_H
#define FC_SERVER_CMD_H

#include "core/opts.h"

struct fc_server_args {
	/* argv[0] is the command's name, then the operands (the words, for opts NULL). */
	int argc;
	char **argv;
	const struct fc_opt *opts; /* the row's options; NULL for a command with subcommands */
	const char *values[FC_OPTS_MAX];
};

/* The value of the declared option name ("" for a flag given), or NULL when not given. */
static inline const char *
fc_server_opt(const struct fc_server_args *a, const char *name)
{
	return fc_opts_get(a->opts, a->values, name);
}

#endif
