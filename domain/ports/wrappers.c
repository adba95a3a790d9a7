/* The one door to every port: assertions, then the adapter's function. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fault.h"
#include "ports.h"
#include "walk.h"

/* Trampolines: the stop rule for every walk (walk.h). */
static int walk_product(void *ctx, const bo_product *p)
{
	const bo_walk *w = ctx;

	return bo_walk_rc(((bo_product_each_fn)w->fn)(w->ctx, p));
}

static int walk_order_row(void *ctx, const bo_order_row *r)
{
	const bo_walk *w = ctx;

	return bo_walk_rc(((bo_order_row_each_fn)w->fn)(w->ctx, r));
}

static int walk_timeline(void *ctx, const bo_timeline_row *r)
{
	const bo_walk *w = ctx;

	return bo_walk_rc(((bo_timeline_each_fn)w->fn)(w->ctx, r));
}

static int walk_product_id(void *ctx, int64_t product_id)
{
	const bo_walk *w = ctx;

	return bo_walk_rc(((bo_product_id_each_fn)w->fn)(w->ctx, product_id));
}

static int walk_diff(void *ctx, const bo_row *row, bo_row_side side)
{
	const bo_walk *w = ctx;

	return bo_walk_rc(((bo_diff_fn)w->fn)(w->ctx, row, side));
}

static int walk_user(void *ctx, const bo_user *u)
{
	const bo_walk *w = ctx;

	return bo_walk_rc(((bo_user_each_fn)w->fn)(w->ctx, u));
}

static int walk_tenant(void *ctx, const bo_tenant *t)
{
	const bo_walk *w = ctx;

	return bo_walk_rc(((bo_tenant_each_fn)w->fn)(w->ctx, t));
}

/* ---- store --------------------------------------------------------------- */

static int64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int bo_store_begin(const bo_store *s, bo_err *err)
{
	bo_store_tally *t = s ? s->tally : NULL;
	int64_t asked = t && t->depth == 0 ? mono_us() : 0;
	int rc;

	BO_FAULT_POINT(err);
	assert(s && s->ops && s->ops->begin);
	rc = s->ops->begin(s->self, err);
	if (t && t->depth == 0) {
		/* a wait that ended busy counts too: it is what the caller sat
		 * through before trying again */
		int64_t now = mono_us();

		if (now - asked > t->wait_us_max)
			t->wait_us_max = now - asked;
		if (rc == BO_OK)
			t->held_since_us = now;
	}
	if (rc == BO_OK && t)
		t->depth++;
	return rc;
}

/* An outermost level closed: how long it held the lock. */
static void tally_close(bo_store_tally *t)
{
	int64_t held = mono_us() - t->held_since_us;

	if (held > t->hold_us_max)
		t->hold_us_max = held;
}

int bo_store_commit(const bo_store *s, bo_err *err)
{
	int rc;

	assert(s && s->ops && s->ops->commit);
	if (bo_fault_armed && (rc = bo_fault_check(__func__, err)) < 0) {
		/* as a real failed commit: the level is rolled back */
		s->ops->rollback(s->self);
	} else {
		rc = s->ops->commit(s->self, err);
	}
	/* a failed commit rolls its level back: it is closed either way */
	if (s->tally && s->tally->depth > 0 && --s->tally->depth == 0) {
		tally_close(s->tally);
		if (rc == BO_OK)
			s->tally->commits++;
	}
	return rc;
}

void bo_store_rollback(const bo_store *s)
{
	assert(s && s->ops && s->ops->rollback);
	s->ops->rollback(s->self);
	if (s->tally && s->tally->depth > 0 && --s->tally->depth == 0)
		tally_close(s->tally);
}

int bo_store_setting_get(const bo_store *s, const char *key, char **out,
			 bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(s && s->ops && s->ops->setting_get);
	assert(key && out);
	return s->ops->setting_get(s->self, key, out, err);
}

int bo_store_setting_set(const bo_store *s, const char *key, const char *value,
			 bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(s && s->ops && s->ops->setting_set);
	assert(key && value);
	return s->ops->setting_set(s->self, key, value, err);
}

int bo_store_sequence_next(const bo_store *s, const char *name, int64_t *out,
			   bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(s && s->ops && s->ops->sequence_next);
	assert(name && out);
	return s->ops->sequence_next(s->self, name, out, err);
}

