#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# deb-check.sh [DEBDIR]: install the packages `make deb` built on this machine,
# check that they work, purge them and check that nothing is left behind.
# Needs root (or sudo): it really installs, creates the system user
# `fieldcheck`, and removes it again if it was not there before. Prints
# "ok - ..." / "not ok - ..." and exits 1 on any failure.
set -u
dir=${1:-build/deb}
arch=$(dpkg --print-architecture)
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
failed=0
ok() { echo "ok - $1"; }
no() { echo "not ok - $1"; [ $# -gt 1 ] && echo "#   $2"; failed=1; }
check() { d=$1; shift; if "$@" >/dev/null 2>&1; then ok "$d"; else no "$d"; fi; }

dev=$(ls "$dir"/fieldcheck_*_"$arch".deb 2>/dev/null | head -n 1)
srv=$(ls "$dir"/fieldcheck-server_*_"$arch".deb 2>/dev/null | head -n 1)
common=$(ls "$dir"/fieldcheck-common_*_all.deb 2>/dev/null | head -n 1)
if [ -z "$dev" ] || [ -z "$srv" ] || [ -z "$common" ]; then
	echo "not ok - packages for $arch in $dir (run make deb first)"
	exit 1
fi
had_user=0
getent passwd fieldcheck >/dev/null && had_user=1
if [ -e /var/lib/fieldcheck ]; then
	echo "not ok - /var/lib/fieldcheck already exists; not touching a real installation"
	exit 1
fi

# A server machine needs no handheld program: the server package alone (and
# what it depends on) must give the server its checklists, the intervals its
# due dates come from and the Chinese catalogue of its console and refusals.
check "apt-get installs the server package alone (with fieldcheck-common)" \
    $SUDO apt-get install -y -q "./$srv" "./$common"
check "the device program is not pulled in" sh -c '! dpkg -s fieldcheck >/dev/null 2>&1'
check "the server finds intervals.json (due dates)" test -f /usr/share/fieldcheck/intervals.json
check "the server finds the checklists (the console's labels)" test -f /usr/share/fieldcheck/checklists/gas.json
check "the server speaks Chinese without the device package" \
    sh -c 'LANGUAGE=zh_CN LANG=C.UTF-8 fieldcheck-server --db /nonexistent/dir/s.db status 2>&1 | grep -q "无法打开"'
check "apt-get installs all three packages" $SUDO apt-get install -y -q "./$dev" "./$srv" "./$common"
check "fieldcheck --help runs" fieldcheck --help
check "fieldcheck-server --help runs" fieldcheck-server --help
check "the shipped templates are found" sh -c 'h=$(mktemp -d); FIELDCHECK_HOME=$h fieldcheck templates list | grep -q "^gas "; r=$?; rm -rf "$h"; exit $r'
check "intervals.json is installed" test -f /usr/share/fieldcheck/intervals.json
check "settings.json is installed" test -f /usr/share/fieldcheck/settings.json
check "man fieldcheck and man fieldcheck-server are installed" man -w fieldcheck fieldcheck-server
check "the system user fieldcheck exists, without a login shell" \
    sh -c 'getent passwd fieldcheck | grep -q ":/var/lib/fieldcheck:/usr/sbin/nologin$"'
check "/var/lib/fieldcheck belongs to fieldcheck, mode 750" \
    sh -c '[ "$(stat -c "%U:%G %a" /var/lib/fieldcheck)" = "fieldcheck:fieldcheck 750" ]'
check "the service is enabled" test -L /etc/systemd/system/multi-user.target.wants/fieldcheck-server.service
check "/etc/fieldcheck/server.conf is installed as a conffile" \
    sh -c "dpkg-query -W -f='\${Conffiles}' fieldcheck-server | grep -q '^ */etc/fieldcheck/server.conf '"
check "the packaged settings name the packaged database" \
    grep -qx 'database = /var/lib/fieldcheck/server.db' /etc/fieldcheck/server.conf
check "fieldcheck-server reads them: status finds the database they name" \
    $SUDO runuser -u fieldcheck -- fieldcheck-server status
check "the backup timer is installed" test -f /lib/systemd/system/fieldcheck-server-backup.timer
check "the backup timer is not enabled" test ! -e /etc/systemd/system/timers.target.wants/fieldcheck-server-backup.timer
# Every unit the package ships that an administrator may turn on is stopped
# when the package is removed (debhelper stops only the units it starts).
for u in /lib/systemd/system/fieldcheck-server*.service /lib/systemd/system/fieldcheck-server*.timer; do
	n=$(basename "$u")
	grep -q '^\[Install\]' "$u" || continue
	check "removing the package stops $n" \
	    sh -c "grep -v '^[[:space:]]*#' /var/lib/dpkg/info/fieldcheck-server.prerm | grep 'stop' | grep -q '$n'"
done
check "operating.md is installed as operating.md.gz, the name the man page gives" \
    sh -c 'test -f /usr/share/doc/fieldcheck-server/operating.md.gz && man -w fieldcheck-server | xargs zcat -f | grep -q "operating.md.gz"'
if command -v systemd-analyze >/dev/null 2>&1; then
	out=$(systemd-analyze verify /lib/systemd/system/fieldcheck-server.service 2>&1)
	[ -z "$out" ] && ok "systemd-analyze verify accepts the unit" ||
		no "systemd-analyze verify accepts the unit" "$out"
	score=$(systemd-analyze security --offline=yes /lib/systemd/system/fieldcheck-server.service 2>/dev/null |
		sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\) .*/\1/p')
	[ -n "$score" ] && ok "systemd-analyze security: exposure $score (0 = best, 10 = worst)" ||
		no "systemd-analyze security --offline"
else
	echo "ok - systemd-analyze checks the unit # skip: systemd is not installed"
fi
# What the unit would run, as the unit's user, for a moment.
$SUDO runuser -u fieldcheck -- fieldcheck-server --db /var/lib/fieldcheck/server.db \
    enroll --inspector pkgtest --name test --district t >/dev/null 2>&1 &&
	ok "the service user can create and use /var/lib/fieldcheck/server.db" ||
	no "the service user can create and use /var/lib/fieldcheck/server.db"

# Purge with data: the database stays (records are evidence), the rest goes.
check "apt-get purge removes the packages" $SUDO apt-get purge -y -q fieldcheck fieldcheck-server fieldcheck-common
check "purge keeps a database that holds data" test -f /var/lib/fieldcheck/server.db
check "purge removes the conffile and /etc/fieldcheck" test ! -e /etc/fieldcheck
left=$(ls -d /usr/bin/fieldcheck /usr/bin/fieldcheck-server /usr/share/fieldcheck \
    /usr/share/locale/zh_CN/LC_MESSAGES/fieldcheck.mo \
    /lib/systemd/system/fieldcheck-server.service \
    /etc/systemd/system/multi-user.target.wants/fieldcheck-server.service 2>/dev/null)
[ -z "$left" ] && ok "nothing of the packages is left" || no "nothing of the packages is left" "$left"
$SUDO rm -rf /var/lib/fieldcheck

# Install again (the user exists now) and purge with no data: all gone.
check "a second install reuses the existing user" $SUDO apt-get install -y -q "./$dev" "./$srv" "./$common"
check "purge with no data removes /var/lib/fieldcheck" \
    sh -c "$SUDO apt-get purge -y -q fieldcheck fieldcheck-server fieldcheck-common && test ! -e /var/lib/fieldcheck"
if [ "$had_user" -eq 0 ]; then
	$SUDO deluser --system --quiet fieldcheck >/dev/null 2>&1
	$SUDO delgroup --system --quiet fieldcheck >/dev/null 2>&1
fi
[ "$failed" -eq 0 ]
