/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen.h: what every screen provides, and the list of screens.
 *
 * A screen is a const struct fc_screen, as tmux's window modes are: the loop
 * in tui.c calls init when it opens, draw after every change, key for every
 * key its table binds (and for other keys with action FC_ACT_NONE, so text
 * fields can take characters), and free when it closes. The keys table is
 * the single place a screen's bindings are written; the key bar at the
 * bottom is drawn from it, so the hints can never disagree with the code.
 */
#ifndef FC_TUI_SCREEN_H
#define FC_TUI_SCREEN_H

#include "core/error.h"
#include "tui/tui.h"

/* Key codes: characters as themselves, curses KEY_* offset so they never clash. */
#define FC_KEYCODE(k) ((k) | 0x1000000)
#define FC_CTRL(c) ((c)&0x1f)
#define FC_ESC 27

/* What a key handler asks the loop to do (flags). */
enum fc_key_result {
	FC_KEY_IGNORED = 0,    /* not this screen's key */
	FC_KEY_HANDLED = 0x01, /* done; redraw */
	FC_KEY_CLOSE = 0x02,   /* close this screen */
	FC_KEY_OPEN = 0x04,    /* open the screen requested with fc_tui_open() */
	FC_KEY_HOME = 0x08,    /* close everything down to the home screen */
	FC_KEY_QUIT = 0x10,    /* leave the TUI */
};

/* Actions every screen may receive besides its own. */
#define FC_ACT_NONE 0	 /* a key the table does not bind (code says which) */
#define FC_ACT_TICK (-1) /* a quarter second passed with no key */
/* Bound by a screen (to '?'): the loop opens the help for it, like F1. */
#define FC_ACT_HELP 0x7fff

struct fc_binding {
	int code;	      /* a character or FC_KEYCODE(KEY_*) */
	int action;	      /* the screen's own action number, > 0 */
	const char *key_name; /* as drawn in the key bar: "Enter", "/" */
	const char *label;    /* N_("search"); NULL: not drawn in the bar */
	const char *help;     /* N_(...) for the help screen when label is not enough */
};

struct fc_screen {
	const char *name; /* "home"; for logs and tests */
	/* Title bar text (translated); may be NULL for the plain name. */
	const char *(*title)(struct fc_tui *tui, void *data);
	/* Set *data up from arg; -1 with err filled keeps the screen closed. */
	int (*init)(struct fc_tui *tui, void *arg, void **data, struct fc_error *err);
	/* Draw in rows tui->top .. tui->top + tui->body_rows - 1. */
	void (*draw)(struct fc_tui *tui, void *data);
	/* Return enum fc_key_result flags. */
	int (*key)(struct fc_tui *tui, void *data, int action, int code);
	/*
	 * The terminal changed size (optional: screens lay out from tui->rows
	 * and tui->cols at every draw; this is for state that depends on them).
	 */
	void (*resize)(struct fc_tui *tui, void *data);
	/* The screen above this one closed (reload what may have changed). */
	void (*resume)(struct fc_tui *tui, void *data);
	void (*free)(void *data);
	const struct fc_binding *keys; /* ends with a zero row */
	/*
	 * 1: text pasted in the terminal (bracketed paste) reaches key as
	 * characters, with action FC_ACT_NONE, never as the keys the table
	 * binds; other screens get none of it (a pasted "2" is not option 2).
	 */
	int pastes;
};

/* tui.c: the bindings every screen shares (help, language, quit), after its own. */
extern const struct fc_binding fc_tui_global_keys[];

/* The screens (tui/screen-*.c) and what their init takes as arg. */
extern const struct fc_screen fc_screen_setup;	   /* arg NULL */
extern const struct fc_screen fc_screen_unlock;	   /* arg NULL */
extern const struct fc_screen fc_screen_enroll;	   /* arg NULL; needs app->key */
extern const struct fc_screen fc_screen_home;	   /* arg NULL */
extern const struct fc_screen fc_screen_help;	   /* arg: const struct fc_screen * */
extern const struct fc_screen fc_screen_search;	   /* arg NULL */
extern const struct fc_screen fc_screen_route;	   /* arg NULL: today's route */
extern const struct fc_screen fc_screen_summary;   /* arg NULL; supervisors only */
extern const struct fc_screen fc_screen_hazards;   /* arg NULL */
extern const struct fc_screen fc_screen_household; /* arg: household id */
extern const struct fc_screen fc_screen_records;   /* arg NULL */
extern const struct fc_screen fc_screen_record;	   /* arg: record id */
extern const struct fc_screen fc_screen_form;	   /* arg: struct fc_form_arg * */
extern const struct fc_screen fc_screen_review;	   /* arg: struct fc_form * */
extern const struct fc_screen fc_screen_outline;   /* arg: struct fc_form * */
extern const struct fc_screen fc_screen_followup;  /* arg: the followed record's id */
extern const struct fc_screen fc_screen_line;	   /* arg: struct fc_line_arg * */

/* screen-unlock.c: wrong PINs still allowed after failures before a lockout. */
int fc_unlock_tries_left(int failures);

/* One line of text to ask for; lives in the asking screen's data. */
struct fc_line_arg {
	const char *title;    /* N_(...) */
	const char *question; /* N_(...) */
	const char *hint;     /* N_(...) or NULL */
	int max_chars;	      /* 0: the field's maximum */
	int ascii;	      /* fold full-width forms to ASCII (struct fc_field) */
	/* Refuse text (non-empty) with err filled; NULL takes anything. */
	int (*check)(const char *text, struct fc_error *err);
	char out[1024]; /* the text to start from; the text taken */
	int taken;	/* set when Enter took it (Esc leaves out alone) */
};

/* What the checklist form starts from: a saved draft, or a new check. */
struct fc_form_arg {
	const char *draft_key;	  /* resume this draft, or NULL */
	const char *household;	  /* a new check of this household */
	const char *template_id;  /* and this template (NULL: by the kind) */
	int template_version;	  /* its version (0: the newest); a correction keeps the old one */
	const char *corrects;	  /* the record a correction replaces, or NULL */
	const char *answers_json; /* answers to start from (a correction), or NULL */
	const char *visit_item;	  /* a quick visit: this item (G00) is answered with */
	const char *visit;	  /* this outcome ("nobody_home", "refused"), or NULL */
};

#endif
