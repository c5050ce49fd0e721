# pv-drivers.mk - userspace split drivers (issues 6, 7): the xenbus library,
# the blkif and netif ring code, the xyl-blkback and xyl-netback daemons,
# with their tests.
# Included by the top-level Makefile right after CORE_SRCS is set: the
# xenbus library goes into libxyl.a (the toolstack writes device entries
# with it), so it must be in CORE_SRCS before CORE_OBJS is computed.
#
#   make blkback-test         cmocka tests (xenbus, ring, request path)
#   make blkback-asan         the same under ASan+UBSan (build/asan)
#   make blkback-fuzz-check   libFuzzer on the ring dispatcher, 30 s
#   make blkback-fuzz         the same for BLK_FUZZ_SECONDS (600)
#   make netback-test         cmocka tests of xyl-netback's data path
#   make netback-asan         the same under ASan+UBSan
#   make netback-fuzz-check   libFuzzer on the tx/rx data path, 30 s
#   make netback-fuzz         the same for BLK_FUZZ_SECONDS (600)

# The first rule here comes before the Makefile's own `all:`, so it must be
# `all` itself (it stays the default goal); it adds the daemon to the build.
all: $(B)/xyl-blkback $(B)/xyl-blkbench $(B)/xyl-netback

PV_XB_SRCS  := $(wildcard pv-drivers/xenbus/*.c)
CORE_SRCS   += $(PV_XB_SRCS)
PV_XB_OBJS   = $(PV_XB_SRCS:%.c=$(B)/obj/%.o)
# the request path: ring, validation, I/O (no Xen library needed)
PV_BLK_SRCS := pv-drivers/ring/blk_ring.c pv-drivers/blkback/blk_req.c pv-drivers/blkback/blk_io.c
PV_BLK_OBJS  = $(PV_BLK_SRCS:%.c=$(B)/obj/%.o)
# the daemon around it: xenstore, grant copy, event channels
# what every daemon shares: log, pid lock and --daemon, grant copy
PV_COMMON_SRCS := $(addprefix pv-drivers/common/,pv_log.c pv_daemon.c pv_gnt.c pv_dev.c)
PV_COMMON_OBJS  = $(PV_COMMON_SRCS:%.c=$(B)/obj/%.o)
PV_BLKD_SRCS := $(addprefix pv-drivers/blkback/,main.c vbd.c blk_image.c blk_gnt.c)
PV_BLKD_OBJS  = $(PV_BLKD_SRCS:%.c=$(B)/obj/%.o)
PV_BLKD_LIBS  = $(shell pkg-config --libs xenstore xengnttab xenevtchn xencontrol 2>/dev/null)
PV_HDRS     := $(wildcard pv-drivers/*/*.h)

# xyl-netback (issue 7): the data path (rings, checks, checksums; no Xen
# library) and the daemon around it (xenstore, TAPs, grant copy, events)
PV_NET_SRCS := $(addprefix pv-drivers/netback/,net_tx.c net_rx.c net_csum.c)
PV_NET_OBJS  = $(PV_NET_SRCS:%.c=$(B)/obj/%.o)
PV_NETD_SRCS := $(addprefix pv-drivers/netback/,main.c vif.c net_tap.c)
PV_NETD_OBJS  = $(PV_NETD_SRCS:%.c=$(B)/obj/%.o)

