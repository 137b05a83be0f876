// SPDX-License-Identifier: GPL-2.0
/*
 * kit_sysfs - module parameters and a directory of our own in /sys/fs.
 *
 *   /sys/module/kit_sysfs/parameters/initial  read-only: the value first
 *                                             and second start with
 *   /sys/module/kit_sysfs/parameters/verbose  writable at run time: log
 *                                             every change when Y
 *   /sys/module/kit_sysfs/parameters/limit    writable, checked on every
 *                                             write by module_param_cb
 *   /sys/fs/kit_sysfs/first, .../second       one integer each, between
 *                                             -limit and limit
 *
 * This is the howto's /sys/fs/myfs example done the modern way: a
 * kobject made with kobject_create_and_add() below fs_kobj, its files in
 * an attribute group, values printed with sysfs_emit() and parsed with
 * kstrtoint().  As in the howto, first and second share one show and one
 * store, which find their value with container_of().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>		/* fs_kobj */
#include <linux/kobject.h>
#include <linux/math.h>		/* abs() */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#define KIT_LIMIT_MAX	1000000

/*
 * 0444: set on the insmod line, then shown but never changed, because
 * the module only uses it once, in init.
 */
static int initial;
module_param(initial, int, 0444);
MODULE_PARM_DESC(initial, "the value first and second start with");

/*
 * 0644: root may change it at any time and the module is not told; it
 * simply reads the variable when it needs it.
 */
static bool verbose;
module_param(verbose, bool, 0644);
MODULE_PARM_DESC(verbose, "log every change of first and second (Y/N)");

/* An attribute that carries its value: the howto's own attribute type. */
struct kit_value {
	struct kobj_attribute attr;
	int value;
};

static struct kit_value first, second;

/*
 * limit, first and second agree under kit_lock: a value is checked
 * against the limit and stored, or the limit against the values and
 * stored, in one step, so neither ends outside -limit..limit.
 */
static DEFINE_MUTEX(kit_lock);

/*
 * A parameter with its own set function can refuse a value: the write
 * (or the insmod) fails and the old value stays.  The parameter code
 * calls it with the module's parameter lock held, so two writers cannot
 * interleave; show() reads the values without a lock, hence WRITE_ONCE()
 * and READ_ONCE().  A limit below what first or second holds is
 * refused: lower them first.
 */
static int limit = 100;

static int limit_set(const char *val, const struct kernel_param *kp)
{
	int n, ret = -EINVAL;

	/* Base 0, like every other integer parameter: 0x10 is 16. */
	if (kstrtoint(val, 0, &n) || n < 1 || n > KIT_LIMIT_MAX)
		return -EINVAL;
	mutex_lock(&kit_lock);
	if (abs(first.value) <= n && abs(second.value) <= n) {
		WRITE_ONCE(*(int *)kp->arg, n);
		ret = 0;
	}
	mutex_unlock(&kit_lock);
	return ret;
}

static const struct kernel_param_ops limit_ops = {
	.set = limit_set,
	.get = param_get_int,
};

module_param_cb(limit, &limit_ops, &limit, 0644);
MODULE_PARM_DESC(limit, "largest magnitude first and second accept (1-1000000)");

static ssize_t value_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct kit_value *v = container_of(attr, struct kit_value, attr);

	/* One value per file, ended by a newline. */
	return sysfs_emit(buf, "%d\n", READ_ONCE(v->value));
}

/*
 * sysfs hands store() the bytes of one write(2), at most a page, with a
 * NUL after them.  kstrtoint() takes an optional sign, digits and one
 * trailing newline (echo adds it); anything else is -EINVAL.  It would
 * stop at a NUL, reading "12\0junk" as 12, so a NUL inside the count is
 * refused first.  Every refusal happens before the value is touched.
 */
static ssize_t value_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	struct kit_value *v = container_of(attr, struct kit_value, attr);
	int n;

	if (strnlen(buf, count) != count || kstrtoint(buf, 10, &n))
		return -EINVAL;
	mutex_lock(&kit_lock);
	if (n < -limit || n > limit) {
		mutex_unlock(&kit_lock);
		return -EINVAL;
	}
	/* An int is written whole: readers need no lock. */
	WRITE_ONCE(v->value, n);
	mutex_unlock(&kit_lock);
	if (READ_ONCE(verbose))
		pr_info("%s = %d\n", attr->attr.name, n);
	return count;
}

static struct kit_value first = {
	.attr = __ATTR(first, 0644, value_show, value_store),
};

static struct kit_value second = {
	.attr = __ATTR(second, 0644, value_show, value_store),
};

static struct attribute *kit_attrs[] = {
	&first.attr.attr,
	&second.attr.attr,
	NULL,
};

static const struct attribute_group kit_group = {
	.attrs = kit_attrs,
};

static struct kobject *kit_kobj;

static int __init kit_sysfs_init(void)
{
	int ret;

	/* The parameters are set by now; refuse a start beyond the limit. */
	if (initial < -limit || initial > limit) {
		pr_err("initial must be between -%d and %d, not %d\n",
		       limit, limit, initial);
		return -EINVAL;
	}
	first.value = initial;
	second.value = initial;

	/* /sys/fs/kit_sysfs: fs_kobj is the kobject of /sys/fs. */
	kit_kobj = kobject_create_and_add("kit_sysfs", fs_kobj);
	if (!kit_kobj)
		return -ENOMEM;
	ret = sysfs_create_group(kit_kobj, &kit_group);
	if (ret) {
		kobject_put(kit_kobj);
		return ret;
	}

	pr_info("loaded: first = second = %d, limit %d\n", initial, limit);
	return 0;
}

static void __exit kit_sysfs_exit(void)
{
	/*
	 * The last put removes the directory and its files, waiting for
	 * show() and store() calls in progress; open files then read
	 * -ENODEV.  first and second are static, so nothing is freed.
	 */
	kobject_put(kit_kobj);
	pr_info("unloaded\n");
}

module_init(kit_sysfs_init);
module_exit(kit_sysfs_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("sysfs chapter: module parameters and /sys/fs/kit_sysfs");
