#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The packaged systemd units are what an admin runs: every line is a section,
# a comment or one Key=value (two settings glued on one line silently lose the
# second), the server restarts on failure and reloads on SIGHUP, and behind the
# local nginx the per-address limit is off (every connection is nginx's).
. "$(dirname "$0")/../lib.sh"
cd "$FC_ROOT" || exit 1

for u in debian/*.service debian/*.timer; do
	bad=$(grep -nvE '^$|^#|^\[[A-Za-z]+\]$|^[A-Za-z]+=' "$u")
	glued=$(grep -nE '^[A-Za-z]+=.*[A-Za-z0-9$](Restart|RestartSec|ExecStart|ExecReload|Type|User|Group|WantedBy|OnCalendar)=' "$u")
	if [ -z "$bad$glued" ]; then pass "$u: one setting per line"; else fail "$u: one setting per line" "$bad$glued"; fi
done
S=debian/fieldcheck-server.service
grep -qx 'Restart=on-failure' "$S" && pass "the server restarts on failure" || fail "the server restarts on failure"
grep -qx 'ExecReload=/bin/kill -HUP $MAINPID' "$S" && pass "reload sends SIGHUP to the server" || fail "reload sends SIGHUP to the server"
# The unit leaves the settings to /etc/fieldcheck/server.conf (debian/server.conf).
C=debian/server.conf
grep -qx 'ExecStart=/usr/bin/fieldcheck-server serve' "$S" &&
	pass "the unit starts the server with the settings file alone" ||
	fail "the unit starts the server with the settings file alone" "$(grep '^ExecStart=' "$S")"
grep -qx 'trusted_proxy = 127.0.0.1' "$C" && grep -qx 'per_ip_limit = 0' "$C" &&
	pass "behind the local nginx the per-address limit is off" ||
	fail "behind the local nginx the per-address limit is off" "$(grep -v '^#' "$C")"
grep -qx 'listen = 127.0.0.1:8470' "$C" && grep -qx 'database = /var/lib/fieldcheck/server.db' "$C" &&
	pass "the packaged settings listen on loopback and keep the store in /var/lib/fieldcheck" ||
	fail "the packaged settings listen on loopback and keep the store in /var/lib/fieldcheck"
grep -qx 'debian/server.conf etc/fieldcheck' debian/fieldcheck-server.install &&
	pass "the package installs the settings file under /etc (a conffile)" ||
	fail "the package installs the settings file under /etc (a conffile)"
if command -v systemd-analyze >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
	systemd-analyze verify "$S" >"$T/verify" 2>&1 && pass "systemd-analyze verify accepts the unit" ||
		fail "systemd-analyze verify accepts the unit" "$(cat "$T/verify")"
fi

# Both services read the whole store: both are sandboxed alike, scored by
# systemd's own measure (offline: no systemd needs to run). 0 is best, 10
# worst; "OK" ends at 3.9. The server scores 1.4, the backup 0.9.
if command -v systemd-analyze >/dev/null 2>&1 &&
    systemd-analyze security --help 2>/dev/null | grep -q -- '--offline'; then
	for u in fieldcheck-server.service fieldcheck-server-backup.service; do
		src=debian/$u
		[ -f "$src" ] || src=debian/fieldcheck-server.$u
		cp "$src" "$T/$u"
		score=$(systemd-analyze security --offline=yes "$T/$u" 2>/dev/null |
			sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\) .*/\1/p')
		awk -v s="${score:-99}" 'BEGIN { exit !(s <= 2.0) }' &&
			pass "$u: systemd-analyze security exposure $score (at most 2.0)" ||
			fail "$u: systemd-analyze security exposure at most 2.0" "scored ${score:-nothing}"
	done
fi

# The backup timer (issue: backups an admin can follow): daily, its service
# runs the checked backup keeping N copies, and dh_installsystemd leaves it
# off (--no-enable), so it is on only once the administrator turns it on.
BT=debian/fieldcheck-server.fieldcheck-server-backup.timer
BS=debian/fieldcheck-server.fieldcheck-server-backup.service
grep -qx 'OnCalendar=daily' "$BT" && grep -qx 'Persistent=true' "$BT" &&
	pass "the backup timer fires daily, and after a missed day" ||
	fail "the backup timer fires daily, and after a missed day" "$(grep -v '^#' "$BT")"
grep -qE '^ExecStart=/usr/bin/fieldcheck-server backup /var/backups/fieldcheck --keep [0-9]+$' "$BS" &&
	pass "the backup service runs fieldcheck-server backup, keeping N copies" ||
	fail "the backup service runs fieldcheck-server backup, keeping N copies" "$(grep '^ExecStart' "$BS")"
