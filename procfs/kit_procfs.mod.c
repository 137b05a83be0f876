#include <linux/module.h>
#define INCLUDE_VERMAGIC
#include <linux/build-salt.h>
#include <linux/elfnote-lto.h>
#include <linux/export-internal.h>
#include <linux/vermagic.h>
#include <linux/compiler.h>

BUILD_SALT;
BUILD_LTO_INFO;

MODULE_INFO(vermagic, VERMAGIC_STRING);
MODULE_INFO(name, KBUILD_MODNAME);

__visible struct module __this_module
__section(".gnu.linkonce.this_module") = {
	.name = KBUILD_MODNAME,
	.init = init_module,
#ifdef CONFIG_MODULE_UNLOAD
	.exit = cleanup_module,
#endif
	.arch = MODULE_ARCH_INIT,
};

#ifdef CONFIG_RETPOLINE
MODULE_INFO(retpoline, "Y");
#endif


static const struct modversion_info ____versions[]
__used __section("__versions") = {
	{ 0xbdfb6dbb, "__fentry__" },
	{ 0x5b8239ca, "__x86_return_thunk" },
	{ 0x35025fe8, "proc_remove" },
	{ 0x37a0cba, "kfree" },
	{ 0x92997ed8, "_printk" },
	{ 0xc941a41a, "single_open" },
	{ 0x4dfa8d4b, "mutex_lock" },
	{ 0xf0949581, "seq_printf" },
	{ 0x3213f038, "mutex_unlock" },
	{ 0xa916b694, "strnlen" },
	{ 0xcbd4898c, "fortify_panic" },
	{ 0x5caf31dc, "seq_puts" },
	{ 0xeb233a45, "__kmalloc" },
	{ 0x656e4a6e, "snprintf" },
	{ 0x4a76c501, "proc_mkdir" },
	{ 0xf9e944dc, "proc_create_seq_private" },
	{ 0xbd7274da, "proc_create_single_data" },
	{ 0xbeab912c, "proc_create" },
	{ 0x88db9f48, "__check_object_size" },
	{ 0x13c49cc2, "_copy_from_user" },
	{ 0xa19b956, "__stack_chk_fail" },
	{ 0x1db3ba77, "seq_read" },
	{ 0xdef3fb11, "seq_lseek" },
	{ 0xc7c7a019, "single_release" },
	{ 0x91c14d8d, "param_ops_uint" },
	{ 0x9060323f, "module_layout" },
};

MODULE_INFO(depends, "");

