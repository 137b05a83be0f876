// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 08: a buffer that user space maps.
 *
 * /dev/kit_ex08 has a buffer of `pages` pages, filled at load with the
 * words of kit_ex08_word().  read(2) copies it, as the slow path does;
 * mmap(2) maps it, shared, from any page offset: the program and the
 * module then use the same pages.  Your task is the mmap handler.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/vmalloc.h>

#include "kit_ex08.h"

static unsigned int pages = 4;
module_param(pages, uint, 0444);
MODULE_PARM_DESC(pages, "the buffer's size, in pages (1-64)");

static unsigned int seed = 1;
module_param(seed, uint, 0444);
MODULE_PARM_DESC(seed, "the seed of the buffer's first content");

/* Made in init, freed in exit: an open file keeps the module in. */
static u32 *buf;

static ssize_t kit_read(struct file *file, char __user *ubuf, size_t count,
			loff_t *ppos)
{
	return simple_read_from_buffer(ubuf, count, ppos, buf,
				       (size_t)pages * PAGE_SIZE);
}

static int kit_mmap(struct file *file, struct vm_area_struct *vma)
{
	/*
	 * TODO(T1-T4, cut 3): refuse (-EINVAL) a mapping that is not shared
	 * (VM_MAYSHARE, not VM_SHARED: for a file opened read-only,
	 * mmap() clears VM_SHARED of a MAP_SHARED mapping and keeps
	 * VM_MAYSHARE): a private one would write to copies.  Map the pages
	 * of buf from the page offset vma->vm_pgoff on, as many as the
	 * mapping is long: remap_vmalloc_range() does it, and refuses a
	 * mapping that goes past the end of buf.
	 * stub: return -ENODEV;
	 */
	if (!(vma->vm_flags & VM_MAYSHARE))
		return -EINVAL;
	return remap_vmalloc_range(vma, buf, vma->vm_pgoff);
}

static const struct file_operations kit_fops = {
	.owner = THIS_MODULE,
	.read = kit_read,
	.mmap = kit_mmap,
	.llseek = default_llseek,
};

static struct miscdevice kit_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "kit_ex08",
	.fops = &kit_fops,
};

static int __init kit_ex08_init(void)
{
	size_t i, words;
	int ret;

	if (pages < 1 || pages > KIT_EX08_PAGES_MAX)
		return -EINVAL;
	/* Zeroed, page-aligned pages that may be mapped to user space. */
	buf = vmalloc_user((size_t)pages * PAGE_SIZE);
	if (!buf)
		return -ENOMEM;
	words = (size_t)pages * PAGE_SIZE / sizeof(*buf);
	for (i = 0; i < words; i++)
		buf[i] = kit_ex08_word(seed, i);
	ret = misc_register(&kit_misc);
	if (ret)
		vfree(buf);
	return ret;
}

static void __exit kit_ex08_exit(void)
{
	misc_deregister(&kit_misc);
	vfree(buf);
}

module_init(kit_ex08_init);
module_exit(kit_ex08_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Exercise 08: mmap of a vmalloc'ed buffer");