grep -q 'fieldcheck-server-backup.*--no-enable\|--no-enable.*fieldcheck-server-backup' debian/rules &&
	pass "the package installs the backup timer disabled" ||
	fail "the package installs the backup timer disabled" "$(grep -n 'systemd' debian/rules)"

# operating.md's PostgreSQL drop-in orders the server after the database and pulls it in.
D=$(awk '/fieldcheck-server.service.d\/postgresql.conf/,/^END$/' "$FC_ROOT/docs/operating.md")
printf '%s\n' "$D" | grep -qx 'After=postgresql.service' && printf '%s\n' "$D" | grep -qx 'Wants=postgresql.service' &&
	pass "operating.md's PostgreSQL drop-in has After= and Wants=postgresql.service" ||
	fail "operating.md's PostgreSQL drop-in has After= and Wants=postgresql.service" "$D"

# The build dependencies are listed three times: debian/control for
# dpkg-buildpackage, packaging/deps.sh for a native build and deps-release.sh
# for the arm64 cross build (its FOREIGN list, installed as :arm64). Every
# library Build-Depends names must be in both scripts, or `make cross
# ARCH=arm64` on a fresh machine fails to link (libpq-dev is the one
# exception: cross-pc.sh describes the target's libpq5).
libs=$(sed -n '/^Build-Depends:/,/^[A-Z][A-Za-z-]*:/p' debian/control |
	grep -oE '(lib[a-z0-9.+-]+-dev|zlib1g-dev)' | sort -u)
foreign=$(sed -n '/^FOREIGN="/,/^"/p' packaging/deps-release.sh)
native=$(sed -n '/^PACKAGES="/,/^"/p' packaging/deps.sh)
miss_cross="" miss_native=""
for l in $libs; do
	printf '%s\n' "$native" | grep -qx "$l" || miss_native="$miss_native $l"
	[ "$l" = libpq-dev ] && continue
	printf '%s\n' "$foreign" | grep -qx "$l" || miss_cross="$miss_cross $l"
done
[ -n "$libs" ] && [ -z "$miss_native" ] &&
	pass "deps.sh installs every library debian/control builds with" ||
	fail "deps.sh installs every library debian/control builds with" "missing:$miss_native"
[ -n "$libs" ] && [ -z "$miss_cross" ] &&
	pass "deps-release.sh installs every such library for the cross target" ||
	fail "deps-release.sh installs every such library for the cross target" "missing:$miss_cross"

# field_of PKG FIELD: the names in PKG's FIELD in debian/control, one a line.
field_of() {
	awk -v p="$1" -v f="$2:" '/^Package:/ { on = ($2 == p) } on && $1 == f { d = 1 }
		on && d { print; if ($0 !~ /,[[:space:]]*$/) d = 0 }' debian/control |
		sed "s/^$2://" | tr ',|' '\n\n' | sed 's/^[[:space:]]*//; s/[[:space:](].*//' | grep .
}

# The server reads the shared data too (intervals.json for every due date,
# the checklists for the console's labels, the catalogue for its Chinese):
# the package holding them must be one the server package depends on, or a
# server installed without the handhelds' program silently has none.
data_pkg=$(grep -lx 'usr/share/fieldcheck' debian/*.install | sed 's|debian/||; s|\.install$||')
locale_pkg=$(sed -n 's/.*dh_install -p\([a-z-]*\) --autodest usr\/share\/locale.*/\1/p' debian/rules)
for who in fieldcheck-server fieldcheck; do
	deps=$(field_of "$who" Depends; echo "$who")
	if [ -n "$data_pkg" ] && printf '%s\n' "$deps" | grep -qx "$data_pkg" &&
	    [ -n "$locale_pkg" ] && printf '%s\n' "$deps" | grep -qx "$locale_pkg"; then
		pass "$who has the shared data and catalogues (in $data_pkg)"
	else
		fail "$who has the shared data and catalogues" \
		    "data in ${data_pkg:-?}, catalogues in ${locale_pkg:-?}; $who depends on: $(echo $deps)"
	fi
done

# The programs docs/operating.md has the administrator run (sqlite3, curl)
# come with the server package (Depends or Recommends), so a fresh server
# that follows the page has them; Suggests are not installed by default.
wanted=$( (field_of fieldcheck-server Depends; field_of fieldcheck-server Recommends) | sort -u)
unmet=""
for tool in sqlite3 curl; do
	grep -qE "^(sudo -u fieldcheck )?$tool " docs/operating.md || continue
	printf '%s\n' "$wanted" | grep -qx "$tool" || unmet="$unmet $tool"
done
[ -z "$unmet" ] && pass "the programs operating.md runs come with fieldcheck-server" ||
	fail "the programs operating.md runs come with fieldcheck-server" \
	    "operating.md runs$unmet; fieldcheck-server's Depends and Recommends: $(echo $wanted)"

