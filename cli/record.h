/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record.h: what `fieldcheck record` (cmd-record.c) and its batch form
 * (record-batch.c) share: one record's options, and making it.
 */
#ifndef FC_CLI_RECORD_H
#define FC_CLI_RECORD_H

#include <jansson.h>

#include "cmd.h"
#include "core/template.h"

struct record_opts {
	const char *template_arg; /* "gas" or "gas@1" */
	const char *household;
	const char *answers_path; /* the answers file, or a batch line's "FILE:LINE" */
	const char *follows;
	const char *corrects;
	const char *outcome;	/* follow-ups: rectified | not_rectified */
	const char *batch;	/* --batch FILE.jsonl */
	const char *notes_path; /* --notes FILE.json: item id -> note */
	/*
	 * Set by a batch line instead of files: the answers and notes
	 * (borrowed; notes NULL when the line has none) and when.
	 */
	json_t *answers;
	json_t *notes;
	const char *time;
	const char *base; /* photo names are relative to it; NULL: the answers file's dir */
	char id[FC_RECORD_ID_MAX]; /* the record made */
	/* A batch loads these once for all its lines; NULL: loaded for this record. */
	const struct fc_templates *templates;
	json_t *settings;
};

/* Make the record o describes (one path: app/sign.h) and print its id. */
int fc_record_one(struct fc_app *app, struct record_opts *o, struct fc_error *err);

/* `record --batch FILE`: every line of FILE a record, one PIN for all. */
int fc_record_batch(struct fc_app *app, const char *path, struct fc_error *err);

#endif
