/* SPDX-License-Identifier: Apache-2.0 */
/*
 * curl-lib.h: libcurl, loaded the first time a program talks HTTP.
 *
 * Linking libcurl made every start of fieldcheck and fieldcheck-server load
 * it and the thirty libraries it needs (TLS, LDAP, Kerberos, SSH, HTTP/2...):
 * about 11 ms of a 20 ms start on the CI machine, paid by every command,
 * though only sync, enrolment and the server's warnings use the network.
 * Now those load it when they first need it; the rest start without it.
 * Everything calls libcurl through the table fc_curl() returns; the types
 * and constants still come from <curl/curl.h>.
 */
#ifndef FC_SYNC_CURL_LIB_H
#define FC_SYNC_CURL_LIB_H

#include <curl/curl.h>

#include "core/error.h"

/* The libcurl functions fieldcheck uses, by their libcurl names without curl_. */
struct fc_curl {
	CURLcode (*global_init)(long flags);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *h);
	void (*easy_reset)(CURL *h);
	CURLcode (*easy_setopt)(CURL *h, CURLoption opt, ...);
	CURLcode (*easy_getinfo)(CURL *h, CURLINFO info, ...);
	CURLcode (*easy_perform)(CURL *h);
	const char *(*easy_strerror)(CURLcode code);
	char *(*easy_escape)(CURL *h, const char *s, int len);
	void (*free)(void *p);
	struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
	void (*slist_free_all)(struct curl_slist *list);
};

/*
 * libcurl's functions, loaded on the first call (any thread; later calls
 * return the same table). NULL, with err saying which library is missing
 * and which package has it, when it cannot be loaded.
 */
const struct fc_curl *fc_curl(struct fc_error *err);

#endif
