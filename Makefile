# SPDX-License-Identifier: Apache-2.0
# fieldcheck: the device program, the central server, their tests and benchmarks.
#
#   make            build build/fieldcheck and build/fieldcheck-server
#   make check      install missing Debian packages, build with ASan+UBSan and run
#                   every suite (unit, CLI, TUI, sync); last line
#                   "N passed, N failed, N skipped" (a skip is never a pass)
#   make demo       build, create a demo home once, open the TUI on it
#   make bench      build optimised and print the benchmark figures
#   make bench-scale  the server at a province's size (bench/scale.sh, long)
#   make install    PREFIX=/usr/local DESTDIR=
#
# Sources are found by folder, so adding a file never needs an edit here:
# core/*.c -> libfc-core.a, sync/*.c -> libfc-sync.a, server/*.c and
# server/store/*.c (less server/main.c) -> libfc-server.a, app/*.c -> libfc-app.a,
# tui/*.c -> libfc-tui.a, cli/*.c -> libfc-cli.a; main/fieldcheck.c is the
# program's main(); tests/unit/test-X.c -> BUILD/tests/test-X;
# bench/*.c -> BUILD/bench/*.

BUILD	?= build
SAN	?= 0
PREFIX	?= /usr/local
DESTDIR	?=
CC	?= cc
VERSION	= 0.1.0

PKGS	= sqlite3 libsodium jansson zlib ncursesw libcurl libmicrohttpd libqrencode
# ncursesw.pc adds -D_XOPEN_SOURCE=600, which would clash with our 700.
PKG_CFLAGS = $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(shell pkg-config --cflags $(PKGS)))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lcsv -lhpdf -lxlsxwriter -lm -lpthread

WARN	= -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-format-nonliteral \
	  -Wstrict-prototypes -Wmissing-prototypes -Wvla
DEFS	= -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -DFC_VERSION='"$(VERSION)"' \
	  -DFC_PREFIX='"$(PREFIX)"' -DFC_DATADIR='"$(PREFIX)/share/fieldcheck"' \
	  -DFC_LOCALEDIR='"$(PREFIX)/share/locale"' \
	  -DFC_WEBDIR='"$(PREFIX)/share/fieldcheck-server/web"'
ifeq ($(SAN),1)
OPT	= -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# UBSan's runtime linked in, not loaded: each program's start and LeakSanitizer's
# scan at exit skip its shared library (about 20 ms a process under make check,
# which starts some 9 000 of them); its reports are the same.
LDSAN	= -fsanitize=address,undefined -static-libubsan
else
OPT	= -O2 -g
LDSAN	=
endif
# V=1 shows the full compiler command lines.
ifeq ($(V),1)
Q =
else
Q = @
endif

CFLAGS_ALL  = -std=c11 $(OPT) $(WARN) $(DEFS) -I. -I$(BUILD) $(PKG_CFLAGS) $(CFLAGS)
# Only the libraries a program calls are loaded when it starts (the device
# program needs no libpq, the server no ncurses): every start loads fewer.
LDFLAGS_ALL = -Wl,--as-needed $(LDSAN) $(LDFLAGS)
# check, demo and bench build on every core: the object files are independent.
NPROC := $(shell nproc 2>/dev/null || echo 2)

