/* SPDX-License-Identifier: Apache-2.0 */
/*
 * reply.c: answering a request: JSON (gzipped when the client takes it and
 * the answer is big enough to gain), an error as {"error": "..."} in the
 * asker's words, and a store failure as the HTTP status its code means.
 * serve.c's fc_server_respond queues and logs whatever is answered.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "core/utf8.h"
#include "server/server.h"
#include "sync/wire.h"

/* 1 when the client said it takes gzip. */
static int
server_takes_gzip(struct fc_server_req *r)
{
	const char *ae =
	    MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);

	return ae != NULL && strstr(ae, "gzip") != NULL;
}

int
fc_server_reply(struct fc_server_req *r, unsigned status, json_t *obj)
{
	char *text = NULL;

	if (obj == NULL || (text = json_dumps(obj, JSON_COMPACT)) == NULL) {
		json_decref(obj);
		text = strdup("{\"error\":\"out of memory on the server\"}");
		status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		if (text == NULL)
			return MHD_NO;
	} else {
		json_decref(obj);
	}
	return fc_server_reply_text(r, status, text, strlen(text));
}

int
fc_server_reply_text(struct fc_server_req *r, unsigned status, char *text, size_t len)
{
	struct fc_buf out = FC_BUF_INIT;
	struct fc_error err = {0};
	struct MHD_Response *resp;
	int gz = 0;

	/*
	 * Small answers are not worth a gzip header; big pulls shrink several
	 * times. A snapshot of megabytes is made for one device while it waits:
	 * zlib's fastest level costs a third of the default and still shrinks it.
	 */
	if (len > 1024 && server_takes_gzip(r) &&
	    fc_wire_deflate_level(text, len, 1, len > 1024 * 1024 ? 1 : 6, &out, &err) == 0) {
		free(text);
		text = fc_buf_detach(&out, &len);
		gz = 1;
	}
	fc_buf_release(&out);
	resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	if (gz)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	return fc_server_respond(r, status, resp);
}

int
fc_server_error(struct fc_server_req *r, unsigned status, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* A message quoting bad input must still be JSON text, not a failure to answer. */
	for (size_t bad = 0; !fc_utf8_valid(msg, strlen(msg), &bad);)
		msg[bad] = '?';
	return fc_server_reply(r, status, json_pack("{s:s}", "error", msg));
}

int
fc_server_fail(struct fc_server_req *r, const struct fc_error *err)
{
	unsigned status = MHD_HTTP_INTERNAL_SERVER_ERROR;

	switch (err->code) {
	case FC_E_INVALID:
	case FC_E_USAGE:
	case FC_E_CHAIN:
		status = MHD_HTTP_BAD_REQUEST;
		break;
	case FC_E_NOTFOUND:
		status = MHD_HTTP_NOT_FOUND;
		break;
	case FC_E_EXISTS:
		status = MHD_HTTP_CONFLICT;
		break;
	case FC_E_REFUSED:
		status = MHD_HTTP_FORBIDDEN;
		break;
	case FC_E_BUSY:
		/* The one store failure an inspector is told to wait out: said in their language.
		 */
		return fc_server_error(
		    r, MHD_HTTP_SERVICE_UNAVAILABLE,
		    fc_gettext(r->lang, "the server is busy; try again in a minute"));
	default:
		break;
	}
	return fc_server_error(r, status, "%s", err->msg);
}
