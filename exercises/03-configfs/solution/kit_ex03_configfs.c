// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 03: sensors that user space creates, in configfs.
 *
 * /sys/kernel/config/kit_ex03/ is a configfs subsystem:
 *   items              (0444) how many sensors exist
 *   mkdir sensor<any>  makes a sensor; rmdir removes it; any other name
 *                      is refused
 *   <sensor>/threshold (0644) the sensor's alarm threshold, in
 *                      millidegrees Celsius, -50000 to 150000, first 30000
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/configfs.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

/* kzalloc_obj() (newer than 6.12) sizes the allocation by the pointer's type. */
#ifndef kzalloc_obj
#define kzalloc_obj(obj, gfp) kzalloc(sizeof(obj), gfp)
#endif

#define KIT_EX03_MIN	-50000
#define KIT_EX03_MAX	150000

struct kit_sensor {
	struct config_item item;
	/*
	 * One int, stored and loaded whole: no lock.  configfs does not
	 * serialise an item's show and store (its buffer mutex is per
	 * open file), so a value of several words would need one.
	 */
	int threshold;
};

static atomic_t nr_items = ATOMIC_INIT(0);

static struct kit_sensor *to_sensor(struct config_item *item)
{
	return container_of(item, struct kit_sensor, item);
}

static ssize_t sensor_threshold_show(struct config_item *item, char *page)
{
	/*
	 * TODO(T3, cut 1): print the sensor's threshold and a newline.
	 * stub: return -ENOSYS;
	 */
	return sysfs_emit(page, "%d\n", to_sensor(item)->threshold);
}

static ssize_t sensor_threshold_store(struct config_item *item,
				      const char *page, size_t count)
{
	/*
	 * TODO(T3, cut 12): parse a decimal int (kstrtoint(); it stops at
	 * a NUL, so refuse one inside the count bytes with -EINVAL),
	 * refuse a value out of [KIT_EX03_MIN, KIT_EX03_MAX] with -EINVAL,
	 * store it.
	 * stub: return -ENOSYS;
	 */
	int val, ret;

	/* kstrtoint() stops at a NUL: "12\0junk" must not read as 12. */
	if (strnlen(page, count) != count)
		return -EINVAL;
	ret = kstrtoint(page, 10, &val);
	if (ret)
		return ret;
	if (val < KIT_EX03_MIN || val > KIT_EX03_MAX)
		return -EINVAL;
	to_sensor(item)->threshold = val;
	return count;
}

CONFIGFS_ATTR(sensor_, threshold);

static struct configfs_attribute *sensor_attrs[] = {
	&sensor_attr_threshold,
	NULL,
};

/* The last reference to a sensor is gone: free it. */
static void sensor_release(struct config_item *item)
{
	kfree(to_sensor(item));
}

static struct configfs_item_operations sensor_item_ops = {
	.release = sensor_release,
};

static const struct config_item_type sensor_type = {
	.ct_item_ops = &sensor_item_ops,
	.ct_attrs = sensor_attrs,
	.ct_owner = THIS_MODULE,
};

/* mkdir(2) in the subsystem's directory. */
static struct config_item *kit_make_item(struct config_group *group,
					 const char *name)
{
	/*
	 * TODO(T2, cut 11): refuse (-EINVAL) a name that does not start
	 * with "sensor"; allocate a kit_sensor, initialise its item with
	 * the name and sensor_type, set its threshold to 30000, count it.
	 * stub: return ERR_PTR(-ENOSYS);
	 */
	struct kit_sensor *s;

	if (strncmp(name, "sensor", 6))
		return ERR_PTR(-EINVAL);
	s = kzalloc_obj(*s, GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	config_item_init_type_name(&s->item, name, &sensor_type);
	s->threshold = 30000;
	atomic_inc(&nr_items);
	return &s->item;
}

/* rmdir(2): uncount the sensor and drop the reference that mkdir made. */
static void kit_drop_item(struct config_group *group, struct config_item *item)
{
	/* TODO(T2, cut 2): uncount the sensor, put the item. */
	atomic_dec(&nr_items);
	config_item_put(item);
}

static ssize_t kit_items_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", atomic_read(&nr_items));
}

CONFIGFS_ATTR_RO(kit_, items);

static struct configfs_attribute *kit_attrs[] = {
	&kit_attr_items,
	NULL,
};

static struct configfs_group_operations kit_group_ops = {
	.make_item = kit_make_item,
	.drop_item = kit_drop_item,
};

static const struct config_item_type kit_subsys_type = {
	.ct_group_ops = &kit_group_ops,
	.ct_attrs = kit_attrs,
	.ct_owner = THIS_MODULE,
};

static struct configfs_subsystem kit_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf = "kit_ex03",
			.ci_type = &kit_subsys_type,
		},
	},
};

static int __init kit_ex03_init(void)
{
	/*
	 * TODO(T1, cut 3): initialise the subsystem's group and mutex, and
	 * register it.
	 * stub: return 0;
	 */
	config_group_init(&kit_subsys.su_group);
	mutex_init(&kit_subsys.su_mutex);
	return configfs_register_subsystem(&kit_subsys);
}

static void __exit kit_ex03_exit(void)
{
	/* TODO(T1, cut 1): unregister the subsystem. */
	configfs_unregister_subsystem(&kit_subsys);
}

module_init(kit_ex03_init);
module_exit(kit_ex03_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Exercise 03: items that user space makes in configfs");
