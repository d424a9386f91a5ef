#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# docs/operating.md, run as written. Its ```sh blocks are read from the page
# itself (found by a line they hold, never copied here) and typed into the
# shell of an ordinary administrator, fcadmin, who has sudo, on this machine:
# the .debs of `make deb` installed with apt-get, the system user and
# /etc/fieldcheck/server.conf made by the package, a live server, backup,
# damage, restore, upgrade, logs, health, the audit log of every step, and
# the purge. A command the page changes breaks this test until the page and
# the program agree again.
#
# Stood in for, and only these: systemctl and journalctl (systemd is not PID 1
# in a container; tests/release/standin/ runs the packaged unit files as
# they say), `editor` (the administrator's edit, scripted), and the PIN or
# password a person would type (the --pin-stdin / --password-stdin forms the
# page and the man pages give). Placeholders of the page are filled in: the
# port (a free one instead of 8470, set through the page's own server.conf
# edit), the device's URL and code, the backup's name and day. Blocks for
# nginx and PostgreSQL are run by tests/release/nginx-tls.sh and
# tests/pg/backup.sh and are skipped here, saying so.
#
# Needs root (it installs packages and adds users) and a machine without
# fieldcheck-server installed; everything it adds is removed at the end.
. "$(dirname "$0")/../lib.sh"
DOC="$FC_ROOT/docs/operating.md"
DEBS=${FC_DEB_DIR:-$FC_ROOT/build/deb}
arch=$(dpkg --print-architecture)
version=$(cd "$FC_ROOT" && dpkg-parsechangelog -S Version 2>/dev/null)
PIN=258036
PASSWORD='ten chars and more'

if [ "$(id -u)" -ne 0 ]; then
	echo "not ok - operating.sh runs as root (it installs the packages and adds users)"
	exit 1
fi
srv_deb="$DEBS/fieldcheck-server_${version}_$arch.deb"
dev_deb="$DEBS/fieldcheck_${version}_$arch.deb"
common_deb="$DEBS/fieldcheck-common_${version}_all.deb"
if [ ! -f "$srv_deb" ] || [ ! -f "$dev_deb" ] || [ ! -f "$common_deb" ]; then
	echo "not ok - the packages are built ($srv_deb; run make deb)"
	exit 1
fi
if [ -e /var/lib/fieldcheck ] || dpkg -s fieldcheck-server >/dev/null 2>&1; then
	echo "not ok - this machine has no fieldcheck-server yet (not touching a real installation)"
	exit 1
fi
for p in sudo setpriv sqlite3 curl; do
	command -v "$p" >/dev/null 2>&1 || { echo "not ok - $p is installed (make deps-release)"; exit 1; }
done

