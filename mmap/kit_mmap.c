// SPDX-License-Identifier: GPL-2.0
/*
 * kit_mmap - share kernel memory with a program through mmap(2).
 *
 * Two misc devices, each with a buffer of KIT_MMAP_PAGES pages, show the
 * two ways to put kernel memory into a process's address space:
 *
 *   /dev/kit_mmap_remap  remap_vmalloc_range() maps every page of the
 *                        range when the program calls mmap()
 *   /dev/kit_mmap_fault  a .fault handler maps each page when the
 *                        program first touches it
 *
 * Either way the program and the kernel then use the same physical
 * pages, each through its own virtual address: what one stores, the
 * other sees, with no copy and no system call.  read(2) and write(2) on
 * the devices copy from and to the same buffer, so a program (or cat)
 * can look at the buffer through the kernel's eyes.
 *
 * The howto shared one page through a debugfs file and a ->nopage
 * handler.  debugfs files no longer offer mmap, and ->nopage is gone:
 * README.md has the history.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/version.h>
#include <linux/vmalloc.h>

#include "kit_mmap.h"

#define KIT_MMAP_SIZE	(KIT_MMAP_PAGES << PAGE_SHIFT)

/*
 * Since 6.3 drivers no longer write vma->vm_flags: vm_flags_set() and
 * its friends change them, and also take the VMA write lock that the
 * per-VMA locking of 6.4 relies on.  Debian's 6.1 has no such helper,
 * and there setting the bits directly (mmap_lock is held for writing in
 * ->mmap) is the right thing.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags |= flags;
}
#endif

struct kit_mmap_dev {
	struct miscdevice misc;
	void *buf;		/* KIT_MMAP_SIZE bytes from vmalloc_user() */
};

static struct kit_mmap_dev *file_dev(struct file *file)
{
	/* misc_open() leaves our struct miscdevice in private_data. */
	return container_of(file->private_data, struct kit_mmap_dev, misc);
}

/* read(2) and write(2) see the buffer as a file of KIT_MMAP_SIZE bytes. */
static ssize_t kit_read(struct file *file, char __user *ubuf, size_t count,
			loff_t *ppos)
{
	return simple_read_from_buffer(ubuf, count, ppos, file_dev(file)->buf,
				       KIT_MMAP_SIZE);
}

static ssize_t kit_write(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos)
{
	loff_t pos = *ppos;
	void *data;

	if (!count)
		return 0;
	/* Past the end, say "full" as a disk does: a 0 would loop writers. */
	if (pos >= KIT_MMAP_SIZE)
		return -ENOSPC;
	count = min_t(size_t, count, KIT_MMAP_SIZE - pos);

	/*
	 * Not simple_write_to_buffer(): copy_from_user() zeroes the bytes
	 * it cannot copy, so a bad pointer would wipe part of the shared
	 * buffer.  Through a copy, a write lands whole or not at all.
	 */
	data = memdup_user(ubuf, count);
	if (IS_ERR(data))
		return PTR_ERR(data);
	memcpy(file_dev(file)->buf + pos, data, count);
	kfree(data);

	*ppos = pos + count;
	return count;
}

static loff_t kit_llseek(struct file *file, loff_t offset, int whence)
{
	return fixed_size_llseek(file, offset, whence, KIT_MMAP_SIZE);
}

/*
 * Both devices accept the same mappings.  The VFS has already refused
 * an offset that is not a whole number of pages and a writable shared
 * mapping of a file not opened for writing, and rounded the length up
 * to whole pages; the range is ours to check.
 */
static int kit_check_range(bool mayshare, pgoff_t pgoff, unsigned long pages)
{
	/*
	 * A private mapping would give the program its own copy of a page
	 * at its first write, a copy the kernel never sees: refuse it
	 * rather than lose the program's writes silently.  VM_MAYSHARE
	 * and not VM_SHARED: a MAP_SHARED mapping of a file opened
	 * read-only has only the former.
	 */
	if (!mayshare)
		return -EINVAL;
	/* pgoff is the offset in pages; compare without overflowing. */
	if (pgoff >= KIT_MMAP_PAGES || pages > KIT_MMAP_PAGES - pgoff)
		return -EINVAL;
	return 0;
}

static int kit_check_vma(struct vm_area_struct *vma)
{
	int ret = kit_check_range(vma->vm_flags & VM_MAYSHARE, vma->vm_pgoff,
				  vma_pages(vma));

	if (ret)
		return ret;
	/*
	 * The buffer has a fixed size: mremap() must not grow the mapping
	 * past it (VM_DONTEXPAND).  And it is the driver's memory, not the
	 * process's: a core dump leaves it out (VM_DONTDUMP).
	 */
	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	return 0;
}

/*
 * Technique 1: map the whole range at mmap() time.
 * remap_vmalloc_range() puts the buffer's pages, from page vm_pgoff on,
 * into the process's page table.  It takes only memory that
 * vmalloc_user() allocated: zeroed, so that no stale kernel data
 * reaches user space, and marked as meant for mapping.
 */
static int remap_mmap(struct file *file, struct vm_area_struct *vma)
{
	int ret = kit_check_vma(vma);

	if (ret)
		return ret;
	return remap_vmalloc_range(vma, file_dev(file)->buf, vma->vm_pgoff);
}

