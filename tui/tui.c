/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tui.c: the one loop. It owns the terminal and the stack of open screens,
 * reads a key, finds what the top screen binds it to, calls the screen, and
 * acts on the flags the screen returns (open, close, home, quit). Screens
 * never open or close each other and never refresh the terminal themselves.
 *
 * Every key is followed by a full redraw into curses' buffer; curses sends
 * only the cells that changed, so this costs little and keeps screens free of
 * partial-update bugs. Below FC_TUI_MIN_COLS x FC_TUI_MIN_ROWS nothing but a
 * "terminal too small" message is drawn, and keys other than Ctrl-C are
 * dropped (a key meant for a screen nobody can see must not act on it).
 *
 * With $FIELDCHECK_TUI_TIMING naming a file, the loop appends timing lines
 * for bench/tui-bench.sh (start-up to the home screen, resident memory,
 * key-to-refresh times). Nothing is written otherwise.
 */
#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "core/utf8.h"
#include "tui/tview.h"
#include "tui/draw.h"
#include "tui/household-view.h"
#include "tui/i18n.h"
#include "tui/screen.h"
#include "tui/tui.h"
#include "tui/widget-prompt.h"
#include "tui/widget-status.h"

enum tui_action {
	TUI_QUIT = 1,
	TUI_LANGUAGE,
	TUI_HELP,
};

/* On every screen and in every key bar: the one help key and the one language key. */
const struct fc_binding fc_tui_global_keys[] = {
    {FC_KEYCODE(KEY_F(1)), TUI_HELP, "F1", N_("help"), N_("this list of keys")},
    {FC_KEYCODE(KEY_F(12)), TUI_LANGUAGE, "F12", N_("中/EN"), N_("switch Chinese/English")},
    {FC_CTRL('c'), TUI_QUIT, "^C", NULL, N_("quit at once (answers are already saved)")},
    {0, 0, NULL, NULL, NULL},
};

/*
 * Bracketed paste (xterm's mode 2004, which tmux and most terminals speak):
 * the terminal wraps pasted text in these two sequences, which curses turns
 * into two key codes of our own. Without them a pasted "NO-1<newline>2"
 * typed NO-1 into a text item, Enter went on, and "2" chose option 2 of the
 * next question: an answer nobody gave.
 */
#define TUI_KEY_PASTE_START (KEY_MAX + 1)
#define TUI_KEY_PASTE_END (KEY_MAX + 2)

/* Process start, for the start-up figure; set before main() runs. */
static double tui_start_ms;

/*
 * Set by SIGTERM or SIGHUP: the loop ends and the terminal is restored. Every
 * answer is already in the store, so leaving at any moment loses nothing.
 */
static volatile sig_atomic_t tui_stop_signal;

static void
tui_on_signal(int sig)
{
	tui_stop_signal = sig;
}

static void
tui_catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = tui_on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: get_wch() returns at once and the loop sees the flag. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

__attribute__((constructor)) static void
tui_mark_start(void)
{
	tui_start_ms = fc_tui_now_ms();
}

double
fc_tui_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void
fc_tui_open(struct fc_tui *tui, const struct fc_screen *screen, void *arg)
{
	tui->open_screen = screen;
	tui->open_arg = arg;
	tui->open_replace = 0;
}

void
fc_tui_replace(struct fc_tui *tui, const struct fc_screen *screen, void *arg)
{
	fc_tui_open(tui, screen, arg);
	tui->open_replace = 1;
}

void
fc_tui_status(struct fc_tui *tui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tui->status, sizeof tui->status, fmt, ap);
	va_end(ap);
	tui->status_error = 0;
}

void
fc_tui_error(struct fc_tui *tui, const struct fc_error *err)
{
	snprintf(tui->status, sizeof tui->status, "%s", err->msg);
	tui->status_error = 1;
}

static void tui_draw(struct fc_tui *tui);

void
fc_tui_show_status(struct fc_tui *tui)
{
	if (tui->too_small)
		return;
	/* A message longer than the lines it has takes more: the whole screen again. */
	if (fc_status_message_lines(tui, tui->rows) > tui->msg_rows) {
		tui_draw(tui);
		return;
	}
	fc_status_draw_message(tui);
	refresh();
}

