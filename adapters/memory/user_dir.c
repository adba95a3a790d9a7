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

static int mem_list(void *self, bo_user_each_fn each, void *ctx, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	bo_user *rows = NULL;
	size_t n = 0, i;
	int rc = BO_OK;

	if (s->nusers && !(rows = calloc(s->nusers, sizeof(*rows))))
		return bo_mem_nomem(err);
	for (; n < s->nusers; n++) {
		if (bo_mem_user_copy(&rows[n], &s->users[n])) {
			rc = bo_mem_nomem(err);
			goto done;
		}
	}
	if (n > 1)
		qsort(rows, n, sizeof(*rows), name_order);
	for (i = 0; i < n; i++)
		if ((rc = each(ctx, &rows[i])) < 0)
			break;
done:
	for (i = 0; i < n; i++)
		bo_user_clear(&rows[i]);
	free(rows);
	return rc;
}

const bo_user_dir_ops bo_mem_user_dir_ops = {
    .version = BO_USER_DIR_OPS_VERSION,
    .add = mem_add,
    .get = mem_get,
    .list = mem_list,
};
