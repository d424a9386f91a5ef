/* SPDX-License-Identifier: Apache-2.0 */
/*
 * widget-prompt.h: a question over the current screen, answered with one key.
 *
 * A screen opens it with fc_prompt_ask(); while it is open the loop sends
 * every key to fc_prompt_key() instead of the screen, and calls done with
 * the value of the choice taken. Used for "resume the unfinished check?",
 * "nobody home?", "sign?" and the like: short, and never more than one open.
 */
#ifndef FC_TUI_WIDGET_PROMPT_H
#define FC_TUI_WIDGET_PROMPT_H

#include "tui/tui.h"

struct fc_prompt_choice {
	int code;	      /* key that picks it */
	const char *key_name; /* "Enter", "y" */
	const char *label;    /* N_("resume") */
	int value;	      /* passed to done */
};

typedef int (*fc_prompt_done_fn)(struct fc_tui *tui, void *ctx, int value);

struct fc_prompt {
	char text[1024];
	const struct fc_prompt_choice *choices; /* static table, zero row at the end */
	fc_prompt_done_fn done;			/* returns fc_key_result flags */
	void *ctx;
};

/* Open a question (text copied, choices borrowed) in tui->prompt_buf. */
void fc_prompt_ask(struct fc_tui *tui, const char *text, const struct fc_prompt_choice *choices,
		   fc_prompt_done_fn done, void *ctx);
/* A key while the prompt is open; returns fc_key_result flags. */
int fc_prompt_key(struct fc_tui *tui, int code);
/* Draw the box in the middle of the screen. */
void fc_prompt_draw(struct fc_tui *tui);

#endif
