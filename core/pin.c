/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pin.c: the PIN policy (see pin.h). Six digits are a million PINs; refusing
 * the few dozen that people pick first keeps a guesser from finding most
 * keys in the first handful of tries, which is all the lockout allows.
 */
#include <string.h>

#include "keyfile.h"
#include "pin.h"

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

/* 1 when every digit is the one before plus step (1 or -1). */
static int
pin_straight(const char *pin, size_t len, int step)
{
	for (size_t i = 1; i < len; i++)
		if (pin[i] - pin[i - 1] != step)
			return 0;
	return 1;
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
	if (pin_straight(pin, len, 1) || pin_straight(pin, len, -1))
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
		return fc_error_set(err, FC_E_USAGE, "the PIN must be %d to %d digits", FC_PIN_MIN,
				    FC_PIN_MAX);
	case FC_PIN_REPEATED:
		return fc_error_set(err, FC_E_USAGE,
				    "the PIN repeats a digit or a short block (like 111111 or "
				    "121212); choose another");
	case FC_PIN_SEQUENCE:
		return fc_error_set(err, FC_E_USAGE,
				    "the PIN is a straight run (like 123456 or 987654); choose "
				    "another");
	}
	return fc_error_set(err, FC_E_INTERNAL, "unknown PIN problem");
}
