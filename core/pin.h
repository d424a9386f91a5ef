/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pin.h: which PINs a new key may be sealed under.
 *
 * A PIN is 6 to 64 digits (FC_PIN_MIN, FC_PIN_MAX). Refused, because they are
 * the first any guesser tries: one digit repeated (000000, 777777), a
 * straight run up or down (123456, 987654, 345678), and a block of two or
 * three digits repeated (121212, 123123). The rule applies when a PIN is
 * chosen (`fieldcheck init`, the TUI's first-run screen); a key sealed
 * before keeps opening with its PIN.
 */
#ifndef FC_PIN_H
#define FC_PIN_H

#include "error.h"

enum fc_pin_problem {
	FC_PIN_OK = 0,
	FC_PIN_SHORT,	   /* fewer than FC_PIN_MIN digits */
	FC_PIN_LONG,	   /* more than FC_PIN_MAX */
	FC_PIN_NOT_DIGITS, /* anything but 0-9 */
	FC_PIN_REPEATED,   /* one digit, or a block of 2 or 3, repeated */
	FC_PIN_SEQUENCE,   /* each digit one more (or one less) than the last */
};

enum fc_pin_problem fc_pin_problem(const char *pin);

/* 0, or FC_E_USAGE with a message saying what the PIN must be. */
int fc_pin_check(const char *pin, struct fc_error *err);

#endif