void
fc_tui_cursor(struct fc_tui *tui, int y, int x)
{
	tui->cursor_y = y;
	tui->cursor_x = x;
}

static struct fc_tui_frame *
tui_top(struct fc_tui *tui)
{
	return tui->depth > 0 ? &tui->stack[tui->depth - 1] : NULL;
}

static void
tui_layout(struct fc_tui *tui)
{
	getmaxyx(stdscr, tui->rows, tui->cols);
	tui->too_small = tui->rows < FC_TUI_MIN_ROWS || tui->cols < FC_TUI_MIN_COLS;
	tui->top = 1;
	tui->key_rows = 1;
	tui->msg_rows = 1;
	tui->body_rows = tui->rows - 3;
}

/*
 * The bars' lines for the top screen: the key bar wraps onto as many lines
 * as its keys need, the message onto as many as it needs while the body
 * keeps two; the body gives way.
 */
static void
tui_bars(struct fc_tui *tui, const struct fc_binding *keys)
{
	tui->key_rows = fc_status_key_lines(tui, keys, fc_tui_global_keys);
	tui->msg_rows = fc_status_message_lines(tui, tui->rows - 1 - tui->key_rows - 2);
	tui->body_rows = tui->rows - 1 - tui->msg_rows - tui->key_rows;
}

