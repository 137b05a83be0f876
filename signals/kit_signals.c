// SPDX-License-Identifier: GPL-2.0
/*
 * kit_signals - the kernel sends a signal carrying a value to processes
 * that registered for it.
 *
 * /dev/kit_signals (a misc device, 0666):
 *   ioctl KIT_SIG_REGISTER   register the caller (pid 0) or a process
 *                            the caller may signal, with a real-time
 *                            signal; one registration per open file
 *   ioctl KIT_SIG_UNREGISTER end it (closing the file does too)
 *   write "N"                an event (CAP_KILL only): every registrant
 *                            gets its signal with si_value N
 *   read                     the registrations, one line each
 *
 * The howto kept a PID number and looked it up again for each signal:
 * once that process has exited, its number can belong to another
 * process, which would get the signal.  Here a registration holds a
 * reference to the task's struct pid (get_pid), which stays bound to
 * that process alone: after it exits, pid_task() finds no task and
 * nothing is sent.  The reference is dropped (put_pid) when the
 * registration ends.
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

#include "kit_signals.h"

/* kzalloc_obj() (newer than 6.12) sizes the allocation by the pointer's type. */
#ifndef kzalloc_obj
#define kzalloc_obj(obj, gfp) kzalloc(sizeof(obj), gfp)
#endif

/* Longest event text taken: an int, a sign, a newline, with room. */
#define KIT_EVENT_MAX	32

struct kit_reg {
	struct list_head node;
	struct pid *pid;	/* a reference: get_pid() ... put_pid() */
	int signo;
	unsigned long sent, lost;
};

/* Every registration; each also hangs off its file (seq_file private). */
static DEFINE_MUTEX(kit_lock);
static LIST_HEAD(kit_regs);

/*
 * May the caller signal t?  kill(2)'s rule: the same real or effective
 * user as t's real or saved one, or CAP_KILL.  Under rcu_read_lock().
 */
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

/* The struct pid of whom a registration names, with a reference. */
static struct pid *kit_get_target(pid_t nr)
{
	struct task_struct *t;
	struct pid *pid;
	bool ok;

	if (nr < 0)
		return ERR_PTR(-EINVAL);	/* kill(2)'s groups: not here */
	/* In the caller's pid namespace, as kill(2) reads a number. */
	pid = nr ? find_get_pid(nr) : get_task_pid(current, PIDTYPE_PID);
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

static long kit_register(struct seq_file *m, struct kit_sig_reg __user *arg)
{
	struct kit_sig_reg req;
	struct kit_reg *reg;
	struct pid *pid;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	/*
	 * Real-time signals only: they queue, one per event, each with its
	 * value; a standard signal sent twice before it is taken arrives
	 * once, with the first value.
	 */
	if (req.signo < KIT_SIG_FIRST || req.signo > KIT_SIG_LAST)
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

/* Under kit_lock: the file's registration ends, its reference goes. */
static void kit_drop(struct seq_file *m)
{
	struct kit_reg *reg = m->private;

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
	case KIT_SIG_REGISTER:
		return kit_register(m, (struct kit_sig_reg __user *)arg);
	case KIT_SIG_UNREGISTER:
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
	struct kernel_siginfo info;
	struct task_struct *t;
	int ret = -ESRCH;

	/*
	 * SI_QUEUE, as sigqueue(3) sends: the layout that carries si_value
	 * (to 32-bit processes too).  si_pid 0 and si_uid 0: no process
	 * sent it.
	 */
	clear_siginfo(&info);
	info.si_signo = reg->signo;
	info.si_code = SI_QUEUE;
	info.si_int = value;

	rcu_read_lock();
	t = pid_task(reg->pid, PIDTYPE_PID);
	if (t)
		ret = send_sig_info(reg->signo, &info, t);
	rcu_read_unlock();
	if (ret)
		reg->lost++;	/* gone, or its queue of signals is full */
	else
		reg->sent++;
}

static ssize_t kit_write(struct file *file, const char __user *buf,
			 size_t count, loff_t *ppos)
{
	struct kit_reg *reg;
	char *text;
	int value, ret;

	/* It signals other users' processes: kill(2) would need this. */
	if (!capable(CAP_KILL))
		return -EPERM;
	if (*ppos)
		return -EINVAL;
	if (count == 0 || count > KIT_EVENT_MAX)
		return -EINVAL;
	text = memdup_user_nul(buf, count);
	if (IS_ERR(text))
		return PTR_ERR(text);
	/* Also refuses an embedded NUL: the text must be the number. */
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

static int kit_show(struct seq_file *m, void *v)
{
	struct kit_reg *reg;

	mutex_lock(&kit_lock);
	list_for_each_entry(reg, &kit_regs, node) {
		bool alive;

		rcu_read_lock();
		alive = pid_task(reg->pid, PIDTYPE_PID);
		rcu_read_unlock();
		/* The number as the reader's pid namespace sees it. */
		seq_printf(m, "pid %d signal %d sent %lu lost %lu%s\n",
			   pid_vnr(reg->pid), reg->signo, reg->sent, reg->lost,
			   alive ? "" : " gone");
	}
	mutex_unlock(&kit_lock);
	return 0;
}

/* m->private is the file's registration, NULL until it registers. */
static int kit_open(struct inode *inode, struct file *file)
{
	/* misc_open() left our miscdevice there; seq_open() wants it NULL. */
	file->private_data = NULL;
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
	.name = "kit_signals",
	.fops = &kit_fops,
	.mode = 0666,
};

static int __init kit_signals_init(void)
{
	int ret = misc_register(&kit_miscdev);

	if (ret)
		return ret;
	pr_info("loaded: %s\n", KIT_SIG_DEVICE);
	return 0;
}

/*
 * Every open file holds the module (.owner), and every registration
 * belongs to an open file: none is left when this runs.
 */
static void __exit kit_signals_exit(void)
{
	misc_deregister(&kit_miscdev);
	pr_info("unloaded\n");
}

module_init(kit_signals_init);
module_exit(kit_signals_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("signals chapter: a real-time signal with a value to registered processes");
