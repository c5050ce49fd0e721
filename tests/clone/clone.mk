# The clone tier (tests/clone/run): xyl clone on a small ext4 image, read
# back with libguestfs (peek.c); about a minute of TCG appliance time.

.PHONY: clone-test

$(B)/tests/clone-peek: tests/clone/peek.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CSTD) $(WARN) $(CFLAGS) -o $@ $< -lguestfs

clone-test: $(B)/xyl $(B)/tests/clone-peek
	@tests/clone/run $(B)/xyl $(B)/tests/clone-peek
