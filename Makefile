# SPDX-License-Identifier: Apache-2.0
# voxport: one non-recursive Makefile.
#
#   make            build build/voxport
#   make check      install the test tool chain, build, run every test
#   make demo       export, validate and inspect the demo provider's 1001
#   make lint       formatting and banned-function checks
#   make fuzz       longer fuzz runs of every reader (clang, libFuzzer;
#                   FUZZ_SECONDS each, FUZZ_JOBS at once)
#   make bench      benchmarks against peers; rewrites part of bench/RESULTS.md
#   make SAN=1 ...  the same with AddressSanitizer and UBSan
#
# Sources are found by folder, so a new adapter or test needs no line here
# unless it is a new kind of thing.

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR    = $(PREFIX)/bin
DATADIR   = $(PREFIX)/share/voxport
MANDIR    = $(PREFIX)/share/man
COMPDIR   = $(PREFIX)/share/bash-completion/completions
DOCDIR    = $(PREFIX)/share/doc/voxport
CC       ?= cc
CXX      ?= c++
PKG_CONFIG ?= pkg-config

PKGS      = libxml-2.0 libzip jansson libpcre2-8 libcrypto libarchive zlib xlsxwriter libpq

ifeq ($(SAN),1)
BUILD     = build/san
SANFLAGS  = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
OPT       = -O1
else
BUILD     = build
SANFLAGS  =
OPT       = -O2
endif

CPPFLAGS += -I. -Iinclude -Isrc -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	    -DVOX_VERSION='"$(VERSION)"'
CFLAGS   ?= $(OPT) -g
CFLAGS   += -std=c11 -Wall -Wextra -Werror $(SANFLAGS) \
	    $(shell $(PKG_CONFIG) --cflags $(PKGS))
CXXFLAGS ?= $(OPT) -g
CXXFLAGS += -std=c++17 -Wall -Wextra -Werror $(SANFLAGS)
# src/phone_lib.cc, the one C++ file, on libphonenumber (no .pc file in
# Debian): C links it with the C++ runtime.
LDLIBS   += $(shell $(PKG_CONFIG) --libs $(PKGS)) -lcsv -lphonenumber \
	    -lstdc++ -lm
LDFLAGS  += $(SANFLAGS)

