// SPDX-License-Identifier: GPL-2.0
/*
 * kit_udp - a UDP echo service inside the kernel, on 127.0.0.1:port.
 *
 * The module owns a kernel socket (no file descriptor, no process) and
 * one kernel thread that receives a datagram and sends the same bytes
 * back to whoever sent it.  User space talks to it with ordinary
 * sockets: any program, any user, as with any UDP service.
 *
 * The thread must end when the module goes, even while it waits for a
 * datagram that never comes: its socket has a receive timeout, so it
 * looks at kthread_should_stop() at least that often, and the exit
 * path shuts the socket down first, which wakes it at once.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/uio.h>
#include <net/sock.h>
#include <net/udp_tunnel.h>

/* The largest UDP payload over IPv4: 65535 - 20 (IP) - 8 (UDP). */
#define KIT_UDP_MAX	65507
#define KIT_UDP_RCVTIMEO	(HZ / 5)

static struct socket *kit_sock;
static struct task_struct *kit_thread;
static void *kit_buf;

static u16 kit_port = 7007;

/* Port 0 would bind a random port, which no client could find. */
static int kit_port_set(const char *val, const struct kernel_param *kp)
{
	u16 port;

	if (kstrtou16(val, 10, &port) || port == 0)
		return -EINVAL;
	*(u16 *)kp->arg = port;
	return 0;
}

static const struct kernel_param_ops kit_port_ops = {
	.set = kit_port_set,
	.get = param_get_ushort,
};

/* 0444: the socket is bound once, at load; the port cannot change. */
module_param_cb(port, &kit_port_ops, &kit_port, 0444);
MODULE_PARM_DESC(port, "UDP port on 127.0.0.1 (1-65535, default 7007)");

static int kit_echo_one(void)
{
	struct sockaddr_in peer;
	struct msghdr msg = {
		.msg_name = &peer,
		.msg_namelen = sizeof(peer),
	};
	struct kvec vec = { .iov_base = kit_buf, .iov_len = KIT_UDP_MAX };
	int len;

	/* Waits at most sk_rcvtimeo: -EAGAIN when nothing came. */
	len = kernel_recvmsg(kit_sock, &msg, &vec, 1, vec.iov_len, 0);
	if (len < 0)
		return len;
	/* No sender: the shutdown at unload ended the wait, not a datagram. */
	if (msg.msg_namelen != sizeof(peer))
		return -ESHUTDOWN;
	/* A datagram of 0 bytes is a datagram too: it is echoed. */
	memset(&msg, 0, sizeof(msg));
	msg.msg_name = &peer;
	msg.msg_namelen = sizeof(peer);
	msg.msg_flags = MSG_DONTWAIT;
	vec.iov_len = len;
	return kernel_sendmsg(kit_sock, &msg, &vec, 1, len);
}

static int kit_echo_thread(void *unused)
{
	int ret;

	while (!kthread_should_stop()) {
		ret = kit_echo_one();
		if (ret == -ESHUTDOWN)
			break;
		/* -EAGAIN is the timeout; another error loses one datagram. */
		if (ret < 0 && ret != -EAGAIN)
			pr_debug("echo: %d\n", ret);
		cond_resched();
	}
	/* After the shutdown, sleep until kthread_stop() asks for the end. */
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static int __init kit_udp_init(void)
{
	struct udp_port_cfg cfg = {
		.family = AF_INET,
		.local_ip.s_addr = htonl(INADDR_LOOPBACK),
		.local_udp_port = htons(kit_port),
	};
	int ret;

	kit_buf = kmalloc(KIT_UDP_MAX, GFP_KERNEL);
	if (!kit_buf)
		return -ENOMEM;
	/* sock_create_kern() and kernel_bind(): -EADDRINUSE if taken. */
	ret = udp_sock_create(&init_net, &cfg, &kit_sock);
	if (ret)
		goto free_buf;
	kit_sock->sk->sk_rcvtimeo = KIT_UDP_RCVTIMEO;

	kit_thread = kthread_run(kit_echo_thread, NULL, "kit_udp/%u", kit_port);
	if (IS_ERR(kit_thread)) {
		ret = PTR_ERR(kit_thread);
		goto release;
	}
	pr_info("echoing on 127.0.0.1:%u\n", kit_port);
	return 0;

release:
	sock_release(kit_sock);
free_buf:
	kfree(kit_buf);
	return ret;
}

static void __exit kit_udp_exit(void)
{
	/* Wake the thread out of its receive, then wait for it to end. */
	kernel_sock_shutdown(kit_sock, SHUT_RDWR);
	kthread_stop(kit_thread);
	sock_release(kit_sock);
	kfree(kit_buf);
	pr_info("unloaded\n");
}

module_init(kit_udp_init);
module_exit(kit_udp_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("udp chapter: a UDP echo service on a kernel socket");