int bo_store_sequence_raise(const bo_store *s, const char *name, int64_t floor,
			    bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(s && s->ops && s->ops->sequence_raise);
	assert(name);
	return s->ops->sequence_raise(s->self, name, floor, err);
}

void bo_store_flat_levels(const bo_store *s, int on)
{
	assert(s && s->ops);
	if (s->ops->flat_levels)
		s->ops->flat_levels(s->self, on);
}

int bo_store_data_version(const bo_store *s, int64_t *out, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(s && s->ops && out);
	*out = 0;
	if (!s->ops->data_version)
		return BO_OK; /* the fallback: a number that never moves */
	return s->ops->data_version(s->self, out, err);
}

int bo_store_wait_fd(const bo_store *s)
{
	assert(s && s->ops);
	return s->ops->wait_fd ? s->ops->wait_fd(s->self) : -1;
}

int bo_store_reconnect(const bo_store *s, int attempts, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(s && s->ops);
	if (!s->ops->reconnect)
		return 0;
	return s->ops->reconnect(s->self, attempts < 1 ? 1 : attempts, err);
}

int bo_store_command_get(const bo_store *s, const char *command_id,
			 bo_command_record *out, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(s && s->ops && s->ops->command_get);
	assert(command_id && out);
	memset(out, 0, sizeof(*out));
	return s->ops->command_get(s->self, command_id, out, err);
}

int bo_store_command_put(const bo_store *s, const bo_command_record *r,
			 bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(s && s->ops && s->ops->command_put);
	assert(r);
	return s->ops->command_put(s->self, r, err);
}

void bo_command_record_clear(bo_command_record *r)
{
	if (!r)
		return;
	free(r->command_id);
	free(r->fingerprint);
	free(r->result);
	memset(r, 0, sizeof(*r));
}

/* ---- product repository -------------------------------------------------- */

int bo_product_repo_insert(const bo_product_repo *r, bo_product *p, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->insert);
	assert(p);
	return r->ops->insert(r->self, p, err);
}

int bo_product_repo_update(const bo_product_repo *r, bo_product *p,
			   int64_t expected_row_version, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->update);
	assert(p);
	return r->ops->update(r->self, p, expected_row_version, err);
}

int bo_product_repo_remove(const bo_product_repo *r, int64_t id,
			   int64_t expected_row_version, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->remove);
	return r->ops->remove(r->self, id, expected_row_version, err);
}

int bo_product_repo_get_by_sku(const bo_product_repo *r, const char *sku,
			       bo_product *out, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->get_by_sku);
	assert(sku && out);
	return r->ops->get_by_sku(r->self, sku, out, err);
}

int bo_product_repo_get_by_id(const bo_product_repo *r, int64_t id,
			      bo_product *out, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->get_by_id);
	assert(out);
	return r->ops->get_by_id(r->self, id, out, err);
}

int bo_product_repo_list(const bo_product_repo *r, const bo_product_query *q,
			 bo_product_each_fn each, void *ctx, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->list);
	assert(each);
	bo_walk w = BO_WALK(each, ctx);

	return r->ops->list(r->self, q, walk_product, &w, err);
}

/* ---- read models --------------------------------------------------------- */

int bo_rm_order_get(const bo_read_models *rm, int64_t id, bo_order_row *out,
		    bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->order_get);
	assert(out);
	return rm->ops->order_get(rm->self, id, out, err);
}

int bo_rm_order_put(const bo_read_models *rm, const bo_order_row *r,
		    bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->order_put);
	assert(r);
	return rm->ops->order_put(rm->self, r, err);
}

int bo_rm_order_list(const bo_read_models *rm, const bo_order_query *q,
		     bo_order_row_each_fn each, void *ctx, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->order_list);
	assert(each);
	bo_walk w = BO_WALK(each, ctx);

	return rm->ops->order_list(rm->self, q, walk_order_row, &w, err);
}

int bo_rm_key_add(const bo_read_models *rm, int64_t order_id, const char *kind,
		  const char *key, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->key_add);
	assert(kind && key);
	return rm->ops->key_add(rm->self, order_id, kind, key, err);
}

int bo_rm_order_find(const bo_read_models *rm, const bo_order_find *q,
		     bo_order_row_each_fn each, void *ctx, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->order_find);
	assert(q && q->text && each);
	bo_walk w = BO_WALK(each, ctx);

	return rm->ops->order_find(rm->self, q, walk_order_row, &w, err);
}

