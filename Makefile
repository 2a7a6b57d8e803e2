# dbcsign — plain Makefile. Knobs: CC, BUILD, SAN=1 (ASan+UBSan), PREFIX, DESTDIR, DBCSIGN_SHARED.
CC      ?= cc
PREFIX  ?= /usr/local
BUILD   ?= build
DBCSIGN_SHARED ?= ../shared
export DBCSIGN_SHARED

PKGS      := libsodium libsecp256k1 libcjson libxxhash
# libcurl and hidapi-hidraw: headers only. They are dlopen()ed on first use (cli/net/http.c,
# hw/io_hidapi.c), so commands that need neither network nor Ledger start fast.
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) hidapi-hidraw libcurl 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -ldl

WARN    := -Wall -Wextra -Werror -Wshadow -Wwrite-strings -Wmissing-prototypes \
           -Wformat=2 -Wvla -Wnull-dereference -Wcast-qual
HARDEN  := -fstack-protector-strong -fPIE -D_FORTIFY_SOURCE=2
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(HARDEN) $(CFLAGS) $(PKG_CFLAGS) -I. -MMD -MP
LDFLAGS_H := -pie -Wl,-z,relro,-z,now,-z,noexecstack
ifeq ($(FUZZ),1)
  CC      := clang
  BUILD   := build-fuzz
  HARDEN  := -fPIE
  OPT     := -O1
  CFLAGS  := $(OPT) -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
  LDFLAGS_H += -fsanitize=address,undefined
endif
ifeq ($(SAN),1)
  CC      := clang
  BUILD   := build-san
  HARDEN  := -fstack-protector-strong -fPIE
  OPT     := -O1
  CFLAGS  := $(OPT) -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
  LDFLAGS_H += -fsanitize=address,undefined
endif