PV_TEST_SRCS := $(wildcard pv-drivers/tests/*.c)
# everything compiled from pv-drivers/ also depends on its own headers
$(PV_XB_SRCS:%.c=$(B)/obj/%.o) $(PV_BLK_OBJS) $(PV_BLKD_OBJS) $(PV_COMMON_OBJS) \
    $(PV_NET_OBJS) $(PV_NETD_OBJS) \
    $(PV_TEST_SRCS:%.c=$(B)/obj/%.o): $(PV_HDRS)

# the guest side of the lab's disk benchmark (static: it runs in lab guests)
$(B)/xyl-blkbench: pv-drivers/bench/xyl-blkbench.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC    $<")
	$(Q)$(CC) $(CSTD) $(WARN) -O2 -static -s -pthread -o $@ $<

$(B)/xyl-blkback: $(PV_BLKD_OBJS) $(PV_BLK_OBJS) $(PV_COMMON_OBJS) $(PV_XB_OBJS)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PV_BLKD_LIBS)

$(B)/xyl-netback: $(PV_NETD_OBJS) $(PV_NET_OBJS) $(PV_COMMON_OBJS) $(PV_XB_OBJS)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PV_BLKD_LIBS)

PV_TESTS    := xenbus ring
NET_TEST_BINS = $(B)/pv-tests/test_net
PV_TEST_BINS = $(PV_TESTS:%=$(B)/pv-tests/test_%)

$(B)/pv-tests/test_xenbus: $(B)/obj/pv-drivers/tests/test_xenbus.o \
        $(B)/obj/pv-drivers/tests/fake_xs.o $(PV_XB_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

$(B)/pv-tests/test_ring: $(B)/obj/pv-drivers/tests/test_ring.o \
        $(B)/obj/pv-drivers/tests/fake_ring.o $(PV_BLK_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

$(B)/pv-tests/test_net: $(B)/obj/pv-drivers/tests/test_net.o \
        $(B)/obj/pv-drivers/tests/fake_net.o $(PV_NET_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

.PHONY: netback-test netback-asan
netback-test: $(NET_TEST_BINS)
	@set -e; for t in $(NET_TEST_BINS); do echo "  TEST  $$t"; $$t; done

netback-asan:
	$(MAKE) --no-print-directory B=build/asan CFLAGS="$(SAN_FLAGS)" \
	    LDFLAGS="-fsanitize=address,undefined" netback-test

.PHONY: blkback-test blkback-asan
blkback-test: $(PV_TEST_BINS)
	@set -e; for t in $(PV_TEST_BINS); do echo "  TEST  $$t"; $$t; done

blkback-asan:
	$(MAKE) --no-print-directory B=build/asan CFLAGS="$(SAN_FLAGS)" \
	    LDFLAGS="-fsanitize=address,undefined" blkback-test

# ---- libFuzzer: the ring dispatcher (clang, ASan+UBSan) ----
BLK_FUZZ_CC       ?= clang
BLK_FUZZ_SECONDS  ?= 600
BLK_FUZZ_CHECK_SECONDS ?= 30
BLK_FUZZ_DIR      := $(B)/pv-fuzz
BLK_FUZZ_SRCS     := $(PV_BLK_SRCS) pv-drivers/tests/fake_ring.c pv-drivers/tests/fuzz_blkring.c

$(BLK_FUZZ_DIR)/fuzz_blkring: $(BLK_FUZZ_SRCS) $(PV_HDRS)
	@mkdir -p $(dir $@)
	@command -v $(BLK_FUZZ_CC) >/dev/null || { echo "blkback-fuzz: needs clang and libclang-rt-14-dev (apt-get install clang-14 libclang-rt-14-dev)"; exit 1; }
	@echo "  FUZZ-LD $@"
	$(Q)$(BLK_FUZZ_CC) $(CSTD) $(WARN) -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -fno-omit-frame-pointer -o $@ $(BLK_FUZZ_SRCS)

# $(call pv_fuzz_run,TARGET,SECONDS,CORPUS,LABEL)
define pv_fuzz_run
	@mkdir -p $(BLK_FUZZ_DIR)/corpus-$(1) $(BLK_FUZZ_DIR)/artifacts
	@echo "$(4): $(1) for $(2) s (log: $(BLK_FUZZ_DIR)/$(1).log)"
	@$(BLK_FUZZ_DIR)/$(1) -max_total_time=$(2) -timeout=10 -rss_limit_mb=2048 \
	    -max_len=70000 -print_final_stats=1 -artifact_prefix=$(BLK_FUZZ_DIR)/artifacts/ \
	    $(BLK_FUZZ_DIR)/corpus-$(1) $(3) 2>$(BLK_FUZZ_DIR)/$(1).log; \
	rc=$$?; grep -E '^(stat::number_of_executed_units|#[0-9]+ +DONE)|ERROR|SUMMARY|Test unit written' \
	    $(BLK_FUZZ_DIR)/$(1).log; \
	if [ $$rc -ne 0 ]; then echo "$(4): FAILED (exit $$rc), reproduce with" \
	    "$(BLK_FUZZ_DIR)/$(1) $(BLK_FUZZ_DIR)/artifacts/<file>"; exit 1; fi
	@echo "$(4): no crash, leak, invariant break or timeout"
endef

.PHONY: blkback-fuzz-check blkback-fuzz
blkback-fuzz-check: $(BLK_FUZZ_DIR)/fuzz_blkring
	$(call pv_fuzz_run,fuzz_blkring,$(BLK_FUZZ_CHECK_SECONDS),pv-drivers/tests/corpus-blkring,blkback-fuzz)

blkback-fuzz: $(BLK_FUZZ_DIR)/fuzz_blkring
	$(call pv_fuzz_run,fuzz_blkring,$(BLK_FUZZ_SECONDS),pv-drivers/tests/corpus-blkring,blkback-fuzz)

# ---- libFuzzer: xyl-netback's tx/rx data path ----
NET_FUZZ_SRCS := $(PV_NET_SRCS) pv-drivers/tests/fake_net.c pv-drivers/tests/fuzz_nettx.c

$(BLK_FUZZ_DIR)/fuzz_nettx: $(NET_FUZZ_SRCS) $(PV_HDRS)
	@mkdir -p $(dir $@)
	@command -v $(BLK_FUZZ_CC) >/dev/null || { echo "netback-fuzz: needs clang and libclang-rt-14-dev (apt-get install clang-14 libclang-rt-14-dev)"; exit 1; }
	@echo "  FUZZ-LD $@"
	$(Q)$(BLK_FUZZ_CC) $(CSTD) $(WARN) -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -fno-omit-frame-pointer -o $@ $(NET_FUZZ_SRCS)

.PHONY: netback-fuzz-check netback-fuzz
netback-fuzz-check: $(BLK_FUZZ_DIR)/fuzz_nettx
	$(call pv_fuzz_run,fuzz_nettx,$(BLK_FUZZ_CHECK_SECONDS),pv-drivers/tests/corpus-nettx,netback-fuzz)

netback-fuzz: $(BLK_FUZZ_DIR)/fuzz_nettx
	$(call pv_fuzz_run,fuzz_nettx,$(BLK_FUZZ_SECONDS),pv-drivers/tests/corpus-nettx,netback-fuzz)
