/work/main/scripts/selftest/kit_fixture_hang.o
