#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The project is licensed under the Apache License 2.0: LICENSE holds its
# text, every source file says so in an SPDX line near its top (C, shell,
# Python, JavaScript, CSS, HTML, SQL, the Makefile, the packaging scripts
# and units), and debian/copyright is machine-readable (DEP-5) with that
# licence and nothing "undecided". A new file without the line fails here.
. "$(dirname "$0")/../lib.sh"
cd "$FC_ROOT" || exit 1

ok "LICENSE is the Apache License, Version 2.0" \
    sh -c "grep -q '^ *Apache License\$' LICENSE && grep -q '^ *Version 2.0, January 2004\$' LICENSE &&
	grep -q 'END OF TERMS AND CONDITIONS' LICENSE"

# The sources: what git tracks, or everything but build folders outside git.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -c -o --exclude-standard >"$T/files"
else
	find . -path ./build -prune -o -type f -print | sed 's|^\./||' >"$T/files"
fi
grep -E '\.(c|h|sh|inc|py|js|css|html|sql|conf|service|timer|[18])$|(^|/)Makefile$|^debian/(rules|[a-z-]+\.(postinst|postrm|preinst|prerm))$|^tests/release/standin/' \
    "$T/files" | grep -vE '^(build|\.ci)/|^tests/fuzz/corpus/' >"$T/sources"
n=$(wc -l <"$T/sources")
# One awk over every file's first 5 lines (a head and a grep per file cost
# two processes each, about 11 s of CPU for a thousand files).
missing=$(while IFS= read -r f; do [ -f "$f" ] && printf '%s\n' "$f"; done <"$T/sources" |
	tr '\n' '\0' | xargs -0 awk '
	FNR == 1 { if (seen && !ok) printf " %s", name; name = FILENAME; ok = 0; seen = 1 }
	/SPDX-License-Identifier: Apache-2.0/ { ok = 1 }
	FNR >= 5 { if (!ok) printf " %s", name; seen = 0; nextfile }
	END { if (seen && !ok) printf " %s", name }')
ok "there are sources to check ($n)" test "$n" -gt 100
if [ -z "$missing" ]; then
	pass "every one of the $n source files has 'SPDX-License-Identifier: Apache-2.0' in its first 5 lines"
else
	fail "every source file has 'SPDX-License-Identifier: Apache-2.0' in its first 5 lines" "missing in:$missing"
fi
for kind in 'core/*.c' 'server/*.c' 'tests/sync/*.sh' 'web/*.js' 'schema/server/*.sql' debian/rules; do
	ok "  the list checked includes $kind" sh -c "grep -q '^$(echo "$kind" | sed 's/\./\\./g; s/\*/[^\/]*/')\$' '$T/sources'"
done

C=debian/copyright
contains "debian/copyright is DEP-5" "$C" "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
contains "its files are under Apache-2.0" "$C" "License: Apache-2.0"
ok "it has a Files: * paragraph" grep -qx 'Files: \*' "$C"
ok "it points at Debian's copy of the licence" grep -q '/usr/share/common-licenses/Apache-2.0' "$C"
ok "nothing in it is undecided or all rights reserved" sh -c "! grep -qiE 'undecided|all rights reserved' '$C'"
