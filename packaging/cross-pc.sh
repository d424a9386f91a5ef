#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# cross-pc.sh TRIPLET DIR: pkg-config files the target lacks, written to DIR.
#
# Debian 12's libpq-dev is not Multi-Arch: same, so libpq-dev:arm64 cannot be
# installed beside the native libpq-dev (apt would remove the native one and
# break every native build). The target's runtime library (libpq5:arm64) can,
# and libpq's public headers are the same on every 64-bit Linux target
# (pg_int64 is long int on LP64), so a cross build compiles against the
# native headers. Nothing links libpq (the server loads libpq.so.5 when it
# opens a PostgreSQL store, server/store/pq-lib.c), so only Cflags is used;
# Libs names the target's libpq.so.5 by its soname for anything that would.
set -eu
triplet=$1
dir=$2
mkdir -p "$dir"
if [ ! -e "/usr/lib/$triplet/pkgconfig/libpq.pc" ] && [ -e "/usr/lib/$triplet/libpq.so.5" ]; then
	cat >"$dir/libpq.pc" <<PC
Name: libpq
Description: PostgreSQL libpq library ($triplet runtime, native headers)
Version: $(pkg-config --modversion libpq 2>/dev/null || echo 15)
Cflags: -I/usr/include/postgresql
Libs: -L/usr/lib/$triplet -l:libpq.so.5
PC
fi
