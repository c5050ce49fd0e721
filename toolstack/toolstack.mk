# toolstack.mk - the sources of xyl itself and of hvm/; included by the
# top-level Makefile before pv-drivers/pv-drivers.mk.
#
# toolstack/ holds one folder per layer (HACKING.md); everything but main.c
# goes into libxyl.a, which the unit tests, fuzzers and the benchmark link.
# hvm/ (the HVM-only parts) is built into the same library.

TOOLSTACK_DIRS := base model host hvm xen devices xlcfg images domain plan cli cmd
CORE_SRCS := $(sort $(wildcard $(addprefix toolstack/,$(addsuffix /*.c,$(TOOLSTACK_DIRS))))) \
             $(sort $(wildcard hvm/*.c))