SIGN_SRC   := $(wildcard sign/*.c)
WALLET_SRC := $(wildcard wallet/*.c)
HW_SRC     := $(wildcard hw/*.c)
CLI_SRC    := $(filter-out cli/main.c,$(wildcard cli/*.c cli/net/*.c))
obj = $(patsubst %.c,$(BUILD)/%.o,$(1))

LIBSIGN   := $(BUILD)/libsign.a
LIBWALLET := $(BUILD)/libwallet.a
LIBHW     := $(BUILD)/libhw.a
LIBCLI    := $(BUILD)/libcli.a
LIBS      := $(LIBCLI) $(LIBWALLET) $(LIBHW) $(LIBSIGN)

FUZZ_SRC  := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_REGRESS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz-regress/%,$(FUZZ_SRC))
FUZZ_BIN  := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))
FUZZ_SECONDS ?= 60
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
TEST_SUPPORT := $(filter-out $(UNIT_SRC),$(wildcard tests/unit/*.c))

BIN := dbcsign
ifeq ($(SAN),1)
  BIN := $(BUILD)/dbcsign
endif

.PHONY: ledger-emu fuzz-run all test unit cli-test interop e2e sanitize install uninstall clean deps demo bench fuzz valgrind ctime
all: $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBSIGN): $(call obj,$(SIGN_SRC))
$(LIBWALLET): $(call obj,$(WALLET_SRC))
$(LIBHW): $(call obj,$(HW_SRC))
$(LIBCLI): $(call obj,$(CLI_SRC))
$(BUILD)/lib%.a:
	@mkdir -p $(dir $@)
	rm -f $@; ar rcs $@ $^

$(BIN): $(BUILD)/cli/main.o $(LIBS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_H) -o $@ $(filter %.c %.o %.a,$^) $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(call obj,$(TEST_SUPPORT)) $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_H) -o $@ $(filter %.c %.o %.a,$^) $(PKG_LIBS)

$(BUILD)/fuzz-regress/%: tests/fuzz/%.c tests/fuzz/standalone.c $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_H) -o $@ $(filter %.c %.o %.a,$^) $(PKG_LIBS)

$(BUILD)/fuzz/%: tests/fuzz/%.c $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_H) -fsanitize=fuzzer -o $@ $(filter %.c %.o %.a,$^) $(PKG_LIBS)

# The software Ledger (Speculos APDU-over-TCP) for demos: build/ledger-emu --help
$(BUILD)/ledger-emu: tests/emulator/speculos_server.c $(LIBHW) $(LIBSIGN)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_H) -o $@ $(filter %.c %.o %.a,$^) $(PKG_LIBS)

ledger-emu: $(BUILD)/ledger-emu

# libFuzzer: every target for FUZZ_SECONDS on a copy of its committed corpus; any crash fails.
fuzz:
	$(MAKE) FUZZ=1 fuzz-run

fuzz-run: $(FUZZ_BIN)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) BUILD=$(BUILD) sh tests/fuzz/run.sh

# The README's test command: every suite, one closing "N passed, N failed" line.
test: $(BIN) $(UNIT_BIN) $(FUZZ_REGRESS) $(BUILD)/ledger-emu
	@BUILD=$(BUILD) DBCSIGN=$(abspath $(BIN)) sh tests/run.sh all

unit: $(UNIT_BIN)
	@BUILD=$(BUILD) DBCSIGN=$(abspath $(BIN)) sh tests/run.sh unit

cli-test: $(BIN) $(BUILD)/ledger-emu
	@BUILD=$(BUILD) DBCSIGN=$(abspath $(BIN)) sh tests/run.sh cli

interop: $(BIN)
	@BUILD=$(BUILD) DBCSIGN=$(abspath $(BIN)) sh tests/run.sh interop

e2e: $(BIN)
	@BUILD=$(BUILD) DBCSIGN=$(abspath $(BIN)) sh tests/run.sh e2e

sanitize:
	$(MAKE) SAN=1 unit cli-test

# Unit tests and CLI tests (every dbcsign run through tests/valgrind/dbcsign-vg) under valgrind
# memcheck: any memory error or definite leak fails. VG_JOBS=2 parallel items.
valgrind: $(BIN) $(UNIT_BIN) $(BUILD)/ledger-emu
	@BUILD=$(BUILD) DBCSIGN=$(abspath $(BIN)) sh tests/valgrind/run.sh

# Constant-time check (tests/ctime): sign/ rebuilt in build-ctime with -DDBC_CTIME (its
# declassification points, sign/declassify.h), run under valgrind memcheck; self-test builds
# with a planted leak must fail. Needs valgrind (and its headers).
ctime:
	@$(MAKE) --no-print-directory BUILD=build-ctime CFLAGS='$(OPT) -g -DDBC_CTIME' \
		build-ctime/ctime/ctime build-ctime/ctime/ctime-selftest1 build-ctime/ctime/ctime-selftest2
	@BUILD=build-ctime sh tests/ctime/run.sh

$(BUILD)/ctime/ctime: tests/ctime/ctime.c $(LIBSIGN)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_H) -o $@ $^ $(PKG_LIBS)

$(BUILD)/ctime/ctime-selftest1 $(BUILD)/ctime/ctime-selftest2: $(BUILD)/ctime/ctime-selftest%: tests/ctime/ctime.c $(LIBSIGN)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DCTIME_SELFTEST=$* $(LDFLAGS_H) -o $@ $^ $(PKG_LIBS)

$(BUILD)/bench: bench/bench.c $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_H) -o $@ $(filter %.c %.o %.a,$^) $(PKG_LIBS)

bench: $(BIN) $(BUILD)/bench
	@BUILD=$(BUILD) DBCSIGN=$(abspath $(BIN)) sh bench/run.sh

deps:
	@sh tools/deps.sh

demo: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) inspect --suri //Alice
	./$(BIN) triple --suri //Alice

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/dbcsign
	ln -sf dbcsign $(DESTDIR)$(PREFIX)/bin/sign_tool
	if [ -f docs/dbcsign.1 ]; then install -m 0644 docs/dbcsign.1 $(DESTDIR)$(PREFIX)/share/man/man1/dbcsign.1; fi
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 0644 completions/dbcsign.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/dbcsign

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/dbcsign $(DESTDIR)$(PREFIX)/bin/sign_tool $(DESTDIR)$(PREFIX)/share/man/man1/dbcsign.1
	rm -f $(DESTDIR)$(PREFIX)/share/bash-completion/completions/dbcsign

clean:
	rm -rf build build-san build-fuzz build-ctime dbcsign

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
