/* SPDX-License-Identifier: Apache-2.0 */
/*
 * file.h: replacing a file so that a reader, a crash or a full disk never
 * leaves half of it: write a temporary file beside it, fsync it, rename it
 * over the old one, fsync the directory (the rename is durable only once the
 * directory entry is). Every place that writes a whole file goes through here:
 * key files, copied photos, exports, notices, pulled templates, a CA file,
 * server backups and photos.
 */
#ifndef FC_FILE_H
#define FC_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

/* Mode 0600 (secrets: key files) instead of 0644. */
#define FC_FILE_PRIVATE 0x1
/* Refuse with FC_E_EXISTS rather than replace a file already at path. */
#define FC_FILE_EXCLUSIVE 0x2

/*
 * Writes the new contents to f, an empty temporary file whose name is tmp
 * (for a library that only writes to a path: it may write there instead).
 * Returns 0, or -1 with err filled.
 */
typedef int (*fc_file_writer)(FILE *f, const char *tmp, void *arg, struct fc_error *err);

/*
 * Make path hold what writer puts in the temporary file, or leave it as it
 * was. A failed write, fsync or rename removes the temporary file; ENOSPC
 * is FC_E_FULL ("device storage is full; nothing was saved"). A symbolic
 * link is followed (the file it names is replaced, the link kept); a path
 * that is not a regular file (a pipe, a terminal, /dev/stdout) is written
 * in place, with no temporary file; a directory is refused.
 */
int fc_file_replace(const char *path, unsigned flags, fc_file_writer writer, void *arg,
		    struct fc_error *err);

/* fc_file_replace() with len bytes of data as the contents. */
int fc_file_replace_data(const char *path, unsigned flags, const void *data, size_t len,
			 struct fc_error *err);

/* fc_file_replace() with what is left to read of in as the contents. */
int fc_file_replace_stream(const char *path, unsigned flags, FILE *in, struct fc_error *err);

/*
 * The second half, for a file already written whole at tmp by someone else
 * (a database's backup, chunks received over time): fsync tmp, rename it to
 * path, fsync the directory. tmp is removed on failure.
 */
int fc_file_commit(const char *tmp, const char *path, unsigned flags, struct fc_error *err);

/*
 * A scratch file nobody else can open: made private (0600) in dir with a
 * unique name into path[size], to be written by a library that wants a path
 * and read back once (the console's downloads); the caller unlinks it.
 * Returns 0, or -1 with err filled.
 */
int fc_file_scratch(const char *dir, const char *prefix, char *path, size_t size,
		    struct fc_error *err);

#endif
