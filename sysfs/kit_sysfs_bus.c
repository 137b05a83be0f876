// SPDX-License-Identifier: GPL-2.0
/*
 * kit_sysfs_bus - sysfs through the device model: a bus and a class.
 *
 *   /sys/bus/kit_pseudo/value                the howto's pseudo bus and
 *                                            its one value, a bus
 *                                            attribute
 *   /sys/class/kit_sysfs/sensor0/threshold   a device of a class, with
 *   /sys/class/kit_sysfs/sensor0/enabled     two device attributes
 *
 * Drivers rarely make a kobject of their own: their files hang off the
 * bus, class, device or driver they already have, each with its own
 * attribute type (bus_attribute, device_attribute, ...).  The files are
 * named in attribute groups handed over at registration, so that the
 * driver core creates them before it announces the object with a
 * uevent: a udev rule that reads an attribute on "add" must find it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/kdev_t.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/version.h>

#define KIT_TEMP_MIN	-40	/* the sensor's range, in degrees Celsius */
#define KIT_TEMP_MAX	125

/*
 * kstrtoint() would read "12\0junk" as 12: sysfs gives store() the
 * length of the write, so refuse a NUL inside it, then parse.
 */
static int kit_parse_int(const char *buf, size_t count, int min, int max,
			 int *val)
{
	int n;

	if (strnlen(buf, count) != count || kstrtoint(buf, 10, &n) ||
	    n < min || n > max)
		return -EINVAL;
	*val = n;
	return 0;
}

/* --- the bus ---------------------------------------------------------- */

static int bus_value;

/*
 * Since 6.4 the bus core takes a const struct bus_type everywhere, as it
 * should be; 6.1's bus_register() and attribute callbacks want it
 * writable.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define KIT_BUS_CONST const
#else
#define KIT_BUS_CONST
#endif

static ssize_t value_show(KIT_BUS_CONST struct bus_type *bus, char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(bus_value));
}

static ssize_t value_store(KIT_BUS_CONST struct bus_type *bus,
			   const char *buf, size_t count)
{
	int n;

	if (kit_parse_int(buf, count, INT_MIN, INT_MAX, &n))
		return -EINVAL;
	WRITE_ONCE(bus_value, n);
	return count;
}

/* bus_attr_value, with value_show() and value_store(), mode 0644. */
static BUS_ATTR_RW(value);

static struct attribute *kit_bus_attrs[] = {
	&bus_attr_value.attr,
	NULL,
};
ATTRIBUTE_GROUPS(kit_bus);

/*
 * A bus with no devices and no drivers: enough for /sys/bus/kit_pseudo
 * with its devices/ and drivers/ folders and our value beside them.
 */
static KIT_BUS_CONST struct bus_type kit_bus = {
	.name = "kit_pseudo",
	.bus_groups = kit_bus_groups,
};

/* --- the class and its device ------------------------------------------ */

struct kit_sensor {
	int threshold;
	bool enabled;
};

static struct kit_sensor sensor0 = {
	.threshold = 25,
	.enabled = true,
};

static ssize_t threshold_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	struct kit_sensor *s = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%d\n", READ_ONCE(s->threshold));
}

static ssize_t threshold_store(struct device *dev,
			       struct device_attribute *attr,
			       const char *buf, size_t count)
{
	struct kit_sensor *s = dev_get_drvdata(dev);
	int n;

	if (kit_parse_int(buf, count, KIT_TEMP_MIN, KIT_TEMP_MAX, &n))
		return -EINVAL;
	WRITE_ONCE(s->threshold, n);
	return count;
}
static DEVICE_ATTR_RW(threshold);

static ssize_t enabled_show(struct device *dev,
			    struct device_attribute *attr, char *buf)
{
	struct kit_sensor *s = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%d\n", READ_ONCE(s->enabled));
}

/* kstrtobool() takes 1/0, y/n, on/off: it reads only the first letters. */
static ssize_t enabled_store(struct device *dev,
			     struct device_attribute *attr,
			     const char *buf, size_t count)
{
	struct kit_sensor *s = dev_get_drvdata(dev);
	bool on;

	if (strnlen(buf, count) != count || kstrtobool(buf, &on))
		return -EINVAL;
	WRITE_ONCE(s->enabled, on);
	return count;
}
static DEVICE_ATTR_RW(enabled);

static struct attribute *kit_sensor_attrs[] = {
	&dev_attr_threshold.attr,
	&dev_attr_enabled.attr,
	NULL,
};
ATTRIBUTE_GROUPS(kit_sensor);

/*
 * A class registered from a static struct: class_create() changed its
 * arguments in 6.4 (the module owner went away), class_register() did
 * not.  (It should be const, but 6.1's class_register() wants it
 * writable.)
 */
static struct class kit_class = {
	.name = "kit_sysfs",
};

static struct device *sensor_dev;

static int __init kit_sysfs_bus_init(void)
{
	int ret;

	ret = bus_register(&kit_bus);
	if (ret)
		return ret;
	ret = class_register(&kit_class);
	if (ret)
		goto err_bus;

	/*
	 * No parent (it lands in /sys/devices/virtual) and no dev_t (no
	 * /dev node): a device that is only its attributes.  The groups
	 * are created inside this call, before the "add" uevent.
	 */
	sensor_dev = device_create_with_groups(&kit_class, NULL, MKDEV(0, 0),
					       &sensor0, kit_sensor_groups,
					       "sensor0");
	if (IS_ERR(sensor_dev)) {
		ret = PTR_ERR(sensor_dev);
		goto err_class;
	}

	pr_info("loaded: /sys/bus/%s, /sys/class/%s/%s\n", kit_bus.name,
		kit_class.name, dev_name(sensor_dev));
	return 0;

err_class:
	class_unregister(&kit_class);
err_bus:
	bus_unregister(&kit_bus);
	return ret;
}

static void __exit kit_sysfs_bus_exit(void)
{
	/* In reverse order; each call waits for show()/store() in flight. */
	device_unregister(sensor_dev);
	class_unregister(&kit_class);
	bus_unregister(&kit_bus);
	pr_info("unloaded\n");
}

module_init(kit_sysfs_bus_init);
module_exit(kit_sysfs_bus_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("sysfs chapter: a bus attribute and a class device's attributes");
