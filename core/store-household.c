/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store-household.c: the household registry in the device store: saving
 * households in bulk and finding them again by id, address, resident or phone.
 *
 * Design: search answers the first page only, fast, however large the
 * registry. An exact id comes first, then ids starting with the text, then
 * rows whose address, resident or phone contain every word of the text.
 * Words of three or more characters go to the trigram index
 * (households_tri). A trigram index cannot answer one or two characters (a
 * surname, a two-character street name, common in Chinese), so
 * households_gram holds every single character and every pair of neighbouring
 * characters of each field as a word of its own: a short query is then one
 * word lookup, and the first page comes off the front of its list. A query
 * mixing short and long words goes to households_gram too, the long words as
 * their character pairs, and the long words are then checked on each row
 * here. Nothing counts all hits or ranks them.
 *
 * ASCII digits alone and two digits together are left out of
 * households_gram: a phone number's eleven digits made 21 of a household's
 * 50 words there, for 110 words in all, each on a list of most of the
 * registry. Such a short word ("8", "88") is instead checked on each row,
 * the other words choosing the rows; with nothing else to go by, the rows
 * are read in order until the page is full, which takes a few dozen where
 * nearly every household has a phone number. Longer digit runs go to the
 * trigram index as before. A store made before this still holds those
 * words for rows not loaded since; nothing asks for them.
 *
 * Both indexes are kept in step here, not by triggers (see store.c for why).
 * households_tri reads its text from households but, being an external-content
 * index, is told the old text to remove it; households_gram is contentless,
 * so removing a row means repeating the exact words it was added with. Both
 * are recomputed from the households row before it changes.
 */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "store-internal.h"
#include "utf8.h"

#define _(s) gettext(s)
#define SEARCH_DEFAULT_LIMIT 50
#define SEARCH_TERMS_MAX 8

static const char *const store_kinds[] = {
    "residential", "catering", "business", "selfbuilt", "rural", NULL,
};

static void
store_read_household(sqlite3_stmt *stmt, struct fc_household *h)
{
	store_copy_text(stmt, 0, h->id, sizeof h->id);
	store_copy_text(stmt, 1, h->district, sizeof h->district);
	store_copy_text(stmt, 2, h->address, sizeof h->address);
	store_copy_text(stmt, 3, h->resident, sizeof h->resident);
	store_copy_text(stmt, 4, h->phone, sizeof h->phone);
	store_copy_text(stmt, 5, h->kind, sizeof h->kind);
	store_copy_text(stmt, 6, h->last_check, sizeof h->last_check);
}

/*
 * Characters that the unicode61 tokenizer keeps inside words. ASCII
 * punctuation and CJK/full-width punctuation separate words; treating them as
 * separators here too keeps our words and the tokenizer's the same.
 */
