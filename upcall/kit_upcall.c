// SPDX-License-Identifier: GPL-2.0
/*
 * kit_upcall - the kernel starts a user program and reports how it ended.
 *
 * An upcall runs a program from the filesystem as a child of a kernel
 * worker: as root, with every capability, outside any session.  The
 * kernel does so itself for modprobe, core dumps to a pipe and hotplug.
 * Here /dev/kit_upcall takes KIT_UPCALL_RUN: program N of an allowlist
 * that root gives at load (programs=), with the caller's arguments and
 * an environment the module builds, and the wait status decoded.
 *
 * What it refuses, and why:
 * - the caller never names the program, only its index in the list;
 * - only CAP_SYS_ADMIN may run one (the device is 0666, so that anyone
 *   can read the status: the check is the capability, not the mode);
 * - at most KIT_UPCALL_MAX_RUNNING at once, each at most timeout_ms,
 *   after which the program is killed.
 *
 * The wait is UMH_KILLABLE: a caller that gets a fatal signal returns at
 * once, and the program, which would otherwise run on unwatched, is
 * killed.  Everything a run needs lives in struct kit_run, which the
 * helper's cleanup may free after the caller has gone.
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
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/umh.h>
#include <linux/workqueue.h>

#include "kit_upcall.h"

/* kzalloc_obj() (newer than 6.12) sizes the allocation by the pointer's type. */
#ifndef kzalloc_obj
#define kzalloc_obj(obj, gfp) kzalloc(sizeof(obj), gfp)
#endif

#define KIT_MAX_PROGRAMS	8

/* The allowlist: absolute paths, set by root at load, never after. */
static char *programs[KIT_MAX_PROGRAMS] = { "/kit/upcall/helper" };
static int nr_programs = 1;
module_param_array(programs, charp, &nr_programs, 0444);
MODULE_PARM_DESC(programs, "the programs that may be run, comma-separated absolute paths");

static atomic_t kit_running = ATOMIC_INIT(0);
static atomic_t kit_runs = ATOMIC_INIT(0);

/* One run: shared by the caller and the helper's cleanup. */
struct kit_run {
	refcount_t refs;
	spinlock_t lock;	/* pid, stop, done, timed_out */
	struct pid *pid;	/* the program, once it has started */
	bool stop;		/* do not start it; kill it if it has */
	bool done;		/* the cleanup has run: the wait is over */
	bool timed_out;
	struct delayed_work timeout;
	struct file *file;	/* pins the module until the run ends */
	char **argv;
	char env_run[32];
	char *envp[4];
};

static void kit_run_put(struct kit_run *run)
{
	if (!refcount_dec_and_test(&run->refs))
		return;
	cancel_delayed_work_sync(&run->timeout);
	put_pid(run->pid);
	argv_free(run->argv);
	atomic_dec(&kit_running);
	/*
	 * The last reference to the file drops the module's, in the VFS,
	 * after this function has returned: so code of this module never
	 * runs after the module is gone.
	 */
	fput(run->file);
	kfree(run);
}

/* Under run->lock: kill the program if it runs, stop it if it has not. */
static void kit_run_stop(struct kit_run *run)
{
	run->stop = true;
	if (run->pid)
		kill_pid(run->pid, SIGKILL, 1);
}

static void kit_run_timeout(struct work_struct *work)
{
	struct kit_run *run = container_of(to_delayed_work(work),
					   struct kit_run, timeout);

	spin_lock(&run->lock);
	run->timed_out = true;
	kit_run_stop(run);
	spin_unlock(&run->lock);
}

/*
 * In the new process, before it executes the program: keep a reference
 * to its struct pid, which names this process and no other even after
 * it has been reaped and its number reused.
 */
static int kit_run_init(struct subprocess_info *info, struct cred *new)
{
	struct kit_run *run = info->data;
	int ret = 0;

	spin_lock(&run->lock);
	if (run->stop)		/* timed out, or its caller killed, already */
		ret = run->timed_out ? -ETIMEDOUT : -EINTR;
	else
		run->pid = get_pid(task_pid(current));
	spin_unlock(&run->lock);
	return ret;
}

/* When the umh frees its info: at once, or later if the caller was killed. */
static void kit_run_cleanup(struct subprocess_info *info)
{
	struct kit_run *run = info->data;

	spin_lock(&run->lock);
	run->done = true;
	spin_unlock(&run->lock);
	kit_run_put(run);
}

/* A wait status as waitpid() gives it, in the caller's terms. */
static void kit_decode(struct kit_upcall_run *req, int status, bool timed_out)
{
	req->status = status;
	if ((status & 0x7f) == 0) {		/* WIFEXITED */
		req->how = KIT_UPCALL_EXITED;
		req->code = (status >> 8) & 0xff;	/* WEXITSTATUS */
	} else {				/* WIFSIGNALED: 0x80 is the core */
		req->code = status & 0x7f;		/* WTERMSIG */
		req->how = timed_out && req->code == SIGKILL ?
			   KIT_UPCALL_TIMEDOUT : KIT_UPCALL_SIGNALED;
	}
}

