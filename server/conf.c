/* SPDX-License-Identifier: Apache-2.0 */
/*
 * conf.c: reading /etc/fieldcheck/server.conf (format in conf.h). The keys
 * are a table: name, whether the value is text, a number or a size, and the
 * range a number must fall in, so every check is made here, once, and every
 * refusal names the file and line an administrator has to fix.
 */
#include <ctype.h>
#include <errno.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/textfile.h"
#include "server/conf.h"

#define _(s) gettext(s)

enum conf_kind { CONF_TEXT, CONF_NUMBER, CONF_SIZE };

/*
 * check: the same test serve makes of the option, run as the file is read so
 * its refusal names the line (NULL: any text).
 */
static const struct conf_key {
	const char *name;
	enum conf_kind kind;
	long min, max;
	int (*check)(const char *key, const char *val, struct fc_error *err);
} conf_keys[FC_CONF_COUNT] = {
    [FC_CONF_LISTEN] = {"listen", CONF_TEXT, 0, 0, fc_server_check_listen},
    [FC_CONF_DATABASE] = {"database", CONF_TEXT, 0, 0, NULL},
    [FC_CONF_PHOTOS] = {"photos", CONF_TEXT, 0, 0, NULL},
    [FC_CONF_TRUSTED_PROXY] = {"trusted_proxy", CONF_TEXT, 0, 0, fc_server_check_proxy},
    [FC_CONF_PER_IP_LIMIT] = {"per_ip_limit", CONF_NUMBER, 0, FC_CONNECTION_LIMIT, NULL},
    [FC_CONF_MAX_CONNECTIONS] = {"max_connections", CONF_NUMBER, 1, 100000, NULL},
    [FC_CONF_MAX_BODY] = {"max_body", CONF_SIZE, 64 * 1024, 64L * 1024 * 1024, NULL},
    [FC_CONF_HEADER_TIMEOUT] = {"header_timeout", CONF_NUMBER, 1, 600, NULL},
    [FC_CONF_REQUEST_TIMEOUT] = {"request_timeout", CONF_NUMBER, 1, 3600, NULL},
    [FC_CONF_WEB] = {"web", CONF_TEXT, 0, 0, fc_server_check_web},
    [FC_CONF_PUBLIC_URL] = {"public_url", CONF_TEXT, 0, 0, fc_server_check_public_url},
};

/* Strip leading and trailing blanks in place. */
static char *
conf_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* A number, or for sizes a number with K or M (KiB, MiB); -1 when not one. */
static long
conf_number(const char *v, enum conf_kind kind)
{
	char *end = NULL;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (end == v || errno != 0 || n < 0)
		return -1;
	if (kind == CONF_SIZE && (*end == 'K' || *end == 'k') && n <= 1024L * 1024 * 1024) {
		n *= 1024;
		end++;
	} else if (kind == CONF_SIZE && (*end == 'M' || *end == 'm') && n <= 1024L * 1024) {
		n *= 1024L * 1024;
		end++;
	}
	return *end == '\0' ? n : -1;
}

/* A key we do not know: a misspelt one is easier to mend beside the list of those we do. */
static int
conf_unknown(const char *path, int lineno, const char *key, struct fc_error *err)
{
	char known[256] = "";
	size_t used = 0;

	for (int k = 0; k < FC_CONF_COUNT && used < sizeof known; k++)
		used += (size_t)snprintf(known + used, sizeof known - used, "%s%s",
					 k > 0 ? ", " : "", conf_keys[k].name);
	return fc_error_set(err, FC_E_INVALID,
			    _("%s:%d: unknown setting '%s'; the settings are %s"), path, lineno,
			    key, known);
}

/* One `key = value` line into c; lineno for the messages. */
static int
conf_line(struct fc_conf *c, const char *path, int lineno, char *line, int *seen,
	  struct fc_error *err)
{
	char *eq = strchr(line, '='), *key, *val;
	int k;

