/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd.h: the subcommand table (the context, struct fc_app, is app/app.h).
 *
 * Each subcommand is one cli/cmd-<name>.c ending in a const struct
 * fc_cmd_entry; cmd.c lists them all. Flags declare what a command needs and
 * fc_cmd_run() provides it before exec is called (as git's RUN_SETUP): the
 * home resolved, the store opened, the key unlocked with a PIN. Options are
 * declared in the entry (.opts, as tmux's .args) and parsed once, here, for
 * every command: an undeclared option, a missing value or a value given to
 * a flag is a usage error before exec runs. --help is answered from the
 * entry, so usage, help and dispatch cannot drift apart.
 */
#ifndef FC_CMD_H
#define FC_CMD_H

#include <stdio.h>

#include "app/app.h"
#include "core/opts.h"

#define FC_CMD_STORE 0x01    /* open the home's store (creating the home) */
#define FC_CMD_IDENTITY 0x02 /* the home must be initialised: app.identity */
#define FC_CMD_KEY 0x04	     /* unlock the signing key with the PIN: app.key */
#define FC_CMD_JSON 0x08     /* accepts --json */
#define FC_CMD_PIN 0x10	     /* accepts --pin-stdin (implied by FC_CMD_KEY) */

/* What was given: the declared options' values and the operands. */
struct fc_cmd_args {
	const struct fc_cmd_entry *entry;
	const char *values[FC_OPTS_MAX]; /* by index in entry->opts; NULL: not given */
	int argc;			 /* operands, argv[0] being the command's name */
	char **argv;
};

/* The value of declared option name ("" for a flag given), or NULL when not given. */
const char *fc_cmd_opt(const struct fc_cmd_args *args, const char *name);

struct fc_cmd_entry {
	const char *name;    /* "verify"; "" for the default (the TUI) */
	const char *usage;   /* after the name: "[--json]" */
	const char *summary; /* one line for `fieldcheck --help` */
	const char *help;    /* more lines for `fieldcheck NAME --help`, or NULL */
	int flags;	     /* FC_CMD_* */
	/* The options it takes besides --json, --pin-stdin and --help; NULL: none. */
	const struct fc_opt *opts;
	/*
	 * args holds the parsed options and the operands; --json and
	 * --pin-stdin are recorded in app. Return 0, or -1 with err filled;
	 * FC_E_USAGE becomes exit 2 and a usage line.
	 */
	int (*exec)(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err);
};

/* All commands, NULL-terminated, in the order --help lists them. */
extern const struct fc_cmd_entry *const fc_cmd_table[];

/* Look a command up by name; NULL if unknown. */
const struct fc_cmd_entry *fc_cmd_find(const char *name);

/* Run argv (argv[0] is the program) and return the exit status. */
int fc_cmd_main(struct fc_app *app, int argc, char **argv);

/*
 * Read a PIN: from standard input (one line) with --pin-stdin, else from the
 * terminal with echo off, after printing prompt to stderr. out gets at most
 * FC_PIN_MAX bytes; the caller wipes it with sodium_memzero().
 */
int fc_cmd_read_pin(struct fc_app *app, const char *prompt, char *out, size_t out_size,
		    struct fc_error *err);

/*
 * Refuse (FC_E_USAGE) an --out path that is, or would be made, inside the
 * home: an export written over store.db or key.json replaced the records or
 * the key whole. The path is resolved as the write will (links followed).
 */
int fc_cmd_check_out(const struct fc_app *app, const char *path, struct fc_error *err);

/* Unlock app->key if it is not yet unlocked (asks for the PIN). */
int fc_cmd_unlock(struct fc_app *app, struct fc_error *err);

/* Print `usage: fieldcheck NAME USAGE` for entry to stream. */
void fc_cmd_usage(const struct fc_cmd_entry *entry, FILE *stream);

/* Print a JSON value to app->out followed by a newline; steals nothing. */
struct json_t;
int fc_cmd_print_json(struct fc_app *app, const struct json_t *value, struct fc_error *err);

#endif