CORE_SRC = $(wildcard core/*.c)
SYNC_SRC = $(wildcard sync/*.c)
SERVER_SRC = $(filter-out server/main.c,$(wildcard server/*.c server/store/*.c))
APP_SRC  = $(wildcard app/*.c)
TUI_SRC  = $(wildcard tui/*.c)
CLI_SRC  = $(wildcard cli/*.c)
TEST_SRC = $(wildcard tests/unit/test-*.c)
BENCH_SRC = $(wildcard bench/*.c)
TEST_HELPER_SRC = $(filter-out $(TEST_SRC),$(wildcard tests/unit/*.c))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

LIB_CORE = $(BUILD)/libfc-core.a
LIB_SYNC = $(BUILD)/libfc-sync.a
LIB_SERVER = $(BUILD)/libfc-server.a
LIB_APP  = $(BUILD)/libfc-app.a
LIB_TUI  = $(BUILD)/libfc-tui.a
LIB_CLI  = $(BUILD)/libfc-cli.a
# Layers point down (each library uses only those after it here), so one pass
# in this order links: no --start-group, and a cycle between layers is a link
# error.
LIBS_ALL = $(LIB_CLI) $(LIB_TUI) $(LIB_APP) $(LIB_SERVER) $(LIB_SYNC) $(LIB_CORE)
LINK_LIBS = $(LIBS_ALL) $(PKG_LIBS)

GEN_DEVICE_SQL = $(BUILD)/gen/schema-device.c
GEN_SERVER_SQL = $(BUILD)/gen/schema-server.c

TESTS   = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRC))
BENCHES = $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))
PO      = $(wildcard po/*.po)
# Every file whose strings are translated (gettext's _() and N_()).
PO_SRC  = $(wildcard core/*.c app/*.c cli/*.c tui/*.c sync/*.c server/*.c server/store/*.c main/*.c)
MO      = $(patsubst po/%.po,$(BUILD)/locale/%/LC_MESSAGES/fieldcheck.mo,$(PO))

.PHONY: all deps check tests benches bench bench-scale demo city clean install fmt lint po
.DEFAULT_GOAL := all

SERVER_BIN = $(BUILD)/fieldcheck-server
TEST_HELPERS = $(patsubst tests/helper/%.c,$(BUILD)/tests/%,$(wildcard tests/helper/*.c))

all: $(BUILD)/fieldcheck $(SERVER_BIN) $(MO)

deps:
	@./packaging/deps.sh

# Everything under sanitizers, then every suite. The sub-make parses the
# Makefile again after deps.sh, so pkg-config sees freshly installed packages.
check: deps
	@$(MAKE) --no-print-directory -j$(NPROC) BUILD=build/san SAN=1 all tests benches
	@tests/run.sh build/san

tests: $(TESTS) $(TEST_HELPERS)
benches: $(BENCHES)

bench: deps
	@$(MAKE) --no-print-directory -j$(NPROC) BUILD=build SAN=0 all benches
	@bench/run.sh build

# The server at a province's size (bench/scale.sh): FC_BENCH_SCALE_RECORDS
# records (default 10 000 000) on SQLite and PostgreSQL; not part of `make bench`.
bench-scale: deps
	@$(MAKE) --no-print-directory -j$(NPROC) BUILD=build SAN=0 all benches
	@nice -n 10 sh bench/scale.sh build

demo: deps
	@$(MAKE) --no-print-directory -j$(NPROC) BUILD=build SAN=0 all benches
	@tools/demo.sh build

# A year of a whole city replayed through the real programs (docs/city.md).
# CITY_ARGS: --pg (a private PostgreSQL), --seed N, --scale F (1 = the city's size).
city:
	@$(MAKE) --no-print-directory BUILD=build SAN=0 all
	@tools/city.sh build $(CITY_ARGS)

# PREFIX is compiled in (where templates and catalogues are looked for), so a
# change of PREFIX rebuilds everything; the stamp is rewritten only then.
$(BUILD)/.prefix: FORCE
	@mkdir -p $(BUILD)
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' >$@

.PHONY: FORCE
FORCE:

$(BUILD)/obj/%.o: %.c $(BUILD)/.prefix
	@mkdir -p $(dir $@)
	@echo '  CC      $<'
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(Q)$(CC) $(CFLAGS_ALL) -c -o $@ $<

# The folder too: its time changes when a migration is removed or renamed,
# which the files that remain do not show.
$(GEN_DEVICE_SQL): tools/embed-sql.sh $(wildcard schema/device/*.sql) schema/device
	@mkdir -p $(dir $@)
	$(Q)tools/embed-sql.sh fc_device_migrations schema/device > $@.tmp && mv $@.tmp $@

$(GEN_SERVER_SQL): tools/embed-sql.sh $(wildcard schema/server/*.sql) schema/server
	@mkdir -p $(dir $@)
	$(Q)tools/embed-sql.sh fc_server_migrations schema/server > $@.tmp && mv $@.tmp $@

$(LIB_CORE): $(call obj,$(CORE_SRC)) $(GEN_DEVICE_SQL:.c=.o)
	@rm -f $@
	$(Q)ar rcs $@ $^
$(LIB_SYNC): $(call obj,$(SYNC_SRC))
	@rm -f $@
	$(Q)ar rcs $@ $^
$(LIB_SERVER): $(call obj,$(SERVER_SRC)) $(GEN_SERVER_SQL:.c=.o)
	@rm -f $@
	$(Q)ar rcs $@ $^
$(LIB_APP): $(call obj,$(APP_SRC))
	@rm -f $@
	$(Q)ar rcs $@ $^
$(LIB_TUI): $(call obj,$(TUI_SRC))
	@rm -f $@
	$(Q)ar rcs $@ $^
$(LIB_CLI): $(call obj,$(CLI_SRC))
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/fieldcheck: $(call obj,main/fieldcheck.c) $(LIBS_ALL)
	@echo '  LINK    $@'
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $< $(LINK_LIBS)

# The server, unit tests and helpers link only core, sync and server: building
# the server alone (tests/sync/unauth-memory on a clean checkout) compiles no
# TUI, CLI or app code, and a half-written screen in tui/ never stops the core
# tests from building; tests/unit/test-tui-*.c link all.
CORE_LIBS = $(LIB_SERVER) $(LIB_SYNC) $(LIB_CORE)
LINK_CORE = $(CORE_LIBS) $(PKG_LIBS)

$(BUILD)/fieldcheck-server: $(call obj,server/main.c) $(CORE_LIBS)
	@echo '  LINK    $@'
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $< $(LINK_CORE)

$(BUILD)/tests/test-tui-%: $(BUILD)/obj/tests/unit/test-tui-%.o $(call obj,$(TEST_HELPER_SRC)) $(LIBS_ALL)
	@mkdir -p $(dir $@)
	@echo '  LINK    $@'
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $< $(call obj,$(TEST_HELPER_SRC)) $(LINK_LIBS) -lcmocka

# tests/unit/test-app-*.c test app/, which sits on core and knows no front end.
$(BUILD)/tests/test-app-%: $(BUILD)/obj/tests/unit/test-app-%.o $(call obj,$(TEST_HELPER_SRC)) $(LIB_APP) $(CORE_LIBS)
	@mkdir -p $(dir $@)
	@echo '  LINK    $@'
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $< $(call obj,$(TEST_HELPER_SRC)) $(LIB_APP) $(LINK_CORE) -lcmocka

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(call obj,$(TEST_HELPER_SRC)) $(CORE_LIBS)
	@mkdir -p $(dir $@)
	@echo '  LINK    $@'
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $< $(call obj,$(TEST_HELPER_SRC)) $(LINK_CORE) -lcmocka

# Small programs the shell suites use (tests/helper/X.c -> BUILD/tests/X): making
# records through the core API, tampering with a store, a cutting TCP proxy.
$(filter-out %/fc-ledger-conform,$(TEST_HELPERS)): $(BUILD)/tests/%: $(BUILD)/obj/tests/helper/%.o $(CORE_LIBS)
	@mkdir -p $(dir $@)
	@echo '  LINK    $@'
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $< $(LINK_CORE)

# The ledger conformance runner links every backend of tests/ledger/backend-*.c
# (tests/helper/conform.h) and what the server backends share (server.c);
# server backends need the server's objects too.
CONFORM_SRC = $(wildcard tests/ledger/*.c)
$(BUILD)/tests/fc-ledger-conform: $(BUILD)/obj/tests/helper/fc-ledger-conform.o $(call obj,$(CONFORM_SRC)) $(LIBS_ALL)
	@mkdir -p $(dir $@)
	@echo '  LINK    $@'
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $< $(call obj,$(CONFORM_SRC)) $(LINK_LIBS)

$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o $(LIBS_ALL)
	@mkdir -p $(dir $@)
	@echo '  LINK    $@'
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $< $(LINK_LIBS)

$(BUILD)/locale/%/LC_MESSAGES/fieldcheck.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt -c -o $@ $<

# po/*.po are the source translators edit. `make po` extracts the strings the
# code marks (xgettext) and merges them into each catalogue (msgmerge): new
# strings arrive untranslated, tests/cli/po.sh fails until zh_CN has them.
$(BUILD)/fieldcheck.pot: $(PO_SRC)
	@mkdir -p $(dir $@)
	$(Q)xgettext --from-code=UTF-8 -k_ -kN_ -kNC_:1c,2 -kfc_gettext:2 --add-location=file --package-name=fieldcheck \
		--msgid-bugs-address= -o $@ $(PO_SRC)

po: $(BUILD)/fieldcheck.pot
	$(Q)for po in $(PO); do \
		msgmerge --quiet --update --backup=none --no-fuzzy-matching --add-location=file \
			$$po $(BUILD)/fieldcheck.pot || exit 1; \
	done

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/fieldcheck/checklists
	install -m 0755 $(BUILD)/fieldcheck $(SERVER_BIN) $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 schema/checklists/*.json $(DESTDIR)$(PREFIX)/share/fieldcheck/checklists/
	install -m 0644 schema/intervals.json schema/settings.json $(DESTDIR)$(PREFIX)/share/fieldcheck/
	install -d $(DESTDIR)$(PREFIX)/share/fieldcheck-server/web
	install -m 0644 web/*.html web/*.css web/*.js $(DESTDIR)$(PREFIX)/share/fieldcheck-server/web/
	for mo in $(MO); do \
		lang=$${mo#$(BUILD)/locale/}; lang=$${lang%%/*}; \
		install -d $(DESTDIR)$(PREFIX)/share/locale/$$lang/LC_MESSAGES; \
		install -m 0644 $$mo $(DESTDIR)$(PREFIX)/share/locale/$$lang/LC_MESSAGES/; \
	done
	if [ -d packaging/man ]; then \
		install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man8; \
		for m in packaging/man/*.1; do [ -e "$$m" ] && install -m 0644 $$m $(DESTDIR)$(PREFIX)/share/man/man1/; done; \
		for m in packaging/man/*.8; do [ -e "$$m" ] && install -m 0644 $$m $(DESTDIR)$(PREFIX)/share/man/man8/; done; \
	fi; true

fmt:
	clang-format -i $(wildcard core/*.[ch] app/*.[ch] main/*.c cli/*.[ch] sync/*.[ch] server/*.[ch] \
		server/store/*.[ch] tui/*.[ch] tests/unit/*.c tests/helper/*.c tests/ledger/*.c \
		tests/fuzz/*.c bench/*.[ch])

# clang-format over the same files tests/cli/style.sh checks, then cppcheck.
lint:
	@bad=$$(clang-format --dry-run -Werror core/*.[ch] app/*.[ch] main/*.c cli/*.[ch] \
		sync/*.[ch] server/*.[ch] server/store/*.[ch] tui/*.[ch] tests/unit/*.c \
		tests/helper/*.c tests/ledger/*.c 2>&1 | \
		sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error: .*/\1/p' | sort -u); \
		if [ -n "$$bad" ]; then echo "not clang-formatted (make fmt):" $$bad; exit 1; fi
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability --inline-suppr \
		--suppress=missingIncludeSystem --include=tools/cppcheck-defs.h -I. core sync server \
		app tui cli main

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------------------
# Release (issue 8): Debian packages, the ARM cross build and the release
# checks. Nothing above depends on this block; `make check` never runs it.
#
#   make deb                build/deb/: fieldcheck and fieldcheck-server .debs and
#                           the source package (dpkg-buildpackage), then lintian;
#                           DEB_ARCH=arm64 cross-builds them into build/deb-arm64
#   make deb-check          as root: install the packages, check them, purge them
#   make cross ARCH=arm64   both programs and the unit tests for arm64 with
#                           Debian's cross toolchain, in build/arm64 (no sanitizers)
#   make check-release      the arm64 unit tests under qemu-user, then the TLS
#                           sync test through a real nginx, the backup and
#                           restore test, and operating.md run as written
#                           with the built .debs (as root); "N passed, N failed"
#   make deps-release       what these need (packaging/deps-release.sh)

ARCH		?= arm64
CROSS_TRIPLET_arm64 = aarch64-linux-gnu
CROSS_QEMU_arm64    = qemu-aarch64
CROSS_TRIPLET	= $(CROSS_TRIPLET_$(ARCH))
CROSS_QEMU	= $(CROSS_QEMU_$(ARCH))
CROSS_BUILD	= build/$(ARCH)

.PHONY: deps-release deb deb-check cross check-release

deps-release:
	@ARCH=$(ARCH) ./packaging/deps-release.sh

# DEB_ARCH=arm64 cross-builds the packages for the handhelds (build/deb-arm64).
DEB_ARCH	?=
deb: deps-release
	@packaging/make-deb.sh build/deb$(if $(DEB_ARCH),-$(DEB_ARCH)) $(DEB_ARCH)

# Installs the packages for real (root), checks them, purges them again.
deb-check: deb
	@packaging/deb-check.sh build/deb

# The target's .pc files only, so pkg-config never hands the cross compiler a
# native library; the sub-make parses the Makefile again with them.
cross: deps-release
	@if [ -z "$(CROSS_TRIPLET)" ]; then echo "cross: ARCH=$(ARCH) is not supported (try ARCH=arm64)" >&2; exit 2; fi
	@packaging/cross-pc.sh $(CROSS_TRIPLET) $(CROSS_BUILD)/pkgconfig
	@PKG_CONFIG_PATH= PKG_CONFIG_SYSROOT_DIR= \
	  PKG_CONFIG_LIBDIR=$(CURDIR)/$(CROSS_BUILD)/pkgconfig:/usr/lib/$(CROSS_TRIPLET)/pkgconfig:/usr/share/pkgconfig \
	  $(MAKE) --no-print-directory BUILD=$(CROSS_BUILD) SAN=0 CC=$(CROSS_TRIPLET)-gcc all tests
	@for b in $(CROSS_BUILD)/fieldcheck $(CROSS_BUILD)/fieldcheck-server; do \
		[ -e "$$b" ] || continue; \
		$(CROSS_TRIPLET)-strip -o "$$b.stripped" "$$b"; \
		printf '%-28s %9s bytes, %9s stripped  %s\n' "$$b" "$$(stat -c %s "$$b")" \
		    "$$(stat -c %s "$$b.stripped")" "$$(file -b "$$b" | cut -d, -f1-2)"; \
		rm -f "$$b.stripped"; \
	done

# The TLS and backup tests run against a native sanitizer build.
RELEASE_NATIVE	?= build/san

check-release: cross deb
	@$(MAKE) --no-print-directory BUILD=$(RELEASE_NATIVE) SAN=1 all tests
	@tests/release/run.sh $(CROSS_BUILD) $(CROSS_QEMU) $(CROSS_TRIPLET) $(RELEASE_NATIVE)

# ---------------------------------------------------------------------------
# Proof under attack and fault (issue 7): fuzzing, the crash campaign, network
# faults, security and load; docs/reliability.md has the figures. Nothing above
# depends on this block; `make check` reaches it only through
# tests/cli/fuzz-short.sh, which runs `make fuzz-build` and a few seconds of
# each fuzz target.
#
#   make fuzz          build the libFuzzer targets (clang, ASan+UBSan, in
#                      FUZZ_BUILD) and run each tests/fuzz/fuzz-*.c for
#                      FUZZ_SECONDS; crashes land in FUZZ_BUILD/crashes/
#   make fuzz-build    only build them: FUZZ_BUILD/fuzz/fuzz-<name>
#   make torture       the crash campaign: SIGKILLs while storing, a full disk
#   make faults        the network-fault campaign through tests/helper/fc-faultproxy
#   make security      replay, forgery, limits, slowloris, PIN, SQL and escapes
#   make load          many devices against one server for LOAD_SECONDS

FUZZ_BUILD	?= build/fuzz
FUZZ_SECONDS	?= 60
FUZZ_SRC	 = $(wildcard tests/fuzz/fuzz-*.c)
FUZZ_BINS	 = $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))
# The wire and push targets take what they need from libfc-server and libfc-sync.
FUZZ_LIBS	 = $(CORE_LIBS)
# make check's short run builds at -O0 in its own FUZZ_BUILD (a third less
# CPU to compile; the sanitizers see the same code); campaigns at -O1.
FUZZ_OPT	?= -O1
FUZZ_CFLAGS	 = $(FUZZ_OPT) -g -fsanitize=fuzzer-no-link,address,undefined \
		   -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_LDFLAGS	 = -fsanitize=fuzzer,address,undefined