static int
store_word_char(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		       (cp >= 'A' && cp <= 'Z');
	if (cp >= 0x3000 && cp <= 0x303F) /* CJK symbols and punctuation */
		return 0;
	if ((cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	    (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65))
		return 0; /* full-width punctuation */
	return cp != 0xFFFD;
}

static int
store_digit(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

/*
 * Append to out each character of s and each pair of neighbouring
 * characters, but no digit alone and no two digits together. Written in place, each character
 * decoded once: a registry load makes these words for every household, and appending them one call
 * at a time was an eighth of the load's work.
 */
static int
store_grams_add(struct fc_buf *out, const char *s, struct fc_error *err)
{
	size_t len = strlen(s), i = 0, n = 0;
	uint32_t cp = 0;
	char *o;

	/* A character is written at most three times (alone, in two pairs), a space after each
	 * word. */
	if (fc_buf_grow(out, 5 * len, err) != 0)
		return -1;
	o = out->buf + out->len;
	if (len > 0)
		n = fc_utf8_decode(s, len, &cp);
	while (i < len) {
		uint32_t next = 0;
		size_t m = 0;

		if (i + n < len)
			m = fc_utf8_decode(s + i + n, len - i - n, &next);
		if (store_word_char(cp)) {
			if (!store_digit(cp)) {
				memcpy(o, s + i, n);
				o += n;
				*o++ = ' ';
			}
			if (m > 0 && store_word_char(next) &&
			    !(store_digit(cp) && store_digit(next))) {
				memcpy(o, s + i, n + m);
				o += n + m;
				*o++ = ' ';
			}
		}
		i += n;
		n = m;
		cp = next;
	}
	*o = '\0';
	out->len = (size_t)(o - out->buf);
	return 0;
}

int
store_grams(struct fc_buf *out, const char *address, const char *resident, const char *phone,
	    struct fc_error *err)
{
	fc_buf_reset(out);
	return store_grams_add(out, address, err) || store_grams_add(out, resident, err) ||
	       store_grams_add(out, phone, err);
}

static int
store_check_household(const struct fc_household *h, struct fc_error *err)
{
	struct fc_date date;

	if (h->id[0] == '\0')
		return fc_error_set(err, FC_E_INVALID, _("a household has an empty id"));
	/* Due lists compare last_check as text: only YYYY-MM-DD sorts right. */
	if (h->last_check[0] != '\0' && fc_date_parse(h->last_check, &date) != 0)
		return fc_error_set(
		    err, FC_E_INVALID,
		    _("household %s: last_check '%s' is not a date (YYYY-MM-DD, or empty)"), h->id,
		    h->last_check);
	for (const char *const *k = store_kinds; *k != NULL; k++)
		if (strcmp(h->kind, *k) == 0)
			return 0;
	return fc_error_set(
	    err, FC_E_INVALID,
	    _("household %s: kind '%s' is not one of residential, catering, business, selfbuilt, "
	      "rural"),
	    h->id, h->kind);
}

/*
 * Run a bound write statement on one household; fail_fmt is the whole
 * message with one %s for the id, so a translation is a whole sentence.
 */
static int
store_hh_step(struct fc_store *st, sqlite3_stmt *stmt, const char *fail_fmt, const char *id,
	      struct fc_error *err)
{
	int rc = sqlite3_step(stmt);

	store_done(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, fail_fmt, id);
	return 0;
}

/* Add (or with 'delete' take back) one household's text in both search indexes. */
static int
store_index_household(struct fc_store *st, int remove, sqlite3_int64 rid,
		      const struct fc_household *h, struct fc_buf *grams, struct fc_error *err)
{
	sqlite3_stmt *tri = st->stmt[remove ? SQL_HH_TRI_DELETE : SQL_HH_TRI_INSERT];
	sqlite3_stmt *gram = st->stmt[remove ? SQL_HH_GRAM_DELETE : SQL_HH_GRAM_INSERT];

	sqlite3_bind_int64(tri, 1, rid);
	sqlite3_bind_text(tri, 2, h->address, -1, SQLITE_STATIC);
	sqlite3_bind_text(tri, 3, h->resident, -1, SQLITE_STATIC);
	sqlite3_bind_text(tri, 4, h->phone, -1, SQLITE_STATIC);
	if (store_hh_step(st, tri, _("cannot index household %s"), h->id, err) != 0 ||
	    store_grams(grams, h->address, h->resident, h->phone, err) != 0)
		return -1;
	sqlite3_bind_int64(gram, 1, rid);
	sqlite3_bind_text(gram, 2, grams->buf, (int)grams->len, SQLITE_STATIC);
	return store_hh_step(st, gram, _("cannot index household %s"), h->id, err);
}

/* A household's columns as ?2..?7, the same order in every statement that saves one. */
static void
store_bind_household(sqlite3_stmt *stmt, const struct fc_household *h)
{
	sqlite3_bind_text(stmt, 2, h->district, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, h->address, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, h->resident, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, h->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, h->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, h->last_check, -1, SQLITE_STATIC);
}

/* Save one household during a registry load, which indexes everything at its end. */
static int
store_upsert_household(struct fc_store *st, const struct fc_household *h, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_HH_UPSERT];

	sqlite3_bind_text(stmt, 1, h->id, -1, SQLITE_STATIC);
	store_bind_household(stmt, h);
	return store_hh_step(st, stmt, _("cannot save household %s"), h->id, err);
}

/*
 * Save one household and keep both search indexes in step. Every statement
 * here writes one row, so none needs a statement journal (see store.c).
 */
static int
store_put_household(struct fc_store *st, const struct fc_household *h, struct fc_buf *grams,
		    struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_HH_OLD];
	struct fc_household old;
	sqlite3_int64 rid = 0;
	int found, same = 0, rc;

	if (store_check_household(h, err) != 0)
		return -1;
	if (st->hh_deferred)
		return store_upsert_household(st, h, err);
	sqlite3_bind_text(stmt, 1, h->id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	found = rc == SQLITE_ROW;
	if (found) {
		memset(&old, 0, sizeof old);
		memcpy(old.id, h->id, sizeof old.id);
		rid = sqlite3_column_int64(stmt, 0);
		store_copy_text(stmt, 1, old.address, sizeof old.address);
		store_copy_text(stmt, 2, old.resident, sizeof old.resident);
		store_copy_text(stmt, 3, old.phone, sizeof old.phone);
		same = strcmp(old.address, h->address) == 0 &&
		       strcmp(old.resident, h->resident) == 0 && strcmp(old.phone, h->phone) == 0;
	}
	store_done(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, _("cannot read household %s"), h->id);
	if (found && !same && store_index_household(st, 1, rid, &old, grams, err) != 0)
		return -1;

	stmt = st->stmt[found ? SQL_HH_UPDATE : SQL_HH_INSERT];
	if (found)
		sqlite3_bind_int64(stmt, 1, rid);
	else
		sqlite3_bind_text(stmt, 1, h->id, -1, SQLITE_STATIC);
	store_bind_household(stmt, h);
	if (store_hh_step(st, stmt, _("cannot save household %s"), h->id, err) != 0)
		return -1;
	if (!found)
		rid = sqlite3_last_insert_rowid(st->db);
	if (same)
		return 0;
	return store_index_household(st, 0, rid, h, grams, err);
}

int
fc_store_put_households(struct fc_store *st, const struct fc_household *rows, size_t count,
			struct fc_error *err)
{
	struct fc_buf grams = FC_BUF_INIT;
	int nested = !sqlite3_get_autocommit(st->db);

	if (store_exec(st, nested ? SQL_SAVEPOINT : SQL_BEGIN, err) != 0)
		return -1;
	/* A bulk load marks and refreshes once, around all its batches. */
	if (!st->hh_deferred && store_ledger_mark(st, err) != 0)
		goto fail;
	for (size_t i = 0; i < count; i++)
		if (store_put_household(st, &rows[i], &grams, err) != 0)
			goto fail;
	if (!st->hh_deferred && store_ledger_refresh(st, err) != 0)
		goto fail;
	if (nested ? store_exec(st, SQL_RELEASE, err) != 0 : fc_store_commit(st, err) != 0)
		goto fail;
	fc_buf_release(&grams);
	return 0;
fail:
	if (nested) {
		store_exec(st, SQL_ROLLBACK_TO, NULL);
		store_exec(st, SQL_RELEASE, NULL);
	} else {
		fc_store_rollback(st);
	}
	fc_buf_release(&grams);
	return -1;
}

int
fc_store_households_load_begin(struct fc_store *st, struct fc_error *err)
{
	if (fc_store_begin(st, err) != 0)
		return -1;
	if (store_ledger_mark(st, err) != 0 || store_checks(st, 0, err) != 0) {
		fc_store_rollback(st);
		return -1;
	}
	st->hh_deferred = 1;
	return 0;
}

/*
 * Both search indexes made again from the households rows, in bulk: the
 * character index by a second thread (store-gram.c) while this one rebuilds
 * the trigram index.
 */
static int
store_reindex_households(struct fc_store *st, struct fc_error *err)
{
	struct store_gram_job *gram = NULL;

	if (store_gram_start(st, &gram, err) != 0)
		return -1;
	if (store_exec(st, SQL_HH_TRI_HASHSIZE, err) != 0 ||
	    store_exec(st, SQL_HH_TRI_REBUILD, err) != 0) {
		store_gram_free(gram);
		return -1;
	}
	return store_gram_finish(st, gram, err);
}

int
fc_store_households_load_end(struct fc_store *st, int ok, struct fc_error *err)
{
	st->hh_deferred = 0;
	if (!ok) {
		store_checks(st, 1, NULL);
		fc_store_rollback(st);
		return 0;
	}
	if (store_checks(st, 1, err) != 0 || store_ledger_refresh(st, err) != 0 ||
	    store_reindex_households(st, err) != 0 || fc_store_commit(st, err) != 0) {
		store_checks(st, 1, NULL);
		fc_store_rollback(st);
		return -1;
	}
	return 0;
}

int
fc_store_get_household(struct fc_store *st, const char *id, struct fc_household *out,
		       struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_HH_GET];
	int ret = 0;
	int rc;

	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		store_read_household(stmt, out);
	else if (rc == SQLITE_DONE)
		ret = fc_error_set(err, FC_E_NOTFOUND, _("no household %s"), id);
	else
		ret = store_fail(st, err, _("cannot read household %s"), id);
	store_done(stmt);
	return ret;
}

