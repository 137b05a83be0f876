// SPDX-License-Identifier: GPL-2.0
/*
 * kit_sensors - a factory of simulated thermal cameras, and every way a
 * program can read them.
 *
 *   /dev/kit_sensors      ioctl: one sensor, a batch, or the layout;
 *                         read(): the frames; mmap(): the kernel's own
 *                         buffer, read-only; poll(): a new tick is out
 *   /sys/class/misc/kit_sensors/rate   ticks per second (0 freezes)
 *   /proc/kit_sensors     a summary (seq_file)
 *
 * This file is the device; kit_sensors_producer.c simulates the sensors
 * and runs the thread that rewrites them.  The two share a sequence
 * protocol, explained in kit_sensors.h: every frame carries a sequence
 * count, odd while the producer rewrites it.  Readers never lock, the
 * producer never waits for them, and no reader uses a torn frame: those
 * in user space check the count around what they read in the mapping,
 * and the kernel does the same around each copy it makes for ioctl and
 * read.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/math64.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/nospec.h>
#include <linux/poll.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <linux/vmalloc.h>

#include "kit_sensors_priv.h"

/* The uapi structures have no holes: what is copied out is all defined. */
static_assert(sizeof(struct kit_sensor_frame) == 1600);
static_assert(offsetof(struct kit_sensor_frame, pixels) == 64);
static_assert(sizeof(struct kit_sensors_header) == 32);
static_assert(sizeof(struct kit_sensors_info) == 40);
static_assert(sizeof(struct kit_sensors_batch) == 16);

static unsigned int nr_sensors = 4096;
module_param(nr_sensors, uint, 0444);
MODULE_PARM_DESC(nr_sensors, "number of sensors (1-65536)");

static unsigned int seed = 1;
module_param(seed, uint, 0444);
MODULE_PARM_DESC(seed, "seed of the simulation: the same seed, the same frames");

/* 2 per second: the MLX90640's own default refresh rate. */
static unsigned int init_rate = 2;
module_param_named(rate, init_rate, uint, 0444);
MODULE_PARM_DESC(rate, "ticks per second at load (0-1000, 0: frozen); then see the device's rate attribute");

static struct kit_sensors kit;

/* What each open file remembers: the last tick it was told about. */
struct kit_file {
	u64 seen;
};

/* The last tick published: all of its frames are written. */
static u64 kit_generation(void)
{
	/* Pairs with the smp_store_release() in kit_produce(). */
	return smp_load_acquire(&kit.hdr->generation);
}

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
/* Since 6.3, vm_flags may only change through these helpers. */
static inline void vm_flags_clear(struct vm_area_struct *vma,
				  vm_flags_t flags)
{
	vma->vm_flags &= ~flags;
}
#endif

/*
 * Copy one frame to user space, never torn: the kernel is a reader of
 * the sequence protocol too.  The copy goes straight to the user's
 * buffer; when the producer got in the way, it is simply done again.
 */
static int kit_copy_frame(struct kit_sensor_frame __user *dst,
			  const struct kit_sensor_frame *src)
{
	u32 seq;

	for (;;) {
		/* Pairs with the producer's release of an even seq. */
		seq = smp_load_acquire(&src->seq);
		if (!(seq & 1)) {
			if (copy_to_user(dst, src, sizeof(*dst)))
				return -EFAULT;
			smp_rmb();	/* the copy's loads before the re-check */
			if (READ_ONCE(src->seq) == seq)
				return 0;
		}
		cond_resched();
	}
}

static int kit_open(struct inode *inode, struct file *file)
{
	struct kit_file *kf = kzalloc(sizeof(*kf), GFP_KERNEL);

	if (!kf)
		return -ENOMEM;
	kf->seen = kit_generation();
	file->private_data = kf;
	atomic_inc(&kit.open_files);
	return 0;
}

static int kit_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	atomic_dec(&kit.open_files);
	return 0;
}

