# The golden tier (see tests/golden/run): examples vs committed JSON, real
# xl as referee, xl.cfg round trips, bad inputs, schema agreement.
# `make golden-update` regenerates tests/golden/json/: review, then commit.

.PHONY: golden golden-update

golden: $(B)/xyl
	@tests/golden/run $(B)/xyl

golden-update: $(B)/xyl
	tests/golden/update $(B)/xyl