	if (eq == NULL)
		return fc_error_set(err, FC_E_INVALID, _("%s:%d: expected 'key = value'"), path,
				    lineno);
	*eq = '\0';
	key = conf_trim(line);
	val = conf_trim(eq + 1);
	for (k = 0; k < FC_CONF_COUNT && strcmp(conf_keys[k].name, key) != 0; k++)
		;
	if (k == FC_CONF_COUNT)
		return conf_unknown(path, lineno, key, err);
	if (seen[k] != 0)
		return fc_error_set(err, FC_E_INVALID, _("%s:%d: %s is already set on line %d"),
				    path, lineno, key, seen[k]);
	if (val[0] == '\0')
		return fc_error_set(err, FC_E_INVALID, _("%s:%d: %s has no value"), path, lineno,
				    key);
	seen[k] = lineno;
	if (conf_keys[k].check != NULL && conf_keys[k].check(key, val, err) != 0) {
		char why[sizeof err->msg];

		/* A line to mend (FC_E_INVALID), not a command to retype. */
		memcpy(why, err->msg, sizeof why);
		return fc_error_set(err, FC_E_INVALID, _("%s:%d: %s"), path, lineno, why);
	}
	if (conf_keys[k].kind == CONF_NUMBER || conf_keys[k].kind == CONF_SIZE) {
		long n = conf_number(val, conf_keys[k].kind);
		if (n < conf_keys[k].min || n > conf_keys[k].max)
			return fc_error_set(
			    err, FC_E_INVALID,
			    conf_keys[k].kind == CONF_SIZE
				? _("%s:%d: %s must be a whole number from %ld to %ld (bytes; K "
				    "or M allowed)")
				: _("%s:%d: %s must be a whole number from %ld to %ld"),
			    path, lineno, key, conf_keys[k].min, conf_keys[k].max);
		c->num[k] = n;
	}
	if ((c->text[k] = strdup(val)) == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	return 0;
}

int
fc_conf_load(const char *path, int missing_ok, struct fc_conf *out, struct fc_error *err)
{
	char buf[4096];
	int seen[FC_CONF_COUNT] = {0}, lineno = 0, ret = 0;
	FILE *f;

	memset(out, 0, sizeof *out);
	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT && missing_ok)
			return 0;
		return fc_error_set(err, FC_E_IO, _("%s: cannot read the settings: %s"), path,
				    strerror(errno));
	}
	if (fc_textfile_skip_bom(f) < 0) {
		fclose(f);
		return fc_error_set(err, FC_E_IO, _("%s: cannot read the settings"), path);
	}
	while (ret == 0 && fgets(buf, sizeof buf, f) != NULL) {
		char *line;

		lineno++;
		if (strchr(buf, '\n') == NULL && !feof(f)) {
			ret = fc_error_set(err, FC_E_INVALID, _("%s:%d: line too long"), path,
					   lineno);
			break;
		}
		line = conf_trim(buf);
		if (line[0] != '\0' && line[0] != '#')
			ret = conf_line(out, path, lineno, line, seen, err);
	}
	if (ret == 0 && ferror(f))
		ret = fc_error_set(err, FC_E_IO, _("%s: cannot read the settings"), path);
	fclose(f);
	if (ret != 0)
		fc_conf_free(out);
	return ret;
}

void
fc_conf_free(struct fc_conf *c)
{
	for (int k = 0; k < FC_CONF_COUNT; k++) {
		free(c->text[k]);
		c->text[k] = NULL;
	}
}

void
fc_conf_serve(const struct fc_conf *c, struct fc_server_config *cfg)
{
	if (c->text[FC_CONF_LISTEN] != NULL)
		cfg->listen = c->text[FC_CONF_LISTEN];
	if (c->text[FC_CONF_PHOTOS] != NULL)
		cfg->photo_dir = c->text[FC_CONF_PHOTOS];
	if (c->text[FC_CONF_TRUSTED_PROXY] != NULL)
		cfg->trusted_proxy = c->text[FC_CONF_TRUSTED_PROXY];
	if (c->text[FC_CONF_WEB] != NULL)
		cfg->web_dir = c->text[FC_CONF_WEB];
	if (c->text[FC_CONF_PUBLIC_URL] != NULL)
		cfg->public_url = c->text[FC_CONF_PUBLIC_URL];
	if (c->text[FC_CONF_PER_IP_LIMIT] != NULL)
		cfg->per_ip_limit =
		    c->num[FC_CONF_PER_IP_LIMIT] == 0 ? -1 : (int)c->num[FC_CONF_PER_IP_LIMIT];
	if (c->text[FC_CONF_MAX_CONNECTIONS] != NULL)
		cfg->connection_limit = (unsigned)c->num[FC_CONF_MAX_CONNECTIONS];
	if (c->text[FC_CONF_MAX_BODY] != NULL)
		cfg->body_max = (size_t)c->num[FC_CONF_MAX_BODY];
	if (c->text[FC_CONF_HEADER_TIMEOUT] != NULL)
		cfg->header_timeout = (unsigned)c->num[FC_CONF_HEADER_TIMEOUT];
	if (c->text[FC_CONF_REQUEST_TIMEOUT] != NULL)
		cfg->request_timeout = (unsigned)c->num[FC_CONF_REQUEST_TIMEOUT];
}