static struct kit_run *kit_run_new(struct file *file,
				   const struct kit_upcall_run *req)
{
	struct kit_run *run;
	char *cmdline;
	int argc;

	run = kzalloc_obj(*run, GFP_KERNEL);
	if (!run)
		return ERR_PTR(-ENOMEM);
	/* argv[0] is the program's path; argv_split() splits at spaces. */
	cmdline = kasprintf(GFP_KERNEL, "%s %s", programs[req->program],
			    req->arg);
	if (cmdline)
		run->argv = argv_split(GFP_KERNEL, cmdline, &argc);
	kfree(cmdline);
	if (!run->argv) {
		kfree(run);
		return ERR_PTR(-ENOMEM);
	}
	if (argc > 1 + KIT_UPCALL_MAX_ARGS) {
		argv_free(run->argv);
		kfree(run);
		return ERR_PTR(-E2BIG);
	}
	/* A fixed environment: nothing of the caller's leaks into it. */
	snprintf(run->env_run, sizeof(run->env_run), "KIT_UPCALL_RUN=%d",
		 atomic_inc_return(&kit_runs));
	run->envp[0] = "HOME=/";
	run->envp[1] = "PATH=/sbin:/bin:/usr/sbin:/usr/bin";
	run->envp[2] = run->env_run;
	run->envp[3] = NULL;
	refcount_set(&run->refs, 1);
	spin_lock_init(&run->lock);
	INIT_DELAYED_WORK(&run->timeout, kit_run_timeout);
	run->file = get_file(file);
	return run;
}

static int kit_run_program(struct file *file, struct kit_upcall_run *req)
{
	unsigned int ms = req->timeout_ms ?: KIT_UPCALL_TIMEOUT_DEFAULT;
	struct subprocess_info *info;
	struct kit_run *run;
	bool abandoned;
	int ret;

	if (atomic_inc_return(&kit_running) > KIT_UPCALL_MAX_RUNNING) {
		atomic_dec(&kit_running);
		return -EBUSY;
	}
	run = kit_run_new(file, req);
	if (IS_ERR(run)) {
		atomic_dec(&kit_running);
		return PTR_ERR(run);
	}
	info = call_usermodehelper_setup(run->argv[0], run->argv, run->envp,
					 GFP_KERNEL, kit_run_init,
					 kit_run_cleanup, run);
	if (!info) {
		kit_run_put(run);
		return -ENOMEM;
	}
	/* From here the cleanup owns a reference; this function another. */
	refcount_inc(&run->refs);
	schedule_delayed_work(&run->timeout, msecs_to_jiffies(ms));
	ret = call_usermodehelper_exec(info, UMH_WAIT_PROC | UMH_KILLABLE);

	spin_lock(&run->lock);
	/* Killed while waiting: the umh frees info later, when it ends. */
	abandoned = !run->done;
	if (abandoned)
		kit_run_stop(run);
	spin_unlock(&run->lock);
	if (!abandoned) {
		cancel_delayed_work_sync(&run->timeout);
		if (ret >= 0)
			kit_decode(req, ret, run->timed_out);
	}
	kit_run_put(run);
	/* Negative: it did not run (-ENOENT, -EACCES...), or we were killed. */
	return ret < 0 ? ret : 0;
}

static long kit_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	struct kit_upcall_run req;
	int ret;

	if (cmd != KIT_UPCALL_RUN)
		return -ENOTTY;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	if (req.program >= nr_programs || req.reserved ||
	    req.timeout_ms > KIT_UPCALL_TIMEOUT_MAX ||
	    !memchr(req.arg, '\0', sizeof(req.arg)))
		return -EINVAL;
	req.status = 0;
	req.how = 0;
	req.code = 0;
	ret = kit_run_program(file, &req);
	if (ret)
		return ret;
	return copy_to_user(uarg, &req, sizeof(req)) ? -EFAULT : 0;
}

/* Reading the device: the allowlist and the counters, for anyone. */
static int kit_show(struct seq_file *m, void *v)
{
	for (int i = 0; i < nr_programs; i++)
		seq_printf(m, "program %d: %s\n", i, programs[i]);
	seq_printf(m, "running: %d\n", atomic_read(&kit_running));
	seq_printf(m, "runs: %d\n", atomic_read(&kit_runs));
	return 0;
}

static int kit_open(struct inode *inode, struct file *file)
{
	/* misc_open() left its miscdevice here; seq_file wants it empty. */
	file->private_data = NULL;
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
	.name = "kit_upcall",
	.fops = &kit_fops,
	.mode = 0666,
};

/* Absolute, and one word: argv_split() would cut a path at a space. */
static bool kit_path_ok(const char *path)
{
	return path[0] == '/' && !strpbrk(path, " \t\n");
}

static int __init kit_upcall_init(void)
{
	int ret;

	for (int i = 0; i < nr_programs; i++) {
		if (!kit_path_ok(programs[i])) {
			pr_err("programs: %s is no absolute path\n", programs[i]);
			return -EINVAL;
		}
	}
	ret = misc_register(&kit_miscdev);
	if (ret)
		return ret;
	pr_info("loaded: %d program(s) allowed\n", nr_programs);
	return 0;
}

static void __exit kit_upcall_exit(void)
{
	/* No run is left: each held the device's file, so the module. */
	misc_deregister(&kit_miscdev);
	pr_info("unloaded\n");
}

module_init(kit_upcall_init);
module_exit(kit_upcall_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("upcall chapter: run an allowlisted user program and report its wait status");
