/* The in-memory directory of staff users, listed in name order. */
#include <stdlib.h>
#include <string.h>

#include "adapters/memory/memory_internal.h"

static bo_user *by_name(bo_mem_state *s, const char *name)
{
	for (size_t i = 0; i < s->nusers; i++)
		if (strcmp(s->users[i].name, name) == 0)
			return &s->users[i];
	return NULL;
}

static int mem_add(void *self, const bo_user *u, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	int rc;

	if ((rc = bo_mem_need_tx(m, "add a user", err)))
		return rc;
	if (!u->name)
		return bo_err_set(err, BO_EINVAL, "user name is required");
	if (by_name(s, u->name))
		return bo_err_set(err, BO_ECONFLICT, "user %s already exists",
				  u->name);
	if (bo_mem_grow(&s->users, s->nusers, sizeof(bo_user)) ||
	    bo_mem_user_copy(&s->users[s->nusers], u))
		return bo_mem_nomem(err);
	s->nusers++;
	return BO_OK;
}

static int mem_get(void *self, const char *name, bo_user *out, bo_err *err)
{
	bo_memory *m = self;
	bo_user *u = name ? by_name(&m->cur, name) : NULL;

	memset(out, 0, sizeof(*out));
	if (!u)
		return bo_err_set(err, BO_ENOTFOUND, "user %s does not exist",
				  name ? name : "(none)");
	if (bo_mem_user_copy(out, u))
		return bo_mem_nomem(err);
	return BO_OK;
}

static int name_order(const void *a, const void *b)
{
	const bo_user *x = a, *y = b;

	return strcmp(x->name, y->name);
}

typedef struct visit_ctx {
	bo_user_each_fn each;
	void *ctx;
} visit_ctx;

static int copy_row(void *dst, const void *src)
{
	return bo_mem_user_copy(dst, src);
}

static void clear_row(void *row)
{
	bo_user_clear(row);
}

static int visit_row(void *ctx, const void *row)
{
	const visit_ctx *v = ctx;

	return v->each(v->ctx, row);
}

static int mem_list(void *self, bo_user_each_fn each, void *ctx, bo_err *err)
{
	bo_memory *m = self;
	visit_ctx v = {each, ctx};

	return bo_mem_walk_sorted(m->cur.users, m->cur.nusers, sizeof(bo_user),
				  copy_row, clear_row, name_order, visit_row,
				  &v, err);
}

/* The user to change, inside a transaction; NULL with err set when not. */
static bo_user *to_change(bo_memory *m, const char *name, const char *doing,
			  int *rc, bo_err *err)
{
	bo_user *u;

	if ((*rc = bo_mem_need_tx(m, doing, err)))
		return NULL;
	if (!(u = by_name(&m->cur, name)))
		*rc = bo_err_set(err, BO_ENOTFOUND, "user %s does not exist",
				 name);
	return u;
}

static int mem_set_role(void *self, const char *name, bo_role role, bo_err *err)
{
	int rc;
	bo_user *u = to_change(self, name, "change a user's role", &rc, err);

	if (u)
		u->role = role;
	return rc;
}

static int mem_set_disabled(void *self, const char *name, bool disabled,
			    bo_err *err)
{
	int rc;
	bo_user *u =
	    to_change(self, name, "disable or enable a user", &rc, err);

	if (u)
		u->disabled = disabled;
	return rc;
}

const bo_user_dir_ops bo_mem_user_dir_ops = {
    .version = BO_USER_DIR_OPS_VERSION,
    .add = mem_add,
    .get = mem_get,
    .list = mem_list,
    .set_role = mem_set_role,
    .set_disabled = mem_set_disabled,
};
