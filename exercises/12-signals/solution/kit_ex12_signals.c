// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 12: signals from the kernel, safe against PID reuse.
 *
 * /dev/kit_ex12: a process registers itself (or a process it may
 * signal) with KIT_EX12_REGISTER; a number written to the device (by
 * root) is an event, and every registrant gets its real-time signal
 * with that number as si_value.  A registration holds a reference to
 * the process's struct pid and ends with KIT_EX12_UNREGISTER or when its
 * file is closed.  The device, the event's parsing, the status text and
 * the ioctl dispatch are given.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "kit_ex12.h"

/* kzalloc_obj() (newer than 6.12) sizes the allocation by the pointer's type. */
#ifndef kzalloc_obj
#define kzalloc_obj(obj, gfp) kzalloc(sizeof(obj), gfp)
#endif

struct kit_reg {
	struct list_head node;
	struct pid *pid;
	int signo;
};

static DEFINE_MUTEX(kit_lock);
static LIST_HEAD(kit_regs);

/* kill(2)'s rule: may the caller signal t?  Under rcu_read_lock(). */
static bool kit_may_signal(struct task_struct *t)
{
	const struct cred *cred = current_cred();
	const struct cred *tcred = __task_cred(t);

	return uid_eq(cred->euid, tcred->suid) ||
	       uid_eq(cred->euid, tcred->uid) ||
	       uid_eq(cred->uid, tcred->suid) ||
	       uid_eq(cred->uid, tcred->uid) ||
	       ns_capable(tcred->user_ns, CAP_KILL);
}

/* A reference to the struct pid that nr names, or an ERR_PTR. */
static struct pid *kit_get_target(pid_t nr)
{
	struct task_struct *t;
	struct pid *pid;
	bool ok;

	/*
	 * TODO(T1, cut 2): nr 0 is the calling thread: a reference to its
	 * struct pid.
	 */
	if (!nr)
		return get_task_pid(current, PIDTYPE_PID);
	/*
	 * TODO(T4, cut 14): another process: -EINVAL for a negative number,
	 * -ESRCH if there is none, -EPERM if the caller may not signal it
	 * (kit_may_signal()).  Drop the reference you took on every error.
	 * stub: return ERR_PTR(-ENOSYS);
	 */
	if (nr < 0)
		return ERR_PTR(-EINVAL);
	pid = find_get_pid(nr);
	if (!pid)
		return ERR_PTR(-ESRCH);
	rcu_read_lock();
	t = pid_task(pid, PIDTYPE_PID);
	ok = t && kit_may_signal(t);
	rcu_read_unlock();
	if (!ok) {
		put_pid(pid);
		return ERR_PTR(t ? -EPERM : -ESRCH);
	}
	return pid;
}

static long kit_register(struct seq_file *m, struct kit_ex12_reg __user *arg)
{
	struct kit_ex12_reg req;
	struct kit_reg *reg;
	struct pid *pid;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	/*
	 * TODO(T1, cut 2): real-time signals only (KIT_EX12_SIG_FIRST to
	 * KIT_EX12_SIG_LAST): -EINVAL for any other.
	 */
	if (req.signo < KIT_EX12_SIG_FIRST || req.signo > KIT_EX12_SIG_LAST)
		return -EINVAL;
	reg = kzalloc_obj(*reg, GFP_KERNEL);
	if (!reg)
		return -ENOMEM;
	pid = kit_get_target(req.pid);
	if (IS_ERR(pid)) {
		kfree(reg);
		return PTR_ERR(pid);
	}
	reg->pid = pid;
	reg->signo = req.signo;
	mutex_lock(&kit_lock);
	if (m->private) {
		mutex_unlock(&kit_lock);
		put_pid(pid);
		kfree(reg);
		return -EBUSY;
	}
	m->private = reg;
	list_add_tail(&reg->node, &kit_regs);
	mutex_unlock(&kit_lock);
	return 0;
}