# src/ is the core; src/schema/ the JSON Schema validator, a library of its
# own (scripts/lint.sh keeps both from depending on what they must not).
CORE_SRC   = $(wildcard src/*.c)
CXX_SRC    = $(wildcard src/*.cc)
SCHEMA_SRC = $(wildcard src/schema/*.c)
EXPORT_SRC = $(wildcard export/*.c)
IMPORT_SRC = $(wildcard import/*.c)
CLI_SRC    = $(wildcard src/cli/*.c)
LIB_SRC    = $(CORE_SRC) $(SCHEMA_SRC) $(EXPORT_SRC) $(IMPORT_SRC)
SCHEMAS    = $(sort $(wildcard schemas/v1/*.schema.json))
GEN_SRC    = $(BUILD)/gen/schemas_embedded.c
LIB_OBJ    = $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(CXX_SRC:%.cc=$(BUILD)/obj/%.o) \
	     $(BUILD)/obj/gen/schemas_embedded.o
CLI_OBJ    = $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
LIB        = $(BUILD)/libvoxport.a
BIN        = $(BUILD)/voxport

UNIT_SRC   = $(wildcard tests/unit/test_*.c)
UNIT_BIN   = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRC   = $(wildcard tests/tools/*.c)
TOOL_BIN   = $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tests/%)
FUZZ_SRC   = $(wildcard tests/fuzz/fuzz_*.c)
HEADERS    = $(wildcard include/voxport/*.h src/*.h src/schema/*.h src/cli/*.h export/*.h \
	     import/*.h tests/*.h)

.PHONY: all check check-valgrind demo lint fuzz fuzz-build bench install uninstall \
	clean deps deps-test tests

all: $(BIN)

# -MMD: each object depends on exactly the headers it includes.
$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -MMD -MP -c -o $@ $<

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# The schemas are built into the binary (src/embedded.h).
$(GEN_SRC): $(SCHEMAS) scripts/embed.sh
	@mkdir -p $(dir $@)
	sh scripts/embed.sh $@ $(SCHEMAS)

$(BUILD)/obj/gen/schemas_embedded.o: $(GEN_SRC) src/embedded.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ -c $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(BUILD)/tests/test_%: tests/unit/test_%.c tests/unit/unit.h $(LIB) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) \
		$(LDLIBS) $(shell $(PKG_CONFIG) --libs cmocka)

$(BUILD)/tests/%: tests/tools/%.c $(LIB) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

tests: $(BIN) $(UNIT_BIN) $(TOOL_BIN)

# deps: what the build and `make demo` need; deps-test: the test tool chain
# too (scripts/deps.sh keeps the two lists).
deps:
	@sh scripts/deps.sh

deps-test:
	@sh scripts/deps.sh --test

# The fuzz pass of `make check` is short; `make fuzz FUZZ_SECONDS=600` is long.
FUZZ_SECONDS ?= 10
FUZZ_BUILD    = build/fuzz
FUZZ_BIN      = $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_BUILD)/%)
FUZZ_FLAGS    = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
# The library is compiled once for every harness (fuzzer-no-link: coverage
# instrumentation without libFuzzer's main), each harness only linked.
FUZZ_CFLAGS   = -std=c11 -Wall -Wextra -Werror -g -O1 \
		-fsanitize=fuzzer-no-link,address,undefined \
		-fno-sanitize-recover=all $(shell $(PKG_CONFIG) --cflags $(PKGS))
# Harnesses are linked by clang as C: without UBSan's C++ runtime, so no
# vptr checks in the C++ file.
FUZZ_CXXFLAGS = -std=c++17 -Wall -Wextra -Werror -g -O1 \
		-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=vptr \
		-fno-sanitize-recover=all
FUZZ_OBJ      = $(LIB_SRC:%.c=$(FUZZ_BUILD)/obj/%.o) \
		$(CXX_SRC:%.cc=$(FUZZ_BUILD)/obj/%.o) $(FUZZ_BUILD)/obj/gen.o

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	clang++ $(CPPFLAGS) $(FUZZ_CXXFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/obj/gen.o: $(FUZZ_BUILD)/gen.c src/embedded.h
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<

-include $(FUZZ_OBJ:.o=.d)
# Objects made on the way to a harness are kept, not removed as intermediate.
.SECONDARY: $(FUZZ_OBJ)

$(FUZZ_BUILD)/%: tests/fuzz/%.c $(FUZZ_OBJ) $(HEADERS)
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) -std=c11 -Wall -Wextra -Werror $(FUZZ_FLAGS) \
		$(shell $(PKG_CONFIG) --cflags $(PKGS)) -o $@ $< $(FUZZ_OBJ) \
		$(LDLIBS)

$(FUZZ_BUILD)/gen.c: $(SCHEMAS) scripts/embed.sh
	@mkdir -p $(dir $@)
	sh scripts/embed.sh $@ $(SCHEMAS)

fuzz-build: $(FUZZ_BIN)

# FUZZ_JOBS harnesses at once; the archive harness is seeded with an export
# made by build/voxport.
FUZZ_JOBS ?= 1
fuzz: deps-test fuzz-build $(BIN)
	VOXPORT_BUILD=$(BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) \
		sh tests/fuzz/run.sh $(FUZZ_BUILD)

# Builds use every core (JOBS=1 for a serial build).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

check: deps-test
	$(MAKE) -j$(JOBS) SAN=1 tests
	$(MAKE) -j$(JOBS) fuzz-build
	BUILD=build/san FUZZ_BUILD=$(FUZZ_BUILD) sh tests/run.sh

# The whole run once more under valgrind, on the optimised build (slow).
check-valgrind: deps
	$(MAKE) -j$(JOBS) tests
	sh tests/valgrind.sh build

demo: deps all
	sh examples/demo-provider/demo.sh $(BIN)

lint:
	sh scripts/lint.sh

bench: all
	sh bench/run.sh $(BIN)

# The demo provider goes to share/voxport/demo-provider, so that an
# installed voxport can show itself (the scripts that made it stay out).
DEMO_FILES = $(shell cd examples/demo-provider && find . -type f \
	       ! -name '*.py' ! -name '*.sh' | sort)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/schemas/v1/cli \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(COMPDIR) $(DESTDIR)$(DOCDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/voxport
	install -m 644 schemas/v1/*.json $(DESTDIR)$(DATADIR)/schemas/v1/
	install -m 644 schemas/v1/cli/*.json $(DESTDIR)$(DATADIR)/schemas/v1/cli/
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 scripts/voxport-completion.bash $(DESTDIR)$(COMPDIR)/voxport
	install -m 644 LICENSE NEWS.md README.md $(DESTDIR)$(DOCDIR)/
	cd examples/demo-provider && for f in $(DEMO_FILES); do \
		install -D -m 644 "$$f" \
			"$(DESTDIR)$(DATADIR)/demo-provider/$$f" || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/voxport $(DESTDIR)$(COMPDIR)/voxport
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)
	rm -f $(DESTDIR)$(MANDIR)/man1/voxport*.1 $(DESTDIR)$(MANDIR)/man5/voxport*.5

clean:
	rm -rf build demo-out
