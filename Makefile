# backoffice: build, test, run, install. `make help` lists the targets.

# A recipe that fails leaves no half-made target behind to be taken for done.
.DELETE_ON_ERROR:

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc

PKGS      := ncursesw sqlite3 libpq libcjson
TEST_PKGS := cmocka
# Commands only the tests run (the man page's, the completions' and the
# install's checks), apart from what the program needs to build and run;
# make deps installs them from data/debian-packages-test.txt.
TEST_TOOLS := groff man zsh

CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2
OPT      ?= -O2 -g
SAN      ?=
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) $(SAN) -I. -MMD -MP \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
# The binary does not link libpq: it loads it (dlopen) when a PostgreSQL
# store is first opened (adapters/postgres/pq_api.h), so a SQLite-only run
# never maps it nor what it pulls in. LDLIBS_BIN is its libraries; the test
# and benchmark programs, some of which call libpq themselves, link
# LDLIBS_ALL, libpq included.
LDLIBS_BIN = $(shell pkg-config --libs $(filter-out libpq,$(PKGS)) 2>/dev/null) \
	-ldl $(LDLIBS)
LDLIBS_ALL = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -ldl $(LDLIBS)
TEST_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS   = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)

DOMAIN_SRC   := $(wildcard domain/*.c domain/*/*.c)
ADAPTER_SRC  := $(filter-out adapters/main.c,$(wildcard adapters/*/*.c))
TUI_SRC      := $(wildcard tui/*.c)
GEN_SRC      := $(BUILD)/gen/migrations.c $(BUILD)/gen/pg_migrations.c
LIB_SRC      := $(DOMAIN_SRC) $(ADAPTER_SRC) $(TUI_SRC)
LIB_OBJ      := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/migrations.o \
	$(BUILD)/gen/pg_migrations.o $(BUILD)/gen/demo_catalogue.o \
	$(BUILD)/gen/revision.o
LIB          := $(BUILD)/libbackoffice.a
MIGRATIONS   := $(sort $(wildcard data/sqlite/*.sql))
PG_MIGRATIONS := $(sort $(wildcard data/postgres/*.sql))

UNIT_SRC     := $(wildcard tests/domain/test_*.c tests/adapters/test_*.c tests/contract/test_*.c \
	tests/tui/test_*.c)
UNIT_BIN     := $(UNIT_SRC:%.c=$(BUILD)/%)
TEST_SUPPORT := $(wildcard tests/support/*.c)
TEST_SUPPORT_OBJ := $(TEST_SUPPORT:%.c=$(BUILD)/%.o)
E2E          := $(sort $(wildcard tests/e2e/test_*.sh))
# The scripts e2e runs again on PostgreSQL: all of them, but under valgrind
# (memcheck) the ones that cover the commands' common paths, command ids and
# the connections' failures (CI's time allows no more), as each of the suite's ~2,000 logins costs the
# client most of a second of SCRAM hashing there; make memcheck-pg runs all.
E2E_PG       ?= $(E2E)
# These stop the test server or change its cluster-wide settings: they run
# after the others, alone.
E2E_ALONE    := tests/e2e/test_tui_live_pg.sh tests/e2e/test_pg_lost_connection.sh
E2E_PG_MEMCHECK := $(addprefix tests/e2e/,test_cli_basics.sh test_pg_server.sh \
	test_command_id.sh)
# Not run again under valgrind: they check the build, the man page and the
# completion scripts, running the binary for its help text at most (make
# test and make asan run them). And two long lists of one-command checks
# (some 200 commands each, a second apiece under valgrind): their code runs
# under valgrind in test_category, test_bulk_categories and the contract
# suite (unit), test_cli_bulk, test_tui_bulk and test_tui_product_filter;
# make asan runs them whole (AddressSanitizer with its leak check), and make
# memcheck-all runs every script under valgrind.
E2E_NO_MEMCHECK := $(addprefix tests/e2e/,test_build_deps.sh test_man_page.sh \
	test_completion.sh test_cli_categories.sh test_cli_bulk_categories.sh)

BIN := backoffice
# --read-inline-info=no: each process starts some 0.07 s sooner; an error's
# trace then shows an inlined function's caller instead of it.
VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite --show-leak-kinds=definite \
	--read-inline-info=no

.PHONY: bench-search bench-tenants test-pg run-pg memcheck-pg memcheck-all all run test unit e2e asan memcheck install uninstall clean deps \
	check-deps deps-run check-run-deps check-pkgs check-test-pkgs format format-check help bench bench-rebuild-demo bench-rebuild-demo-1m bench-import bench-rebuild \
	bench-dashboard \
	fuzz fuzz-build fuzz-smoke crash-test crash-smoke

all: $(BIN)

help:
	@echo "make            build ./backoffice"
	@echo "make run        install missing packages, build, open the default store"
	@echo "make run-pg     the same on a throwaway PostgreSQL cluster under build/"
	@echo "make test       install missing packages, build, run every test"
	@echo "make asan       the whole suite under AddressSanitizer + UBSan"
	@echo "make memcheck   the whole suite under valgrind (PostgreSQL e2e: a subset)"
	@echo "make memcheck-pg  every e2e script on PostgreSQL under valgrind"
	@echo "make memcheck-all  every e2e script on SQLite under valgrind, the long ones memcheck leaves out included"
	@echo "make install    binary, man page, completions, library, headers, backoffice.pc"
	@echo "                under \$$(DESTDIR)\$$(PREFIX) (PREFIX=$(PREFIX)); make uninstall"
	@echo "make deps       install the Debian packages of data/debian-packages-run.txt and -test.txt"
	@echo "make deps-run   install only what building and running needs (data/debian-packages-run.txt)"
	@echo "make format     clang-format the sources under domain, adapters and tui (tests keep their include order for cmocka)"
	@echo "make bench      the normative workload (doc/bench/WORKLOAD.md) on SQLite and PostgreSQL against the durable limit (BENCH_WORKLOAD_ORDERS, BENCH_WORKLOAD_REPS)"
	@echo "make bench-rebuild-demo  time a full projections rebuild of 100,000 demo orders"
	@echo "make bench-rebuild-demo-1m  the same with 1,000,000 orders (long)"
	@echo "make bench-rebuild  an online rebuild of 90,000 demo orders with 4 writer processes running"
	@echo "make bench-import  export 100,000 demo orders and time their import into a fresh store"
	@echo "make bench-durable  the services' events/s against plain SQLite writing the same rows (BENCH_N, BENCH_ROUNDS)"
	@echo "make bench-syncs  fdatasync/fsync calls per command (strace), per process and in one process"
	@echo "make bench-dashboard  the first Dashboard open after a 100,000-order seed"
	@echo "make test-pg    only the PostgreSQL adapter's tests, beside a throwaway cluster"
	@echo "make bench-pg-append  PostgreSQL appends/s with 1, 4 and 8 writers against plain INSERTs"
	@echo "make bench-search  order find and customer show on 1,000,000 demo orders (BENCH_SEARCH_ORDERS) against order show"
	@echo "make bench-app  the whole application on 100,000 demo orders (BENCH_APP_ORDERS): seed, rebuild, reports, search, export/import, TUI first frames, peak RSS"
	@echo "make bench-tui  each TUI screen's first frame, searches, customer view, product history on 1,000,000 demo orders (BENCH_TUI_ORDERS)"
	@echo "make bench-tenants  tenant create on both backends, and moving a 100,000-order tenant each way"
	@echo "make soak-pg    the no-skip test at 8 writers x 100,000 appends"
	@echo "make fuzz       run each libFuzzer target FUZZ_SECONDS (60) from its corpus"
	@echo "make crash-test SIGKILL CRASH_KILLS (1000) random commands, check the stores"

# ---- dependencies -----------------------------------------------------------

# The Debian packages: what building and running needs, and what the tests
# need besides. Installed with apt-get (through sudo when not root).
RUN_DEBS  := data/debian-packages-run.txt
TEST_DEBS := data/debian-packages-test.txt
APT_INSTALL = set -e; pkgs=$$(grep -hv '^\#' $(1) | tr '\n' ' '); \
	if [ "$$(id -u)" -eq 0 ]; then sudo=; else sudo=sudo; fi; \
	echo "installing: $$pkgs"; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$pkgs >/dev/null

deps-run:
	@$(call APT_INSTALL,$(RUN_DEBS))

deps:
	@$(call APT_INSTALL,$(RUN_DEBS) $(TEST_DEBS))

# Each runs its apt-get step only when something is missing: make run needs
# only the runtime set, make test the whole.
HAVE_RUN_DEPS = command -v $(CC) >/dev/null 2>&1 && \
	command -v pkg-config >/dev/null 2>&1 && pkg-config --exists $(PKGS) && \
	[ -f /usr/share/zoneinfo/Europe/Berlin ]
check-run-deps:
	@if ! { $(HAVE_RUN_DEPS); }; then \
		echo "some libraries backoffice needs are missing; installing them"; \
		$(MAKE) --no-print-directory deps-run; \
	fi

check-deps:
	@if ! { $(HAVE_RUN_DEPS); } || \
	   ! pkg-config --exists $(TEST_PKGS) || \
	   ! command -v tmux >/dev/null 2>&1 || \
	   ! { $(foreach t,$(TEST_TOOLS),command -v $(t) >/dev/null 2>&1 &&) :; } || \
	   ! command -v python3 >/dev/null 2>&1 || \
	   ! command -v sqlite3 >/dev/null 2>&1 || \
	   ! command -v valgrind >/dev/null 2>&1 || \
	   ! command -v clang >/dev/null 2>&1 || \
	   ! ls "$$(clang -print-resource-dir)"/lib/linux/libclang_rt.fuzzer-*.a \
		>/dev/null 2>&1 || \
	   ! sh tests/support/pg_bindir.sh >/dev/null; then \
		echo "some build or test dependencies are missing; installing them"; \
		$(MAKE) --no-print-directory deps; \
	fi

# Before anything compiles: a missing library is one line naming the Debian
# package that has it, not a cascade of compiler errors.
PKG_DEBS      := ncursesw:libncurses-dev sqlite3:libsqlite3-dev libpq:libpq-dev \
	libcjson:libcjson-dev
TEST_PKG_DEBS := cmocka:libcmocka-dev
CHECK_PKGS = @command -v pkg-config >/dev/null 2>&1 || { \
	echo "backoffice: pkg-config is missing: install the Debian package pkg-config (make $(2) installs everything $(3) needs)" >&2; \
	exit 1; }; \
	for p in $(1); do pkg-config --exists $${p%%:*} || { \
	echo "backoffice: the library $${p%%:*} is missing (pkg-config cannot find it): install the Debian package $${p\#*:} (make $(2) installs everything $(3) needs)" >&2; \
	exit 1; }; done

check-pkgs:
	$(call CHECK_PKGS,$(PKG_DEBS),deps-run,building)

check-test-pkgs:
	$(call CHECK_PKGS,$(TEST_PKG_DEBS),deps,the tests)

# ---- build ------------------------------------------------------------------

$(LIB_OBJ) $(BUILD)/adapters/main.o: | check-pkgs
$(TEST_SUPPORT_OBJ) $(UNIT_BIN): | check-test-pkgs

$(BIN): $(BUILD)/adapters/main.o $(LIB)
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDLIBS_BIN)

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/gen/migrations.o: $(BUILD)/gen/migrations.c
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/gen/pg_migrations.o: $(BUILD)/gen/pg_migrations.c
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

# The SQL migrations are compiled into the binary, so an installed backoffice
# needs nothing from the source tree. One recipe for both backends: $(1) the
# header, $(2) the array, $(3) the files. Backslash, double quote and '?'
# (trigraphs) are escaped.
define gen_migrations
	@mkdir -p $(@D)
	@{ echo '/* generated from $(3) by the Makefile; do not edit */'; \
	  echo '#include "$(1)"'; \
	  echo 'const bo_migration $(2)[] = {'; \
	  for f in $(3); do \
	    printf '{"%s",\n' "$$(basename $$f)"; \
	    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' \
	      -e 's/^/"/' -e 's/$$/\\n"/' $$f; \
	    echo '},'; \
	  done; \
	  echo '{0, 0}};'; } > $@.tmp
	@mv -f $@.tmp $@
