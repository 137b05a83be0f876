// SPDX-License-Identifier: GPL-2.0
/*
 * reader_m32 - the reader built as a 32-bit program: the Makefile builds
 * every *_m32.c with -m32.  The tests run it to check that the module's
 * commands work for 32-bit programs too (.compat_ioctl).
 */
#include "reader.c"
