# Test tiers; included by the top-level Makefile.
check: all
	@echo "(tests not wired yet)"
