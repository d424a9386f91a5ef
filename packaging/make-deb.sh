#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make-deb.sh OUTDIR [ARCH]: build the Debian source package and the
# fieldcheck, fieldcheck-server and fieldcheck-common packages with dpkg-buildpackage, then
# check them with lintian (any error fails). With ARCH other than the
# machine's own (arm64), they are cross-built (dpkg-buildpackage -a ARCH, the
# unit tests left out; they run under qemu in `make check-release`). The tree is copied to OUTDIR first, so the
# packages hold the project's files only (no build folders) and the working
# tree is never touched by debian/rules clean.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-build/deb}
case $out in /*) ;; *) out=$root/$out ;; esac
cd "$root"

version=$(dpkg-parsechangelog -S Version)
stage=$out/fieldcheck-$version
rm -rf "$out"
mkdir -p "$stage"

# Files git tracks or would track (untracked, not ignored); outside git,
# everything but the build folders.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -z -c -o --exclude-standard |
		xargs -0 sh -c 'for f; do [ -e "$f" ] || [ -L "$f" ] && printf "%s\0" "$f"; done' sh |
		tar --null -T - -cf - | tar -xf - -C "$stage"
else
	tar --exclude='./build' --exclude='./build-*' -cf - . | tar -xf - -C "$stage"
fi

jobs=$(nproc 2>/dev/null || echo 2)
arch=${2:-$(dpkg --print-architecture)}
set -- -us -uc
if [ "$arch" != "$(dpkg --print-architecture)" ]; then
	# -d: libpq-dev:ARCH cannot be installed beside the native one (see
	# cross-pc.sh), so the build dependencies are not checked for ARCH.
	set -- "$@" -a"$arch" -Pnocheck -d
	CC=$(dpkg-architecture -a"$arch" -qDEB_HOST_GNU_TYPE 2>/dev/null)-gcc
	export CC
fi
cd "$stage"
echo "make-deb: dpkg-buildpackage $* in $stage" >&2
DEB_BUILD_OPTIONS="parallel=$jobs ${DEB_BUILD_OPTIONS:-}" \
	dpkg-buildpackage "$@" >"$out/build.log" 2>&1 || {
	tail -n 40 "$out/build.log" >&2
	echo "make-deb: dpkg-buildpackage failed; whole log in $out/build.log" >&2
	exit 1
}
cd "$out"
changes=$(ls ./*.changes)
echo "make-deb: lintian $changes" >&2
lintian --fail-on error --display-info "$changes" | tee lintian.log || {
	echo "make-deb: lintian found errors (lintian.log)" >&2
	exit 1
}
echo "make-deb: packages in $out:"
for deb in ./*.deb; do
	printf '  %-52s %8s bytes  (installed %s KiB)\n' "$(basename "$deb")" \
	    "$(stat -c %s "$deb")" "$(dpkg-deb -f "$deb" Installed-Size)"
done
