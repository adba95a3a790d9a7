/* The reactor store port in memory: checkpoints, handled event ids and alerts, rolled back with the rest. */
#include <stdlib.h>
#include <string.h>

#include "adapters/memory/memory_internal.h"

struct bo_mem_reactors {
	bo_mem_num *checkpoints;
	size_t ncheckpoints;
	bo_mem_kv *handled; /* key: reactor name, value: event id */
	size_t nhandled;
	bo_alert *alerts; /* in the order they were added */
	size_t nalerts;
};

void bo_mem_reactors_free(struct bo_mem_reactors *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->ncheckpoints; i++)
		free(r->checkpoints[i].name);
	free(r->checkpoints);
	for (i = 0; i < r->nhandled; i++) {
		free(r->handled[i].key);
		free(r->handled[i].value);
	}
	free(r->handled);
	for (i = 0; i < r->nalerts; i++)
		bo_alert_clear(&r->alerts[i]);
	free(r->alerts);
	free(r);
}

static int alert_copy(bo_alert *dst, const bo_alert *src)
{
	*dst = *src;
	dst->event_id = dst->sku = dst->name = dst->acked_by = NULL;
	if (bo_mem_dup(&dst->event_id, src->event_id) ||
	    bo_mem_dup(&dst->sku, src->sku) ||
	    bo_mem_dup(&dst->name, src->name) ||
	    (src->acked_by && bo_mem_dup(&dst->acked_by, src->acked_by))) {
		bo_alert_clear(dst);
		return BO_ENOMEM;
	}
	return BO_OK;
}

/* Counts are raised as items complete, so a half-made copy frees cleanly. */
int bo_mem_reactors_copy(struct bo_mem_reactors **dst,
			 const struct bo_mem_reactors *src)
{
	struct bo_mem_reactors *r;
	size_t i;

	*dst = NULL;
	if (!src)
		return BO_OK;
	if (!(r = calloc(1, sizeof(*r))))
		return BO_ENOMEM;
	if (src->ncheckpoints &&
	    !(r->checkpoints = calloc(src->ncheckpoints, sizeof(bo_mem_num))))
		goto fail;
	for (i = 0; i < src->ncheckpoints; i++, r->ncheckpoints++) {
		r->checkpoints[i].value = src->checkpoints[i].value;
		if (bo_mem_dup(&r->checkpoints[i].name,
			       src->checkpoints[i].name))
			goto fail;
	}
	if (src->nhandled &&
	    !(r->handled = calloc(src->nhandled, sizeof(bo_mem_kv))))
		goto fail;
	for (i = 0; i < src->nhandled; i++, r->nhandled++)
		if (bo_mem_dup(&r->handled[i].key, src->handled[i].key) ||
		    bo_mem_dup(&r->handled[i].value, src->handled[i].value)) {
			r->nhandled++; /* frees what was copied of it */
			goto fail;
		}
	if (src->nalerts &&
	    !(r->alerts = calloc(src->nalerts, sizeof(bo_alert))))
		goto fail;
	for (i = 0; i < src->nalerts; i++, r->nalerts++)
		if (alert_copy(&r->alerts[i], &src->alerts[i]))
			goto fail;
	*dst = r;
	return BO_OK;
fail:
	bo_mem_reactors_free(r);
	return BO_ENOMEM;
}

/* The state to change, made on first use; NULL on ENOMEM. */
static struct bo_mem_reactors *state(bo_memory *m)
{
	if (!m->cur.reactors)
		m->cur.reactors = calloc(1, sizeof(*m->cur.reactors));
	return m->cur.reactors;
}

static bo_mem_num *find_checkpoint(const struct bo_mem_reactors *r,
				   const char *name)
{
	for (size_t i = 0; r && i < r->ncheckpoints; i++)
		if (strcmp(r->checkpoints[i].name, name) == 0)
			return &r->checkpoints[i];
	return NULL;
}

static int checkpoint_get(void *self, const char *name, int64_t *out,
			  bo_err *err)
{
	bo_memory *m = self;
	const bo_mem_num *c = find_checkpoint(m->cur.reactors, name);

	*out = 0;
	if (!c)
		return bo_err_set(err, BO_ENOTFOUND,
				  "reactor %s has no checkpoint yet", name);
	*out = c->value;
	return BO_OK;
}

static int checkpoint_set(void *self, const char *name, int64_t position,
			  bo_err *err)
{
	bo_memory *m = self;
	struct bo_mem_reactors *r;
	bo_mem_num *c;
	int rc;

	if ((rc = bo_mem_need_tx(m, "move a reactor's checkpoint", err)))
		return rc;
	if (!(r = state(m)))
		return bo_mem_nomem(err);
	if (!(c = find_checkpoint(r, name))) {
		if (bo_mem_grow(&r->checkpoints, r->ncheckpoints,
				sizeof(bo_mem_num)) ||
		    bo_mem_dup(&r->checkpoints[r->ncheckpoints].name, name))
			return bo_mem_nomem(err);
		c = &r->checkpoints[r->ncheckpoints++];
	}
	c->value = position;
	return BO_OK;
}