# The administrator, the stand-ins first on their PATH and sudo's.
chmod 0755 "$T"
SB="$T/sb"
mkdir -p "$SB/bin" "$SB/state"
cp "$FC_ROOT"/tests/release/standin/* "$SB/bin/"
chmod 0755 "$SB" "$SB/bin" "$SB"/bin/*
ADMIN=fcadmin
had_user=0
getent passwd fieldcheck >/dev/null && had_user=1
useradd -m -s /bin/sh "$ADMIN" 2>/dev/null || { echo "not ok - a user $ADMIN can be added"; exit 1; }
cat >/etc/sudoers.d/fc-operating-test <<EOF
Defaults:$ADMIN secure_path="$SB/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
Defaults:$ADMIN env_keep += "APT_CONFIG"
$ADMIN ALL=(ALL:ALL) NOPASSWD: ALL
EOF
# apt-get's "Do you want to continue? [Y/n]", answered as the person would.
echo 'APT::Get::Assume-Yes "true";' >"$SB/apt.conf"
chmod 0644 "$SB/apt.conf"
chmod 0440 /etc/sudoers.d/fc-operating-test
cleanup() {
	"$SB/bin/systemctl" stop fieldcheck-server >/dev/null 2>&1
	DEBIAN_FRONTEND=noninteractive apt-get purge -y -q fieldcheck fieldcheck-server fieldcheck-common >/dev/null 2>&1
	rm -rf /var/lib/fieldcheck /var/backups/fieldcheck /etc/fieldcheck \
	    /etc/systemd/system/timers.target.wants/fieldcheck-server-backup.timer
	rm -f /etc/sudoers.d/fc-operating-test
	userdel -r "$ADMIN" >/dev/null 2>&1
	if [ "$had_user" -eq 0 ]; then
		userdel fieldcheck >/dev/null 2>&1
		groupdel fieldcheck >/dev/null 2>&1
	fi
}
fc_on_exit cleanup
AHOME=$(getent passwd "$ADMIN" | cut -d: -f6)
cp "$srv_deb" "$dev_deb" "$common_deb" "$AHOME/"

# doc_block LINE: the ```sh block of the page holding a line that starts with LINE.
doc_block() {
	awk -v want="$1" '
		/^```sh$/ { inb = 1; buf = ""; has = 0; next }
		inb && /^```$/ { inb = 0; if (has) { printf "%s", buf; found = 1; exit } next }
		inb { buf = buf $0 "\n"; if (index($0, want) == 1) has = 1 }
		END { if (!found) exit 1 }' "$DOC"
}

STEP=0
# admin DESCRIPTION SCRIPT: SCRIPT (the page's text, filled in) in the
# administrator's login shell, after the page's fcs function; passes when it
# exits 0. Its output is left in $T/out and $T/err.
admin() {
	STEP=$((STEP + 1))
	f="$T/step-$STEP.sh"
	{ doc_block 'fcs() {'; printf '%s\n' "$2"; } >"$f"
	chmod 0644 "$f"
	if runuser -u "$ADMIN" -- env -i HOME="$AHOME" USER="$ADMIN" LOGNAME="$ADMIN" \
	    PATH="$SB/bin:/usr/local/bin:/usr/bin:/bin" LANG=C.UTF-8 APT_CONFIG="$SB/apt.conf" \
	    sh -c "cd && . '$f'" >"$T/out" 2>"$T/err"; then
		pass "$1"
	else
		fail "$1" "$(tail -n 5 "$T/err")"
	fi
}
# page LINE [SED...]: the block holding LINE, each SED expression applied.
page() {
	want=$1
	shift
	b=$(doc_block "$want") || { echo "false # the page has no block with: $want"; return; }
	for e; do b=$(printf '%s\n' "$b" | sed "$e"); done
	printf '%s\n' "$b"
}
skip() { echo "ok - $1 # skip $2"; }

PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
today=$(date -u +%F)

# 1. Install.
ok "the page defines fcs for the administrator" doc_block 'fcs() {'
admin "§1 apt-get installs the server package as the page says" \
    "$(page 'sudo apt-get install ./fieldcheck-server_' "s/_0\.1\.0_amd64/_${version}_$arch/" "s/_0\.1\.0_all/_${version}_all/")"
ok "the server package did not need the handhelds' program" sh -c '! dpkg -s fieldcheck >/dev/null 2>&1'
# Without fieldcheck-common's files the server computes no due dates (no
# intervals.json), shows item ids for labels and speaks only English.
ok "the server alone has the intervals and the checklists" \
    test -f /usr/share/fieldcheck/intervals.json -a -f /usr/share/fieldcheck/checklists/gas.json
ok "the server alone speaks Chinese" \
    sh -c 'LANGUAGE=zh_CN LANG=C.UTF-8 fieldcheck-server --db /nonexistent/dir/s.db status 2>&1 | grep -q "无法打开"'
ok "the package made the system user fieldcheck" getent passwd fieldcheck
ok "and /var/lib/fieldcheck, fieldcheck's, mode 0750" \
    test "$(stat -c '%U %a' /var/lib/fieldcheck)" = "fieldcheck 750"
ok "and the conffile /etc/fieldcheck/server.conf" \
    sh -c "dpkg-query -W -f='\${Conffiles}' fieldcheck-server | grep -q /etc/fieldcheck/server.conf"
# The postinst's start is a no-op without systemd: the stand-in does it.
admin "the service starts (the postinst's start, through the stand-in)" \
    'sudo systemctl start fieldcheck-server'
admin "§1 'Check it' works from the administrator's shell" \
    "$(page 'systemctl status fieldcheck-server' '/^systemd-analyze security/d')"
contains "fcs status answers with the store's counts" "$T/out" "inspectors 0"
skip "§1 systemd-analyze security" "needs systemd as PID 1; packaging/deb-check.sh scores the unit offline"

# The page's edit of server.conf moves the server to this test's port.
echo "s|^listen = .*|listen = 127.0.0.1:$PORT|" >"$SB/state/edit.sed"
admin "§1 the settings are edited, checked and the server restarted" \
    "$(page 'sudo editor /etc/fieldcheck/server.conf')"
ok "the server answers on the edited address" curl -sf "$URL/healthz"
skip "§1 TLS in front: nginx" "tests/release/nginx-tls.sh runs it with a private CA"
skip "§1 PostgreSQL, its migration, backup and restore" "tests/pg/backup.sh and tests/pg/migrate-store.sh"
ok "the page says how the device package is installed" grep -q 'apt-get install ./fieldcheck_0.1.0_arm64.deb ./fieldcheck-common_0.1.0_all.deb' "$DOC"
admin "the device package is installed the same way (here, for this machine)" \
    "sudo apt-get install ./fieldcheck_${version}_$arch.deb"

# 2. Enrol inspectors.
admin "§2 two inspectors are enrolled, each given a code" \
    "$(page 'fcs enroll --inspector gz0142')"
code=$(sed -n 1p "$T/out")
sup_code=$(sed -n 2p "$T/out")
ok "the codes are on standard output, one a line" test -n "$code" -a -n "$sup_code"
admin "§2 the device is set up and enrolled and syncs" \
    "$(page 'fieldcheck init --inspector gz0142' 's/[[:space:]]*#.*$//' '/^$/d' \
	"s|https://fieldcheck.example.org CODE|$URL $code|" \
	"s/^fieldcheck \(.*\)$/echo $PIN | fieldcheck \1 --pin-stdin/")"
contains "the sync reached the server" "$T/out" "$URL"
admin "§2 pending codes are listed" "$(page 'fcs codes list' '/^fcs codes cancel/d')"
sup_ref=$(awk '$2 == "sup07" { print $1 }' "$T/out" | head -n 1)
ok "sup07's code is pending, by its reference" test -n "$sup_ref"
admin "§2 a code handed out by mistake is cancelled by its reference" \
    "$(page 'fcs codes list' '/^fcs codes list/d' "s/3f9a0c41d2/$sup_ref/")"
contains "saying which" "$T/out" "cancelled enrolment code $sup_ref"
printf 'id,district,address,resident,phone,kind,last_check\nH1,tianhe,新华路1号,王芳,13800000001,residential,\n' \
    >"$AHOME/registry.csv"
cp "$FC_ROOT/schema/checklists/gas.json" "$AHOME/gas-v3.json"
chown "$ADMIN" "$AHOME/registry.csv" "$AHOME/gas-v3.json"
admin "§2 the registry and a template are loaded for devices to pull" \
    "$(page 'sudo install -o fieldcheck -g fieldcheck -m 0640 registry.csv')"
# The inspector's work: records on the device, synced.
cp "$FC_ROOT/tests/data/answers/gas-clean.json" "$AHOME/"
chown "$ADMIN" "$AHOME/gas-clean.json"
admin "the inspector signs 3 records and syncs (work between the page's steps)" "
fieldcheck sync --pin-stdin <<E
$PIN
E
for i in 1 2 3; do echo $PIN | fieldcheck record --template gas --household H1 --answers gas-clean.json --pin-stdin || exit 1; done
echo $PIN | fieldcheck sync --pin-stdin"
admin "§2 who and what is enrolled" "$(page 'fcs inspectors list')"
contains "the inspector is listed" "$T/out" "gz0142"
contains "every code ever issued, the cancelled one too" "$T/out" "cancelled"

# 3. Back up a live database.
admin "§3 a backup of the live database, and the photos" "$(page 'sudo install -d -o fieldcheck -g fieldcheck -m 0750 /var/backups/fieldcheck')"
copy=$(sed -n 's/^backed up to //p' "$T/out")
contains "the copy was verified before it was named" "$T/out" "verified 3 records on 1 devices"
ok "the copy is in /var/backups/fieldcheck" test -f "$copy"
admin "§3 the packaged timer is turned on and listed" "$(page 'sudo systemctl enable --now fieldcheck-server-backup.timer')"
contains "the timer is listed" "$T/out" "fieldcheck-server-backup.timer"
sleep 1.1
admin "the timer's service runs as packaged (what the timer fires daily)" \
    'sudo systemctl start fieldcheck-server-backup.service'
ok "it made a second verified copy" test "$(ls /var/backups/fieldcheck | grep -c '^server-.*\.db$')" = 2
admin "§3 a copy can be checked again" \
    "$(page 'sudo ls /var/backups/fieldcheck/' "s|/var/backups/fieldcheck/server-20261205T020304Z.db|$copy|")"
contains "it verifies" "$T/out" "every signature and chain is intact"

# More work after the backup, then damage: a stored record's body is changed.
admin "2 more records after the backup" "
for i in 1 2; do echo $PIN | fieldcheck record --template gas --household H1 --answers gas-clean.json --pin-stdin || exit 1; done
echo $PIN | fieldcheck sync --pin-stdin"
"$SB/bin/systemctl" stop fieldcheck-server
sqlite3 /var/lib/fieldcheck/server.db \
    "UPDATE records SET body = CAST(replace(CAST(body AS TEXT), 'gas', 'gaz') AS BLOB) WHERE seq = 2"
"$SB/bin/systemctl" start fieldcheck-server
expect_exit 1 "the damage shows: verify fails" runuser -u fieldcheck -- \
    fieldcheck-server --db /var/lib/fieldcheck/server.db verify

# 4. Restore, one block at a time, in one administrator's shell (the blocks share $copy and $aside).
admin "§4 the copy is chosen and checked, the store restored, the server started" "
$(page 'copy=/var/backups/fieldcheck/server-20261205T020304Z.db' "s|/var/backups/fieldcheck/server-20261205T020304Z.db|$copy|")
$(page 'aside=/var/lib/fieldcheck/damaged-')
echo \"aside=\$aside\"
$(page 'sudo -u fieldcheck fieldcheck-server --db \"$aside/server.db\" audit' "s/2026-12-05/$today/")"
aside=$(sed -n 's/^aside=//p' "$T/out")
ok "the server runs again" "$SB/bin/systemctl" is-active fieldcheck-server
ok "the damaged store is kept aside, fieldcheck's" test "$(stat -c %U "$aside/server.db")" = fieldcheck
contains "its audit log says what was done since the backup" "$T/out" "backup"
ok "nothing of the restore is root's in the state directory" \
    test -z "$(find /var/lib/fieldcheck -user root)"
admin "the device's next sync sends again what the restored store lacks" \
    "echo $PIN | fieldcheck sync --pin-stdin"
admin "the restored store verifies with all 5 records" "fcs verify"
contains "all 5" "$T/out" "verified 5 records on 1 devices"

# 5. A lost handheld: the page's blocks with the real device id and a new
# device for the same inspector in another folder of the administrator's.
admin "the inspector's one device is listed" "fcs devices list --inspector gz0142 --json"
dev1=$(python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["device"])' <"$T/out")
admin "§5 the lost handheld is found, revoked alone, and a code made for the new one" \
    "$(page 'fcs revoke --device 3fa9c2d1' "s/3fa9c2d1/$dev1/")"
contains "the listing names the device" "$T/out" "$dev1"
contains "the revocation is confirmed" "$T/err" "device $dev1 revoked"
new_code=$(tail -n 1 "$T/out")
admin "the lost handheld is refused" "! (echo $PIN | fieldcheck sync --pin-stdin)"
contains "  saying it is revoked" "$T/err" "revoked"
admin "§5 the new device is set up, enrolled with the code and syncs" "
export FIELDCHECK_HOME=\$HOME/new-handheld
echo $PIN | fieldcheck init --inspector gz0142 --name '王丽' --pin-stdin &&
echo $PIN | fieldcheck enroll $URL $new_code --pin-stdin &&
echo $PIN | fieldcheck sync --pin-stdin &&
echo $PIN | fieldcheck record --template gas --household H1 --answers gas-clean.json --pin-stdin &&
echo $PIN | fieldcheck sync --pin-stdin"
admin "§5 the handheld turns up: its revocation is lifted" \
    "$(page 'fcs unrevoke --device 3fa9c2d1' "s/3fa9c2d1/$dev1/")"
admin "and it syncs again" "echo $PIN | fieldcheck sync --pin-stdin"
admin "both devices' records verify" "fcs verify"
contains "6 records on 2 devices" "$T/out" "verified 6 records on 2 devices"

# 6. Upgrade: the same packages with a higher version, built here from the
# ones we have (each names fieldcheck-common of its own version).
new=$(echo "$version" | awk -F. '{ $NF = $NF + 1; print }' OFS=.)
# repack DEB NAME: DEB as version $new, in the administrator's folder as NAME.
repack() {
	rm -rf "$T/repack"
	dpkg-deb -R "$1" "$T/repack"
	sed -i -e "s/^Version: .*/Version: $new/" -e "s/(= $version)/(= $new)/g" \
	    -e "s/(<< $version)/(<< $new)/g" "$T/repack/DEBIAN/control"
	dpkg-deb -b "$T/repack" "$AHOME/$2" >/dev/null
}
repack "$srv_deb" "fieldcheck-server_${new}_$arch.deb"
repack "$common_deb" "fieldcheck-common_${new}_all.deb"
repack "$dev_deb" "fieldcheck_${new}_$arch.deb"
echo "# an administrator's setting" | tee -a /etc/fieldcheck/server.conf >/dev/null
# "the postinst restarts the service": without systemd it cannot; the stand-in does.
ok "the page says the handhelds' program goes in the same install" \
    grep -q '^`./fieldcheck_NEW_amd64.deb` to the same `apt-get install`' "$DOC"
