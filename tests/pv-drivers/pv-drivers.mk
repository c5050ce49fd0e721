# The tests of pv-drivers/ (issues 6, 7); included by tests/tests.mk.
#
#   make blkback-test         cmocka tests (xenbus, ring, request path, io_uring,
#                             pv_dev, vbd's connect and ring pages, persistent
#                             grants, the daemons' confinement; xyl-block, the
#                             compiled block script)
#   make blkback-asan         the same under ASan+UBSan (build/asan)
#   make blkback-tsan         the daemons' two threads (test_hand, test_vif) under TSan
#   make blkback-fuzz-check   libFuzzer on the ring dispatcher, 30 s, and on the
#                             device code (handshake, watches, events), 20 s
#   make blkback-fuzz         the same for BLK_FUZZ_SECONDS (600)
#   make netback-test         cmocka tests of xyl-netback's data path
#   make netback-asan         the same under ASan+UBSan
#   make netback-fuzz-check   libFuzzer on the tx/rx data path, 30 s
#   make netback-fuzz         the same for BLK_FUZZ_SECONDS (600)
#
# The objects are built by the Makefile's pattern rule (with -MMD); the
# fuzzers are compiled in one clang command, so they name their headers.

PV_TESTS    := xenbus ring uring pvdev vbd pgnt hand confine
NET_TEST_BINS = $(B)/pv-tests/test_net $(B)/pv-tests/test_vif $(B)/pv-tests/test_tap \
                $(B)/pv-tests/test_vif_tap $(B)/pv-tests/test_vif_bridge
PV_TEST_BINS = $(PV_TESTS:%=$(B)/pv-tests/test_%) $(B)/pv-tests/test_block

