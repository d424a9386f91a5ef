/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tui/widget-field.c and tui/draw.c: the inspector edits text by characters,
 * never by bytes, so Chinese typed through an input method is inserted,
 * moved over and deleted one whole character at a time; control characters
 * never get in; wrapping counts columns, not bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <curses.h>

#include "core/template.h"
#include "core/utf8.h"
#include "tui/draw.h"
#include "tui/i18n.h"
#include "tui/screen.h"
#include "tui/widget-field.h"

static int
setup_locale(void **state)
{
	(void)state;
	return fc_utf8_locale();
}

static void
type_text(struct fc_field *f, const wchar_t *s)
{
	for (; *s != L'\0'; s++)
		fc_field_key(f, (int)*s);
}

static void
test_chinese_typed_character_by_character_comes_back_as_utf8(void **state)
{
	struct fc_field f;
	char out[64];

	(void)state;
	fc_field_init(&f, 40, 0);
	type_text(&f, L"新华路12号");
	fc_field_get(&f, out, sizeof out);
	assert_string_equal(out, "新华路12号");
	/* 6 characters, 4 of them 3 bytes long: 14 bytes. */
	assert_int_equal(f.len, 6);
	assert_int_equal(strlen(out), 14);
}

/*
 * A Chinese input method left in full-width mode types ２５８０３６: a PIN
 * field takes it as the digits it shows (it was a wrong PIN, counted
 * towards the lockout); a field asked to hold ASCII folds the same way; a
 * text field keeps what was typed.
 */
static void
test_full_width_forms_fold_to_ascii_where_a_field_holds_ascii(void **state)
{
	struct fc_field pin, date, text;
	char out[64];

	(void)state;
	fc_field_init(&pin, 12, 1);
	type_text(&pin, L"２５８０３６");
	fc_field_get(&pin, out, sizeof out);
	assert_string_equal(out, "258036");
	fc_field_init(&date, 40, 0);
	date.ascii = 1;
	type_text(&date, L"２０２７－０１－０１　ＡＢｃ：／");
	fc_field_get(&date, out, sizeof out);
	assert_string_equal(out, "2027-01-01 ABc:/");
	fc_field_init(&text, 40, 0);
	type_text(&text, L"２号楼－东");
	fc_field_get(&text, out, sizeof out);
	assert_string_equal(out, "２号楼－东");
}

static void
test_backspace_deletes_one_whole_character(void **state)
{
	struct fc_field f;
	char out[64];

	(void)state;
	fc_field_init(&f, 40, 0);
	fc_field_set(&f, "新华路");
	assert_int_equal(fc_field_key(&f, FC_KEYCODE(KEY_BACKSPACE)), 1);
	fc_field_get(&f, out, sizeof out);
	assert_string_equal(out, "新华");
	assert_true(fc_utf8_valid(out, strlen(out), NULL));
}

static void
test_cursor_moves_over_characters_and_inserts_between_them(void **state)
{
	struct fc_field f;
	char out[64];

	(void)state;
	fc_field_init(&f, 40, 0);
	fc_field_set(&f, "新路");
	fc_field_key(&f, FC_KEYCODE(KEY_LEFT));
	fc_field_key(&f, (int)L'华');
	fc_field_get(&f, out, sizeof out);
	assert_string_equal(out, "新华路");
	fc_field_key(&f, FC_KEYCODE(KEY_HOME));
	fc_field_key(&f, FC_KEYCODE(KEY_DC));
	fc_field_get(&f, out, sizeof out);
	assert_string_equal(out, "华路");
}

static void
test_control_characters_are_never_inserted(void **state)
{
	struct fc_field f;
	char out[64];

	(void)state;
	fc_field_init(&f, 40, 0);
	assert_int_equal(fc_field_key(&f, 0x1b), 0);
	assert_int_equal(fc_field_key(&f, '\t'), 0);
	assert_int_equal(fc_field_key(&f, 0x85), 0); /* C1 NEL */
	fc_field_set(&f, "a\x07"
			 "b");
	fc_field_get(&f, out, sizeof out);
	assert_string_equal(out, "ab");
}

