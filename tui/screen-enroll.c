/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-enroll.c: enrolling this device with the server from the TUI ('e'
 * on the home screen): the server's address and the one-time code the
 * office gave, for a site with its own certificate authority its CA file or
 * the server's pinned key (as `fieldcheck enroll --cacert/--pinned-key`),
 * then the PIN. The enrolment itself is app/enroll.c's, the one `fieldcheck
 * enroll` runs, so both check and remember the same; it runs in a child
 * (enrol-bg.c), so a server that never answers leaves the screen answering
 * keys, and Esc stops it.
 *
 * The key is unlocked already; the PIN is asked again because enrolling
 * gives a server the right to this inspector's records: a handheld left
 * unlocked on a table must not be enrolled elsewhere by whoever picks it
 * up. A wrong PIN counts in the key file as on the unlock screen, and
 * nothing is sent, so the code is not spent.
 */
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "app/enroll.h"
#include "core/keyfile.h"
#include "sync/client.h"
#include "tui/draw.h"
#include "tui/enrol-bg.h"
#include "tui/i18n.h"
#include "tui/screen.h"
#include "tui/widget-field.h"

enum enroll_field { ENROLL_URL, ENROLL_CODE, ENROLL_CA, ENROLL_PINNED, ENROLL_PIN, ENROLL_NFIELDS };

enum enroll_action {
	ENROLL_NEXT = 1,
	ENROLL_PREV,
	ENROLL_ENTER,
	ENROLL_BACK,
};

static const struct fc_binding enroll_keys[] = {
    {'\r', ENROLL_ENTER, "Enter", N_("next/enrol"), N_("next field; on the PIN, enrol")},
    {'\t', ENROLL_NEXT, "Tab", N_("next field"), NULL},
    {FC_KEYCODE(KEY_DOWN), ENROLL_NEXT, "Down", NULL, N_("next field")},
    {FC_KEYCODE(KEY_UP), ENROLL_PREV, "Up", NULL, N_("previous field")},
    {FC_KEYCODE(KEY_BTAB), ENROLL_PREV, "S-Tab", NULL, N_("previous field")},
    {FC_ESC, ENROLL_BACK, "Esc", N_("back"),
     N_("back without enrolling; while enrolling, stop it (the device stays unenrolled)")},
    {0, 0, NULL, NULL, NULL},
};

static const char *const enroll_labels[ENROLL_NFIELDS] = {
    N_("Server address"), N_("Enrolment code"), N_("CA file"), N_("Pinned key"), N_("PIN"),
};

struct enroll {
	struct fc_field fields[ENROLL_NFIELDS];
	int focus;
	char problem[600];
};

static const char *
enroll_title(struct fc_tui *tui, void *data)
{
	(void)tui;
	(void)data;
	return _("Enrol with the server");
}

static int
enroll_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct enroll *e = sodium_malloc(sizeof *e); /* guarded: it holds the PIN */
	struct fc_error none = {0};
	char url[512] = "";

	(void)arg;
	if (e == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	memset(e, 0, sizeof *e);
	fc_field_init(&e->fields[ENROLL_URL], 200, 0);
	fc_field_init(&e->fields[ENROLL_CODE], 40, 0);
	fc_field_init(&e->fields[ENROLL_CA], 400, 0);
	fc_field_init(&e->fields[ENROLL_PINNED], 400, 0);
	fc_field_init(&e->fields[ENROLL_PIN], FC_PIN_MAX, 1);
	/* An address, a code and a key are ASCII, however the input method types them. */
	e->fields[ENROLL_URL].ascii = 1;
	e->fields[ENROLL_CODE].ascii = 1;
	e->fields[ENROLL_PINNED].ascii = 1;
	/* Enrolled before: the same server is the likely one again. */
	if (fc_store_get_setting(tui->app->store, FC_SET_SERVER, url, sizeof url, &none) == 0)
		fc_field_set(&e->fields[ENROLL_URL], url);
	if (tui->enrol.child.pid == 0) /* an outcome no screen read is stale now */
		memset(&tui->enrol, 0, sizeof tui->enrol);
	*data = e;
	return 0;
}

static void
enroll_free(void *data)
{
	sodium_free(data); /* wipes the PIN */
}

/*
 * Labels beside their fields when the terminal is wide, or when a problem
 * needs the lines at 40 columns; the inspector hint gives way last of all,
 * so a refusal is always read whole with every field still on screen.
 */
static void
enroll_draw(struct fc_tui *tui, void *data)
{
	struct enroll *e = data;
	int y = tui->top, cols = tui->cols - 2, end = tui->top + tui->body_rows;
	char running[700];
	const char *problem = e->problem;
	int need;

	if (tui->enrol.child.pid > 0) {
		snprintf(running, sizeof running, _("Enrolling… (%s; Esc stops it)"),
			 tui->enrol.url);
		problem = running;
	} else if (tui->enrol.ended) {
		problem = tui->enrol.outcome;
	}
	need = problem[0] != '\0' ? fc_draw_wrap_lines(cols, problem) : 0;
	int wide = tui->cols >= 60 || 2 * ENROLL_NFIELDS + need > tui->body_rows;
	int lc = tui->cols >= 60 ? 20 : wide ? 15 : cols;
	char who[256];

	/* The server refuses a code made for another inspector: say whose it must be. */
	snprintf(who, sizeof who, _("The code must be for inspector %s."),
		 tui->app->identity.inspector);
	if (fc_draw_wrap_lines(cols, who) + (wide ? 1 : 2) * ENROLL_NFIELDS + need <=
	    tui->body_rows)
		y += fc_draw_wrap(y, 1, cols, 2, who, A_NORMAL);
	for (int i = 0; i < ENROLL_NFIELDS; i++) {
		int fy = wide ? y : y + 1, fx = wide ? 1 + lc : 1;
		int fcols = wide ? cols - lc : cols;

		fc_draw_text(y, 1, lc, _(enroll_labels[i]), i == e->focus ? A_BOLD : A_NORMAL);
		int cx = fc_field_draw(&e->fields[i], fy, fx, fcols > 50 ? 50 : fcols);
		if (i == e->focus && tui->enrol.child.pid == 0)
			fc_tui_cursor(tui, fy, cx);
		y += wide ? 1 : 2;
	}
	if (problem[0] != '\0' && y < end)
		fc_draw_wrap(y, 1, cols, end - y, problem, A_BOLD);
}

/* The PIN of the key file, checked (and counted) before anything is sent. */
static int
enroll_check_pin(struct fc_tui *tui, struct enroll *e)
{
	struct fc_error err = {0};
	struct fc_pin_status st = {0};
	struct fc_key *key = NULL;
	char *pin = sodium_malloc(FC_PIN_MAX * 4 + 1);
	int ret;

	if (pin == NULL)
		return -1;
	fc_field_get(&e->fields[ENROLL_PIN], pin, FC_PIN_MAX * 4 + 1);
	fc_field_clear(&e->fields[ENROLL_PIN]);
	fc_tui_status(tui, "%s", _("Unlocking…"));
	fc_tui_show_status(tui);
	ret = fc_keyfile_unlock(tui->app->home.key, pin, time(NULL), &key, &st, &err);
	tui->status[0] = '\0';
	sodium_free(pin);
	fc_key_free(key);
	if (ret == 0)
		return 0;
	if (err.code == FC_E_PIN)
		snprintf(e->problem, sizeof e->problem,
			 _("Wrong PIN %d time(s) in a row; %d more before a lockout"), st.failures,
			 fc_unlock_tries_left(st.failures));
	else if (err.code == FC_E_LOCKED)
		snprintf(e->problem, sizeof e->problem, _("Locked: try again in %ld s"),
			 (long)(st.locked_until - time(NULL)));
	else
		snprintf(e->problem, sizeof e->problem, "%s", err.msg);
	e->focus = ENROLL_PIN;
	return -1;
}

/* The field's text, or NULL when it was left empty (an optional field). */
static const char *
enroll_opt(struct enroll *e, int field, char *buf, size_t size)
{
	fc_field_get(&e->fields[field], buf, size);
	return buf[0] != '\0' ? buf : NULL;
}

static int
enroll_run(struct fc_tui *tui, struct enroll *e)
{
	struct fc_app_enroll_args a = {0};
	struct fc_error err = {0};
	char url[1024], code[160], ca[1600], pinned[1600];

	fc_field_get(&e->fields[ENROLL_URL], url, sizeof url);
	fc_field_get(&e->fields[ENROLL_CODE], code, sizeof code);
	e->problem[0] = '\0';
	if (url[0] == '\0' || code[0] == '\0') {
		snprintf(e->problem, sizeof e->problem, "%s",
			 _("Enter the server address and the code your office gave you"));
		e->focus = url[0] == '\0' ? ENROLL_URL : ENROLL_CODE;
		return FC_KEY_HANDLED;
	}
	if (enroll_check_pin(tui, e) != 0)
		return FC_KEY_HANDLED;
	a.url = url;
	a.code = code;
	a.ca_file = enroll_opt(e, ENROLL_CA, ca, sizeof ca);
	a.pinned_key = enroll_opt(e, ENROLL_PINNED, pinned, sizeof pinned);
	/* Beside the screen: the answer is read at a later turn of the loop. */
	if (fc_bgenrol_start(tui, &a, &err) != 0)
		snprintf(e->problem, sizeof e->problem, "%s %s", _("Not enrolled:"), err.msg);
	return FC_KEY_HANDLED;
}

/* The outcome of an enrolment that ended: enrolled closes the screen. */
static int
enroll_outcome(struct fc_tui *tui, struct enroll *e)
{
	struct fc_bgenrol *b = &tui->enrol;

	if (!b->ended)
		return FC_KEY_IGNORED;
	b->ended = 0;
	if (b->ok) {
		fc_tui_status(tui, "%s", b->outcome);
		return FC_KEY_CLOSE;
	}
	snprintf(e->problem, sizeof e->problem, "%s", b->outcome);
	return FC_KEY_HANDLED;
}

/* A key while the enrolment runs: Esc stops it, ? helps, the rest is answered. */
static int
enroll_busy_key(struct fc_tui *tui, struct enroll *e, int action, int code)
{
	if (action == ENROLL_BACK) {
		fc_bgenrol_cancel(tui);
		return enroll_outcome(tui, e);
	}
	if (action == FC_ACT_TICK)
		return FC_KEY_IGNORED;
	if (action == FC_ACT_NONE && code == '?') {
		fc_tui_open(tui, &fc_screen_help, (void *)&fc_screen_enroll);
		return FC_KEY_OPEN;
	}
	fc_tui_status(tui, "%s", _("Enrolling; Esc stops it"));
	return FC_KEY_HANDLED;
}

static int
enroll_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct enroll *e = data;

	if (tui->enrol.child.pid > 0)
		return enroll_busy_key(tui, e, action, code);
	if (tui->enrol.ended) {
		int flags = enroll_outcome(tui, e);

		/* Read, and the key that showed it is not also taken as typing. */
		if ((flags & FC_KEY_CLOSE) || action == FC_ACT_TICK)
			return flags;
	}
	switch (action) {
	case ENROLL_NEXT:
		e->focus = (e->focus + 1) % ENROLL_NFIELDS;
		return FC_KEY_HANDLED;
	case ENROLL_PREV:
		e->focus = (e->focus + ENROLL_NFIELDS - 1) % ENROLL_NFIELDS;
		return FC_KEY_HANDLED;
	case ENROLL_BACK:
		return FC_KEY_CLOSE;
	case ENROLL_ENTER:
		if (e->focus < ENROLL_PIN) {
			e->focus++;
			return FC_KEY_HANDLED;
		}
		return enroll_run(tui, e);
	case FC_ACT_NONE:
		return fc_field_key(&e->fields[e->focus], code) ? FC_KEY_HANDLED : FC_KEY_IGNORED;
	}
	return FC_KEY_IGNORED;
}

const struct fc_screen fc_screen_enroll = {
    .name = "enroll",
    .title = enroll_title,
    .init = enroll_init,
    .draw = enroll_draw,
    .key = enroll_key,
    .free = enroll_free,
    .keys = enroll_keys,
    .pastes = 1,
};
