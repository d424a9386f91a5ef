/*
 * record-view.c: prints a record body for people. It reads the body the
 * signature covers, never a re-serialised copy, and prints every answer even
 * when the template that made it is no longer installed.
 */
#include <string.h>

#include <jansson.h>

#include "core/utf8.h"
#include "record-view.h"

static void
view_value(json_t *v, FILE *out)
{
	char *s;

	if (json_is_string(v)) {
		char buf[1024];
		/* Text typed on a handheld may hold anything: never echo controls raw. */
		fc_utf8_pad(json_string_value(v), fc_utf8_cols(json_string_value(v)), buf,
		    sizeof buf);
		fputs(buf, out);
		return;
	}
	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	fputs(s != NULL ? s : "?", out);
	free(s);
}

int
fc_record_view_print(struct fc_app *app, const struct fc_record *rec, FILE *out,
    struct fc_error *err)
{
	json_error_t jerr;
	json_t *body = json_loadb(rec->body, rec->body_len, 0, &jerr);
	struct fc_household hh;
	struct fc_error ignore = { 0 };
	const char *key;
	json_t *v;

	if (body == NULL)
		return fc_error_set(err, FC_E_INVALID, "%s: body is not JSON: %s", rec->id,
		    jerr.text);
	fprintf(out, "record:    %s (number %lld on device %s)\n", rec->id, (long long)rec->seq,
	    rec->device);
	fprintf(out, "type:      %s\n", rec->type);
	fprintf(out, "time:      %s\n", rec->time);
	fprintf(out, "inspector: %s\n", rec->inspector);
	if (rec->household[0] != '\0') {
		if (fc_store_get_household(app->store, rec->household, &hh, &ignore) == 0)
			fprintf(out, "household: %s  %s  %s\n", rec->household, hh.address,
			    hh.resident);
		else
			fprintf(out, "household: %s\n", rec->household);
	}
	if (rec->template_id[0] != '\0')
		fprintf(out, "template:  %s version %d\n", rec->template_id, rec->template_version);
	if ((v = json_object_get(body, "corrects")) != NULL && json_is_string(v))
		fprintf(out, "corrects:  %s\n", json_string_value(v));
	if ((v = json_object_get(body, "follows")) != NULL && json_is_string(v))
		fprintf(out, "follows:   %s\n", json_string_value(v));
	if (rec->outcome[0] != '\0')
		fprintf(out, "outcome:   %s\n", rec->outcome);

	json_t *answers = json_object_get(body, "answers");
	if (json_is_object(answers) && json_object_size(answers) > 0) {
		fprintf(out, "\nanswers:\n");
		json_object_foreach(answers, key, v) {
			fprintf(out, "  %-8s ", key);
			view_value(v, out);
			fputc('\n', out);
		}
	}
	json_t *hazards = json_object_get(body, "hazards");
	if (json_is_array(hazards) && json_array_size(hazards) > 0) {
		size_t i;
		fprintf(out, "\nhazards:\n");
		json_array_foreach(hazards, i, v) {
			fprintf(out, "  %-8s %-9s ", json_string_value(json_object_get(v, "item")),
			    json_string_value(json_object_get(v, "severity")));
			json_t *note = json_object_get(v, "note");
			if (note != NULL)
				view_value(note, out);
			fputc('\n', out);
		}
	}
	json_t *grade = json_object_get(body, "grade");
	if (json_is_object(grade)) {
		fprintf(out, "\ngrade:\n  ");
		view_value(grade, out);
		fputc('\n', out);
	}
	fputc('\n', out);
	json_decref(body);
	return 0;
}