endef

$(BUILD)/gen/migrations.c: $(MIGRATIONS) Makefile
	$(call gen_migrations,adapters/sqlite/migrations.h,bo_sqlite_migrations,$(MIGRATIONS))

$(BUILD)/gen/pg_migrations.c: $(PG_MIGRATIONS) Makefile
	$(call gen_migrations,adapters/postgres/pg_migrations.h,bo_pg_migrations,$(PG_MIGRATIONS))

# The git revision for --version, rewritten only when it changes (so a new
# commit relinks, not rebuilds); "unknown" outside a clone.
REVISION := $(shell if r=$$(git -C $(CURDIR) rev-parse --short=12 HEAD 2>/dev/null); \
	then git -C $(CURDIR) diff --quiet HEAD -- 2>/dev/null || r="$$r+changes"; \
	echo "$$r"; else echo unknown; fi)
$(BUILD)/gen/revision.c: FORCE
	@mkdir -p $(@D)
	@printf '/* generated by the Makefile; do not edit */\nconst char bo_build_revision[] = "%s";\n' \
		'$(REVISION)' >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

$(BUILD)/gen/revision.o: $(BUILD)/gen/revision.c
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

FORCE:
.PHONY: FORCE

# The demo catalogue too: `demo seed` works from an installed binary.
$(BUILD)/gen/demo_catalogue.o: $(BUILD)/gen/demo_catalogue.c
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/gen/demo_catalogue.c: data/demo/catalogue.tsv Makefile
	@mkdir -p $(@D)
	@{ echo '/* generated from data/demo/catalogue.tsv by the Makefile; do not edit */'; \
	  echo '#include "domain/demo.h"'; \
	  echo 'const char bo_demo_catalogue_tsv[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' -e 's/?/\\?/g' \
	    -e 's/^/"/' -e 's/$$/\\n"/' data/demo/catalogue.tsv; \
	  echo ';'; } > $@.tmp
	@mv -f $@.tmp $@

