#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian 12 packages fieldcheck needs to build, test and run its
# demo (the test suites also use python3, the curl and sqlite3 programs,
# clang-format, cppcheck, clang with libFuzzer for the short fuzz runs, man-db
# for the man-page suite, nginx for the two-servers suite and chromium for
# the console's browser suite, poppler-utils and zbar-tools to read printed
# notices back, strace to watch the server's group commit, time for
# the peak memory bench-scale prints: without them
# those suites skip, and a skip is not a pass), and does nothing when they are
# all present.
# Only Debian's own archive is used: nothing is downloaded from anywhere else.
set -eu

PACKAGES="
build-essential
pkg-config
libncurses-dev
libsqlite3-dev
libpq-dev
postgresql
libsodium-dev
libcurl4-openssl-dev
libmicrohttpd-dev
libjansson-dev
libcsv-dev
zlib1g-dev
libcmocka-dev
gettext
tmux
python3
curl
sqlite3
clang-format
cppcheck
clang
libclang-rt-14-dev
man-db
nginx
libxlsxwriter-dev
libhpdf-dev
libqrencode-dev
fonts-arphic-uming
poppler-utils
zbar-tools
strace
time
libjs-chart.js
chromium
fonts-wqy-microhei
"

native=$(dpkg --print-architecture)
missing=""
for p in $PACKAGES; do
	# One line per installed architecture (multiarch, see deps-release.sh):
	# the machine's own, or "all", must be there.
	if ! dpkg-query -W -f='${Status} ${Architecture}\n' "$p" 2>/dev/null |
		grep -qxE "install ok installed ($native|all)"; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	exit 0
fi

echo "deps.sh: installing:$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
