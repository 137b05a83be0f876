// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 11: a UDP service in the kernel that answers each datagram
 * with the same bytes in reverse order.
 *
 * kit_ex11_udp.ko binds a kernel socket to 127.0.0.1:port (the module
 * parameter); a kernel thread receives a datagram, reverses its bytes
 * and sends them back to the sender.  An empty datagram is answered
 * with an empty one, the largest (65507 bytes) with all of its bytes.
 * rmmod ends the thread promptly, whether datagrams arrive or none
 * does, and leaves nothing bound.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/uio.h>
#include <net/sock.h>
#include <net/udp_tunnel.h>

/* The largest UDP payload over IPv4. */
#define KIT_EX11_MAX	65507

static ushort port = 7012;
module_param(port, ushort, 0444);
MODULE_PARM_DESC(port, "UDP port on 127.0.0.1");

static struct socket *sock;
static struct task_struct *thread;
static char *buf;
static size_t buf_size;

/*
 * Serve one datagram: the length sent back, -EAGAIN when the receive
 * timed out, -ESHUTDOWN when the socket was shut down, or an error.
 */
static int serve_one(void)
{
	/*
	 * TODO(T2, cut 22): receive one datagram into buf (at most
	 * buf_size bytes) with kernel_recvmsg(), its sender in a
	 * struct sockaddr_in given as msg_name.  A receive that gives no
	 * sender (msg_namelen is not the size of the address) is the
	 * shutdown at unload: return -ESHUTDOWN.  Reverse the bytes and
	 * send them to the sender with kernel_sendmsg() (MSG_DONTWAIT).
	 * stub: return -ENOSYS;
	 */
	struct sockaddr_in peer;
	struct msghdr msg = { .msg_name = &peer, .msg_namelen = sizeof(peer) };
	struct kvec vec = { .iov_base = buf, .iov_len = buf_size };
	int len, i;

	len = kernel_recvmsg(sock, &msg, &vec, 1, vec.iov_len, 0);
	if (len < 0)
		return len;
	if (msg.msg_namelen != sizeof(peer))
		return -ESHUTDOWN;
	for (i = 0; i < len / 2; i++) {
		char c = buf[i];

		buf[i] = buf[len - 1 - i];
		buf[len - 1 - i] = c;
	}
	memset(&msg, 0, sizeof(msg));
	msg.msg_name = &peer;
	msg.msg_namelen = sizeof(peer);
	msg.msg_flags = MSG_DONTWAIT;
	vec.iov_len = len;
	return kernel_sendmsg(sock, &msg, &vec, 1, len);
}

static int serve(void *unused)
{
	while (!kthread_should_stop()) {
		if (serve_one() == -ESHUTDOWN)
			break;
		cond_resched();
	}
	/* After the shutdown: sleep until kthread_stop() asks for the end. */
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static int __init kit_ex11_init(void)
{
	struct udp_port_cfg cfg = {};
	int ret;

	if (!port)
		return -EINVAL;
	/*
	 * TODO(T3, cut 2): room for the largest datagram: buf_size bytes
	 * (KIT_EX11_MAX) of buf, allocated with kvmalloc().
	 * stub: buf_size = 1024;
	 * stub: buf = kvmalloc(buf_size, GFP_KERNEL);
	 */
	buf_size = KIT_EX11_MAX;
	buf = kvmalloc(buf_size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	/*
	 * TODO(T1, cut 4): make sock: udp_sock_create() in &init_net, cfg
	 * for AF_INET, 127.0.0.1 (INADDR_LOOPBACK) and port, both in
	 * network byte order.  Its error (-EADDRINUSE when the port is
	 * taken) is init's, once what came before is undone.
	 * stub: ret = -ENOSYS;
	 */
	cfg.family = AF_INET;
	cfg.local_ip.s_addr = htonl(INADDR_LOOPBACK);
	cfg.local_udp_port = htons(port);
	ret = udp_sock_create(&init_net, &cfg, &sock);
	if (ret)
		goto free_buf;
	/* A receive returns at least this often: kthread_should_stop(). */
	sock->sk->sk_rcvtimeo = HZ / 5;

	thread = kthread_run(serve, NULL, "kit_ex11/%u", port);
	if (IS_ERR(thread)) {
		ret = PTR_ERR(thread);
		goto release;
	}
	return 0;

release:
	sock_release(sock);
free_buf:
	kvfree(buf);
	return ret;
}

static void __exit kit_ex11_exit(void)
{
	/* Wake the thread out of its receive: it sees no sender. */
	kernel_sock_shutdown(sock, SHUT_RDWR);
	kthread_stop(thread);
	/*
	 * TODO(T1, cut 1): release the socket (sock_release()).
	 */
	sock_release(sock);
	kvfree(buf);
}

module_init(kit_ex11_init);
module_exit(kit_ex11_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Exercise 11: a UDP service that reverses datagrams");