$(BUILD)/tests/%: tests/%.c $(LIB) $(TEST_SUPPORT_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(TEST_CFLAGS) -Wno-unused-parameter -o $@ $< \
		$(TEST_SUPPORT_OBJ) $(LIB) $(TEST_LIBS) $(LDLIBS_ALL)

$(BUILD)/tests/support/%.o: tests/support/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(TEST_CFLAGS) -c -o $@ $<

# ---- run --------------------------------------------------------------------

# The first start creates the default store and fills it with a demo shop
# (exit 4: there is no store where the binary looks for it).
run: check-run-deps
	@$(MAKE) --no-print-directory $(BIN)
	@./$(BIN) user list >/dev/null 2>&1; \
	if [ $$? -eq 4 ]; then \
		echo "first start: creating the store with a demo shop"; \
		./$(BIN) init && ./$(BIN) demo seed; \
	fi
	./$(BIN) $(ARGS)

# The shared backend in one command: a throwaway PostgreSQL cluster under
# build/ (127.0.0.1 only, removed when the TUI closes), a demo shop in it, and
# the TUI on that store. BACKOFFICE_DB is the cluster's URL for the TUI.
# A smaller shop than make run's: the seed goes through the server's round
# trips, about 40 orders a second on a 2-core machine.
RUN_PG_ORDERS ?= 500
run-pg: check-deps
	@$(MAKE) --no-print-directory $(BIN)
	@mkdir -p $(BUILD)
	@TMPDIR=$(CURDIR)/$(BUILD) BACKOFFICE_REQUIRE_PG=1 tests/support/with_pg.sh \
		sh -c 'export BACKOFFICE_DB="$$BACKOFFICE_TEST_PG"; \
		echo "a throwaway PostgreSQL cluster on 127.0.0.1; creating a demo shop"; \
		./$(BIN) init >/dev/null && \
		./$(BIN) demo seed --orders $(RUN_PG_ORDERS) >/dev/null && ./$(BIN) $(ARGS)'

# ---- tests ------------------------------------------------------------------

# make test, asan and memcheck run beside one throwaway PostgreSQL cluster
# (tests/support/with_pg.sh exports BACKOFFICE_TEST_PG for the run and removes
# the cluster however it ends; a run that already has BACKOFFICE_TEST_PG uses
# that server). Without the server binaries the PostgreSQL tests say they
# skipped, unless BACKOFFICE_REQUIRE_PG=1 (CI), when that is an error.
# test-pg runs only the PostgreSQL adapter's own programs.
PG_WRAP = $(if $(BACKOFFICE_TEST_PG),,tests/support/with_pg.sh)
PG_TESTS := $(BUILD)/tests/adapters/test_postgres \
	$(BUILD)/tests/contract/test_contract_postgres \
	$(BUILD)/tests/adapters/test_pg_noskip
PG_TESTS += $(BUILD)/tests/adapters/test_pg_live

test-pg: $(PG_TESTS)
	@$(PG_WRAP) sh -c 'for t in $(PG_TESTS); do ./$$t || exit 1; done'

test: check-deps
	@$(PG_WRAP) $(MAKE) --no-print-directory unit e2e fuzz-smoke crash-smoke

# Each test program runs with its output kept beside it; JOBS programs at a time
# (one per core unless told: the e2e scripts too),
# the logs printed in order afterwards.
JOBS ?= $(shell nproc 2>/dev/null || echo 1)
unit: $(UNIT_BIN)
	@printf '%s\n' $(UNIT_BIN) | xargs -P $(JOBS) -I{} \
		sh -c 's=$$(date +%s); $(RUNNER) ./{} >{}.log 2>&1; echo $$? >{}.rc; \
			echo $$(($$(date +%s) - s)) >{}.time'
	@failed=0; for t in $(UNIT_BIN); do \
		cat $$t.log; echo "($$t: $$(cat $$t.time) s)"; \
		if [ "$$(cat $$t.rc)" != 0 ]; then \
			echo "FAILED: $$t (exit $$(cat $$t.rc))"; failed=$$((failed + 1)); \
		fi; \
	done; \
	if [ $$failed -ne 0 ]; then echo "$$failed unit test program(s) failed"; exit 1; fi

# The scripts run on SQLite, then again on PostgreSQL when BACKOFFICE_TEST_PG
# names a server (tests/support/with_pg.sh gives one). E2E_ENV tells them
# the source tree and how this binary was built (test_install.sh installs it
# with make install, and builds a program against the installed library).
E2E_ENV = BACKOFFICE_SRC="$(CURDIR)" BACKOFFICE_BUILD="$(BUILD)" \
	BACKOFFICE_TARGET="$(BIN)" BACKOFFICE_SAN="$(SAN)" BACKOFFICE_OPT="$(OPT)"
e2e: $(BIN)
	@if [ -z "$$BACKOFFICE_E2E_ONLY_PG" ]; then echo "== e2e on sqlite"; \
	$(E2E_ENV) BACKOFFICE_BIN="$(RUNNER) $(CURDIR)/$(BIN)" E2E_JOBS=$(JOBS) \
		E2E_BACKEND=sqlite sh tests/e2e/run.sh $(E2E); fi
	@if [ -n "$$BACKOFFICE_TEST_PG" ]; then \
		echo "== e2e on postgresql"; \
		$(E2E_ENV) BACKOFFICE_BIN="$(RUNNER) $(CURDIR)/$(BIN)" E2E_JOBS=$(JOBS) \
			E2E_BACKEND=postgresql sh tests/e2e/run.sh \
			$(filter-out $(E2E_ALONE),$(E2E_PG)) && \
		if [ -n "$(filter $(E2E_ALONE),$(E2E_PG))" ]; then \
			echo "== e2e on postgresql, one at a time (they stop the server or change its settings)"; \
			$(E2E_ENV) BACKOFFICE_BIN="$(RUNNER) $(CURDIR)/$(BIN)" E2E_JOBS=1 \
			E2E_BACKEND=postgresql sh tests/e2e/run.sh \
				$(filter $(E2E_ALONE),$(E2E_PG)); \
		fi; \
	else \
		echo "== e2e on postgresql: skipped (BACKOFFICE_TEST_PG is not set)"; \
	fi

asan:
	@$(PG_WRAP) $(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" \
		BIN=build-asan/backoffice unit e2e

memcheck:
	@$(PG_WRAP) $(MAKE) --no-print-directory BUILD=build-vg OPT="-O0 -g" \
		BIN=build-vg/backoffice RUNNER="$(VALGRIND)" JOBS=$$(nproc) \
		E2E="$(filter-out $(E2E_NO_MEMCHECK),$(E2E))" \
		E2E_PG="$(E2E_PG_MEMCHECK)" unit e2e

# Every e2e script on SQLite under valgrind, those memcheck leaves out too
# (long; not in CI).
memcheck-all:
	@$(MAKE) --no-print-directory BUILD=build-vg OPT="-O0 -g" \
		BIN=build-vg/backoffice RUNNER="$(VALGRIND)" JOBS=$$(nproc) e2e

# Every e2e script on PostgreSQL under valgrind (long; not in CI).
memcheck-pg:
	@$(PG_WRAP) $(MAKE) --no-print-directory BUILD=build-vg OPT="-O0 -g" \
		BIN=build-vg/backoffice RUNNER="$(VALGRIND)" JOBS=$$(nproc) \
		BACKOFFICE_E2E_ONLY_PG=1 e2e

# ---- fuzzing (libFuzzer; make test runs each target briefly) ----------------

# Every tests/fuzz/fuzz_NAME.c is a target, seeded from tests/fuzz/corpus/
# fuzz_NAME/ (see tests/fuzz/run.sh). The library is built again with clang,
# ASan and UBSan into build-fuzz/ (clang also warns on the TUI's vprintf
# wrapper, which gcc does not: that warning is off there).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_NAMES   := $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_MAKE    := $(MAKE) --no-print-directory BUILD=build-fuzz CC=$(FUZZ_CC) \
	OPT="-O1 -g -fno-omit-frame-pointer" CFLAGS=-Wno-format-nonliteral \
	SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"

fuzz-build:
	+@$(FUZZ_MAKE) $(FUZZ_NAMES:%=build-fuzz/fuzz/%)

fuzz: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) build-fuzz $(FUZZ_NAMES)

fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=3

$(BUILD)/fuzz/%: tests/fuzz/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -o $@ $< $(LIB) $(LDLIBS_ALL)

# ---- crash test (SIGKILL at random points; not part of asan/memcheck) -------

CRASH_KILLS ?= 1000
CRASH_SEED  ?= $$(date +%s)
# CRASH_INIT=1 puts `init` on a fresh path into the mix (a killed init must
# leave either nothing or a working store); the smoke run in make test too.
CRASH_INIT ?= 1
CRASH_SMOKE_INIT ?= 1

crash-test: $(BIN) $(BUILD)/tests/crash/crash_test
	@$(BUILD)/tests/crash/crash_test --bin $(CURDIR)/$(BIN) \
		--kills $(CRASH_KILLS) --seed $(CRASH_SEED) --init $(CRASH_INIT)

crash-smoke:
	@$(MAKE) --no-print-directory crash-test CRASH_KILLS=50 \
		CRASH_INIT=$(CRASH_SMOKE_INIT)

# ---- benchmarks (not part of make test) -------------------------------------

BENCH_ORDERS ?= 100000

# The start of every benchmark recipe on a seeded store: a temporary
# directory (removed however the recipe ends) with $$db, a store of
# BENCH_ORDERS demo orders (same seed, same day: the same log every time).
BENCH_SEEDED = set -e; bin=$(CURDIR)/$(BIN); \
	dir=$$(mktemp -d "$${TMPDIR:-/tmp}/backoffice-bench.XXXXXX"); \
	trap 'rm -rf "$$dir"' EXIT; db="sqlite:$$dir/bench.db"; \
	$$bin --db "$$db" --user bench init >/dev/null; \
	echo "seeding $(BENCH_ORDERS) demo orders into $$dir ..."; \
	$$bin --db "$$db" --user bench demo seed --orders $(BENCH_ORDERS) \
		--seed 42 --now 2026-11-26 >/dev/null


# Seeds BENCH_ORDERS demo orders (same seed, same day: the same log every
# time) into a temporary store, then times `projections rebuild` of the whole
# log: events, seconds (wall, and CPU when /usr/bin/time is there), events/s.
bench-rebuild-demo: $(BIN)
	@$(BENCH_SEEDED); \
	events=$$($$bin --db "$$db" --user bench projections status \
		--format csv | awk -F, 'NR == 2 { print $$5 }'); \
	cpu=; if [ -x /usr/bin/time ]; then \
		cpu="/usr/bin/time -o $$dir/cpu -f %U+%S"; fi; \
	echo "timing: backoffice projections rebuild ($$events events)"; \
	start=$$(date +%s.%N); \
	$$cpu $$bin --db "$$db" --user bench projections rebuild >/dev/null; \
	end=$$(date +%s.%N); \
	awk -v e="$$events" -v s="$$start" -v t="$$end" \
		-v c="$$(cat $$dir/cpu 2>/dev/null)" 'BEGIN { \
		d = t - s; split(c, u, "+"); \
		printf "rebuild: %d events in %.2f s = %.0f events/s", e, d, e / d; \
		if (c != "") printf " (CPU %.2f s = %.0f events/s)", \
			u[1] + u[2], e / (u[1] + u[2]); \
		printf "\n" }'

bench-rebuild-demo-1m:
	@$(MAKE) --no-print-directory bench-rebuild-demo BENCH_ORDERS=1000000

# Seeds BENCH_ORDERS (here 90,000 unless given) demo orders, then runs
# `projections rebuild` while 4 writer processes place and pay orders in a
# loop (tests/e2e/rebuild_load.sh): the rebuild's time and events/s, the
# writes done and failed while it ran and the longest (each writer
# command's wall time, process start included) and, from the writers'
# BACKOFFICE_TRACE_LOCKS lines, how long each waited for the write lock;
# then the same writers for as long again with no rebuild, for comparison
# (they also wait for one another).
bench-rebuild: BENCH_ORDERS = 90000
bench-rebuild: $(BIN)
	@$(BENCH_SEEDED); \
	$$bin --db "$$db" --user bench product add --sku BENCH-LOAD \
		--name "Bench load" --price 1.00 --stock 100000000 >/dev/null; \
	events=$$($$bin --db "$$db" --user bench projections status \
		--format csv | awk -F, 'NR == 2 { print $$5 }'); \
	mkdir "$$dir/load"; LOAD_BIN=$$bin; LOAD_DB=$$db; LOAD_USER=bench; \
	LOAD_SKU=BENCH-LOAD; LOAD_DIR=$$dir/load; \
	. $(CURDIR)/tests/e2e/rebuild_load.sh; \
	echo "timing: backoffice projections rebuild ($$events events) with 4 writers"; \
	export BACKOFFICE_TRACE_LOCKS="$$dir/locks"; \
	load_start 4; sleep 1; start=$$(load_now); \
	$$bin --db "$$db" --user bench projections rebuild >/dev/null; \
	end=$$(load_now); load_stop; \
	locks() { awk -v s="$$1" -v t="$$2" -v what="$$3" '$$2 == "order" { \
		sub("wait_ms=", "", $$5); sub("end_ms=", "", $$8); \
		if ($$8 > s && $$8 < t) print $$5 }' "$$dir/locks" | sort -n | \
		awk -v what="$$3" '{ w[++n] = $$1 } END { \
		p = int(n * 0.99); if (p < 1) p = 1; \
		printf "%s: longest wait for the write lock %.1f ms", what, w[n]; \
		printf " (median %.1f, 99th percentile %.1f, %d writes)\n", \
			w[int((n + 1) / 2)], w[p], n }'; }; \
	summary() { cat "$$dir"/load/w*.log | awk -v s="$$1" -v t="$$2" \
		'$$3 > s && $$3 - $$2 < t { print $$1, $$2 }' | sort -k2 -n | \
		awk -v what="$$3" '{ n++; if ($$1 != 0) f++; w[n] = $$2 } END { \
		p = int(n * 0.99); if (p < 1) p = 1; \
		printf "%s: %d done, %d failed, longest %d ms", what, n, f, w[n]; \
		printf " (median %d, 99th percentile %d)\n", \
			w[int((n + 1) / 2)], w[p] }'; }; \
	awk -v e="$$events" -v s="$$start" -v t="$$end" 'BEGIN { \
		d = (t - s) / 1000; \
		printf "rebuild: %d events in %.2f s = %.0f events/s\n", \
			e, d, e / d }'; \
	summary "$$start" "$$end" "writes while it ran"; \
	locks "$$start" "$$end" "writes while it ran"; \
	dur=$$(( (end - start + 999) / 1000 )); \
	load_start 4; start=$$(load_now); sleep $$dur; end=$$(load_now); \
	load_stop; \
	summary "$$start" "$$end" "the same writers, no rebuild"; \
	locks "$$start" "$$end" "the same writers, no rebuild"

# Seeds BENCH_ORDERS demo orders as `make bench-rebuild-demo` does, exports the log, then
# times `events import` of it into a fresh store under /usr/bin/time -v:
# events, seconds, events/s and the peak resident memory of the import.
bench-import: $(BIN)
	@$(BENCH_SEEDED); \
	$$bin --db "$$db" --user bench events export >"$$dir/log.jsonl"; \
	events=$$(wc -l <"$$dir/log.jsonl"); \
	bytes=$$(wc -c <"$$dir/log.jsonl"); \
	db2="sqlite:$$dir/restored.db"; \
	$$bin --db "$$db2" --user bench init >/dev/null; \
	echo "timing: backoffice events import ($$events events, $$bytes bytes)"; \
	if [ -x /usr/bin/time ]; then \
		/usr/bin/time -v -o "$$dir/time" $$bin --db "$$db2" --user bench \
			events import "$$dir/log.jsonl"; \
		awk -v e="$$events" -F': ' ' \
			/Elapsed \(wall clock\)/ { n = split($$2, t, ":"); \
				s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] } \
			/Maximum resident set size/ { rss = $$2 } \
			END { printf "import: %d events in %.2f s = %.0f events/s, " \
				"peak RSS %.1f MiB\n", e, s, e / s, rss / 1024 }' \
			"$$dir/time"; \
	else \
		start=$$(date +%s.%N); \
		$$bin --db "$$db2" --user bench events import "$$dir/log.jsonl"; \
		end=$$(date +%s.%N); \
		awk -v e="$$events" -v s="$$start" -v t="$$end" 'BEGIN { \
			printf "import: %d events in %.2f s = %.0f events/s " \
				"(no /usr/bin/time: peak RSS not measured)\n", \
				e, t - s, e / (t - s) }'; \
	fi; \
	$$bin --db "$$db2" --user bench events export | cmp -s - "$$dir/log.jsonl" && \
		echo "the restored store exports the same log, byte for byte"

# Places and pays BENCH_N orders per run on fresh stores, BENCH_ROUNDS rounds:
# plain SQLite writing the same rows (the durable limit), the services, and
# the event store's appends alone, alternating; events/s and the ratios to
# the baseline per round and their medians (see tests/bench/bench_durable.c).
# The program is built with the unit tests so it cannot rot; only this runs it.
BENCH_DURABLE := $(BUILD)/tests/bench/bench_durable
BENCH_N       ?= 2000
BENCH_ROUNDS  ?= 7

.PHONY: bench-durable
unit: $(BENCH_DURABLE)

bench-durable: $(BENCH_DURABLE)
	@$(BENCH_DURABLE) --orders $(BENCH_N) --rounds $(BENCH_ROUNDS)

# The normative workload (doc/bench/WORKLOAD.md): the generated events
# checked against data/bench/, then phases A (single-event appends), B (one
# transaction per order), C (read back and fold) on SQLite and PostgreSQL
# (beside a throwaway cluster) and D (PostgreSQL, 1/4/8 writers and a
# follower), each through the event store port and the services against
# the plainest durable program writing the same rows, in the same run
# (tests/bench/workload.c). The table goes to stdout, one JSON object per
# figure to $(BUILD)/bench/results.jsonl. Built with the unit tests so it
# cannot rot; only this runs it.
BENCH_WORKLOAD := $(BUILD)/tests/bench/workload
BENCH_WORKLOAD_PARTS := $(patsubst %.c,$(BUILD)/%.o,$(filter-out \
	tests/bench/workload.c,$(wildcard tests/bench/workload_*.c)))
BENCH_WORKLOAD_ORDERS ?= 20000
BENCH_WORKLOAD_REPS   ?= 3
.PHONY: bench
unit: $(BENCH_WORKLOAD)

$(BUILD)/tests/bench/workload_%.o: tests/bench/workload_%.c | check-test-pkgs
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BENCH_WORKLOAD): tests/bench/workload.c $(BENCH_WORKLOAD_PARTS) $(LIB) \
		$(TEST_SUPPORT_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BENCH_WORKLOAD_PARTS) \
		$(TEST_SUPPORT_OBJ) $(LIB) $(TEST_LIBS) $(LDLIBS_ALL)

