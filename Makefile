# xyl - a Xen toolstack on libxl.  `make` builds build/xyl; `make check`
# runs every test tier (see README.md).  Binaries go to build/.

CC      ?= cc
# gnu11: C11 plus the GNU extensions Xen's public headers insist on
# (they #error under strict ANSI).
CSTD    := -std=gnu11
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS  ?= -O2 -g
PKGS    := xenlight xlutil xenstore xentoollog xenstat yaml-0.1 yajl libpng
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# the release in debian/changelog, plus git's description of the tree
VERSION := $(shell v=$$(sed -n '1s/.*(\(.*\)).*/\1/p' debian/changelog 2>/dev/null); \
              g=$$(git describe --always --dirty 2>/dev/null); echo "$${v:-0.2}$${g:+ ($$g)}")

B := build
# install locations; the daemons' and the schema's are compiled into xyl
PREFIX     ?= /usr/local
SBINDIR    ?= $(PREFIX)/sbin
LIBEXECDIR ?= $(PREFIX)/libexec/xyl
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
SYSCONFDIR ?= /etc
SYSTEMDDIR ?= /etc/systemd/system
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions

ALL_CFLAGS = $(CSTD) $(WARN) $(CFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -DXYL_VERSION='"$(VERSION)"' \
             -DXYL_LIBEXECDIR='"$(LIBEXECDIR)"' -DXYL_DATADIR='"$(DATADIR)/xyl"' $(INCLUDES)
# toolstack headers are named from toolstack/ ("model/guest.h"), those of
# hvm/ and pv-drivers/ from the repository's root ("hvm/hvm_map.h")
INCLUDES := -Itoolstack -I.
# every object also depends on the headers it included last time (-MMD -MP
# writes them to its .d file, included at the end)
DEPFLAGS = -MMD -MP

# (PKG_* are expanded when used, so `make check` can install the packages first)

# the toolstack library: everything but main.c (tests, fuzz and bench link it)
include toolstack/toolstack.mk
include pv-drivers/pv-drivers.mk
CORE_OBJS := $(CORE_SRCS:%.c=$(B)/obj/%.o)

.PHONY: all docs deps build-deps check unit golden asan fuzz fuzz-check bench valgrind lab demo install uninstall print-install-files deb clean schema-update
all: build-deps $(B)/xyl $(B)/xyl-exporter docs

# Without the libraries the build would end in a wall of undefined
# references: say once which packages are missing instead.
build-deps:
	@tests/tools/need-deps --build --check

# the man pages and bash completion come from the command and key tables
docs: $(B)/xyl.1 $(B)/xyl.yaml.5 $(B)/xyl.bash-completion
$(B)/xyl.1: $(B)/xyl
	$(Q)$(B)/xyl help --man > $@
$(B)/xyl.yaml.5: $(B)/xyl
	$(Q)$(B)/xyl schema --man > $@
$(B)/xyl.bash-completion: $(B)/xyl
	$(Q)$(B)/xyl help --bash-completion > $@

deps:
	@tests/tools/need-deps

# quiet by default; `make V=1` shows the commands
Q := $(if $(V),,@)

# Objects are rebuilt when the flags or install paths change (a stamp that
# is rewritten only then), so `make install PREFIX=/usr` after a plain
# `make` does not install an xyl that looks for its daemons elsewhere.
FLAGS_STAMP := $(B)/.flags
FLAGS_NOW = $(CC) $(CSTD) $(WARN) $(CFLAGS) $(CPPFLAGS) $(INCLUDES) $(DEPFLAGS) $(LIBEXECDIR) $(DATADIR)
$(FLAGS_STAMP): FORCE
	@mkdir -p $(B)
	@echo '$(FLAGS_NOW)' | cmp -s - $@ || echo '$(FLAGS_NOW)' > $@
FORCE:

$(B)/obj/%.o: %.c $(FLAGS_STAMP) | build-deps
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC    $<")
	$(Q)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(B)/libxyl.a: $(CORE_OBJS)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(B)/xyl: $(B)/obj/toolstack/main.o $(B)/libxyl.a
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# xyl-exporter (issue 17): the Prometheus endpoint, on libmicrohttpd
MHD_LIBS = $(shell pkg-config --libs libmicrohttpd 2>/dev/null)
$(B)/xyl-exporter: $(B)/obj/toolstack/exporter/xyl_exporter.o $(B)/libxyl.a
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(MHD_LIBS)

include tests/tests.mk

# the units (boot-time apply, the exporter), with the path xyl is installed at
$(B)/%.service: toolstack/systemd/%.service.in
	@mkdir -p $(B)
	$(Q)sed 's|@SBINDIR@|$(SBINDIR)|g' $< > $@
# the backends' units (started by xyl where systemd runs), with the daemons' path
PV_UNITS_IN := pv-drivers/systemd/xyl-blkback.service.in pv-drivers/systemd/xyl-netback.service.in
PV_UNITS := $(PV_UNITS_IN:pv-drivers/systemd/%.in=$(B)/%)
$(B)/xyl-%back.service: pv-drivers/systemd/xyl-%back.service.in $(FLAGS_STAMP)
	@mkdir -p $(B)
	$(Q)sed 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' $< > $@

# Everything an installed host needs (`make install DESTDIR=... PREFIX=...`;
# the Debian package uses the same rule).  The daemons go to LIBEXECDIR,
# which is compiled into xyl: build with the PREFIX you install with.
# An existing /etc/xyl/xyl.yaml is the administrator's and is kept.
INSTALL_FILES = $(SBINDIR)/xyl $(SBINDIR)/xyl-exporter $(LIBEXECDIR)/xyl-blkback $(LIBEXECDIR)/xyl-netback \
    $(LIBEXECDIR)/xyl-vif-bridge $(LIBEXECDIR)/xyl-block \
    $(MANDIR)/man1/xyl.1 $(MANDIR)/man5/xyl.yaml.5 $(MANDIR)/man8/xyl-exporter.8 $(BASHCOMPDIR)/xyl \
    $(DATADIR)/xyl/guest.schema.json $(SYSTEMDDIR)/xyl-apply.service $(SYSTEMDDIR)/xyl-exporter.service \
    $(SYSTEMDDIR)/xyl-blkback.service $(SYSTEMDDIR)/xyl-netback.service $(SYSCONFDIR)/xyl/xyl.yaml
install: all $(B)/xyl-apply.service $(B)/xyl-exporter.service $(PV_UNITS)
	install -D -m 0755 $(B)/xyl $(DESTDIR)$(SBINDIR)/xyl
	install -D -m 0755 $(B)/xyl-exporter $(DESTDIR)$(SBINDIR)/xyl-exporter
	install -D -m 0644 toolstack/exporter/xyl-exporter.8 $(DESTDIR)$(MANDIR)/man8/xyl-exporter.8
	install -D -m 0644 $(B)/xyl-exporter.service $(DESTDIR)$(SYSTEMDDIR)/xyl-exporter.service
	install -D -m 0755 $(B)/xyl-blkback $(DESTDIR)$(LIBEXECDIR)/xyl-blkback
	install -D -m 0755 $(B)/xyl-netback $(DESTDIR)$(LIBEXECDIR)/xyl-netback
	install -D -m 0755 $(B)/xyl-vif-bridge $(DESTDIR)$(LIBEXECDIR)/xyl-vif-bridge
	install -D -m 0755 $(B)/xyl-block $(DESTDIR)$(LIBEXECDIR)/xyl-block
	install -D -m 0644 $(B)/xyl.1 $(DESTDIR)$(MANDIR)/man1/xyl.1
	install -D -m 0644 $(B)/xyl.yaml.5 $(DESTDIR)$(MANDIR)/man5/xyl.yaml.5
	install -D -m 0644 $(B)/xyl.bash-completion $(DESTDIR)$(BASHCOMPDIR)/xyl
	install -D -m 0644 configs/guest.schema.json $(DESTDIR)$(DATADIR)/xyl/guest.schema.json
	install -D -m 0644 $(B)/xyl-apply.service $(DESTDIR)$(SYSTEMDDIR)/xyl-apply.service
	install -D -m 0644 $(B)/xyl-blkback.service $(DESTDIR)$(SYSTEMDDIR)/xyl-blkback.service
	install -D -m 0644 $(B)/xyl-netback.service $(DESTDIR)$(SYSTEMDDIR)/xyl-netback.service
	install -d -m 0755 $(DESTDIR)$(SYSCONFDIR)/xyl/guests
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/xyl/xyl.yaml ]; then \
	    echo "  kept $(DESTDIR)$(SYSCONFDIR)/xyl/xyl.yaml (yours)"; \
	else install -m 0644 toolstack/host/etc/xyl.yaml $(DESTDIR)$(SYSCONFDIR)/xyl/xyl.yaml; fi

print-install-files:
	@echo $(INSTALL_FILES)

# removes what install put there, except /etc/xyl (the administrator's)
uninstall:
	rm -f $(addprefix $(DESTDIR),$(filter-out $(SYSCONFDIR)/%,$(INSTALL_FILES)))
	-rmdir $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(DATADIR)/xyl 2>/dev/null

# xyl_<version>_amd64.deb in build/deb/, with Debian's own tools (debian/)
deb:
	@tests/tools/make-deb $(B)/deb

# regenerate the committed schema files from the key table
schema-update: $(B)/xyl
	$(B)/xyl schema > configs/guest.schema.json
	tests/tools/update-readme-reference $(B)/xyl configs/README.md

clean:
	rm -rf $(B)

# the header dependencies of every object and test program built so far
# (none on a first build, when everything is compiled anyway)
DEP_FILES := $(wildcard $(addsuffix *.d,$(B)/obj/*/ $(B)/obj/*/*/ $(B)/obj/*/*/*/ \
    $(B)/fuzz/obj/*/ $(B)/fuzz/obj/*/*/ $(B)/fuzz/obj/*/*/*/ $(B)/tests/*/))
include $(DEP_FILES)