/* Under kit_lock: end the file's registration (m->private). */
static void kit_drop(struct seq_file *m)
{
	struct kit_reg *reg = m->private;

	/*
	 * TODO(T3, cut 4): take it off the list, drop its reference to the
	 * struct pid, free it, and leave the file without one.
	 */
	list_del(&reg->node);
	put_pid(reg->pid);
	kfree(reg);
	m->private = NULL;
}

static long kit_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct seq_file *m = file->private_data;
	long ret = 0;

	switch (cmd) {
	case KIT_EX12_REGISTER:
		return kit_register(m, (struct kit_ex12_reg __user *)arg);
	case KIT_EX12_UNREGISTER:
		mutex_lock(&kit_lock);
		if (m->private)
			kit_drop(m);
		else
			ret = -ENOENT;
		mutex_unlock(&kit_lock);
		return ret;
	default:
		return -ENOTTY;
	}
}

/* Under kit_lock: the event's signal to one registrant, if it lives. */
static void kit_send(struct kit_reg *reg, int value)
{
	/*
	 * TODO(T2, cut 12): the signal reg->signo with si_code SI_QUEUE and
	 * si_int value, to the task of reg->pid if it still has one
	 * (pid_task() under rcu_read_lock(), send_sig_info()).
	 */
	struct kernel_siginfo info;
	struct task_struct *t;

	clear_siginfo(&info);
	info.si_signo = reg->signo;
	info.si_code = SI_QUEUE;
	info.si_int = value;
	rcu_read_lock();
	t = pid_task(reg->pid, PIDTYPE_PID);
	if (t)
		send_sig_info(reg->signo, &info, t);
	rcu_read_unlock();
}

static ssize_t kit_write(struct file *file, const char __user *buf,
			 size_t count, loff_t *ppos)
{
	struct kit_reg *reg;
	char *text;
	int value, ret;

	if (!capable(CAP_KILL))
		return -EPERM;
	if (*ppos || count == 0 || count > 32)
		return -EINVAL;
	text = memdup_user_nul(buf, count);
	if (IS_ERR(text))
		return PTR_ERR(text);
	ret = strlen(text) == count ? kstrtoint(text, 0, &value) : -EINVAL;
	kfree(text);
	if (ret)
		return ret;
	mutex_lock(&kit_lock);
	list_for_each_entry(reg, &kit_regs, node)
		kit_send(reg, value);
	mutex_unlock(&kit_lock);
	return count;
}

/* One line per registration: "pid N signal S", and " gone" if it exited. */
static int kit_show(struct seq_file *m, void *v)
{
	struct kit_reg *reg;

	mutex_lock(&kit_lock);
	list_for_each_entry(reg, &kit_regs, node) {
		bool alive;

		rcu_read_lock();
		alive = pid_task(reg->pid, PIDTYPE_PID);
		rcu_read_unlock();
		seq_printf(m, "pid %d signal %d%s\n", pid_vnr(reg->pid),
			   reg->signo, alive ? "" : " gone");
	}
	mutex_unlock(&kit_lock);
	return 0;
}

static int kit_open(struct inode *inode, struct file *file)
{
	file->private_data = NULL;	/* misc_open() put the miscdevice there */
	return single_open(file, kit_show, NULL);
}

static int kit_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;

	mutex_lock(&kit_lock);
	if (m->private)
		kit_drop(m);
	mutex_unlock(&kit_lock);
	return single_release(inode, file);
}

static const struct file_operations kit_fops = {
	.owner = THIS_MODULE,
	.open = kit_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.write = kit_write,
	.release = kit_release,
	.unlocked_ioctl = kit_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice kit_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "kit_ex12",
	.fops = &kit_fops,
	.mode = 0666,
};

static int __init kit_ex12_init(void)
{
	return misc_register(&kit_miscdev);
}

static void __exit kit_ex12_exit(void)
{
	misc_deregister(&kit_miscdev);
}

module_init(kit_ex12_init);
module_exit(kit_ex12_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Exercise 12: signals from the kernel, safe against PID reuse");