bench: $(BENCH_WORKLOAD)
	@mkdir -p $(BUILD)/bench
	@$(PG_WRAP) $(BENCH_WORKLOAD) --orders $(BENCH_WORKLOAD_ORDERS) \
		--reps $(BENCH_WORKLOAD_REPS) --results $(BUILD)/bench/results.jsonl

# Append rate on PostgreSQL with 1, 4 and 8 writer processes, the services
# against plain durable INSERTs in the same run (tests/bench/bench_pg_append.c),
# beside a throwaway cluster. Built with the unit tests so it cannot rot.
BENCH_PG_APPEND := $(BUILD)/tests/bench/bench_pg_append
BENCH_PG_EVENTS ?= 400
BENCH_PG_ROUNDS ?= 3
.PHONY: bench-pg-append soak-pg
unit: $(BENCH_PG_APPEND)

bench-pg-append: $(BENCH_PG_APPEND)
	@$(PG_WRAP) $(BENCH_PG_APPEND) --writers 1,4,8 --events $(BENCH_PG_EVENTS) \
		--rounds $(BENCH_PG_ROUNDS)

# The no-skip test at full size: 8 writers x 100,000 appends with a follower
# (the negative control stays at the CI size: it only shows the checker fails).
soak-pg: $(BUILD)/tests/adapters/test_pg_noskip
	@NOSKIP_WRITERS=$${NOSKIP_WRITERS:-8} NOSKIP_APPENDS=$${NOSKIP_APPENDS:-100000} \
		NOSKIP_CONTROL_APPENDS=$${NOSKIP_CONTROL_APPENDS:-2000} \
		$(PG_WRAP) ./$(BUILD)/tests/adapters/test_pg_noskip

