#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The catalogues are the source of translations (po/*.po, kept with `make po`:
# xgettext + msgmerge). Every string the code marks with _() or N_() must have
# a Chinese translation in po/zh_CN.po, and every catalogue must compile with
# its format strings matching (msgfmt -c).
. "$(dirname "$0")/../lib.sh"
cd "$FC_ROOT" || exit 1

src=$(grep -l '_(' core/*.c app/*.c cli/*.c tui/*.c sync/*.c server/*.c server/store/*.c 2>/dev/null)
ok "xgettext extracts the marked strings" \
	xgettext --from-code=UTF-8 -k_ -kN_ -kNC_:1c,2 -kfc_gettext:2 --add-location=file -o "$T/fc.pot" $src
n=$(grep -c '^msgid ' "$T/fc.pot")
if [ "$n" -gt 100 ]; then pass "the code marks $n strings for translation"; else fail "the code marks strings for translation" "only $n msgids in $T/fc.pot"; fi

ok "msgmerge takes zh_CN.po up to the code's strings" \
	msgmerge --quiet --no-fuzzy-matching -o "$T/zh_CN.po" po/zh_CN.po "$T/fc.pot"
# The header is the one msgid "" msgattrib always reports; anything else is missing.
missing=$(msgattrib --untranslated --no-obsolete "$T/zh_CN.po" | grep '^msgid "' | grep -v '^msgid ""$')
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$T/zh_CN.po" | grep '^msgid "' | grep -v '^msgid ""$')
if [ -z "$missing$fuzzy" ]; then
	pass "every marked string has a Chinese translation in po/zh_CN.po"
else
	fail "every marked string has a Chinese translation in po/zh_CN.po" \
		"run make po and translate in po/zh_CN.po: $(printf '%s\n' "$missing" "$fuzzy" | tr '\n' ' ')"
fi

for po in po/*.po; do
	ok "$po compiles and its formats match (msgfmt -c)" msgfmt -c -o "$T/x.mo" "$po"
done

# The check above must catch a string added without a translation.
printf '#include <libintl.h>\n#define _(s) gettext(s)\nconst char *x(void);\nconst char *x(void) { return _("a string nobody translated"); }\n' >"$T/new.c"
xgettext --from-code=UTF-8 -k_ -kN_ -kNC_:1c,2 -kfc_gettext:2 -o "$T/fc2.pot" $src "$T/new.c"
msgmerge --quiet --no-fuzzy-matching -o "$T/zh2.po" po/zh_CN.po "$T/fc2.pot"
msgattrib --untranslated --no-obsolete "$T/zh2.po" >"$T/untranslated.po"
contains "a string added without a translation is found" "$T/untranslated.po" "a string nobody translated"

# A device reads every refusal in its own language (docs/protocol.md,
# Accept-Language): the format of each fc_server_error() call in server/*.c
# is fc_gettext(r->lang, ...), which xgettext extracts (-kfc_gettext:2) and
# the checks above make translated. The exceptions pass on words chosen
# elsewhere, each for its reason:
#   "%s", err->msg                     fc_server_fail: a store's fault, or a
#                                      malformed request no inspector makes
#                                      (a busy store is worded there)
#   "%s", enroll_code_refusal(r, &err) worded in the device's language there
# english_refusals FILE...: each call whose format is neither, one a line.
english_refusals() {
	awk '/fc_server_error\(/ && !/^fc_server_error\(/ {
		c = $0
		while (c !~ /;[ \t]*$/ && (getline l) > 0) c = c " " l
		gsub(/[ \t]+/, " ", c); gsub(/\( /, "(", c)
		sub(/.*fc_server_error\(r, [A-Za-z_]+, /, "", c)
		if (c !~ /^fc_gettext\(r->lang, "/ && c !~ /^"%s", err->msg\);$/ &&
		    c !~ /^"%s", enroll_code_refusal\(r, &err\)\);$/)
			print FILENAME ": " c
	}' "$@"
}
english_refusals server/*.c >"$T/english.txt"
if [ -s "$T/english.txt" ]; then
	fail "every refusal a device receives follows its language (fc_gettext(r->lang, ...))" \
		"$(tr '\n' ' ' <"$T/english.txt")"
else
	pass "every refusal a device receives follows its language (fc_gettext(r->lang, ...))"
fi
printf 'int f(struct fc_server_req *r)\n{\n\treturn fc_server_error(r, MHD_HTTP_BAD_REQUEST,\n\t\t\t       "a refusal in %%s only", "English");\n}\n' >"$T/refuse.c"
english_refusals "$T/refuse.c" >"$T/english2.txt"
contains "  a refusal added in English only is found" "$T/english2.txt" '"a refusal in %s only"'
# enroll.c spells out core/ids.h's rules for xgettext: they must say the same.
for rule in FC_IDS_INSPECTOR_RULE FC_IDS_DEVICE_RULE; do
	words=$(awk -v r="$rule" '$2 == r { on = 1 } on { print; if ($NF != "\\") exit }' core/ids.h |
		sed -n 's/.*"\(.*\)".*/\1/p' | tr -d '\n')
	ok "server/enroll.c words $rule as core/ids.h does" grep -qF "N_(\"$words\")" server/enroll.c
done
# core/ids.c and core/chain.c spell out header macros for xgettext too
# (gettext() looks the macro's text up at run time): they must say the same.
xgettext --from-code=UTF-8 -kN_ --no-wrap -o "$T/spelled.pot" core/ids.c core/chain.c
for pair in core/ids.h:FC_IDS_DEVICE_RULE core/ids.h:FC_IDS_INSPECTOR_RULE \
	core/ids.h:FC_IDS_DISTRICT_RULE core/record.h:FC_REASON_SIGNATURE core/record.h:FC_REASON_HASH; do
	h=${pair%%:*} rule=${pair#*:}
	words=$(awk -v r="$rule" '$2 == r { on = 1 } on { print; if ($NF != "\\") exit }' "$h" |
		sed -n 's/.*"\(.*\)".*/\1/p' | tr -d '\n')
	ok "core/ids.c or core/chain.c words $rule as $h does" grep -qxF "msgid \"$words\"" "$T/spelled.pot"
done
