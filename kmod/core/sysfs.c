// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs.c - /sys/kernel/kpatch/<patch>/...
 *
 *   enabled                    r/w  1 patched, 0 not; write 0/1 to unpatch/repatch
 *   stop_machine_ns            r    last transition: the whole stop_machine() call
 *   stop_machine_callback_ns   r    last transition: the callback alone
 *   <object>/patched           r    1 when the object's functions are redirected
 *   <object>/<function>/old_addr   r (0400)  original, 0 while not loaded
 *   <object>/<function>/new_addr   r (0400)  replacement
 *   <object>/<function>/route      r  how calls reach the replacement: jump
 *                              (a jmp after the fentry site, the default),
 *                              bridge (a jump site's ftrace route around
 *                              and just after a transition),
 *                              stub (the fast ftrace path), trampoline (around and just
 *                              after a transition), handler (the ftrace
 *                              handler), none (not redirected here)
 *
 * Two functions of one object with the same name get ",2", ",3"... after
 * the second.  The kobjects are embedded in the kp_* structures, which
 * are freed only after kobject_put() has removed the files.
 */
#define pr_fmt(fmt) "kpatch: " fmt

#include <linux/kstrtox.h>
#include <linux/sysfs.h>
#include "core.h"
#include "patch.h"
#include "route.h"
#include "sysfs.h"

static struct kobject *kp_root;

static bool kp_registered(struct kp_patch *patch)
{
	struct kp_patch *p;

	list_for_each_entry(p, &kp_patches, node)
		if (p == patch)
			return true;
	return false;
}

static ssize_t enabled_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	struct kp_patch *patch = container_of(kobj, struct kp_patch, kobj);

	return sysfs_emit(buf, "%d\n", READ_ONCE(patch->enabled));
}

static ssize_t enabled_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	struct kp_patch *patch = container_of(kobj, struct kp_patch, kobj);
	bool on;
	int ret;

	ret = kstrtobool(buf, &on);
	if (ret)
		return ret;
	mutex_lock(&kp_mutex);
	if (!kp_registered(patch))
		ret = -ENODEV;
	else
		ret = on ? kp_enable(patch) : kp_disable(patch);
	mutex_unlock(&kp_mutex);
	return ret ?: count;
}

static ssize_t stop_machine_ns_show(struct kobject *kobj, struct kobj_attribute *attr,
				    char *buf)
{
	struct kp_patch *patch = container_of(kobj, struct kp_patch, kobj);

	return sysfs_emit(buf, "%llu\n", READ_ONCE(patch->last_window_ns));
}

static ssize_t stop_machine_callback_ns_show(struct kobject *kobj,
					     struct kobj_attribute *attr, char *buf)
{
	struct kp_patch *patch = container_of(kobj, struct kp_patch, kobj);

	return sysfs_emit(buf, "%llu\n", READ_ONCE(patch->last_callback_ns));
}

static struct kobj_attribute kp_attr_enabled = __ATTR_RW(enabled);
static struct kobj_attribute kp_attr_window = __ATTR_RO(stop_machine_ns);
static struct kobj_attribute kp_attr_callback = __ATTR_RO(stop_machine_callback_ns);
static struct attribute *kp_patch_attrs[] = {
	&kp_attr_enabled.attr, &kp_attr_window.attr, &kp_attr_callback.attr, NULL,
};
ATTRIBUTE_GROUPS(kp_patch);

static ssize_t patched_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	struct kp_object *obj = container_of(kobj, struct kp_object, kobj);

	return sysfs_emit(buf, "%d\n", READ_ONCE(obj->applied));
}

static struct kobj_attribute kp_attr_patched = __ATTR_RO(patched);
static struct attribute *kp_object_attrs[] = { &kp_attr_patched.attr, NULL };
ATTRIBUTE_GROUPS(kp_object);

static ssize_t old_addr_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	struct kp_func *f = container_of(kobj, struct kp_func, kobj);

	return sysfs_emit(buf, "0x%lx\n", READ_ONCE(f->old_addr));
}