# fdatasync/fsync calls per command (strace): each command as a process of
# its own, and many commands through one long-lived connection.
.PHONY: bench-syncs
bench-syncs: $(BIN) $(BENCH_DURABLE)
	@sh tests/bench/syncs.sh $(CURDIR)/$(BIN) $(CURDIR)/$(BENCH_DURABLE)

# The first Dashboard open after a seed of BENCH_ORDERS (100,000) demo orders
# (tests/tui/bench_dashboard.c: the wall and CPU time of the first frame, and
# the commits the open made, which must be 0: a read writes nothing).
BENCH_DASHBOARD := $(BUILD)/tests/tui/bench_dashboard
unit: $(BENCH_DASHBOARD)

bench-dashboard: $(BIN) $(BENCH_DASHBOARD)
	@$(BENCH_SEEDED); \
	for i in 1 2 3; do echo "run $$i:"; \
		$(CURDIR)/$(BENCH_DASHBOARD) "$$dir/bench.db" bench | sed 's/^/  /'; \
	done

# tenant create (BENCH_CREATES in a row, per backend) against init of plain
# stores, and tenant move of a BENCH_ORDERS demo tenant SQLite -> PostgreSQL
# -> SQLite against export + import of its log, all in one run.
BENCH_CREATES ?= 20
bench-tenants: $(BIN)
	@$(PG_WRAP) sh tests/bench/tenants.sh $(CURDIR)/$(BIN) $(BENCH_ORDERS) \
		$(BENCH_CREATES)

