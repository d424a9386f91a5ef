/* SPDX-License-Identifier: Apache-2.0 */
/*
 * inventory.c: what an administrator asks of the store before acting:
 * `inspectors list`, `devices list [--inspector ID]` and `codes list
 * [--inspector ID] [--all]`, as aligned text or --json, and `codes cancel`.
 *
 * A code is never shown (only its hash is kept): it is named by its
 * reference, the first characters of the hash in hex, which `enroll` prints
 * beside the code. Whether a code is pending, used, expired or cancelled is
 * decided here from its times, the way enrolment decides (store/store.c).
 */
#include <ctype.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/ids.h"
#include "core/opts.h"
#include "core/utf8.h"
#include "server/admin.h"
#include "server/server.h"

#define _(s) gettext(s)
#define N_(s) (s)

#define REF_SHOWN 10 /* hex characters of a code's reference in listings */
#define REF_MIN 6    /* the fewest `codes cancel` takes */

void
fc_server_print_table(FILE *out, const char *const *headers, size_t ncols, json_t *rows)
{
	size_t w[16] = {0}, i;
	const char *s;
	char buf[1024];
	json_t *row;

	for (size_t c = 0; c < ncols && c < 16; c++)
		w[c] = fc_utf8_cols(_(headers[c]));
	json_array_foreach(rows, i, row) {
		for (size_t c = 0; c < ncols && c < 16; c++) {
			s = json_string_value(json_array_get(row, c));
			size_t n = fc_utf8_cols(s != NULL ? s : "");
			w[c] = n > w[c] ? n : w[c];
		}
	}
	for (i = 0; i <= json_array_size(rows); i++) {
		row = i == 0 ? NULL : json_array_get(rows, i - 1);
		for (size_t c = 0; c < ncols && c < 16; c++) {
			s = row == NULL ? _(headers[c]) : json_string_value(json_array_get(row, c));
			if (s == NULL)
				s = "";
			/* The last column is not padded: no trailing blanks in files. */
			size_t cols = c + 1 == ncols ? fc_utf8_cols(s) : w[c];
			fc_utf8_pad(s, cols < w[c] ? cols : w[c], buf, sizeof buf);
			fprintf(out, "%s%s", c > 0 ? "  " : "", buf);
		}
		fputc('\n', out);
	}
}

/* --json and --inspector ID, the options every list takes. */
struct list_opts {
	int json, all;
	const char *inspector;
};

/* An inspector id outside its set names nobody: bad usage, err saying the rule. */
static int
list_bad_usage(struct fc_error *err)
{
	err->code = FC_E_USAGE;
	return -1;
}

/*
 * The options of "CMD list" (argv[1] is "list"), by decl: usage is given back
 * when an operand is left over.
 */
static int
list_options(int argc, char **argv, const struct fc_opt *decl, struct list_opts *o,
	     const char *usage, struct fc_error *err)
{
	const char *v[FC_OPTS_MAX];
	char cmd[32];
	int n = 0;

	memset(o, 0, sizeof *o);
	snprintf(cmd, sizeof cmd, "%s %s", argv[0], argv[1]);
	if (fc_opts_parse(cmd, decl, argc - 1, argv + 1, v, &n, err) != 0)
		return -1;
	if (n != 1)
		return fc_error_set(err, FC_E_USAGE, _("usage: %s"), usage);
	o->json = fc_opts_get(decl, v, "json") != NULL;
	o->all = fc_opts_get(decl, v, "all") != NULL;
	o->inspector = fc_opts_get(decl, v, "inspector");
	if (o->inspector == NULL)
		o->inspector = "";
	else if (fc_id_check_inspector(o->inspector, err) != 0)
		return list_bad_usage(err);
	return 0;
}

/*
 * --inspector must name someone enrolled: a mistyped id would list nothing,
 * which reads as "no devices" or "no codes" for the inspector meant.
 */
static int
list_known_inspector(struct fc_sstore *st, const struct list_opts *o, struct fc_error *err)
{
	struct fc_sinspector in;

	return o->inspector[0] == '\0' ? 0 : fc_sstore_get_inspector(st, o->inspector, &in, err);
}