int
fc_store_count_households(struct fc_store *st, int64_t *count, struct fc_error *err)
{
	return store_count(st, SQL_HH_COUNT, _("cannot count the households"), count, err);
}

/* Step stmt, passing each household to fn; stops after limit (0 = no limit). */
static int
store_each_household_row(struct fc_store *st, sqlite3_stmt *stmt, size_t limit, fc_household_fn fn,
			 void *ctx, struct fc_error *err)
{
	struct fc_household h;
	size_t n = 0;
	int ret = 0, rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int stop;

		store_read_household(stmt, &h);
		stop = fn(&h, ctx, err);
		if (stop != 0) {
			ret = stop < 0 ? -1 : 0;
			break;
		}
		if (limit > 0 && ++n >= limit)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = store_fail(st, err, _("cannot read the households"));
	store_done(stmt);
	return ret;
}

int
fc_store_each_household(struct fc_store *st, fc_household_fn fn, void *ctx, struct fc_error *err)
{
	return store_each_household_row(st, st->stmt[SQL_HH_EACH], 0, fn, ctx, err);
}

int
fc_store_each_due(struct fc_store *st, const char *kind, const char *cutoff, size_t limit,
		  fc_household_fn fn, void *ctx, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_DUE_EACH];

	sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, cutoff, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, limit > 0 ? (sqlite3_int64)limit : -1);
	return store_each_household_row(st, stmt, 0, fn, ctx, err);
}