int bo_rm_timeline_add(const bo_read_models *rm, const bo_timeline_row *r,
		       bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->timeline_add);
	assert(r);
	return rm->ops->timeline_add(rm->self, r, err);
}

int bo_rm_timeline_list(const bo_read_models *rm, int64_t order_id,
			bo_timeline_each_fn each, void *ctx, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->timeline_list);
	assert(each);
	bo_walk w = BO_WALK(each, ctx);

	return rm->ops->timeline_list(rm->self, order_id, walk_timeline, &w,
				      err);
}

int bo_rm_catalog_put(const bo_read_models *rm, const bo_product *p,
		      bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->catalog_put);
	assert(p);
	return rm->ops->catalog_put(rm->self, p, err);
}

int bo_rm_catalog_remove(const bo_read_models *rm, int64_t product_id,
			 bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->catalog_remove);
	return rm->ops->catalog_remove(rm->self, product_id, err);
}

int bo_rm_catalog_get_by_sku(const bo_read_models *rm, const char *sku,
			     bo_product *out, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->catalog_get_by_sku);
	assert(sku && out);
	return rm->ops->catalog_get_by_sku(rm->self, sku, out, err);
}

int bo_rm_product_sku_add(const bo_read_models *rm, const char *sku,
			  int64_t product_id, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->product_sku_add);
	assert(sku && product_id > 0);
	return rm->ops->product_sku_add(rm->self, sku, product_id, err);
}

int bo_rm_product_ids_by_sku(const bo_read_models *rm, const char *sku,
			     bo_product_id_each_fn each, void *ctx, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->product_ids_by_sku);
	assert(sku && each);
	bo_walk w = BO_WALK(each, ctx);

	return rm->ops->product_ids_by_sku(rm->self, sku, walk_product_id, &w,
					   err);
}

int bo_rm_reset(const bo_read_models *rm, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->reset);
	return rm->ops->reset(rm->self, err);
}

int bo_rm_checkpoint_get(const bo_read_models *rm, const char *projector,
			 int64_t *out, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->checkpoint_get);
	assert(projector && out);
	return rm->ops->checkpoint_get(rm->self, projector, out, err);
}

int bo_rm_checkpoint_set(const bo_read_models *rm, const char *projector,
			 int64_t position, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->checkpoint_set);
	assert(projector);
	return rm->ops->checkpoint_set(rm->self, projector, position, err);
}

int bo_rm_projector_get(const bo_read_models *rm, const char *name,
			int *version, int64_t *checkpoint, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->projector_get);
	assert(name && version && checkpoint);
	return rm->ops->projector_get(rm->self, name, version, checkpoint, err);
}

int bo_rm_projector_set(const bo_read_models *rm, const char *name, int version,
			int64_t checkpoint, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->projector_set);
	assert(name);
	return rm->ops->projector_set(rm->self, name, version, checkpoint, err);
}

int bo_rm_projector_advance(const bo_read_models *rm, const char *name,
			    int64_t checkpoint, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->projector_advance);
	assert(name);
	return rm->ops->projector_advance(rm->self, name, checkpoint, err);
}

int bo_rm_snapshot(const bo_read_models *rm, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->snapshot);
	return rm->ops->snapshot(rm->self, err);
}

int bo_rm_diff(const bo_read_models *rm, bo_diff_fn each, void *ctx,
	       bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops && rm->ops->diff);
	assert(each);
	bo_walk w = BO_WALK(each, ctx);

	return rm->ops->diff(rm->self, walk_diff, &w, err);
}

int bo_rm_bulk(const bo_read_models *rm, int on, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops);
	return rm->ops->bulk ? rm->ops->bulk(rm->self, on, err) : BO_OK;
}

int bo_rm_shadow_supported(const bo_read_models *rm)
{
	assert(rm && rm->ops);
	return rm->ops->shadow != NULL;
}

int bo_rm_order_count(const bo_read_models *rm, const bo_order_query *q,
		      int64_t *out, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops);
	if (!rm->ops->order_count)
		return bo_err_set(err, BO_EINVAL,
				  "this backend does not count orders");
	return rm->ops->order_count(rm->self, q, out, err);
}