int
fc_server_print_list(json_t *rows, int json, const char *const *headers, size_t ncols,
		     struct fc_error *err)
{
	if (json) {
		if (json_dumpf(rows, stdout, JSON_COMPACT) != 0)
			return fc_error_set(err, FC_E_IO, _("cannot write the list"));
		putchar('\n');
	} else {
		fc_server_print_table(stdout, headers, ncols, rows);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		return fc_error_set(err, FC_E_IO, _("cannot write the list"));
	return 0;
}

static int
list_add(json_t *rows, json_t *row, struct fc_error *err)
{
	if (row == NULL || json_array_append_new(rows, row) != 0)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	return 0;
}

/*
 * A word marked with its context (xgettext -kNC_:1c,2): "pending" is 待发送
 * for a warning and 待用 for a code. gettext looks up "CONTEXT\004WORD".
 */
#define NC_(ctx, s) ctx "\004" s

/* A code's state as the text list shows it; --json keeps the English word. */
static const char *
code_state_word(const char *state)
{
	static const char *const words[][2] = {
	    {"pending", NC_("enrolment code", "pending")},
	    {"used", NC_("enrolment code", "used")},
	    {"expired", NC_("enrolment code", "expired")},
	    {"cancelled", NC_("enrolment code", "cancelled")},
	};

	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strcmp(state, words[i][0]) == 0) {
			const char *t = gettext(words[i][1]);
			return t == words[i][1] ? state : t;
		}
	}
	return state;
}

const char *
fc_server_word(const char *word)
{
	/* Every word the store keeps that a listing prints, marked for the catalogue. */
	static const char *const words[] = {
	    N_("inspector"),	     N_("supervisor"),	   N_("city"),
	    N_("pending"),	     N_("delivered"),	   N_("failed"),
	    N_("hazard_found"),	     N_("hazard_overdue"), N_("house_grade"),
	    N_("household_overdue"), N_("device_silent"),  N_("fork"),
	};

	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(word, words[i]) == 0)
			return gettext(words[i]);
	return word;
}

/* The state of a code at now, as enrolment would judge it. */
static const char *
code_state(const struct fc_scode_row *c, time_t now)
{
	if (c->used_at != 0)
		return "used";
	if (c->cancelled_at != 0)
		return "cancelled";
	if (c->expires_at <= (int64_t)now)
		return "expired";
	return "pending";
}

/* inspectors list */

struct insp_walk {
	json_t *rows, *pending; /* pending: inspector -> number of pending codes */
	int json;
	time_t now;
};

static int
insp_count_code(const struct fc_scode_row *c, void *ctx, struct fc_error *err)
{
	struct insp_walk *w = ctx;
	json_int_t n = json_integer_value(json_object_get(w->pending, c->inspector));

	(void)err;
	if (strcmp(code_state(c, w->now), "pending") == 0)
		json_object_set_new(w->pending, c->inspector, json_integer(n + 1));
	return 0;
}

static int
insp_row(const struct fc_sinspector_row *r, void *ctx, struct fc_error *err)
{
	struct insp_walk *w = ctx;
	json_int_t codes = json_integer_value(json_object_get(w->pending, r->in.id));
	char last[32], when[32], revoked[64], num[3][24];

	fc_server_time(r->last_sync, last);
	fc_server_time(r->in.revoked_at, when);
	snprintf(revoked, sizeof revoked, _("revoked %s"), when);
	if (w->json)
		return list_add(
		    w->rows,
		    json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I}", "inspector", r->in.id,
			      "name", r->in.name, "district", r->in.district, "role", r->in.role,
			      "created_at", (json_int_t)r->created_at, "revoked_at",
			      (json_int_t)r->in.revoked_at, "devices", (json_int_t)r->devices,
			      "records", (json_int_t)r->records, "last_sync",
			      (json_int_t)r->last_sync, "pending_codes", codes),
		    err);
	snprintf(num[0], sizeof num[0], "%lld", (long long)r->devices);
	snprintf(num[1], sizeof num[1], "%lld", (long long)r->records);
	snprintf(num[2], sizeof num[2], "%lld", (long long)codes);
	return list_add(w->rows,
			json_pack("[s,s,s,s,s,s,s,s,s]", r->in.id, r->in.name, r->in.district,
				  fc_server_word(r->in.role),
				  r->in.revoked_at != 0 ? revoked : _("active"), num[0], num[1],
				  last, num[2]),
			err);
}

