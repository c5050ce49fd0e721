# xyl - a Xen toolstack on libxl.  `make` builds build/xyl; `make check`
# runs every test tier (see README.md).  Binaries go to build/.

CC      ?= cc
# gnu11: C11 plus the GNU extensions Xen's public headers insist on
# (they #error under strict ANSI).
CSTD    := -std=gnu11
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS  ?= -O2 -g
PKGS    := xenlight xlutil xenstore xentoollog yaml-0.1 yajl
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo 0.1)
ALL_CFLAGS = $(CSTD) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -DXYL_VERSION='"$(VERSION)"' -Itoolstack

B := build
PREFIX ?= /usr/local

# (PKG_* are expanded when used, so `make check` can install the packages first)

# the toolstack library: everything but main.c (tests, fuzz and bench link it)
CORE_SRCS := $(filter-out toolstack/main.c,$(wildcard toolstack/*.c toolstack/cmd/*.c))
-include pv-drivers/pv-drivers.mk
CORE_OBJS := $(CORE_SRCS:%.c=$(B)/obj/%.o)

.PHONY: all docs deps check unit golden asan fuzz fuzz-check bench valgrind lab demo install clean schema-update
all: $(B)/xyl docs

# the man page and bash completion come from the command table
docs: $(B)/xyl.1 $(B)/xyl.bash-completion
$(B)/xyl.1: $(B)/xyl
	$(Q)$(B)/xyl help --man > $@
$(B)/xyl.bash-completion: $(B)/xyl
	$(Q)$(B)/xyl help --bash-completion > $@

deps:
	@tests/tools/need-deps

# quiet by default; `make V=1` shows the commands
Q := $(if $(V),,@)

$(B)/obj/%.o: %.c $(wildcard toolstack/*.h)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC    $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/libxyl.a: $(CORE_OBJS)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(B)/xyl: $(B)/obj/toolstack/main.o $(B)/libxyl.a
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

include tests/tests.mk

SYSTEMDDIR ?= /etc/systemd/system

# the boot-time unit, with the path xyl is installed at
$(B)/xyl-apply.service: toolstack/systemd/xyl-apply.service.in
	@mkdir -p $(B)
	$(Q)sed 's|@SBINDIR@|$(PREFIX)/sbin|g' $< > $@

install: $(B)/xyl docs $(B)/xyl-apply.service
	install -D -m 0755 $(B)/xyl $(DESTDIR)$(PREFIX)/sbin/xyl
	install -D -m 0644 $(B)/xyl-apply.service $(DESTDIR)$(SYSTEMDDIR)/xyl-apply.service
	install -D -m 0644 $(B)/xyl.1 $(DESTDIR)$(PREFIX)/share/man/man1/xyl.1
	install -D -m 0644 $(B)/xyl.bash-completion $(DESTDIR)$(PREFIX)/share/bash-completion/completions/xyl

# regenerate the committed schema files from the key table
schema-update: $(B)/xyl
	$(B)/xyl schema > configs/guest.schema.json
	tests/tools/update-readme-reference $(B)/xyl configs/README.md

clean:
	rm -rf $(B)
