// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 13: the kernel runs a command and reports how it ended.
 *
 * /dev/kit_ex13 (mode 0666) takes KIT_EX13_RUN from a CAP_SYS_ADMIN
 * caller: one of four fixed commands, with a number that the module
 * formats as the command's argument.  The module runs it with
 * call_usermodehelper, waits (killably) for its end, kills it when
 * timeout_ms has passed, and returns the wait status, decoded.
 * Reading the device gives "running: N", the commands not yet ended.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/pid.h>
#include <linux/refcount.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/umh.h>
#include <linux/workqueue.h>

#include "kit_ex13.h"

/* kzalloc_obj() (newer than 6.12) sizes the allocation by the pointer's type. */
#ifndef kzalloc_obj
#define kzalloc_obj(obj, gfp) kzalloc(sizeof(obj), gfp)
#endif

static char *program = "/bin/true";
module_param(program, charp, 0444);
MODULE_PARM_DESC(program, "the program of KIT_EX13_PROGRAM (an absolute path)");

static atomic_t running = ATOMIC_INIT(0);

/* A run, shared by the caller and the umh's cleanup: freed by the last. */
struct kit_run {
	refcount_t refs;
	spinlock_t lock;	/* pid, stop, done, timed_out */
	struct pid *pid;
	bool stop;
	bool done;
	bool timed_out;
	struct delayed_work timeout;
	struct file *file;	/* pins the module while the command runs */
	char value[16];
	char *argv[6];
};

static char *envp[] = { "HOME=/", "PATH=/bin:/usr/bin", NULL };

static void kit_run_put(struct kit_run *run)
{
	if (!refcount_dec_and_test(&run->refs))
		return;
	cancel_delayed_work_sync(&run->timeout);
	put_pid(run->pid);
	atomic_dec(&running);
	fput(run->file);
	kfree(run);
}

/* Under run->lock: kill the command if it runs, keep it from starting. */
static void kit_run_stop(struct kit_run *run)
{
	run->stop = true;
	if (run->pid)
		kill_pid(run->pid, SIGKILL, 1);
}

static void kit_run_timeout(struct work_struct *work)
{
	/*
	 * TODO(T3, cut 7): the deadline has come: under the run's lock,
	 * note that it timed out and stop the command.
	 */
	struct kit_run *run = container_of(to_delayed_work(work),
					   struct kit_run, timeout);

	spin_lock(&run->lock);
	run->timed_out = true;
	kit_run_stop(run);
	spin_unlock(&run->lock);
}

/* In the new process, before the exec: which process to kill. */
static int kit_run_init(struct subprocess_info *info, struct cred *new)
{
	struct kit_run *run = info->data;
	int ret = 0;

	spin_lock(&run->lock);
	if (run->stop)
		ret = -EINTR;
	else
		run->pid = get_pid(task_pid(current));
	spin_unlock(&run->lock);
	return ret;
}

static void kit_run_cleanup(struct subprocess_info *info)
{
	struct kit_run *run = info->data;

	spin_lock(&run->lock);
	run->done = true;
	spin_unlock(&run->lock);
	kit_run_put(run);
}

/* The wait status as waitpid() gives it, decoded into r. */
static void kit_decode(struct kit_ex13_run *r, int status, bool timed_out)
{
	/*
	 * TODO(T1, cut 10): r->status is the wait status.  It exited when
	 * its low 7 bits are 0, with the code in bits 8 to 15; else they
	 * are the signal that killed it: KIT_EX13_TIMEDOUT if that was
	 * SIGKILL after a timeout, else KIT_EX13_SIGNALED.
	 */
	r->status = status;
	if ((status & 0x7f) == 0) {
		r->how = KIT_EX13_EXITED;
		r->code = (status >> 8) & 0xff;
	} else {
		r->code = status & 0x7f;
		r->how = KIT_EX13_SIGNALED;
		if (timed_out && r->code == SIGKILL)
			r->how = KIT_EX13_TIMEDOUT;
	}
}

/* The command's argv, which the caller never writes. */
static void kit_argv(struct kit_run *run, u32 command, u32 value)
{
	char **a = run->argv;

	snprintf(run->value, sizeof(run->value), "%u", value);
	switch (command) {
	case KIT_EX13_EXIT:
	case KIT_EX13_SIGNAL:
		a[0] = "/bin/sh";
		a[1] = "-c";
		a[2] = command == KIT_EX13_EXIT ? "exit $1" : "kill -$1 $$";
		a[3] = "kit_ex13";
		a[4] = run->value;	/* $1 */
		break;
	case KIT_EX13_SLEEP:
		a[0] = "/bin/sleep";
		a[1] = run->value;
		break;
	default:
		a[0] = program;
		break;
	}
}

