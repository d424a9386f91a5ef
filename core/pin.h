/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pin.h: which PINs a new key may be sealed under.
 *
 * A PIN is 6 to 64 digits (FC_PIN_MIN, FC_PIN_MAX). Refused, because they are
 * the first any guesser tries: a PIN that is a block of one, two or three
 * digits repeated (000000, 121212, 123123); and one holding anywhere five
 * digits in a row (FC_PIN_RUN_MAX + 1) that each go up or down from the one
 * before by the same step of 0, 1 or 2, counting round from 9 to 0 (111112,
 * 123456, 654321, 345670, 789012, 135790, 975310). The rule applies when a PIN is
 * chosen (`fieldcheck init`, the TUI's first-run screen); a key sealed
 * before keeps opening with its PIN.
 */
#ifndef FC_PIN_H
#define FC_PIN_H

#include "error.h"

/* The longest run of digits a fixed step of 0, 1 or 2 apart that a PIN may hold. */
#define FC_PIN_RUN_MAX 4

enum fc_pin_problem {
	FC_PIN_OK = 0,
	FC_PIN_SHORT,	   /* fewer than FC_PIN_MIN digits */
	FC_PIN_LONG,	   /* more than FC_PIN_MAX */
	FC_PIN_NOT_DIGITS, /* anything but 0-9 */
	FC_PIN_REPEATED,   /* a block of 1 to 3 digits repeated, or 5 digits the same */
	FC_PIN_SEQUENCE,   /* 5 digits in a row up or down by one step of 1 or 2 */
};

enum fc_pin_problem fc_pin_problem(const char *pin);

/* 0, or FC_E_USAGE with a message saying what the PIN must be. */
int fc_pin_check(const char *pin, struct fc_error *err);

#endif
