# libFuzzer targets; included by tests/tests.mk.
#
#   make fuzz-check          build, then fuzz each target briefly (CI):
#                            fuzz_guest FUZZ_CHECK_SECONDS (30 s), then
#                            fuzz_xlcfg FUZZ_XLCFG_CHECK_SECONDS (8 s), then
#                            fuzz_vifreq FUZZ_VIFREQ_CHECK_SECONDS (8 s), then
#                            fuzz_blockreq FUZZ_VIFREQ_CHECK_SECONDS (8 s)
#   make fuzz                fuzz_guest for FUZZ_SECONDS (600), then
#                            fuzz_xlcfg, fuzz_vifreq and fuzz_blockreq for
#                            FUZZ_SECONDS/4 each
#   make fuzz FUZZ_TARGET=xlcfg FUZZ_SECONDS=60     one target only
#                            (guest, xlcfg, vifreq or blockreq)
#
# fuzz_vifreq (tests/pv-drivers/fuzz_vifreq.c) is xyl-vif-bridge's input
# checks (pv-drivers/hotplug/vif_req.c: libxl's arguments and environment,
# xenstore values), fuzz_blockreq xyl-block's (block_req.c: XENBUS_PATH,
# params, mode, node); pure C, so each built from its few sources alone.
#   XYL_FUZZ_ROUNDTRIP=1 make fuzz   also check YAML -> xl.cfg -> YAML
#   make fuzz-stress         worst-case big inputs within the loader's bounds
#                            (1 MiB, 100k nodes) must validate in 5 s each
#                            (tests/fuzz/stress; not part of fuzz-check)
#
# Any crash, leak, UB, timeout (-timeout, per input) or out-of-memory
# (-rss_limit_mb) stops the run with a non-zero exit (leaks inside
# libxlutil's own parser are suppressed: tests/fuzz/lsan.supp), and libFuzzer saves
# the input as $(B)/fuzz/artifacts/<target>-crash-... (or leak-, timeout-,
# oom-).  Reproduce with:  $(B)/fuzz/fuzz_guest FILE
#
# The toolstack sources are compiled again with clang and the sanitizers
# into $(B)/fuzz/obj (not the gcc-built libxyl.a).  New corpus entries go
# to $(B)/fuzz/corpus-<target>/; the committed seeds in tests/fuzz/corpus*/
# are only read.

FUZZ_CC        ?= clang
FUZZ_SECONDS   ?= 600
FUZZ_XLCFG_SECONDS ?= $(shell echo $$(( $(FUZZ_SECONDS) / 4 )))
FUZZ_CHECK_SECONDS ?= 30
FUZZ_XLCFG_CHECK_SECONDS ?= 8
FUZZ_VIFREQ_CHECK_SECONDS ?= 8
FUZZ_TARGET    ?= all
FUZZ_STRESS_SECONDS ?= 5

FUZZ_DIR   := $(B)/fuzz
FUZZ_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = $(CSTD) $(WARN) -g -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
              $(PKG_CFLAGS) -DXYL_VERSION='"fuzz"' $(INCLUDES)
FUZZ_OBJS  := $(CORE_SRCS:%.c=$(FUZZ_DIR)/obj/%.o)

# Per-input limits, and where findings go.  -timeout is seconds per input.
FUZZ_OPTS   = -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
              -artifact_prefix=$(FUZZ_DIR)/artifacts/

.PHONY: fuzz-build fuzz-toolchain fuzz-stress

fuzz-toolchain: $(FUZZ_DIR)/toolchain.ok

# Fails with one clear line (what to apt-get install) when clang or the
# libFuzzer runtime is missing.
$(FUZZ_DIR)/toolchain.ok: tests/fuzz/need-libfuzzer
	@tests/fuzz/need-libfuzzer $(FUZZ_CC)
	@mkdir -p $(dir $@) && touch $@

$(FUZZ_DIR)/obj/%.o: %.c | $(FUZZ_DIR)/toolchain.ok
	@mkdir -p $(dir $@)
	@echo "  FUZZ-CC $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) $(DEPFLAGS) -c -o $@ $<

# explicit rules (not a pattern) so make keeps the objects
$(FUZZ_DIR)/fuzz_guest: $(FUZZ_DIR)/obj/tests/fuzz/fuzz_guest.o $(FUZZ_OBJS)
	@echo "  FUZZ-LD $@"
	@$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(PKG_LIBS)

$(FUZZ_DIR)/fuzz_xlcfg: $(FUZZ_DIR)/obj/tests/fuzz/fuzz_xlcfg.o $(FUZZ_OBJS)
	@echo "  FUZZ-LD $@"
	@$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(PKG_LIBS)