int bo_rm_shadow(const bo_read_models *rm, int op, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(rm && rm->ops);
	if (!rm->ops->shadow)
		return bo_err_set(err, BO_EINVAL,
				  "this backend cannot rebuild the order "
				  "list beside the live one");
	return rm->ops->shadow(rm->self, op, err);
}

/* ---- user directory ------------------------------------------------------ */

int bo_user_dir_add(const bo_user_dir *d, const bo_user *u, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(d && d->ops && d->ops->add);
	assert(u);
	return d->ops->add(d->self, u, err);
}

int bo_user_dir_get(const bo_user_dir *d, const char *name, bo_user *out,
		    bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(d && d->ops && d->ops->get);
	assert(name && out);
	return d->ops->get(d->self, name, out, err);
}

int bo_user_dir_list(const bo_user_dir *d, bo_user_each_fn each, void *ctx,
		     bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(d && d->ops && d->ops->list);
	assert(each);
	bo_walk w = BO_WALK(each, ctx);

	return d->ops->list(d->self, walk_user, &w, err);
}

int bo_user_dir_set_role(const bo_user_dir *d, const char *name, bo_role role,
			 bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(d && d->ops && d->ops->set_role);
	assert(name);
	return d->ops->set_role(d->self, name, role, err);
}

int bo_user_dir_set_disabled(const bo_user_dir *d, const char *name,
			     bool disabled, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(d && d->ops && d->ops->set_disabled);
	assert(name);
	return d->ops->set_disabled(d->self, name, disabled, err);
}

/* ---- tenant registry ----------------------------------------------------- */

int bo_tenant_dir_add(const bo_tenant_dir *d, const bo_tenant *t, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(d && d->ops && d->ops->add);
	assert(t && t->name);
	return d->ops->add(d->self, t, err);
}

int bo_tenant_dir_get(const bo_tenant_dir *d, const char *name, bo_tenant *out,
		      bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(d && d->ops && d->ops->get);
	assert(name && out);
	return d->ops->get(d->self, name, out, err);
}

int bo_tenant_dir_list(const bo_tenant_dir *d, bo_tenant_each_fn each,
		       void *ctx, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(d && d->ops && d->ops->list);
	assert(each);
	bo_walk w = BO_WALK(each, ctx);

	return d->ops->list(d->self, walk_tenant, &w, err);
}

int bo_tenant_dir_relocate(const bo_tenant_dir *d, const char *name,
			   const char *backend, const char *location,
			   bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(d && d->ops && d->ops->relocate);
	assert(name && backend && location);
	return d->ops->relocate(d->self, name, backend, location, err);
}

/* ---- environment --------------------------------------------------------- */

int64_t bo_zone_offset(const bo_zone *z, int64_t ms)
{
	return z && z->offset_ms ? z->offset_ms(z->self, ms) : 0;
}

int64_t bo_clock_now(const bo_clock *c)
{
	assert(c && c->now_ms);
	return c->now_ms(c->self);
}

void bo_ids_uuid(const bo_ids *ids, char out[BO_UUID_LEN + 1])
{
	assert(ids && ids->uuid && out);
	ids->uuid(ids->self, out);
}

/* ---- all of them --------------------------------------------------------- */

/* ---- assembly ---------------------------------------------------------- */

/* The first NULL among n required op pointers, or -1. Function pointers
 * cannot go through void *, so each is tested as it is. */
#define MISSING(cond, name)                                                    \
	do {                                                                   \
		if (!(cond)) {                                                 \
			missing = name;                                        \
			goto done;                                             \
		}                                                              \
	} while (0)

static int check_version(const char *port, int have, int want,
			 const char *backend, bo_err *err)
{
	if (have == want)
		return 0;
	return bo_err_set(err, BO_ESTORAGE,
			  "the %s backend's %s port is version %d; this build "
			  "knows only version %d",
			  backend, port, have, want);
}