/*
 * Technique 2: map nothing at mmap() time.  The first access to each
 * page of the mapping faults, and the kernel asks this handler for the
 * page that belongs there: vmf->pgoff is its offset in the file, in
 * pages, vm_pgoff included.  The handler takes a reference for the page
 * table (dropped again when the page is unmapped) and the fault code
 * maps the page.
 */
static vm_fault_t fault_fault(struct vm_fault *vmf)
{
	struct kit_mmap_dev *dev = vmf->vma->vm_private_data;
	struct page *page;

	/*
	 * Never true while kit_check_vma() bounds the mapping and
	 * VM_DONTEXPAND keeps it from growing; if it were, a page the
	 * buffer does not have is a bus error for the program.
	 */
	if (vmf->pgoff >= KIT_MMAP_PAGES)
		return VM_FAULT_SIGBUS;

	page = vmalloc_to_page(dev->buf + (vmf->pgoff << PAGE_SHIFT));
	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct fault_vm_ops = {
	.fault = fault_fault,
};

/*
 * Since 6.16 a driver may describe the mapping before the kernel makes
 * it (->mmap_prepare) instead of changing a VMA that already exists
 * (->mmap, now deprecated): what is set in the vm_area_desc becomes the
 * VMA's.  Its flags were a plain vm_flags field at first and are a
 * bitmap with helpers on 7.x, the form used here: the helper's own name
 * guards.
 */
#ifdef vma_desc_set_flags
static int fault_mmap_prepare(struct vm_area_desc *desc)
{
	int ret = kit_check_range(vma_desc_test(desc, VMA_MAYSHARE_BIT),
				  desc->pgoff, vma_desc_pages(desc));

	if (ret)
		return ret;
	vma_desc_set_flags(desc, VMA_DONTEXPAND_BIT, VMA_DONTDUMP_BIT);
	desc->vm_ops = &fault_vm_ops;
	desc->private_data = file_dev(desc->file);
	return 0;
}
#else
static int fault_mmap(struct file *file, struct vm_area_struct *vma)
{
	int ret = kit_check_vma(vma);

	if (ret)
		return ret;
	vma->vm_ops = &fault_vm_ops;
	vma->vm_private_data = file_dev(file);
	return 0;
}
#endif

/*
 * .owner pins the module while a file is open, and a mapping holds its
 * file even after close(): rmmod is refused until the last mapping is
 * gone, so the buffers and fault_vm_ops outlive every user.
 */
static const struct file_operations remap_fops = {
	.owner = THIS_MODULE,
	.read = kit_read,
	.write = kit_write,
	.llseek = kit_llseek,
	.mmap = remap_mmap,
};

static const struct file_operations fault_fops = {
	.owner = THIS_MODULE,
	.read = kit_read,
	.write = kit_write,
	.llseek = kit_llseek,
#ifdef vma_desc_set_flags
	.mmap_prepare = fault_mmap_prepare,
#else
	.mmap = fault_mmap,
#endif
};

/* Anyone may read and map read-only; only root may write. */
static struct kit_mmap_dev remap_dev = {
	.misc = {
		.minor = MISC_DYNAMIC_MINOR,
		.name = KIT_MMAP_REMAP_NAME,
		.fops = &remap_fops,
		.mode = 0644,
	},
};

static struct kit_mmap_dev fault_dev = {
	.misc = {
		.minor = MISC_DYNAMIC_MINOR,
		.name = KIT_MMAP_FAULT_NAME,
		.fops = &fault_fops,
		.mode = 0644,
	},
};

static int kit_mmap_add(struct kit_mmap_dev *dev)
{
	unsigned int i;
	int ret;

	/*
	 * Both buffers come from vmalloc_user(), which remap_vmalloc_range()
	 * requires; the .fault handler would take any page the kernel can
	 * find with vmalloc_to_page() or own otherwise.
	 */
	dev->buf = vmalloc_user(KIT_MMAP_SIZE);
	if (!dev->buf)
		return -ENOMEM;
	for (i = 0; i < KIT_MMAP_PAGES; i++)
		snprintf(dev->buf + i * PAGE_SIZE, PAGE_SIZE,
			 "%s page %u: hello from the kernel",
			 dev->misc.name, i);

	/* The node can be opened, and mapped, as soon as this returns. */
	ret = misc_register(&dev->misc);
	if (ret)
		vfree(dev->buf);
	return ret;
}

static void kit_mmap_remove(struct kit_mmap_dev *dev)
{
	misc_deregister(&dev->misc);
	vfree(dev->buf);
}

static int __init kit_mmap_init(void)
{
	int ret;

	ret = kit_mmap_add(&remap_dev);
	if (ret)
		return ret;
	ret = kit_mmap_add(&fault_dev);
	if (ret) {
		kit_mmap_remove(&remap_dev);
		return ret;
	}
	pr_info("/dev/%s and /dev/%s ready, %d pages each\n",
		remap_dev.misc.name, fault_dev.misc.name, KIT_MMAP_PAGES);
	return 0;
}

static void __exit kit_mmap_exit(void)
{
	/* No file is open and nothing is mapped, or rmmod would not run. */
	kit_mmap_remove(&fault_dev);
	kit_mmap_remove(&remap_dev);
	pr_info("unloaded\n");
}

module_init(kit_mmap_init);
module_exit(kit_mmap_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("mmap chapter: remap_vmalloc_range and a .fault handler on misc devices");