PROOF_BUILD	?= build/san

.PHONY: fuzz fuzz-build fuzz-bins torture faults security load proof-build

fuzz-build:
	@command -v clang >/dev/null || { echo "fuzz-build: clang is not installed" >&2; exit 1; }
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang SAN=0 \
		CFLAGS="$(FUZZ_CFLAGS)" fuzz-bins

fuzz-bins: $(FUZZ_BINS)

$(FUZZ_BINS): $(BUILD)/fuzz/%: $(BUILD)/obj/tests/fuzz/%.o $(FUZZ_LIBS)
	@mkdir -p $(dir $@)
	@echo '  LINK    $@'
	$(Q)$(CC) $(FUZZ_LDFLAGS) -o $@ $< $(FUZZ_LIBS) $(PKG_LIBS)

fuzz: fuzz-build
	@tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# The campaigns drive the sanitizer build, as `make check` does.
proof-build: deps
	@$(MAKE) --no-print-directory BUILD=$(PROOF_BUILD) SAN=1 all tests

torture: proof-build
	@tests/torture/run.sh $(PROOF_BUILD)

faults: proof-build
	@tests/faults/run.sh $(PROOF_BUILD)

security: proof-build
	@tests/security/run.sh $(PROOF_BUILD)

# Load figures come from the optimised build, like `make bench`.
load: deps
	@$(MAKE) --no-print-directory BUILD=build SAN=0 all tests
	@tests/load/run.sh build

