// SPDX-License-Identifier: GPL-2.0
// pr_debug() with CONFIG_DYNAMIC_DEBUG: a call-site descriptor whose
// initializer holds __LINE__ (include/linux/dynamic_debug.h, 6.1).
struct _ddebug {
	const char *modname;
	const char *function;
	const char *filename;
	const char *format;
	unsigned int lineno:18;
	unsigned int class_id:6;
	unsigned int flags:8;
} __attribute__((aligned(8)));

extern void __dynamic_pr_debug(struct _ddebug *descriptor, const char *fmt, ...);

#define pr_debug(fmt, ...) do {						\
	static struct _ddebug __attribute__((used))			\
	__attribute__((section("__dyndbg"))) descriptor = {		\
		.modname = "test", .function = __func__,		\
		.filename = __FILE__, .format = (fmt),			\
		.lineno = __LINE__, .class_id = 63, .flags = 0,		\
	};								\
	__dynamic_pr_debug(&descriptor, fmt, ##__VA_ARGS__);		\
} while (0)

int traced_add(int a, int b)
{
	pr_debug("add %d + %d\n", a, b);
	return a + b;
}
