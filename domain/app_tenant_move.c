/* tenant move: copy a tenant's whole store to another backend, verify the copy, then switch the registry. */
#include <stdlib.h>
#include <string.h>

#include "app_events.h"
#include "app_internal.h"
#include "app_projections.h"
#include "app_reports.h"
#include "app_tenants.h"
#include "calendar.h"
#include "reactors.h"
#include "text.h"

#define BATCH 1000

/* ---- the canonical log's checksum (FNV-1a, 64 bits) --------------------- */

#define FNV_START UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME UINT64_C(0x100000001b3)

static void fnv_bytes(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		*h ^= b[i];
		*h *= FNV_PRIME;
	}
}

/* A field: its length first, so "ab","c" and "a","bc" differ. */
static void fnv_str(uint64_t *h, const char *s)
{
	uint64_t n = s ? strlen(s) + 1 : 0;

	fnv_bytes(h, &n, sizeof(n));
	if (s)
		fnv_bytes(h, s, n - 1);
}

static void fnv_int(uint64_t *h, int64_t v)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)((uint64_t)v >> (8 * i));
	fnv_bytes(h, b, sizeof(b));
}

/*
 * Every event in position order, hashed as the codec writes it: envelope
 * (event id, stream, version, type, schema version, recorded at) and the
 * metadata and payload text the shared codec makes of it. The codec is the
 * same for every backend, so equal logs hash equal whatever each backend
 * keeps its text as (SQLite text, PostgreSQL jsonb). Positions are left
 * out: they are each store's own numbering.
 */
static int log_checksum(bo_app *app, uint64_t *out, int64_t *count, bo_err *err)
{
	const bo_event_codec *codec = &app->ports->events.codec;
	bo_event_list l = {0};
	int64_t after = 0;
	uint64_t h = FNV_START;
	int rc;

	*count = 0;
	for (;;) {
		if ((rc = bo_event_store_read_all(&app->ports->events, after,
						  BATCH, &l, err)) < 0 ||
		    l.n == 0)
			break;
		for (size_t i = 0; i < l.n && rc == 0; i++) {
			const bo_event *e = &l.items[i];
			char *meta = NULL, *payload = NULL;
			int sv = 0;

			rc = codec->ops->encode(codec->self, e, &meta, &payload,
						&sv, err);
			if (rc < 0)
				break;
			fnv_str(&h, e->event_id);
			fnv_str(&h, e->stream);
			fnv_int(&h, e->version);
			fnv_str(&h, e->type_name);
			fnv_int(&h, sv);
			fnv_int(&h, e->recorded_at);
			fnv_str(&h, meta);
			fnv_str(&h, payload);
			free(meta);
			free(payload);
			(*count)++;
		}
		if (rc < 0)
			break;
		after = l.items[l.n - 1].position;
		bo_event_list_clear(&l);
	}
	bo_event_list_clear(&l);
	*out = h;
	return rc;
}

/* ---- every report, as one number ----------------------------------------- */

static void fnv_figures(uint64_t *h, const bo_report_figures *f)
{
	const int64_t v[] = {f->day,
			     f->orders_placed,
			     f->orders_paid,
			     f->placed_value,
			     f->gross,
			     f->tax,
			     f->net,
			     f->refunds,
			     f->refund_tax,
			     f->net_after_refunds,
			     f->average_order_value,
			     f->payments,
			     f->payment_failures,
			     f->cancellations,
			     f->payment_failure_rate_bp};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		fnv_int(h, v[i]);
}

static void fnv_stats(uint64_t *h, const bo_report_stats *s)
{
	fnv_int(h, s->count);
	fnv_int(h, s->median);
	fnv_int(h, s->p95);
	fnv_int(h, s->max);
}

/* The log's first and last local days: the span every report is read for. */
static int log_days(bo_app *app, int64_t *first, int64_t *last, bo_err *err)
{
	bo_event_list l = {0};
	int64_t head;
	int rc;

	*first = *last = 0;
	if ((rc = bo_event_store_head(&app->ports->events, &head, err)) < 0 ||
	    head == 0)
		return rc;
	if ((rc = bo_event_store_read_all(&app->ports->events, 0, 1, &l, err)) <
	    0)
		return rc;
	if (l.n)
		*first = bo_local_day_of_ms(app->ports->zone,
					    l.items[0].recorded_at);
	bo_event_list_clear(&l);
	if ((rc = bo_event_store_read_all(&app->ports->events, head - 1, 1, &l,
					  err)) < 0)
		return rc;
	*last =
	    l.n ? bo_local_day_of_ms(app->ports->zone, l.items[0].recorded_at)
		: *first;
	bo_event_list_clear(&l);
	if (*last < *first)
		*last = *first;
	return 0;
}