static const struct fc_opt inspectors_opts[] = {{"json", 0}, {NULL, 0}};

static int
inspectors_list(struct fc_sstore *st, int argc, char **argv, struct fc_error *err)
{
	static const char *const headers[] = {
	    N_("inspector"), N_("name"),    N_("district"),  N_("role"),	 N_("status"),
	    N_("devices"),   N_("records"), N_("last sync"), N_("pending codes")};
	struct list_opts o;
	struct insp_walk w = {json_array(), json_object(), 0, time(NULL)};
	int ret = -1;

	if (list_options(argc, argv, inspectors_opts, &o, "inspectors list [--json]", err) != 0)
		goto out;
	w.json = o.json;
	if (w.rows == NULL || w.pending == NULL) {
		fc_error_set(err, FC_E_NOMEM, _("out of memory"));
		goto out;
	}
	if (fc_sstore_each_code(st, "", insp_count_code, &w, err) == 0 &&
	    fc_sstore_each_inspector(st, insp_row, &w, err) == 0)
		ret = fc_server_print_list(w.rows, o.json, headers, 9, err);
out:
	json_decref(w.rows);
	json_decref(w.pending);
	return ret;
}

int
fc_server_inspectors_cmd(struct fc_sstore *st, const struct fc_server_args *a, struct fc_error *err)
{
	/* Subcommands: the words as typed, each subcommand declaring its options. */
	int argc = a->argc;
	char **argv = a->argv;
	if (argc < 2 || strcmp(argv[1], "list") != 0)
		return fc_error_set(err, FC_E_USAGE, _("usage: inspectors list [--json]"));
	return inspectors_list(st, argc, argv, err);
}

/* devices list */

struct dev_walk {
	json_t *rows;
	int json;
};

static int
dev_row(const struct fc_sdevice_row *r, void *ctx, struct fc_error *err)
{
	struct dev_walk *w = ctx;
	char enrolled[32], last[32], when[32], revoked[64], num[24];

	fc_server_time(r->enrolled_at, enrolled);
	fc_server_time(r->last_sync, last);
	/* When, and whether the device alone or its inspector was revoked. */
	if (r->device_revoked != 0) {
		fc_server_time(r->device_revoked, when);
		snprintf(revoked, sizeof revoked, _("device %s"), when);
	} else if (r->inspector_revoked != 0) {
		fc_server_time(r->inspector_revoked, when);
		snprintf(revoked, sizeof revoked, _("inspector %s"), when);
	} else {
		snprintf(revoked, sizeof revoked, "%s", _("no"));
	}
	if (w->json)
		return list_add(w->rows,
				json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:b,s:I,s:I}", "device",
					  r->device, "inspector", r->inspector, "district",
					  r->district, "enrolled_at", (json_int_t)r->enrolled_at,
					  "last_sync", (json_int_t)r->last_sync, "records",
					  (json_int_t)r->records, "revoked",
					  r->inspector_revoked != 0 || r->device_revoked != 0,
					  "inspector_revoked_at", (json_int_t)r->inspector_revoked,
					  "device_revoked_at", (json_int_t)r->device_revoked),
				err);
	snprintf(num, sizeof num, "%lld", (long long)r->records);
	return list_add(w->rows,
			json_pack("[s,s,s,s,s,s,s]", r->device, r->inspector, r->district, enrolled,
				  last, num, revoked),
			err);
}

static const struct fc_opt devices_opts[] = {{"json", 0}, {"inspector", 1}, {NULL, 0}};

