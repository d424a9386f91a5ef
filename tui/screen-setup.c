/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-setup.c: first run: who the inspector is, and a PIN entered twice.
 *
 * Creates the key file (Argon2id-sealed secret key) and records the identity
 * in the store, then unlocks the new key with the same PIN and replaces
 * itself with the home screen. The PIN exists only in the fields and one
 * stack buffer, both wiped as soon as they have been used.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "core/keyfile.h"
#include "core/pin.h"
#include "tui/draw.h"
#include "tui/i18n.h"
#include "tui/screen.h"
#include "tui/widget-field.h"

enum setup_field { SETUP_ID, SETUP_NAME, SETUP_PIN, SETUP_PIN2, SETUP_NFIELDS };

enum setup_action {
	SETUP_NEXT = 1,
	SETUP_PREV,
	SETUP_ENTER,
	SETUP_LANGUAGE,
	SETUP_QUIT,
};

static const struct fc_binding setup_keys[] = {
    {'\r', SETUP_ENTER, "Enter", N_("next/done"), N_("next field; on the last, set up")},
    {'\t', SETUP_NEXT, "Tab", N_("next field"), NULL},
    {FC_KEYCODE(KEY_DOWN), SETUP_NEXT, "Down", NULL, NULL},
    {FC_KEYCODE(KEY_UP), SETUP_PREV, "Up", NULL, N_("previous field")},
    {FC_KEYCODE(KEY_BTAB), SETUP_PREV, "S-Tab", NULL, N_("previous field")},
    {FC_KEYCODE(KEY_F(12)), SETUP_LANGUAGE, "F12", N_("中/EN"), N_("switch Chinese/English")},
    {FC_ESC, SETUP_QUIT, "Esc", N_("quit"), N_("quit without setting up")},
    {0, 0, NULL, NULL, NULL},
};

struct setup {
	struct fc_field fields[SETUP_NFIELDS];
	int focus;
};

static const char *const setup_labels[SETUP_NFIELDS] = {
    N_("Inspector ID"),
    N_("Name"),
    N_("PIN (6 or more digits)"),
    N_("PIN again"),
};

static const char *
setup_title(struct fc_tui *tui, void *data)
{
	(void)tui;
	(void)data;
	return _("First run: set up the inspector");
}

static int
setup_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct setup *s = sodium_malloc(sizeof *s);

	(void)tui;
	(void)arg;
	if (s == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	memset(s, 0, sizeof *s);
	fc_field_init(&s->fields[SETUP_ID], FC_ID_MAX - 1, 0);
	fc_field_init(&s->fields[SETUP_NAME], 40, 0);
	fc_field_init(&s->fields[SETUP_PIN], FC_PIN_MAX, 1);
	fc_field_init(&s->fields[SETUP_PIN2], FC_PIN_MAX, 1);
	s->fields[SETUP_ID].ascii = 1; /* inspector ids are ASCII */
	*data = s;
	return 0;
}

static void
setup_free(void *data)
{
	sodium_free(data); /* wipes the PIN fields */
}

static void
setup_draw(struct fc_tui *tui, void *data)
{
	struct setup *s = data;
	int y = tui->top + 1, cols = tui->cols - 2;

	/* Two lines per field at 40x15; one line each when there is room. */
	int wide = tui->cols >= 60;
	int label_cols = wide ? 30 : cols;

	for (int i = 0; i < SETUP_NFIELDS; i++) {
		fc_draw_text(y, 1, label_cols, _(setup_labels[i]),
			     i == s->focus ? A_BOLD : A_NORMAL);
		int fy = wide ? y : y + 1, fx = wide ? 1 + label_cols : 1;
		int fcols = wide ? cols - label_cols : cols;
		if (fcols > 40)
			fcols = 40;
		int cx = fc_field_draw(&s->fields[i], fy, fx, fcols);
		if (i == s->focus)
			fc_tui_cursor(tui, fy, cx);
		y += wide ? 2 : 2;
	}
}