/* summary, daily, products, funnel and shipping over [first, last],
 * hashed: equal on both sides or the move is refused. */
static int report_digest(bo_app *app, int64_t first, int64_t last,
			 uint64_t *out, bo_err *err)
{
	bo_report_figures sum, *days = NULL;
	bo_report_product *prods = NULL;
	bo_report_statuses funnel;
	bo_report_times ship;
	size_t ndays = 0, nprods = 0;
	uint64_t h = FNV_START;
	int rc;

	if ((rc = bo_report_summary(app, first, last, &sum, err)) < 0 ||
	    (rc = bo_report_daily(app, first, last, &days, &ndays, err)) < 0 ||
	    (rc = bo_report_products(app, first, last, NULL, 0, &prods, &nprods,
				     err)) < 0 ||
	    (rc = bo_report_funnel(app, first, last, &funnel, err)) < 0 ||
	    (rc = bo_report_shipping(app, first, last, &ship, err)) < 0)
		goto done;
	fnv_figures(&h, &sum);
	for (size_t i = 0; i < ndays; i++)
		fnv_figures(&h, &days[i]);
	for (size_t i = 0; i < nprods; i++) {
		fnv_int(&h, prods[i].day);
		fnv_str(&h, prods[i].sku);
		fnv_str(&h, prods[i].name);
		fnv_int(&h, prods[i].units);
		fnv_int(&h, prods[i].revenue);
		fnv_int(&h, prods[i].refunds);
	}
	fnv_int(&h, funnel.placed);
	fnv_int(&h, funnel.paid);
	fnv_int(&h, funnel.shipped);
	fnv_int(&h, funnel.delivered);
	fnv_int(&h, funnel.cancelled);
	fnv_int(&h, funnel.total);
	fnv_stats(&h, &ship.to_ship);
	fnv_stats(&h, &ship.to_deliver);
	*out = h;
done:
	free(days);
	bo_report_products_free(prods, nprods);
	return rc;
}

/* ---- copying ------------------------------------------------------------------ */

/* Hands the source's events to the target's import, one batch in memory. */
typedef struct reader {
	bo_app *src;
	bo_event_list batch;
	size_t next;
	int64_t after;
} reader;

static int next_event(void *ctx, bo_event *out, bo_err *err)
{
	reader *r = ctx;
	int rc;

	if (r->next == r->batch.n) {
		bo_event_list_clear(&r->batch);
		r->next = 0;
		if ((rc = bo_event_store_read_all(&r->src->ports->events,
						  r->after, BATCH, &r->batch,
						  err)) < 0)
			return rc;
		if (r->batch.n == 0)
			return 0;
		r->after = r->batch.items[r->batch.n - 1].position;
	}
	/* moved, not copied: the import clears it after use */
	*out = r->batch.items[r->next];
	memset(&r->batch.items[r->next], 0, sizeof(*out));
	r->next++;
	return 1;
}

typedef struct user_copy {
	bo_app *dst;
	int64_t n;
} user_copy;

static int copy_user(void *ctx, const bo_user *u)
{
	user_copy *c = ctx;
	bo_user there = {0};
	bo_err err = {0};
	int rc = bo_user_dir_get(&c->dst->ports->users, u->name, &there, &err);

	bo_user_clear(&there);
	if (rc == 0) /* the mover, made its first admin there */
		return 0;
	if (rc != BO_ENOTFOUND)
		return rc;
	if ((rc = bo_user_dir_add(&c->dst->ports->users, u, &err)) == 0)
		c->n++;
	return rc;
}

static int copy_alert(void *ctx, const bo_alert *a)
{
	bo_app *dst = ctx;
	bo_err err = {0};

	return bo_reactor_store_alert_add(&dst->ports->reactors, a, &err);
}

static int copy_bulk(void *ctx, const bo_bulk_record *r)
{
	bo_app *dst = ctx;
	bo_err err = {0};

	return bo_product_repo_bulk_put(&dst->ports->products, r, &err);
}