admin "§6 the upgrade, as the page says (this machine has the device package too)" \
    "$(page '# 1. back up (section 3)' "s/_NEW_amd64/_${new}_$arch/" "s/_NEW_all/_${new}_all/" \
    "/^sudo apt-get install/s|\$| ./fieldcheck_${new}_$arch.deb|" \
    '/^sudo apt-get install/a sudo systemctl restart fieldcheck-server')"
ok "every package is at the new version" \
    test "$(dpkg-query -W -f='${Version} ' fieldcheck fieldcheck-common)" = "$new $new "
# The schema version as the page asks for it: a number, or the applied migrations "N|NNNN-name".
ok "the store's schema version is shown" \
    sh -c "grep -qE '^[0-9]+(\|[0-9]{4}-.*)?\$' '$T/out' || { cat '$T/out' '$T/err'; exit 1; }"
ok "the new version is installed" test "$(dpkg-query -W -f='${Version}' fieldcheck-server)" = "$new"
contains "the upgrade kept the edited settings (a conffile)" /etc/fieldcheck/server.conf "an administrator's setting"
contains "and the data: verify passes after the upgrade" "$T/out" "verified 6 records"

# 7. Logs and health.
admin "§7 the journal shows today's lines" "$(page 'sudo journalctl -u fieldcheck-server -f' '/ -f /d')"
contains "request lines, without their priority prefix" "$T/out" "POST /v1/records 200"
ok "every line the server wrote has a priority prefix" \
    sh -c "! grep -qv '^<[0-7]>' '$SB/state/fieldcheck-server.service.log'"
