# pv-drivers.mk - userspace split drivers (issues 6, 7): the xenbus library,
# the blkif and netif ring code, the xyl-blkback and xyl-netback daemons,
# their tests are in tests/pv-drivers/ (tests/pv-drivers/pv-drivers.mk).
# Included by the top-level Makefile right after CORE_SRCS is set: the
# xenbus library goes into libxyl.a (the toolstack writes device entries
# with it), so it must be in CORE_SRCS before CORE_OBJS is computed.
# Header dependencies come from the compiler (-MMD, see the Makefile).

# The first rule here comes before the Makefile's own `all:`, so it must be
# `all` itself (it stays the default goal); it adds the daemon to the build.
all: $(B)/xyl-blkback $(B)/xyl-blkbench $(B)/xyl-netback $(B)/xyl-vif-bridge $(B)/xyl-block

PV_XB_SRCS  := $(wildcard pv-drivers/xenbus/*.c)
CORE_SRCS   += $(PV_XB_SRCS)
PV_XB_OBJS   = $(PV_XB_SRCS:%.c=$(B)/obj/%.o)
# the request path: ring, validation, I/O (no Xen library needed)
PV_BLK_SRCS := pv-drivers/ring/blk_ring.c pv-drivers/blkback/blk_req.c pv-drivers/blkback/blk_io.c
PV_BLK_OBJS  = $(PV_BLK_SRCS:%.c=$(B)/obj/%.o)
# the daemon around it: xenstore, grant copy, event channels
# what every daemon shares: log, pid lock and --daemon, grant copy,
# confinement (capabilities: libcap-ng; the seccomp filter: libseccomp)
PV_COMMON_SRCS := $(addprefix pv-drivers/common/,pv_log.c pv_daemon.c pv_gnt.c pv_dev.c pv_hand.c pv_serve.c pv_confine.c)
PV_COMMON_OBJS  = $(PV_COMMON_SRCS:%.c=$(B)/obj/%.o)
PV_BLKD_SRCS := $(addprefix pv-drivers/blkback/,main.c vbd.c vbd_ring.c blk_image.c blk_gnt.c blk_pgnt.c blk_uring.c)
PV_BLKD_OBJS  = $(PV_BLKD_SRCS:%.c=$(B)/obj/%.o)
PV_BLKD_LIBS  = $(shell pkg-config --libs xenstore xengnttab xenevtchn xencontrol libseccomp libcap-ng 2>/dev/null)
PV_HDRS     := $(wildcard pv-drivers/*/*.h)

# xyl-netback (issue 7): the data path (rings, checks, checksums; no Xen
# library) and the daemon around it (xenstore, TAPs, grant copy, events)
PV_NET_SRCS := $(addprefix pv-drivers/netback/,net_tx.c net_rx.c net_csum.c)
PV_NET_OBJS  = $(PV_NET_SRCS:%.c=$(B)/obj/%.o)
PV_NETD_SRCS := $(addprefix pv-drivers/netback/,main.c vif.c net_tap.c)
PV_NETD_OBJS  = $(PV_NETD_SRCS:%.c=$(B)/obj/%.o)

# the guest side of the lab's disk benchmark (static: it runs in lab guests)
$(B)/xyl-blkbench: pv-drivers/bench/xyl-blkbench.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC    $<")
	$(Q)$(CC) $(CSTD) $(WARN) -O2 -static -s -pthread -o $@ $<

# asynchronous image I/O (blkback/blk_uring.c): liburing
PV_URING_LIBS = $(shell pkg-config --libs liburing 2>/dev/null || echo -luring)

$(B)/xyl-blkback: $(PV_BLKD_OBJS) $(PV_BLK_OBJS) $(PV_COMMON_OBJS) $(PV_XB_OBJS)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PV_BLKD_LIBS) $(PV_URING_LIBS)

# xyl-vif-bridge and xyl-block (issue 18): Xen's vif-bridge and block
# hotplug scripts compiled, for the kernel's netback and blkback.  Each is
# its objects (vif: arguments and checks, rtnetlink, the steps; block:
# checks, the scripts' lock, loop ioctls, the steps, both with hp_util.c),
# which the tests link too, and, in the program, hp_main.c's main() on its
# row (vif_main.c, block_main.c) with libxenstore (hp_xs.c): one link rule
PV_HP_SRCS  := $(addprefix pv-drivers/hotplug/,hp_util.c vif_req.c nl_link.c vif_bridge.c)
PV_HP_OBJS   = $(PV_HP_SRCS:%.c=$(B)/obj/%.o)
PV_HPB_SRCS := $(addprefix pv-drivers/hotplug/,hp_util.c block_req.c hp_lock.c loop_dev.c block.c)
PV_HPB_OBJS  = $(PV_HPB_SRCS:%.c=$(B)/obj/%.o)
PV_HP_XS_LIBS = $(shell pkg-config --libs xenstore 2>/dev/null)

$(B)/xyl-vif-bridge: $(B)/obj/pv-drivers/hotplug/vif_main.o $(PV_HP_OBJS)
$(B)/xyl-block: $(B)/obj/pv-drivers/hotplug/block_main.o $(PV_HPB_OBJS)
$(B)/xyl-vif-bridge $(B)/xyl-block: $(addprefix $(B)/obj/pv-drivers/hotplug/,hp_main.o hp_xs.o)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PV_HP_XS_LIBS)

$(B)/xyl-netback: $(PV_NETD_OBJS) $(PV_NET_OBJS) $(PV_COMMON_OBJS) $(PV_XB_OBJS)
	@$(if $(V),,echo "  LINK  $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PV_BLKD_LIBS)
