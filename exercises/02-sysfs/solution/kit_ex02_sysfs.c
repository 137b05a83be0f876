// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 02: a thermostat in sysfs.
 *
 * /sys/kernel/kit_ex02/ has three attributes, one value each:
 *   threshold  (0644) the alarm threshold, in millidegrees Celsius,
 *              from -50000 to 150000; the module parameter sets it first
 *   reading    (0200) a new reading from the sensor, any int: a reading
 *              above the threshold raises an alarm
 *   alarms     (0444) how many readings were above the threshold
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#define KIT_EX02_MIN	-50000
#define KIT_EX02_MAX	150000

static int threshold = 30000;
module_param(threshold, int, 0444);
MODULE_PARM_DESC(threshold, "the first alarm threshold, in millidegrees Celsius");

/* threshold and alarms change together: a reading sees one threshold. */
static DEFINE_MUTEX(lock);
static unsigned int alarms;
static struct kobject *kit_kobj;

static ssize_t threshold_show(struct kobject *kobj, struct kobj_attribute *attr,
			      char *buf)
{
	/*
	 * TODO(T2, cut 6): print the threshold and a newline.
	 * stub: return -ENOSYS;
	 */
	int val;

	mutex_lock(&lock);
	val = threshold;
	mutex_unlock(&lock);
	return sysfs_emit(buf, "%d\n", val);
}

static ssize_t threshold_store(struct kobject *kobj,
			       struct kobj_attribute *attr,
			       const char *buf, size_t count)
{
	/*
	 * TODO(T3, cut 14): parse a decimal int (kstrtoint() allows one
	 * trailing newline and gives its own error; it stops at a NUL, so
	 * refuse one inside the count bytes with -EINVAL), refuse a value
	 * out of [KIT_EX02_MIN, KIT_EX02_MAX] with -EINVAL, store it.
	 * stub: return -ENOSYS;
	 */
	int val, ret;

	/* kstrtoint() stops at a NUL: "12\0junk" must not read as 12. */
	if (strnlen(buf, count) != count)
		return -EINVAL;
	ret = kstrtoint(buf, 10, &val);
	if (ret)
		return ret;
	if (val < KIT_EX02_MIN || val > KIT_EX02_MAX)
		return -EINVAL;
	mutex_lock(&lock);
	threshold = val;
	mutex_unlock(&lock);
	return count;
}

static ssize_t reading_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	/*
	 * TODO(T4, cut 12): parse a decimal int (no NUL inside, as for
	 * threshold); count an alarm when it is above the threshold.
	 * stub: return -ENOSYS;
	 */
	int val, ret;

	if (strnlen(buf, count) != count)
		return -EINVAL;
	ret = kstrtoint(buf, 10, &val);
	if (ret)
		return ret;
	mutex_lock(&lock);
	if (val > threshold)
		alarms++;
	mutex_unlock(&lock);
	return count;
}

static ssize_t alarms_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	/*
	 * TODO(T4, cut 6): print the number of alarms and a newline.
	 * stub: return -ENOSYS;
	 */
	unsigned int val;

	mutex_lock(&lock);
	val = alarms;
	mutex_unlock(&lock);
	return sysfs_emit(buf, "%u\n", val);
}

static struct kobj_attribute threshold_attr = __ATTR_RW(threshold);
static struct kobj_attribute reading_attr = __ATTR_WO(reading);
static struct kobj_attribute alarms_attr = __ATTR_RO(alarms);

static struct attribute *kit_attrs[] = {
	&threshold_attr.attr,
	&reading_attr.attr,
	&alarms_attr.attr,
	NULL,
};

static const struct attribute_group kit_group = {
	.attrs = kit_attrs,
};

static int __init kit_ex02_init(void)
{
	/*
	 * TODO(T1, cut 11): refuse a threshold parameter out of range
	 * (-EINVAL); make the kobject kit_ex02 below kernel_kobj and
	 * give it kit_group; undo what was done when a step fails.
	 * stub: return 0;
	 */
	int ret;

	if (threshold < KIT_EX02_MIN || threshold > KIT_EX02_MAX)
		return -EINVAL;
	kit_kobj = kobject_create_and_add("kit_ex02", kernel_kobj);
	if (!kit_kobj)
		return -ENOMEM;
	ret = sysfs_create_group(kit_kobj, &kit_group);
	if (ret)
		kobject_put(kit_kobj);
	return ret;
}

static void __exit kit_ex02_exit(void)
{
	/* TODO(T1, cut 1): remove the kobject and its attributes. */
	kobject_put(kit_kobj);
}

module_init(kit_ex02_init);
module_exit(kit_ex02_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Exercise 02: show and store of sysfs attributes");