int
fc_server_devices_cmd(struct fc_sstore *st, const struct fc_server_args *a, struct fc_error *err)
{
	/* Subcommands: the words as typed, each subcommand declaring its options. */
	int argc = a->argc;
	char **argv = a->argv;
	static const char usage[] = "devices list [--inspector ID] [--json]";
	static const char *const headers[] = {N_("device"),   N_("inspector"), N_("district"),
					      N_("enrolled"), N_("last sync"), N_("records"),
					      N_("revoked")};
	struct list_opts o;
	struct dev_walk w = {NULL, 0};
	int ret = -1;

	if (argc < 2 || strcmp(argv[1], "list") != 0)
		return fc_error_set(err, FC_E_USAGE, _("usage: %s"), usage);
	if (list_options(argc, argv, devices_opts, &o, usage, err) != 0 ||
	    list_known_inspector(st, &o, err) != 0)
		return -1;
	w.json = o.json;
	if ((w.rows = json_array()) == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	if (fc_sstore_each_device_row(st, o.inspector, dev_row, &w, err) == 0)
		ret = fc_server_print_list(w.rows, o.json, headers, 7, err);
	json_decref(w.rows);
	return ret;
}

/* codes list */

struct code_walk {
	json_t *rows;
	int json, all;
	time_t now;
	/*
	 * codes cancel: what to match (a reference's first characters, or the
	 * full reference of the argument read as a code), and the matches
	 */
	const char *prefix, *code_ref;
	json_t *found;
};

static int
code_row(const struct fc_scode_row *c, void *ctx, struct fc_error *err)
{
	struct code_walk *w = ctx;
	const char *state = code_state(c, w->now);
	char ref[REF_SHOWN + 1], issued[32], until[32];

	if (!w->all && strcmp(state, "pending") != 0)
		return 0;
	snprintf(ref, sizeof ref, "%.*s", REF_SHOWN, c->ref);
	fc_server_time(c->created_at, issued);
	fc_server_time(c->expires_at, until);
	if (w->json)
		return list_add(w->rows,
				json_pack("{s:s,s:s,s:I,s:I,s:s,s:I,s:I}", "ref", ref, "inspector",
					  c->inspector, "created_at", (json_int_t)c->created_at,
					  "expires_at", (json_int_t)c->expires_at, "state", state,
					  "used_at", (json_int_t)c->used_at, "cancelled_at",
					  (json_int_t)c->cancelled_at),
				err);
	return list_add(
	    w->rows,
	    json_pack("[s,s,s,s,s]", ref, c->inspector, issued, until, code_state_word(state)),
	    err);
}

static const struct fc_opt codes_opts[] = {{"json", 0}, {"inspector", 1}, {"all", 0}, {NULL, 0}};

static int
codes_list(struct fc_sstore *st, int argc, char **argv, struct fc_error *err)
{
	static const char usage[] = "codes list [--inspector ID] [--all] [--json]";
	static const char *const headers[] = {N_("code ref"), N_("inspector"), N_("issued"),
					      N_("expires"), N_("state")};
	struct list_opts o;
	struct code_walk w = {.now = time(NULL)};
	int ret = -1;

	if (list_options(argc, argv, codes_opts, &o, usage, err) != 0 ||
	    list_known_inspector(st, &o, err) != 0)
		return -1;
	w.json = o.json;
	w.all = o.all;
	if ((w.rows = json_array()) == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	if (fc_sstore_each_code(st, o.inspector, code_row, &w, err) == 0)
		ret = fc_server_print_list(w.rows, o.json, headers, 5, err);
	json_decref(w.rows);
	return ret;
}

/* codes cancel */

/* Whether ref is the one named: by its first characters, or as a code. */
static int
code_named(const char *ref, const char *prefix, const char *code_ref)
{
	if (prefix[0] != '\0' && strncmp(ref, prefix, strlen(prefix)) == 0)
		return 1;
	return strcmp(ref, code_ref) == 0;
}

static int
code_match(const struct fc_scode_row *c, void *ctx, struct fc_error *err)
{
	struct code_walk *w = ctx;

	if (strcmp(code_state(c, w->now), "pending") != 0)
		return 0;
	if (w->prefix != NULL && !code_named(c->ref, w->prefix, w->code_ref))
		return 0;
	if (json_array_append_new(w->found, json_pack("[s,s]", c->ref, c->inspector)) != 0)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	return 0;
}

/*
 * The argument as a reference (hex, at least REF_MIN characters, either case:
 * "" when it cannot be one) and as a code (its full reference). Both are
 * tried: a code typed without its dashes may be hex too.
 */
static void
codes_ref(const char *arg, char ref[FC_CODE_REF_LEN + 1], char code[FC_CODE_REF_LEN + 1])
{
	size_t n = strlen(arg);
	unsigned char hash[32];

	ref[0] = '\0';
	if (n >= REF_MIN && n <= FC_CODE_REF_LEN && strspn(arg, "0123456789abcdefABCDEF") == n)
		for (size_t i = 0; i <= n; i++)
			ref[i] = (char)tolower((unsigned char)arg[i]);
	fc_server_code_hash(arg, hash);
	sodium_bin2hex(code, FC_CODE_REF_LEN + 1, hash, sizeof hash);
}

/* Cancel every match in one transaction with its audit lines. */
static int
codes_cancel_found(struct fc_sstore *st, json_t *found, time_t now, struct fc_error *err)
{
	size_t i;
	json_t *m;

	if (fc_sstore_begin(st, err) != 0)
		return -1;
	json_array_foreach(found, i, m) {
		const char *ref = json_string_value(json_array_get(m, 0));
		const char *insp = json_string_value(json_array_get(m, 1));

		if (fc_sstore_cancel_code(st, ref, now, err) != 0 ||
		    fc_server_audit(st, err, "codes cancel",
				    "enrolment code %.*s of inspector %s cancelled", REF_SHOWN, ref,
				    insp) != 0) {
			fc_sstore_rollback(st);
			return -1;
		}
	}
	if (fc_sstore_commit(st, err) != 0)
		return -1;
	json_array_foreach(found, i, m) {
		printf(_("cancelled enrolment code %.*s of inspector %s\n"), REF_SHOWN,
		       json_string_value(json_array_get(m, 0)),
		       json_string_value(json_array_get(m, 1)));
	}
	return 0;
}

static int
codes_cancel(struct fc_sstore *st, int argc, char **argv, struct fc_error *err)
{
	static const char usage[] = "usage: codes cancel REF|CODE, or codes cancel --inspector ID";
	static const struct fc_opt opts[] = {{"inspector", 1}, {NULL, 0}};
	char ref[FC_CODE_REF_LEN + 1], code[FC_CODE_REF_LEN + 1];
	struct code_walk w = {.now = time(NULL)};
	const char *inspector, *v[FC_OPTS_MAX];
	int ret = -1, n = 0;

	/* argv[1] is "cancel"; its operands land in argv[2..n]. */
	if (fc_opts_parse("codes cancel", opts, argc - 1, argv + 1, v, &n, err) != 0)
		return -1;
	inspector = fc_opts_get(opts, v, "inspector");
	if (inspector != NULL ? n != 1 || inspector[0] == '\0' : n != 2)
		return fc_error_set(err, FC_E_USAGE, "%s", _(usage));
	if (inspector != NULL && fc_id_check_inspector(inspector, err) != 0)
		return list_bad_usage(err);
	if (inspector == NULL) {
		inspector = "";
		codes_ref(argv[2], ref, code);
		w.prefix = ref;
		w.code_ref = code;
	}
	if ((w.found = json_array()) == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	if (fc_sstore_each_code(st, inspector, code_match, &w, err) != 0)
		goto out;
	if (json_array_size(w.found) == 0 && w.prefix != NULL)
		fc_error_set(err, FC_E_NOTFOUND,
			     _("no pending enrolment code %s (see codes list --all)"), argv[2]);
	else if (json_array_size(w.found) == 0)
		fc_error_set(err, FC_E_NOTFOUND, _("inspector %s has no pending enrolment code"),
			     inspector);
	else if (w.prefix != NULL && json_array_size(w.found) > 1)
		fc_error_set(err, FC_E_USAGE,
			     _("%s names %zu pending codes; give more of its reference"), argv[2],
			     json_array_size(w.found));
	else
		ret = codes_cancel_found(st, w.found, w.now, err);
out:
	json_decref(w.found);
	return ret;
}

/* The verbs; each parses its own options and operands (argv[1] is the verb). */
static const struct codes_verb {
	const char *name;
	int (*run)(struct fc_sstore *st, int argc, char **argv, struct fc_error *err);
} codes_verbs[] = {
    {"list", codes_list},
    {"cancel", codes_cancel},
};

int
fc_server_codes_cmd(struct fc_sstore *st, const struct fc_server_args *a, struct fc_error *err)
{
	for (size_t i = 0; a->argc >= 2 && i < sizeof codes_verbs / sizeof codes_verbs[0]; i++)
		if (strcmp(a->argv[1], codes_verbs[i].name) == 0)
			return codes_verbs[i].run(st, a->argc, a->argv, err);
	return fc_error_set(err, FC_E_USAGE,
			    _("usage: codes list [--inspector ID] [--all] [--json] | codes cancel "
			      "REF|CODE | codes cancel --inspector ID"));
}