static bool is_handled(const struct bo_mem_reactors *r, const char *name,
		       const char *event_id)
{
	for (size_t i = 0; r && i < r->nhandled; i++)
		if (strcmp(r->handled[i].key, name) == 0 &&
		    strcmp(r->handled[i].value, event_id) == 0)
			return true;
	return false;
}

static int handled(void *self, const char *name, const char *event_id,
		   bool *out, bo_err *err)
{
	bo_memory *m = self;

	(void)err;
	*out = is_handled(m->cur.reactors, name, event_id);
	return BO_OK;
}

static int mark_handled(void *self, const char *name, const char *event_id,
			bo_err *err)
{
	bo_memory *m = self;
	struct bo_mem_reactors *r;
	bo_mem_kv *kv;
	int rc;

	if ((rc = bo_mem_need_tx(m, "record a handled event", err)))
		return rc;
	if (is_handled(m->cur.reactors, name, event_id))
		return bo_err_set(err, BO_ECONFLICT,
				  "reactor %s has already handled event %s",
				  name, event_id);
	if (!(r = state(m)) ||
	    bo_mem_grow(&r->handled, r->nhandled, sizeof(bo_mem_kv)))
		return bo_mem_nomem(err);
	kv = &r->handled[r->nhandled];
	if (bo_mem_dup(&kv->key, name) || bo_mem_dup(&kv->value, event_id)) {
		free(kv->key);
		kv->key = NULL;
		return bo_mem_nomem(err);
	}
	r->nhandled++;
	return BO_OK;
}

static int alert_add(void *self, const bo_alert *a, bo_err *err)
{
	bo_memory *m = self;
	struct bo_mem_reactors *r;
	int rc;

	if ((rc = bo_mem_need_tx(m, "add an alert", err)))
		return rc;
	for (size_t i = 0; m->cur.reactors && i < m->cur.reactors->nalerts;
	     i++) {
		const bo_alert *b = &m->cur.reactors->alerts[i];

		if (b->product_id == a->product_id &&
		    strcmp(b->event_id, a->event_id) == 0)
			return bo_err_set(err, BO_ECONFLICT,
					  "event %s already raised an alert "
					  "for product %s",
					  a->event_id, a->sku);
	}
	if (!(r = state(m)) ||
	    bo_mem_grow(&r->alerts, r->nalerts, sizeof(bo_alert)) ||
	    alert_copy(&r->alerts[r->nalerts], a))
		return bo_mem_nomem(err);
	/* never removed: the position is the id */
	r->alerts[r->nalerts].id = (int64_t)r->nalerts + 1;
	r->nalerts++;
	return BO_OK;
}

static int alert_list(void *self, bo_alert_each_fn each, void *ctx, bo_err *err)
{
	bo_memory *m = self;
	const struct bo_mem_reactors *r = m->cur.reactors;
	int rc;

	(void)err;
	for (size_t i = 0; r && i < r->nalerts; i++)
		if ((rc = each(ctx, &r->alerts[i])) < 0)
			return rc;
	return BO_OK;
}

static int alert_ack(void *self, int64_t id, const char *user, int64_t at,
		     bo_err *err)
{
	bo_memory *m = self;
	struct bo_mem_reactors *r;
	bo_alert *a;
	int rc;

	if ((rc = bo_mem_need_tx(m, "acknowledge an alert", err)))
		return rc;
	r = m->cur.reactors;
	if (!r || id < 1 || (uint64_t)id > r->nalerts)
		return bo_err_set(err, BO_ENOTFOUND,
				  "alert %lld does not exist", (long long)id);
	a = &r->alerts[id - 1];
	if (a->acked_by)
		return bo_err_set(err, BO_ECONFLICT,
				  "alert %lld was already acknowledged by %s",
				  (long long)id, a->acked_by);
	if (bo_mem_dup(&a->acked_by, user))
		return bo_mem_nomem(err);
	a->acked_at = at;
	return BO_OK;
}

const bo_reactor_store_ops bo_mem_reactor_store_ops = {
    .version = BO_REACTOR_STORE_OPS_VERSION,
    .checkpoint_get = checkpoint_get,
    .checkpoint_set = checkpoint_set,
    .handled = handled,
    .mark_handled = mark_handled,
    .alert_add = alert_add,
    .alert_list = alert_list,
    .alert_ack = alert_ack,
};