/* Users, the settings that are not the store's identity, the alerts (a
 * reactor's effects: never remade from the log) and the records of the
 * bulk product actions (so they can still be listed and undone), in one
 * transaction. */
static int copy_state(bo_app *src, bo_app *dst, int64_t *users, bo_err *err)
{
	user_copy uc = {dst, 0};
	char *threshold = NULL;
	int rc;

	rc = bo_store_setting_get(&src->ports->store, BO_SETTING_LOW_STOCK,
				  &threshold, err);
	if (rc == BO_ENOTFOUND) {
		bo_err_clear(err);
		rc = 0;
	}
	if (rc < 0)
		return rc;
	if ((rc = bo_store_begin(&dst->ports->store, err)) < 0)
		goto done;
	if ((threshold && (rc = bo_store_setting_set(&dst->ports->store,
						     BO_SETTING_LOW_STOCK,
						     threshold, err)) < 0) ||
	    (rc = bo_user_dir_list(&src->ports->users, copy_user, &uc, err)) <
		0 ||
	    (rc = bo_reactor_store_alert_list(&src->ports->reactors, copy_alert,
					      dst, err)) < 0 ||
	    (rc = bo_product_repo_bulk_list(&src->ports->products, 0,
					    copy_bulk, dst, err)) < 0 ||
	    (rc = bo_store_commit(&dst->ports->store, err)) < 0) {
		bo_store_rollback(&dst->ports->store);
		if (err->code == 0)
			bo_err_set(err, rc, "copying the users and alerts");
		goto done;
	}
	*users = uc.n;
done:
	free(threshold);
	return rc;
}

/* ---- verification ------------------------------------------------------------ */

static int count_diff(void *ctx, const bo_row *row, bo_row_side side)
{
	(void)ctx;
	(void)row;
	(void)side;
	return 0;
}

static int verify(bo_app *src, bo_app *dst, int64_t src_head,
		  bo_tenant_move_report *rep, bo_err *err)
{
	uint64_t hs, hd, rs, rd;
	int64_t ns, nd, first, last, ndiff = 0, head_now;
	int rc;

	if ((rc = log_checksum(src, &hs, &ns, err)) < 0 ||
	    (rc = log_checksum(dst, &hd, &nd, err)) < 0)
		return rc;
	if (ns != nd)
		return bo_err_set(err, BO_ESTORAGE,
				  "the copy holds %lld events, the source "
				  "%lld; nothing was switched",
				  (long long)nd, (long long)ns);
	if (hs != hd)
		return bo_err_set(err, BO_ESTORAGE,
				  "the copy's log checksum differs from the "
				  "source's; nothing was switched");
	rep->events = ns;
	rep->checksum = hs;
	if ((rc = bo_app_projections_verify(dst, NULL, NULL, NULL, count_diff,
					    NULL, &ndiff, err)) < 0)
		return rc;
	if (ndiff)
		return bo_err_set(err, BO_ESTORAGE,
				  "projections verify on the copy found %lld "
				  "differing rows; nothing was switched",
				  (long long)ndiff);
	if ((rc = log_days(src, &first, &last, err)) < 0 ||
	    (rc = report_digest(src, first, last, &rs, err)) < 0 ||
	    (rc = report_digest(dst, first, last, &rd, err)) < 0)
		return rc;
	if (rs != rd)
		return bo_err_set(err, BO_ESTORAGE,
				  "the copy's reports differ from the "
				  "source's; nothing was switched");
	/* the last look: nobody wrote to the source while it was copied */
	if ((rc = bo_event_store_head(&src->ports->events, &head_now, err)) < 0)
		return rc;
	if (head_now != src_head)
		return bo_err_set(err, BO_ECONFLICT,
				  "tenant %s was written to during the move; "
				  "nothing was switched: move it again when "
				  "its staff have stopped",
				  src->tenant);
	return 0;
}

/* ---- the service ----------------------------------------------------------------- */

