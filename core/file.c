/* SPDX-License-Identifier: Apache-2.0 */
/*
 * file.c: write beside, fsync, rename, fsync the directory (file.h).
 *
 * The temporary file is made by mkstemp() in the target's own directory, so
 * the rename never crosses a file system and two writers never share one.
 * An exclusive replace uses link(), which refuses an existing name
 * atomically; a file system without hard links (FAT on an SD card) gets
 * rename() after a check that the name is free.
 */
#include <libintl.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"

#define _(s) gettext(s)

static int
file_fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY);
	int ret;

	if (fd < 0)
		return -1;
	ret = fsync(fd);
	close(fd);
	return ret;
}

static int
file_fsync_dir(const char *path)
{
	char copy[PATH_MAX];

	snprintf(copy, sizeof copy, "%s", path);
	return file_fsync_path(dirname(copy));
}

/* An I/O failure on path in words a user can act on. */
static int
file_fail(const char *path, int e, struct fc_error *err)
{
	if (e == ENOSPC)
		return fc_error_set(
		    err, FC_E_FULL,
		    _("device storage is full; nothing was saved (cannot write %s)"), path);
	return fc_error_set(err, FC_E_IO, _("cannot write %s: %s"), path, strerror(e));
}

/* link() where it can, rename() where hard links are not supported. */
static int
file_link_new(const char *tmp, const char *path, struct fc_error *err)
{
	int r = link(tmp, path);
	int e = errno;

	if (r != 0 && (e == EPERM || e == EOPNOTSUPP || e == ENOSYS) && access(path, F_OK) != 0) {
		if (rename(tmp, path) == 0)
			return 0;
		e = errno;
	} else if (r == 0) {
		unlink(tmp);
		return 0;
	}
	unlink(tmp);
	if (e == EEXIST || access(path, F_OK) == 0)
		return fc_error_set(err, FC_E_EXISTS, _("%s exists already; nothing was changed"),
				    path);
	return file_fail(path, e, err);
}

/* tmp, already synced, becomes path. */
static int
file_rename(const char *tmp, const char *path, unsigned flags, struct fc_error *err)
{
	if (flags & FC_FILE_EXCLUSIVE) {
		if (file_link_new(tmp, path, err) != 0)
			return -1;
	} else if (rename(tmp, path) != 0) {
		int e = errno;

		unlink(tmp);
		return file_fail(path, e, err);
	}
	/* Best effort: the file is whole either way; only its name may not survive a crash. */
	file_fsync_dir(path);
	return 0;
}

int
fc_file_commit(const char *tmp, const char *path, unsigned flags, struct fc_error *err)
{
	if (file_fsync_path(tmp) != 0) {
		int e = errno;

		unlink(tmp);
		return file_fail(path, e, err);
	}
	return file_rename(tmp, path, flags, err);
}

/*
 * What is not a regular file (a terminal, a pipe, /dev/stdout, a device) is
 * written in place: renaming over it would put a file where the device or
 * the pipe was, and nothing would reach it.
 */
static int
file_write_in_place(const char *path, fc_file_writer writer, void *arg, struct fc_error *err)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC), e;
	FILE *f;

	if (fd < 0)
		return file_fail(path, errno, err);
	if ((f = fdopen(fd, "w")) == NULL) {
		e = errno;
		close(fd);
		return file_fail(path, e, err);
	}
	if (writer(f, path, arg, err) != 0) {
		fclose(f);
		return -1;
	}
	if (fflush(f) != 0 || ferror(f)) {
		e = errno != 0 ? errno : EIO;
		fclose(f);
		return file_fail(path, e, err);
	}
	if (fclose(f) != 0)
		return file_fail(path, errno, err);
	return 0;
}

/* Write beside target, sync, rename over it; messages name path, as the user gave it. */
static int
file_replace_regular(const char *path, const char *target, unsigned flags, fc_file_writer writer,
		     void *arg, struct fc_error *err)
{
	char tmp[PATH_MAX];
	FILE *f;
	int fd, e;

	if (snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", target) >= (int)sizeof tmp)
		return fc_error_set(err, FC_E_USAGE, _("%s: path too long"), path);
	if ((fd = mkstemp(tmp)) < 0)
		return file_fail(path, errno, err);
	if (fchmod(fd, flags & FC_FILE_PRIVATE ? 0600 : 0644) != 0 ||
	    (f = fdopen(fd, "w")) == NULL) {
		e = errno;
		close(fd);
		unlink(tmp);
		return file_fail(path, e, err);
	}
	if (writer(f, tmp, arg, err) != 0) {
		fclose(f);
		unlink(tmp);
		return -1;
	}
	if (fflush(f) != 0 || ferror(f) || fsync(fd) != 0) {
		e = errno;
		fclose(f);
		unlink(tmp);
		return file_fail(path, e, err);
	}
	if (fclose(f) != 0) {
		e = errno;
		unlink(tmp);
		return file_fail(path, e, err);
	}
	return file_rename(tmp, target, flags, err);
}

int
fc_file_replace(const char *path, unsigned flags, fc_file_writer writer, void *arg,
		struct fc_error *err)
{
	char real[PATH_MAX];
	struct stat sb;

	/* An exclusive write makes a new name; nothing there is followed or written into. */
	if ((flags & FC_FILE_EXCLUSIVE) || stat(path, &sb) != 0)
		return file_replace_regular(path, path, flags, writer, arg, err);
	if (S_ISDIR(sb.st_mode))
		return file_fail(path, EISDIR, err);
	if (!S_ISREG(sb.st_mode))
		return file_write_in_place(path, writer, arg, err);
	/* A symbolic link is kept: the file it names is the one replaced. */
	if (realpath(path, real) == NULL)
		return file_fail(path, errno, err);
	return file_replace_regular(path, real, flags, writer, arg, err);
}

struct file_data {
	const void *data;
	size_t len;
};

static int
file_write_data(FILE *f, const char *tmp, void *arg, struct fc_error *err)
{
	const struct file_data *d = arg;

	if (d->len > 0 && fwrite(d->data, 1, d->len, f) != d->len)
		return file_fail(tmp, errno, err);
	return 0;
}

int
fc_file_replace_data(const char *path, unsigned flags, const void *data, size_t len,
		     struct fc_error *err)
{
	struct file_data d = {data, len};

	return fc_file_replace(path, flags, file_write_data, &d, err);
}

static int
file_write_stream(FILE *f, const char *tmp, void *arg, struct fc_error *err)
{
	FILE *in = arg;
	unsigned char buf[16384];
	size_t n;

	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, f) != n)
			return file_fail(tmp, errno, err);
	if (ferror(in))
		return fc_error_set(err, FC_E_IO, _("cannot read what goes into %s: %s"), tmp,
				    strerror(errno));
	return 0;
}

int
fc_file_replace_stream(const char *path, unsigned flags, FILE *in, struct fc_error *err)
{
	return fc_file_replace(path, flags, file_write_stream, in, err);
}

int
fc_file_scratch(const char *dir, const char *prefix, char *path, size_t size, struct fc_error *err)
{
	int fd;

	if (snprintf(path, size, "%s/%s-XXXXXX", dir, prefix) >= (int)size)
		return fc_error_set(err, FC_E_USAGE, _("%s: path too long"), dir);
	if ((fd = mkstemp(path)) < 0)
		return file_fail(dir, errno, err);
	close(fd);
	return 0;
}
