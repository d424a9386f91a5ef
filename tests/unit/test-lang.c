/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/lang.c: messages looked up per call in the built catalogues, the
 * same in every thread whatever language another thread asks for, and the
 * language an Accept-Language header or the environment asks for.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/error.h"
#include "core/lang.h"
#include "server/server.h"
#include "support.h"

/* A refusal the server sends and its zh_CN translation in po/zh_CN.po. */
#define REFUSAL "not allowed: household %s is in district %s, outside inspector %s's districts (%s)"
#define REFUSAL_ZH "不允许：住户 %s 属于辖区 %s，不在检查员 %s 的辖区（%s）内"

/* The build's catalogues: locale/ beside tests/ in the build directory. */
static void
locale_dir(char *out, size_t size)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	assert_true(n > 0);
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	assert_non_null(slash);
	*slash = '\0';
	snprintf(out, size, "%s/../locale", exe);
}

static int
load(void **state)
{
	char dir[4200];
	struct fc_error err = {0};

	(void)state;
	locale_dir(dir, sizeof dir);
	return fc_lang_load(dir, "fieldcheck", &err);
}

static int
unload(void **state)
{
	(void)state;
	fc_lang_unload();
	return 0;
}

static void
test_a_message_comes_in_the_language_asked_for(void **state)
{
	(void)state;
	assert_string_equal(fc_gettext("zh", REFUSAL), REFUSAL_ZH);
	assert_string_equal(fc_gettext("en", REFUSAL), REFUSAL);
	/* Not in the catalogue, or a language it has none for: as written. */
	assert_string_equal(fc_gettext("zh", "no such message here"), "no such message here");
	assert_string_equal(fc_gettext("fr", REFUSAL), REFUSAL);
	assert_string_equal(fc_gettext("zh", ""), "");
}

struct worker {
	const char *lang, *want;
	int wrong;
};

static void *
lookups(void *arg)
{
	struct worker *w = arg;

	for (int i = 0; i < 20000; i++)
		if (strcmp(fc_gettext(w->lang, REFUSAL), w->want) != 0)
			w->wrong++;
	return NULL;
}

static void
test_threads_asking_in_different_languages_each_get_their_own(void **state)
{
	struct worker w[6];
	pthread_t tid[6];

	(void)state;
	for (int i = 0; i < 6; i++) {
		w[i] = (struct worker){i % 2 ? "en" : "zh", i % 2 ? REFUSAL : REFUSAL_ZH, 0};
		assert_int_equal(pthread_create(&tid[i], NULL, lookups, &w[i]), 0);
	}
	for (int i = 0; i < 6; i++) {
		assert_int_equal(pthread_join(tid[i], NULL), 0);
		assert_int_equal(w[i].wrong, 0);
	}
}

static void
test_accept_language_picks_the_first_known_and_defaults_to_chinese(void **state)
{
	(void)state;
	assert_string_equal(fc_server_accept_lang(NULL), "zh");
	assert_string_equal(fc_server_accept_lang(""), "zh");
	assert_string_equal(fc_server_accept_lang("en"), "en");
	assert_string_equal(fc_server_accept_lang("en-US,en;q=0.9"), "en");
	assert_string_equal(fc_server_accept_lang("zh-CN,zh;q=0.9,en;q=0.8"), "zh");
	assert_string_equal(fc_server_accept_lang("fr-FR, en;q=0.5"), "en");
	assert_string_equal(fc_server_accept_lang("de, fr"), "zh");
	assert_string_equal(fc_server_accept_lang("enx"), "zh");
}

static void
test_a_language_tag_or_locale_name_names_chinese_or_english(void **state)
{
	(void)state;
	assert_string_equal(fc_lang_of_tag("zh"), "zh");
	assert_string_equal(fc_lang_of_tag("zh-CN"), "zh");
	assert_string_equal(fc_lang_of_tag("zh_CN.UTF-8"), "zh");
	assert_string_equal(fc_lang_of_tag("en;q=0.5"), "en");
	assert_string_equal(fc_lang_of_tag("en_US.UTF-8"), "en");
	assert_null(fc_lang_of_tag("enx"));
	assert_null(fc_lang_of_tag("fr-FR"));
	assert_null(fc_lang_of_tag(""));
}

static void
test_the_process_language_is_what_gettext_would_show(void **state)
{
	char *saved = getenv("LANGUAGE") ? strdup(getenv("LANGUAGE")) : NULL;

	(void)state;
	setenv("LANGUAGE", "zh_CN:en", 1);
	assert_string_equal(fc_lang_of_process(), "zh");
	setenv("LANGUAGE", "en", 1);
	assert_string_equal(fc_lang_of_process(), "en");
	unsetenv("LANGUAGE");
	setenv("LC_ALL", "C.UTF-8", 1);
	assert_string_equal(fc_lang_of_process(), "en");
	setenv("LC_ALL", "zh_CN.UTF-8", 1);
	assert_string_equal(fc_lang_of_process(), "zh");
	setenv("LC_ALL", "C.UTF-8", 1);
	if (saved != NULL)
		setenv("LANGUAGE", saved, 1);
	free(saved);
}

static void
test_a_damaged_catalogue_is_refused_and_a_missing_one_leaves_english(void **state)
{
	char dir[] = "/tmp/fc-test-lang-XXXXXX", path[256];
	struct fc_catalogue *c = NULL;
	struct fc_error err = {0};
	unsigned char bad[28] = {0xde, 0x12, 0x04, 0x95, 0,  0, 0, 0, 50, 0,
				 0,    0,    0,	   0,	 28, 0, 0, 0, 20, 0};
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/bad.mo", dir);
	/* Fifty strings claimed, no table for them: refused, nothing read out of bounds. */
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bad, 1, sizeof bad, f), sizeof bad);
	fclose(f);
	assert_int_equal(fc_catalogue_load(path, &c, &err), -1);
	assert_int_equal(err.code, FC_E_INVALID);
	assert_null(c);
	assert_non_null(strstr(err.msg, path));
	assert_null(fc_catalogue_get(NULL, REFUSAL));
	/* A directory with no catalogues: every language speaks English. */
	assert_int_equal(fc_lang_load(dir, "fieldcheck", &err), 0);
	assert_string_equal(fc_gettext("zh", REFUSAL), REFUSAL);
	assert_int_equal(fc_test_rmtree(dir), 0);
	assert_int_equal(load(NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_message_comes_in_the_language_asked_for),
	    cmocka_unit_test(test_threads_asking_in_different_languages_each_get_their_own),
	    cmocka_unit_test(test_accept_language_picks_the_first_known_and_defaults_to_chinese),
	    cmocka_unit_test(test_a_language_tag_or_locale_name_names_chinese_or_english),
	    cmocka_unit_test(test_the_process_language_is_what_gettext_would_show),
	    cmocka_unit_test(test_a_damaged_catalogue_is_refused_and_a_missing_one_leaves_english),
	};

	return cmocka_run_group_tests(tests, load, unload);
}