$(B)/pv-tests/test_xenbus: $(B)/obj/tests/pv-drivers/test_xenbus.o \
        $(B)/obj/tests/pv-drivers/fake_xs.o $(PV_XB_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

# pv_dev.c (both daemons' handshake and events) on fake xenstore and Xen
$(B)/pv-tests/test_pvdev: $(B)/obj/tests/pv-drivers/test_pvdev.o \
        $(B)/obj/tests/pv-drivers/fake_xs.o $(B)/obj/tests/pv-drivers/fake_xen.o \
        $(B)/obj/pv-drivers/common/pv_dev.o $(B)/obj/pv-drivers/common/pv_hand.o $(B)/obj/pv-drivers/common/pv_serve.o $(B)/obj/pv-drivers/common/pv_log.o $(PV_XB_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

# xyl-blkback's connect (vbd.c, vbd_ring.c: multi-page rings) on the same fakes
$(B)/pv-tests/test_vbd: $(B)/obj/tests/pv-drivers/test_vbd.o \
        $(B)/obj/tests/pv-drivers/fake_xs.o $(B)/obj/tests/pv-drivers/fake_xen.o \
        $(addprefix $(B)/obj/pv-drivers/blkback/,vbd.o vbd_ring.o blk_image.o blk_gnt.o blk_pgnt.o blk_uring.o) \
        $(PV_BLK_OBJS) $(B)/obj/pv-drivers/common/pv_dev.o $(B)/obj/pv-drivers/common/pv_hand.o $(B)/obj/pv-drivers/common/pv_serve.o $(B)/obj/pv-drivers/common/pv_log.o \
        $(PV_XB_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka $(PV_URING_LIBS)

# persistent grants (blkback/blk_pgnt.c) on the fake Xen's grant maps
$(B)/pv-tests/test_pgnt: $(B)/obj/tests/pv-drivers/test_pgnt.o \
        $(B)/obj/tests/pv-drivers/fake_xen.o $(B)/obj/pv-drivers/blkback/blk_pgnt.o
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

# the daemon's two threads (common/pv_hand.c) with vbd.c: the xenbus
# thread for real, xenstore reads that block, the test as the ring thread
$(B)/pv-tests/test_hand: $(B)/obj/tests/pv-drivers/test_hand.o \
        $(B)/obj/tests/pv-drivers/fake_xs.o $(B)/obj/tests/pv-drivers/fake_xen.o \
        $(addprefix $(B)/obj/pv-drivers/blkback/,vbd.o vbd_ring.o blk_image.o blk_gnt.o blk_pgnt.o blk_uring.o) \
        $(PV_BLK_OBJS) $(B)/obj/pv-drivers/common/pv_dev.o $(B)/obj/pv-drivers/common/pv_hand.o $(B)/obj/pv-drivers/common/pv_serve.o \
        $(B)/obj/pv-drivers/common/pv_log.o $(PV_XB_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -pthread -o $@ $^ -lcmocka $(PV_URING_LIBS)

# the daemons' confinement, in forked children (libseccomp, libcap-ng)
$(B)/pv-tests/test_confine: $(B)/obj/tests/pv-drivers/test_confine.o \
        $(B)/obj/pv-drivers/common/pv_confine.o $(B)/obj/pv-drivers/common/pv_log.o
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka -lseccomp -lcap-ng -pthread $(PV_URING_LIBS)

$(B)/pv-tests/test_ring: $(B)/obj/tests/pv-drivers/test_ring.o \
        $(B)/obj/tests/pv-drivers/fake_ring.o $(PV_BLK_OBJS) $(B)/obj/pv-drivers/blkback/blk_image.o
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

# asynchronous image I/O on the running kernel's io_uring (skipped without),
# and the synchronous fallback under a filter refusing it
$(B)/pv-tests/test_uring: $(B)/obj/tests/pv-drivers/test_uring.o \
        $(B)/obj/tests/pv-drivers/fake_ring.o $(PV_BLK_OBJS) $(B)/obj/pv-drivers/blkback/blk_image.o \
        $(B)/obj/pv-drivers/blkback/blk_uring.o $(B)/obj/pv-drivers/common/pv_log.o
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka -lseccomp $(PV_URING_LIBS)

$(B)/pv-tests/test_net: $(B)/obj/tests/pv-drivers/test_net.o \
        $(B)/obj/tests/pv-drivers/fake_net.o $(PV_NET_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

# netback/vif.c with 300 guests on fake xenstore and Xen (TAPs are pipes)
$(B)/pv-tests/test_vif: $(B)/obj/tests/pv-drivers/test_vif.o \
        $(B)/obj/tests/pv-drivers/fake_xs.o $(B)/obj/tests/pv-drivers/fake_xen.o \
        $(B)/obj/pv-drivers/netback/vif.o $(PV_NET_OBJS) \
        $(B)/obj/pv-drivers/common/pv_dev.o $(B)/obj/pv-drivers/common/pv_hand.o $(B)/obj/pv-drivers/common/pv_serve.o $(B)/obj/pv-drivers/common/pv_log.o $(PV_XB_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

# the TAP against the running kernel, in a network namespace (root; skips without)
$(B)/pv-tests/test_tap: $(B)/obj/tests/pv-drivers/test_tap.o $(B)/obj/tests/pv-drivers/tap_peer.o \
        $(B)/obj/pv-drivers/netback/net_tap.o
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

# vif.c's rx path end to end: the real TAP and kernel (namespace, root;
# skips without), fake xenstore and Xen, the guest's pages in memory
$(B)/pv-tests/test_vif_tap: $(B)/obj/tests/pv-drivers/test_vif_tap.o \
        $(B)/obj/tests/pv-drivers/tap_peer.o $(B)/obj/tests/pv-drivers/fake_xs.o \
        $(B)/obj/tests/pv-drivers/fake_xen.o $(B)/obj/pv-drivers/netback/vif.o \
        $(B)/obj/pv-drivers/netback/net_tap.o $(PV_NET_OBJS) \
        $(B)/obj/pv-drivers/common/pv_dev.o $(B)/obj/pv-drivers/common/pv_hand.o $(B)/obj/pv-drivers/common/pv_serve.o $(B)/obj/pv-drivers/common/pv_log.o $(PV_XB_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

.PHONY: netback-test netback-asan
netback-test: $(NET_TEST_BINS)
	@set -e; for t in $(NET_TEST_BINS); do echo "  TEST  $$t"; $$t; done

netback-asan:
	$(MAKE) --no-print-directory B=build/asan CFLAGS="$(SAN_FLAGS)" \
	    LDFLAGS="-fsanitize=address,undefined" netback-test

# the two threads' handoff under ThreadSanitizer (test_hand, test_vif: the
# xenbus thread for real, the test as the ring thread; a few seconds)
TSAN_FLAGS := -O1 -g -fsanitize=thread -fno-omit-frame-pointer -Wno-tsan
.PHONY: blkback-tsan
blkback-tsan:
	$(MAKE) --no-print-directory B=build/tsan CFLAGS="$(TSAN_FLAGS)" \
	    LDFLAGS="-fsanitize=thread" build/tsan/pv-tests/test_hand build/tsan/pv-tests/test_vif
	@set -e; for t in test_hand test_vif; do \
	    echo "  TEST  build/tsan/pv-tests/$$t (ThreadSanitizer)"; \
	    TSAN_OPTIONS=halt_on_error=1 build/tsan/pv-tests/$$t; done

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
BLK_FUZZ_SRCS     := $(PV_BLK_SRCS) tests/pv-drivers/fake_ring.c tests/pv-drivers/fuzz_blkring.c

$(BLK_FUZZ_DIR)/fuzz_blkring: $(BLK_FUZZ_SRCS) $(PV_HDRS) $(wildcard tests/pv-drivers/*.h)
	@mkdir -p $(dir $@)
	@command -v $(BLK_FUZZ_CC) >/dev/null || { echo "blkback-fuzz: needs clang and libclang-rt-14-dev (apt-get install clang-14 libclang-rt-14-dev)"; exit 1; }
	@echo "  FUZZ-LD $@"
	$(Q)$(BLK_FUZZ_CC) $(CSTD) $(WARN) -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -fno-omit-frame-pointer -I. -o $@ $(BLK_FUZZ_SRCS)

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

# ---- libFuzzer: the daemon's device code (pv_dev.c handshake, watches,
# events, timers; vbd.c's connect parsers; xb_* parsers) with three disks
# of two hostile guests on the fake xenstore and Xen ----
PV_DEV_FUZZ_CHECK_SECONDS ?= 20
PV_DEV_FUZZ_SRCS := $(PV_BLK_SRCS) $(PV_XB_SRCS) \
    $(addprefix pv-drivers/blkback/,vbd.c vbd_ring.c blk_image.c blk_gnt.c blk_pgnt.c blk_uring.c) \
    $(addprefix pv-drivers/common/,pv_dev.c pv_hand.c pv_serve.c pv_log.c) \
    $(addprefix tests/pv-drivers/,fake_xs.c fake_xen.c fuzz_pvdev.c)

$(BLK_FUZZ_DIR)/fuzz_pvdev: $(PV_DEV_FUZZ_SRCS) $(PV_HDRS) $(wildcard tests/pv-drivers/*.h)
	@mkdir -p $(dir $@)
	@command -v $(BLK_FUZZ_CC) >/dev/null || { echo "blkback-fuzz: needs clang and libclang-rt-14-dev (apt-get install clang-14 libclang-rt-14-dev)"; exit 1; }
	@echo "  FUZZ-LD $@"
	$(Q)$(BLK_FUZZ_CC) $(CSTD) $(WARN) -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -fno-omit-frame-pointer -I. -o $@ $(PV_DEV_FUZZ_SRCS) $(PV_URING_LIBS)

.PHONY: blkback-fuzz-check blkback-fuzz
blkback-fuzz-check: $(BLK_FUZZ_DIR)/fuzz_blkring $(BLK_FUZZ_DIR)/fuzz_pvdev
	$(call pv_fuzz_run,fuzz_blkring,$(BLK_FUZZ_CHECK_SECONDS),tests/pv-drivers/corpus-blkring,blkback-fuzz)
	$(call pv_fuzz_run,fuzz_pvdev,$(PV_DEV_FUZZ_CHECK_SECONDS),tests/pv-drivers/corpus-pvdev,pvdev-fuzz)

blkback-fuzz: $(BLK_FUZZ_DIR)/fuzz_blkring $(BLK_FUZZ_DIR)/fuzz_pvdev
	$(call pv_fuzz_run,fuzz_blkring,$(BLK_FUZZ_SECONDS),tests/pv-drivers/corpus-blkring,blkback-fuzz)
	$(call pv_fuzz_run,fuzz_pvdev,$(BLK_FUZZ_SECONDS),tests/pv-drivers/corpus-pvdev,pvdev-fuzz)

# ---- libFuzzer: xyl-netback's tx/rx data path ----
NET_FUZZ_SRCS := $(PV_NET_SRCS) tests/pv-drivers/fake_net.c tests/pv-drivers/fuzz_nettx.c

$(BLK_FUZZ_DIR)/fuzz_nettx: $(NET_FUZZ_SRCS) $(PV_HDRS) $(wildcard tests/pv-drivers/*.h)
	@mkdir -p $(dir $@)
	@command -v $(BLK_FUZZ_CC) >/dev/null || { echo "netback-fuzz: needs clang and libclang-rt-14-dev (apt-get install clang-14 libclang-rt-14-dev)"; exit 1; }
	@echo "  FUZZ-LD $@"
	$(Q)$(BLK_FUZZ_CC) $(CSTD) $(WARN) -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -fno-omit-frame-pointer -I. -o $@ $(NET_FUZZ_SRCS)

.PHONY: netback-fuzz-check netback-fuzz
netback-fuzz-check: $(BLK_FUZZ_DIR)/fuzz_nettx
	$(call pv_fuzz_run,fuzz_nettx,$(BLK_FUZZ_CHECK_SECONDS),tests/pv-drivers/corpus-nettx,netback-fuzz)

netback-fuzz: $(BLK_FUZZ_DIR)/fuzz_nettx
	$(call pv_fuzz_run,fuzz_nettx,$(BLK_FUZZ_SECONDS),tests/pv-drivers/corpus-nettx,netback-fuzz)

# xyl-vif-bridge and xyl-block (issue 18), xenstore a table (fake_hpxs.c):
# xyl-vif-bridge's arguments, checks, and its work against the kernel in a
# network namespace (skipped without root); xyl-block's, and its
# add/remove against the kernel's loop driver (skipped without root and
# /dev/loop-control); one link rule
$(B)/pv-tests/test_vif_bridge: $(B)/obj/tests/pv-drivers/test_vif_bridge.o $(PV_HP_OBJS)
$(B)/pv-tests/test_block: $(B)/obj/tests/pv-drivers/test_block.o $(PV_HPB_OBJS)
$(B)/pv-tests/test_vif_bridge $(B)/pv-tests/test_block: $(B)/obj/tests/pv-drivers/fake_hpxs.o
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka
