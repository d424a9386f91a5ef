/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console-words-loop.c: the console's words for reviews and warnings
 * (console-loop.c, web/reviews.js, web/warnings.js), part of the catalogue
 * console-strings.c serves; kept apart so each page's words sit together.
 */
#include <stddef.h>

#include "server/console.h"

#define N_(s) s

const char *const fc_console_loop_words[] = {
    N_("Reviews"),
    N_("Warnings"),
    N_("Warning"),
    N_("Review"),
    N_("accepted"),
    N_("returned"),
    N_("waiting"),
    N_("Reviewer"),
    N_("Comment"),
    N_("Answered by"),
    N_("Accept"),
    N_("Return for correction"),
    N_("Review this record"),
    N_("A return needs a comment."),
    N_("Reviewed."),
    N_("Rule"),
    N_("Receiver"),
    N_("Delivery"),
    N_("Attempts"),
    N_("Next try"),
    N_("Delivered"),
    N_("Last error"),
    N_("Raised"),
    N_("Subject"),
    N_("pending"),
    N_("delivered"),
    N_("failed"),
    N_("retrying"),
    N_("no receiver"),
    N_("Time"),
    N_("Waiting for a correction"),
    N_("hazard_found"),
    N_("hazard_overdue"),
    N_("house_grade"),
    N_("household_overdue"),
    N_("device_silent"),
    N_("fork"),
    N_("Print notice"),
    N_("Print"),
};
const size_t fc_console_loop_nwords =
    sizeof fc_console_loop_words / sizeof fc_console_loop_words[0];