static int kit_run_command(struct file *file, struct kit_ex13_run *r)
{
	struct subprocess_info *info;
	struct kit_run *run;
	bool abandoned;
	int ret;

	run = kzalloc_obj(*run, GFP_KERNEL);
	if (!run)
		return -ENOMEM;
	refcount_set(&run->refs, 1);
	spin_lock_init(&run->lock);
	INIT_DELAYED_WORK(&run->timeout, kit_run_timeout);
	kit_argv(run, r->command, r->value);
	run->file = get_file(file);
	atomic_inc(&running);

	/*
	 * TODO(T3, cut 1): arm the deadline: run->timeout, r->timeout_ms
	 * from now.
	 */
	schedule_delayed_work(&run->timeout, msecs_to_jiffies(r->timeout_ms));
	/*
	 * TODO(T1, cut 9): set the command up with kit_run_init,
	 * kit_run_cleanup and run as its data (-ENOMEM if that fails),
	 * give the cleanup its reference, then run the command, wait for
	 * its end (UMH_WAIT_PROC) and let a fatal signal end the wait
	 * (UMH_KILLABLE): ret is what the wait gives.
	 * stub: ret = -ENOSYS;
	 */
	info = call_usermodehelper_setup(run->argv[0], run->argv, envp,
					 GFP_KERNEL, kit_run_init,
					 kit_run_cleanup, run);
	if (!info) {
		kit_run_put(run);
		return -ENOMEM;
	}
	refcount_inc(&run->refs);
	ret = call_usermodehelper_exec(info, UMH_WAIT_PROC | UMH_KILLABLE);

	spin_lock(&run->lock);
	abandoned = !run->done;	/* killed in the wait: the umh frees info */
	if (abandoned)
		kit_run_stop(run);
	spin_unlock(&run->lock);
	if (!abandoned) {
		cancel_delayed_work_sync(&run->timeout);
		if (ret >= 0)
			kit_decode(r, ret, run->timed_out);
	}
	kit_run_put(run);
	return ret < 0 ? ret : 0;
}

/* 0 if the caller may run r, else the error. */
static int kit_check(const struct kit_ex13_run *r)
{
	/*
	 * TODO(T2, cut 14): only CAP_SYS_ADMIN may run a command
	 * (-EPERM).  Refuse (-EINVAL) an unknown command, a value out of
	 * its command's range (kit_ex13.h), a timeout of 0 or above
	 * KIT_EX13_TIMEOUT_MAX, a reserved field that is not 0.
	 * stub: return 0;
	 */
	static const u32 max_value[KIT_EX13_NR_COMMANDS] = {
		[KIT_EX13_EXIT] = 255, [KIT_EX13_SIGNAL] = 31,
		[KIT_EX13_SLEEP] = 3600, [KIT_EX13_PROGRAM] = 0,
	};

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (r->command >= KIT_EX13_NR_COMMANDS ||
	    r->value > max_value[r->command] ||
	    (r->command == KIT_EX13_SIGNAL && r->value == 0) ||
	    r->timeout_ms == 0 || r->timeout_ms > KIT_EX13_TIMEOUT_MAX ||
	    r->reserved || r->reserved2)
		return -EINVAL;
	return 0;
}

static long kit_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	struct kit_ex13_run r;
	int ret;

	if (cmd != KIT_EX13_RUN)
		return -ENOTTY;
	if (copy_from_user(&r, uarg, sizeof(r)))
		return -EFAULT;
	ret = kit_check(&r);
	if (ret)
		return ret;
	r.status = 0;
	r.how = 0;
	r.code = 0;
	ret = kit_run_command(file, &r);
	if (ret)
		return ret;
	return copy_to_user(uarg, &r, sizeof(r)) ? -EFAULT : 0;
}

static int kit_show(struct seq_file *m, void *v)
{
	seq_printf(m, "running: %d\n", atomic_read(&running));
	return 0;
}

static int kit_open(struct inode *inode, struct file *file)
{
	file->private_data = NULL;	/* misc_open()'s; seq_file's now */
	return single_open(file, kit_show, NULL);
}

static const struct file_operations kit_fops = {
	.owner = THIS_MODULE,
	.open = kit_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.unlocked_ioctl = kit_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice kit_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "kit_ex13",
	.fops = &kit_fops,
	.mode = 0666,
};

static int __init kit_ex13_init(void)
{
	if (program[0] != '/')
		return -EINVAL;
	return misc_register(&kit_miscdev);
}

static void __exit kit_ex13_exit(void)
{
	misc_deregister(&kit_miscdev);
}

module_init(kit_ex13_init);
module_exit(kit_ex13_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Exercise 13: run a command from the kernel, report its wait status");
