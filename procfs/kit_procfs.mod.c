#include <linux/module.h>
#include <linux/export-internal.h>
#include <linux/compiler.h>

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



static const struct modversion_info ____versions[]
__used __section("__versions") = {
	{ 0xa916b694, "strnlen" },
	{ 0x75ca79b5, "__fortify_panic" },
	{ 0xcffe8bb7, "seq_write" },
	{ 0x52c5c991, "__kmalloc_noprof" },
	{ 0x656e4a6e, "snprintf" },
	{ 0x2f627328, "proc_mkdir" },
	{ 0xbe5122f8, "proc_create_seq_private" },
	{ 0xb3e8d53c, "proc_create_single_data" },
	{ 0xdc679947, "proc_create" },
	{ 0x88db9f48, "__check_object_size" },
	{ 0x13c49cc2, "_copy_from_user" },
	{ 0xf0fdf6cb, "__stack_chk_fail" },
	{ 0xf99f317e, "seq_read" },
	{ 0x993ee334, "seq_lseek" },
	{ 0x768bc98e, "single_release" },
	{ 0x521f9d0d, "param_ops_uint" },
	{ 0xbdfb6dbb, "__fentry__" },
	{ 0x5b8239ca, "__x86_return_thunk" },
	{ 0xca25e87b, "proc_remove" },
	{ 0x37a0cba, "kfree" },
	{ 0x122c3a7e, "_printk" },
	{ 0x581a7cd, "single_open" },
	{ 0x4dfa8d4b, "mutex_lock" },
	{ 0x2529ebe1, "seq_printf" },
	{ 0x3213f038, "mutex_unlock" },
	{ 0x5002fa32, "module_layout" },
};

MODULE_INFO(depends, "");

