#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian 12 packages the release targets need (`make deb`,
# `make cross ARCH=arm64`, `make check-release`) and does nothing when they are
# all present. Only Debian's own archive is used. The everyday build and test
# dependencies stay in deps.sh, which this runs first.
#
#   deb            debhelper, dpkg-dev, lintian
#   cross          crossbuild-essential-arm64 and the :arm64 -dev libraries
#                  (multiarch: dpkg --add-architecture arm64)
#   check-release  qemu-user (arm64 unit tests), nginx and openssl (TLS test),
#                  man-db (man page test), sqlite3 (backup test), python3
#                  (waiting for ports), file (naming the built binaries),
#                  sudo and curl (operating.md run as an administrator would)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
"$here/deps.sh"

ARCH=${ARCH:-arm64}

NATIVE="
debhelper
dpkg-dev
lintian
fakeroot
crossbuild-essential-$ARCH
qemu-user
nginx
openssl
man-db
sqlite3
python3
file
sudo
curl
"

# The libraries fieldcheck links, for the target architecture (Multi-Arch:
# same, so they sit beside the native ones in /usr/lib/<triplet>): every
# library debian/control's Build-Depends names (tests/cli/unit-file.sh
# compares the two lists). libpq is the exception: libpq-dev is not Multi-Arch: same in Debian 12 (installing
# libpq-dev:arm64 removes the native libpq-dev), so only the runtime
# library libpq5 is installed and cross-pc.sh describes it to pkg-config.
FOREIGN="
libc6-dev
libncurses-dev
libsqlite3-dev
libpq5
libsodium-dev
libcurl4-openssl-dev
libmicrohttpd-dev
libjansson-dev
libcsv-dev
zlib1g-dev
libcmocka-dev
libhpdf-dev
libqrencode-dev
libxlsxwriter-dev
"

installed() {
	dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -qx "install ok installed"
}

missing=""
for p in $NATIVE; do
	installed "$p" || missing="$missing $p"
done
for p in $FOREIGN; do
	installed "$p:$ARCH" || missing="$missing $p:$ARCH"
done

if [ -z "$missing" ]; then
	exit 0
fi

echo "deps-release.sh: installing:$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
if ! dpkg --print-foreign-architectures | grep -qx "$ARCH"; then
	$SUDO dpkg --add-architecture "$ARCH"
fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
