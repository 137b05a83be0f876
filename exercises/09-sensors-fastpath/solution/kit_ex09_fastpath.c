// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 09: the fast path of a sensor array.
 *
 * Thousands of sensors, each with a thermal image, read many times a
 * second: a system call and a copy per frame cost too much.  The module
 * keeps the frames in an area that user space maps read-only, and
 * updates each frame in place with a sequence number that tells a
 * reader whether its copy is whole (kit_ex09.h has the protocol and the
 * reader).
 *
 * Given: the device, and its ioctls, which the tests drive: TICK, BEGIN
 * and END are the producer, READ_FRAME the slow path.  Yours: where the
 * frames are, their first content, the mapping, and the writer's side
 * of the protocol.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <linux/vmalloc.h>

#include "kit_ex09.h"

static unsigned int nr_sensors = 8;
module_param(nr_sensors, uint, 0444);
MODULE_PARM_DESC(nr_sensors, "the number of sensors (1-64)");

static unsigned int seed = 1;
module_param(seed, uint, 0444);
MODULE_PARM_DESC(seed, "the seed of the simulated scene");

static DEFINE_MUTEX(lock);	/* one writer at a time; the slow path */
static void *area;		/* the frames, as user space maps them */
static bool half_written[KIT_EX09_SENSORS_MAX];	/* BEGIN without END */

static struct kit_ex09_frame *frame_of(u32 sensor)
{
	/*
	 * TODO(T1, cut 1): the frame of a sensor, as kit_ex09.h lays the
	 * area out.
	 * stub: return area;
	 */
	return area + (size_t)sensor * KIT_EX09_FRAME_SIZE;
}

/* The fields of frame number count of a sensor. */
static void frame_fill(struct kit_ex09_frame *f, u32 sensor, u64 count)
{
	s32 temp = kit_ex09_temp(seed, sensor, count);
	int x, y;

	f->count = count;
	f->temp = temp;
	for (y = 0; y < KIT_EX09_HEIGHT; y++)
		for (x = 0; x < KIT_EX09_WIDTH; x++)
			f->pixels[y][x] = kit_ex09_pixel(temp, count, y, x);
}

/* The writer starts a frame: readers must see that before any field. */
static void frame_begin(struct kit_ex09_frame *f)
{
	/*
	 * TODO(T3, cut 2): make seq odd, then a write barrier, so that no
	 * field's new value is visible before the odd seq.
	 */
	WRITE_ONCE(f->seq, f->seq + 1);
	smp_wmb();	/* the odd seq, then the fields */
}

/* The writer ends a frame: the fields are visible before the even seq. */
static void frame_end(struct kit_ex09_frame *f)
{
	/*
	 * TODO(T3, cut 2): a write barrier, then make seq even again, so
	 * that a reader who sees the even seq sees every new field.
	 */
	smp_wmb();	/* the fields, then the even seq */
	WRITE_ONCE(f->seq, f->seq + 1);
}

static int kit_mmap(struct file *file, struct vm_area_struct *vma)
{
	/*
	 * TODO(T1-T2, cut 8): refuse a writable mapping (-EPERM) and keep
	 * it from becoming one later (mprotect): clear VM_MAYWRITE, with
	 * vm_flags_clear() since 6.3.  Then map the area from the page
	 * offset on (remap_vmalloc_range() refuses to go past its end).
	 * stub: return -ENODEV;
	 */
	if (vma->vm_flags & VM_WRITE)
		return -EPERM;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_clear(vma, VM_MAYWRITE);
#else
	vma->vm_flags &= ~VM_MAYWRITE;
#endif
	return remap_vmalloc_range(vma, area, vma->vm_pgoff);
}

/* The producer: new frames of a sensor, or half of one. */
static long produce(unsigned int cmd, void __user *uarg)
{
	struct kit_ex09_tick t = { .frames = 1 };
	struct kit_ex09_frame *f;
	long ret = 0;
	u32 i;

	if (cmd == KIT_EX09_TICK ? copy_from_user(&t, uarg, sizeof(t)) :
				   get_user(t.sensor, (u32 __user *)uarg))
		return -EFAULT;
	if (t.sensor >= nr_sensors || t.frames > 1000)
		return -EINVAL;
	mutex_lock(&lock);
	f = frame_of(t.sensor);
	if (cmd == KIT_EX09_END && !half_written[t.sensor]) {
		ret = -EINVAL;
	} else if (cmd != KIT_EX09_END && half_written[t.sensor]) {
		ret = -EBUSY;
	} else if (cmd == KIT_EX09_BEGIN) {
		frame_begin(f);
		half_written[t.sensor] = true;
	} else if (cmd == KIT_EX09_END) {
		frame_fill(f, t.sensor, f->count + 1);
		frame_end(f);
		half_written[t.sensor] = false;
	} else {
		for (i = 0; i < t.frames; i++) {
			frame_begin(f);
			frame_fill(f, t.sensor, f->count + 1);
			frame_end(f);
		}
	}
	mutex_unlock(&lock);
	return ret;
}

/* The slow path: a copy of a frame, under the lock. */
static long read_frame(struct kit_ex09_frame __user *ufr)
{
	u32 sensor;
	long ret;

	if (get_user(sensor, &ufr->sensor))
		return -EFAULT;
	if (sensor >= nr_sensors)
		return -EINVAL;
	mutex_lock(&lock);
	ret = copy_to_user(ufr, frame_of(sensor), sizeof(*ufr)) ? -EFAULT : 0;
	mutex_unlock(&lock);
	return ret;
}

static long kit_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case KIT_EX09_TICK:
	case KIT_EX09_BEGIN:
	case KIT_EX09_END:
		return produce(cmd, (void __user *)arg);
	case KIT_EX09_READ_FRAME:
		return read_frame((void __user *)arg);
	}
	return -ENOTTY;
}

static const struct file_operations kit_fops = {
	.owner = THIS_MODULE,
	.mmap = kit_mmap,
	.unlocked_ioctl = kit_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice kit_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "kit_ex09",
	.fops = &kit_fops,
};

static int __init kit_ex09_init(void)
{
	u32 i;
	int ret;

	if (nr_sensors < 1 || nr_sensors > KIT_EX09_SENSORS_MAX)
		return -EINVAL;
	/* Zeroed pages that may be mapped to user space, whole pages. */
	area = vmalloc_user(PAGE_ALIGN((size_t)nr_sensors *
				       KIT_EX09_FRAME_SIZE));
	if (!area)
		return -ENOMEM;
	/*
	 * TODO(T1, cut 4): give every frame its sensor's index and its
	 * frame number 0 (seq stays 0: stable).
	 */
	for (i = 0; i < nr_sensors; i++) {
		frame_of(i)->sensor = i;
		frame_fill(frame_of(i), i, 0);
	}
	ret = misc_register(&kit_misc);
	if (ret)
		vfree(area);
	return ret;
}

static void __exit kit_ex09_exit(void)
{
	/* An open file or a mapping keeps the module in: area is unused. */
	misc_deregister(&kit_misc);
	vfree(area);
}

module_init(kit_ex09_init);
module_exit(kit_ex09_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Exercise 09: a read-only mmap fast path with per-frame sequence numbers");