/* The PIN and the field holding it, wiped before returning. */
static int
setup_create(struct fc_tui *tui, struct setup *s)
{
	struct fc_app *app = tui->app;
	struct fc_error err = {0};
	struct fc_identity id;
	struct fc_kdf_cost cost;
	struct fc_key *key = NULL;
	char inspector[FC_ID_MAX], name[FC_NAME_MAX];
	char *pin = NULL, *pin2 = NULL;
	size_t pin_size = FC_PIN_MAX * 4 + 1;
	int ret = -1;

	fc_field_get(&s->fields[SETUP_ID], inspector, sizeof inspector);
	fc_field_get(&s->fields[SETUP_NAME], name, sizeof name);
	if (inspector[0] == '\0' || strchr(inspector, ' ') != NULL) {
		fc_tui_status(tui, "%s",
			      _("Inspector ID: enter the ID your office gave you (no spaces)"));
		s->focus = SETUP_ID;
		goto out;
	}
	if (name[0] == '\0') {
		fc_tui_status(tui, "%s", _("Name: enter your name"));
		s->focus = SETUP_NAME;
		goto out;
	}
	pin = sodium_malloc(pin_size);
	pin2 = sodium_malloc(pin_size);
	if (pin == NULL || pin2 == NULL) {
		fc_error_set(&err, FC_E_NOMEM, _("out of memory"));
		fc_tui_error(tui, &err);
		goto out;
	}
	fc_field_get(&s->fields[SETUP_PIN], pin, pin_size);
	fc_field_get(&s->fields[SETUP_PIN2], pin2, pin_size);
	enum fc_pin_problem problem = fc_pin_problem(pin);
	if (problem != FC_PIN_OK) {
		if (problem == FC_PIN_REPEATED || problem == FC_PIN_SEQUENCE)
			fc_tui_status(tui, "%s",
				      _("PIN: too easy to guess (like 111111, 121212 or 123456)"));
		else
			fc_tui_status(tui, _("PIN: %d to %d digits"), FC_PIN_MIN, FC_PIN_MAX);
		s->focus = SETUP_PIN;
		goto out;
	}
	if (strcmp(pin, pin2) != 0) {
		fc_tui_status(tui, "%s", _("The two PINs differ; enter them again"));
		fc_field_clear(&s->fields[SETUP_PIN]);
		fc_field_clear(&s->fields[SETUP_PIN2]);
		s->focus = SETUP_PIN;
		goto out;
	}
	double t0 = fc_tui_now_ms();
	if (fc_app_kdf(app, &cost, &err) != 0 ||
	    fc_keyfile_create(app->home.key, inspector, name, pin, &cost, &id, &err) != 0) {
		fc_tui_error(tui, &err);
		goto out;
	}
	/* A key the store could not take (a full disk) signed nothing: gone, so set-up can be tried
	 * again. */
	if (fc_store_set_identity(app->store, &id, &err) != 0) {
		unlink(app->home.key);
		fc_tui_error(tui, &err);
		goto out;
	}
	if (fc_keyfile_unlock(app->home.key, pin, time(NULL), &key, NULL, &err) != 0) {
		fc_tui_error(tui, &err);
		goto out;
	}
	tui->kdf_ms += fc_tui_now_ms() - t0;
	app->key = key;
	app->identity = key->id;
	ret = 0;
out:
	if (pin != NULL)
		sodium_free(pin);
	if (pin2 != NULL)
		sodium_free(pin2);
	return ret;
}

static int
setup_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct setup *s = data;

	switch (action) {
	case SETUP_NEXT:
		s->focus = (s->focus + 1) % SETUP_NFIELDS;
		return FC_KEY_HANDLED;
	case SETUP_PREV:
		s->focus = (s->focus + SETUP_NFIELDS - 1) % SETUP_NFIELDS;
		return FC_KEY_HANDLED;
	case SETUP_LANGUAGE:
		fc_tui_toggle_language(tui);
		return FC_KEY_HANDLED;
	case SETUP_QUIT:
		return FC_KEY_QUIT;
	case SETUP_ENTER:
		if (s->focus < SETUP_PIN2) {
			s->focus++;
			return FC_KEY_HANDLED;
		}
		tui->wait_ms = tui->key_ms - tui->first_draw_ms;
		if (setup_create(tui, s) != 0)
			return FC_KEY_HANDLED;
		fc_tui_replace(tui, &fc_screen_home, NULL);
		return FC_KEY_OPEN;
	case FC_ACT_NONE:
		return fc_field_key(&s->fields[s->focus], code) ? FC_KEY_HANDLED : FC_KEY_IGNORED;
	}
	return FC_KEY_IGNORED;
}

const struct fc_screen fc_screen_setup = {
    .name = "setup",
    .title = setup_title,
    .init = setup_init,
    .draw = setup_draw,
    .key = setup_key,
    .free = setup_free,
    .keys = setup_keys,
    .pastes = 1,
};
