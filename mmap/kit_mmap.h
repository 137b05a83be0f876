/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kit_mmap.h - what the mmap chapter's module and its programs share.
 *
 * Each device offers one buffer of KIT_MMAP_PAGES pages.  A program maps
 * all of it or a part (MAP_SHARED, length and offset in whole pages,
 * inside the buffer), or reads and writes it with read(2)/write(2): both
 * give the same bytes.  At load the kernel writes a line of text at the
 * start of every page:
 *
 *	"<device name> page <n>: hello from the kernel"
 */
#ifndef KIT_MMAP_H
#define KIT_MMAP_H

#define KIT_MMAP_PAGES		4

/* /dev/<name>: the same buffer mapped by two different techniques. */
#define KIT_MMAP_REMAP_NAME	"kit_mmap_remap"	/* remap_vmalloc_range() */
#define KIT_MMAP_FAULT_NAME	"kit_mmap_fault"	/* a .fault handler */

#endif /* KIT_MMAP_H */
