/* The in-memory tenant registry, listed in name order. */
#include <stdlib.h>
#include <string.h>

#include "adapters/memory/memory_internal.h"

/* The registered tenant whose key is name's, or NULL. */
static bo_tenant *by_key(bo_mem_state *s, const char *name)
{
	char want[BO_TENANT_NAME_MAX + 1], have[BO_TENANT_NAME_MAX + 1];

	bo_tenant_key(name, want);
	for (size_t i = 0; i < s->ntenants; i++) {
		bo_tenant_key(s->tenants[i].name, have);
		if (strcmp(want, have) == 0)
			return &s->tenants[i];
	}
	return NULL;
}

static int mem_add(void *self, const bo_tenant *t, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	bo_tenant *there;
	int rc;

	if ((rc = bo_mem_need_tx(m, "register a tenant", err)))
		return rc;
	if ((there = by_key(s, t->name)))
		return strcmp(there->name, t->name) == 0
			   ? bo_err_set(err, BO_ECONFLICT,
					"tenant %s already exists", t->name)
			   : bo_err_set(err, BO_ECONFLICT,
					"tenant name %s collides with tenant "
					"%s (- and _ count as one)",
					t->name, there->name);
	if (bo_mem_grow(&s->tenants, s->ntenants, sizeof(bo_tenant)) ||
	    bo_mem_tenant_copy(&s->tenants[s->ntenants], t))
		return bo_mem_nomem(err);
	s->ntenants++;
	return BO_OK;
}

static int mem_get(void *self, const char *name, bo_tenant *out, bo_err *err)
{
	bo_memory *m = self;
	bo_tenant *t = by_key(&m->cur, name);

	memset(out, 0, sizeof(*out));
	if (!t || strcmp(t->name, name) != 0)
		return bo_err_set(err, BO_ENOTFOUND, "tenant %s does not exist",
				  name);
	return bo_tenant_copy(out, t, err);
}

static int mem_relocate(void *self, const char *name, const char *backend,
			const char *location, bo_err *err)
{
	bo_memory *m = self;
	bo_tenant *t = by_key(&m->cur, name);
	char *b, *l;
	int rc;

	if ((rc = bo_mem_need_tx(m, "move a tenant", err)))
		return rc;
	if (!t || strcmp(t->name, name) != 0)
		return bo_err_set(err, BO_ENOTFOUND, "tenant %s does not exist",
				  name);
	b = strdup(backend);
	l = strdup(location);
	if (!b || !l) {
		free(b);
		free(l);
		return bo_mem_nomem(err);
	}
	free(t->backend);
	free(t->location);
	t->backend = b;
	t->location = l;
	return BO_OK;
}

static int name_order(const void *a, const void *b)
{
	const bo_tenant *x = a, *y = b;

	return strcmp(x->name, y->name);
}

typedef struct visit_ctx {
	bo_tenant_each_fn each;
	void *ctx;
} visit_ctx;

static int copy_row(void *dst, const void *src)
{
	return bo_mem_tenant_copy(dst, src);
}

static void clear_row(void *row)
{
	bo_tenant_clear(row);
}

static int visit_row(void *ctx, const void *row)
{
	const visit_ctx *v = ctx;

	return v->each(v->ctx, row);
}

static int mem_list(void *self, bo_tenant_each_fn each, void *ctx, bo_err *err)
{
	bo_memory *m = self;
	visit_ctx v = {each, ctx};

	return bo_mem_walk_sorted(m->cur.tenants, m->cur.ntenants,
				  sizeof(bo_tenant), copy_row, clear_row,
				  name_order, visit_row, &v, err);
}

const bo_tenant_dir_ops bo_mem_tenant_dir_ops = {
    .version = BO_TENANT_DIR_OPS_VERSION,
    .add = mem_add,
    .get = mem_get,
    .list = mem_list,
    .relocate = mem_relocate,
};
