/* SPDX-License-Identifier: Apache-2.0 */
/*
 * error.c: filling struct fc_error. Messages are cut on a UTF-8 character
 * boundary when they do not fit, so a long Chinese address in a message never
 * ends in half a character.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "utf8.h"

int
fc_error_set(struct fc_error *err, enum fc_errc code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->code = code;
	va_start(ap, fmt);
	int n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof err->msg)
		fc_utf8_trim_partial(err->msg);
	return -1;
}

int
fc_error_prefix(struct fc_error *err, const char *fmt, ...)
{
	char prefix[256];
	char old[sizeof err->msg];
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	int n = snprintf(err->msg, sizeof err->msg, "%s: %s", prefix, old);
	if (n >= (int)sizeof err->msg)
		fc_utf8_trim_partial(err->msg);
	return -1;
}

void
fc_error_clear(struct fc_error *err)
{
	if (err == NULL)
		return;
	err->code = FC_E_OK;
	err->msg[0] = '\0';
}

static const char *const error_code_names[] = {
    [FC_E_OK] = "ok",		[FC_E_USAGE] = "usage",	       [FC_E_INVALID] = "invalid",
    [FC_E_CHAIN] = "chain",	[FC_E_NOTFOUND] = "not_found", [FC_E_EXISTS] = "exists",
    [FC_E_PIN] = "pin",		[FC_E_LOCKED] = "locked",      [FC_E_IO] = "io",
    [FC_E_FULL] = "full",	[FC_E_BUSY] = "busy",	       [FC_E_DB] = "db",
    [FC_E_NOMEM] = "nomem",	[FC_E_CRYPTO] = "crypto",      [FC_E_NET] = "network",
    [FC_E_REFUSED] = "refused", [FC_E_INTERNAL] = "internal",
};

const char *
fc_error_code_name(enum fc_errc code)
{
	if ((size_t)code >= sizeof error_code_names / sizeof error_code_names[0] ||
	    error_code_names[code] == NULL)
		return "unknown";
	return error_code_names[code];
}

int
fc_error_exit_status(const struct fc_error *err)
{
	if (err == NULL || err->code == FC_E_OK)
		return 0;
	return err->code == FC_E_USAGE ? 2 : 1;
}