# order find (by e-mail, SKU, tracking number, order number, a prefix) and
# customer show on a BENCH_SEARCH_ORDERS demo store, each against order show
# (a primary-key read) timed in the same run; SQLite, and PostgreSQL beside a
# throwaway cluster. BENCH_SEARCH_ROUNDS runs of each command.
BENCH_SEARCH_ORDERS ?= 1000000
BENCH_SEARCH_ROUNDS ?= 20
bench-search: $(BIN)
	@$(PG_WRAP) sh tests/bench/search.sh $(CURDIR)/$(BIN) \
		$(BENCH_SEARCH_ORDERS) $(BENCH_SEARCH_ROUNDS)

# Each TUI screen's first frame, the searches (e-mail, SKU, tracking, order
# number), the customer view and a product's history, off-screen at 120x40,
# on a BENCH_TUI_ORDERS demo store (PostgreSQL: BENCH_TUI_PG_ORDERS, beside a
# throwaway cluster), each against `:order N` timed in the same rounds
# (tests/bench/tui.sh, tests/tui/bench_tui.c). BENCH_TUI_ROUNDS rounds.
BENCH_TUI := $(BUILD)/tests/tui/bench_tui
BENCH_TUI_ORDERS ?= 1000000
BENCH_TUI_PG_ORDERS ?= 20000
BENCH_TUI_ROUNDS ?= 9
.PHONY: bench-tui
unit: $(BENCH_TUI)