admin "§7 -p err finds the faults only" 'sudo journalctl -u fieldcheck-server -p err'
ok "and no request that was answered" sh -c "! grep -q ' 200 ' '$T/out'"
admin "§7 /healthz answers without credentials" "$(page 'curl -s http://127.0.0.1:8470/healthz' "s|127.0.0.1:8470|127.0.0.1:$PORT|")"
contains "store ok, migrations current" "$T/out" '"store":"ok","migrations":"current"'
admin "§7 --version on both programs" 'fieldcheck-server --version && fieldcheck --version'
contains "the version" "$T/out" "fieldcheck-server $version"

# 8. The audit log, of every step above.
admin "§8 the audit log, also as CSV" "$(page 'fcs audit ' "s/2026-12-01/$today/g")"
# The restored store's log ends where its copy was taken (a copy cannot hold
# the line of its own backup); the later lines were read from the store kept aside.
for what in enroll "codes cancel" "households import" "templates add"; do
	contains "the audit log holds $what" "$AHOME/audit.csv" "$what"
done
contains "each line says who: the system user and the person behind sudo" "$AHOME/audit.csv" "sudo by $ADMIN"

# 9. Accounts: the page's lines that ask for a password interactively use the
# --password-stdin form the page gives for scripts.
admin "§9 console accounts are made and managed" "
PASSWORD='$PASSWORD'
$(page 'fcs user add wang' '/^fcs user \(add\|passwd\) /s/ *#.*$//' \
	"/^fcs user \\(add\\|passwd\\) /{/password-stdin/!s/^\\(.*\\)\$/printf '%s\\\\n' \"\\$PASSWORD\" | \\1 --password-stdin/}")"
contains "the accounts are listed" "$T/out" "wang"
admin "§9 exports from the administrator's shell" "$(page 'fcs export hazards')"
for f in hazards-wang.xlsx gas-records.csv overdue.xlsx; do
	ok "  $f is in the administrator's folder, theirs" test "$(stat -c %U "$AHOME/$f" 2>/dev/null)" = "$ADMIN" -a -s "$AHOME/$f"
done
ok "  the workbooks are workbooks" sh -c "head -c 2 '$AHOME/overdue.xlsx' | grep -q PK"

# The audit log again, for the steps since section 8.
admin "§8 the audit log after the lost device, the accounts and the exports" \
    "$(page 'fcs audit ' "s/2026-12-01/$today/g")"
for what in "device $dev1 revoked" "device $dev1 may sync again" "user add" "user passwd" "user disable" \
    "user enable" "hazards xlsx districts" "as wang"; do
	contains "  the audit log holds: $what" "$AHOME/audit.csv" "$what"
done

# Removing the package: the data stays.
admin "§1 purge removes the package" 'sudo apt-get purge -y fieldcheck-server fieldcheck fieldcheck-common'
ok "and keeps the records, as the page says" test -f /var/lib/fieldcheck/server.db