static ssize_t new_addr_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	struct kp_func *f = container_of(kobj, struct kp_func, kobj);

	return sysfs_emit(buf, "0x%lx\n", f->new_addr);
}

static ssize_t route_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	struct kp_func *f = container_of(kobj, struct kp_func, kobj);
	ssize_t n;

	mutex_lock(&kp_mutex);
	n = sysfs_emit(buf, "%s\n", kp_route(f));
	mutex_unlock(&kp_mutex);
	return n;
}

static struct kobj_attribute kp_attr_old = __ATTR(old_addr, 0400, old_addr_show, NULL);
static struct kobj_attribute kp_attr_new = __ATTR(new_addr, 0400, new_addr_show, NULL);
static struct kobj_attribute kp_attr_route = __ATTR_RO(route);
static struct attribute *kp_func_attrs[] = { &kp_attr_old.attr, &kp_attr_new.attr,
					     &kp_attr_route.attr, NULL };
ATTRIBUTE_GROUPS(kp_func);

/* The kp_* structures own the memory; kp_patch_free() runs after kobject_put(). */
static void kp_kobj_release(struct kobject *kobj)
{
}

static struct kobj_type kp_patch_ktype = {
	.release = kp_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = kp_patch_groups,
};

static struct kobj_type kp_object_ktype = {
	.release = kp_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = kp_object_groups,
};

static struct kobj_type kp_func_ktype = {
	.release = kp_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = kp_func_groups,
};

/* How many functions before f in obj share f's name. */
static unsigned int kp_dup_index(struct kp_object *obj, unsigned int i)
{
	unsigned int j, n = 0;

	for (j = 0; j < i; j++)
		n += !strcmp(obj->funcs[j]->name, obj->funcs[i]->name);
	return n;
}

static int kp_sysfs_add_object(struct kp_object *obj)
{
	unsigned int i, dup;
	int ret;

	ret = kobject_init_and_add(&obj->kobj, &kp_object_ktype, &obj->patch->kobj,
				   "%s", obj->name);
	obj->kobj_added = true;
	if (ret)
		return ret;
	for (i = 0; i < obj->nr_funcs; i++) {
		struct kp_func *f = obj->funcs[i];

		dup = kp_dup_index(obj, i);
		if (dup)
			ret = kobject_init_and_add(&f->kobj, &kp_func_ktype, &obj->kobj,
						   "%s,%u", f->name, dup + 1);
		else
			ret = kobject_init_and_add(&f->kobj, &kp_func_ktype, &obj->kobj,
						   "%s", f->name);
		f->kobj_added = true;
		if (ret)
			return ret;
	}
	return 0;
}

int kp_sysfs_add(struct kp_patch *patch)
{
	struct kp_object *obj;
	int ret;

	ret = kobject_init_and_add(&patch->kobj, &kp_patch_ktype, kp_root, "%s",
				   patch->mod->name);
	patch->kobj_added = true;
	if (ret)
		return ret;
	list_for_each_entry(obj, &patch->objects, node) {
		ret = kp_sysfs_add_object(obj);
		if (ret)
			return ret;
	}
	return 0;
}

void kp_sysfs_del(struct kp_patch *patch)
{
	struct kp_object *obj;
	unsigned int i;

	list_for_each_entry(obj, &patch->objects, node) {
		for (i = 0; i < obj->nr_funcs; i++)
			if (obj->funcs[i]->kobj_added)
				kobject_put(&obj->funcs[i]->kobj);
		if (obj->kobj_added)
			kobject_put(&obj->kobj);
	}
	if (patch->kobj_added)
		kobject_put(&patch->kobj);
}

int kp_sysfs_init(void)
{
	kp_root = kobject_create_and_add("kpatch", kernel_kobj);
	return kp_root ? 0 : -ENOMEM;
}

void kp_sysfs_exit(void)
{
	kobject_put(kp_root);
}