static void
test_the_field_stops_at_its_character_limit_not_a_byte_limit(void **state)
{
	struct fc_field f;
	char out[64];

	(void)state;
	fc_field_init(&f, 3, 0);
	type_text(&f, L"燃气表安装");
	fc_field_get(&f, out, sizeof out);
	assert_string_equal(out, "燃气表");
	/* A key the full field does not take is told apart, for the screen to say so. */
	assert_int_equal(fc_field_key(&f, (int)L'装'), FC_FIELD_FULL);
	/* Text longer than the field is reported, not silently taken as whole. */
	assert_int_equal(fc_field_set(&f, "燃气表安装"), -1);
	assert_int_equal(fc_field_set(&f, "燃气表"), 0);
}

static void
test_a_field_holds_every_text_answer_a_template_allows_by_default(void **state)
{
	static struct fc_field f;
	static char text[FC_TEXT_MAX_DEFAULT * 3 + 1], out[sizeof text];

	(void)state;
	for (int i = 0; i < FC_TEXT_MAX_DEFAULT; i++)
		memcpy(text + 3 * i, "备", 3);
	fc_field_init(&f, 0, 0);
	assert_int_equal(fc_field_set(&f, text), 0);
	fc_field_get(&f, out, sizeof out);
	assert_string_equal(out, text);
}

static void
test_utf8_output_is_cut_on_a_character_boundary(void **state)
{
	struct fc_field f;
	char out[8];

	(void)state;
	fc_field_init(&f, 40, 0);
	fc_field_set(&f, "新华路12号");
	/* 7 bytes of room: 新华 (6 bytes) fits, 路 would need 9. */
	fc_field_get(&f, out, sizeof out);
	assert_string_equal(out, "新华");
}

static void
test_wrapping_counts_columns_and_breaks_latin_text_at_spaces(void **state)
{
	(void)state;
	/* 10 wide characters = 20 columns: 2 lines of 10 columns. */
	assert_int_equal(fc_draw_wrap_lines(10, "一二三四五六七八九十"), 2);
	/* "wrong PIN twice" in 10 columns: "wrong PIN" / "twice". */
	assert_int_equal(fc_draw_wrap_lines(10, "wrong PIN twice"), 2);
	assert_int_equal(fc_draw_wrap_lines(10, "a\nb"), 2);
}

static void
test_labels_fall_back_to_the_other_language(void **state)
{
	(void)state;
	fc_i18n_set(FC_LANG_EN);
	assert_string_equal(fc_i18n_pick("燃气表", "Gas meter"), "Gas meter");
	assert_string_equal(fc_i18n_pick("燃气表", NULL), "燃气表");
	fc_i18n_set(FC_LANG_ZH);
	assert_string_equal(fc_i18n_pick("燃气表", "Gas meter"), "燃气表");
	assert_string_equal(fc_i18n_pick("", "Gas meter"), "Gas meter");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_chinese_typed_character_by_character_comes_back_as_utf8),
	    cmocka_unit_test(test_backspace_deletes_one_whole_character),
	    cmocka_unit_test(test_full_width_forms_fold_to_ascii_where_a_field_holds_ascii),
	    cmocka_unit_test(test_a_field_holds_every_text_answer_a_template_allows_by_default),
	    cmocka_unit_test(test_cursor_moves_over_characters_and_inserts_between_them),
	    cmocka_unit_test(test_control_characters_are_never_inserted),
	    cmocka_unit_test(test_the_field_stops_at_its_character_limit_not_a_byte_limit),
	    cmocka_unit_test(test_utf8_output_is_cut_on_a_character_boundary),
	    cmocka_unit_test(test_wrapping_counts_columns_and_breaks_latin_text_at_spaces),
	    cmocka_unit_test(test_labels_fall_back_to_the_other_language),
	};

	return cmocka_run_group_tests(tests, setup_locale, NULL);
}