/*
 * read(): the frames, from file offset 0, in whole frames only (as
 * evdev hands out whole events): a frame read in two pieces could mix
 * two updates.  A misaligned offset or a buffer smaller than a frame is
 * refused; a short buffer gets as many whole frames as fit.
 */
static ssize_t kit_read(struct file *file, char __user *buf, size_t count,
			loff_t *ppos)
{
	struct kit_sensor_frame __user *dst = (void __user *)buf;
	loff_t size = (loff_t)kit.nr * KIT_FRAME_SIZE;
	u32 first, n, i;
	int ret = 0;

	if (*ppos >= size || !count)
		return 0;
	/* *ppos < size < 2^32 here: 32-bit arithmetic is enough. */
	if ((u32)*ppos % KIT_FRAME_SIZE || count < KIT_FRAME_SIZE)
		return -EINVAL;

	first = (u32)*ppos / KIT_FRAME_SIZE;
	n = min_t(size_t, count / KIT_FRAME_SIZE, kit.nr - first);
	for (i = 0; i < n; i++) {
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		ret = kit_copy_frame(dst + i, &kit.frames[first + i]);
		if (ret)
			break;
		cond_resched();
	}
	if (!i)
		return ret;
	*ppos += (loff_t)i * KIT_FRAME_SIZE;
	return (ssize_t)i * KIT_FRAME_SIZE;
}

/* SEEK_SET, SEEK_CUR and SEEK_END within the frames. */
static loff_t kit_llseek(struct file *file, loff_t offset, int whence)
{
	return fixed_size_llseek(file, offset, whence,
				 (loff_t)kit.nr * KIT_FRAME_SIZE);
}

static long kit_ioctl_info(struct kit_file *kf, void __user *uarg)
{
	/* Every field named or zeroed, and no padding: nothing leaks. */
	struct kit_sensors_info info = {
		.nr_sensors = kit.nr,
		.frame_size = KIT_FRAME_SIZE,
		.frames_offset = KIT_SENSORS_FRAMES_OFFSET,
		.rate = READ_ONCE(kit.rate),
		.map_size = kit.map_size,
		.generation = kit_generation(),
		.seed = kit.seed,
	};

	if (copy_to_user(uarg, &info, sizeof(info)))
		return -EFAULT;
	WRITE_ONCE(kf->seen, info.generation);	/* poll() waits for more */
	return 0;
}

/* The blog's mechanism: one ioctl, one copy, one sensor. */
static long kit_ioctl_get(struct kit_sensors_get __user *uget)
{
	u32 id, reserved;

	if (get_user(id, &uget->id) || get_user(reserved, &uget->reserved))
		return -EFAULT;
	if (reserved || id >= kit.nr)
		return -EINVAL;
	/* id comes from user space: no speculation past the check. */
	id = array_index_nospec(id, kit.nr);
	return kit_copy_frame(&uget->frame, &kit.frames[id]);
}

static long kit_ioctl_batch(struct kit_sensors_batch __user *ubatch)
{
	struct kit_sensor_frame __user *dst;
	struct kit_sensors_batch b;
	u32 first, i;
	int ret;

	if (copy_from_user(&b, ubatch, sizeof(b)))
		return -EFAULT;
	/* first + count may wrap around: compare count with what is left. */
	if (b.first >= kit.nr || !b.count || b.count > kit.nr - b.first)
		return -EINVAL;
	first = array_index_nospec(b.first, kit.nr);
	dst = u64_to_user_ptr(b.frames);
	for (i = 0; i < b.count; i++) {
		if (fatal_signal_pending(current))
			return -EINTR;
		ret = kit_copy_frame(dst + i, &kit.frames[first + i]);
		if (ret)
			return ret;
		cond_resched();
	}
	return 0;
}