int
fc_store_count_due(struct fc_store *st, const char *kind, const char *cutoff, int64_t *count,
		   struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_DUE_COUNT];

	sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, cutoff, -1, SQLITE_STATIC);
	return store_count(st, SQL_DUE_COUNT, _("cannot count the households due"), count, err);
}

int
fc_store_programme_last(struct fc_store *st, const char *household, const char *programme,
			char out[11], struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_PROGRAMME_LAST];
	int rc, ret = 0;

	out[0] = '\0';
	sqlite3_bind_text(stmt, 1, household, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, programme, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0) != NULL)
		snprintf(out, 11, "%s", (const char *)sqlite3_column_text(stmt, 0));
	else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = store_fail(st, err, _("cannot read household %s's %s check"), household,
				 programme);
	store_done(stmt);
	return ret;
}

/* Search */

struct store_search {
	fc_household_fn fn;
	void *ctx;
	size_t limit;
	size_t found;
	char (*seen)[FC_ID_MAX]; /* ids already passed to fn */
	int stopped;
	const char *check[SEARCH_TERMS_MAX]; /* words each row must contain */
	size_t ncheck;
};

/* 1 if needle occurs in hay, ASCII letters compared without case. */
static int
store_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++) {
		size_t i = 0;

		while (i < n && hay[i] != '\0') {
			unsigned char a = (unsigned char)hay[i], b = (unsigned char)needle[i];

			if (a >= 'A' && a <= 'Z')
				a = (unsigned char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (unsigned char)(b - 'A' + 'a');
			if (a != b)
				break;
			i++;
		}
		if (i == n)
			return 1;
	}
	return n == 0;
}

/* Pass h on unless already seen or missing a word; 1 when the page is full. */
static int
store_search_emit(struct store_search *s, const struct fc_household *h, struct fc_error *err)
{
	int rc;

	for (size_t i = 0; i < s->found; i++)
		if (strcmp(s->seen[i], h->id) == 0)
			return 0;
	for (size_t i = 0; i < s->ncheck; i++)
		if (!store_contains(h->address, s->check[i]) &&
		    !store_contains(h->resident, s->check[i]) &&
		    !store_contains(h->phone, s->check[i]))
			return 0;
	memcpy(s->seen[s->found], h->id, FC_ID_MAX);
	s->found++;
	rc = s->fn(h, s->ctx, err);
	if (rc < 0)
		return -1;
	if (rc > 0)
		s->stopped = 1;
	return s->stopped || s->found >= s->limit;
}

/* Step a search statement (bound by the caller) until the page is full. */
static int
store_search_rows(struct fc_store *st, sqlite3_stmt *stmt, struct store_search *s,
		  struct fc_error *err)
{
	struct fc_household h;
	int ret = 0, rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int full;

