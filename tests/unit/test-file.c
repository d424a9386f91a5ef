/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/file.c: a replaced file holds either the old contents or the whole new
 * ones, never half, and no temporary file is left behind either way.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/error.h"
#include "core/file.h"
#include "support.h"

struct fixture {
	char dir[64];
	char path[128];
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	if (fx == NULL)
		return -1;
	snprintf(fx->dir, sizeof fx->dir, "/tmp/fc-test-file-XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->path, sizeof fx->path, "%s/key.json", fx->dir);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	fc_test_rmtree(fx->dir);
	free(fx);
	return 0;
}

/* The file's contents into buf (NUL-terminated); its length, or -1. */
static long
fx_read(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		return -1;
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
	return (long)n;
}

/* How many entries the directory holds besides . and .. */
static int
fx_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static int
write_half_then_fail(FILE *f, const char *tmp, void *arg, struct fc_error *err)
{
	(void)arg;
	fputs("{\"half\":", f);
	return fc_error_set(err, FC_E_INVALID, "%s: the writer gave up", tmp);
}

static void
test_a_replaced_file_holds_the_new_contents_with_the_mode_asked_for(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	struct stat sb;
	char buf[64];

	assert_int_equal(fc_file_replace_data(fx->path, 0, "old\n", 4, &err), 0);
	assert_int_equal(fc_file_replace_data(fx->path, FC_FILE_PRIVATE, "new\n", 4, &err), 0);
	assert_int_equal(fx_read(fx->path, buf, sizeof buf), 4);
	assert_string_equal(buf, "new\n");
	assert_int_equal(stat(fx->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(fx_entries(fx->dir), 1);
}

static void
test_a_writer_that_fails_leaves_the_old_file_and_no_temporary_one(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	char buf[64];

	assert_int_equal(fc_file_replace_data(fx->path, 0, "old\n", 4, &err), 0);
	assert_int_equal(fc_file_replace(fx->path, 0, write_half_then_fail, NULL, &err), -1);
	assert_int_equal(err.code, FC_E_INVALID);
	assert_non_null(strstr(err.msg, "the writer gave up"));
	assert_int_equal(fx_read(fx->path, buf, sizeof buf), 4);
	assert_string_equal(buf, "old\n");
	assert_int_equal(fx_entries(fx->dir), 1);
}

static void
test_an_exclusive_replace_refuses_an_existing_file_and_changes_nothing(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	char buf[64];

	assert_int_equal(fc_file_replace_data(fx->path, FC_FILE_EXCLUSIVE, "first\n", 6, &err), 0);
	assert_int_equal(fc_file_replace_data(fx->path, FC_FILE_EXCLUSIVE, "second\n", 7, &err),
			 -1);
	assert_int_equal(err.code, FC_E_EXISTS);
	assert_non_null(strstr(err.msg, "exists already; nothing was changed"));
	assert_int_equal(fx_read(fx->path, buf, sizeof buf), 6);
	assert_string_equal(buf, "first\n");
	assert_int_equal(fx_entries(fx->dir), 1);
}

static void
test_a_copy_takes_what_is_left_of_the_stream(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	FILE *in = tmpfile();
	char buf[64];

	assert_non_null(in);
	fputs("skip|kept", in);
	fseek(in, 5, SEEK_SET);
	assert_int_equal(fc_file_replace_stream(fx->path, 0, in, &err), 0);
	fclose(in);
	assert_int_equal(fx_read(fx->path, buf, sizeof buf), 4);
	assert_string_equal(buf, "kept");
}

static void
test_commit_names_a_written_file_and_a_missing_one_is_an_error_naming_the_target(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	char part[160], buf[64];
	FILE *f;

	snprintf(part, sizeof part, "%s/.key.part", fx->dir);
	assert_non_null(f = fopen(part, "w"));
	fputs("whole", f);
	fclose(f);
	assert_int_equal(fc_file_commit(part, fx->path, 0, &err), 0);
	assert_int_equal(fx_read(fx->path, buf, sizeof buf), 5);
	assert_string_equal(buf, "whole");
	assert_int_equal(access(part, F_OK), -1);

	assert_int_equal(fc_file_commit(part, fx->path, 0, &err), -1);
	assert_int_equal(err.code, FC_E_IO);
	assert_non_null(strstr(err.msg, fx->path));
	assert_int_equal(fx_read(fx->path, buf, sizeof buf), 5);
}

static void
test_scratch_files_are_private_unique_and_a_missing_dir_is_named(void **state)
{
	struct fixture *fx = *state;
	char a[256], b[256], bad[80];
	struct fc_error err = {0};
	struct stat sb;

	assert_int_equal(fc_file_scratch(fx->dir, "fc-export", a, sizeof a, &err), 0);
	assert_int_equal(fc_file_scratch(fx->dir, "fc-export", b, sizeof b, &err), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(stat(a, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sb.st_size, 0);
	snprintf(bad, sizeof bad, "%s/missing", fx->dir);
	assert_int_equal(fc_file_scratch(bad, "fc-export", a, sizeof a, &err), -1);
	assert_non_null(strstr(err.msg, "missing"));
	assert_int_equal(fc_file_scratch(fx->dir, "fc-export", a, 8, &err), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		test_scratch_files_are_private_unique_and_a_missing_dir_is_named, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_replaced_file_holds_the_new_contents_with_the_mode_asked_for, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_writer_that_fails_leaves_the_old_file_and_no_temporary_one, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_an_exclusive_replace_refuses_an_existing_file_and_changes_nothing, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(test_a_copy_takes_what_is_left_of_the_stream, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		test_commit_names_a_written_file_and_a_missing_one_is_an_error_naming_the_target,
		setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
