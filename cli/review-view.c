/* SPDX-License-Identifier: Apache-2.0 */
/*
 * review-view.c: reviews for `show` and `list` (review-view.h). The store
 * kept each review only after sync checked it; showing one checks it again
 * against the kept key, so a review changed in the device's file afterwards
 * is shown as such, not believed.
 */
#include <libintl.h>
#include <string.h>

#include "core/lang.h"
#include "review-view.h"
#include "sync/client.h"

#define _(s) gettext(s)

struct view_ctx {
	struct fc_app *app;
	unsigned char pk[FC_PK_BYTES];
	int have_pk;
	int zh;
	FILE *out;
	json_t *list;
};

/* "valid", or why not, for r under the kept key. */
static const char *
view_check(const struct view_ctx *v, const struct fc_store_review *r, struct fc_error *why)
{
	if (!v->have_pk)
		return "no server key on this device";
	/* Every column shown (state, reviewer, time, comment, ...) against the signed body. */
	if (fc_review_check_kept(v->pk, &r->rv, r->body, r->sig, why) != 0)
		return "NOT signed by the server's key";
	return "valid";
}

static const char *
view_state_zh(const char *state)
{
	return strcmp(state, FC_REVIEW_RETURNED) == 0 ? "退回" : "通过";
}

static int
view_print_one(const struct fc_store_review *r, void *arg, struct fc_error *err)
{
	struct view_ctx *v = arg;
	struct fc_error why = {0};
	const char *check = view_check(v, r, &why);
	int ok = strcmp(check, "valid") == 0;

	(void)err;
	if (v->zh)
		fprintf(v->out, "审核：%s（%s，%s；服务器签名%s）\n", view_state_zh(r->rv.state),
			r->rv.reviewer, r->rv.time, ok ? "有效" : "无效");
	else
		fprintf(v->out, "review: %s by %s at %s (server signature %s)\n", r->rv.state,
			r->rv.reviewer, r->rv.time, check);
	if (r->rv.comment[0] != '\0')
		fprintf(v->out, v->zh ? "  意见：%s\n" : "  comment: %s\n", r->rv.comment);
	return 0;
}

static void
view_open(struct view_ctx *v, struct fc_app *app)
{
	char hex[2 * FC_PK_BYTES + 8];
	struct fc_error ignored = {0};

	memset(v, 0, sizeof *v);
	v->app = app;
	v->zh = strcmp(fc_lang_of_process(), "zh") == 0;
	v->have_pk =
	    fc_store_get_setting(app->store, FC_SET_SERVER_KEY, hex, sizeof hex, &ignored) == 0 &&
	    fc_hex_decode(hex, v->pk, FC_PK_BYTES) == 0;
}

int
fc_review_view_print(struct fc_app *app, const char *record, FILE *out, struct fc_error *err)
{
	struct view_ctx v;
	int awaits;

	view_open(&v, app);
	v.out = out;
	if (fc_store_each_review(app->store, record, view_print_one, &v, err) != 0)
		return -1;
	if (fc_store_review_awaits(app->store, record, &awaits, err) != 0)
		return -1;
	if (awaits)
		fprintf(out,
			v.zh ? "待更正：请用 fieldcheck record --corrects %s 提交更正\n"
			     : "waiting for your correction: fieldcheck record --corrects %s\n",
			record);
	return 0;
}

static int
view_json_one(const struct fc_store_review *r, void *arg, struct fc_error *err)
{
	struct view_ctx *v = arg;
	struct fc_error why = {0};
	const char *check = view_check(v, r, &why);
	json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:b}", "id", (json_int_t)r->rv.id, "state",
			      r->rv.state, "comment", r->rv.comment, "reviewer", r->rv.reviewer,
			      "time", r->rv.time, "record_hash", r->rv.record_hash, "verified",
			      strcmp(check, "valid") == 0);

	if (o == NULL || json_array_append_new(v->list, o) != 0)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	return 0;
}

int
fc_review_view_json(struct fc_app *app, const char *record, json_t **out, struct fc_error *err)
{
	struct view_ctx v;

	view_open(&v, app);
	if ((v.list = json_array()) == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	if (fc_store_each_review(app->store, record, view_json_one, &v, err) != 0) {
		json_decref(v.list);
		return -1;
	}
	*out = v.list;
	return 0;
}

static int
view_newest(const struct fc_store_review *r, void *arg, struct fc_error *err)
{
	(void)err;
	snprintf(arg, 16, "%s", r->rv.state);
	return 0;
}

int
fc_review_view_state(struct fc_app *app, const char *record, char state[16], struct fc_error *err)
{
	state[0] = '\0';
	return fc_store_each_review(app->store, record, view_newest, state, err);
}