static long kit_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case KIT_SENSORS_IOC_INFO:
		return kit_ioctl_info(file->private_data, uarg);
	case KIT_SENSORS_IOC_GET:
		return kit_ioctl_get(uarg);
	case KIT_SENSORS_IOC_BATCH:
		return kit_ioctl_batch(uarg);
	default:
		return -ENOTTY;
	}
}

/* Count the VMAs that map the array, for /proc/kit_sensors. */
static void kit_vm_open(struct vm_area_struct *vma)
{
	atomic_inc(&kit.mappings);	/* a fork or a split copied one */
}

static void kit_vm_close(struct vm_area_struct *vma)
{
	atomic_dec(&kit.mappings);
}

static const struct vm_operations_struct kit_vm_ops = {
	.open = kit_vm_open,
	.close = kit_vm_close,
};

/*
 * mmap(): the header page and the frames, the very pages the producer
 * writes.  Only the producer may write them: a writable mapping is
 * refused, and clearing VM_MAYWRITE stops mprotect() from making one
 * later.  The mapping keeps the file, and so the module, alive: rmmod
 * fails with EBUSY until it is gone.
 */
static int kit_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long pages = kit.map_size >> PAGE_SHIFT;
	int ret;

	if (vma->vm_flags & VM_WRITE)
		return -EACCES;
	if (vma->vm_pgoff >= pages || vma_pages(vma) > pages - vma->vm_pgoff)
		return -EINVAL;
	vm_flags_clear(vma, VM_MAYWRITE);
	/* Inserts every page now (no faults later), sets VM_DONTEXPAND. */
	ret = remap_vmalloc_range(vma, kit.area, vma->vm_pgoff);
	if (ret)
		return ret;
	vma->vm_ops = &kit_vm_ops;
	atomic_inc(&kit.mappings);
	return 0;
}

/*
 * Readable when a tick was published that this file has not been told
 * about (KIT_SENSORS_IOC_INFO tells it).  poll() itself changes nothing:
 * epoll calls it more than once per event.
 */
static __poll_t kit_poll(struct file *file, poll_table *wait)
{
	struct kit_file *kf = file->private_data;

	poll_wait(file, &kit.readers_wq, wait);
	if (kit_generation() != READ_ONCE(kf->seen))
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}

static const struct file_operations kit_fops = {
	.owner = THIS_MODULE,	/* an open file or a mapping pins the module */
	.open = kit_open,
	.release = kit_release,
	.read = kit_read,
	.llseek = kit_llseek,
	.unlocked_ioctl = kit_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = kit_mmap,
	.poll = kit_poll,
};

static ssize_t rate_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(kit.rate));
}

static ssize_t rate_store(struct device *dev, struct device_attribute *attr,
			  const char *buf, size_t count)
{
	unsigned int rate;
	int ret;

	/* kstrtouint() stops at a NUL: "5\0junk" would pass as 5. */
	if (strnlen(buf, count) != count)
		return -EINVAL;
	ret = kstrtouint(buf, 10, &rate);
	if (ret)
		return ret;
	if (rate > KIT_SENSORS_RATE_MAX)
		return -EINVAL;
	ret = kit_set_rate(&kit, rate);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(rate);

static struct attribute *kit_attrs[] = {
	&dev_attr_rate.attr,
	NULL,
};
ATTRIBUTE_GROUPS(kit);

/* Values the producer writes are read without a lock: each is whole. */
static int kit_summary_show(struct seq_file *m, void *v)
{
	seq_printf(m, "sensors: %u\n", kit.nr);
	seq_printf(m, "frame_bytes: %zu\n", KIT_FRAME_SIZE);
	seq_printf(m, "map_bytes: %zu\n", kit.map_size);
	seq_printf(m, "seed: %u\n", kit.seed);
	seq_printf(m, "rate_hz: %u\n", READ_ONCE(kit.rate));
	seq_printf(m, "generation: %llu\n", kit_generation());
	seq_printf(m, "tick_us: %llu\n",
		   div_u64(READ_ONCE(kit.tick_ns), NSEC_PER_USEC));
	seq_printf(m, "warmest_sensor: %u\n", READ_ONCE(kit.warmest_id));
	seq_printf(m, "warmest_mc: %d\n", READ_ONCE(kit.warmest_mc));
	seq_printf(m, "open_files: %d\n", atomic_read(&kit.open_files));
	seq_printf(m, "mappings: %d\n", atomic_read(&kit.mappings));
	return 0;
}

static struct miscdevice kit_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "kit_sensors",
	.fops = &kit_fops,
	.groups = kit_groups,	/* created with the device, before its uevent */
	.mode = 0444,		/* anyone may read; only root sets the rate */
};