# ---------------------------------------------------------------------------
# PostgreSQL (issue 9): the server store's second backend and its tests.
# server/store/pg.c calls libpq, which server/store/pq-lib.c loads with
# dlopen when a postgresql:// store is first opened; schema/server-pg/NNNN-*.sql
# are the PostgreSQL dialect of schema/server/, embedded as fc_server_pg_migrations.
#
#   make check-pg     build with sanitizers, then run only the PostgreSQL
#                     suites: the sync suites against a real PostgreSQL
#                     (FC_TEST_DB=pg starts one per suite on a loopback port in
#                     a temporary directory) and tests/pg/ (two server
#                     processes, migrate-store); "N passed, N failed".
#                     `make check` runs them too (tests/run.sh, suite "pg").
#   make bench        also runs bench/pg-bench.sh (FC_BENCH_PG_RECORDS)

# Headers only: nothing links libpq, so no program maps it and the twenty-odd
# libraries it needs (Kerberos, LDAP...) at every start; the packages name
# libpq5 (debian/control). dlopen is in glibc's libc since 2.34: no -ldl.
PKG_CFLAGS += $(shell pkg-config --cflags libpq)

GEN_SERVER_PG_SQL = $(BUILD)/gen/schema-server-pg.c

$(GEN_SERVER_PG_SQL): tools/embed-sql.sh $(wildcard schema/server-pg/*.sql) schema/server-pg
	@mkdir -p $(dir $@)
	$(Q)tools/embed-sql.sh fc_server_pg_migrations schema/server-pg > $@.tmp && mv $@.tmp $@

$(LIB_SERVER): $(GEN_SERVER_PG_SQL:.c=.o)

.PHONY: check-pg
check-pg: deps
	@$(MAKE) --no-print-directory BUILD=build/san SAN=1 all tests
	@tests/pg/run.sh build/san