		store_read_household(stmt, &h);
		full = store_search_emit(s, &h, err);
		if (full != 0) {
			ret = full < 0 ? -1 : 0;
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = store_fail(st, err, _("cannot search the households"));
	store_done(stmt);
	return ret;
}

/* Exact id, then ids starting with id. */
static int
store_search_id(struct fc_store *st, const char *id, struct store_search *s, struct fc_error *err)
{
	sqlite3_stmt *stmt;
	char end[FC_ID_MAX + 2];
	size_t len = strlen(id);

	if (len == 0 || len >= FC_ID_MAX)
		return 0;
	stmt = st->stmt[SQL_HH_GET];
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (store_search_rows(st, stmt, s, err) != 0)
		return -1;
	if (s->stopped || s->found >= s->limit)
		return 0;
	memcpy(end, id, len);
	end[len] = (char)0xFF; /* above every string that starts with id */
	end[len + 1] = '\0';
	stmt = st->stmt[SQL_HH_PREFIX];
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, end, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)s->limit);
	return store_search_rows(st, stmt, s, err);
}

/* Append word to an FTS5 query as a quoted string ("" for a quote). */
static int
store_query_add(struct fc_buf *q, const char *word, struct fc_error *err)
{
	if (fc_buf_adds(q, q->len > 0 ? " \"" : "\"", err) != 0)
		return -1;
	for (const char *p = word; *p != '\0'; p++)
		if (fc_buf_add(q, p, 1, err) != 0 || (*p == '"' && fc_buf_add(q, p, 1, err) != 0))
			return -1;
	return fc_buf_adds(q, "\"", err);
}

/* Each pair of neighbouring word characters of word that households_gram holds. */
static int
store_query_pairs(struct fc_buf *q, const char *word, struct fc_error *err)
{
	size_t len = strlen(word), i = 0;

	while (i < len) {
		uint32_t cp, next;
		size_t n = fc_utf8_decode(word + i, len - i, &cp);
		size_t m = i + n < len ? fc_utf8_decode(word + i + n, len - i - n, &next) : 0;
		char pair[16];

		if (m > 0 && store_word_char(cp) && store_word_char(next) &&
		    !(store_digit(cp) && store_digit(next)) && n + m < sizeof pair) {
			memcpy(pair, word + i, n + m);
			pair[n + m] = '\0';
			if (store_query_add(q, pair, err) != 0)
				return -1;
		}
		i += n;
	}
	return 0;
}

/* Only the word characters of a short word, as households_gram has them. */
/* out may be w itself: the result is never longer. */
static void
store_short_word(const char *w, char *out)
{
	size_t len = strlen(w), i = 0, o = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = fc_utf8_decode(w + i, len - i, &cp);

		if (store_word_char(cp)) {
			memmove(out + o, w + i, n);
			o += n;
		}
		i += n;
	}
	out[o] = '\0';
}

/* Split text in place on spaces, tabs and the ideographic space U+3000. */
static size_t
store_split_words(char *text, char *words[SEARCH_TERMS_MAX])
{
	size_t nwords = 0;

	for (char *p = text; *p != '\0' && nwords < SEARCH_TERMS_MAX;) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			*p++ = '\0';
			continue;
		}
		if (strncmp(p, "\xE3\x80\x80", 3) == 0) {
			memset(p, '\0', 3);
			p += 3;
			continue;
		}
		words[nwords++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' &&
		       strncmp(p, "\xE3\x80\x80", 3) != 0)
			p++;
	}
	return nwords;
}

/* 1 if w is ASCII digits only. */
static int
store_all_digits(const char *w)
{
	for (; *w != '\0'; w++)
		if (*w < '0' || *w > '9')
			return 0;
	return 1;
}

/* A search's words, sorted by how they are found. */
struct store_words {
	struct fc_buf tri;   /* long words, for the trigram index */
	struct fc_buf gram;  /* short words, for households_gram */
	struct fc_buf pairs; /* the long words' pairs, for households_gram */
	const char *lng[SEARCH_TERMS_MAX], *digits[SEARCH_TERMS_MAX];
	size_t nlong, ndigits;
};

static int
store_sort_words(char *text, struct store_words *w, struct fc_error *err)
{
	char *words[SEARCH_TERMS_MAX];
	size_t nwords = store_split_words(text, words);

	for (size_t i = 0; i < nwords; i++) {
		int ret = 0;

		if (fc_utf8_count(words[i]) >= 3) {
			ret = store_query_add(&w->tri, words[i], err) ||
			      store_query_pairs(&w->pairs, words[i], err);
			w->lng[w->nlong++] = words[i];
			if (ret != 0)
				return -1;
			continue;
		}
		/* Shortened in place: never longer than the word. */
		store_short_word(words[i], words[i]);
		if (words[i][0] == '\0')
			continue;
		if (store_all_digits(words[i]))
			w->digits[w->ndigits++] = words[i];
		else if (store_query_add(&w->gram, words[i], err) != 0)
			return -1;
	}
	return 0;
}

