/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console-strings.c: the console's words, from the same catalogue as the
 * programs (po/zh_CN.po, domain "fieldcheck"). The pages (web/i18n.js) ask
 * /console/api/strings for a table from these English words to the
 * language's; an English page shows the words themselves.
 *
 * gettext picks its language from process-wide state (LANGUAGE), which
 * request threads must not change under each other, so the Chinese table
 * is read once, before the server starts its threads.
 */
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/datadir.h"
#include "server/console.h"

#define N_(s) s

static const char *const console_words[] = {
    N_("Supervisors' console"),
    N_("Log in"),
    N_("Log out"),
    N_("Account name"),
    N_("Password"),
    N_("Overview"),
    N_("Hazards"),
    N_("Household register"),
    N_("Records"),
    N_("Inspectors and devices"),
    N_("Exports"),
    N_("District"),
    N_("All my districts"),
    N_("Programme"),
    N_("Severity"),
    N_("State"),
    N_("Age"),
    N_("Filter"),
    N_("Search"),
    N_("Household"),
    N_("Address"),
    N_("Resident"),
    N_("Kind"),
    N_("Last check"),
    N_("Record"),
    N_("Type"),
    N_("Day"),
    N_("Inspector"),
    N_("Device"),
    N_("Outcome"),
    N_("Grade"),
    N_("Item"),
    N_("Found"),
    N_("Rectified"),
    N_("Open"),
    N_("Days taken"),
    N_("Follow-ups"),
    N_("Corrections"),
    N_("Verification"),
    N_("Signature"),
    N_("Chain position"),
    N_("Hash"),
    N_("Photos"),
    N_("Answers"),
    N_("Question"),
    N_("Answer"),
    N_("Inspections"),
    N_("Visits"),
    N_("Hazards found"),
    N_("Hazards rectified"),
    N_("Hazards open"),
    N_("Major hazards open"),
    N_("Records synced today"),
    N_("Devices synced today"),
    N_("Households overdue"),
    N_("Programme checks overdue"),
    N_("Catering units with a working gas alarm"),
    N_("Rural houses appraised"),
    N_("Inspections and hazards per week"),
    N_("Week"),
    N_("Open hazards by age"),
    N_("Open hazards by severity"),
    N_("Last sync"),
    N_("Records per week"),
    N_("Forks"),
    N_("Refused pushes"),
    N_("Last refusal"),
    N_("Inspector's refused pushes"),
    N_("Revoked"),
    N_("Role"),
    N_("Download CSV"),
    N_("Download XLSX"),
    N_("Overdue households"),
    N_("Hazard ledger"),
    N_("By programme"),
    N_("You may not see this district."),
    N_("Not logged in, or the session has ended."),
    N_("Wrong account name or password."),
    N_("Too many failed logins; wait and try again."),
    N_("No rows."),
    N_("Loading…"),
    N_("Language"),
    N_("Count"),
    N_("Total"),
    N_("gas"),
    N_("selfbuilt"),
    N_("rural"),
    N_("open"),
    N_("rectified"),
    N_("superseded"),
    N_("reinspected"),
    N_("stop"),
    N_("major"),
    N_("serious"),
    N_("minor"),
    N_("general"),
    N_("inspection"),
    N_("visit"),
    N_("followup"),
    N_("correction"),
    N_("days"),
    N_("0-7 days"),
    N_("8-30 days"),
    N_("31-90 days"),
    N_("over 90 days"),
    N_("Back"),
    N_("Signature valid"),
    N_("Corrected by"),
    N_("Corrects"),
    N_("Follows"),
    N_("Numbers of the chart"),
    N_("Name"),
    N_("yes"),
    N_("no"),
    N_("n/a"),
    N_("Inside the cycle"),
    N_("Due soon"),
    N_("Overdue"),
    N_("Deadline"),
    N_("Closed by"),
    N_("Progress"),
    N_("Rectification"),
    N_("ordinary"),
    N_("some"),
    N_("moderate"),
    N_("slight"),
    N_("finding"),
    N_("Current version"),
    N_("Conflict"),
    N_("Device revoked"),
    N_("Inspector revoked"),
    N_("Original"),
    N_("Note"),
    N_("Closed"),
    N_("Phone"),
    N_("Due"),
    N_("Days overdue"),
    N_("Revisit"),
    N_("Escalated"),
    N_("Template"),
    N_("Export"),
    N_("What"),
    N_("Format"),
    N_("Item codes instead of labels"),
};

static json_t *console_zh;

void
fc_console_strings_init(void)
{
	char dir[4200];
	const char *old = getenv("LANGUAGE");
	char *saved = old != NULL ? strdup(old) : NULL;
	const char *msg = setlocale(LC_MESSAGES, NULL);

	if (console_zh != NULL)
		return;
	/* gettext ignores LANGUAGE under the plain C locale (tui/i18n.c says the same). */
	if (msg == NULL || strcmp(msg, "C") == 0 || strcmp(msg, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	fc_datadir_locale(dir, sizeof dir);
	bindtextdomain(FC_TEXT_DOMAIN, dir);
	bind_textdomain_codeset(FC_TEXT_DOMAIN, "UTF-8");
	setenv("LANGUAGE", "zh_CN", 1);
	console_zh = json_object();
	for (size_t i = 0; i < sizeof console_words / sizeof console_words[0]; i++)
		json_object_set_new(console_zh, console_words[i],
				    json_string(dgettext(FC_TEXT_DOMAIN, console_words[i])));
	for (size_t i = 0; i < fc_console_loop_nwords; i++)
		json_object_set_new(
		    console_zh, fc_console_loop_words[i],
		    json_string(dgettext(FC_TEXT_DOMAIN, fc_console_loop_words[i])));
	if (saved != NULL)
		setenv("LANGUAGE", saved, 1);
	else
		unsetenv("LANGUAGE");
	free(saved);
}

json_t *
fc_console_strings(const char *lang)
{
	json_t *en;

	if (strcmp(lang, "zh") == 0 && console_zh != NULL)
		return json_deep_copy(console_zh);
	en = json_object();
	for (size_t i = 0; i < sizeof console_words / sizeof console_words[0]; i++)
		json_object_set_new(en, console_words[i], json_string(console_words[i]));
	for (size_t i = 0; i < fc_console_loop_nwords; i++)
		json_object_set_new(en, fc_console_loop_words[i],
				    json_string(fc_console_loop_words[i]));
	return en;
}

const char *
fc_console_word(const char *lang, const char *word)
{
	const char *zh;

	if (strcmp(lang, "zh") != 0 || console_zh == NULL)
		return word;
	zh = json_string_value(json_object_get(console_zh, word));
	return zh != NULL ? zh : word;
}