static void
tui_timing(struct fc_tui *tui, const char *fmt, ...)
{
	va_list ap;

	if (tui->timing == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(tui->timing, fmt, ap);
	va_end(ap);
	fputc('\n', tui->timing);
	fflush(tui->timing);
}

static long
tui_rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

static void
tui_draw_too_small(struct fc_tui *tui)
{
	char msg[256];

	snprintf(msg, sizeof msg,
		 _("Terminal too small: %dx%d, needs at least %dx%d. "
		   "Enlarge it or press Ctrl-C to quit."),
		 tui->cols, tui->rows, FC_TUI_MIN_COLS, FC_TUI_MIN_ROWS);
	fc_draw_wrap(0, 0, tui->cols, tui->rows, msg, A_BOLD);
}

/* The title bar's right side: a sync's progress or the next try, then who is signed in. */
static void
tui_who(struct fc_tui *tui, char *out, size_t size)
{
	const char *name = "";
	char next[96];

	if (tui->app->key != NULL)
		name = tui->app->identity.name[0] != '\0' ? tui->app->identity.name
							  : tui->app->identity.inspector;
	if (tui->sync.child.pid > 0) {
		snprintf(out, size, "%s %s", tui->sync.progress, name);
		return;
	}
	if (tui->enrol.child.pid > 0) {
		snprintf(out, size, "%s %s", _("Enrolling…"), name);
		return;
	}
	/* When records wait: when the next sync goes by itself (sync-retry.c). */
	fc_bgsync_next_label(tui, next, sizeof next);
	snprintf(out, size, "%s%s%s", next, next[0] != '\0' ? " " : "", name);
}

static void
tui_draw(struct fc_tui *tui)
{
	struct fc_tui_frame *top = tui_top(tui);
	char who[FC_ID_MAX + FC_NAME_MAX + 160] = "";

	erase();
	tui->cursor_y = -1;
	if (tui->too_small) {
		tui_draw_too_small(tui);
	} else if (top != NULL) {
		const char *title = top->screen->title != NULL ? top->screen->title(tui, top->data)
							       : top->screen->name;
		tui_bars(tui, top->screen->keys);
		tui_who(tui, who, sizeof who);
		fc_status_draw_title(tui, title, who);
		top->screen->draw(tui, top->data);
		fc_status_draw_message(tui);
		fc_status_draw_keys(tui, top->screen->keys, fc_tui_global_keys);
		if (tui->prompt != NULL) {
			fc_prompt_draw(tui);
			tui->cursor_y = -1;
		}
	}
	if (tui->cursor_y >= 0) {
		move(tui->cursor_y, tui->cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

static void
tui_close_top(struct fc_tui *tui, int resume)
{
	struct fc_tui_frame *top = tui_top(tui);

	if (top == NULL)
		return;
	if (top->screen->free != NULL)
		top->screen->free(top->data);
	top->screen = NULL;
	top->data = NULL;
	tui->depth--;
	top = tui_top(tui);
	if (resume && top != NULL && top->screen->resume != NULL)
		top->screen->resume(tui, top->data);
}

static void
tui_open_requested(struct fc_tui *tui)
{
	const struct fc_screen *screen = tui->open_screen;
	struct fc_error err = {0};
	void *data = NULL;

	tui->open_screen = NULL;
	if (screen == NULL)
		return;
	if (tui->open_replace)
		tui_close_top(tui, 0);
	if (tui->depth >= FC_TUI_DEPTH) {
		fc_error_set(&err, FC_E_INTERNAL, _("too many screens open"));
		fc_tui_error(tui, &err);
		return;
	}
	if (screen->init(tui, tui->open_arg, &data, &err) != 0) {
		fc_tui_error(tui, &err);
		return;
	}
	tui->stack[tui->depth].screen = screen;
	tui->stack[tui->depth].data = data;
	tui->depth++;
}

void
fc_tui_toggle_language(struct fc_tui *tui)
{
	struct fc_error err = {0};

	fc_i18n_set(fc_i18n_lang() == FC_LANG_EN ? FC_LANG_ZH : FC_LANG_EN);
	/* Screens that keep text they built ask to rebuild it in the new language. */
	for (int i = 0; i < tui->depth; i++)
		if (tui->stack[i].screen->resume != NULL)
			tui->stack[i].screen->resume(tui, tui->stack[i].data);
	/* Remembered for the next start; losing it is harmless. */
	if (fc_store_set_setting(tui->app->store, "language", fc_i18n_code(), &err) != 0)
		fc_tui_error(tui, &err);
}

/* The action code is bound to in table, or 0. */
static int
tui_lookup(const struct fc_binding *table, int code)
{
	if (table == NULL)
		return 0;
	for (const struct fc_binding *b = table; b->action != 0; b++)
		if (b->code == code)
			return b->action;
	return 0;
}

/* Act on a screen's flags; returns 1 when the TUI should end. */
static int
tui_apply(struct fc_tui *tui, int flags)
{
	if (flags & FC_KEY_QUIT)
		return 1;
	if (flags & FC_KEY_HOME) {
		while (tui->depth > 1)
			tui_close_top(tui, tui->depth == 2);
	} else if (flags & FC_KEY_CLOSE) {
		while (tui->close_extra > 0 && tui->depth > 2) {
			tui_close_top(tui, 0);
			tui->close_extra--;
		}
		tui->close_extra = 0;
		tui_close_top(tui, 1);
	}
	if ((flags & FC_KEY_OPEN) || tui->open_screen != NULL)
		tui_open_requested(tui);
	return tui->depth == 0;
}

/*
 * A key inside a paste: a line break or a tab is a space in the text, other
 * controls and function keys are dropped (0), and only a screen that takes
 * pasted text gets it, as a character, never as a key its table binds.
 * Returns 1 when the key was dealt with here.
 */
static int
tui_paste_key(struct fc_tui *tui, struct fc_tui_frame *top, int code)
{
	int flags;

	/* Breaks between pasted words are one space; none before the first or after the last. */
	if (code == '\r' || code == '\n' || code == '\t') {
		tui->paste_space = tui->paste_chars > 0;
		return 1;
	}
	if (code >= 0x1000000 || code < 0x20 || code == 127)
		return 1;
	if (tui->prompt != NULL || !top->screen->pastes) {
		fc_tui_status(tui, "%s",
			      _("Pasted text goes only into a text field; nothing was taken"));
		return 1;
	}
	tui->status[0] = '\0';
	tui->status_error = 0;
	if (tui->paste_space) {
		tui->paste_space = 0;
		if (tui_apply(tui, top->screen->key(tui, top->data, FC_ACT_NONE, ' ')))
			return 2;
		if ((top = tui_top(tui)) == NULL || !top->screen->pastes)
			return 1;
	}
	tui->paste_chars++;
	flags = top->screen->key(tui, top->data, FC_ACT_NONE, code);
	return tui_apply(tui, flags) ? 2 : 1;
}

/* One key: the prompt if open, else the screen's table, else the globals. */
static int
tui_key(struct fc_tui *tui, int code)
{
	struct fc_tui_frame *top = tui_top(tui);
	int action, flags;

	if (code == FC_KEYCODE(KEY_RESIZE)) {
		tui_layout(tui);
		for (int i = 0; i < tui->depth; i++)
			if (tui->stack[i].screen->resize != NULL)
				tui->stack[i].screen->resize(tui, tui->stack[i].data);
		return 0;
	}
	if (top == NULL)
		return 1;
	if (code == FC_KEYCODE(TUI_KEY_PASTE_START) || code == FC_KEYCODE(TUI_KEY_PASTE_END)) {
		tui->pasting = code == FC_KEYCODE(TUI_KEY_PASTE_START);
		tui->paste_space = tui->paste_chars = 0;
		return 0;
	}
	if (tui->pasting && !tui->too_small)
		return tui_paste_key(tui, top, code) == 2;
	/* One code for Enter, whatever the terminal sends. */
	if (code == '\n' || code == FC_KEYCODE(KEY_ENTER))
		code = '\r';
	tui->status[0] = '\0';
	tui->status_error = 0;
	if (tui->too_small)
		return code == FC_CTRL('c');
	if (tui->prompt != NULL)
		return tui_apply(tui, fc_prompt_key(tui, code));
	action = tui_lookup(top->screen->keys, code);
	if (action == 0) {
		switch (tui_lookup(fc_tui_global_keys, code)) {
		case TUI_QUIT:
			return 1;
		case TUI_LANGUAGE:
			fc_tui_toggle_language(tui);
			return 0;
		case TUI_HELP:
			action = FC_ACT_HELP;
			break;
		}
	}
	if (action == FC_ACT_HELP) {
		/* Help of the help screen is the help screen: F1 there closes it. */
		if (top->screen == &fc_screen_help)
			return tui_apply(tui, FC_KEY_CLOSE);
		fc_tui_open(tui, &fc_screen_help, (void *)top->screen);
		return tui_apply(tui, FC_KEY_OPEN);
	}
	flags = top->screen->key(tui, top->data, action, code);
	return tui_apply(tui, flags);
}

static void
tui_first_screen(struct fc_tui *tui)
{
	struct stat sb;

	if (stat(tui->app->home.key, &sb) != 0)
		fc_tui_open(tui, &fc_screen_setup, NULL);
	else
		fc_tui_open(tui, &fc_screen_unlock, NULL);
	tui_open_requested(tui);
}

static void
tui_load_language(struct fc_tui *tui)
{
	struct fc_error err = {0};
	char saved[16];

	if (fc_store_get_setting(tui->app->store, "language", saved, sizeof saved, &err) != 0)
		saved[0] = '\0';
	fc_i18n_init(tui->app->argv0, saved[0] != '\0' ? saved : NULL);
}

/* Record start-up the first time the home screen is on the terminal. */
static void
tui_time_home(struct fc_tui *tui, double now)
{
	struct fc_tui_frame *top = tui_top(tui);

	if (tui->home_timed || top == NULL || top->screen != &fc_screen_home)
		return;
	tui->home_timed = 1;
	tui_timing(tui, "startup_ms %.2f", now - tui_start_ms - tui->wait_ms - tui->kdf_ms);
	tui_timing(tui, "kdf_ms %.2f", tui->kdf_ms);
	tui_timing(tui, "rss_kib %ld", tui_rss_kib());
}

/*
 * What a background sync said; when it has ended, the screen reloads what it
 * moved. An enrolment that has ended is read by its screen at once when that
 * is on top (else when it is next on top). Returns 1 when the TUI should end.
 */
static int
tui_poll_sync(struct fc_tui *tui)
{
	struct fc_tui_frame *top = tui_top(tui);

	if (fc_bgsync_poll(tui) && top != NULL && top->screen->resume != NULL)
		top->screen->resume(tui, top->data);
	fc_bgsync_auto(tui);
	if (fc_bgenrol_poll(tui) && top != NULL && top->screen == &fc_screen_enroll &&
	    tui->prompt == NULL)
		return tui_apply(tui, top->screen->key(tui, top->data, FC_ACT_TICK, 0));
	return 0;
}

static void
tui_loop(struct fc_tui *tui)
{
	for (;;) {
		wint_t wc;
		int r, code;

		if (tui->depth == 0)
			return;
		if (tui_poll_sync(tui))
			return;
		tui_draw(tui);
		tui_time_home(tui, fc_tui_now_ms());
		if (tui->first_draw_ms == 0)
			tui->first_draw_ms = fc_tui_now_ms();
		r = get_wch(&wc);
		tui->key_ms = fc_tui_now_ms();
		if (tui_stop_signal != 0)
			return;
		if (r == ERR) {
			struct fc_tui_frame *top = tui_top(tui);
			/* A paste whose end never came is over: keys are keys again. */
			tui->pasting = 0;
			/* A quarter second without a key: countdowns and pauses. */
			if (top != NULL && !tui->too_small && tui->prompt == NULL &&
			    tui_apply(tui, top->screen->key(tui, top->data, FC_ACT_TICK, 0)))
				return;
			continue;
		}
		code = r == KEY_CODE_YES ? FC_KEYCODE((int)wc) : (int)wc;
		if (tui_key(tui, code))
			return;
		if (tui->timing != NULL) {
			struct fc_tui_frame *top = tui_top(tui);
			tui_draw(tui);
			tui_timing(tui, "key_ms %s %.3f", top != NULL ? top->screen->name : "-",
				   fc_tui_now_ms() - tui->key_ms);
		}
	}
}

int
fc_tui_run(struct fc_app *app, struct fc_error *err)
{
	struct fc_tui tui;
	struct fc_prompt prompt;
	SCREEN *scr;
	const char *timing = getenv("FIELDCHECK_TUI_TIMING");
	int ret = 0;

	memset(&tui, 0, sizeof tui);
	tui.app = app;
	tui.prompt_buf = &prompt;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return fc_error_set(err, FC_E_USAGE, "%s",
				    _("the screen needs a terminal; "
				      "use the subcommands (fieldcheck --help) from scripts"));
	tui_load_language(&tui);
	if (timing != NULL && *timing != '\0')
		tui.timing = fopen(timing, "a");
	scr = newterm(NULL, stdout, stdin);
	if (scr == NULL) {
		if (tui.timing != NULL)
			fclose(tui.timing);
		return fc_error_set(err, FC_E_IO, _("cannot use terminal '%s'; check TERM"),
				    getenv("TERM") != NULL ? getenv("TERM") : "");
	}
	set_term(scr);
	tui_catch_signals();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	define_key("\033[200~", TUI_KEY_PASTE_START);
	define_key("\033[201~", TUI_KEY_PASTE_END);
	/* Straight to the terminal: the mode is not in terminfo (ncurses writes its own buffer). */
	fputs("\033[?2004h", stdout);
	fflush(stdout);
	set_escdelay(25);
	/* Ticks every quarter second: a typed option number's pause, countdowns. */
	timeout(250);
	tui_layout(&tui);
	tui_first_screen(&tui);
	/* A key file that cannot be read leaves nothing to show: say why and stop. */
	if (tui.depth == 0)
		ret = fc_error_set(err, FC_E_IO, "%s", tui.status);
	else
		tui_loop(&tui);
	/* A sync still running stops here; it continues from the server's mark next time. */
	fc_bgsync_cancel(&tui);
	fc_bgenrol_cancel(&tui);
	while (tui.depth > 0)
		tui_close_top(&tui, 0);
	fc_tview_release(&tui);
	fc_household_view_release(&tui);
	endwin();
	fputs("\033[?2004l", stdout);
	fflush(stdout);
	delscreen(scr);
	if (tui.timing != NULL)
		fclose(tui.timing);
	return ret;
}
