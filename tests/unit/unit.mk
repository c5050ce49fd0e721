# cmocka unit tests: one program per tests/unit/test_*.c, linked against
# $(B)/libxyl.a, built into $(B)/tests/unit/ (so `make B=build/asan unit`
# runs them under the sanitizers).  Every program runs even if one fails.

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/unit/%)

.PHONY: unit
unit: $(UNIT_BINS)
	@failed=; for t in $(UNIT_BINS); do $$t || failed="$$failed $${t##*/}"; done; \
	if [ -n "$$failed" ]; then echo "unit: FAILED:$$failed"; exit 1; fi; \
	echo "unit: all $(words $(UNIT_BINS)) programs passed"

$(B)/tests/unit/%: tests/unit/%.c $(B)/libxyl.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(LDFLAGS) -o $@ $< $(B)/libxyl.a $(PKG_LIBS) -lcmocka