static int __init kit_sensors_init(void)
{
	struct kit_sensors *ks = &kit;
	int ret;

	if (nr_sensors < KIT_SENSORS_MIN || nr_sensors > KIT_SENSORS_MAX) {
		pr_err("nr_sensors must be %u to %u, not %u\n",
		       KIT_SENSORS_MIN, KIT_SENSORS_MAX, nr_sensors);
		return -EINVAL;
	}
	if (init_rate > KIT_SENSORS_RATE_MAX) {
		pr_err("rate must be 0 to %u, not %u\n",
		       KIT_SENSORS_RATE_MAX, init_rate);
		return -EINVAL;
	}

	ks->nr = nr_sensors;
	ks->seed = seed;
	ks->rate = init_rate;
	mutex_init(&ks->tick_lock);
	init_waitqueue_head(&ks->producer_wq);
	init_waitqueue_head(&ks->readers_wq);

	/* Zeroed, and VM_USERMAP: remap_vmalloc_range() insists on it. */
	ks->map_size = PAGE_ALIGN(KIT_SENSORS_FRAMES_OFFSET +
				  (size_t)ks->nr * KIT_FRAME_SIZE);
	ks->area = vmalloc_user(ks->map_size);
	if (!ks->area)
		return -ENOMEM;
	ks->hdr = ks->area;
	ks->frames = ks->area + KIT_SENSORS_FRAMES_OFFSET;
	ks->hdr->magic = KIT_SENSORS_MAGIC;
	ks->hdr->version = KIT_SENSORS_VERSION;
	ks->hdr->nr_sensors = ks->nr;
	ks->hdr->frame_size = KIT_FRAME_SIZE;
	ks->hdr->frames_offset = KIT_SENSORS_FRAMES_OFFSET;
	ks->hdr->seed = ks->seed;

	/* Tick 0 before anyone can look: the first reader finds data. */
	kit_produce(ks, 0);

	ret = kit_producer_start(ks);
	if (ret)
		goto err_free;
	if (!proc_create_single("kit_sensors", 0444, NULL, kit_summary_show)) {
		ret = -ENOMEM;
		goto err_stop;
	}
	/* Last: from here on, user space can open the device. */
	ret = misc_register(&kit_misc);
	if (ret)
		goto err_proc;

	pr_info("%u sensors, seed %u, %u ticks/s, %zu bytes mapped\n",
		ks->nr, ks->seed, ks->rate, ks->map_size);
	return 0;

err_proc:
	remove_proc_entry("kit_sensors", NULL);
err_stop:
	kit_producer_stop(ks);
err_free:
	vfree(ks->area);
	return ret;
}

static void __exit kit_sensors_exit(void)
{
	/*
	 * No file is open and nothing is mapped (each would hold a module
	 * reference), so nobody can be using the buffer.
	 */
	misc_deregister(&kit_misc);
	remove_proc_entry("kit_sensors", NULL);
	kit_producer_stop(&kit);
	vfree(kit.area);
	pr_info("unloaded\n");
}

module_init(kit_sensors_init);
module_exit(kit_sensors_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("sensors capstone: ioctl, read, read-only mmap with sequence counts, poll, sysfs and procfs");