# the hotplug helpers' fuzzers: fuzz_X.c with the module it checks and
# hp_util.c, pure C, in one clang command (one rule for both)
$(FUZZ_DIR)/fuzz_vifreq: pv-drivers/hotplug/vif_req.c pv-drivers/hotplug/vif_req.h
$(FUZZ_DIR)/fuzz_blockreq: pv-drivers/hotplug/block_req.c pv-drivers/hotplug/block_req.h
$(FUZZ_DIR)/fuzz_vifreq $(FUZZ_DIR)/fuzz_blockreq: $(FUZZ_DIR)/fuzz_%: tests/pv-drivers/fuzz_%.c \
        pv-drivers/hotplug/hp_util.c pv-drivers/hotplug/hp_util.h tests/pv-drivers/fuzz_hp.h | $(FUZZ_DIR)/toolchain.ok
	@echo "  FUZZ-LD $@"
	@$(FUZZ_CC) $(CSTD) $(WARN) -g -O1 -fsanitize=fuzzer $(FUZZ_SAN) -I. -o $@ $(filter %.c,$^)

fuzz-build: $(FUZZ_DIR)/fuzz_guest $(FUZZ_DIR)/fuzz_xlcfg $(FUZZ_DIR)/fuzz_vifreq $(FUZZ_DIR)/fuzz_blockreq

# $(call fuzz_run,TARGET,SECONDS,SEED-DIR,DICT)
define fuzz_run
	@mkdir -p $(FUZZ_DIR)/corpus-$(1) $(FUZZ_DIR)/artifacts
	@echo "fuzz: $(1) for $(2) s (new corpus entries: $(FUZZ_DIR)/corpus-$(1)/)"
	@LSAN_OPTIONS=suppressions=tests/fuzz/lsan.supp$${LSAN_OPTIONS:+:$$LSAN_OPTIONS} \
	    $(FUZZ_DIR)/fuzz_$(1) $(FUZZ_OPTS) -max_total_time=$(2) -dict=$(4) \
	    -artifact_prefix=$(FUZZ_DIR)/artifacts/$(1)- \
	    $(FUZZ_DIR)/corpus-$(1) $(3) 2>$(FUZZ_DIR)/$(1).log; \
	rc=$$?; grep -E '^(stat::|#[0-9]+[[:space:]]+DONE)|ERROR|SUMMARY|runtime error|Test unit written|invariant' \
	    $(FUZZ_DIR)/$(1).log; \
	if [ $$rc -ne 0 ]; then \
	    echo "fuzz: $(1) FAILED (exit $$rc); full log: $(FUZZ_DIR)/$(1).log"; \
	    echo "fuzz: reproduce with: $(FUZZ_DIR)/fuzz_$(1) $(FUZZ_DIR)/artifacts/$(1)-..."; \
	    exit 1; \
	fi
endef

# Build with two jobs (the objects are independent) unless make already
# runs with -j (MAKEFLAGS shows -j only at recipe time: hence '=').
FUZZ_J = $(if $(filter -j%,$(MAKEFLAGS)),,-j2)

fuzz-check:
	@$(MAKE) --no-print-directory $(FUZZ_J) fuzz-build
	$(call fuzz_run,guest,$(FUZZ_CHECK_SECONDS),tests/fuzz/corpus,tests/fuzz/yaml.dict)
	$(call fuzz_run,xlcfg,$(FUZZ_XLCFG_CHECK_SECONDS),tests/fuzz/corpus-xlcfg,tests/fuzz/xlcfg.dict)
	$(call fuzz_run,vifreq,$(FUZZ_VIFREQ_CHECK_SECONDS),tests/pv-drivers/corpus-vifreq,tests/pv-drivers/vifreq.dict)
	$(call fuzz_run,blockreq,$(FUZZ_VIFREQ_CHECK_SECONDS),tests/pv-drivers/corpus-blockreq,tests/pv-drivers/blockreq.dict)
	@echo "fuzz-check: no crash, leak or timeout"

fuzz:
	@$(MAKE) --no-print-directory $(FUZZ_J) fuzz-build
ifneq ($(filter all guest,$(FUZZ_TARGET)),)
	$(call fuzz_run,guest,$(FUZZ_SECONDS),tests/fuzz/corpus,tests/fuzz/yaml.dict)
endif
ifneq ($(filter all xlcfg,$(FUZZ_TARGET)),)
	$(call fuzz_run,xlcfg,$(if $(filter all,$(FUZZ_TARGET)),$(FUZZ_XLCFG_SECONDS),$(FUZZ_SECONDS)),tests/fuzz/corpus-xlcfg,tests/fuzz/xlcfg.dict)
endif
ifneq ($(filter all vifreq,$(FUZZ_TARGET)),)
	$(call fuzz_run,vifreq,$(if $(filter all,$(FUZZ_TARGET)),$(FUZZ_XLCFG_SECONDS),$(FUZZ_SECONDS)),tests/pv-drivers/corpus-vifreq,tests/pv-drivers/vifreq.dict)
endif
ifneq ($(filter all blockreq,$(FUZZ_TARGET)),)
	$(call fuzz_run,blockreq,$(if $(filter all,$(FUZZ_TARGET)),$(FUZZ_XLCFG_SECONDS),$(FUZZ_SECONDS)),tests/pv-drivers/corpus-blockreq,tests/pv-drivers/blockreq.dict)
endif
	@echo "fuzz: no crash, leak or timeout"

fuzz-stress: $(B)/xyl
	tests/fuzz/stress $(B)/xyl $(FUZZ_STRESS_SECONDS)
