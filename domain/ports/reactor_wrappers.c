/* The door to the reactor store port: assertions, then the adapter's function. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "reactor_store.h"
#include "walk.h"

/* Trampolines: the stop rule for every walk (walk.h). */
static int walk_alert(void *ctx, const bo_alert *a)
{
	const bo_walk *w = ctx;

	return bo_walk_rc(((bo_alert_each_fn)w->fn)(w->ctx, a));
}

void bo_alert_clear(bo_alert *a)
{
	if (!a)
		return;
	free(a->event_id);
	free(a->sku);
	free(a->name);
	free(a->acked_by);
	memset(a, 0, sizeof(*a));
}

static int dup_or_null(char **out, const char *s)
{
	*out = NULL;
	return s && !(*out = strdup(s)) ? BO_ENOMEM : BO_OK;
}

int bo_alert_copy(bo_alert *dst, const bo_alert *src)
{
	bo_alert tmp = *src;

	tmp.event_id = tmp.sku = tmp.name = tmp.acked_by = NULL;
	if (dup_or_null(&tmp.event_id, src->event_id) < 0 ||
	    dup_or_null(&tmp.sku, src->sku) < 0 ||
	    dup_or_null(&tmp.name, src->name) < 0 ||
	    dup_or_null(&tmp.acked_by, src->acked_by) < 0) {
		bo_alert_clear(&tmp);
		memset(dst, 0, sizeof(*dst));
		return BO_ENOMEM;
	}
	*dst = tmp;
	return BO_OK;
}

int bo_reactor_store_checkpoint_get(const bo_reactor_store *r, const char *name,
				    int64_t *out, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->checkpoint_get);
	assert(name && out);
	return r->ops->checkpoint_get(r->self, name, out, err);
}

int bo_reactor_store_checkpoint_set(const bo_reactor_store *r, const char *name,
				    int64_t position, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->checkpoint_set);
	assert(name && position >= 0);
	return r->ops->checkpoint_set(r->self, name, position, err);
}

int bo_reactor_store_handled(const bo_reactor_store *r, const char *name,
			     const char *event_id, bool *out, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->handled);
	assert(name && event_id && out);
	return r->ops->handled(r->self, name, event_id, out, err);
}

int bo_reactor_store_mark_handled(const bo_reactor_store *r, const char *name,
				  const char *event_id, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->mark_handled);
	assert(name && event_id);
	return r->ops->mark_handled(r->self, name, event_id, err);
}

int bo_reactor_store_alert_add(const bo_reactor_store *r, const bo_alert *a,
			       bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->alert_add);
	assert(a);
	if (!a->event_id || !a->sku || !a->name)
		return bo_err_set(err, BO_EINVAL,
				  "an alert needs its event id, SKU and name");
	return r->ops->alert_add(r->self, a, err);
}

int bo_reactor_store_alert_list(const bo_reactor_store *r,
				bo_alert_each_fn each, void *ctx, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->alert_list);
	assert(each);
	bo_walk w = BO_WALK(each, ctx);

	return r->ops->alert_list(r->self, walk_alert, &w, err);
}

int bo_reactor_store_alert_ack(const bo_reactor_store *r, int64_t id,
			       const char *user, int64_t at, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->alert_ack);
	assert(user);
	return r->ops->alert_ack(r->self, id, user, at, err);
}
