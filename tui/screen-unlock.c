/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-unlock.c: the PIN at start-up.
 *
 * Shows whose key this is, the wrong PINs so far and how many more before a
 * lockout, "Unlocking…" while Argon2id runs, how to quit and, while the key
 * file says it is locked, the seconds left (counting down on the loop's tick).
 * The key file keeps the count, so quitting and restarting does not reset
 * it. On success app->key is set and the home screen replaces this one.
 */
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/keyfile.h"
#include "tui/draw.h"
#include "tui/i18n.h"
#include "tui/screen.h"
#include "tui/widget-field.h"

enum unlock_action {
	UNLOCK_ENTER = 1,
	UNLOCK_LANGUAGE,
	UNLOCK_QUIT,
};

static const struct fc_binding unlock_keys[] = {
    {'\r', UNLOCK_ENTER, "Enter", N_("unlock"), N_("unlock with the PIN typed")},
    {FC_KEYCODE(KEY_F(12)), UNLOCK_LANGUAGE, "F12", N_("中/EN"), N_("switch Chinese/English")},
    {FC_ESC, UNLOCK_QUIT, "Esc", N_("quit"), NULL},
    {0, 0, NULL, NULL, NULL},
};

struct unlock {
	struct fc_field pin;
	struct fc_identity id;
	struct fc_pin_status status;
	char problem[512];
};

static const char *
unlock_title(struct fc_tui *tui, void *data)
{
	(void)tui;
	(void)data;
	return _("Unlock");
}

static int
unlock_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct unlock *u = sodium_malloc(sizeof *u);

	(void)arg;
	if (u == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	memset(u, 0, sizeof *u);
	fc_field_init(&u->pin, FC_PIN_MAX, 1);
	if (fc_keyfile_identity(tui->app->home.key, &u->id, err) != 0 ||
	    fc_keyfile_status(tui->app->home.key, &u->status, err) != 0) {
		sodium_free(u);
		return -1;
	}
	tui->app->identity = u->id;
	*data = u;
	return 0;
}

static void
unlock_free(void *data)
{
	sodium_free(data);
}

static long
unlock_seconds_left(const struct unlock *u)
{
	time_t now = time(NULL);

	return u->status.locked_until > now ? (long)(u->status.locked_until - now) : 0;
}

/* Wrong PINs still allowed before the key file locks (core/keyfile.c decides when). */
int
fc_unlock_tries_left(int failures)
{
	int k = failures + 1;

	while (k < failures + 100 && fc_keyfile_lock_seconds(k) == 0)
		k++;
	return k - failures;
}

/* How to leave, on the last free line: a forgotten PIN must not trap anyone here. */
static void
unlock_draw_quit(struct fc_tui *tui, int y)
{
	int last = tui->top + tui->body_rows - 1;

	if (y < last)
		y = last;
	if (y == last)
		fc_draw_text(y, 1, tui->cols - 2, _("Esc quits; nothing is lost"), A_NORMAL);
}

static void
unlock_draw(struct fc_tui *tui, void *data)
{
	struct unlock *u = data;
	int y = tui->top + 1, cols = tui->cols - 2;
	long left = unlock_seconds_left(u);

	fc_draw_textf(y++, 1, cols, A_BOLD, "%s %s", _("Inspector:"), u->id.name);
	fc_draw_textf(y++, 1, cols, A_NORMAL, "%s %s  %s %s", _("ID"), u->id.inspector, _("device"),
		      u->id.device);
	y++;
	if (left > 0) {
		char msg[256];
		/* Wrapped, never cut: the seconds left are the point of the line. */
		snprintf(msg, sizeof msg, _("Locked after %d wrong PINs: try again in %ld s"),
			 u->status.failures, left);
		y += fc_draw_wrap(y, 1, cols, 3, msg, A_BOLD);
		unlock_draw_quit(tui, y);
		return;
	}
	fc_draw_text(y++, 1, cols, _("PIN:"), A_NORMAL);
	int cx = fc_field_draw(&u->pin, y, 1, cols > 30 ? 30 : cols);
	fc_tui_cursor(tui, y, cx);
	y += 2;
	if (u->status.failures > 0) {
		char msg[256];
		snprintf(msg, sizeof msg,
			 _("Wrong PIN %d time(s) in a row; %d more before a lockout"),
			 u->status.failures, fc_unlock_tries_left(u->status.failures));
		y += fc_draw_wrap(y, 1, cols, 2, msg, A_BOLD);
	}
	if (u->problem[0] != '\0')
		y += fc_draw_wrap(y, 1, cols, 3, u->problem, A_NORMAL);
	unlock_draw_quit(tui, y);
}

static int
unlock_try(struct fc_tui *tui, struct unlock *u)
{
	struct fc_app *app = tui->app;
	struct fc_error err = {0};
	struct fc_key *key = NULL;
	char *pin = sodium_malloc(FC_PIN_MAX * 4 + 1);
	double t0;
	int ret;

	if (pin == NULL)
		return FC_KEY_HANDLED;
	fc_field_get(&u->pin, pin, FC_PIN_MAX * 4 + 1);
	fc_field_clear(&u->pin);
	sodium_memzero(&u->pin, sizeof u->pin);
	fc_field_init(&u->pin, FC_PIN_MAX, 1);
	tui->wait_ms = tui->key_ms - tui->first_draw_ms;
	/* Argon2id takes a moment on a handheld: say so before it starts. */
	fc_tui_status(tui, "%s", _("Unlocking…"));
	fc_tui_show_status(tui);
	t0 = fc_tui_now_ms();
	ret = fc_keyfile_unlock(app->home.key, pin, time(NULL), &key, &u->status, &err);
	tui->kdf_ms = fc_tui_now_ms() - t0;
	tui->status[0] = '\0';
	sodium_free(pin);
	if (ret != 0) {
		u->problem[0] = '\0';
		if (err.code != FC_E_PIN && err.code != FC_E_LOCKED)
			snprintf(u->problem, sizeof u->problem, "%s", err.msg);
		return FC_KEY_HANDLED;
	}
	app->key = key;
	app->identity = key->id;
	fc_tui_replace(tui, &fc_screen_home, NULL);
	return FC_KEY_OPEN;
}

static int
unlock_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct unlock *u = data;

	switch (action) {
	case FC_ACT_TICK:
		return unlock_seconds_left(u) > 0 || u->status.locked_until != 0 ? FC_KEY_HANDLED
										 : FC_KEY_IGNORED;
	case UNLOCK_LANGUAGE:
		fc_tui_toggle_language(tui);
		return FC_KEY_HANDLED;
	case UNLOCK_QUIT:
		return FC_KEY_QUIT;
	case UNLOCK_ENTER:
		if (unlock_seconds_left(u) > 0)
			return FC_KEY_HANDLED;
		if (u->pin.len == 0)
			return FC_KEY_HANDLED;
		return unlock_try(tui, u);
	case FC_ACT_NONE:
		if (unlock_seconds_left(u) > 0)
			return FC_KEY_IGNORED;
		return fc_field_key(&u->pin, code) ? FC_KEY_HANDLED : FC_KEY_IGNORED;
	}
	return FC_KEY_IGNORED;
}

const struct fc_screen fc_screen_unlock = {
    .name = "unlock",
    .title = unlock_title,
    .init = unlock_init,
    .draw = unlock_draw,
    .key = unlock_key,
    .free = unlock_free,
    .keys = unlock_keys,
    .pastes = 1,
};