int bo_ports_check(const bo_ports *p, bo_err *err)
{
	const char *backend = p && p->backend ? p->backend : "unnamed";
	const char *missing = NULL;
	int rc;

	if (!p || !p->store.ops || !p->events.ops || !p->products.ops ||
	    !p->rm.ops || !p->users.ops || !p->reports.ops ||
	    !p->reactors.ops || !p->tenants.ops)
		return bo_err_set(err, BO_ESTORAGE,
				  "the %s backend left a port out", backend);
	if ((rc = check_version("store", p->store.ops->version,
				BO_STORE_OPS_VERSION, backend, err)) < 0 ||
	    (rc = check_version("event store", p->events.ops->version,
				BO_EVENT_STORE_OPS_VERSION, backend, err)) <
		0 ||
	    (rc = check_version("product", p->products.ops->version,
				BO_PRODUCT_REPO_OPS_VERSION, backend, err)) <
		0 ||
	    (rc = check_version("read model", p->rm.ops->version,
				BO_READ_MODELS_OPS_VERSION, backend, err)) <
		0 ||
	    (rc = check_version("user", p->users.ops->version,
				BO_USER_DIR_OPS_VERSION, backend, err)) < 0 ||
	    (rc = check_version("report", p->reports.ops->version,
				BO_REPORT_STORE_OPS_VERSION, backend, err)) <
		0 ||
	    (rc = check_version("reactor", p->reactors.ops->version,
				BO_REACTOR_STORE_OPS_VERSION, backend, err)) <
		0 ||
	    (rc = check_version("tenant", p->tenants.ops->version,
				BO_TENANT_DIR_OPS_VERSION, backend, err)) < 0)
		return rc;
	{
		const bo_store_ops *o = p->store.ops;
		MISSING(o->begin && o->commit && o->rollback, "store.begin");
		MISSING(o->setting_get && o->setting_set, "store.setting");
		MISSING(o->sequence_next && o->sequence_raise,
			"store.sequence");
		MISSING(o->close && o->command_get && o->command_put,
			"store.command");
	}
	{
		const bo_event_store_ops *o = p->events.ops;
		MISSING(o->append && o->read_stream && o->read_all && o->head &&
			    o->stream_version && o->scan,
			"event store");
		if (!p->events.codec.ops)
			return bo_err_set(err, BO_ESTORAGE,
					  "the %s backend gave its event store "
					  "no codec",
					  backend);
		if ((rc = check_version(
			 "event codec", p->events.codec.ops->version,
			 BO_EVENT_CODEC_OPS_VERSION, backend, err)) < 0)
			return rc;
		MISSING(p->events.codec.ops->encode &&
			    p->events.codec.ops->decode,
			"event codec");
	}
	{
		const bo_product_repo_ops *o = p->products.ops;
		MISSING(o->insert && o->update && o->remove && o->get_by_sku &&
			    o->get_by_id && o->list,
			"product");
	}
	{
		const bo_read_models_ops *o = p->rm.ops;
		MISSING(o->order_get && o->order_put && o->order_list &&
			    o->timeline_add && o->timeline_list &&
			    o->catalog_put && o->catalog_remove &&
			    o->catalog_get_by_sku && o->key_add &&
			    o->order_find && o->product_sku_add &&
			    o->product_ids_by_sku,
			"read model rows");
		MISSING(o->reset && o->checkpoint_get && o->checkpoint_set &&
			    o->projector_get && o->projector_set &&
			    o->projector_advance && o->snapshot && o->diff,
			"read model upkeep");
	}
	{
		const bo_user_dir_ops *o = p->users.ops;
		MISSING(o->add && o->get && o->list && o->set_role &&
			    o->set_disabled,
			"user");
	}
	{
		const bo_report_store_ops *o = p->reports.ops;
		MISSING(o->order_get && o->order_put && o->lines_add &&
			    o->lines_get && o->day_add && o->product_add,
			"report rows");
		MISSING(o->days && o->products && o->funnel && o->durations &&
			    o->reset && o->snapshot && o->diff,
			"report queries");
	}
	{
		const bo_reactor_store_ops *o = p->reactors.ops;
		MISSING(o->checkpoint_get && o->checkpoint_set && o->handled &&
			    o->mark_handled && o->alert_add && o->alert_list &&
			    o->alert_ack,
			"reactor");
	}
	{
		const bo_tenant_dir_ops *o = p->tenants.ops;
		MISSING(o->add && o->get && o->list && o->relocate, "tenant");
	}
done:
	if (missing)
		return bo_err_set(err, BO_ESTORAGE,
				  "the %s backend lacks a required %s op",
				  backend, missing);
	return 0;
}

#undef MISSING

void bo_ports_close(bo_ports *p)
{
	assert(p);
	if (p->store.ops && p->store.ops->close)
		p->store.ops->close(p->store.self);
	memset(p, 0, sizeof(*p));
}