/* The words each row must be seen to contain: list[n], then more[nmore]. */
static void
store_search_check(struct store_search *s, const char *const *list, size_t n,
		   const char *const *more, size_t nmore)
{
	s->ncheck = 0;
	for (size_t i = 0; i < n; i++)
		s->check[s->ncheck++] = list[i];
	for (size_t i = 0; i < nmore; i++)
		s->check[s->ncheck++] = more[i];
}

/* Words of text that appear in the address, resident or phone. */
static int
store_search_words(struct fc_store *st, char *text, struct store_search *s, struct fc_error *err)
{
	struct store_words w = {.tri = FC_BUF_INIT, .gram = FC_BUF_INIT, .pairs = FC_BUF_INIT};
	struct fc_buf *query = NULL;
	sqlite3_stmt *stmt;
	int ret = store_sort_words(text, &w, err);

	if (ret != 0)
		goto out;
	if (w.gram.len == 0 && w.tri.len > 0) {
		/* Long words: the trigram index answers them exactly; digits are checked. */
		stmt = st->stmt[SQL_HH_SEARCH_TRI];
		store_search_check(s, w.digits, w.ndigits, NULL, 0);
		query = &w.tri;
	} else if (w.gram.len > 0) {
		/*
		 * Short words among them: households_gram must drive, or a common
		 * street with a surname nobody there has would read every row of
		 * the street. The long words go in as their character pairs (every
		 * row holding the word holds its pairs) and are checked on each row,
		 * as are short words of digits.
		 */
		if (w.pairs.len > 0 && (fc_buf_adds(&w.gram, " ", err) != 0 ||
					fc_buf_add(&w.gram, w.pairs.buf, w.pairs.len, err) != 0)) {
			ret = -1;
			goto out;
		}
		stmt = st->stmt[SQL_HH_SEARCH_GRAM];
		store_search_check(s, w.lng, w.nlong, w.digits, w.ndigits);
		query = &w.gram;
	} else {
		/* Only short digit words, or nothing: the rows in order, each checked. */
		stmt = st->stmt[SQL_HH_SEARCH_ALL];
		store_search_check(s, w.digits, w.ndigits, NULL, 0);
	}
	if (query != NULL)
		sqlite3_bind_text(stmt, 1, query->buf, (int)query->len, SQLITE_STATIC);
	if (query != NULL || s->ncheck > 0)
		ret = store_search_rows(st, stmt, s, err);
out:
	fc_buf_release(&w.tri);
	fc_buf_release(&w.gram);
	fc_buf_release(&w.pairs);
	return ret;
}

int
fc_store_search_households(struct fc_store *st, const char *text, size_t limit, fc_household_fn fn,
			   void *ctx, struct fc_error *err)
{
	struct store_search s = {.fn = fn, .ctx = ctx};
	char *work = NULL, *id;
	size_t len;
	int ret = -1;

	s.limit = limit > 0 ? limit : SEARCH_DEFAULT_LIMIT;
	while (*text == ' ' || *text == '\t')
		text++;
	len = strlen(text);
	while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	if (len == 0)
		return 0;
	if (!fc_utf8_valid(text, len, NULL))
		return fc_error_set(err, FC_E_INVALID, _("search text is not valid UTF-8"));
	s.seen = calloc(s.limit, sizeof *s.seen);
	work = malloc(2 * len + 2);
	if (s.seen == NULL || work == NULL) {
		fc_error_set(err, FC_E_NOMEM, _("search: out of memory"));
		goto out;
	}
	memcpy(work, text, len);
	work[len] = '\0';
	id = work + len + 1;
	memcpy(id, text, len + 1);
	id[len] = '\0';

	if (strpbrk(id, " \t") == NULL) {
		if (store_search_id(st, id, &s, err) != 0)
			goto out;
		/* Ids are upper case; people type them in lower case too. */
		int lower = 0;
		for (char *p = id; *p != '\0'; p++)
			if (*p >= 'a' && *p <= 'z') {
				*p = (char)(*p - 'a' + 'A');
				lower = 1;
			}
		if (lower && !s.stopped && s.found < s.limit &&
		    store_search_id(st, id, &s, err) != 0)
			goto out;
	}
	if (!s.stopped && s.found < s.limit && store_search_words(st, work, &s, err) != 0)
		goto out;
	ret = 0;
out:
	free(s.seen);
	free(work);
	return ret;
}
