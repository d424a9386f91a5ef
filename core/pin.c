/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pin.c: the PIN policy (see pin.h). Six digits are a million PINs; refusing
 * the few dozen that people pick first keeps a guesser from finding most
 * keys in the first handful of tries, which is all the lockout allows. A run
 * of five is refused inside a longer PIN too: 123450, 111112, 135790 and
 * 1234567890 are tried as early as 123456.
 */
#include <libintl.h>
#include <string.h>

#include "keyfile.h"
#include "pin.h"

#define _(s) gettext(s)

/* 1 when pin is a block of period digits repeated to its end. */
static int
pin_periodic(const char *pin, size_t len, size_t period)
{
	if (len % period != 0 || len == period)
		return 0;
	for (size_t i = period; i < len; i++)
		if (pin[i] != pin[i - period])
			return 0;
	return 1;
}

/*
 * The longest stretch of pin whose digits each follow the one before by step
 * (0 to 9, counted round: 0 follows 9 by 1, 1 follows 9 by 2).
 */
static size_t
pin_run(const char *pin, size_t len, int step)
{
	size_t best = len > 0, run = 1;

	for (size_t i = 1; i < len; i++) {
		run = (pin[i] - pin[i - 1] + 10) % 10 == step ? run + 1 : 1;
		if (run > best)
			best = run;
	}
	return best;
}
enum fc_pin_problem
fc_pin_problem(const char *pin)
{
	size_t len = strlen(pin);

	for (size_t i = 0; i < len; i++)
		if (pin[i] < '0' || pin[i] > '9')
			return FC_PIN_NOT_DIGITS;
	if (len < FC_PIN_MIN)
		return FC_PIN_SHORT;
	if (len > FC_PIN_MAX)
		return FC_PIN_LONG;
	for (size_t period = 1; period <= 3; period++)
		if (pin_periodic(pin, len, period))
			return FC_PIN_REPEATED;
	if (pin_run(pin, len, 0) > FC_PIN_RUN_MAX)
		return FC_PIN_REPEATED;
	/* Up by one or two, down by one or two (9 and 8 round): 123456, 13579, 654321. */
	static const int steps[] = {1, 2, 9, 8};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (pin_run(pin, len, steps[i]) > FC_PIN_RUN_MAX)
			return FC_PIN_SEQUENCE;
	return FC_PIN_OK;
}

int
fc_pin_check(const char *pin, struct fc_error *err)
{
	switch (fc_pin_problem(pin)) {
	case FC_PIN_OK:
		return 0;
	case FC_PIN_SHORT:
	case FC_PIN_LONG:
	case FC_PIN_NOT_DIGITS:
		return fc_error_set(err, FC_E_USAGE, _("the PIN must be %d to %d digits"),
				    FC_PIN_MIN, FC_PIN_MAX);
	case FC_PIN_REPEATED:
		return fc_error_set(err, FC_E_USAGE,
				    _("the PIN repeats a digit or a short block (like 111111, "
				      "111112 or 121212); choose another"));
	case FC_PIN_SEQUENCE:
		return fc_error_set(err, FC_E_USAGE,
				    _("the PIN holds a straight run of five digits (like 123456, "
				      "135790 or 789012); choose another"));
	}
	return fc_error_set(err, FC_E_INTERNAL, _("unknown PIN problem"));
}
