// SPDX-License-Identifier: GPL-2.0
/*
 * kit_configfs - kernel objects that user space creates with mkdir(2).
 *
 *   /sys/kernel/config/kit_configfs/             the subsystem
 *     items                 read-only: items in the directory now
 *     alive                 read-only: items made, not yet freed
 *     <name>/               mkdir makes an item, rmdir removes it
 *       label               a string of 1 to 31 bytes
 *       celsius             a number from -40 to 125
 *       fahrenheit          read-only, derived from celsius
 *
 * In sysfs the kernel decides which objects exist and user space only
 * tunes them; in configfs user space decides.  The module describes
 * what an item looks like (a config_item_type with its attributes) and
 * how to make one (make_item); configfs does the rest, and calls
 * release when the last reference to an item is gone.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/configfs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#define KIT_LABEL_MAX	32	/* the label buffer, with its final NUL */
#define KIT_TEMP_MIN	-40
#define KIT_TEMP_MAX	125

struct kit_item {
	struct config_item item;
	struct mutex lock;		/* keeps a label whole for readers */
	char label[KIT_LABEL_MAX];
	int celsius;
};

/* Items made by mkdir and not yet released: a leak would show here. */
static atomic_t nr_alive = ATOMIC_INIT(0);

static inline struct kit_item *to_kit_item(struct config_item *item)
{
	return container_of(item, struct kit_item, item);
}

/*
 * configfs hands show() a zeroed page and store() the bytes of one
 * write(2) (at most a page less one byte) with a NUL after them.
 */
static ssize_t kit_item_label_show(struct config_item *item, char *page)
{
	struct kit_item *ki = to_kit_item(item);
	ssize_t len;

	mutex_lock(&ki->lock);
	len = sysfs_emit(page, "%s\n", ki->label);
	mutex_unlock(&ki->lock);
	return len;
}

/*
 * A label is one line of 1 to 31 bytes; echo's newline is dropped.  An
 * empty, overlong or multi-line label, or one with a NUL inside, is
 * refused before the old label is touched.
 */
static ssize_t kit_item_label_store(struct config_item *item,
				    const char *page, size_t count)
{
	struct kit_item *ki = to_kit_item(item);
	size_t len = count;

	if (len && page[len - 1] == '\n')
		len--;
	if (len == 0 || len >= KIT_LABEL_MAX || strnlen(page, len) != len ||
	    memchr(page, '\n', len))
		return -EINVAL;

	mutex_lock(&ki->lock);
	memcpy(ki->label, page, len);
	ki->label[len] = '\0';
	mutex_unlock(&ki->lock);
	return count;
}

static ssize_t kit_item_celsius_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(to_kit_item(item)->celsius));
}

/* kstrtoint() would stop at a NUL: "12\0junk" must not read as 12. */
static ssize_t kit_item_celsius_store(struct config_item *item,
				      const char *page, size_t count)
{
	int n;

	if (strnlen(page, count) != count || kstrtoint(page, 10, &n) ||
	    n < KIT_TEMP_MIN || n > KIT_TEMP_MAX)
		return -EINVAL;
	WRITE_ONCE(to_kit_item(item)->celsius, n);
	return count;
}

/* Derived on every read, so it can never disagree with celsius. */
static ssize_t kit_item_fahrenheit_show(struct config_item *item, char *page)
{
	int c = READ_ONCE(to_kit_item(item)->celsius);

	return sysfs_emit(page, "%d\n", DIV_ROUND_CLOSEST(c * 9, 5) + 32);
}

/* kit_item_attr_<name>, calling kit_item_<name>_show() and _store(). */
CONFIGFS_ATTR(kit_item_, label);
CONFIGFS_ATTR(kit_item_, celsius);
CONFIGFS_ATTR_RO(kit_item_, fahrenheit);

static struct configfs_attribute *kit_item_attrs[] = {
	&kit_item_attr_label,
	&kit_item_attr_celsius,
	&kit_item_attr_fahrenheit,
	NULL,
};

/*
 * The last config_item_put(): at rmdir.  An open attribute file holds
 * the module, not the item, so it does not delay this (its read and
 * write then fail with ENOENT).
 */
static void kit_item_release(struct config_item *item)
{
	kfree(to_kit_item(item));
	atomic_dec(&nr_alive);
}

static struct configfs_item_operations kit_item_ops = {
	.release = kit_item_release,
};

/*
 * .ct_owner: while an item exists configfs holds a reference on this
 * module (and an open attribute file holds one through .ca_owner, which
 * CONFIGFS_ATTR sets), so rmmod cannot pull the code from under them.
 */
static const struct config_item_type kit_item_type = {
	.ct_item_ops = &kit_item_ops,
	.ct_attrs = kit_item_attrs,
	.ct_owner = THIS_MODULE,
};

/* mkdir(2) in the subsystem's directory: make an item called name. */
static struct config_item *kit_make_item(struct config_group *group,
					 const char *name)
{
	struct kit_item *ki = kzalloc(sizeof(*ki), GFP_KERNEL);

	if (!ki)
		return ERR_PTR(-ENOMEM);
	mutex_init(&ki->lock);
	ki->celsius = 20;
	config_item_init_type_name(&ki->item, name, &kit_item_type);
	atomic_inc(&nr_alive);
	return &ki->item;
}

/*
 * rmdir(2) is handled by configfs alone: with no .drop_item it unlinks
 * the item and drops the reference that make_item returned.
 */
static struct configfs_group_operations kit_group_ops = {
	.make_item = kit_make_item,
};

static struct configfs_subsystem kit_subsys;

/*
 * configfs takes the subsystem mutex while it links or unlinks an item,
 * so a walk of cg_children under it sees each item whole.
 */
static ssize_t kit_group_items_show(struct config_item *item, char *page)
{
	struct config_item *child;
	unsigned int n = 0;

	mutex_lock(&kit_subsys.su_mutex);
	list_for_each_entry(child, &kit_subsys.su_group.cg_children, ci_entry)
		n++;
	mutex_unlock(&kit_subsys.su_mutex);
	return sysfs_emit(page, "%u\n", n);
}

static ssize_t kit_group_alive_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", atomic_read(&nr_alive));
}

CONFIGFS_ATTR_RO(kit_group_, items);
CONFIGFS_ATTR_RO(kit_group_, alive);

static struct configfs_attribute *kit_group_attrs[] = {
	&kit_group_attr_items,
	&kit_group_attr_alive,
	NULL,
};

static const struct config_item_type kit_group_type = {
	.ct_group_ops = &kit_group_ops,
	.ct_attrs = kit_group_attrs,
	.ct_owner = THIS_MODULE,
};

static struct configfs_subsystem kit_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf = "kit_configfs",
			.ci_type = &kit_group_type,
		},
	},
};

static int __init kit_configfs_init(void)
{
	int ret;

	/* Both must be ready before the directory appears. */
	config_group_init(&kit_subsys.su_group);
	mutex_init(&kit_subsys.su_mutex);
	ret = configfs_register_subsystem(&kit_subsys);
	if (ret) {
		pr_err("cannot register the subsystem: %d\n", ret);
		return ret;
	}
	pr_info("loaded: mkdir /sys/kernel/config/kit_configfs/<name>\n");
	return 0;
}

/*
 * Runs only when no item exists (each pins the module), so there is
 * nothing of ours left to free.
 */
static void __exit kit_configfs_exit(void)
{
	configfs_unregister_subsystem(&kit_subsys);
	pr_info("unloaded\n");
}

module_init(kit_configfs_init);
module_exit(kit_configfs_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("configfs chapter: items made by mkdir, configured by echo");
