/* SPDX-License-Identifier: Apache-2.0 */
/*
 * settings-check.c: the checks of the settings serve takes from its options
 * and from server.conf (server.h), so a bad value in the file is refused as
 * it is read, naming its line, and an option's at start.
 */
#include <arpa/inet.h>
#include <libintl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/server.h"

#define _(s) gettext(s)

/* what names where listen came from: "--listen", or the settings' key. */
int
fc_server_parse_listen(const char *what, const char *listen, struct sockaddr_in *sa,
		       struct fc_error *err)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	char *end = NULL;
	unsigned long port;

	if (colon == NULL || (size_t)(colon - listen) >= sizeof host)
		return fc_error_set(err, FC_E_USAGE, _("%s %s: expected ADDR:PORT"), what, listen);
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	port = strtoul(colon + 1, &end, 10);
	if (end == colon + 1 || *end != '\0' || port > 65535)
		return fc_error_set(err, FC_E_USAGE, _("%s %s: bad port"), what, listen);
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host[0] != '\0' ? host : "127.0.0.1", &sa->sin_addr) != 1)
		return fc_error_set(err, FC_E_USAGE, _("%s %s: '%s' is not an IPv4 address"), what,
				    listen, host);
	return 0;
}

int
fc_server_check_listen(const char *what, const char *listen, struct fc_error *err)
{
	struct sockaddr_in sa;

	return fc_server_parse_listen(what, listen, &sa, err);
}

/*
 * The trusted proxy is compared with each peer's address as inet_ntop writes
 * it, so anything but an address literal (a host name, a port) would never
 * match, and the log would silently name the proxy for every client.
 */
int
fc_server_check_proxy(const char *what, const char *addr, struct fc_error *err)
{
	struct in6_addr a;

	if (strlen(addr) < INET6_ADDRSTRLEN &&
	    (inet_pton(AF_INET, addr, &a) == 1 || inet_pton(AF_INET6, addr, &a) == 1))
		return 0;
	return fc_error_set(err, FC_E_USAGE,
			    _("%s %s: not an IP address; give the proxy's address as the server "
			      "sees it, such as 127.0.0.1"),
			    what, addr);
}

/*
 * A web directory without the console's page would start a server whose
 * console answers every supervisor 404: refused at start, naming the setting.
 * Only a directory given (--web, web =) is checked; the built-in one is the
 * package's, and a server without a console (tests, a sync-only host) has
 * none to name.
 */
int
fc_server_check_web(const char *what, const char *dir, struct fc_error *err)
{
	char page[4200];
	struct stat sb;

	snprintf(page, sizeof page, "%s/index.html", dir);
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return fc_error_set(err, FC_E_USAGE,
				    _("%s %s: no such directory; give the directory of the "
				      "console's files, such as %s"),
				    what, dir, FC_WEBDIR);
	if (stat(page, &sb) != 0 || !S_ISREG(sb.st_mode) || access(page, R_OK) != 0)
		return fc_error_set(err, FC_E_USAGE,
				    _("%s %s: the console's files are not there (no readable "
				      "index.html); give their directory, such as %s"),
				    what, dir, FC_WEBDIR);
	return 0;
}

/*
 * public_url goes into every notice's QR code and to every device, so it is
 * checked, once (its option and its server.conf key alike): an http(s)
 * address of printable characters without blanks. "/verify/HASH" is
 * appended to it, so a query or fragment would swallow that path (every
 * printed code would lead elsewhere), and a user name and password would be
 * printed on paper.
 */
int
fc_server_check_public_url(const char *what, const char *url, struct fc_error *err)
{
	const char *host = strstr(url, "://");
	size_t len = strlen(url);

	(void)what; /* the messages name public_url, its key and option alike */
	while (len > 0 && url[len - 1] == '/')
		len--;
	if ((strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) ||
	    len >= FC_PUBLIC_URL_MAX || len <= 8 || host == NULL)
		return fc_error_set(err, FC_E_INVALID,
				    _("public_url %s: expected an http:// or https:// address "
				      "(the one households reach /verify/ at)"),
				    url);
	for (size_t i = 0; i < len; i++)
		if (url[i] <= ' ' || url[i] >= 0x7f)
			return fc_error_set(err, FC_E_INVALID,
					    _("public_url %s: no blanks or non-ASCII characters; "
					      "percent-encode them"),
					    url);
	host += 3;
	if (strpbrk(url, "?#") != NULL || memchr(host, '@', strcspn(host, "/")) != NULL)
		return fc_error_set(err, FC_E_INVALID,
				    _("public_url %s: no query (?), fragment (#) or user name: "
				      "/verify/HASH is added to its end"),
				    url);
	return 0;
}