int bo_app_tenant_move(bo_app *app, const bo_tenant_site *site,
		       const char *name, const char *url,
		       bo_tenant_move_report *rep, bo_err *err)
{
	bo_tenant t = {0}, moved = {0};
	bo_user mover = {0};
	bo_ports src = {0}, dst = {0};
	bo_app sa = {0}, da = {0};
	bool src_open = false, dst_open = false, sa_open = false,
	     da_open = false;
	int64_t src_head = 0;
	reader r = {0};
	bo_import_report irep = {0};
	int rc;

	memset(rep, 0, sizeof(*rep));
	if ((rc = bo_app_require(app, BO_CAP_TENANT_ADMIN, err)) < 0)
		return rc;
	if (!site->ops->locate || !site->ops->open || !site->ops->discard)
		return bo_err_set(err, BO_ESTORAGE,
				  "this build has no way to move tenants");
	if (strcmp(name, app->tenant) == 0)
		return bo_err_set(err, BO_EINVAL,
				  "tenant %s is the installation's own: its "
				  "store holds the registry; move its tenants, "
				  "or copy it with events export and import",
				  name);
	if ((rc = bo_tenant_dir_get(&app->ports->tenants, name, &t, err)) < 0)
		return rc;
	if ((rc = bo_tenant_copy(&moved, &t, err)) < 0)
		goto done;
	free(moved.backend);
	free(moved.location);
	moved.backend = moved.location = NULL;
	if ((rc = site->ops->locate(site->self, &t, url, &moved, err)) < 0)
		goto done;
	if (strcmp(moved.backend, t.backend) == 0 &&
	    strcmp(moved.location, t.location) == 0) {
		rc = bo_err_set(err, BO_EINVAL,
				"tenant %s already lives there (--to)", name);
		goto done;
	}
	/* the source: its own admin is who may carry it off */
	if ((rc = site->ops->open(site->self, &t, &src, err)) < 0)
		goto done;
	src_open = true;
	if ((rc = bo_app_open(&sa, &src, &app->clock, &app->ids, app->user,
			      err)) < 0)
		goto done;
	sa_open = true;
	if ((rc = bo_app_require(&sa, BO_CAP_TENANT_ADMIN, err)) < 0)
		goto done;
	if ((rc = bo_event_store_head(&src.events, &src_head, err)) < 0 ||
	    (rc = bo_user_dir_get(&src.users, sa.user, &mover, err)) < 0)
		goto done;
	/* the target: a leftover of an earlier move that never switched is
	 * no tenant's store; it is made anew */
	if ((rc = site->ops->discard(site->self, &moved, err)) < 0 ||
	    (rc = site->ops->provision(site->self, &moved, app->user,
				       mover.created_at, err)) < 0 ||
	    (rc = site->ops->open(site->self, &moved, &dst, err)) < 0)
		goto done;
	dst_open = true;
	if ((rc = bo_app_open(&da, &dst, &app->clock, &app->ids, app->user,
			      err)) < 0)
		goto done;
	da_open = true;
	if ((rc = copy_state(&sa, &da, &rep->users, err)) < 0)
		goto done;
	r.src = &sa;
	if ((rc = bo_app_events_import_stream(&da, next_event, &r, &irep,
					      err)) < 0)
		goto done;
	if ((rc = bo_app_projections_run(&da, NULL, NULL, NULL, err)) < 0 ||
	    (rc = verify(&sa, &da, src_head, rep, err)) < 0)
		goto done;
	/* verified: the registry points at the copy */
	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		goto done;
	if ((rc = bo_tenant_dir_relocate(&app->ports->tenants, name,
					 moved.backend, moved.location, err)) <
		0 ||
	    (rc = bo_store_commit(&app->ports->store, err)) < 0) {
		bo_store_rollback(&app->ports->store);
		goto done;
	}
	rep->backend = moved.backend;
	rep->location = moved.location;
	moved.backend = moved.location = NULL;
	rep->from_backend = t.backend;
	rep->from_location = t.location;
	t.backend = t.location = NULL;
done:
	bo_event_list_clear(&r.batch);
	if (da_open)
		bo_app_close(&da);
	if (sa_open)
		bo_app_close(&sa);
	if (dst_open)
		bo_ports_close(&dst);
	if (src_open)
		bo_ports_close(&src);
	bo_tenant_clear(&t);
	bo_tenant_clear(&moved);
	bo_user_clear(&mover);
	return rc;
}

void bo_tenant_move_report_clear(bo_tenant_move_report *r)
{
	if (!r)
		return;
	free(r->backend);
	free(r->location);
	free(r->from_backend);
	free(r->from_location);
	memset(r, 0, sizeof(*r));
}
