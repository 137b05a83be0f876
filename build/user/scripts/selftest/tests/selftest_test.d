build/user/scripts/selftest/tests/selftest_test: \
 scripts/selftest/tests/selftest_test.c lib/kit_test.h \
 /root/.cache/kernel-kit/source/6.12.95-1~bpo12+1/tools/testing/selftests/kselftest_harness.h \
 /root/.cache/kernel-kit/source/6.12.95-1~bpo12+1/tools/testing/selftests/kselftest.h
lib/kit_test.h:
/root/.cache/kernel-kit/source/6.12.95-1~bpo12+1/tools/testing/selftests/kselftest_harness.h:
/root/.cache/kernel-kit/source/6.12.95-1~bpo12+1/tools/testing/selftests/kselftest.h:
