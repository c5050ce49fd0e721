# Throughput benchmark; included by tests/tests.mk.
#
#   make bench                  both sides, 7 alternating rounds of >= 1 s
#                               (min, median, max and spread of each rate
#                               and of the ratio), a breakdown of where the
#                               time goes, then instructions per definition
#                               counted by callgrind (tests/bench/instr-ratio),
#                               which a busy machine does not move (~30 s)
#   make bench BENCH_ARGS=-q    without the breakdown
#   make bench BENCH_SECONDS=5 BENCH_ROUNDS=9
#
# Prints definitions/s for xyl (YAML -> libxl JSON) beside libxlutil
# (xl.cfg -> libxl JSON) over the examples; never fails on timing, only
# if a conversion errors.  Built like xyl itself (same CC and CFLAGS,
# linked against $(B)/libxyl.a), so it measures what ships.

BENCH_SECONDS ?= 1
BENCH_ROUNDS  ?= 7
BENCH_PASSES  ?= 20
BENCH_ARGS    ?=
BENCH_DEFS    := $(sort $(wildcard configs/*.yaml)) $(sort $(wildcard configs/lab-demo/*.yaml))
BENCH_SRCS    := tests/bench/bench.c tests/bench/xl_side.c
BENCH_OBJS    := $(BENCH_SRCS:%.c=$(B)/obj/%.o)

$(B)/obj/tests/bench/%.o: tests/bench/%.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(B)/bench/bench: $(BENCH_OBJS) $(B)/libxyl.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

bench: $(B)/bench/bench
	$(B)/bench/bench -t $(BENCH_SECONDS) -r $(BENCH_ROUNDS) $(BENCH_ARGS) $(BENCH_DEFS)
	tests/bench/instr-ratio $(B)/bench/bench $(BENCH_PASSES) $(BENCH_DEFS)
