/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/photo.c: the camera folder's listing (pictures only, since a time,
 * newest first, never cut short without the count saying so) and the import
 * that hashes a picked picture into the photo store at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/error.h"
#include "core/photo.h"
#include "support.h"

struct fixture {
	char dir[64];
	char photos[96];
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	if (fx == NULL)
		return -1;
	snprintf(fx->dir, sizeof fx->dir, "/tmp/fc-test-photo-XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->photos, sizeof fx->photos, "%s/photos", fx->dir);
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

/* A file of size bytes in the fixture's folder, last written at mtime. */
static void
fx_file(struct fixture *fx, const char *name, size_t size, time_t mtime)
{
	char path[160];
	struct timeval tv[2] = {{mtime, 0}, {mtime, 0}};
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", fx->dir, name);
	assert_non_null(f = fopen(path, "wb"));
	for (size_t i = 0; i < size; i++)
		fputc((int)(i * 7 % 251), f);
	fclose(f);
	assert_int_equal(utimes(path, tv), 0);
}

static void
test_the_listing_has_pictures_since_the_time_newest_first(void **state)
{
	struct fixture *fx = *state;
	struct fc_photo_file out[8];
	struct fc_error err = {0};
	size_t n = 99, total = 99;

	fx_file(fx, "old.jpg", 10, 1000);
	fx_file(fx, "IMG_2.JPG", 20, 2002);
	fx_file(fx, "IMG_1.jpeg", 30, 2001);
	fx_file(fx, "scan.png", 40, 2003);
	fx_file(fx, "notes.txt", 50, 2004);
	fx_file(fx, ".hidden.jpg", 60, 2005);
	assert_int_equal(mkdir(fx->photos, 0700), 0); /* a folder is no picture */
	assert_int_equal(fc_photo_list(fx->dir, 2000, out, 8, &n, &total, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(total, 3);
	assert_string_equal(out[0].name, "scan.png");
	assert_string_equal(out[1].name, "IMG_2.JPG");
	assert_string_equal(out[2].name, "IMG_1.jpeg");
	assert_int_equal(out[0].size, 40);
	assert_int_equal(out[2].mtime, 2001);
}

static void
test_a_short_listing_keeps_the_newest_and_counts_all(void **state)
{
	struct fixture *fx = *state;
	struct fc_photo_file out[2];
	struct fc_error err = {0};
	size_t n = 0, total = 0;

	fx_file(fx, "a.jpg", 1, 3001);
	fx_file(fx, "b.jpg", 1, 3004);
	fx_file(fx, "c.jpg", 1, 3002);
	fx_file(fx, "d.jpg", 1, 3003);
	assert_int_equal(fc_photo_list(fx->dir, 0, out, 2, &n, &total, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(total, 4);
	assert_string_equal(out[0].name, "b.jpg");
	assert_string_equal(out[1].name, "d.jpg");
}

static void
test_a_missing_folder_and_a_missing_file_are_named(void **state)
{
	struct fixture *fx = *state;
	struct fc_photo_file out[2];
	struct fc_error err = {0};
	char path[160];
	size_t n = 0, total = 0;
	json_t *obj = NULL;

	snprintf(path, sizeof path, "%s/nowhere", fx->dir);
	assert_int_equal(fc_photo_list(path, 0, out, 2, &n, &total, &err), -1);
	assert_int_equal(err.code, FC_E_NOTFOUND);
	assert_non_null(strstr(err.msg, "nowhere"));
	snprintf(path, sizeof path, "%s/gone.jpg", fx->dir);
	assert_int_equal(fc_photo_import(fx->photos, path, &obj, &err), -1);
	assert_int_equal(err.code, FC_E_NOTFOUND);
	assert_non_null(strstr(err.msg, "gone.jpg: no such file"));
	assert_null(obj);
}

static void
test_an_import_hashes_and_keeps_a_copy_under_the_hash(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	char path[160], kept[256];
	json_t *obj = NULL;
	struct stat sb;

	fx_file(fx, "IMG_9.jpg", 5000, 4000);
	snprintf(path, sizeof path, "%s/IMG_9.jpg", fx->dir);
	assert_int_equal(fc_photo_import(fx->photos, path, &obj, &err), 0);
	assert_string_equal(json_string_value(json_object_get(obj, "file")), "IMG_9.jpg");
	assert_int_equal(json_integer_value(json_object_get(obj, "size")), 5000);
	assert_int_equal(strlen(json_string_value(json_object_get(obj, "hash"))), 64);
	snprintf(kept, sizeof kept, "%s/%s", fx->photos,
		 json_string_value(json_object_get(obj, "hash")));
	assert_int_equal(stat(kept, &sb), 0);
	assert_int_equal(sb.st_size, 5000);
	json_decref(obj);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		test_the_listing_has_pictures_since_the_time_newest_first, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_short_listing_keeps_the_newest_and_counts_all,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_missing_folder_and_a_missing_file_are_named,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_an_import_hashes_and_keeps_a_copy_under_the_hash,
					    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