# make bench-app: the whole application on BENCH_APP_ORDERS (100,000) demo
# orders: seed, rebuild, reports, lists, search, export/import, every TUI
# screen's first frame, peak RSS of each (tests/bench/app.sh); the 1,000,000
# figures: make bench-app BENCH_APP_ORDERS=1000000
BENCH_APP_ORDERS ?= 100000
BENCH_APP_ROUNDS ?= 5
.PHONY: bench-app
bench-app: $(BIN) $(BENCH_TUI)
	@sh tests/bench/app.sh $(CURDIR)/$(BIN) $(CURDIR)/$(BENCH_TUI) \
		$(BENCH_APP_ORDERS) $(BENCH_APP_ROUNDS) $(CURDIR)/$(BUILD)/bench/app.jsonl

bench-tui: $(BIN) $(BENCH_TUI)
	@$(PG_WRAP) sh tests/bench/tui.sh $(CURDIR)/$(BIN) $(CURDIR)/$(BENCH_TUI) \
		$(BENCH_TUI_ORDERS) $(BENCH_TUI_PG_ORDERS) $(BENCH_TUI_ROUNDS)

# ---- install ----------------------------------------------------------------

# make install [PREFIX=/usr/local] [DESTDIR=]: the binary, its man page, the
# bash and zsh completions, and for programs of the shop's own (the
# customer-facing side) the static library with the headers of the
# application services and the store opener (domain/app.h and what it
# includes, adapters/sys/backends.h, adapters/sqlite/sqlite_store.h,
# adapters/sys/sys_env.h; nothing of the TUI) under include/backoffice/, and
# backoffice.pc for pkg-config. Every file is written beside its place under
# a temporary name and renamed into it, so none is ever half-written.
BINDIR       ?= $(PREFIX)/bin
MANDIR       ?= $(PREFIX)/share/man
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR  ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR   ?= $(PREFIX)/share/zsh/site-functions
VERSION       = $(shell sed -n 's/^\#define BO_VERSION "\(.*\)"/\1/p' adapters/cli/cli.h)
# The public headers: these and every project header they include (the
# compiler's own list, so a new include is installed without a word here).
PUBLIC_HEADER_ROOTS := domain/app.h domain/app_projections.h \
	adapters/sys/backends.h adapters/sqlite/sqlite_store.h adapters/sys/sys_env.h
