/work/main/scripts/selftest/kit_fixture_oops.o
