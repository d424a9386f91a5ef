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
	xgettext --from-code=UTF-8 -k_ -kN_ -kfc_gettext:2 --add-location=file -o "$T/fc.pot" $src
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
xgettext --from-code=UTF-8 -k_ -kN_ -kfc_gettext:2 -o "$T/fc2.pot" $src "$T/new.c"
msgmerge --quiet --no-fuzzy-matching -o "$T/zh2.po" po/zh_CN.po "$T/fc2.pot"
msgattrib --untranslated --no-obsolete "$T/zh2.po" >"$T/untranslated.po"
contains "a string added without a translation is found" "$T/untranslated.po" "a string nobody translated"