PUBLIC_HEADERS = $(sort $(shell $(CC) -I. -MM $(PUBLIC_HEADER_ROOTS) | \
	tr -s ' \\' '\n\n' | grep '\.h$$' | xargs realpath -m --relative-to=.))
# The library's dependencies: the stores' libraries, and ncursesw for the
# TUI's objects in the archive. In Requires, not Requires.private: there is
# no shared libbackoffice that would carry them, so a plain
# `pkg-config --cflags --libs backoffice` must name them (and --static is no
# way out on Debian, whose libpq.pc then asks for archives it does not ship).
# The archive's PostgreSQL adapter loads libpq with dlopen (pq_api.h):
# -ldl in Libs (a no-op with glibc 2.34 and newer, where libc has dlopen);
# libpq stays in Requires for its headers and for programs that call it.
PC_REQUIRES  := sqlite3 libpq libcjson ncursesw
# $(call put,MODE,FROM,TO): install FROM as TO, atomically (rename(2)).
put = install -m $(1) $(2) $(3).tmp-$$$$ && mv -f $(3).tmp-$$$$ $(3)

install: $(BIN) $(LIB)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(INCLUDEDIR)/backoffice
	$(call put,755,$(BIN),$(DESTDIR)$(BINDIR)/backoffice)
	$(call put,644,doc/backoffice.1,$(DESTDIR)$(MANDIR)/man1/backoffice.1)
	$(call put,644,completion/backoffice.bash,$(DESTDIR)$(BASHCOMPDIR)/backoffice)
	$(call put,644,completion/_backoffice,$(DESTDIR)$(ZSHCOMPDIR)/_backoffice)
	$(call put,644,$(LIB),$(DESTDIR)$(LIBDIR)/libbackoffice.a)
	@set -e; for h in $(PUBLIC_HEADERS); do \
		d=$(DESTDIR)$(INCLUDEDIR)/backoffice/$$(dirname $$h); \
		install -d $$d; \
		echo "install $$h"; \
		$(call put,644,$$h,$$d/$$(basename $$h)); \
	done
	@set -e; pc=$(DESTDIR)$(PKGCONFIGDIR)/backoffice.pc; \
	{ echo 'prefix=$(PREFIX)'; \
	  echo 'libdir=$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))'; \
	  echo 'includedir=$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))'; \
	  echo; \
	  echo 'Name: backoffice'; \
	  echo "Description: the shop back office's application services and stores (static library)"; \
	  echo 'Version: $(VERSION)'; \
	  echo 'Requires: $(PC_REQUIRES)'; \
	  echo 'Cflags: -I$${includedir}/backoffice'; \
	  echo 'Libs: -L$${libdir} -lbackoffice -ldl'; \
	} >$$pc.tmp-$$$$ && chmod 644 $$pc.tmp-$$$$ && mv -f $$pc.tmp-$$$$ $$pc; \
	echo "generated $$pc"

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/backoffice $(DESTDIR)$(MANDIR)/man1/backoffice.1 \
		$(DESTDIR)$(BASHCOMPDIR)/backoffice $(DESTDIR)$(ZSHCOMPDIR)/_backoffice \
		$(DESTDIR)$(LIBDIR)/libbackoffice.a $(DESTDIR)$(PKGCONFIGDIR)/backoffice.pc
	rm -rf $(DESTDIR)$(INCLUDEDIR)/backoffice

clean:
	rm -rf build build-asan build-vg build-fuzz $(BIN)

format:
	clang-format -i $$(git ls-files 'domain/*.[ch]' 'adapters/*.[ch]' 'tui/*.[ch]')

format-check:
	clang-format --dry-run --Werror $$(git ls-files 'domain/*.[ch]' 'adapters/*.[ch]' 'tui/*.[ch]')

# Keep intermediate objects (test support) so a second make does not rebuild them.
.SECONDARY:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
