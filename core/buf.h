/* SPDX-License-Identifier: Apache-2.0 */
/*
 * buf.h: growable byte strings.
 *
 * Invariants (as git's strbuf): after fc_buf_init() `buf` is never NULL and is
 * always NUL-terminated at `len`; fc_buf_detach() is the only way to take the
 * memory. Secrets never go in an fc_buf (it is not wiped).
 */
#ifndef FC_BUF_H
#define FC_BUF_H

#include <stddef.h>

#include "error.h"

struct fc_buf {
	char *buf;
	size_t len; /* bytes used, not counting the terminating NUL */
	size_t cap; /* bytes allocated; 0 while buf points at a static "" */
};

#define FC_BUF_INIT                                                                                \
	{                                                                                          \
		.buf = fc_buf_empty, .len = 0, .cap = 0                                            \
	}
extern char fc_buf_empty[];

/* Life cycle */
void fc_buf_init(struct fc_buf *b);
void fc_buf_release(struct fc_buf *b);		    /* frees; b is empty and usable again */
char *fc_buf_detach(struct fc_buf *b, size_t *len); /* caller frees; b is emptied */
void fc_buf_reset(struct fc_buf *b);		    /* len = 0, memory kept */

/* Appending: return 0, or -1 with FC_E_NOMEM in err (b unchanged). */
int fc_buf_grow(struct fc_buf *b, size_t extra, struct fc_error *err);
int fc_buf_add(struct fc_buf *b, const void *data, size_t len, struct fc_error *err);
int fc_buf_adds(struct fc_buf *b, const char *s, struct fc_error *err);
int fc_buf_addf(struct fc_buf *b, struct fc_error *err, const char *fmt, ...)
    __attribute__((__format__(printf, 3, 4)));

#endif
