# pv-drivers.mk - userspace split drivers (issue 6): the xenbus library,
# the blkif ring code, and the xyl-blkback daemon, with their tests.
# Included by the top-level Makefile right after CORE_SRCS is set: the
# xenbus library goes into libxyl.a (the toolstack writes device entries
# with it), so it must be in CORE_SRCS before CORE_OBJS is computed.
#
#   make blkback-test         cmocka tests (xenbus, ring, request path)
#   make blkback-asan         the same under ASan+UBSan (build/asan)
#   make blkback-fuzz-check   libFuzzer on the ring dispatcher, 30 s
#   make blkback-fuzz         the same for BLK_FUZZ_SECONDS (600)

# The first rule here comes before the Makefile's own `all:`, so it must be
# `all` itself (it stays the default goal).
all:

PV_XB_SRCS  := $(wildcard pv-drivers/xenbus/*.c)
CORE_SRCS   += $(PV_XB_SRCS)
PV_XB_OBJS   = $(PV_XB_SRCS:%.c=$(B)/obj/%.o)
PV_HDRS     := $(wildcard pv-drivers/*/*.h)

PV_TEST_SRCS := $(wildcard pv-drivers/tests/*.c)
# everything compiled from pv-drivers/ also depends on its own headers
$(PV_XB_SRCS:%.c=$(B)/obj/%.o) $(PV_TEST_SRCS:%.c=$(B)/obj/%.o): $(PV_HDRS)

PV_TESTS    := xenbus
PV_TEST_BINS = $(PV_TESTS:%=$(B)/pv-tests/test_%)

$(B)/pv-tests/test_xenbus: $(B)/obj/pv-drivers/tests/test_xenbus.o \
        $(B)/obj/pv-drivers/tests/fake_xs.o $(PV_XB_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

.PHONY: blkback-test blkback-asan
blkback-test: $(PV_TEST_BINS)
	@set -e; for t in $(PV_TEST_BINS); do echo "  TEST  $$t"; $$t; done

blkback-asan:
	$(MAKE) --no-print-directory B=build/asan CFLAGS="$(SAN_FLAGS)" \
	    LDFLAGS="-fsanitize=address,undefined" blkback-test
