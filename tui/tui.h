/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tui.h: the inspector's full-screen interface (ncursesw), and the state its
 * screens share.
 *
 * fc_tui_run() is all main() needs. The rest of this header is for the files in tui/:
 * struct fc_tui is the one context the loop owns and hands to every screen;
 * screens ask for changes (open a screen, show a message) through the
 * functions below and the flags their key handlers return, and the loop in
 * tui.c carries them out, as htop's ScreenManager does.
 */
#ifndef FC_TUI_H
#define FC_TUI_H

#include <stdio.h>
#include <time.h>

#include "core/error.h"
#include "tui/enrol-bg.h"
#include "tui/sync-bg.h"

struct fc_app;
struct fc_screen;

/*
 * Run the TUI on app (store open, home resolved) until the user quits. First
 * run sets up the inspector; later runs ask for the PIN. On return app->key
 * and app->identity may have been filled (main releases them). Returns 0, or
 * -1 with err filled when the terminal could not be used.
 */
int fc_tui_run(struct fc_app *app, struct fc_error *err);

/* The smallest terminal every screen is laid out for. */
#define FC_TUI_MIN_COLS 40
#define FC_TUI_MIN_ROWS 15

#define FC_TUI_DEPTH 12 /* screens open at once, home included */

struct fc_tui_frame {
	const struct fc_screen *screen;
	void *data; /* the screen's state, owned by it */
};

struct fc_templates;
struct fc_intervals;
struct fc_intervals_cache;
struct fc_prompt;

struct fc_tui {
	struct fc_app *app; /* borrowed from main */
	int rows, cols;	    /* terminal size */
	int top, body_rows; /* the screen's area below the title */
	int key_rows;	    /* lines the key bar takes at the bottom */
	int msg_rows;	    /* lines the message takes above the key bar */
	int too_small;

	struct fc_tui_frame stack[FC_TUI_DEPTH];
	int depth;

	/* Requests from a screen's key handler, carried out by the loop. */
	const struct fc_screen *open_screen;
	void *open_arg;
	int open_replace; /* close the current screen first */
	int close_extra;  /* FC_KEY_CLOSE closes this many more below */

	int pasting;	  /* between the terminal's paste start and end (bracketed paste) */
	int paste_chars;  /* characters of this paste given to the screen */
	int paste_space;  /* a line break is pending, given as a space before the next one */
	char status[512]; /* message line; cleared by the next key */
	int status_error;
	int cursor_y, cursor_x; /* -1: hide the cursor */

	struct fc_prompt *prompt;     /* an open question, or NULL */
	struct fc_prompt *prompt_buf; /* owned: where fc_prompt_ask() writes */

	struct fc_templates *templates; /* loaded on first use; see tui/tview.h */
	struct fc_intervals *intervals; /* due-date intervals, loaded on first use */
	int intervals_tried;
	/* each household's own district's intervals (household-view.c), loaded on first use */
	struct fc_intervals_cache *district_intervals;
	char last_draft[160];	 /* set by the home screen's resume offer */
	struct fc_bgsync sync;	 /* a sync running beside the screens (sync-bg.h) */
	struct fc_bgenrol enrol; /* an enrolment running beside them (enrol-bg.h) */

	FILE *timing;	/* $FIELDCHECK_TUI_TIMING, for bench/ */
	double kdf_ms;	/* time spent in Argon2id, excluded from start-up */
	double wait_ms; /* time waiting for the user's PIN */
	int home_timed;
	double first_draw_ms; /* the first screen is on the terminal */
	double key_ms;	      /* when the key being handled arrived */
};

/* Open screen with arg (the screen's init copies what it keeps). */
void fc_tui_open(struct fc_tui *tui, const struct fc_screen *screen, void *arg);
/* The same, closing the current screen first. */
void fc_tui_replace(struct fc_tui *tui, const struct fc_screen *screen, void *arg);

/* Show a message in the status line until the next key. */
void fc_tui_status(struct fc_tui *tui, const char *fmt, ...)
    __attribute__((__format__(printf, 2, 3)));
/* Put the status line on the terminal now (progress during a long call). */
void fc_tui_show_status(struct fc_tui *tui);

/* Show err's message as an error. */
void fc_tui_error(struct fc_tui *tui, const struct fc_error *err);

/* Switch between Chinese and English and remember the choice. */
void fc_tui_toggle_language(struct fc_tui *tui);

/* Put the terminal cursor at (y, x) after drawing (for text fields). */
void fc_tui_cursor(struct fc_tui *tui, int y, int x);

/* Milliseconds on the monotonic clock (for the bench timing lines). */
double fc_tui_now_ms(void);

#endif
