/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ids.h: what a device, inspector or district id may be made of.
 *
 * Ids travel in URLs, HTTP headers, file names, logs, CSV exports and the
 * supervisors' listings, so each has a small stated character set and
 * anything else is refused where it enters (init, enrolment on both sides,
 * the server's enroll command) rather than escaped wherever it goes.
 *
 *   device     exactly 8 lower-case hex digits (made by fieldcheck init)
 *   inspector  1 to 63 ASCII letters, digits, '-', '_', '.'; the first a
 *              letter or digit (so never "." or "..")
 *   district   1 to 63 bytes of ASCII letters, digits, '-', '_', '.' and
 *              CJK ideographs (U+3400-U+4DBF, U+4E00-U+9FFF), the first not
 *              '-', '_' or '.': "新华区", "朝阳", "D1"; no spaces, quotes,
 *              slashes or control and formatting characters
 *   districts  one district id or several, comma-separated ("D1,D2"), each
 *              once, at most FC_DISTRICTS_MAX - 1 bytes: the districts an
 *              inspector is enrolled for, or a console account sees
 *
 * A person's name is not an id but enters the same way (init on the device,
 * enroll on the server) and is shown on screens, in listings, exports and
 * notices, and sent as JSON, which takes only valid UTF-8:
 *
 *   name       valid UTF-8, 1 to FC_NAME_MAX - 1 bytes, not only spaces,
 *              no control characters: "王丽", "Li Wang"
 */
#ifndef FC_IDS_H
#define FC_IDS_H

#include "error.h"

#define FC_IDS_DEVICE_RULE "exactly 8 lower-case hex digits"
#define FC_IDS_INSPECTOR_RULE                                                                      \
	"1 to 63 ASCII letters, digits, '-', '_' and '.', starting with a letter or digit"
#define FC_IDS_DISTRICT_RULE                                                                       \
	"1 to 63 bytes of ASCII letters, digits, '-', '_', '.' and Chinese characters, "           \
	"starting with a letter, digit or Chinese character"

/* Room for a person's name, its NUL included (the key file's and the server's). */
#define FC_NAME_MAX 128

/* Room for a comma list of districts; each id is at most 63 bytes. */
#define FC_DISTRICTS_MAX 1024

/* 1 when id follows the rule above, else 0. */
int fc_id_device_ok(const char *id);
int fc_id_inspector_ok(const char *id);
int fc_id_district_ok(const char *id);

/*
 * The same, filling err (FC_E_INVALID) with "<what> id '<id>' is not ...:
 * <rule>" on refusal; what is a word like "device". A refused id is shown
 * with bytes outside printable ASCII as \xNN, so it cannot carry escapes to
 * a terminal.
 */
int fc_id_check_device(const char *id, struct fc_error *err);
int fc_id_check_inspector(const char *id, struct fc_error *err);
int fc_id_check_district(const char *id, struct fc_error *err);
/* A console account's name: an inspector id's rule, named as an account name. */
int fc_id_check_account(const char *name, struct fc_error *err);
/* A districts list as above (FC_E_INVALID naming the entry at fault). */
int fc_id_check_districts(const char *list, struct fc_error *err);
/*
 * A person's name as above (FC_E_INVALID, in the user's language, saying
 * what is wrong: empty, too long, not UTF-8 text, a control character).
 */
int fc_id_check_name(const char *name, struct fc_error *err);
/* 1 when list ("*" for every district, or a comma list) includes district. */
int fc_id_districts_have(const char *list, const char *district);
/*
 * 1 when the lists mine and theirs share a district: a supervisor's districts
 * and an inspector's. "*" in mine has every district; "*" in theirs is met
 * only by "*" in mine, since someone of every district is not someone of
 * some of them.
 */
int fc_id_districts_meet(const char *mine, const char *theirs);

#endif
