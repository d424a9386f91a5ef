#!/bin/sh
# Installs the Debian 12 packages fieldcheck needs to build, test and run its
# demo, and does nothing when they are all present. Only Debian's own archive is
# used: nothing is downloaded from anywhere else.
set -eu

PACKAGES="
build-essential
pkg-config
libncurses-dev
libsqlite3-dev
libsodium-dev
libcurl4-openssl-dev
libmicrohttpd-dev
libjansson-dev
libcsv-dev
zlib1g-dev
libcmocka-dev
gettext
tmux
"

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	"install ok installed") ;;
	*) missing="$missing $p" ;;
	esac
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
