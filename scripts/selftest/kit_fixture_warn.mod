/work/main/scripts/selftest/kit_fixture_warn.o
